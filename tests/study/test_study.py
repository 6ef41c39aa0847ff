"""``hfcarbon-lint study`` on small synthetic populations whose answers are known."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hfcarbon_lint.label.compute import compound, rate
from hfcarbon_lint.label.reference import ATTRIBUTE_ORDER, LETTERS, load_reference
from hfcarbon_lint.study.analysis import StudyOptions, run_study
from hfcarbon_lint.study.reader import read_export

REPO = Path(__file__).resolve().parents[2]
Export = Callable[..., Path]
Study = Callable[..., dict[str, Any]]


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {test["id"]: test for test in report["tests"]}


def monotonic_share_rows() -> list[dict[str, Any]]:
    """Eight months of 20 models each; k+1 of them report in month k: share 5 %, 10 %, ..., 40 %."""
    rows = []
    for k in range(8):
        for i in range(20):
            rows.append(
                {
                    "repo_id": f"org/m{k}-{i}",
                    "created_at": f"2022-{k + 1:02d}-15T10:00:00.000Z",
                    "pipeline_tag": "text-classification",
                    "emissions_g": 10.0 * (i + 1) if i <= k else None,
                    "downloads": i,
                }
            )
    return rows


# ----------------------------------------------------------------------------- trends


def test_monotonic_monthly_share_has_a_significant_positive_slope(export: Export, study_json: Study) -> None:
    report = study_json(export(monotonic_share_rows()))
    shares = [m["share_percent"] for m in report["reporting_share"]["monthly"]]
    assert shares == pytest.approx([5.0 * (k + 1) for k in range(8)])
    trend = by_id(report)["ols_share_trend"]
    assert trend["statistic"] == pytest.approx(5.0)  # exactly five points a month
    assert trend["p"] < 1e-6 and trend["significant_holm"] is True
    summary = report["reporting_share"]["summary"]
    assert summary["pooled_percent"] == pytest.approx(100 * 36 / 160)  # Σ reporting / Σ models, not a mean
    assert summary["max_percent"] == pytest.approx(40.0) and summary["max_month"] == "2022-08"
    assert summary["median_percent"] == pytest.approx(22.5)


def test_monthly_medians_and_their_trend(export: Export, study_json: Study) -> None:
    report = study_json(export(monotonic_share_rows()))
    medians = [m["median_g"] for m in report["median_emissions"]["monthly"]]
    # Month k has emissions 10, 20, ..., 10(k+1): median 5(k+2).
    assert medians == pytest.approx([5.0 * (k + 2) for k in range(8)])
    assert by_id(report)["ols_median_emissions_trend"]["statistic"] == pytest.approx(5.0)


def test_calendar_gaps_count_in_the_default_time_axis_only(export: Export, study_json: Study) -> None:
    rows = [
        {"repo_id": f"m{i}", "created_at": month, "emissions_g": value}
        for i, (month, value) in enumerate([("2022-01-01", 10), ("2022-02-01", 20), ("2022-06-01", 30)])
    ]
    path = export(rows)
    corrected = by_id(study_json(path))["ols_median_emissions_trend"]
    paper = by_id(study_json(path, "--paper-compat", "--since", "2022-01"))["ols_median_emissions_trend"]
    assert paper["statistic"] == pytest.approx(10.0)  # t = 0, 1, 2
    assert corrected["statistic"] == pytest.approx(np.polyfit([0, 1, 5], [10, 20, 30], 1)[0])  # t = 0, 1, 5


# ----------------------------------------------------------------------------- domains, sizes


def test_identical_domains_give_a_mann_whitney_p_of_one(export: Export, study_json: Study) -> None:
    values = [1.0, 2.0, 3.0, 5.0, 8.0, 13.0]
    rows = [
        {"repo_id": f"{tag}-{i}", "pipeline_tag": tag, "emissions_g": value}
        for tag in ("image-classification", "text-classification")
        for i, value in enumerate(values)
    ]
    report = study_json(export(rows))
    test = by_id(report)["mw_domain_cv_nlp"]
    assert test["p"] == pytest.approx(1.0)
    assert test["statistic"] == pytest.approx(len(values) ** 2 / 2)
    table = {d["domain"]: d for d in report["domains"]["table"]}
    assert table["Computer Vision"]["median_g"] == table["NLP"]["median_g"] == pytest.approx(4.0)


def test_separated_domains_differ(export: Export, study_json: Study) -> None:
    rows = [{"repo_id": f"cv{i}", "domain": "cv", "emissions_g": 1000 + i} for i in range(8)]
    rows += [{"repo_id": f"nlp{i}", "domain": "Natural Language Processing", "emissions_g": 1 + i} for i in range(8)]
    test = by_id(study_json(export(rows)))["mw_domain_cv_nlp"]
    assert test["statistic"] == 64.0 and test["p"] < 0.001  # every CV value above every NLP value


def test_perfectly_log_linear_sizes_give_pearson_one(export: Export, study_json: Study) -> None:
    rows = [
        {
            "repo_id": f"m{i}",
            "emissions_g": 2.0**i,
            "model_size_bytes": 1000 * (2.0**i) ** 2,  # ln size = 2 ln e + ln 1000
            "datasets_size_bytes": 1e12 / 2.0**i,  # ln size = -ln e + const
        }
        for i in range(1, 12)
    ]
    tests = by_id(study_json(export(rows)))
    assert tests["pearson_log_emissions_model_size"]["statistic"] == pytest.approx(1.0)
    assert tests["spearman_log_emissions_model_size"]["statistic"] == pytest.approx(1.0)
    assert tests["pearson_log_emissions_dataset_size"]["statistic"] == pytest.approx(-1.0)
    assert tests["spearman_log_emissions_model_size"]["in_family"] is False


def test_holm_correction_over_the_family(export: Export, study_json: Study) -> None:
    report = study_json(export(monotonic_share_rows()))
    family = [t for t in report["tests"] if t["in_family"] and not t["skipped"]]
    assert report["family"]["planned"] == 14
    assert report["family"]["size"] == len(family) >= 2
    ordered = sorted(family, key=lambda t: t["p"])
    m = len(ordered)
    running = 0.0
    for k, test in enumerate(ordered):  # Holm step-down, written out
        running = max(running, min(1.0, (m - k) * test["p"]))
        assert test["p_holm"] == pytest.approx(running)
        assert test["significant_holm"] == (test["p_holm"] <= 0.05)
    # Tests that cannot run (no metrics, no training types here) are out of the family, with a reason.
    skipped = [t for t in report["tests"] if t["skipped"]]
    assert skipped and all(t["p_holm"] is None for t in skipped)
    assert set(report["family"]["not_computed"]) == {t["id"] for t in skipped if t["in_family"]}


# ----------------------------------------------------------------------------- classes


CLASS_ROWS = [
    {"repo_id": "u", "emissions_g": None, "hardware_used": None},
    {"repo_id": "c", "emissions_g": None, "hardware_used": "T4"},
    {"repo_id": "b", "emissions_g": 5.0, "hardware_used": None},
    {"repo_id": "a", "emissions_g": 5.0, "hardware_used": "T4"},
    {"repo_id": "o", "emissions_g": 5.0, "hardware_used": "T4", "tags": ["Distilled"]},
    {"repo_id": "x", "emissions_g": 5.0, "hardware_used": "T4", "tags": ["pruned", "EcoCard"]},
    {"repo_id": "z", "emissions_g": 0.0, "hardware_used": "T4"},
    {"repo_id": "nb", "emissions_g": 5.0, "tags": ["optimized"]},  # no hardware: stays Basic
]


def test_reporting_classes_default_ladder(export: Export, study_json: Study) -> None:
    report = study_json(export(CLASS_ROWS))
    counts = [c["models"] for c in report["reporting_classes"]]
    # The zero-emission model counts as not reporting (hardware: Context).
    assert counts == [1, 2, 2, 1, 1, 1]
    assert report["population"] == {
        "models": 8,
        "reporting_emissions": 5,
        "zero_emissions": 1,
        "zero_emissions_treatment": "counted as not reporting",
        "with_creation_month": 0,
        "overall_share_percent": pytest.approx(62.5),
        "autotrain_models": 0,
        "reporting_autotrain": 0,
    }


def test_autotrains_share_of_the_reporting_models(export: Export, study_json: Study) -> None:
    rows = [
        {"repo_id": "a", "emissions_g": 5.0, "tags": ["autotrain"]},
        {"repo_id": "b", "emissions_g": 5.0, "tags": ["AutoNLP", "en"]},
        {"repo_id": "c", "emissions_g": 5.0, "tags": ["transformers"]},
        {"repo_id": "d", "emissions_g": None, "tags": ["autotrain"]},
        {"repo_id": "e", "emissions_g": None},
    ]
    population = study_json(export(rows))["population"]
    assert (population["autotrain_models"], population["reporting_autotrain"]) == (3, 2)


def test_reporting_classes_paper_compat(export: Export, study_json: Study) -> None:
    report = study_json(export(CLASS_ROWS), "--paper-compat")
    counts = [c["models"] for c in report["reporting_classes"]]
    # Zero-emission model removed; the two upper classes never assigned.
    assert counts == [1, 1, 2, 3, 0, 0]
    assert report["population"]["models"] == 7
    assert report["mode"] == "paper-compat"


def test_hardware_from_reporting_class_when_no_hardware_column(export: Export, study_json: Study) -> None:
    rows = [
        {"repo_id": "a", "emissions_g": 3, "reporting_class": "Energy Awareness"},
        {"repo_id": "c", "reporting_class": "Context Reporting"},
        {"repo_id": "u", "reporting_class": "Unknown Energy Efficiency"},
    ]
    path = export(rows, columns=("repo_id", "emissions_g", "reporting_class"))
    report = study_json(path)
    assert report["export"]["hardware_from_reporting_class"] is True
    assert [c["models"] for c in report["reporting_classes"]] == [1, 1, 0, 1, 0, 0]


# ----------------------------------------------------------------------------- labels


def random_population(seed: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(400):
        has = rng.random(5) < [1.0, 0.7, 0.3, 0.95, 0.4]
        rows.append(
            {
                "repo_id": "distilbert/distilgpt2" if i == 7 else f"org/m{i}",
                "emissions_g": float(np.round(np.exp(rng.normal(2, 2)), 2)),
                "model_size_bytes": int(np.exp(rng.normal(19, 2))) if has[1] else None,
                "datasets_size_bytes": int(np.exp(rng.normal(17, 2))) if has[2] else None,
                "downloads": int(rng.integers(0, 5)) if has[3] else None,  # many ties, many zeros
                "accuracy": float(np.round(rng.uniform(0.5, 1), 2)) if has[4] else None,
                "f1": float(np.round(rng.uniform(40, 99), 1)) if has[4] and rng.random() < 0.5 else None,
            }
        )
    return rows


@pytest.mark.parametrize("paper_compat", [False, True])
def test_population_labels_match_the_single_model_rules(export: Export, paper_compat: bool) -> None:
    """Every model's vectorised label equals ``rate``/``compound`` applied one model at a time."""
    rows = random_population(3)
    result = run_study(read_export(export(rows)), StudyOptions(paper_compat=paper_compat))
    ids, labelled = result.labels.ids, result.labels.labelled
    reference = load_reference()
    assert ids[7] == "distilbert/distilgpt2"
    section = result.report["label"]
    assert section["cuts"]["emissions"]["reference_origin"] == "distilbert/distilgpt2"
    assert section["cuts"]["performance"]["reference_origin"] == "population median" or rows[7]["accuracy"] is not None
    assert sum(section["distribution"].values()) == len(rows)
    for i, row in enumerate(rows):
        ratings = []
        for spec in reference.attributes:
            value = {
                "emissions": row["emissions_g"],
                "size_efficiency": row["model_size_bytes"] / row["emissions_g"] if row["model_size_bytes"] else None,
                "datasets_size_efficiency": row["datasets_size_bytes"] / row["emissions_g"]
                if row["datasets_size_bytes"]
                else None,
                "downloads": row["downloads"],
            }.get(spec.name)
            if spec.name == "performance":
                r = int(labelled.ratings["performance"][i])
                ratings.append((None if r < 0 else r, spec.weight))
                continue
            if value is None:
                ratings.append((None, spec.weight))
                continue
            ref = labelled.reference_values[spec.name]
            index = value / ref if spec.better == "higher" else ref / value
            compared = math.sqrt(index) if (spec.cut_space == "sqrt" and not paper_compat) else index
            expected = rate(compared, labelled.cuts[spec.name])
            assert labelled.ratings[spec.name][i] == expected, (i, spec.name)
            ratings.append((expected, spec.weight))
        outcome = compound(ratings)
        assert outcome is not None
        assert LETTERS[labelled.labels[i]] == LETTERS[outcome[1]], i


