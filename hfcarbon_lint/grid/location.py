"""Where a run happened, from a card's free-text ``geographical_location``; never guessed.

:func:`resolve_location` serves the plausibility rules HFC060-HFC063, ``estimate --location``
and HFC041's fix. Real values (../shared/corpus): ``Germany``, ``United States of America``,
``Fredericia, Denmark``, ``Eemshaven, Netherlands, Europe``, ``catalonia, Spain``, ``US-East``,
``NA``. The Hub spec asks for "as granular as possible, e.g. Quebec, Canada or Brooklyn, NY,
USA", so the country is usually the last comma-separated part: parts are read right to left
and the first country wins. Country names and codes come from ISO 3166 (``grid.names``, shipped)
and our aliases, which include the names CodeCarbon's Our World in Data table adds (``Russia``);
subdivisions from pycountry's database; GCP regions from CodeCarbon's ``impact.csv``. It never
raises: the answer says how far it got.

``track``'s flags are validated by ``grid.track_flags``, which a check never loads.
"""

from __future__ import annotations

import enum
import re
from functools import cache
from typing import NamedTuple

from hfcarbon_lint.grid.names import countries, fold, places, subdivisions
from hfcarbon_lint.grid.regional import (
    COUNTRY_TABLES,
    provider_regions,
    region_key,
    regional_figures,
)
from hfcarbon_lint.grid.tables import (
    NORDIC_ZONES,
    cloud_regions,
    codecarbon_data_dir,
    country_intensities,
)

# --------------------------------------------------------------------------- free text (a card)


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
    region: str | None = None  # CodeCarbon's key of the state, province or zone with its own figure ("virginia")
    grid_note: str | None = None  # why this figure: regional, or national and why

    def describe(self) -> str:
        country = self.country_name
        if self.region and self.alpha3:
            shown = (
                regional_figures(self.alpha3)[self.region].name
                if self.region in regional_figures(self.alpha3)
                else self.region
            )
            country = f"{shown}, {country}" if country else shown
        if self.resolution is Resolution.CLOUD_REGION and self.detail:
            where = f"cloud region {self.detail}"
            return f"{where} ({country})" if country else where
        if country:
            return f"{self.detail}, {country}" if self.detail and not self.region else country
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
    for part in parts:
        # A cloud region id is the most precise place a text can give: "europe-west1 (Google Cloud
        # Platform), Belgium", as track writes it, has Google's figure for the region, not Belgium's.
        region = _cloud_region(part, exact=True)
        if region is not None:
            return _with_intensity(raw, region)
    macro: str | None = None
    subdivision: tuple[str, str] | None = None  # (name, alpha3)
    subdivision_text = ""
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
            # "Brooklyn, NY, USA": the state nearest the country first, then the rest.
            others = [*reversed(parts[:index]), *parts[index + 1 :]]
            key = next((k for k in (region_key(alpha3, other) for other in others) if k), None)
            return _with_intensity(raw, Location(raw, Resolution.COUNTRY, alpha3, detail=detail, region=key))
        found = _subdivision(part)
        if found is not None and len(part) == 2 and _country(part, allow_alpha2=True) is not None:
            # "Munich, DE": Delaware or Germany? "San Francisco, CA": California or Canada? Accepted, not guessed.
            return Location(raw, Resolution.AMBIGUOUS, detail=part.upper())
        if found is not None and subdivision is None:
            subdivision = found
            subdivision_text = part
            continue
        region = _cloud_region(part)
        if region is not None:
            return _with_intensity(raw, region)
        if macro is None and part in _region_names():
            macro = part
    if subdivision is not None:
        name, alpha3 = subdivision
        key = region_key(alpha3, subdivision_text) or region_key(alpha3, name)
        return _with_intensity(raw, Location(raw, Resolution.COUNTRY, alpha3, detail=name, region=key))
    if macro is not None:
        return Location(raw, Resolution.REGION, detail=macro.title() if len(macro) > 4 else macro.upper())
    if subdivisions() is None:
        # Without ISO 3166-2 data a city or region name cannot be told from nonsense: do not guess.
        return Location(raw, Resolution.UNAVAILABLE)
    return Location(raw, Resolution.UNRESOLVED)


def _with_intensity(raw: str, location: Location) -> Location:
    """Fill the country name and the grid figure (the region's where CodeCarbon has one) and say why."""
    name = location.country_name
    intensity, origin, note = location.g_per_kwh, location.intensity_source, location.grid_note
    alpha3 = location.alpha3
    if alpha3:
        regional = regional_figures(alpha3).get(location.region or "")
        if name is None:
            name = _country_name(alpha3)
        # CodeCarbon's national table is 129 KB of JSON: read only when its figure or its name is needed.
        entry = country_intensities().get(alpha3) if name is None or (intensity is None and regional is None) else None
        if name is None:
            name = entry.name if entry else alpha3
        if intensity is None and regional is not None:
            intensity, origin = regional.g_per_kwh, f"CodeCarbon's figure for {regional.name} ({regional.source})"
            note = _join(note, f"{regional.name} has its own figure")
        elif intensity is None and entry is not None:
            year = f" {entry.year}" if entry.year else ""
            intensity, origin = entry.g_per_kwh, f"CodeCarbon's{year} figure for {entry.name}"
            if alpha3 in COUNTRY_TABLES and codecarbon_data_dir() is not None:
                what = "bidding zone" if alpha3 in NORDIC_ZONES else "state" if alpha3 == "USA" else "province"
                note = _join(note, f"no {what} written: the national average")
            elif codecarbon_data_dir() is not None:
                note = _join(note, f"CodeCarbon has one figure for all of {name}")
    return location._replace(text=raw, country_name=name, g_per_kwh=intensity, intensity_source=origin, grid_note=note)


