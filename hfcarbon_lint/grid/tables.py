"""CodeCarbon's bundled data, read as files (the package is located, never imported).

The one reader of CodeCarbon's ``data`` folder in hfcarbon-lint:

* ``private_infra/global_energy_mix.json``: each country's grid intensity (g/kWh);
* ``private_infra/2023/`` and ``nordic_emissions.json``: US states, Canadian and Chinese
  provinces, Nordic bidding zones, read by ``grid.regional`` with these readers;
* ``cloud/impact.csv``: cloud regions (Google Cloud only) and their intensity;
* ``private_infra/carbon_intensity_per_source.json``: the world average;
* ``hardware/cpu_power.csv``: CPU TDP.

CodeCarbon is optional (the ``track`` extra): :func:`codecarbon_data_dir` is ``None``
without it. The lenient readers (:func:`country_intensities`, :func:`cloud_regions`,
:func:`world_average`, :func:`cpu_power_table`) give an empty table or a fallback when
a file is missing or broken, for the checks, which skip what they cannot judge; the
strict ones (:func:`energy_mix`, :func:`cloud_table`, ``regional.regional_table``) raise
:class:`TableError` saying which file, for ``track``, which must not measure with a
figure it could not read. Each file is read once per process.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from hfcarbon_lint.grid.names import fold, package_folder, places

NORDIC_ZONES = {"SWE": ("SE1", "SE2", "SE3", "SE4"), "NOR": ("NO1", "NO2", "NO3", "NO4", "NO5"), "FIN": ("FI",)}


class TableError(Exception):
    """A CodeCarbon data file is missing or unreadable; the message names it."""


@cache
def codecarbon_data_dir() -> Path | None:
    """CodeCarbon's ``data`` folder, found without importing CodeCarbon (no side effects); None without it."""
    folder = package_folder("codecarbon")
    data = folder / "data" if folder is not None else None
    return data if data is not None and data.is_dir() else None


def data_file(*parts: str) -> Path:
    data = codecarbon_data_dir()
    if data is None:
        raise TableError("CodeCarbon is not installed: pip install 'hfcarbon-lint[track]'")
    return data.joinpath(*parts)


def read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TableError(f"cannot read CodeCarbon's {what} {path}: {exc}") from None


# --------------------------------------------------------------------------- countries


@cache
def energy_mix() -> dict[str, dict[str, Any]]:
    """ISO alpha-3 (upper case) -> the country's entry in ``global_energy_mix.json``, every entry."""
    loaded = read_json(data_file("private_infra", "global_energy_mix.json"), "country table")
    if not isinstance(loaded, dict):
        raise TableError("CodeCarbon's country table global_energy_mix.json is not a mapping")
    return {str(iso).upper(): entry for iso, entry in loaded.items() if isinstance(entry, dict)}


class CountryIntensity(NamedTuple):
    alpha3: str
    name: str
    g_per_kwh: float
    year: int | None


@cache
def country_intensities() -> dict[str, CountryIntensity]:
    """ISO alpha-3 -> grid intensity, for the countries with a positive figure (empty without CodeCarbon)."""
    try:
        mix = energy_mix()
    except TableError:
        return {}
    table: dict[str, CountryIntensity] = {}
    for code, entry in mix.items():
        intensity = entry.get("carbon_intensity")
        name = entry.get("country_name")
        # A zero intensity (one entry in the 2023 table) is a data gap, not a grid without emissions.
        if isinstance(intensity, (int, float)) and intensity > 0 and isinstance(name, str):
            year = entry.get("year")
            table[code] = CountryIntensity(code, name, float(intensity), year if isinstance(year, int) else None)
    return table


# The files of CodeCarbon's regional figures, by country (the figures are computed in ``grid.regional``).
REGIONAL_FILES = {
    "USA": ("private_infra", "2023", "usa_emissions.json"),
    "CAN": ("private_infra", "2023", "canada_energy_mix.json"),
    "CHN": ("private_infra", "2023", "china_provincial_emissions.json"),
    **dict.fromkeys(NORDIC_ZONES, ("private_infra", "nordic_emissions.json")),
}


@cache
def regional_file(iso: str) -> dict[str, Any] | None:
    """CodeCarbon's regional data file for a country (a mapping), None for a country without one; raises :class:`TableError`."""
    parts = REGIONAL_FILES.get(iso)
    if parts is None:
        return None
    loaded = read_json(data_file(*parts), f"regional data for {iso}")
    if not isinstance(loaded, dict):
        raise TableError(f"CodeCarbon's regional data for {iso} ({parts[-1]}) is not a mapping")
    return loaded


# --------------------------------------------------------------------------- cloud regions


class CloudRegion(NamedTuple):
    provider: str  # "gcp"
    region: str  # lower case: "europe-west1"
    alpha3: str | None
    country_name: str | None
    g_per_kwh: float | None


@cache
def cloud_table() -> dict[str, CloudRegion]:
    """Lower-case region id -> region, from ``cloud/impact.csv``; raises :class:`TableError`."""
    path = data_file("cloud", "impact.csv")
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
    except (OSError, ValueError) as exc:
        raise TableError(f"cannot read CodeCarbon's cloud table {path}: {exc}") from None
    regions: dict[str, CloudRegion] = {}
    for row in rows:
        region = (row.get("region") or "").strip().lower()
        if not region:
            continue
        try:
            impact: float | None = float(row.get("impact") or "")
        except ValueError:
            impact = None
        regions[region] = CloudRegion(
            provider=(row.get("provider") or "").strip(),
            region=region,
            alpha3=(row.get("countryIsoCode") or "").strip().upper() or None,
            country_name=(row.get("country_name") or "").strip() or None,
            g_per_kwh=impact,
        )
    return regions


def cloud_regions() -> dict[str, CloudRegion]:
    """:func:`cloud_table`, or an empty table when CodeCarbon's is missing or broken."""
    try:
        return cloud_table()
    except TableError:
        return {}


# --------------------------------------------------------------------------- other figures


@cache
def world_average() -> tuple[float, str]:
    """The world-average grid intensity (g/kWh) and where the figure comes from."""
    try:
        raw = read_json(data_file("private_infra", "carbon_intensity_per_source.json"), "intensity table")
        value = raw.get("world_average") if isinstance(raw, dict) else None
        if isinstance(value, (int, float)) and value > 0:
            return float(value), "CodeCarbon's world average"
    except TableError:
        pass
    fallback = places()["world_average"]
    return float(fallback["g_per_kwh"]), "world average"


@cache
def cpu_power_table() -> tuple[tuple[str, float], ...]:
    """(folded CPU name, TDP watts) rows of ``hardware/cpu_power.csv`` (empty without CodeCarbon)."""
    try:
        path = data_file("hardware", "cpu_power.csv")
        with path.open(encoding="utf-8-sig", newline="") as stream:
            raw_rows = list(csv.DictReader(stream))
    except (TableError, OSError, ValueError):
        return ()
    rows: list[tuple[str, float]] = []
    for row in raw_rows:
        try:
            rows.append((fold(row.get("Name") or ""), float(row.get("TDP") or "")))
        except ValueError:
            continue
    return tuple(rows)
