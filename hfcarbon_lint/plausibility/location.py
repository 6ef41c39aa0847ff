"""``geographical_location`` -> a country, a cloud region, a macro-region, or nothing.

Real values (../shared/corpus): ``Germany``, ``United States of America``,
``Fredericia, Denmark``, ``Eemshaven, Netherlands, Europe``, ``catalonia, Spain``,
``US-East``, ``NA``. The Hub spec asks for "as granular as possible, e.g. Quebec,
Canada or Brooklyn, NY, USA", so the country is usually the last comma-separated
part: parts are read right to left and the first country wins.

Country names come from pycountry (ISO 3166 names, official and common names,
alpha-2/alpha-3 codes, subdivisions) and from CodeCarbon's energy-mix table (Our World
in Data names such as ``Russia``); GCP regions from CodeCarbon's ``impact.csv``.
Nothing here lists countries by hand.
"""

from __future__ import annotations

import enum
import re
from functools import lru_cache
from typing import NamedTuple

from hfcarbon_lint.plausibility import sources
from hfcarbon_lint.plausibility.sources import fold


class Resolution(enum.Enum):
    COUNTRY = "country"  # a country, possibly with a subdivision or a city before it
    CLOUD_REGION = "cloud-region"  # us-central1, US-East, westeurope
    REGION = "region"  # a continent or macro-region (Europe): accepted, no country
    AMBIGUOUS = "ambiguous"  # NA (North America? not available? Namibia?): accepted as written
    UNRESOLVED = "unresolved"
    UNAVAILABLE = "unavailable"  # no country data installed: cannot tell

    @property
    def accepted(self) -> bool:
        return self is not Resolution.UNRESOLVED


class Location(NamedTuple):
    text: str
    resolution: Resolution
    alpha3: str | None = None
    country_name: str | None = None
    detail: str | None = None  # the subdivision, cloud region or macro-region matched
    g_per_kwh: float | None = None  # the grid intensity for this place, when a table has it
    intensity_source: str | None = None

    def describe(self) -> str:
        if self.resolution is Resolution.CLOUD_REGION and self.detail:
            where = f"cloud region {self.detail}"
            return f"{where} ({self.country_name})" if self.country_name else where
        if self.country_name:
            return f"{self.detail}, {self.country_name}" if self.detail else self.country_name
        return self.detail or self.text


# "NA" on four real cards: North America, or "not available"? Accepted, never guessed (not Namibia).
_AMBIGUOUS = frozenset({"na", "n.a.", "n.a"})
_DIRECTIONS = (
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north",
    "south",
    "east",
    "west",
    "central",
    "centre",
    "center",
)
_DIRECTION_RE = re.compile("|".join(_DIRECTIONS))
MAX_TEXT = 300  # a location longer than this is prose; only its start is read
_REGION_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def resolve_location(text: str) -> Location:
    """Resolve a free-text location; never raises."""
    raw = text.strip()
    folded = fold(raw[:MAX_TEXT]).strip(" .;")
    if folded in _AMBIGUOUS:
        return Location(raw, Resolution.AMBIGUOUS, detail="NA")
    region = _cloud_region(folded)
    if region is not None:
        return _with_intensity(raw, region)
    parts = [p.strip(" .") for p in re.split(r"[,;/|()]|\s+-\s+", folded) if p.strip(" .")]
    macro: str | None = None
    subdivision: tuple[str, str] | None = None  # (name, alpha3)
    whole = _country(folded, allow_alpha2=len(parts) == 1)  # "Korea, Republic of" holds a comma
    if whole is not None:
        return _with_intensity(raw, Location(raw, Resolution.COUNTRY, whole))
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        pair = ", ".join(parts[index : index + 2])
        alpha3 = _country(part, allow_alpha2=len(parts) == 1)
        if alpha3 is None and index + 1 < len(parts):
            alpha3 = _country(pair, allow_alpha2=False)
        if alpha3 is not None:
            detail = subdivision[0] if subdivision and subdivision[1] == alpha3 else None
            return _with_intensity(raw, Location(raw, Resolution.COUNTRY, alpha3, detail=detail))
        found = _subdivision(part)
        if found is not None and len(part) == 2 and _country(part, allow_alpha2=True) is not None:
            # "Munich, DE": Delaware or Germany? "San Francisco, CA": California or Canada? Accepted, not guessed.
            return Location(raw, Resolution.AMBIGUOUS, detail=part.upper())
        if found is not None and subdivision is None:
            subdivision = found
            continue
        region = _cloud_region(part)
        if region is not None:
            return _with_intensity(raw, region)
        if macro is None and part in _region_names():
            macro = part
    if subdivision is not None:
        return _with_intensity(raw, Location(raw, Resolution.COUNTRY, subdivision[1], detail=subdivision[0]))
    if macro is not None:
        return Location(raw, Resolution.REGION, detail=macro.title() if len(macro) > 4 else macro.upper())
    if sources.iso3166() is None:
        # Without ISO 3166 data a city or region name cannot be told from nonsense: do not guess.
        return Location(raw, Resolution.UNAVAILABLE)
    return Location(raw, Resolution.UNRESOLVED)