def _join(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second


def _country(part: str, allow_alpha2: bool) -> str | None:
    """The ISO alpha-3 code a text names, from ISO 3166's names and codes and our aliases."""
    key = part.strip().lower()
    if not key:
        return None
    aliases = places()["country_aliases"]["names"]
    if key in aliases:
        return str(aliases[key])
    if key.startswith("the "):
        key = key[4:]
        if key in aliases:  # "the Democratic Republic of Congo"
            return str(aliases[key])
    compact = key.replace(".", "")
    if len(compact) == 2 and not allow_alpha2:
        # "San Francisco, CA": a trailing two-letter code is more often a US state or a
        # Canadian province than a country; it is left to the subdivision lookup.
        return None
    # A code is a code whatever names exist (codes win in the name table too), and this small table
    # spares a "Virginia, USA" from folding every country's names.
    codes = _country_codes()
    if key in codes:
        return codes[key]
    if "," in key:
        return _names_with_a_comma().get(key)  # "Korea, Republic of"; not "Virginia, USA"
    by_name = _country_names()
    if key in by_name:
        return by_name[key]
    if compact in by_name and len(compact) in (2, 3):
        return by_name[compact]
    return None


@cache
def _country_codes() -> dict[str, str]:
    """Lower-case alpha-2 and alpha-3 code -> alpha-3."""
    codes = {country.alpha2.lower(): country.alpha3 for country in countries()}
    codes.update((country.alpha3.lower(), country.alpha3) for country in countries())
    return codes


@cache
def _names_with_a_comma() -> dict[str, str]:
    """The part of the name table whose keys hold a comma (folding keeps commas; only a non-ASCII
    name could gain one), built without folding every name."""
    names: dict[str, str] = {}
    for country in countries():
        for name in country.names:
            if "," in name or not name.isascii():
                folded = fold(name)
                if "," in folded:
                    names.setdefault(folded, country.alpha3)
    return names


@cache
def _country_names() -> dict[str, str]:
    """Folded name or code -> alpha-3, from ISO 3166 (shipped). The names CodeCarbon's Our World in
    Data table adds are shipped as aliases (``data/places.json``), so its 129 KB are not read here."""
    names: dict[str, str] = {}
    for country in countries():
        for name in country.names:
            names.setdefault(fold(name), country.alpha3)
        names[country.alpha2.lower()] = country.alpha3
        names[country.alpha3.lower()] = country.alpha3
    return names


@cache
def _country_name(alpha3: str) -> str | None:
    return next((c.display_name for c in countries() if c.alpha3 == alpha3), None)


@cache
def _subdivisions() -> dict[str, list[tuple[str, str]]]:
    """Folded subdivision name or code -> [(display name, country alpha-3)] from pycountry."""
    table: dict[str, list[tuple[str, str]]] = {}
    alpha3_of = {c.alpha2: c.alpha3 for c in countries()}
    for sub in subdivisions() or ():
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


@cache
def _region_names() -> frozenset[str]:
    return frozenset(places()["region_names"])


def _cloud_region(part: str, exact: bool = False) -> Location | None:
    """A provider region: exact GCP ids (CodeCarbon's table), AWS and Azure ids (ours), else a direction + a place."""
    key = part.strip().lower()
    # Region ids are one token with a digit, a hyphen or a direction ("us-central1", "eastus"):
    # "Quebec, Canada" and "Tokyo, Japan" need not load the tables.
    if not (_REGION_ID.fullmatch(key) and (re.search(r"[\d-]", key) or _DIRECTION_RE.search(key))):
        return None
    regions = cloud_regions()
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
                grid_note=f"{found.provider.upper()} region {found.region}: Google's figure for the region"
                if found.g_per_kwh
                else None,
            )
    placed = provider_regions().get(key) or provider_regions().get(re.sub(r"(?<=\d)[a-z]$", "", key))  # us-east-1a
    if placed is not None:
        provider = "AWS" if placed.provider == "aws" else "Azure"
        return Location(
            part,
            Resolution.CLOUD_REGION,
            placed.alpha3,
            detail=placed.region,
            region=placed.state,
            grid_note=f"{provider} places {placed.region} in {placed.published}",
        )
    if exact:
        return None
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
