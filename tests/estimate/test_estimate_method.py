"""The estimate's formula reproduces the published worked examples of the methods it follows.

energy (kWh) = power (W) x hours / 1000 x PUE; emissions (g) = energy x grid intensity (g/kWh)
(hfcarbon_lint.plausibility.estimate, the one home of the formula; docs/estimate.md).
"""

from __future__ import annotations

import json

import pytest

from hfcarbon_lint.plausibility.estimate import emissions_g, energy_kwh
from tests.conftest import run_process


def test_ml_co2_impact_calculator_worked_example() -> None:
    # The calculator (Lacoste et al. 2019; mlco2/impact js/grayscale.js, setDetails) shows
    # "283W x 8h = 2.26 kWh x 0.57 kg eq. CO2/kWh = 1.29 kg eq. CO2", as published on
    # https://huggingface.co/mfidabel/controlnet-segment-anything (a TPUv3 chip, 8 h, GCP us-central1).
    # It rounds each step to two decimals; the unrounded product rounds to the same figures.
    assert round(energy_kwh(283, 8), 2) == 2.26
    assert round(emissions_g(283, 8, 570) / 1000, 2) == 1.29


def test_green_algorithms_worked_example() -> None:
    # Green Algorithms (Lannelongue et al. 2021): E = t x (n_c x P_c x u_c + n_m x P_m) x PUE, C = E x CI.
    # The authors' Green-Algorithms-core, tests/testdata/slurm/expected/single_job_completed_expected.csv
    # with tests/conftest.py: 22 h 40 min of core time at 9.4 W per core (u_c = 1), 16 GB of memory at
    # 0.3725 W/GB for the 2 h 50 min wall clock, PUE 1.15, CI 231.12 g/kWh ->
    # energy 0.26444633333333334 kWh, carbonFootprint 61.118836560000005 g.
    # The formula is linear, so the cores and the memory are two terms of it.
    cores_h, wall_h, pue, ci = 22 + 40 / 60, 2 + 50 / 60, 1.15, 231.12
    energy = energy_kwh(9.4, cores_h, pue) + energy_kwh(16 * 0.3725, wall_h, pue)
    carbon = emissions_g(9.4, cores_h, ci, pue) + emissions_g(16 * 0.3725, wall_h, ci, pue)
    assert energy == pytest.approx(0.26444633333333334, rel=1e-12)
    assert carbon == pytest.approx(61.118836560000005, rel=1e-12)


def test_open_llm_leaderboard_example_end_to_end() -> None:
    # Hugging Face's Open LLM Leaderboard computes evaluation emissions as 8 H100 SXM at 0.7 kW each
    # (5.6 kW) x hours x 269.8 g/kWh (Virginia), no PUE
    # (https://huggingface.co/docs/leaderboards/en/open_llm_leaderboard/emissions): one hour is
    # 5.6 kWh and 1510.88 g. The CLI gets the 700 W from its own hardware table.
    run = run_process(
        "estimate", "--hardware", "8 x H100 SXM", "--hours", "1", "--country", "USA",
        "--grid-intensity", "269.8", "--format", "json",
    )
    assert run.code == 0, run.err
    result = json.loads(run.out)
    assert result["hardware"] == [
        {
            "device": "H100 SXM",
            "count": 8,
            "watts_each": 700.0,
            "watts": 5600.0,
            "power_source": result["hardware"][0]["power_source"],
        }
    ]
    assert "nvidia.com" in result["hardware"][0]["power_source"]
    assert result["energy_kwh"] == pytest.approx(5.6)
    assert result["emissions_g"] == pytest.approx(1510.88)
    assert result["grid"]["source"] == "given with --grid-intensity"


def test_pue_multiplies_the_energy() -> None:
    assert energy_kwh(400, 12, 1.1) == pytest.approx(energy_kwh(400, 12) * 1.1)
    assert emissions_g(400, 12, 100, 1.5) == pytest.approx(400 * 12 / 1000 * 1.5 * 100)
