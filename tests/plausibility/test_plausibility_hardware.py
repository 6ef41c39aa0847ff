"""Hardware recognition, one expectation a line: (text, [(family id, count, count written, chips, watts)])."""

from __future__ import annotations

import pytest

from hfcarbon_lint.hardware.devices import families, hardware_table, normalise, read_hardware

CASES: list[tuple[str, list[tuple[str, int | None, bool, int, float | None]]]] = [
    ("NVIDIA A100-SXM4-40GB", [("nvidia-a100", 1, False, 1, 400)]),
    ("NVIDIA A100-SXM4-80GB", [("nvidia-a100", 1, False, 1, 400)]),
    ("8xA100 GPUs", [("nvidia-a100", 8, True, 1, 250)]),
    ("8 x A100", [("nvidia-a100", 8, True, 1, 250)]),
    ("A100 x 8", [("nvidia-a100", 8, True, 1, 250)]),
    ("4 H100s", [("nvidia-h100", 4, True, 1, 300)]),
    ("1 x NVIDIA H100 SXM5", [("nvidia-h100", 1, True, 1, 700)]),
    ("1 x NVIDIA GeForce RTX 3090", [("nvidia-rtx-3090", 1, True, 1, 350)]),
    ("RTX 3090 Ti", [("nvidia-rtx-3090", 1, False, 1, 450)]),
    ("1 v100 GPU", [("nvidia-v100", 1, True, 1, 250)]),
    ("how much compute and what kind, e.g. 8 v100 GPUs", [("nvidia-v100", 8, True, 1, 250)]),
    ("384 A100 80GB GPUs (48 nodes):", [("nvidia-a100", 384, True, 1, 300)]),
    ("Tesla P100-PCIE-16GB", [("nvidia-p100", 1, False, 1, 250)]),
    ("P100 for about 1.5 hours", [("nvidia-p100", 1, False, 1, 250)]),
    ("NVIDIA A40", [("nvidia-a40", 1, False, 1, 300)]),
    ("NVIDIA T4", [("nvidia-t4", 1, False, 1, 70)]),
    ("Colab T4 free tier", [("nvidia-t4", 1, False, 1, 70)]),
    ("TPUv3-8 for about 180 hours or 7.5 days", [("google-tpu-v3", 1, False, 4, 880)]),
    ("1 TPU v3-8 VM", [("google-tpu-v3", 1, True, 4, 880)]),
    ("v3-8 TPU", [("google-tpu-v3", 1, False, 4, 880)]),
    ("Google Cloud TPU v4-16", [("google-tpu-v4", 1, False, 8, 1360)]),
    ("TPU v5e-8", [("google-tpu-v5e", 1, False, 8, None)]),
    ("Apple M-series (MLX, unified memory)", [("apple-m", 1, False, 1, 39)]),
    ("MacBook Pro M2", [("apple-m", 1, False, 1, 50)]),
    ("Nvidia 3090 GPUs with CUDA 11", [("nvidia-rtx-3090", None, False, 1, 350)]),
    ("A100 GPUs", [("nvidia-a100", None, False, 1, 250)]),
    ("AMD Instinct MI250X", [("amd-mi250", 1, False, 1, 500)]),
    ("2 x A100, 1 x Intel Xeon Gold 6248", [("nvidia-a100", 2, True, 1, 250), ("intel-xeon", 1, True, 1, 150)]),
    ("AMD EPYC 7742", [("amd-epyc", 1, False, 1, 225)]),
    ("12 x 13th Gen Intel(R) Core(TM) i7-1355U (CPU)", [("intel-core", 1, False, 1, None)]),
    # 2024-2026 parts, each with its maker's figure; a variant written out is read as written.
    ("2 x L40S", [("nvidia-l40", 2, True, 1, 350)]),
    ("4 x NVIDIA L40s GPUs", [("nvidia-l40", 4, True, 1, 350)]),
    ("8 x L40", [("nvidia-l40", 8, True, 1, 300)]),
    ("L40 GPUs", [("nvidia-l40", None, False, 1, 300)]),
    ("8 x B200", [("nvidia-b200", 8, True, 1, 1000)]),
    ("NVIDIA HGX B200", [("nvidia-b200", 1, False, 1, 1000)]),
    ("8 x B100", [("nvidia-b100", 8, True, 1, 700)]),
    ("4 x GB200", [("nvidia-gb200", 4, True, 1, 2700)]),
    ("1 x GH200 Grace Hopper", [("nvidia-gh200", 1, True, 1, 1000)]),
    ("8 x H800", [("nvidia-h800", 8, True, 1, 350)]),
    ("8 x NVIDIA H800 SXM5 80GB", [("nvidia-h800", 8, True, 1, 700)]),
    ("8 x A800-SXM4-80GB", [("nvidia-a800", 8, True, 1, 400)]),
    ("A800 80GB PCIe", [("nvidia-a800", 1, False, 1, 300)]),
    ("8 x A800", [("nvidia-a800", 8, True, 1, 240)]),
    ("8 x NVIDIA H20", [("nvidia-h20", 8, True, 1, None)]),
    ("8 x Intel Gaudi 2", [("intel-gaudi", 8, True, 1, 600)]),
    ("8 x Gaudi2 HPUs", [("intel-gaudi", 8, True, 1, 600)]),
    ("8 x Gaudi 3", [("intel-gaudi", 8, True, 1, 900)]),
    ("Gaudi 3 PCIe", [("intel-gaudi", 1, False, 1, 600)]),
    ("HL-225H", [("intel-gaudi", 1, False, 1, 600)]),
    ("Habana Gaudi", [("intel-gaudi", 1, False, 1, 350)]),
    ("NVIDIA Jetson AGX Orin", [("nvidia-jetson", 1, False, 1, 60)]),
    ("Jetson Orin Nano", [("nvidia-jetson", 1, False, 1, 25)]),
    ("Jetson Nano", [("nvidia-jetson", 1, False, 1, 10)]),
    ("Jetson AGX Thor", [("nvidia-jetson", 1, False, 1, 130)]),
    ("RTX 4050", [("nvidia-rtx-4050-laptop", 1, False, 1, 115)]),
    ("1 x RTX 4060 Laptop", [("nvidia-rtx-4060-laptop", 1, True, 1, 115)]),
    ("NVIDIA GeForce RTX 4090 Laptop GPU", [("nvidia-rtx-4090-laptop", 1, False, 1, 150)]),
    ("RTX 4080 Mobile", [("nvidia-rtx-4080-laptop", 1, False, 1, 150)]),
    ("RTX 4060", [("nvidia-rtx-4060", 1, False, 1, 115)]),
    ("RTX 4060 Ti", [("nvidia-rtx-4060", 1, False, 1, 160)]),
    ("RTX 4070 Ti", [("nvidia-rtx-4070", 1, False, 1, 285)]),
    ("NVIDIA GPU", []),
    ("Google Colab", []),
    ("a server in the basement", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_recognition(text: str, expected: list[tuple[str, int | None, bool, int, float | None]]) -> None:
    devices = read_hardware(text).devices
    got = [(d.family.id, d.count, d.count_written, d.chips_per_unit, d.watts) for d in devices]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "hours", "per_device"),
    [
        ("TPUv3-8 for about 180 hours or 7.5 days", 180.0, False),
        ("P100 for about 1.5 hours", 1.5, False),
        ("A100, 1,000 GPU hours", 1000.0, True),
        ("8xA100 GPUs", None, False),
        ("384 A100 80GB GPUs (48 nodes):", None, False),
    ],
)
def test_duration_inside_hardware_text(text: str, hours: float | None, per_device: bool) -> None:
    duration = read_hardware(text).duration
    got = (duration.hours, duration.per_device) if duration is not None else (None, False)
    assert got == (hours, per_device)


