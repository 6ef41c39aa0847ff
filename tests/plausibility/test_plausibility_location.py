"""Location resolution, one expectation a line (values from real cards first, then edge cases)."""

from __future__ import annotations

import pytest

from hfcarbon_lint.grid.location import Resolution, resolve_location

COUNTRY, CLOUD, REGION, AMBIGUOUS, UNRESOLVED = (
    Resolution.COUNTRY,
    Resolution.CLOUD_REGION,
    Resolution.REGION,
    Resolution.AMBIGUOUS,
    Resolution.UNRESOLVED,
)

CASES = [
    # (text, resolution, ISO alpha-3 or None)
    ("Germany", COUNTRY, "DEU"),
    ("Singapore", COUNTRY, "SGP"),
    ("United States of America", COUNTRY, "USA"),
    ("Fredericia, Denmark", COUNTRY, "DNK"),
    ("Ghent, Belgium", COUNTRY, "BEL"),
    ("Eemshaven, Netherlands, Europe", COUNTRY, "NLD"),
    ("catalonia, Spain", COUNTRY, "ESP"),
    ("US-East", CLOUD, "USA"),
    ("NA", AMBIGUOUS, None),
    ("na", AMBIGUOUS, None),
    ("germany", COUNTRY, "DEU"),
    ("GERMANY", COUNTRY, "DEU"),
    ("Quebec, Canada", COUNTRY, "CAN"),
    ("Québec, Canada", COUNTRY, "CAN"),
    ("Brooklyn, NY, USA", COUNTRY, "USA"),
    ("Quebec", COUNTRY, "CAN"),
    ("California", COUNTRY, "USA"),
    ("NY", COUNTRY, "USA"),
    ("DE", COUNTRY, "DEU"),
    ("U.S.A.", COUNTRY, "USA"),
    ("the Netherlands", COUNTRY, "NLD"),
    ("London, UK", COUNTRY, "GBR"),
    ("Seoul, Korea, Republic of", COUNTRY, "KOR"),
    ("South Korea", COUNTRY, "KOR"),
    ("Moscow, Russia", COUNTRY, "RUS"),
    ("Istanbul, Turkey", COUNTRY, "TUR"),
    ("Bayern, Germany", COUNTRY, "DEU"),
    ("us-central1", CLOUD, "USA"),
    ("europe-west1", CLOUD, "BEL"),
    ("europe-west1-b", CLOUD, "BEL"),
    ("eastus2", CLOUD, "USA"),
    ("uksouth", CLOUD, "GBR"),
    ("westeurope", CLOUD, "NLD"),
    ("eu-west-1", CLOUD, "IRL"),
    ("eu-south-9", CLOUD, None),
    ("Europe", REGION, None),
    ("North America", REGION, None),
    ("San Francisco, CA", AMBIGUOUS, None),
    ("Munich, DE", AMBIGUOUS, None),
    ("my laptop", UNRESOLVED, None),
    ("Google Colab", UNRESOLVED, None),
    ("Narnia", UNRESOLVED, None),
    ("Korea", UNRESOLVED, None),
    ("Punjab", UNRESOLVED, None),
    ("Westphalia", UNRESOLVED, None),
]


@pytest.mark.parametrize(("text", "resolution", "alpha3"), CASES, ids=[c[0] for c in CASES])
def test_resolution(text: str, resolution: Resolution, alpha3: str | None) -> None:
    location = resolve_location(text)
    assert (location.resolution, location.alpha3) == (resolution, alpha3)


def test_country_intensity_comes_from_codecarbon_table() -> None:
    location = resolve_location("Fredericia, Denmark")
    assert location.g_per_kwh is not None and 50 < location.g_per_kwh < 400
    assert "CodeCarbon" in (location.intensity_source or "")


def test_gcp_region_intensity_is_the_region_figure_not_the_country() -> None:
    region = resolve_location("europe-west1")
    country = resolve_location("Belgium")
    assert region.g_per_kwh is not None and country.g_per_kwh is not None
    assert region.g_per_kwh != country.g_per_kwh
    assert region.describe() == "cloud region europe-west1 (Belgium)"


def test_subdivision_is_kept_in_the_description() -> None:
    assert resolve_location("California").describe() == "California, United States"


def test_ambiguous_and_macro_regions_have_no_intensity() -> None:
    assert resolve_location("NA").g_per_kwh is None
    assert resolve_location("Europe").g_per_kwh is None
