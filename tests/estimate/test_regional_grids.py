"""Regional grids, one resolver: a place gets one figure from ``estimate``, ``track``/``fill`` and HFC062.

The figure each command uses is compared with the one CodeCarbon itself computes for the
location ``track`` passes to its offline tracker (``codecarbon.core.emissions.Emissions``,
the real library), so "the same figure" means CodeCarbon's figure, from every command.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hfcarbon_lint.grid.location import Resolution, resolve_location
from hfcarbon_lint.grid.regional import provider_regions, regional_figures
from hfcarbon_lint.grid.tables import country_intensities
from hfcarbon_lint.grid.track_flags import TrackerLocation, tracker_location
from hfcarbon_lint.measurements.measurement import Measurement
from hfcarbon_lint.parsing.card import parse_card
from hfcarbon_lint.parsing.source import SourceText
from hfcarbon_lint.plausibility.estimate import card_location, intensity_for
from hfcarbon_lint.tracking.estimate import EstimateOptions, make_estimate
from tests.conftest import run_process

pytest.importorskip("codecarbon", reason="the regional tables are CodeCarbon's data files (the track extra)")

# (text as a card or --location writes it, ISO alpha-3, CodeCarbon's key of the region with its own figure)
PLACES = [
    ("Brooklyn, NY, USA", "USA", "new york"),
    ("New York, NY", "USA", "new york"),
    ("New York State, USA", "USA", "new york"),
    ("Virginia, USA", "USA", "virginia"),
    ("Virginia", "USA", "virginia"),
    ("Ashburn, VA, United States", "USA", "virginia"),
    ("Texas, United States of America", "USA", "texas"),
    ("California", "USA", "california"),
    ("USA", "USA", None),
    ("Quebec, Canada", "CAN", "quebec"),
    ("Québec", "CAN", "quebec"),
    ("Montreal, QC, Canada", "CAN", "quebec"),
    ("Toronto, Ontario, Canada", "CAN", "ontario"),
    ("British Columbia, Canada", "CAN", "british columbia"),
    ("Canada", "CAN", None),
    ("Beijing, China", "CHN", "beijing"),
    ("Guangdong Province, China", "CHN", "guangdong"),
    ("Inner Mongolia, China", "CHN", "inner mongolia"),
    ("Sichuan, China", "CHN", "sichuan"),
    ("China", "CHN", None),
    ("SE3, Sweden", "SWE", "SE3"),
    ("NO4, Norway", "NOR", "NO4"),
    ("FI, Finland", "FIN", "FI"),
    ("Sweden", "SWE", None),
    ("us-east-1", "USA", "virginia"),
    ("us-west-2", "USA", "oregon"),
    ("us-east-1a", "USA", "virginia"),
    ("ca-central-1", "CAN", "quebec"),
    ("eu-north-1", "SWE", "SE3"),
    ("eu-central-1", "DEU", None),
    ("cn-northwest-1", "CHN", "ningxia"),
    ("eastus", "USA", "virginia"),
    ("eastus2", "USA", "virginia"),
    ("westus2", "USA", "washington"),
    ("canadacentral", "CAN", "ontario"),
    ("canadaeast", "CAN", "quebec"),
    ("westeurope", "NLD", None),
    ("northeurope", "IRL", None),
    ("norwayeast", "NOR", "NO1"),
    ("us-east-1 (Amazon Web Services), Virginia, United States", "USA", "virginia"),
    ("Tokyo, Japan", "JPN", None),
    ("Bavaria, Germany", "DEU", None),
]


@pytest.mark.parametrize(("text", "alpha3", "key"), PLACES, ids=[p[0] for p in PLACES])
def test_each_place_form_reads_its_region(text: str, alpha3: str, key: str | None) -> None:
    location = resolve_location(text)
    assert (location.alpha3, location.region) == (alpha3, key)
    expected = regional_figures(alpha3)[key].g_per_kwh if key else country_intensities()[alpha3].g_per_kwh
    assert location.g_per_kwh == expected
    assert location.grid_note  # the output says why this figure


# The GCP region keeps Google's own figure (CodeCarbon's impact.csv), not its country's.
GCP = [("us-east4", "USA"), ("europe-west1", "BEL"), ("northamerica-northeast1", "CAN")]


@pytest.mark.parametrize(("region", "alpha3"), GCP)
def test_a_gcp_region_keeps_googles_figure(region: str, alpha3: str) -> None:
    location = resolve_location(region)
    assert location.resolution is Resolution.CLOUD_REGION and location.alpha3 == alpha3
    assert location.intensity_source == f"CodeCarbon's GCP figure for {region}"
    written = tracker_location(cloud_provider="gcp", cloud_region=region).card_text
    assert resolve_location(written).g_per_kwh == location.g_per_kwh  # "europe-west1 (Google Cloud Platform), Belgium"


def codecarbon_figure(location: TrackerLocation) -> float:
    """g/kWh CodeCarbon's offline tracker computes for these arguments (the real library, 1 kWh)."""
    from codecarbon.core.emissions import Emissions
    from codecarbon.core.units import Energy
    from codecarbon.external.geography import CloudMetadata, GeoMetadata
    from codecarbon.input import DataSource

    arguments = location.tracker_arguments()
    emissions = Emissions(DataSource())
    geo = GeoMetadata(country_iso_code=arguments["country_iso_code"], region=arguments["region"])
    one = Energy.from_energy(kWh=1)
    if arguments["cloud_provider"]:
        cloud = CloudMetadata(provider=arguments["cloud_provider"], region=arguments["cloud_region"])
        return float(emissions.get_cloud_emissions(one, cloud, geo)) * 1000
    return float(emissions.get_private_infra_emissions(one, geo)) * 1000