def test_total_power_counts_written_units_and_chips() -> None:
    reading = read_hardware("2 x TPU v3-8")
    assert reading.power_watts(per_unit=False) == 2 * 4 * 220
    assert reading.power_watts(per_unit=True) == 4 * 220


def test_a_variant_ending_in_s_is_not_read_as_a_plural() -> None:
    # A family rule, not an L40S exception: the "s" is kept wherever a variant needs it.
    assert normalise("2 x L40S") == "2 x l40s"
    assert normalise("8 x A100s") == "8 x a100 gpus"
    for family in families():
        for _pattern, label, watts, _range in family.variants:
            reading = read_hardware(f"2 x {label}")
            assert [(d.label, d.watts) for d in reading.devices] == [(label, watts)], (family.id, label)


def test_a_published_power_range_is_carried_with_its_top_figure() -> None:
    [device] = read_hardware("1 x RTX 4060 Laptop").devices
    assert device.watts == 115 and device.power_range == "35-115 W, set by the laptop's maker"
    [jetson] = read_hardware("Jetson AGX Orin 32GB").devices
    assert (jetson.label, jetson.watts, jetson.power_range) == ("Jetson AGX Orin 32GB", 40, "15-40 W")


def test_cpu_counts_are_threads_not_sockets() -> None:
    assert read_hardware("64 x AMD EPYC 7742").power_watts(per_unit=False) == 225


def test_every_power_figure_has_a_source() -> None:
    for family in hardware_table()["families"]:
        assert family["source"].strip(), family["id"]
        if family["watts"] is not None and family["kind"] != "cpu":
            assert "http" in family["source"] or "arXiv" in family["source"], family["id"]


def test_a_family_is_skipped_only_when_its_expression_cannot_match() -> None:
    # read_hardware tries a family's expression only when one of its tokens is in the text: a
    # missing token would silently lose a device. Every family must match its own tokens' texts too.
    texts = [text for text, _ in CASES] + [
        "Apple M2 Max", "MacBook Pro", "Intel Core i7-1355U", "core ultra 7", "Graviton3", "Ampere Altra",
        "Grace CPU", "Titan RTX", "Titan V", "GTX 1080-Ti", "RTX 2080 Ti", "TPU v5 lite pod", "v5e-8",
        "Trillium", "MI300X", "Threadripper 3990X", "Ryzen 9 5950X", "EPYC 7742", "Xeon Gold 6248",
    ]
    for family in families():
        assert family.tokens, family.id
        for text in texts:
            norm = normalise(text)
            if family.pattern.search(norm):
                assert family.may_match(norm), (family.id, text)
