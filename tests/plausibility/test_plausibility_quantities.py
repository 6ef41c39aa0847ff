"""Durations and energies as written on cards, one expectation a line."""

from __future__ import annotations

import pytest

from hfcarbon_lint.hardware.quantities import find_duration, find_energy_kwh

DURATIONS = [
    ("~ 36 hours", 36.0),
    ("44.0 hours on Google Cloud TPU v4-16", 44.0),
    ("0.291 hours", 0.291),
    ("7.5 days", 180.0),
    ("90 minutes", 1.5),
    ("2 weeks", 336.0),
    ("3600 seconds", 1.0),
    ("12h", 12.0),
    ("1,5 hours", 1.5),
    ("2 epochs", None),
    ("100 GPUs", None),
    ("H100s", None),
    ("48 nodes", None),
]
ENERGIES = [
    ("15.5 kWh", 15.5),
    ("11,749 kWh", 11749.0),
    ("0.10 kWh", 0.10),
    ("2.5 MWh", 2500.0),
    ("350 Wh", 0.35),
    ("43,24 kWh", 43.24),
    ("see emissions.csv", None),
    ("12 kW", None),
]


@pytest.mark.parametrize(("text", "hours"), DURATIONS, ids=[d[0] for d in DURATIONS])
def test_duration(text: str, hours: float | None) -> None:
    found = find_duration(text)
    if hours is None:
        assert found is None
    else:
        assert found is not None and found.hours == pytest.approx(hours)


@pytest.mark.parametrize(("text", "kwh"), ENERGIES, ids=[e[0] for e in ENERGIES])
def test_energy(text: str, kwh: float | None) -> None:
    assert find_energy_kwh(text) == (pytest.approx(kwh) if kwh is not None else None)
