"""Where the training ran, validated against the data CodeCarbon ships, never guessed.

CodeCarbon's offline tracker takes a country (ISO 3166 alpha-3), an optional region,
or a cloud provider and region. What it does with a wrong value is silent: ``"FR"``
or ``"XXX"`` logs an error and uses the world average (475 g/kWh), an unknown US state
falls back to the country, an unknown GCP region to the world average. So every value
is checked here first, against CodeCarbon's own bundled tables, read as files (the
package is located, not imported):

* countries: ``data/private_infra/global_energy_mix.json``;
* regions with their own data: US states and Canadian provinces
  (``data/private_infra/2023/``), Chinese provinces, and the Nordic bidding zones
  (SE1-SE4, NO1-NO5, FI); a region of another country is kept for the card only;
* cloud regions: ``data/cloud/impact.csv`` (Google Cloud only).
"""

from __future__ import annotations

import csv
import difflib
import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hfcarbon_lint.tracking.measurement import cloud_location_text, display_region

_NORDIC = {"SWE": ("SE1", "SE2", "SE3", "SE4"), "NOR": ("NO1", "NO2", "NO3", "NO4", "NO5"), "FIN": ("FI",)}


class LocationError(Exception):
    """The location is missing, unknown to CodeCarbon, or ambiguous; the message says what to pass."""


@dataclass(frozen=True)
class Location:
    """A validated location, as CodeCarbon's offline tracker wants it and as the card shows it."""

    country_iso_code: str | None = None
    region: str | None = None  # in CodeCarbon's spelling (lower case, or SE3 for Nordic zones)
    cloud_provider: str | None = None
    cloud_region: str | None = None
    country_name: str | None = None
    regional_data: bool = False  # CodeCarbon has a grid intensity for the region itself

    @property
    def card_text(self) -> str:
        if self.cloud_provider and self.cloud_region:
            return cloud_location_text(self.cloud_provider, self.cloud_region, self.country_name)
        country = self.country_name or self.country_iso_code or ""
        return f"{display_region(self.region)}, {country}" if self.region else country

    def tracker_arguments(self) -> dict[str, Any]:
        """The five location arguments of OfflineEmissionsTracker, all explicit (config cannot fill one in)."""
        return {
            "country_iso_code": self.country_iso_code,
            "region": self.region,
            "cloud_provider": self.cloud_provider,
            "cloud_region": self.cloud_region,
            "country_2letter_iso_code": None,
        }


def codecarbon_data_dir() -> Path:
    """CodeCarbon's ``data`` folder, found without importing the package."""
    spec = importlib.util.find_spec("codecarbon")
    if spec is None or not spec.submodule_search_locations:
        raise LocationError("CodeCarbon is not installed: pip install 'hfcarbon-lint[track]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def resolve_location(
    country: str | None = None,
    region: str | None = None,
    cloud_provider: str | None = None,
    cloud_region: str | None = None,
    data_dir: Path | None = None,
) -> Location:
    """Validate the user's location flags; raise :class:`LocationError` with a suggestion otherwise."""
    data = data_dir or codecarbon_data_dir()
    if cloud_provider or cloud_region:
        if country or region:
            raise LocationError(
                "give either --country (with --region) or --cloud-provider with --cloud-region, not both"
            )
        if not (cloud_provider and cloud_region):
            raise LocationError(
                "--cloud-provider and --cloud-region go together (e.g. --cloud-provider gcp --cloud-region europe-west1)"
            )
        return _cloud(cloud_provider.strip().lower(), cloud_region.strip().lower(), data)
    if not country:
        raise LocationError(
            "where did this run? pass --country ISO3 (e.g. --country FRA, with --region for US states, Canadian "
            "provinces, Chinese provinces or Nordic zones) or --cloud-provider gcp --cloud-region REGION. "
            "hfcarbon-lint never guesses: CodeCarbon's online lookup records Canada for machines it cannot locate"
        )
    return _country(country.strip(), region.strip() if region else None, data)


