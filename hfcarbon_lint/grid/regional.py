"""Regional grid figures: US states, Canadian provinces, Chinese provinces, Nordic zones; AWS and Azure regions.

CodeCarbon computes a region's intensity from its own tables; this module computes the same
figure from the same files, the way CodeCarbon 3.3 does (``codecarbon/core/emissions.py``),
so a card that ``track`` wrote checks (HFC062) and estimates (``estimate``) against the
figure it was measured with:

* US states: ``private_infra/2023/usa_emissions.json``, EPA eGRID2023 output emission
  rates in lbs/MWh, x 0.45359237 (CodeCarbon's conversion);
* Canadian provinces: ``private_infra/2023/canada_energy_mix.json``, a percentage mix by
  source. CodeCarbon counts only its coal, petroleum and natural-gas shares, at 995.7,
  816.7 and 743.8 g/kWh (``_region_energy_mix_to_emissions_rate``): Quebec (92% hydro)
  is 3.9 g/kWh, not the 31 g/kWh a lifecycle factor for hydro would give;
* Chinese provinces: ``private_infra/2023/china_provincial_emissions.json`` (MEE/NBS 2023
  factors), names matched as CodeCarbon does (a trailing "province", "shi" ... ignored);
* Nordic bidding zones SE1-SE4, NO1-NO5 and FI: ``private_infra/nordic_emissions.json``.

``data/cloud_regions.json`` (ours) places each AWS and Azure region in the state, province
or country its provider publishes (CodeCarbon's ``cloud/impact.csv`` has GCP only), so
``us-east-1`` and ``eastus`` are Virginia. Every reader gives an empty table when
CodeCarbon is missing or a file is broken: the caller falls back to the national figure
and says so.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from hfcarbon_lint.grid.names import fold, subdivisions
from hfcarbon_lint.grid.tables import NORDIC_ZONES, TableError, regional_file

LBS_PER_MWH_TO_G_PER_KWH = 0.45359237  # CodeCarbon's EmissionsPerKWh.LBS_MWH_TO_KG_KWH, in g/kWh
# CodeCarbon's factors for a Canadian province's mix (kg/kWh in codecarbon/core/emissions.py), in g/kWh.
CANADA_FOSSIL_G_PER_KWH = {"coal": 995.725971, "petroleum": 816.6885263, "naturalGas": 743.8415916}
# CodeCarbon ignores these endings of a Chinese province's name ("Guangdong Province", "Beijing Shi").
_CHINA_SUFFIX = r"\s+(autonomous region|municipality|province|sheng|shi|zizhiqu)$"  # compiled on first use
# Which of CodeCarbon's tables holds each country's regions (said with every regional figure).
COUNTRY_TABLES = {
    "USA": "EPA eGRID2023 state rates",
    "CAN": "2023 province mix, its coal, oil and gas shares",
    "CHN": "MEE/NBS 2023 provincial factors",
    "SWE": "ENTSO-E 2025 bidding-zone mix",
    "NOR": "ENTSO-E 2025 bidding-zone mix",
    "FIN": "Nordic zone table",
}


class RegionalFigure(NamedTuple):
    key: str  # CodeCarbon's spelling: "virginia", "quebec", "beijing", "SE3"
    name: str  # for people: "Virginia", "Quebec", "Beijing", "SE3"
    g_per_kwh: float
    source: str  # "EPA eGRID2023 state rates": the table it comes from


@cache
def regional_figures(alpha3: str) -> dict[str, RegionalFigure]:
    """CodeCarbon's key -> figure for a country with regional data; empty otherwise, without CodeCarbon or a file."""
    try:
        return regional_table(alpha3)
    except TableError:
        return {}


def regional_table(alpha3: str) -> dict[str, RegionalFigure]:
    """:func:`regional_figures`, raising :class:`TableError` for a missing or broken file (for ``track``)."""
    try:
        return _read(alpha3)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TableError(f"cannot read CodeCarbon's regional data for {alpha3}: {exc!r}") from None


