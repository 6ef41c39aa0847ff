"""``hardware_used`` -> the CPU/GPU/TPU families it names, each with a count and a power figure.

Real values (../shared/corpus): ``NVIDIA A100-SXM4-40GB``, ``8xA100 GPUs``,
``1 x NVIDIA GeForce RTX 3090``, ``1 v100 GPU``, ``384 A100 80GB GPUs (48 nodes)``,
``TPUv3-8 for about 180 hours or 7.5 days``, ``1 TPU v3-8 VM``, ``Google Cloud TPU v4-16``,
``P100 for about 1.5 hours``, ``Apple M-series (MLX, unified memory)``,
``12 x 13th Gen Intel(R) Core(TM) i7-1355U (CPU)``, and the vague ``NVIDIA GPU``.

A count written before the name (``8x``, ``8 x``, ``1 ``) or after it (``A100 x 8``) is
read; a singular name without a count is one device; a plural (``GPUs``, ``A100s``)
without a count is an unknown number. TPU slices are counted in chips: ``v3-8`` has 8
TensorCores, 2 per chip, so 4 chips. CPU counts are not multiplied: CodeCarbon writes
the thread count there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from hfcarbon_lint.grid.names import fold
from hfcarbon_lint.grid.tables import cpu_power_table
from hfcarbon_lint.hardware.quantities import Duration, find_duration

# Words allowed between a count and the model name: "1 x NVIDIA GeForce RTX 3090", "1 TPU v3-8".
_VENDOR_WORDS = r"(?:nvidia|amd|google|cloud|tesla|geforce|quadro|instinct|radeon|intel|apple|tpu|gpu)"
_COUNT_BEFORE = re.compile(r"(?:^|[\s,;:(+&])(?P<count>\d{1,6})\s*(?:x\s*)?(?:" + _VENDOR_WORDS + r"\s+)*$")
_COUNT_AFTER = re.compile(r"^[\w\-]*?\s*(?:gpus?|tpus?|cards?|chips?)?\s*(?:x|\*)\s*(?P<count>\d{1,6})\b")
# Only the start of a long text is read: a description longer than this is not a hardware name.
MAX_TEXT = 500


# Compiled on first use: only a device with no written count needs it.
@cache
def _plural_after() -> re.Pattern[str]:
    return re.compile(r"^[\w\-]*?s?\s*(?:\d+\s*gb\s*)?(?:gpus|tpus|cards|chips|devices|accelerators|nodes)\b")


class Family(NamedTuple):
    id: str
    kind: str  # gpu | tpu | soc | cpu
    label: str
    match: str  # the regular expression, compiled by ``pattern`` on first use
    tokens: tuple[str, ...]  # one of them is in every text ``match`` matches
    watts: float | None
    # (regex text, label, watts, published range or ""): compiled on first use (re's cache), as most never match.
    variants: tuple[tuple[str, str, float, str], ...]
    cores_per_chip: int | None
    source: str
    power_range: str = ""  # "35-115 W, set by the laptop's maker": watts is its top

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.match)

    def may_match(self, norm: str) -> bool:
        return any(token in norm for token in self.tokens)


@dataclass(frozen=True, slots=True)
class Device:
    """One kind of device a hardware text names (a dataclass: its ``count`` is not tuple.count)."""

    family: Family
    label: str  # the variant's label, or the family's
    watts: float | None  # per unit (a TPU slice's chips included)
    count: int | None  # units as written; None when the text gives a plural without a number
    count_written: bool
    chips_per_unit: int = 1
    power_source: str = ""
    power_range: str = ""  # the maker's published range when the system's builder sets the power

    def __repr__(self) -> str:
        return f"Device({self.describe()!r}, watts={self.watts})"

    @property
    def is_accelerator(self) -> bool:
        return self.family.kind in ("gpu", "tpu", "soc")

    def describe(self) -> str:
        count = f"{self.count} x " if self.count_written and self.count is not None else ""
        chips = f" ({self.chips_per_unit} chips)" if self.chips_per_unit > 1 else ""
        return f"{count}{self.label}{chips}"


class HardwareReading(NamedTuple):
    text: str
    devices: tuple[Device, ...] = ()
    duration: Duration | None = None  # "P100 for about 1.5 hours"
    notes: tuple[str, ...] = ()

    @property
    def recognised(self) -> bool:
        return bool(self.devices)

    @property
    def accelerators(self) -> tuple[Device, ...]:
        return tuple(d for d in self.devices if d.is_accelerator)

    @property
    def count_unknown(self) -> tuple[Device, ...]:
        return tuple(d for d in self.devices if d.count is None)

    def power_watts(self, per_unit: bool) -> float | None:
        """Total published power: accelerators if any, else CPUs; None when a figure is missing.

        ``per_unit`` counts one unit of each device (the lowest plausible power when the
        written count may be a count of device-hours or is unknown).
        """
        chosen = self.accelerators or self.devices
        if not chosen:
            return None
        total = 0.0
        for device in chosen:
            if device.watts is None:
                return None
            units = 1 if (per_unit or device.count is None or not device.is_accelerator) else device.count
            total += device.watts * units
        return total

    def describe(self) -> str:
        return " + ".join(d.describe() for d in (self.accelerators or self.devices))


@cache
def hardware_table() -> dict[str, Any]:
    """Our cited power table, ``data/hardware.json`` (always available: it ships inside the package)."""
    table: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "hardware.json").read_text(encoding="utf-8"))
    return table


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    table: list[dict[str, Any]] = hardware_table()["families"]
    result = []
    for entry in table:
        variants = tuple(
            (str(v["match"]), str(v["label"]), float(v["watts"]), str(v.get("range", "")))
            for v in entry.get("variants", ())
        )
        watts = entry.get("watts")
        result.append(
            Family(
                id=entry["id"],
                kind=entry["kind"],
                label=entry["label"],
                match=str(entry["match"]),
                tokens=tuple(str(token) for token in entry["tokens"]),
                watts=float(watts) if watts is not None else None,
                variants=variants,
                cores_per_chip=entry.get("cores_per_chip"),
                source=entry["source"],
                power_range=str(entry.get("range", "")),
            )
        )
    return tuple(result)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def normalise(text: str) -> str:
    """Folded text with counts spelt apart: '8xA100' -> '8 x a100', 'TPUv3-8' -> 'tpu v3-8', 'V-100' -> 'v100'."""
    folded = fold(text)
    folded = re.sub(r"(\d)\s*[x×*]\s*(?=[a-z])", r"\1 x ", folded)
    folded = re.sub(r"\btpu(?=v\d)", "tpu ", folded)
    folded = re.sub(r"\bnvidia(?=[a-z]\d)", "nvidia ", folded)
    folded = re.sub(r"\b([a-z])-(\d{1,4})\b", r"\1\2", folded)  # 'Tesla V-100', 'A-100': the model's usual spelling
    # A plural model name ("4 H100s", "A100s") becomes the name and a plural noun, unless the
    # "s" names a variant ("2 x L40S": the L40S, 350 W, not two of the L40 family's lowest).
    folded = re.sub(r"\b([a-z]+\d+[a-z]*?)s\b", _plural, folded)
    return folded


def _plural(match: re.Match[str]) -> str:
    word = match.group(0)
    return word if _names_a_variant(word) else f"{match.group(1)} gpus"


@lru_cache(maxsize=256)
def _names_a_variant(word: str) -> bool:
    """Whether a word ending in "s" is a variant's name that the word without the "s" is not (``l40s``)."""
    for family in families():
        if family.may_match(word):
            for pattern, *_ in family.variants:
                if re.search(pattern, word) and not re.search(pattern, word[:-1]):
                    return True
    return False


