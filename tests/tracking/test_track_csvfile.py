"""Reading CodeCarbon CSVs of every layout, runs and sums, kg -> g exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from csv_samples import (
    HEADER_1X,
    HEADER_2X,
    HEADER_3X,
    ROW_1X,
    ROW_2X,
    ROW_2X_FALLBACK,
    ROW_3X,
    csv_text,
)

from hfcarbon_lint.measurements.csvfile import CsvProblem, parse_codecarbon_csv, read_codecarbon_csv
from hfcarbon_lint.measurements.measurement import Measurement, kg_to_g, split_gpu_models


@pytest.mark.parametrize(
    ("header", "row", "layout", "kg", "location", "hardware"),
    [
        (HEADER_1X, ROW_1X, "1.x", 0.512, "France", None),
        (
            HEADER_2X,
            ROW_2X,
            "2.x",
            1.5,
            "Germany",
            "2 x NVIDIA A100-SXM4-40GB, AMD EPYC 7763 64-Core Processor (32 threads)",
        ),
        (HEADER_3X, ROW_3X, "3.x", 6.75285514575728e-07, "France", "AMD EPYC (2 threads)"),
    ],
)
def test_every_layout(
    tmp_path: Path, header: str, row: str, layout: str, kg: float, location: str, hardware: str | None
) -> None:
    path = tmp_path / "emissions.csv"
    path.write_text(csv_text(header, row), encoding="utf-8")
    data = read_codecarbon_csv(path)
    assert data.layout == layout
    assert len(data.columns) == {"1.x": 12, "2.x": 31, "3.x": 38}[layout]
    measurement = data.select()
    assert measurement.emissions_kg == kg
    assert measurement.emissions_g == kg * 1000
    fields = measurement.card_fields("fine-tuning")
    assert fields["emissions"] == float(f"{kg * 1000:.4g}")
    assert fields["source"] == "CodeCarbon"
    assert fields["geographical_location"] == location
    assert fields.get("hardware_used") == hardware


def test_kilograms_become_grams_once() -> None:
    assert kg_to_g(0.000512) == pytest.approx(0.512)
    measurement = Measurement(emissions_kg=0.25)
    assert measurement.emissions_g == 250.0
    assert measurement.card_fields()["emissions"] == 250.0


def test_running_totals_of_one_run_are_not_added() -> None:
    """flush() appends a row of running totals: the run's last row is its total."""
    run = "11111111-2222-4333-8444-555555555555"
    first = ROW_3X.replace("76507644-89d8-47ab-96ba-00a29e5af4ee", run)
    later = first.replace("6.75285514575728e-07", "2.0e-06").replace("2.0078469149998455", "6.1")
    data = parse_codecarbon_csv(csv_text(HEADER_3X, first, later))
    assert len(data.rows) == 2 and len(data.runs()) == 1
    assert data.select().emissions_kg == 2.0e-06
    assert data.select().duration_s == 6.1


def test_several_runs_are_summed_or_picked() -> None:
    other = ROW_3X.replace("76507644-89d8-47ab-96ba-00a29e5af4ee", "99999999-89d8-47ab-96ba-00a29e5af4ee").replace(
        "6.75285514575728e-07", "3.0e-06"
    )
    data = parse_codecarbon_csv(csv_text(HEADER_3X, ROW_3X, other))
    total = data.select()
    assert total.runs == 2
    assert total.emissions_kg == pytest.approx(6.75285514575728e-07 + 3.0e-06)
    assert total.card_fields()["geographical_location"] == "France"  # both runs agree
    assert data.select("99999999").emissions_kg == 3.0e-06
    assert data.select("76507644-89d8-47ab-96ba-00a29e5af4ee").emissions_kg == 6.75285514575728e-07
    with pytest.raises(CsvProblem, match="no run"):
        data.select("abc")


def test_runs_in_different_places_do_not_get_a_location() -> None:
    german = ROW_3X.replace("France,FRA", "Germany,DEU").replace("76507644", "12345678")
    total = parse_codecarbon_csv(csv_text(HEADER_3X, ROW_3X, german)).select()
    assert total.mixed == ("location",)
    assert "geographical_location" not in total.card_fields()
    assert total.card_fields()["hardware_used"] == "AMD EPYC (2 threads)"


def test_every_1x_row_is_a_run() -> None:
    second = ROW_1X.replace("0.512", "0.25")
    data = parse_codecarbon_csv(csv_text(HEADER_1X, ROW_1X, second))
    assert len(data.runs()) == 2
    assert data.select().emissions_kg == pytest.approx(0.762)
    with pytest.raises(CsvProblem, match="no run_id column"):
        data.select("exp-1")


def test_the_online_fallback_location_is_recognised() -> None:
    measurement = parse_codecarbon_csv(csv_text(HEADER_2X, ROW_2X_FALLBACK)).select()
    assert measurement.probable_online_fallback
    assert "geographical_location" not in measurement.card_fields()
    real_quebec = ROW_2X_FALLBACK.replace("-71.2,46.8", ",")
    assert not parse_codecarbon_csv(csv_text(HEADER_2X, real_quebec)).select().probable_online_fallback


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("a,b,c\n1,2,3\n", "no 'emissions' column"),
        (HEADER_3X + "\n", "no measurement rows"),
        (csv_text(HEADER_1X, ROW_1X.replace("0.512", "lots")), "not a number"),
        (csv_text(HEADER_1X, ROW_1X.replace("0.512", "-1")), "negative"),
        (csv_text(HEADER_1X, ROW_1X + ",extra"), "13 values for 12 columns"),
    ],
)
def test_bad_files_are_refused_with_a_reason(text: str, problem: str) -> None:
    with pytest.raises(CsvProblem, match=problem):
        parse_codecarbon_csv(text)


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "emissions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text(HEADER_1X, ROW_1X).replace("\n", "\r\n").encode())
    assert read_codecarbon_csv(path).select().emissions_kg == 0.512


def test_huge_files_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "emissions.csv"
    path.write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    with pytest.raises(CsvProblem, match="not read"):
        read_codecarbon_csv(path, max_bytes=10)


@pytest.mark.parametrize(
    ("text", "count", "parts"),
    [
        ("1 x NVIDIA A100", 1, ["1 x NVIDIA A100"]),
        ("2 x A1001 x T4", 3, ["2 x A100", "1 x T4"]),
        ("1 x NVIDIA GeForce RTX 30901 x Tesla T4", 2, ["1 x NVIDIA GeForce RTX 3090", "1 x Tesla T4"]),
        ("4 x H10012 x L4", 16, ["4 x H100", "12 x L4"]),
    ],
)
def test_mixed_gpu_models_are_split(text: str, count: int, parts: list[str]) -> None:
    assert split_gpu_models(text, count) == parts


def test_an_unknown_cpu_model_is_not_written_as_a_name() -> None:
    assert Measurement(1.0, cpu_model="Unknown", cpu_count=4).hardware_text() == "CPU of unknown model (4 threads)"
    assert Measurement(1.0, cpu_model="Unknown").hardware_text() is None
    assert Measurement(1.0, cpu_model="Intel Xeon", cpu_count=1).hardware_text() == "Intel Xeon (1 thread)"
