"""Names of places: ISO 3166 countries (ours) and subdivisions (pycountry's), our aliases and macro-regions, ``fold``.

* ISO 3166-1 countries: ``data/countries.json``, shipped (249 rows, taken from pycountry's
  database), so a country resolves in every installation;
* ISO 3166-2 subdivisions come from the JSON database pycountry ships
  (``pycountry/databases/iso3166-2.json``), read as a file so a check never imports
  pycountry (the optional ``plausibility`` extra); ``None`` without it.
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


@cache
def countries() -> tuple[IsoCountry, ...]:
    """ISO 3166-1 countries from ``data/countries.json``, which ships inside the package.

    A country resolves the same way in every installation: a core install (no pycountry, no
    CodeCarbon) reads "Germany" as Germany, and only what needs an extra (a grid figure, a
    city's subdivision) names the extra.
    """
    table = json.loads((Path(__file__).parent / "data" / "countries.json").read_text(encoding="utf-8"))
    return tuple(
        IsoCountry(row[0], row[1], row[2], (row[4] if len(row) > 4 else "") or None, (row[3:4] or [""])[0] or None)
        for row in table["countries"]
    )


@cache
def subdivisions() -> tuple[IsoSubdivision, ...] | None:
    """ISO 3166-2 subdivisions (5,000 states, provinces, regions) from pycountry's database, or None without it.

    Read as a file (``pycountry/databases/iso3166-2.json``) so a check never imports
    pycountry (the optional ``plausibility`` extra; CodeCarbon depends on it too); an
    installation without that file falls back to pycountry's API.
    """
    folder = package_folder("pycountry")
    if folder is None:
        return None
    try:
        part2 = json.loads((folder / "databases" / "iso3166-2.json").read_text(encoding="utf-8"))["3166-2"]
        return tuple(IsoSubdivision(str(e["code"]), str(e["name"])) for e in part2)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        import pycountry
    except ImportError:
        return None
    return tuple(IsoSubdivision(s.code, s.name) for s in pycountry.subdivisions)


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
