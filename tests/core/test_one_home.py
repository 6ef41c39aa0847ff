"""One home for each job: CodeCarbon's data files are read in hfcarbon_lint/grid/tables.py only."""

from __future__ import annotations

import re

from tests.conftest import REPO

PACKAGE = REPO / "hfcarbon_lint"
CODECARBON_FILES = (
    "global_energy_mix.json",
    "impact.csv",
    "cpu_power.csv",
    "usa_emissions.json",
    "canada_energy_mix.json",
    "china_provincial_emissions.json",
    "nordic_emissions.json",
    "carbon_intensity_per_source.json",
)


def test_codecarbon_tables_have_one_reader() -> None:
    readers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        for name in CODECARBON_FILES
        if re.search(rf"[\"']{re.escape(name)}[\"']", path.read_text(encoding="utf-8"))
    }
    assert readers == {"grid/tables.py"}


def test_one_home_for_each_location_resolver() -> None:
    defined = {
        match.group(1): path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        for match in re.finditer(
            r"^def (resolve_location|tracker_location)\(", path.read_text(encoding="utf-8"), re.MULTILINE
        )
    }
    assert defined == {"resolve_location": "grid/location.py", "tracker_location": "grid/track_flags.py"}
