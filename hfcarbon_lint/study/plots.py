"""PNG figures of a study (``--plots DIR``); matplotlib is imported here only (the ``plots`` extra).

Everything drawn comes from the report dict (``StudyResult.report``), so a figure shows what the
report says:

- the two monthly series on a real date axis, each month at its place (a month without data is
  a gap in the line, not a missing tick), with the OLS trend the report tests drawn from its
  intercept and slope at each month's ``t``, and n per month in a panel below;
- the reporting classes and the A-E labels as bars carrying their counts, every class and every
  letter shown, zero included.

``figures`` builds them (tests read the matplotlib objects); ``write_plots`` saves them.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from hfcarbon_lint.label.reference import LETTERS

FIGURES = ("monthly_share.png", "monthly_median_emissions.png", "class_distribution.png", "label_distribution.png")
LABEL_COLOURS = ("#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027")
TREND_GID, SERIES_GID, COUNTS_GID = "trend", "series", "n-per-month"
LOG_SPAN = 100  # a median series spanning more than this factor is drawn on a log axis


def write_plots(report: dict[str, Any], folder: Path) -> list[Path]:
    """Save the four figures as PNG in ``folder`` (created if needed); the paths written."""
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, figure in figures(report).items():
        path = folder / name
        figure.savefig(path, dpi=110)
        plt.close(figure)
        written.append(path)
    return written


def figures(report: dict[str, Any]) -> dict[str, Any]:
    """The four figures (matplotlib ``Figure`` objects, Agg backend), keyed by file name."""
    import matplotlib

    matplotlib.use("Agg")
    tests = {test["id"]: test for test in report["tests"]}
    share = report["reporting_share"]
    medians = report["median_emissions"]
    return {
        FIGURES[0]: _monthly_figure(
            share["monthly"],
            "share_percent",
            "models",
            tests[share["trend"]],
            title="Share of new models reporting emissions, by creation month",
            ylabel="% reporting emissions",
            nlabel="n (models)",
            colour="tab:blue",
        ),
        FIGURES[1]: _monthly_figure(
            medians["monthly"],
            "median_g",
            "reporting",
            tests[medians["trend"]],
            title="Median reported emissions of new models, by creation month",
            ylabel="median emissions (g CO2eq)",
            nlabel="n (reporting)",
            colour="tab:red",
        ),
        FIGURES[2]: _class_figure(report["reporting_classes"]),
        FIGURES[3]: _label_figure(report["label"], report["mode"]),
    }


def month_date(label: str) -> datetime.date:
    """``YYYY-MM`` as the 15th of that month (the middle, where its bar and point sit)."""
    year, month = label.split("-")
    return datetime.date(int(year), int(month), 15)


def _calendar(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last``, inclusive, as ``YYYY-MM``."""
    start = int(first[:4]) * 12 + int(first[5:7]) - 1
    end = int(last[:4]) * 12 + int(last[5:7]) - 1
    return [f"{code // 12:04d}-{code % 12 + 1:02d}" for code in range(start, end + 1)]


