"""The study's outputs: a Markdown report for people, JSON for machines, a per-model label CSV."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hfcarbon_lint.label.reference import ATTRIBUTE_ORDER, LETTERS

if TYPE_CHECKING:  # analysis imports numpy; the renderers need none of it
    from hfcarbon_lint.study.analysis import LabelTable

_TITLES = {
    "emissions": "emissions",
    "size_efficiency": "model size / emissions",
    "datasets_size_efficiency": "dataset size / emissions",
    "downloads": "downloads",
    "performance": "performance",
}


def render_json(result: dict[str, Any]) -> str:
    """The report for machines: ``StudyResult.report`` as it is."""
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def num(value: Any, digits: int = 4) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    number = float(value)
    if math.isnan(number):
        return "–"
    if number == 0:
        return "0"
    if abs(number) >= 1e6 or abs(number) < 1e-3:
        return f"{number:.{digits - 1}e}"
    return f"{number:,.{digits}g}" if abs(number) < 10**digits else f"{number:,.0f}"


def pct(value: Any) -> str:
    return "–" if value is None else f"{float(value):.2f} %"


def pvalue(value: Any) -> str:
    if value is None:
        return "–"
    number = float(value)
    return "< 1e-300" if number == 0 else (f"{number:.3g}" if number >= 1e-4 else f"{number:.2e}")


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    marks = [("---:" if (align[i : i + 1] == "r") else "---") for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def test_result(test: dict[str, Any]) -> str:
    """One test's outcome after its name: ``(method): statistic, n, p, Holm-adjusted p (verdict).``"""
    if test["skipped"]:
        return f"({test['method']}): not computed, {test['skipped']}."
    stat = f"{test['statistic_name']} = {num(test['statistic'])}"
    holm = ""
    if test["in_family"]:
        verdict = "significant" if test["significant_holm"] else "not significant"
        holm = f", Holm-adjusted p = {pvalue(test['p_holm'])} ({verdict})"
    return f"({test['method']}): {stat}, n = {num(test['n'])}, p = {pvalue(test['p'])}{holm}."


def _test_line(test: dict[str, Any]) -> str:
    return f"- **{test['name']}** {test_result(test)}"


HOLM_HEADER = ["Test", "Statistic", "n", "p", "Holm p", "Significant"]


def holm_rows(result: dict[str, Any]) -> list[list[str]]:
    """The family's computed tests as table rows (``HOLM_HEADER``), for the Markdown report and the page."""
    return [
        [
            t["name"],
            num(t["statistic"]),
            num(t["n"]),
            pvalue(t["p"]),
            pvalue(t["p_holm"]),
            "yes" if t["significant_holm"] else "no",
        ]
        for t in result["tests"]
        if t["in_family"] and not t["skipped"]
    ]


def family_sentence(family: dict[str, Any]) -> str:
    return (
        f"{family['method']}, α = {family['alpha']}, over the {family['size']} family tests that could be computed "
        f"(of {family['planned']} planned: the paper's 14)."
    )


def render_markdown(result: dict[str, Any]) -> str:
    """The report for people: one section function per part of the study, in the paper's order."""
    tests = {t["id"]: t for t in result["tests"]}
    out: list[str] = []
    for section in (
        _header,
        _classes_section,
        _share_section,
        _median_section,
        _domains_section,
        _size_section,
        _performance_section,
        _holm_section,
        _label_section,
        _modes_section,
    ):
        out += section(result, tests)
    return "\n".join(out)


Tests = dict[str, dict[str, Any]]


def _header(result: dict[str, Any], tests: Tests) -> list[str]:
    export, population = result["export"], result["population"]
    paper = result["mode"] == "paper-compat"
    out = [f"# Carbon reporting study: `{Path(export['path']).name}`", ""]
    out.append(
        f"Mode: **{result['mode']}**"
        + (
            " (reproduces the authors' code, quirks included)."
            if paper
            else " (the default: the paper's method with its code's quirks fixed)."
        )
        + f" {num(export['rows'])} rows read ({export['format'].upper()}); {num(population['models'])} models analysed, "
        f"{num(population['reporting_emissions'])} reporting emissions "
        f"({pct(population['overall_share_percent'])}). Zero-emission models: {num(population['zero_emissions'])} "
        f"({population['zero_emissions_treatment']})."
    )
    if export.get("dialect", "audit export") != "audit export":
        out += [
            "",
            f"Read as the {export['dialect']} (the authors' replication data, GAISSA-UPC/ML-EnergyLabel): "
            'their column names, their `performance_metrics` and `auto` cells, "Not Specified" as missing.',
        ]
    if export["columns_absent"]:
        out += [
            "",
            "Columns absent from the export (treated as missing): "
            + ", ".join(f"`{c}`" for c in export["columns_absent"])
            + ".",
        ]
    if export.get("not_read"):
        out += [
            "",
            f"Rows of cards the audit could not read (`not read`): {num(export['not_read'])}, left out of every "
            "count (a card that was not read has no reporting class).",
        ]
    if export["hardware_from_reporting_class"]:
        out += ["", "No `hardware_used` column: hardware reporting (H) read from the reporting class column."]
    return out


