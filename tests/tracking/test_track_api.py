"""``hfcarbon_lint.track_card``: CodeCarbon's real offline tracker measures a block of this process.

No torch here: the block burns CPU in plain Python. The Trainer, TRL, the script and the
notebook are in tests/training.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import hfcarbon_lint
from hfcarbon_lint.measurements.csvfile import read_codecarbon_csv
from hfcarbon_lint.measurements.measurement import round_significant
from hfcarbon_lint.tracking.api import TrackingRefused, as_keywords, track_card
from tests.conftest import REPO, run_process

pytest.importorskip("codecarbon", reason="CodeCarbon is not installed (pip install 'hfcarbon-lint[track]')")

FAST = {"measure_power_secs": 1.0, "quiet": True}


def burn() -> int:
    return sum(i * i for i in range(400_000))


def carbon(card: Path) -> dict[str, object]:
    text = card.read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    return dict(yaml.safe_load(front)["co2_eq_emissions"])


def test_the_block_is_measured_and_the_card_written_around_its_own_bytes(card: Path) -> None:
    before = card.read_bytes()
    with track_card(card, country="FRA", training_type="fine-tuning", **FAST) as result:
        burn()
    assert result.written and result.clean and result.csv_path is None
    assert result.measurement is not None and result.measurement.emissions_kg > 0
    block = carbon(card)
    assert block["emissions"] == round_significant(result.measurement.emissions_g)
    assert block["source"] == "CodeCarbon"
    assert block["training_type"] == "fine-tuning"
    assert block["geographical_location"] == "France"
    after = card.read_bytes()
    # every byte of the card is kept; the block goes at the end of the front matter
    head, _, rest = before.partition(b"\n---\n")
    assert after.startswith(head + b"\nco2_eq_emissions:\n") and after.endswith(b"\n---\n" + rest)
    assert any(line.startswith("check: ") and "0 errors" in line for line in result.messages)
    assert run_process("check", str(card)).code == 0


def test_a_decorated_function_is_measured_at_each_call(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    tracker = track_card(card, country="USA", region="virginia", overwrite=True, **FAST)

    @tracker
    def train(n: int) -> int:
        return sum(i for i in range(n))

    assert train(10) == 45  # the function's own result is returned
    first = tracker.result
    assert train(300_000) == 44999850000
    second = tracker.result
    assert first is not None and second is not None and first is not second
    assert first.measurement is not None and second.measurement is not None
    assert first.measurement.run_ids != second.measurement.run_ids  # two runs of CodeCarbon, not one reused
    assert carbon(card)["emissions"] == round_significant(second.measurement.emissions_g)
    assert carbon(card)["geographical_location"] == "Virginia, United States"


def test_an_exception_writes_nothing_and_keeps_the_measurement_for_fill(card: Path, tmp_path: Path) -> None:
    before = card.read_bytes()
    manager = track_card(card, country="FRA", **FAST)
    with pytest.raises(KeyError, match="boom"), manager:
        burn()
        raise KeyError("boom")
    result = manager.result
    assert result is not None and not result.written and card.read_bytes() == before
    assert result.csv_path is not None and result.csv_path.is_file()
    assert any("the block raised KeyError: 'boom'" in line for line in result.messages)
    try:
        assert read_codecarbon_csv(result.csv_path).select().emissions_kg == result.measurement.emissions_kg  # type: ignore[union-attr]
        filled = run_process("fill", "--from-codecarbon", str(result.csv_path), "--card", str(card))
        assert filled.code == 0, filled.err
        assert carbon(card)["emissions"] == round_significant(result.measurement.emissions_g)  # type: ignore[union-attr]
    finally:
        shutil.rmtree(result.csv_path.parent)


def test_write_on_failure_writes_the_card_and_the_exception_still_propagates(card: Path) -> None:
    manager = track_card(card, country="FRA", write_on_failure=True, **FAST)
    with pytest.raises(RuntimeError), manager:
        burn()
        raise RuntimeError("diverged")
    assert manager.result is not None and manager.result.written
    assert "emissions" in carbon(card)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "pass country='ISO3'"),
        ({"country": "XXX"}, "unknown country 'XXX'"),
        ({"country": "FRA", "cloud_provider": "gcp", "cloud_region": "europe-west1"}, "give either country="),
        ({"country": "FRA", "training_type": "training"}, "training_type is 'training'"),
        ({"country": "FRA", "cpu_power": 0}, "cpu_power is 0"),
    ],
)
def test_what_track_refuses_is_refused_before_the_block_runs(
    card: Path, arguments: dict[str, object], message: str
) -> None:
    with pytest.raises(TrackingRefused, match=message):
        track_card(card, **arguments)  # type: ignore[arg-type]


def test_a_card_the_editor_would_refuse_is_refused_before_the_block_runs(tmp_path: Path) -> None:
    ran = []
    with pytest.raises(TrackingRefused, match="is a folder"), track_card(tmp_path, country="FRA", **FAST):
        ran.append(True)
    assert ran == []
    broken = tmp_path / "README.md"
    broken.write_bytes(b"---\nco2_eq_emissions: [1, 2\n---\n")
    with pytest.raises(TrackingRefused, match=r"README\.md"), track_card(broken, country="FRA", **FAST):
        ran.append(True)
    assert ran == [] and broken.read_bytes() == b"---\nco2_eq_emissions: [1, 2\n---\n"


def test_it_runs_inside_a_running_event_loop(tmp_path: Path) -> None:
    card = tmp_path / "README.md"

    async def main() -> bool:
        with track_card(card, cloud_provider="gcp", cloud_region="europe-west1", **FAST) as result:
            await asyncio.sleep(0.05)
            burn()
        return result.written

    assert asyncio.run(main())
    assert "europe-west1" in str(carbon(card)["geographical_location"])


def test_track_messages_speak_in_keyword_arguments() -> None:
    assert as_keywords("pass --country FRA or --cloud-provider gcp --cloud-region REGION.") == (
        "pass country='FRA' or cloud_provider='gcp' cloud_region='REGION'."
    )
    assert as_keywords("give --country (with --region)") == "give country= (with region=)"
    assert as_keywords("pass --cpu-power W with the real TDP") == "pass cpu_power=W with the real TDP"


def test_importing_the_package_imports_nothing_more() -> None:
    new = "import sys; before = set(sys.modules); import hfcarbon_lint; print(sorted(set(sys.modules) - before))"
    for flags in ([], ["-S"]):  # with and without site (which may import typing and friends first)
        done = subprocess.run(
            [sys.executable, *flags, "-c", new], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
        )
        # what main's package imports: itself and its version; track_card adds nothing until it is used
        assert set(eval(done.stdout)) <= {"hfcarbon_lint", "hfcarbon_lint.base", "hfcarbon_lint.base.version",
                                          "__future__"}, done.stdout
    heavy = (
        "import sys, hfcarbon_lint; hfcarbon_lint.track_card; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'codecarbon', 'pandas', 'transformers', 'torch'}))"
    )
    done = subprocess.run([sys.executable, "-c", heavy], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr  # CodeCarbon loads only when a block is measured
    assert "track_card" in dir(hfcarbon_lint)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        hfcarbon_lint.nothing  # noqa: B018