def test_label_distribution_json_is_keyed_by_letters(export: Export, study_json: Study) -> None:
    report = study_json(export(random_population(5)))
    distribution = report["label"]["distribution"]
    assert list(distribution) == list("ABCDE")
    assert all(isinstance(v, int) for v in distribution.values())
    assert sum(distribution.values()) == report["population"]["reporting_emissions"] == 400
    cuts = report["label"]["cuts"]["emissions"]
    assert cuts["compared"] == "√index" and len(cuts["b"]) == 4 and cuts["b"] == sorted(cuts["b"], reverse=True)
    # The corrected mode rates emissions by quintile of the population: 80 models per letter.
    assert report["label"]["sub_ratings"]["emissions"] == {"A": 80, "B": 80, "C": 80, "D": 80, "E": 80, "missing": 0}


def test_paper_compat_quirk_shifts_the_emissions_sub_ratings(export: Export, study_json: Study) -> None:
    report = study_json(export(random_population(5)), "--paper-compat")
    assert report["label"]["cuts"]["emissions"]["compared"] == "index (quirk)"
    assert report["label"]["sub_ratings"]["emissions"] != {"A": 80, "B": 80, "C": 80, "D": 80, "E": 80, "missing": 0}


def test_labels_file_has_one_row_per_reporting_model(cli: Any, export: Export, tmp_path: Path) -> None:
    path = export(random_population(5))
    out = tmp_path / "labels.csv"
    result = cli("study", str(path), "--labels", str(out), "--output", str(tmp_path / "report.md"))
    assert result.code == 0, result.err
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 400
    assert list(rows[0]) == ["repo_id", "label", "score", *ATTRIBUTE_ORDER]
    assert {row["label"] for row in rows} <= set("ABCDE")
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("# Carbon reporting study")