def _country(code: str, region: str | None, data: Path) -> Location:
    countries = _countries(data)
    iso = code.upper()
    if iso not in countries:
        raise LocationError(f"unknown country {code!r}: {_country_hint(code, countries)}")
    name = str(countries[iso].get("country_name") or iso)
    if not region:
        return Location(country_iso_code=iso, country_name=name)
    regions = _regions(iso, data)
    if regions is None:
        # CodeCarbon computes with the national average; the region only goes to the card.
        return Location(country_iso_code=iso, region=region, country_name=name)
    key = _region_key(iso, region, regions)
    if key is None:
        close = difflib.get_close_matches(region.lower(), list(regions), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise LocationError(
            f"CodeCarbon has no data for region {region!r} of {name} ({iso}){hint} "
            f"(known: {', '.join(sorted(regions)[:12])}{', ...' if len(regions) > 12 else ''})"
        )
    return Location(country_iso_code=iso, region=key, country_name=name, regional_data=True)


def _cloud(provider: str, region: str, data: Path) -> Location:
    rows = _cloud_rows(data)
    providers = sorted({row["provider"] for row in rows})
    if provider not in providers:
        raise LocationError(
            f"CodeCarbon has no offline data for cloud provider {provider!r} (only {', '.join(providers)}); "
            "pass the data centre's --country (and --region) instead"
        )
    regions = {row["region"]: row for row in rows if row["provider"] == provider}
    if region not in regions:
        close = difflib.get_close_matches(region, list(regions), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise LocationError(f"unknown {provider} region {region!r}{hint}")
    row = regions[region]
    return Location(
        country_iso_code=row.get("countryIsoCode") or None,
        cloud_provider=provider,
        cloud_region=region,
        country_name=row.get("country_name") or None,
        regional_data=True,
    )


def _region_key(iso: str, region: str, regions: dict[str, str]) -> str | None:
    wanted = " ".join(region.split())
    if iso in _NORDIC:
        return wanted.upper() if wanted.upper() in regions else None
    lowered = wanted.lower()
    if lowered in regions:
        return lowered
    for key, alias in regions.items():  # USA: "CA" for california; CHN: every listed spelling
        if alias and lowered in alias.lower().split("|"):
            return key
    return None


def _country_hint(code: str, countries: dict[str, dict[str, Any]]) -> str:
    text = code.strip().lower()
    by_name = [iso for iso, entry in countries.items() if str(entry.get("country_name", "")).lower() == text]
    if by_name:
        return f"use its ISO 3166 alpha-3 code {by_name[0]}"
    if len(text) == 2:
        alpha3 = _alpha2_to_alpha3(text)
        if alpha3 and alpha3 in countries:
            return (
                f"{code!r} is an alpha-2 code; CodeCarbon wants alpha-3: {alpha3} ({countries[alpha3]['country_name']})"
            )
        return "CodeCarbon wants an ISO 3166 alpha-3 code such as FRA, USA or DEU"
    names = {str(entry.get("country_name", "")).lower(): iso for iso, entry in countries.items()}
    close = difflib.get_close_matches(text, list(names), n=1, cutoff=0.75)
    if close:
        return f"did you mean {names[close[0]]} ({countries[names[close[0]]]['country_name']})?"
    return "not in CodeCarbon's country table; use an ISO 3166 alpha-3 code such as FRA, USA or DEU"


def _alpha2_to_alpha3(code: str) -> str | None:
    try:
        import pycountry  # optional (plausibility extra); only used for a better hint
    except ImportError:
        return None
    found = pycountry.countries.get(alpha_2=code.upper())
    return str(found.alpha_3) if found is not None else None


@cache
def _countries(data: Path) -> dict[str, dict[str, Any]]:
    path = data / "private_infra" / "global_energy_mix.json"
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LocationError(f"cannot read CodeCarbon's country table {path}: {exc}") from None
    return {str(iso).upper(): entry for iso, entry in loaded.items() if isinstance(entry, dict)}


@cache
def _regions(iso: str, data: Path) -> dict[str, str] | None:
    """Region key -> alternative spellings ("|"-joined), for the countries CodeCarbon has regional data for."""
    infra = data / "private_infra"
    try:
        if iso == "USA":
            usa = json.loads((infra / "2023" / "usa_emissions.json").read_text(encoding="utf-8"))
            return {k: str(v.get("regionCode", "")) for k, v in usa.items() if not k.startswith("_")}
        if iso == "CAN":
            canada = json.loads((infra / "2023" / "canada_energy_mix.json").read_text(encoding="utf-8"))
            return {k: "" for k in canada if not k.startswith("_")}
        if iso == "CHN":
            china = json.loads((infra / "2023" / "china_provincial_emissions.json").read_text(encoding="utf-8"))
            provinces: dict[str, str] = {}
            for code, entry in china["data"].items():
                names = [str(name).lower() for name in entry.get("names", [])] or [code.lower()]
                provinces[names[0]] = "|".join([*names, str(entry.get("description", "")).lower(), code.lower()])
            return provinces
    except (OSError, ValueError, KeyError) as exc:
        raise LocationError(f"cannot read CodeCarbon's regional data for {iso}: {exc}") from None
    if iso in _NORDIC:
        return dict.fromkeys(_NORDIC[iso], "")
    return None


@cache
def _cloud_rows(data: Path) -> list[dict[str, str]]:
    path = data / "cloud" / "impact.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(stream)]
    except OSError as exc:
        raise LocationError(f"cannot read CodeCarbon's cloud table {path}: {exc}") from None
