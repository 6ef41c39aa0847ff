"""Locations are validated against CodeCarbon's bundled tables, never guessed."""

from __future__ import annotations

import pytest

from hfcarbon_lint.grid.track_flags import LocationError, tracker_location


@pytest.mark.parametrize(
    ("flags", "iso", "region", "text"),
    [
        ({"country": "FRA"}, "FRA", None, "France"),
        ({"country": "fra"}, "FRA", None, "France"),
        ({"country": "USA", "region": "California"}, "USA", "california", "California, United States"),
        ({"country": "USA", "region": "CA"}, "USA", "california", "California, United States"),
        ({"country": "CAN", "region": "quebec"}, "CAN", "quebec", "Quebec, Canada"),
        ({"country": "CHN", "region": "CN-SH"}, "CHN", "shanghai", "Shanghai, China"),
        ({"country": "SWE", "region": "se3"}, "SWE", "SE3", "SE3, Sweden"),
        ({"country": "DEU", "region": "Bavaria"}, "DEU", "Bavaria", "Bavaria, Germany"),
    ],
)
def test_known_places(flags: dict[str, str], iso: str, region: str | None, text: str) -> None:
    location = tracker_location(**flags)
    assert location.country_iso_code == iso
    assert location.region == region
    assert location.card_text == text
    arguments = location.tracker_arguments()
    assert arguments["country_2letter_iso_code"] is None  # only Electricity Maps uses it: never set
    assert set(arguments) == {
        "country_iso_code",
        "region",
        "cloud_provider",
        "cloud_region",
        "country_2letter_iso_code",
    }


def test_regional_data_is_known_only_where_codecarbon_has_it() -> None:
    assert tracker_location("USA", "texas").regional_data
    assert not tracker_location("DEU", "Bavaria").regional_data


@pytest.mark.parametrize(
    ("provider", "region", "iso", "state", "text"),
    [
        ("aws", "us-east-1", "USA", "virginia", "us-east-1 (Amazon Web Services), Virginia, United States"),
        ("aws", "ca-central-1", "CAN", "quebec", "ca-central-1 (Amazon Web Services), Quebec, Canada"),
        ("aws", "eu-north-1", "SWE", "SE3", "eu-north-1 (Amazon Web Services), SE3, Sweden"),
        ("aws", "eu-central-1", "DEU", None, "eu-central-1 (Amazon Web Services), Germany"),
        ("azure", "eastus", "USA", "virginia", "eastus (Microsoft Azure), Virginia, United States"),
        ("azure", "canadacentral", "CAN", "ontario", "canadacentral (Microsoft Azure), Ontario, Canada"),
        ("azure", "westeurope", "NLD", None, "westeurope (Microsoft Azure), Netherlands"),
    ],
)
def test_aws_and_azure_regions_are_measured_where_the_provider_places_them(
    provider: str, region: str, iso: str, state: str | None, text: str
) -> None:
    location = tracker_location(cloud_provider=provider, cloud_region=region)
    assert (location.country_iso_code, location.region, location.card_text) == (iso, state, text)
    # CodeCarbon has no AWS or Azure figures: it is given the place, not the provider.
    assert location.tracker_arguments() == {
        "country_iso_code": iso,
        "region": state,
        "cloud_provider": None,
        "cloud_region": None,
        "country_2letter_iso_code": None,
    }


def test_cloud_region() -> None:
    location = tracker_location(cloud_provider="GCP", cloud_region="europe-west1")
    assert (location.cloud_provider, location.cloud_region, location.country_iso_code) == ("gcp", "europe-west1", "BEL")
    assert location.card_text == "europe-west1 (Google Cloud Platform), Belgium"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({}, "never guesses"),
        ({"country": "FR"}, "alpha-2"),
        ({"country": "France"}, "alpha-3 code FRA"),
        ({"country": "XXX"}, "unknown country"),
        ({"country": "USA", "region": "Californa"}, "did you mean 'california'"),
        ({"country": "SWE", "region": "Stockholm"}, "no data for region"),
        ({"cloud_provider": "aws", "cloud_region": "us-east-99"}, "unknown aws region 'us-east-99'; did you mean"),
        ({"cloud_provider": "azure", "cloud_region": "us-east-1"}, "unknown azure region"),
        ({"cloud_provider": "ovh", "cloud_region": "gra"}, "--country"),
        ({"cloud_provider": "gcp", "cloud_region": "europe-west99"}, "unknown gcp region"),
        ({"cloud_provider": "gcp"}, "go together"),
        ({"country": "FRA", "cloud_provider": "gcp", "cloud_region": "europe-west1"}, "not both"),
    ],
)
def test_refusals_say_what_to_pass(flags: dict[str, str], message: str) -> None:
    with pytest.raises(LocationError, match=message):
        tracker_location(**flags)