# ----------------------------------------------------------------------------- inputs


def test_csv_and_jsonl_give_the_same_study(export: Export, study_json: Study) -> None:
    rows = monotonic_share_rows() + random_population(9)[:50]
    for row in rows[:30]:
        row["tags"] = ["autotrain", "pytorch"]
        row["accuracy"] = 0.9
    from_csv = study_json(export(rows, "export.csv"))
    from_jsonl = study_json(export(rows, "export.jsonl"))
    for report in (from_csv, from_jsonl):
        report.pop("export")
    assert from_csv == from_jsonl


def test_absent_columns_are_missing_values(export: Export, study_json: Study) -> None:
    rows = [{"repo_id": f"m{i}", "emissions_g": float(i + 1)} for i in range(10)]
    report = study_json(export(rows, columns=("repo_id", "emissions_g")))
    assert "created_at" in report["export"]["columns_absent"]
    assert report["window"]["months"] == 0
    tests = by_id(report)
    assert tests["ols_share_trend"]["skipped"] and tests["mw_domain_cv_nlp"]["skipped"]
    assert report["label"]["sub_ratings"]["downloads"]["missing"] == 10
    assert sum(report["label"]["distribution"].values()) == 10


def test_markdown_report_sections(cli: Any, export: Export) -> None:
    result = cli("study", str(export(monotonic_share_rows())))
    assert result.code == 0, result.err
    for heading in ("## 1. Reporting classes", "## 2. Share", "## 3. Monthly median", "## 4. Emissions by domain",
                    "## 5. Emissions and size", "## 6. Emissions and performance", "## 7. Holm correction",
                    "## 8. Carbon-efficiency label", "## What this mode does"):  # fmt: skip
        assert heading in result.out


