"""``study ... --html FILE``: the paper's analysis of an export as one self-contained page.

Drawn from the study's report dict (``StudyResult.report``), the same data as the Markdown and
JSON reports: key figures, the reporting classes, the share reporting and the median emissions by
creation month, emissions by domain, the A-E labels, the tests with Holm's correction and the
method notes. Domain names and months come from the export: they are escaped like card text.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from hfcarbon_lint.label.reference import LETTERS
from hfcarbon_lint.pictures import charts
from hfcarbon_lint.pictures.charts import Bar
from hfcarbon_lint.pictures.page import figures, html_page, notes, paragraph, section, table
from hfcarbon_lint.pictures.svg import CLASS_COLOURS, LETTER_COLOURS, grams
from hfcarbon_lint.study.report import HOLM_HEADER, family_sentence, holm_rows, num, pct, test_result


def study_html(report: dict[str, Any], generated: str | None = None) -> str:
    population, export = report["population"], report["export"]
    tests = {t["id"]: t for t in report["tests"]}
    when = generated or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    key = [
        (num(export["rows"]), "rows read"),
        (num(population["models"]), "models analysed"),
        (f"{num(population['reporting_emissions'])} ({pct(population['overall_share_percent'])})", "report emissions"),
        (num(population["zero_emissions"]), "report 0 g"),
        (str(report["mode"]), "mode"),
    ]
    share, median = report["reporting_share"], report["median_emissions"]
    sections = [
        figures(key),
        section("Reporting classes", _classes(report["reporting_classes"])),
        section(
            "Reporting over time",
            charts.monthly_line(
                _series(share["monthly"], "share_percent", "models"),
                "Share of new models reporting emissions, by creation month",
            ),
            paragraph(_test_sentence(tests[share["trend"]])),
            charts.monthly_line(
                _series(median["monthly"], "median_g", "reporting"),
                "Median reported emissions (g CO2eq) of new models, by creation month",
                unit="g",
                counted="models reporting, per month",
            ),
            paragraph(_test_sentence(tests[median["trend"]])),
        ),
        section(
            "Emissions by domain",
            _domains(report["domains"]["table"]),
            *(paragraph(_test_sentence(tests[i])) for i in report["domains"]["tests"]),
        ),
        section("Carbon-efficiency labels", _labels(report["label"], report["mode"])),
        section("Tests and Holm's correction", _tests(report)),
        section("Method", _method(report)),
    ]
    return html_page(
        "Carbon reporting study",
        f"{Path(export['path']).name}: {num(export['rows'])} rows ({export['format'].upper()}); "
        f"{report['mode']} mode; generated {when}",
        sections,
        footer=f"{report['tool']['name']} {report['tool']['version']}, study format {report['study_format']}. "
        "The method is Castaño et al., ESEM 2023.",
    )


def _series(monthly: list[dict[str, Any]], value: str, n: str) -> list[tuple[str, float | None, int]]:
    """A monthly table as chart points, every calendar month in place (a month absent from it is a gap)."""
    if not monthly:
        return []
    by_month = {m["month"]: m for m in monthly}
    return [
        (month, by_month[month][value], by_month[month][n]) if month in by_month else (month, None, 0)
        for month in charts.calendar(monthly[0]["month"], monthly[-1]["month"])
    ]


def _classes(classes: list[dict[str, Any]]) -> str:
    total = sum(c["models"] for c in classes)
    bars = [
        Bar(
            c["class"],
            c["models"],
            CLASS_COLOURS[c["level"] % len(CLASS_COLOURS)],
            f"{num(c['models'])} ({pct(c['percent'])})",
        )
        for c in classes
    ]
    return charts.horizontal_bars(bars, f"Reporting classes of the {total:,} models")


def _domains(rows: list[dict[str, Any]]) -> str:
    shown = [d for d in rows if d.get("median_g") and d["median_g"] > 0]
    if not shown:
        return paragraph("No domain has a model reporting emissions above 0 g.")
    shown.sort(key=lambda d: -d["median_g"])
    bars = [
        Bar(
            d["domain"] or "(no domain)",
            d["median_g"],
            "#5b8db8",
            f"{grams(d['median_g'])} (n = {num(d['reporting'])})",
        )
        for d in shown
    ]
    return charts.horizontal_bars(bars, "Median reported emissions by domain", log=True, unit="grams of CO2eq")


def _labels(label: dict[str, Any], mode: str) -> str:
    distribution = label["distribution"]
    total = sum(distribution[x] for x in LETTERS)
    if not total:
        return paragraph("No model could be labelled.")
    bars = [
        Bar(x, distribution[x], LETTER_COLOURS[x], f"{distribution[x]:,} ({pct(100 * distribution[x] / total)})")
        for x in LETTERS
    ]
    figure = charts.columns(bars, f"A-E labels of the {total:,} labelled models ({mode} mode; A best)")
    return figure + notes([str(n) for n in label["notes"]])


def _test_sentence(test: dict[str, Any]) -> str:
    return f"{test['name']} {test_result(test)}"


def _tests(report: dict[str, Any]) -> str:
    rows = holm_rows(report)
    intro = paragraph(family_sentence(report["family"]))
    if not rows:
        return intro + paragraph("No family test could be computed.")
    return intro + table(HOLM_HEADER, rows, [False, True, True, True, True, False])


def _method(report: dict[str, Any]) -> str:
    mode = report["mode"]
    lines = [
        "The analysis of Castaño et al. (ESEM 2023) over an audit export: reporting classes, the monthly share "
        "reporting emissions and the monthly median (OLS trends), domains (Mann-Whitney), size and performance "
        "(Spearman), Holm's correction over the paper's 14 tests, and A-E labels against cut-points recomputed "
        "from this population.",
        f"Zero-emission models are {report['population']['zero_emissions_treatment']}.",
        f"Window: {report['window']['first'] or '–'} to {report['window']['last'] or '–'} "
        f"({report['reporting_share']['window_note']}).",
    ]
    rows = [[d["what"], d["this_mode"], d["other_mode"]] for d in report["differences"]]
    return notes(lines) + table(["", f"This run ({mode})", "Other mode"], rows)
