"""Durations and energies written on cards: "for about 180 hours or 7.5 days", "~ 36 hours",
"0.291 hours", "Total energy consumption: 11,749 kWh", "1,000 GPU hours".

Only explicit units are read (a bare number is hours only on the template's ``Hours
used`` line). Thousands separators follow the English convention (``11,749`` is eleven
thousand); a comma followed by one, two or four or more digits is a decimal comma.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|\.\d+)"
_HOUR_UNITS: tuple[tuple[str, float], ...] = (
    (r"weeks?|wks?", 168.0),
    (r"days?", 24.0),
    (r"hours?|hrs?|h", 1.0),
    (r"minutes?|mins?", 1 / 60),
    (r"seconds?|secs?|s", 1 / 3600),
)
_DURATION = re.compile(
    r"(?<![\w.,])"
    + _NUMBER
    + r"\s*(?P<per_device>(?:gpu|tpu|chip|device|accelerator|node)[\s-]+)?(?P<unit>"
    + "|".join(u for u, _ in _HOUR_UNITS)
    + r")\b",
    re.IGNORECASE,
)
_ENERGY = (
    r"(?<![\w.,])" + _NUMBER + r"\s*(?P<unit>kwh|mwh|wh)\b"
)  # compiled on first use (re's cache): few cards state one


class Duration(NamedTuple):
    hours: float
    per_device: bool  # "GPU hours": already summed over devices
    text: str


def to_float(text: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def find_duration(text: str) -> Duration | None:
    """The first duration with a unit in ``text`` (the corpus writes "180 hours or 7.5 days": the first wins)."""
    for match in _DURATION.finditer(text):
        hours = _hours(match)
        if hours is not None and hours > 0:
            return Duration(hours, bool(match.group("per_device")), match.group(0).strip())
    return None


def _hours(match: re.Match[str]) -> float | None:
    unit = match.group("unit").lower()
    for pattern, factor in _HOUR_UNITS:
        if re.fullmatch(pattern, unit):
            return to_float(match.group("number")) * factor
    return None


def find_energy_kwh(text: str) -> float | None:
    """The first energy with a unit (kWh, Wh, MWh) in ``text``, in kWh."""
    match = re.search(_ENERGY, text, re.IGNORECASE)
    if match is None:
        return None
    value = to_float(match.group("number"))
    unit = match.group("unit").lower()
    return value * {"kwh": 1.0, "mwh": 1000.0, "wh": 0.001}[unit]