def test_plots(cli: Any, export: Export, tmp_path: Path) -> None:
    result = cli(
        "study",
        str(export(monotonic_share_rows())),
        "--plots",
        str(tmp_path / "figs"),
        "--output",
        str(tmp_path / "r.md"),
    )
    assert result.code == 0, result.err
    names = sorted(p.name for p in (tmp_path / "figs").iterdir())
    assert names == [
        "class_distribution.png",
        "label_distribution.png",
        "monthly_median_emissions.png",
        "monthly_share.png",
    ]
    assert all((tmp_path / "figs" / n).read_bytes().startswith(b"\x89PNG") for n in names)


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("repo_id,emissions_g\na,12\nb,abc\n", "e.csv", "e.csv:3: column emissions_g: 'abc' is not a number"),
        (
            "repo_id,emissions_g\na,-4\n",
            "e.csv",
            "e.csv:2: column emissions_g: '-4' is not a non-negative finite number",
        ),
        ("repo_id,downloads\na,inf\n", "e.csv", "column downloads: 'inf'"),
        ("repo_id,created_at\na,yesterday\n", "e.csv", "e.csv:2: column created_at: 'yesterday' is not an ISO date"),
        ("repo_id,created_at\na,2023-13-01\n", "e.csv", "is not an ISO date"),
        ("repo_id,emissions_g\na,1,2\n", "e.csv", "e.csv:2: 3 fields, the header has 2"),
        ("name,size\na,1\n", "e.csv", "no known column in the header"),
        ("repo_id,repo_id\na,b\n", "e.csv", "appears twice"),
        ("", "e.csv", "empty file"),
        ("repo_id,emissions_g\n", "e.csv", "no rows"),
        ('{"repo_id": "a", "emissions_g": 1}\n[1, 2]\n', "e.jsonl", "e.jsonl:2: a JSON list, not an object"),
        ('{"repo_id": "a", "emissions_g": true}\n', "e.jsonl", "e.jsonl:1: column emissions_g: True is not a number"),
        ('{"repo_id": "a", "tags": 5}\n', "e.jsonl", "column tags"),
        ('{"repo_id": "a",\n', "e.jsonl", "e.jsonl:1: not JSON"),
        ('{"repo_id": "a", "accuracy": "high"}\n', "e.jsonl", "column accuracy: 'high' is not a number"),
        ('{"repo_id": "a", "reporting_class": "Gold"}\n', "e.jsonl", "'Gold' is not a reporting class"),
    ],
)
def test_garbage_gives_one_line_errors(cli: Any, tmp_path: Path, content: str, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = cli("study", str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("hfcarbon-lint: ") and result.err.count("\n") == 1, result.err
    assert message in result.err


def test_missing_and_binary_files(cli: Any, tmp_path: Path) -> None:
    result = cli("study", str(tmp_path / "nope.csv"))
    assert result.code == 2 and "no such file" in result.err
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"repo_id\n\xff\xfe\x00garbage\n")
    result = cli("study", str(binary))
    assert result.code == 2 and "not UTF-8" in result.err and result.err.count("\n") == 1


def test_percent_and_decimal_comma_metrics_are_cleaned(export: Export) -> None:
    rows = [{"repo_id": "a", "emissions_g": 1, "accuracy": "85,5%", "f1": "0.5"}]
    population = read_export(export(rows))
    assert population.metrics["accuracy"][0] == 85.5 and population.metrics["f1"][0] == 0.5


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m hfcarbon_lint ARGS`` as a real child process."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "hfcarbon_lint", *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


def test_real_subprocess_run(tmp_path: Path, export: Export) -> None:
    path = export(monotonic_share_rows())
    result = run_process("study", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["label"]["distribution"].keys() == set("ABCDE")
    bad = tmp_path / "bad.csv"
    bad.write_text("repo_id,emissions_g\na,abc\n", encoding="utf-8")
    result = run_process("study", str(bad))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["export.csv", "export.jsonl"])
def test_a_card_the_audit_could_not_read_is_left_out(export: Export, study_json: Study, name: str) -> None:
    """Issue 19: an unread card (reporting_class "not read") is not a model that reports nothing."""
    rows = [
        {"repo_id": "a", "emissions_g": 3, "hardware_used": "A100", "reporting_class": "Energy Awareness"},
        {"repo_id": "u", "reporting_class": "Unknown Energy Efficiency"},
        {"repo_id": "big", "reporting_class": "not read"},
    ]
    report = study_json(export(rows, name=name))
    assert report["export"]["rows"] == 2 and report["export"]["not_read"] == 1
    assert [c["models"] for c in report["reporting_classes"]] == [1, 0, 0, 1, 0, 0]
