"""Names of places: ISO 3166 (from pycountry's databases), our few aliases and macro-regions, and ``fold``.

* ISO 3166-1 countries and 3166-2 subdivisions come from the JSON databases pycountry
  ships (``pycountry/databases/iso3166-1.json``, ``iso3166-2.json``), read as files so a
  check never imports pycountry (the optional ``plausibility`` extra); ``None`` without it.
* ``data/places.json`` (ours): macro-region names (``Europe``), a few English country
  names ISO spells otherwise (``UK``, ``Holland``), and the world-average intensity used
  when CodeCarbon is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

CLOUD_PROVIDER_NAMES = {"gcp": "Google Cloud Platform", "aws": "Amazon Web Services", "azure": "Microsoft Azure"}
_MARKS = re.compile(r"\((?:r|tm|c)\)", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, accents removed, registered marks dropped, whitespace collapsed (for places and hardware)."""
    # Called for every country name when the tables are built: keep the common ASCII path cheap.
    text = text.replace("®", " ").replace("™", " ")
    if "(" in text:
        text = _MARKS.sub(" ", text)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.split()).lower()


def package_folder(name: str) -> Path | None:
    """Where an installed package lives, found without importing it (no side effects); None if absent."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


@cache
def places() -> dict[str, Any]:
    """Our place table, ``data/places.json`` (always available: it ships inside the package)."""
    table: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "places.json").read_text(encoding="utf-8"))
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
    databases: Path | None = None  # pycountry's JSON folder; None: pycountry's API

    @property
    def subdivisions(self) -> tuple[IsoSubdivision, ...]:
        """Read on first use: 5,000 entries most locations ("City, Country") never need."""
        return _subdivisions(self.databases)


@cache
def _subdivisions(databases: Path | None) -> tuple[IsoSubdivision, ...]:
    if databases is not None:
        try:
            part2 = json.loads((databases / "iso3166-2.json").read_text(encoding="utf-8"))["3166-2"]
            return tuple(IsoSubdivision(str(e["code"]), str(e["name"])) for e in part2)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    try:
        import pycountry
    except ImportError:
        return ()
    return tuple(IsoSubdivision(s.code, s.name) for s in pycountry.subdivisions)


@cache
def iso3166() -> Iso3166 | None:
    """ISO 3166-1 countries and 3166-2 subdivisions from pycountry's databases, or None without pycountry.

    The JSON databases pycountry ships are read as files, as CodeCarbon's tables are, so a
    check never imports pycountry itself; an installation without those files falls back
    to pycountry's API.
    """
    folder = package_folder("pycountry")
    if folder is None:
        return None
    databases = folder / "databases"
    try:
        part1 = json.loads((databases / "iso3166-1.json").read_text(encoding="utf-8"))["3166-1"]
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


def cloud_location_text(provider: str | None, region: str, country: str | None) -> str:
    name = CLOUD_PROVIDER_NAMES.get((provider or "").lower(), provider or "cloud")
    text = f"{region} ({name})"
    return f"{text}, {country}" if country else text


def display_region(region: str) -> str:
    """CodeCarbon stores regions in lower case: ``new york`` -> ``New York``, ``se3`` -> ``SE3``."""
    if re.fullmatch(r"[a-z]{1,3}\d*", region) or re.fullmatch(r"[a-z]{2}-[a-z]{2}", region):
        return region.upper()
    if region != region.lower():
        return region
    return " ".join(word.capitalize() for word in region.split(" "))
