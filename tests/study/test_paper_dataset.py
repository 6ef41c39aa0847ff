"""``study`` on a file with the columns of the authors' dataset (HFCO2.csv of GAISSA-UPC/ML-EnergyLabel).

Their dataset has no licence, so none of it is here: the rows below are made up, written with
their header, their cell formats (a Python dict literal of metrics with ``nan``, ``auto`` as
"True"/"False", "Not Specified" for missing) and their column order.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hfcarbon_lint.study.analysis import StudyOptions, run_study
from hfcarbon_lint.study.reader import AUTOTRAIN, HARDWARE, PAPER_DIALECT, read_export

REPO = Path(__file__).resolve().parents[2]
Study = Callable[..., dict[str, Any]]

PAPER_HEADER = [
    "modelId", "datasets", "datasets_size", "co2_eq_emissions", "co2_reported", "source", "training_type",
    "geographical_location", "environment", "performance_metrics", "performance_score", "downloads", "likes",
    "library_name", "domain", "size", "created_at", "size_efficency", "datasets_size_efficency", "auto",
]  # fmt: skip


def metrics_cell(accuracy: float | None = None, f1: float | None = None, rouge1: float | None = None) -> str:
    def show(value: float | None) -> str:
        return "nan" if value is None else repr(value)

    return f"{{'accuracy': {show(accuracy)}, 'f1': {show(f1)}, 'rouge1': {show(rouge1)}, 'rougeL': nan}}"


def paper_row(
    model: str,
    emissions: float,
    *,
    size: float | None = 4e8,
    score: float | None = None,
    downloads: int = 10,
    auto: str = "True",
    environment: str = "Not Specified",
    domain: str = "NLP",
    created: str = "2022-03-01",
    metrics: str | None = None,
) -> dict[str, Any]:
    return {
        "modelId": model,
        "datasets": "['some/data']",
        "datasets_size": "",
        "co2_eq_emissions": emissions,
        "co2_reported": 1,
        "source": "AutoTrain",
        "training_type": "Not Specified",
        "geographical_location": "Not Specified",
        "environment": environment,
        "performance_metrics": metrics or metrics_cell(),
        "performance_score": "" if score is None else score,
        "downloads": downloads,
        "likes": 0,
        "library_name": "['transformers', 'pytorch']",
        "domain": domain,
        "size": "" if size is None else size,
        "created_at": created,
        "size_efficency": "" if size is None or emissions == 0 else size / emissions,
        "datasets_size_efficency": "",
        "auto": auto,
    }


def population_rows() -> list[dict[str, Any]]:
    """30 models: distilgpt2 first (the reference), one with 0 g, a spread of everything else."""
    rows = [
        paper_row("distilgpt2", 149200.0, size=352833716.0, downloads=1172830, auto="False", environment="8 v100 16GB")
    ]
    for i in range(28):
        rows.append(
            paper_row(
                f"autotrain-model-{i}",
                0.5 + (i * 37 % 29) * 3.1,
                size=1e8 + (i * 13 % 17) * 4e7,
                score=None if i % 4 == 0 else round(0.05 + (i * 7 % 19) / 20, 3),
                downloads=(i * 11) % 23,
                metrics=metrics_cell(accuracy=0.5 + i / 100, f1=0.4 + i / 90),
                domain="Computer Vision" if i % 5 == 0 else "NLP",
                created=f"2022-{1 + i % 6:02d}-10",
            )
        )
    rows.append(paper_row("zero-emissions-model", 0.0, size=5e8, score=None, downloads=3))
    return rows


def write_paper_csv(path: Path, rows: list[dict[str, Any]], header: list[str] = PAPER_HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_their_columns_are_recognised(tmp_path: Path) -> None:
    rows = population_rows()
    rows[1]["domain"] = "Not Specified"
    population = read_export(write_paper_csv(tmp_path / "HFCO2.csv", rows))
    assert population.dialect == PAPER_DIALECT
    assert population.rows == 30 and population.ids[0] == "distilgpt2" and population.ids[-1] == "zero-emissions-model"
    assert population.emissions[0] == 149200.0 and population.model_size[0] == 352833716.0
    assert population.downloads[0] == 1172830
    assert population.flags[0] & HARDWARE and not population.flags[1] & HARDWARE  # environment, "Not Specified"
    assert not population.flags[0] & AUTOTRAIN and population.flags[1] & AUTOTRAIN  # auto False / True
    assert population.domain[1] == -1  # "Not Specified" is missing, not a domain
    assert population.domain_names[population.domain[2]] == "NLP"
    assert population.metrics["accuracy"][1] == pytest.approx(0.5) and math.isnan(population.metrics["rouge1"][1])
    assert population.has_performance_score and math.isnan(population.performance[1])
    assert population.performance[2] == pytest.approx(rows[2]["performance_score"])
    assert population.month[0] == 2022 * 12 + 2  # 2022-03


def test_performance_score_is_used_as_given(tmp_path: Path) -> None:
    """The given score, not one recomputed from the metrics, is the performance attribute."""
    rows = population_rows()
    given = run_study(read_export(write_paper_csv(tmp_path / "a.csv", rows)), StudyOptions(paper_compat=True))
    assert given.report["label"]["performance_source"] == "the performance_score column, as given"
    performance = given.labels.labelled.ratings["performance"]
    assert [r < 0 for r in performance[1:29]] == [i % 4 == 0 for i in range(28)]  # missing exactly where the score is
    # Same file without the score column: recomputed from the metrics, so every model with metrics is rated.
    header = [c for c in PAPER_HEADER if c != "performance_score"]
    recomputed = run_study(read_export(write_paper_csv(tmp_path / "b.csv", rows, header)), StudyOptions())
    assert recomputed.report["label"]["performance_source"] == "the metric columns"
    assert all(r >= 0 for r in recomputed.labels.labelled.ratings["performance"][1:29])


def test_performance_score_is_read_from_our_export_format_too(tmp_path: Path, export: Any) -> None:
    from tests.study.conftest import COLUMNS

    rows = [
        {"repo_id": f"org/m{i}", "emissions_g": 1.0 + i, "performance_score": 0.1 * i, "accuracy": 0.9}
        for i in range(1, 9)
    ]
    result = run_study(read_export(export(rows, columns=(*COLUMNS, "performance_score"))), StudyOptions())
    ratings = list(result.labels.labelled.ratings["performance"])
    assert ratings == sorted(ratings, reverse=True) and ratings[0] == 4 and ratings[-1] == 0  # higher score, better
    assert result.report["export"]["performance_score_given"] is True


def test_paper_compat_keeps_the_zero_emission_model_in_the_label_table(tmp_path: Path, study_json: Study) -> None:
    path = write_paper_csv(tmp_path / "HFCO2.csv", population_rows())
    paper = run_study(read_export(path), StudyOptions(paper_compat=True))
    assert paper.labels.ids[-1] == "zero-emissions-model" and len(paper.labels.ids) == 30
    assert paper.labels.labelled.ratings["emissions"][-1] == 0  # +inf index: A, as in the authors' code
    assert paper.report["label"]["zero_emissions_labelled"] == 1
    assert sum(paper.report["label"]["distribution"].values()) == 30
    assert paper.report["population"]["models"] == 29  # ... but removed from the statistics (§1.6)
    corrected = run_study(read_export(path), StudyOptions())
    assert "zero-emissions-model" not in corrected.labels.ids and len(corrected.labels.ids) == 29
    # The command says so in the report too.
    report = study_json(path, "--paper-compat")
    assert report["label"]["models"] == 30 and report["export"]["dialect"] == PAPER_DIALECT


def test_their_dataset_and_the_same_data_in_our_columns_get_the_same_labels(tmp_path: Path, export: Any) -> None:
    from tests.study.conftest import COLUMNS

    rows = population_rows()
    theirs = run_study(read_export(write_paper_csv(tmp_path / "HFCO2.csv", rows)), StudyOptions(paper_compat=True))
    converted = [
        {
            "repo_id": r["modelId"],
            "emissions_g": r["co2_eq_emissions"],
            "model_size_bytes": r["size"],
            "downloads": r["downloads"],
            "performance_score": r["performance_score"],
            "created_at": r["created_at"],
        }
        for r in rows
    ]
    ours = run_study(
        read_export(export(converted, columns=(*COLUMNS, "performance_score"))), StudyOptions(paper_compat=True)
    )
    assert list(theirs.labels.labelled.labels) == list(ours.labels.labelled.labels)
    assert theirs.labels.ids == ours.labels.ids


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("auto", "maybe", "column auto: 'maybe' is not True or False"),
        ("performance_metrics", "{'accuracy': ", "column performance_metrics:"),
        ("performance_metrics", "{'accuracy': 'high'}", "column performance_metrics: accuracy 'high'"),
        ("co2_eq_emissions", "-3", "column co2_eq_emissions: '-3' is not a non-negative finite number"),
    ],
)
def test_a_bad_cell_is_a_located_one_line_error(
    tmp_path: Path, cli: Any, column: str, value: str, message: str
) -> None:
    rows = population_rows()
    rows[3][column] = value
    path = write_paper_csv(tmp_path / "HFCO2.csv", rows)
    result = cli("study", str(path))
    assert result.code == 2
    assert result.err.startswith(f"hfcarbon-lint: {path}:5: {message}") and result.err.count("\n") == 1


# ----------------------------------------------------------------- the reproduction script


def fake_notebook(path: Path, distribution: dict[str, int], d_rows: dict[int, str]) -> Path:
    """A notebook with the two saved outputs the script reads, in the shape Jupyter saves them."""
    counts = "compound_rating\n" + "".join(f"{k}    {v}\n" for k, v in distribution.items()) + "Name: count"
    table = "".join(f"{row:<5} {model:>40}  {7:>9}  \\\n" for row, model in d_rows.items())
    cells = [
        {"cell_type": "code", "source": ["df_co2['compound_rating'].value_counts()"],
         "outputs": [{"output_type": "execute_result", "data": {"text/plain": [counts]}}]},
        {"cell_type": "code", "source": ["df_co2[df_co2['compound_rating'] == 'D'].sort_values(by='likes')"],
         "outputs": [{"output_type": "execute_result",
                      "data": {"text/plain": ["   modelId  downloads  \\\n" + table + "\n   co2 ...\n"]}}]},
    ]  # fmt: skip
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    return path


def test_reproduction_script_agrees_only_when_the_distribution_and_the_d_models_agree(tmp_path: Path) -> None:
    dataset = write_paper_csv(tmp_path / "HFCO2.csv", population_rows())
    result = run_study(read_export(dataset), StudyOptions(paper_compat=True))
    distribution = result.report["label"]["distribution"]
    d_rows = {i: m for i, (m, r) in enumerate(zip(result.labels.ids, result.labels.labelled.labels, strict=True))}
    d_rows = {i: m for i, m in d_rows.items() if result.labels.labelled.labels[i] == 3}
    script = [sys.executable, str(REPO / "benchmarks" / "paper_reproduction.py"), str(dataset)]

    same = subprocess.run([*script, str(fake_notebook(tmp_path / "same.ipynb", distribution, d_rows))],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert same.returncode == 0, same.stdout + same.stderr
    assert "reproduced exactly" in same.stdout and "0 among D (by row)" in same.stdout

    moved = dict(distribution)
    moved["B"], moved["C"] = moved["B"] + 2, moved["C"] - 2
    other = subprocess.run([*script, str(fake_notebook(tmp_path / "other.ipynb", moved, d_rows))],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert other.returncode == 1 and "at least 2 (from the distribution)" in other.stdout


def test_a_complete_export_misses_no_column_and_their_metrics_dict_counts_as_the_metric_columns(
    tmp_path: Path, export: Any
) -> None:
    from tests.study.conftest import COLUMNS

    ours = run_study(read_export(export([{"repo_id": "m", "emissions_g": 1.0}], columns=COLUMNS)), StudyOptions())
    assert ours.report["export"]["columns_absent"] == []  # performance_score is read when present, never missed
    theirs = run_study(read_export(write_paper_csv(tmp_path / "HFCO2.csv", population_rows())), StudyOptions())
    absent = theirs.report["export"]["columns_absent"]
    assert not set(absent) & {"accuracy", "f1", "rouge1", "rougeL", "repo_id", "emissions_g", "model_size_bytes"}


def test_their_dataset_as_jsonl_reads_as_the_csv_does(tmp_path: Path) -> None:
    rows = population_rows()
    csv_result = run_study(read_export(write_paper_csv(tmp_path / "HFCO2.csv", rows)), StudyOptions(paper_compat=True))
    records = []
    for row in rows:
        record = {key: (None if value == "" else value) for key, value in row.items()}
        record["auto"] = row["auto"] == "True"  # a JSON boolean
        records.append(record)
    path = tmp_path / "HFCO2.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    population = read_export(path)
    assert population.dialect == PAPER_DIALECT and population.flags[1] & AUTOTRAIN
    jsonl_result = run_study(population, StudyOptions(paper_compat=True))
    assert jsonl_result.labels.ids == csv_result.labels.ids
    assert list(jsonl_result.labels.labelled.labels) == list(csv_result.labels.labelled.labels)
