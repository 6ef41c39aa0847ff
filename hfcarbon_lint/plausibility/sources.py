"""The data the plausibility checks read, loaded lazily and once per process.

Three sources, each optional except the first:

* ``data/hardware.json`` (ours): accelerator power figures with their vendor sources,
  the world-average fallback intensity, macro-region names and a few country aliases;
* pycountry (the ``plausibility`` extra): ISO 3166 countries and subdivisions, read from
  the JSON databases it ships (``pycountry/databases/iso3166-1.json``, ``iso3166-2.json``);
* CodeCarbon's bundled tables (the ``track`` extra), read as files without importing
  CodeCarbon: ``data/private_infra/global_energy_mix.json`` (country grid intensity),
  ``data/cloud/impact.csv`` (GCP region intensity), ``data/hardware/cpu_power.csv``
  (CPU TDP) and ``carbon_intensity_per_source.json`` (the world average).

A missing optional source gives ``None`` / an empty table; callers skip what they
cannot check. Nothing here touches the network.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Any

_MARKS = re.compile(r"\((?:r|tm|c)\)", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, accents removed, registered marks dropped, whitespace collapsed."""
    # Called for every country name when the tables are built: keep the common ASCII path cheap.
    text = text.replace("®", " ").replace("™", " ")
    if "(" in text:
        text = _MARKS.sub(" ", text)
    if not text.isascii():
        import unicodedata  # rarely needed: most names are ASCII

        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.split()).lower()


def _read_text(*parts: str, encoding: str = "utf-8") -> str:
    # os.path, not pathlib: pathlib costs ~4 ms of start-up and the check path avoids it.
    with open(os.path.join(*parts), encoding=encoding) as handle:
        return handle.read()


@lru_cache(maxsize=1)
def hardware_table() -> dict[str, Any]:
    """Our cited power table (always available: it ships inside the package)."""
    # A plain path, not importlib.resources (~20 ms to import): the file ships inside the package.
    text = _read_text(os.path.dirname(os.path.realpath(__file__)), "data", "hardware.json")
    table: dict[str, Any] = json.loads(text)
    return table


class IsoCountry(NamedTuple):
    alpha2: str
    alpha3: str
    name: str  # "Korea, Republic of"
    official_name: str | None = None
    common_name: str | None = None  # "South Korea"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.official_name, self.common_name) if n)

    @property
    def display_name(self) -> str:
        return self.common_name or self.name


class IsoSubdivision(NamedTuple):
    code: str  # "US-NY"
    name: str  # "New York", or "Catalunya [Cataluña]"


class Iso3166(NamedTuple):
    countries: tuple[IsoCountry, ...]
    databases: str | None = None  # pycountry's JSON folder; None: pycountry's API

    @property
    def subdivisions(self) -> tuple[IsoSubdivision, ...]:
        """Read on first use: 5,000 entries most locations ("City, Country") never need."""
        return _subdivisions(self.databases)


@lru_cache(maxsize=2)
def _subdivisions(databases: str | None) -> tuple[IsoSubdivision, ...]:
    if databases is not None:
        try:
            part2 = json.loads(_read_text(databases, "iso3166-2.json"))["3166-2"]
            return tuple(IsoSubdivision(str(e["code"]), str(e["name"])) for e in part2)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    try:
        import pycountry
    except ImportError:
        return ()
    return tuple(IsoSubdivision(s.code, s.name) for s in pycountry.subdivisions)


@lru_cache(maxsize=1)
def iso3166() -> Iso3166 | None:
    """ISO 3166-1 countries and 3166-2 subdivisions from pycountry's databases, or None without pycountry.

    The JSON databases pycountry ships are read as files, as CodeCarbon's tables are, so a
    check never imports pycountry itself; an installation without those files falls back
    to pycountry's API.
    """
    try:
        spec = importlib.util.find_spec("pycountry")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    databases = os.path.join(os.path.dirname(spec.origin), "databases")
    try:
        part1 = json.loads(_read_text(databases, "iso3166-1.json"))["3166-1"]
        return Iso3166(tuple(_iso_country(entry) for entry in part1), databases)
    except (OSError, ValueError, KeyError, TypeError):
        return _iso3166_from_api()


