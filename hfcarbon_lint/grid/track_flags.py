"""Where a tracked run happens: ``track``'s location flags validated against CodeCarbon's tables.

:func:`tracker_location` checks ``--country``/``--region`` or ``--cloud-provider``/``--cloud-region``
for CodeCarbon's offline tracker (an ISO alpha-3 code, a region CodeCarbon has data for, a GCP
region) and raises :class:`LocationError` saying what to pass instead. A card's free-text
location is read by ``grid.location``; this module is loaded only by the commands that track
or estimate a run, so a check never pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hfcarbon_lint.grid.names import cloud_location_text, countries, display_region
from hfcarbon_lint.grid.regional import provider_regions, region_key, regional_table
from hfcarbon_lint.grid.tables import TableError, cloud_table, codecarbon_data_dir, energy_mix


class LocationError(Exception):
    """The location is missing, unknown to CodeCarbon, or ambiguous; the message says what to pass."""


@dataclass(frozen=True)
class TrackerLocation:
    """A location validated for CodeCarbon's offline tracker, and how the card shows it."""

    country_iso_code: str | None = None
    region: str | None = None  # in CodeCarbon's spelling (lower case, or SE3 for Nordic zones)
    cloud_provider: str | None = None
    cloud_region: str | None = None
    country_name: str | None = None
    regional_data: bool = False  # CodeCarbon has a grid intensity for the region itself

    @property
    def card_text(self) -> str:
        country = self.country_name or self.country_iso_code or ""
        if self.cloud_provider and self.cloud_region:
            place = f"{display_region(self.region)}, {country}" if self.region else country
            return cloud_location_text(self.cloud_provider, self.cloud_region, place or None)
        return f"{display_region(self.region)}, {country}" if self.region else country

    def tracker_arguments(self) -> dict[str, Any]:
        """The five location arguments of OfflineEmissionsTracker, all explicit (config cannot fill one in).

        CodeCarbon has figures for GCP regions only: an AWS or Azure region is measured as
        the state, province or country it is in (``us-east-1``: USA, virginia), which is the
        figure CodeCarbon would fall back to, without its error.
        """
        on_gcp = self.cloud_provider == "gcp"
        return {
            "country_iso_code": self.country_iso_code,
            "region": None if on_gcp else self.region,
            "cloud_provider": self.cloud_provider if on_gcp else None,
            "cloud_region": self.cloud_region if on_gcp else None,
            "country_2letter_iso_code": None,
        }


def tracker_location(
    country: str | None = None,
    region: str | None = None,
    cloud_provider: str | None = None,
    cloud_region: str | None = None,
) -> TrackerLocation:
    """Validate ``track``'s location flags against CodeCarbon's tables; raise :class:`LocationError` otherwise.

    CodeCarbon's offline tracker is silent about a wrong value: ``"FR"`` or ``"XXX"``
    logs an error and uses the world average (475 g/kWh), an unknown US state falls back
    to the country, an unknown GCP region to the world average. So every value is
    checked here first, and a region of a country CodeCarbon has no regional data for is
    kept for the card only.
    """
    if codecarbon_data_dir() is None:
        raise LocationError("CodeCarbon is not installed: pip install 'hfcarbon-lint[track]'")
    try:
        if cloud_provider or cloud_region:
            if country or region:
                raise LocationError(
                    "give either --country (with --region) or --cloud-provider with --cloud-region, not both"
                )
            if not (cloud_provider and cloud_region):
                raise LocationError(
                    "--cloud-provider and --cloud-region go together "
                    "(e.g. --cloud-provider gcp --cloud-region europe-west1)"
                )
            return _cloud_flags(cloud_provider.strip().lower(), cloud_region.strip().lower())
        if not country:
            raise LocationError(
                "where did this run? pass --country ISO3 (e.g. --country FRA, with --region for US states, Canadian "
                "provinces, Chinese provinces or Nordic zones) or --cloud-provider gcp|aws|azure --cloud-region REGION. "
                "hfcarbon-lint never guesses: CodeCarbon's online lookup records Canada for machines it cannot locate"
            )
        return _country_flags(country.strip(), region.strip() if region else None)
    except TableError as exc:
        raise LocationError(str(exc)) from None


def _country_flags(code: str, region: str | None) -> TrackerLocation:
    countries_table = energy_mix()
    iso = code.upper()
    if iso not in countries_table:
        raise LocationError(f"unknown country {code!r}: {_country_hint(code, countries_table)}")
    name = str(countries_table[iso].get("country_name") or iso)
    if not region:
        return TrackerLocation(country_iso_code=iso, country_name=name)
    regions = regional_table(iso)
    if not regions:
        # CodeCarbon computes with the national average; the region only goes to the card.
        return TrackerLocation(country_iso_code=iso, region=region, country_name=name)
    key = region_key(iso, region)
    if key is None:
        close = _close_matches(region.lower(), [k.lower() for k in regions], n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise LocationError(
            f"CodeCarbon has no data for region {region!r} of {name} ({iso}){hint} "
            f"(known: {', '.join(sorted(regions)[:12])}{', ...' if len(regions) > 12 else ''})"
        )
    return TrackerLocation(country_iso_code=iso, region=key, country_name=name, regional_data=True)


def _cloud_flags(provider: str, region: str) -> TrackerLocation:
    table = cloud_table()
    placed = provider_regions().get(region)
    if provider in ("aws", "azure"):
        known = sorted(r for r, p in provider_regions().items() if p.provider == provider)
        if placed is None or placed.provider != provider:
            close = _close_matches(region, known, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise LocationError(
                f"unknown {provider} region {region!r}{hint}; or pass the data centre's --country (and --region)"
            )
        names = energy_mix()
        if placed.alpha3 not in names:
            raise LocationError(f"CodeCarbon has no grid data for {placed.alpha3}, where {region} is")
        state = placed.state if placed.state in regional_table(placed.alpha3) else None
        return TrackerLocation(
            country_iso_code=placed.alpha3,
            region=state,
            cloud_provider=provider,
            cloud_region=region,
            country_name=str(names[placed.alpha3].get("country_name") or placed.alpha3),
            regional_data=state is not None,
        )
    providers = sorted({row.provider for row in table.values()} | {"aws", "azure"})
    if provider not in providers:
        raise LocationError(
            f"no offline data for cloud provider {provider!r} (only {', '.join(providers)}); "
            "pass the data centre's --country (and --region) instead"
        )
    regions = {key: row for key, row in table.items() if row.provider == provider}
    if region not in regions:
        close = _close_matches(region, list(regions), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise LocationError(f"unknown {provider} region {region!r}{hint}")
    row = regions[region]
    return TrackerLocation(
        country_iso_code=row.alpha3,
        cloud_provider=provider,
        cloud_region=region,
        country_name=row.country_name,
        regional_data=True,
    )


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
    close = _close_matches(text, list(names), n=1, cutoff=0.75)
    if close:
        return f"did you mean {names[close[0]]} ({countries[names[close[0]]]['country_name']})?"
    return "not in CodeCarbon's country table; use an ISO 3166 alpha-3 code such as FRA, USA or DEU"


def _alpha2_to_alpha3(code: str) -> str | None:
    return next((c.alpha3 for c in countries() if c.alpha2 == code.upper()), None)


def _close_matches(word: str, candidates: list[str], n: int, cutoff: float) -> list[str]:
    # difflib is imported here: only a name that is not found needs suggestions (2 ms of every check's startup).
    import difflib

    return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)