def _classes_section(result: dict[str, Any], tests: Tests) -> list[str]:
    out = ["", "## 1. Reporting classes", ""]
    out += _table(
        ["Level", "Class", "Models", "Share"],
        [[str(c["level"]), c["class"], num(c["models"]), pct(c["percent"])] for c in result["reporting_classes"]],
        "rlrr",
    )
    return out


def _share_section(result: dict[str, Any], tests: Tests) -> list[str]:
    share, window, population = result["reporting_share"], result["window"], result["population"]
    out = ["", "## 2. Share of models reporting emissions, by creation month", ""]
    out.append(
        f"Overall: {pct(population['overall_share_percent'])} of {num(population['models'])} models. "
        f"Window: {window['first'] or '–'} to {window['last'] or '–'} "
        f"({window['months']} month{'s' if window['months'] != 1 else ''}; {share['window_note']})."
    )
    reporting, autotrain = population["reporting_emissions"], population["reporting_autotrain"]
    if reporting:
        out += [
            "",
            f"AutoTrain (tag `autotrain`/`autonlp`): {num(autotrain)} of the {num(reporting)} reporting models "
            f"({pct(100.0 * autotrain / reporting)}); {num(population['autotrain_models'])} AutoTrain models in all.",
        ]
    summary = share["summary"]
    if summary["months"]:
        out += [
            "",
            f"Pooled over the window {pct(summary['pooled_percent'])}; highest {pct(summary['max_percent'])} "
            f"({summary['max_month']}); last month {pct(summary['last_percent'])} ({summary['last_month']}); "
            f"median of the monthly shares {pct(summary['median_percent'])}.",
            "",
        ]
        out += _table(
            ["Month", "Models", "Reporting", "Share"],
            [[m["month"], num(m["models"]), num(m["reporting"]), pct(m["share_percent"])] for m in share["monthly"]],
            "lrrr",
        )
    out += ["", "Trend:", _test_line(tests[share["trend"]])]
    return out


def _median_section(result: dict[str, Any], tests: Tests) -> list[str]:
    median = result["median_emissions"]
    out = ["", "## 3. Monthly median reported emissions", ""]
    summary = median["summary"]
    if summary["months"]:
        out += [
            f"Highest monthly median {num(summary['max_g'])} g ({summary['max_month']}); mean of the medians "
            f"{num(summary['mean_of_medians_g'])} g; last month {num(summary['last_g'])} g ({summary['last_month']}); "
            f"median of the medians {num(summary['median_of_medians_g'])} g.",
            "",
        ]
        out += _table(
            ["Month", "Reporting", "Median (g)"],
            [[m["month"], num(m["reporting"]), num(m["median_g"])] for m in median["monthly"]],
            "lrr",
        )
    else:
        out.append("No reporting model in the window.")
    out += ["", "Trend:", _test_line(tests[median["trend"]])]
    return out


def _domains_section(result: dict[str, Any], tests: Tests) -> list[str]:
    out = [
        "",
        "## 4. Emissions by domain",
        "",
        "Domain from the `domain` column when present, else from `pipeline_tag` (the Hub task's modality), "
        "else from the first tag that names a Hub task.",
        "",
    ]
    out += _table(
        ["Domain", "Models", "Reporting", "Share", "Median (g)", "Q1–Q3 (g)", "Mean (g)"],
        [
            [
                d["domain"] or "(no domain)",
                num(d["models"]),
                num(d["reporting"]),
                pct(d.get("share_percent")),
                num(d.get("median_g")),
                f"{num(d.get('q1_g'))} – {num(d.get('q3_g'))}" if d.get("q1_g") is not None else "–",
                num(d.get("mean_g")),
            ]
            for d in result["domains"]["table"]
        ],
        "lrrrrrr",
    )
    out += [""] + [_test_line(tests[i]) for i in result["domains"]["tests"]]
    out += ["", "Training type:", _test_line(tests["mw_training_type"])]
    return out