HFC062_CARD = """---
co2_eq_emissions:
  emissions: 0.0001
  geographical_location: {where}
  hardware_used: 8 x A100-SXM4-40GB
  hours_used: 100
---
"""

# (the place as --location writes it, track's flags for the same place)
SAME_PLACE = [
    ("Brooklyn, NY, USA", {"country": "USA", "region": "NY"}),
    ("Virginia, USA", {"country": "USA", "region": "virginia"}),
    ("us-east-1", {"cloud_provider": "aws", "cloud_region": "us-east-1"}),
    ("eastus", {"cloud_provider": "azure", "cloud_region": "eastus"}),
    ("Quebec, Canada", {"country": "CAN", "region": "quebec"}),
    ("canadacentral", {"cloud_provider": "azure", "cloud_region": "canadacentral"}),
    ("Guangdong, China", {"country": "CHN", "region": "guangdong"}),
    ("SE3, Sweden", {"country": "SWE", "region": "SE3"}),
    ("westeurope", {"cloud_provider": "azure", "cloud_region": "westeurope"}),
    ("europe-west1", {"cloud_provider": "gcp", "cloud_region": "europe-west1"}),
    ("Germany", {"country": "DEU"}),
]


@pytest.mark.parametrize(("text", "flags"), SAME_PLACE, ids=[p[0] for p in SAME_PLACE])
def test_one_place_one_figure_in_every_command(tmp_path: Path, text: str, flags: dict[str, str]) -> None:
    tracked = tracker_location(**flags)
    measured = codecarbon_figure(tracked)  # what track's tracker computes its emissions with
    estimate = make_estimate(EstimateOptions("1 x T4", 1.0, location=text))
    assert estimate.g_per_kwh == pytest.approx(measured, rel=1e-9)
    # track writes tracked.card_text; fill writes the CSV's country and region the same way.
    assert resolve_location(tracked.card_text).g_per_kwh == pytest.approx(measured, rel=1e-9)
    if not tracked.cloud_provider:
        row = Measurement(emissions_kg=1.0, country_name=tracked.country_name, region=tracked.region)
        assert resolve_location(row.location_text() or "").g_per_kwh == pytest.approx(measured, rel=1e-9)
    # HFC062, on a card that names the place as the user wrote it and as track wrote it.
    for where in (text, tracked.card_text):
        source = HFC062_CARD.format(where=json.dumps(where))
        g_per_kwh, _, resolved = intensity_for(card_location(parse_card(SourceText.from_text("c.md", source))))
        assert resolved and g_per_kwh == pytest.approx(measured, rel=1e-9)
        card = tmp_path / "README.md"
        card.write_text(source, encoding="utf-8")
        check = run_process("check", "--select", "HFC062", "--format", "json", str(card))
        [finding] = json.loads(check.out)["cards"][0]["diagnostics"]
        shown = re.search(r"\((\d+) g/kWh\)", finding["message"])
        assert shown is not None and int(shown.group(1)) == round(measured), finding["message"]


def test_estimate_says_which_figure_and_why() -> None:
    run = run_process("estimate", "--hardware", "1 x T4", "--hours", "10", "--location", "Brooklyn, NY, USA")
    assert run.code == 0, run.err
    virginia = regional_figures("USA")["new york"].g_per_kwh
    assert f"  grid       {virginia:g} g CO2eq/kWh: CodeCarbon's figure for New York (EPA eGRID2023 state rates)" in (
        run.out.splitlines()
    )
    assert "  location   'Brooklyn, NY, USA': New York, United States; New York has its own figure" in run.out
    national = run_process("estimate", "--hardware", "1 x T4", "--hours", "10", "--location", "USA")
    assert "no state written: the national average" in national.out


def test_every_aws_and_azure_region_is_in_a_country_codecarbon_knows() -> None:
    for region in provider_regions().values():
        assert region.alpha3 in country_intensities(), region
        if region.state is not None:
            assert region.state in regional_figures(region.alpha3), region
