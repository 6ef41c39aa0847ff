"""``track`` in a region: the real offline tracker measures with the figure the written card is checked with.

CodeCarbon's CSV gives the figure it used (``emissions`` kg / ``energy_consumed`` kWh); the
``geographical_location`` that ``track`` writes must resolve, in HFC062 and ``estimate``, to
that same figure.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
import yaml
from tracking_helpers import FAST, hfcarbon

from hfcarbon_lint.grid.location import resolve_location
from hfcarbon_lint.grid.regional import regional_figures

pytest.importorskip("codecarbon", reason="track needs CodeCarbon (the track extra)")


@pytest.mark.parametrize(
    ("flags", "written", "alpha3", "key"),
    [
        (("--cloud-provider", "aws", "--cloud-region", "us-east-1"), "us-east-1 (Amazon Web Services), Virginia, United States", "USA", "virginia"),
        (("--country", "CAN", "--region", "Quebec"), "Quebec, Canada", "CAN", "quebec"),
    ],
)  # fmt: skip
def test_the_figure_measured_is_the_figure_checked(
    tmp_path: Path, card: Path, cpu_loop: Path, flags: tuple[str, ...], written: str, alpha3: str, key: str
) -> None:
    run = hfcarbon(
        "track", "--card", str(card), *flags, *FAST, "--save-csv", "emissions.csv", "--",
        sys.executable, str(cpu_loop), "1.5",
        cwd=tmp_path,
    )  # fmt: skip
    assert run.code == 0, run.err
    with (tmp_path / "emissions.csv").open(newline="") as stream:
        [row] = list(csv.DictReader(stream))
    measured = float(row["emissions"]) * 1000 / float(row["energy_consumed"])  # g/kWh the tracker used
    expected = regional_figures(alpha3)[key].g_per_kwh
    assert measured == pytest.approx(expected, rel=1e-6)
    carbon = yaml.safe_load(card.read_text(encoding="utf-8").split("---")[1])["co2_eq_emissions"]
    assert carbon["geographical_location"] == written
    assert resolve_location(written).g_per_kwh == pytest.approx(measured, rel=1e-6)