def _monthly_figure(
    monthly: list[dict[str, Any]],
    value_key: str,
    n_key: str,
    trend: dict[str, Any],
    *,
    title: str,
    ylabel: str,
    nlabel: str,
    colour: str,
) -> Any:
    import math

    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    figure, (axes, below) = plt.subplots(
        2, 1, figsize=(9, 5), sharex=True, gridspec_kw={"height_ratios": [3, 1], "hspace": 0.08}
    )
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    below.set_ylabel(nlabel)
    if not monthly:
        axes.text(0.5, 0.5, "no month in the window (--since/--until choose months)", ha="center", va="center",
                  transform=axes.transAxes)  # fmt: skip
        axes.set_xticks([])
        below.set_visible(False)
        return figure
    by_month = {m["month"]: m for m in monthly}
    calendar = _calendar(monthly[0]["month"], monthly[-1]["month"])
    dates = [month_date(label) for label in calendar]
    values = [by_month[label][value_key] if label in by_month else math.nan for label in calendar]
    values = [math.nan if v is None else v for v in values]  # NaN: a gap in the line, the month keeps its place
    axes.plot(dates, values, marker="o", markersize=3, color=colour, label="monthly value", gid=SERIES_GID)

    positive = [v for v in values if v == v and v > 0]
    log = value_key == "median_g" and len(positive) >= 2 and max(positive) / min(positive) > LOG_SPAN
    if log:
        axes.set_yscale("log")
    if trend.get("skipped") is None and trend.get("statistic") is not None and trend.get("intercept") is not None:
        slope, intercept = float(trend["statistic"]), float(trend["intercept"])
        fit = [intercept + slope * float(m["t"]) for m in monthly]
        shown = [f if (f > 0 or not log) else math.nan for f in fit]  # a log axis cannot show a fit ≤ 0
        holm = f", Holm p = {trend['p_holm']:.3g}" if trend.get("p_holm") is not None else ""
        if any(f != f for f in shown):
            holm += "; where the fit is ≤ 0 g this log axis cannot show it"
        axes.plot(
            [month_date(m["month"]) for m in monthly],
            shown,
            linestyle="--",
            color="black",
            linewidth=1,
            label=f"OLS trend: {slope:+.3g} per month (p = {trend['p']:.3g}{holm}, n = {trend['n']})",
            gid=TREND_GID,
        )
    elif trend.get("skipped"):
        axes.plot([], [], linestyle="--", color="black", label=f"OLS trend not computed: {trend['skipped']}")
    axes.legend(loc="best", fontsize=8)
    axes.grid(alpha=0.3)

    counts = [by_month[label][n_key] if label in by_month else 0 for label in calendar]
    bars = below.bar(dates, counts, width=20, color="0.6", gid=COUNTS_GID)
    if len(calendar) <= 24:
        below.bar_label(bars, labels=[str(c) if c else "" for c in counts], fontsize=7, padding=1)
    below.set_ylim(0, max(max(counts), 1) * 1.3)
    below.grid(alpha=0.3, axis="y")
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
    below.xaxis.set_major_locator(locator)
    below.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    figure.align_ylabels([axes, below])
    figure.subplots_adjust(left=0.1, right=0.97, top=0.93, bottom=0.1, hspace=0.08)
    return figure


def _class_figure(classes: list[dict[str, Any]]) -> Any:
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 4))
    names = [c["class"] for c in classes][::-1]  # level 0 at the bottom
    counts = [c["models"] for c in classes][::-1]
    shares = [c["percent"] for c in classes][::-1]
    bars = axes.barh(names, counts, color="tab:green")
    axes.bar_label(
        bars, labels=[f"{n:,} ({s:.1f} %)" if s is not None else f"{n:,}" for n, s in zip(counts, shares, strict=True)],
        padding=3, fontsize=8,
    )  # fmt: skip
    axes.set_xlim(0, max(max(counts), 1) * 1.25)
    axes.set_xlabel("models")
    axes.set_title(f"Reporting classes (n = {sum(counts):,})")
    figure.tight_layout()
    return figure


def _label_figure(label: dict[str, Any], mode: str) -> Any:
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4))
    distribution = label["distribution"]
    counts = [distribution[letter] for letter in LETTERS]
    total = sum(counts)
    bars = axes.bar(list(LETTERS), counts, color=LABEL_COLOURS)
    axes.bar_label(
        bars, labels=[f"{n:,}\n{100 * n / total:.1f} %" if total else f"{n:,}" for n in counts], padding=2, fontsize=8
    )
    axes.set_ylim(0, max(max(counts), 1) * 1.25)
    axes.set_ylabel("models")
    axes.set_title(f"Carbon-efficiency label ({mode}, n = {total:,})")
    figure.tight_layout()
    return figure