def _iso_country(entry: dict[str, Any]) -> IsoCountry:
    def optional(key: str) -> str | None:
        value = entry.get(key)
        return str(value) if value else None

    return IsoCountry(
        str(entry["alpha_2"]),
        str(entry["alpha_3"]),
        str(entry["name"]),
        optional("official_name"),
        optional("common_name"),
    )


def _iso3166_from_api() -> Iso3166 | None:
    try:
        import pycountry
    except ImportError:
        return None
    countries = tuple(
        _iso_country({k: getattr(c, k, None) for k in ("alpha_2", "alpha_3", "name", "official_name", "common_name")})
        for c in pycountry.countries
    )
    return Iso3166(countries, None)


@lru_cache(maxsize=1)
def codecarbon_data_dir() -> str | None:
    """CodeCarbon's ``data`` directory, found without importing CodeCarbon (no side effects)."""
    try:
        spec = importlib.util.find_spec("codecarbon")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    data = os.path.join(os.path.dirname(spec.origin), "data")
    return data if os.path.isdir(data) else None


class CountryIntensity(NamedTuple):
    alpha3: str
    name: str
    g_per_kwh: float
    year: int | None


@lru_cache(maxsize=1)
def country_intensities() -> dict[str, CountryIntensity]:
    """ISO alpha-3 -> grid intensity from CodeCarbon's global_energy_mix.json (empty without CodeCarbon)."""
    data = codecarbon_data_dir()
    if data is None:
        return {}
    try:
        raw = json.loads(_read_text(data, "private_infra", "global_energy_mix.json"))
    except (OSError, ValueError):
        return {}
    table: dict[str, CountryIntensity] = {}
    for code, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        intensity = entry.get("carbon_intensity")
        name = entry.get("country_name")
        # A zero intensity (one entry in the 2023 table) is a data gap, not a grid without emissions.
        if isinstance(intensity, (int, float)) and intensity > 0 and isinstance(name, str):
            year = entry.get("year")
            table[str(code).upper()] = CountryIntensity(
                str(code).upper(), name, float(intensity), year if isinstance(year, int) else None
            )
    return table


class CloudRegion(NamedTuple):
    provider: str
    region: str
    alpha3: str | None
    country_name: str | None
    g_per_kwh: float | None


@lru_cache(maxsize=1)
def cloud_regions() -> dict[str, CloudRegion]:
    """Lower-case region id -> region, from CodeCarbon's data/cloud/impact.csv (GCP regions)."""
    data = codecarbon_data_dir()
    if data is None:
        return {}
    try:
        text = _read_text(data, "cloud", "impact.csv", encoding="utf-8-sig")
    except OSError:
        return {}
    regions: dict[str, CloudRegion] = {}
    import csv  # only when CodeCarbon's tables are read

    for row in csv.DictReader(text.splitlines()):
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


@lru_cache(maxsize=1)
def world_average() -> tuple[float, str]:
    """The world-average grid intensity (g/kWh) and where the figure comes from."""
    data = codecarbon_data_dir()
    if data is not None:
        try:
            raw = json.loads(_read_text(data, "private_infra", "carbon_intensity_per_source.json"))
            value = raw.get("world_average")
            if isinstance(value, (int, float)) and value > 0:
                return float(value), "CodeCarbon's world average"
        except (OSError, ValueError):
            pass
    fallback = hardware_table()["world_average"]
    return float(fallback["g_per_kwh"]), "world average"


@lru_cache(maxsize=1)
def cpu_power_table() -> tuple[tuple[str, float], ...]:
    """(folded CPU name, TDP watts) rows of CodeCarbon's cpu_power.csv (empty without CodeCarbon)."""
    data = codecarbon_data_dir()
    if data is None:
        return ()
    try:
        text = _read_text(data, "hardware", "cpu_power.csv", encoding="utf-8-sig")
    except OSError:
        return ()
    rows: list[tuple[str, float]] = []
    import csv  # only when CodeCarbon's tables are read

    for row in csv.DictReader(text.splitlines()):
        try:
            rows.append((fold(row.get("Name") or ""), float(row.get("TDP") or "")))
        except ValueError:
            continue
    return tuple(rows)