def read_hardware(text: str) -> HardwareReading:
    """Recognise the devices a hardware description names; never raises."""
    norm = normalise(text[:MAX_TEXT])
    devices: list[Device] = []
    taken: list[tuple[int, int]] = []
    for family in families():
        # A substring test first: compiling all 39 families' expressions costs 7 ms, and a text names one or two.
        if not family.may_match(norm):
            continue
        for match in family.pattern.finditer(norm):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            devices.append(_device(family, norm, match))
    devices.sort(key=lambda d: d.family.kind != "gpu" and d.family.kind != "tpu")
    return HardwareReading(text=text, devices=tuple(devices), duration=find_duration(norm))


def _device(family: Family, norm: str, match: re.Match[str]) -> Device:
    # The variant is read from the whole model token ("a100-sxm4-40gb") and the words after it.
    window_end = len(norm)
    following = re.search(r"[,;+&/]| and | with ", norm[match.end() :])
    if following is not None:
        window_end = match.end() + following.start()
    window = norm[max(0, match.start() - 12) : window_end]
    label, watts, power_range = family.label, family.watts, family.power_range
    source = family.source
    for pattern, variant_label, variant_watts, variant_range in family.variants:
        if re.search(pattern, window):
            label, watts, power_range = variant_label, variant_watts, variant_range
            break
    if family.kind == "cpu":
        cpu_watts = _cpu_watts(norm[match.start() : window_end])
        if cpu_watts is not None:
            watts, source = cpu_watts, "CodeCarbon's cpu_power.csv"
    chips = 1
    groups = match.groupdict()
    slice_text = groups.get("slice") or groups.get("slice2")
    if family.cores_per_chip and slice_text:
        chips = max(1, int(slice_text) // family.cores_per_chip)
    count: int | None = 1
    written = False
    before = _COUNT_BEFORE.search(norm[: match.start()])
    after = _COUNT_AFTER.match(norm[match.end() :])
    if before is not None:
        count, written = int(before.group("count")), True
    elif after is not None:
        count, written = int(after.group("count")), True
    elif _plural_after().match(norm[match.end() :]):
        count = None  # "Nvidia 3090 GPUs": how many?
    if count == 0:
        count, written = 1, False
    unit_watts = watts * chips if watts is not None else None
    return Device(family, label, unit_watts, count, written, chips, source, power_range)


def _cpu_watts(text: str) -> float | None:
    """A CPU's TDP from CodeCarbon's table, matched on the model number ('i7-1355u', 'epyc 7742')."""
    table = cpu_power_table()
    if not table:
        return None
    token = re.search(
        r"\bi[3579]-\d{3,5}[a-z]{0,3}\b|\b(?:platinum|gold|silver|bronze)\s+\d{4}[a-z]{0,2}\b|\bepyc\s+\d{4}[a-z]?\b"
        r"|\bryzen\s+(?:threadripper\s+)?(?:pro\s+)?\d\s+\d{4}[a-z]{0,2}\b|\bthreadripper\s+(?:pro\s+)?\d{4}[a-z]{0,2}\b",
        text,
    )
    if token is None:
        return None
    wanted = token.group(0)
    pattern = re.compile(r"(?:^|\s)" + re.escape(wanted) + r"(?:$|\s)")
    # A substring test first: the table has 5,000 rows and most do not hold the token at all.
    matches = [(name, watts) for name, watts in table if wanted in name and pattern.search(name)]
    if not matches:
        return None
    return min(matches, key=lambda row: len(row[0]))[1]