@cache
def _read(alpha3: str) -> dict[str, RegionalFigure]:
    data = regional_file(alpha3)
    source = COUNTRY_TABLES.get(alpha3, "")
    figures: dict[str, RegionalFigure] = {}
    if data is None:
        return figures
    if alpha3 == "USA":
        for key, entry in data.items():
            if not key.startswith("_"):
                grams = float(entry["emissions"]) * LBS_PER_MWH_TO_G_PER_KWH
                figures[key] = RegionalFigure(key, _title(key), grams, source)
    elif alpha3 == "CAN":
        for key, mix in data.items():
            if not key.startswith("_"):
                total = float(mix["total"])
                grams = sum(
                    float(mix.get(kind, 0.0)) / total * factor for kind, factor in CANADA_FOSSIL_G_PER_KWH.items()
                )
                figures[key] = RegionalFigure(key, _title(key), grams, source)
    elif alpha3 == "CHN":
        for entry in data["data"].values():
            names = [str(name).lower() for name in entry["names"]]
            figures[names[0]] = RegionalFigure(
                names[0], str(entry.get("description") or _title(names[0])), float(entry["emission_factor"]), source
            )
    elif alpha3 in NORDIC_ZONES:
        for zone in NORDIC_ZONES[alpha3]:
            entry = data["data"].get(zone)
            if entry is not None:
                figures[zone] = RegionalFigure(zone, zone, float(entry["emission_factor"]), source)
    return figures


@cache
def _region_names(alpha3: str) -> dict[str, str]:
    """Folded name or code -> CodeCarbon's key, for the regions of one country."""
    figures = regional_figures(alpha3)
    names: dict[str, str] = {}
    if not figures:
        return names
    data = regional_file(alpha3) or {}
    if alpha3 == "USA":
        for key in figures:
            names[key] = key
            code = str(data[key].get("regionCode", "")).lower()
            if code:
                names[code] = key  # "NY" in "Brooklyn, NY, USA"
    elif alpha3 == "CHN":
        for code, entry in data["data"].items():
            key = str(entry["names"][0]).lower()
            for name in [*entry["names"], entry.get("description") or "", code]:
                if name:
                    names[fold(str(name))] = key
    else:
        names.update({key.lower(): key for key in figures})
    return names


@cache
def _iso_codes(alpha3: str) -> dict[str, str]:
    """ISO 3166-2 codes and names of a country's regions -> CodeCarbon's key ("qc" -> "quebec"), from pycountry.

    Read only when CodeCarbon's own names do not match: pycountry's subdivision table is 450 KB.
    """
    prefix = {"USA": "US-", "CAN": "CA-"}.get(alpha3)
    names = _region_names(alpha3)
    codes: dict[str, str] = {}
    for sub in (subdivisions() or ()) if prefix else ():
        key = names.get(fold(sub.name))
        if sub.code.startswith(prefix or "-") and key is not None:
            codes[sub.code[len(prefix or "") :].lower()] = key
            codes[sub.code.lower()] = key
    return codes


def region_key(alpha3: str, text: str) -> str | None:
    """CodeCarbon's key for a region of ``alpha3`` written as ``text`` ("NY", "New York State", "Québec"), or None."""
    names = _region_names(alpha3)
    if not names:
        return None
    key = fold(text).strip(" .")
    if alpha3 == "CHN":
        key = re.sub(_CHINA_SUFFIX, "", key)
    if alpha3 == "USA" and key.endswith(" state") and key != "washington state":
        key = key[: -len(" state")]  # "New York State"
    if key == "washington state":
        key = "washington"
    found = names.get(key)
    if found is None and alpha3 == "CAN" and re.fullmatch(r"(?:ca-)?[a-z]{2}", key):
        found = _iso_codes(alpha3).get(key)  # "Montreal, QC, Canada"
    return found


def regional_countries() -> tuple[str, ...]:
    return tuple(COUNTRY_TABLES)


# --------------------------------------------------------------------------- AWS and Azure


class ProviderRegion(NamedTuple):
    provider: str  # "aws" | "azure"
    region: str  # "us-east-1", "eastus"
    alpha3: str
    state: str | None  # CodeCarbon's spelling of the state or province, when it has regional data there
    published: str  # the provider's own name of the place: "US East (N. Virginia)"


@cache
def provider_table() -> dict[str, Any]:
    """``data/cloud_regions.json``: where AWS and Azure say their regions are (ships inside the package)."""
    loaded: dict[str, Any] = json.loads(
        (Path(__file__).parent / "data" / "cloud_regions.json").read_text(encoding="utf-8")
    )
    return loaded


@cache
def provider_regions() -> dict[str, ProviderRegion]:
    """Lower-case AWS or Azure region id -> where it is."""
    regions: dict[str, ProviderRegion] = {}
    for provider in ("aws", "azure"):
        for region, (alpha3, state, published) in provider_table()[provider]["regions"].items():
            regions[region] = ProviderRegion(provider, region, alpha3, state or None, published)
    return regions


def provider_source(provider: str) -> str:
    return str(provider_table()[provider]["source"])


def _title(key: str) -> str:
    return " ".join(word.capitalize() for word in key.split(" "))