def _with_intensity(raw: str, location: Location) -> Location:
    """Fill the country name and the grid intensity from the tables that are installed."""
    name = location.country_name
    intensity, origin = location.g_per_kwh, location.intensity_source
    if location.alpha3:
        entry = sources.country_intensities().get(location.alpha3)
        if name is None:
            name = _country_name(location.alpha3) or (entry.name if entry else location.alpha3)
        if intensity is None and entry is not None:
            year = f" {entry.year}" if entry.year else ""
            intensity, origin = entry.g_per_kwh, f"CodeCarbon's{year} figure for {entry.name}"
    return Location(raw, location.resolution, location.alpha3, name, location.detail, intensity, origin)


def _country(part: str, allow_alpha2: bool) -> str | None:
    """The ISO alpha-3 code a text names, from pycountry, CodeCarbon's table and our few aliases."""
    key = part.strip().lower()
    if not key:
        return None
    aliases = sources.hardware_table()["country_aliases"]["names"]
    if key in aliases:
        return str(aliases[key])
    if key.startswith("the "):
        key = key[4:]
    compact = key.replace(".", "")
    if len(compact) == 2 and not allow_alpha2:
        # "San Francisco, CA": a trailing two-letter code is more often a US state or a
        # Canadian province than a country; it is left to the subdivision lookup.
        return None
    by_name = _country_names()
    if key in by_name:
        return by_name[key]
    if compact in by_name and len(compact) in (2, 3):
        return by_name[compact]
    return None


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded name or code -> alpha-3, from every installed source."""
    names: dict[str, str] = {}
    for alpha3, entry in sources.country_intensities().items():
        names[fold(entry.name)] = alpha3
        names[alpha3.lower()] = alpha3
    iso = sources.iso3166()
    if iso is not None:
        for country in iso.countries:
            for name in country.names:
                names.setdefault(fold(name), country.alpha3)
            names[country.alpha2.lower()] = country.alpha3
            names[country.alpha3.lower()] = country.alpha3
    return names


def _country_name(alpha3: str) -> str | None:
    iso = sources.iso3166()
    if iso is not None:
        for country in iso.countries:
            if country.alpha3 == alpha3:
                return country.display_name
    entry = sources.country_intensities().get(alpha3)
    return entry.name if entry else None


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, list[tuple[str, str]]]:
    """Folded subdivision name or code -> [(display name, country alpha-3)] from pycountry."""
    iso = sources.iso3166()
    table: dict[str, list[tuple[str, str]]] = {}
    if iso is None:
        return table
    alpha3_of = {c.alpha2: c.alpha3 for c in iso.countries}
    for sub in iso.subdivisions:
        alpha3 = alpha3_of.get(sub.code.split("-")[0])
        if alpha3 is None:
            continue
        # "Catalunya [Cataluña]": each bracketed alternative is a name too.
        for name in re.split(r"\s*[\[\]]\s*", sub.name):
            if name:
                table.setdefault(fold(name), []).append((name, alpha3))
        table.setdefault(sub.code.lower(), []).append((sub.name, alpha3))  # "us-ny"
    return table


def _subdivision(part: str) -> tuple[str, str] | None:
    key = part.strip().lower()
    candidates = _subdivisions().get(key)
    if candidates is None and re.fullmatch(r"[a-z]{2}", key):
        # A bare two-letter state/province code: the Hub spec's own example is "Brooklyn, NY, USA".
        candidates = _subdivisions().get(f"us-{key}") or _subdivisions().get(f"ca-{key}")
    if not candidates:
        return None
    countries = {alpha3 for _, alpha3 in candidates}
    if len(countries) != 1:
        return None  # "Punjab" is in India and in Pakistan
    return candidates[0]


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    return frozenset(sources.hardware_table()["region_names"])


def _cloud_region(part: str) -> Location | None:
    """A provider region: exact GCP ids from CodeCarbon's table, else a direction + a place (US-East, westeurope)."""
    key = part.strip().lower()
    # Region ids are one token ("us-central1"); "Quebec, Canada" need not load the table.
    regions = sources.cloud_regions() if _REGION_ID.fullmatch(key) else {}
    zone = re.sub(r"-[a-z]$", "", key)  # us-central1-a -> us-central1
    for candidate in (key, zone):
        found = regions.get(candidate)
        if found is not None:
            origin = f"CodeCarbon's {found.provider.upper()} figure for {found.region}" if found.g_per_kwh else None
            return Location(
                part,
                Resolution.CLOUD_REGION,
                found.alpha3,
                None if found.alpha3 else found.country_name,  # the ISO name is filled in from the code
                detail=found.region,
                g_per_kwh=found.g_per_kwh,
                intensity_source=origin,
            )
    if " " in key or not _DIRECTION_RE.search(key):
        return None
    # Generic provider spelling: "us-east", "us-east-1", "eu-west-2", "westeurope", "eastus2", "uksouth".
    if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*(?:-?\d+)?(?:-[a-z])?", key):
        return None
    place = _DIRECTION_RE.sub(" ", re.sub(r"-?\d+(?:-[a-z])?$", "", key)).replace("-", " ").strip()
    if not place or " " in place:
        return None
    alpha3 = _country(place, allow_alpha2=True) if place not in ("eu", "ap", "sa", "me", "af") else None
    if alpha3 is not None:
        return Location(part, Resolution.CLOUD_REGION, alpha3, detail=part)
    macro = {
        "eu": "europe",
        "europe": "europe",
        "ap": "asia pacific",
        "asia": "asia",
        "sa": "south america",
        "southamerica": "south america",
        "northamerica": "north america",
        "me": "middle east",
        "af": "africa",
        "africa": "africa",
    }.get(place)
    if macro is not None:
        return Location(part, Resolution.CLOUD_REGION, detail=part)
    return None