def _size_section(result: dict[str, Any], tests: Tests) -> list[str]:
    out = [
        "",
        "## 5. Emissions and size (log-log)",
        "",
        "ln(emissions + 1e-6) against ln(size + 1e-6), reporting models with a size.",
        "",
    ]
    return out + [_test_line(tests[i]) for i in result["size_correlations"]]


def _performance_section(result: dict[str, Any], tests: Tests) -> list[str]:
    out = [
        "",
        "## 6. Emissions and performance",
        "",
        "Spearman ρ of emissions (g) with each metric, AutoTrain models (tag `autotrain`/`autonlp`) and the others "
        "(the paper's second subset was its hand-curated sample, which an export does not carry).",
        "",
    ]
    return out + [_test_line(tests[i]) for i in result["performance_correlations"]]


def _holm_section(result: dict[str, Any], tests: Tests) -> list[str]:
    family = result["family"]
    out = [
        "",
        "## 7. Holm correction",
        "",
        family_sentence(family),
        "",
    ]
    rows = holm_rows(result)
    out += _table(HOLM_HEADER, rows, "lrrrrl") if rows else ["No family test could be computed."]
    if family["not_computed"]:
        out += ["", "Not computed: " + ", ".join(f"`{i}`" for i in family["not_computed"]) + "."]
    return out


def _label_section(result: dict[str, Any], tests: Tests) -> list[str]:
    label = result["label"]
    zero = label.get("zero_emissions_labelled", 0)
    labelled = (
        f"{num(label['models'])} models with an emissions figure labelled, the {num(zero)} with 0 g included "
        "(as the authors' label code does: an index of +inf, A on emissions),"
        if zero
        else f"{num(label['models'])} reporting models labelled"
    )
    out = [
        "",
        "## 8. Carbon-efficiency label (A–E)",
        "",
        f"{labelled} against cut-points recomputed from this population. "
        f"Reference values: the model `{label['reference_model']}` where it is in the export and has the value, "
        "else the population median; they scale the index (and so the quirk) but not the corrected ratings.",
        "",
    ]
    if label.get("performance_source", "the metric columns") != "the metric columns":
        out[-2] += f" Performance: {label['performance_source']}."
    total = sum(label["distribution"].values()) or 1
    out += _table(
        ["Label", "Models", "Share"],
        [
            [letter, num(label["distribution"][letter]), pct(100.0 * label["distribution"][letter] / total)]
            for letter in LETTERS
        ],
        "lrr",
    )
    out += ["", "Sub-ratings and cut-points (b1 > b2 > b3 > b4 in the cut space; raw units are a reading aid):", ""]
    rows = []
    for name in ATTRIBUTE_ORDER:
        cut = label["cuts"][name]
        sub = label["sub_ratings"][name]
        rows.append(
            [
                _TITLES[name],
                f"{cut['weight']:g}",
                f"{num(cut['reference_value'])} ({cut['reference_origin']})",
                cut["compared"],
                " / ".join(num(b) for b in cut["b"]),
                " / ".join(num(b) for b in cut["raw_units"]) + f" {cut['unit']}",
                " ".join(f"{letter}:{sub[letter]}" for letter in LETTERS) + f" –:{sub['missing']}",
            ]
        )
    out += _table(["Attribute", "Weight", "Reference", "Compared", "Cuts b1/b2/b3/b4", "In units", "Sub-ratings"], rows)
    for note in label["notes"]:
        out.append(f"\n- {note}")
    return out


def _modes_section(result: dict[str, Any], tests: Tests) -> list[str]:
    out = ["", "## What this mode does, and the other", ""]
    out += _table(
        ["", f"This run ({result['mode']})", "Other mode"],
        [[d["what"], d["this_mode"], d["other_mode"]] for d in result["differences"]],
    )
    out += ["", f"_{result['tool']['name']} {result['tool']['version']}, study format {result['study_format']}._", ""]
    return out


def write_labels(path: Path, table: LabelTable) -> None:
    """One row per labelled model: repo_id, label, the weighted mean, each sub-rating letter."""
    ids, labelled = table.ids, table.labelled
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["repo_id", "label", "score", *ATTRIBUTE_ORDER])
        labels, scores = labelled.labels, labelled.score
        columns = [labelled.ratings[name] for name in ATTRIBUTE_ORDER]
        for i, repo in enumerate(ids):
            writer.writerow(
                [
                    repo,
                    LETTERS[labels[i]] if labels[i] >= 0 else "",
                    f"{scores[i]:.6g}" if labels[i] >= 0 else "",
                    *(LETTERS[c[i]] if c[i] >= 0 else "" for c in columns),
                ]
            )
