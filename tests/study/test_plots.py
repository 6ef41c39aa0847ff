"""The study's figures, read as matplotlib objects (no pixel goldens): what is drawn, where, with which data."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from hfcarbon_lint.study.analysis import StudyOptions, run_study
from hfcarbon_lint.study.plots import COUNTS_GID, FIGURES, SERIES_GID, TREND_GID, figures
from hfcarbon_lint.study.reader import read_export

Export = Callable[..., Path]


def gapped_rows() -> list[dict[str, Any]]:
    """Models created in 2022-01, 02, 03 and 06 only (April and May have none); k+1 of 10 report in month k."""
    rows = []
    for k, month in enumerate(["2022-01", "2022-02", "2022-03", "2022-06"]):
        for i in range(10):
            rows.append(
                {
                    "repo_id": f"org/m{k}-{i}",
                    "created_at": f"{month}-10",
                    "pipeline_tag": "text-classification",
                    "emissions_g": 2.0 * (i + 1) + k if i <= k else None,
                    "downloads": i,
                }
            )
    return rows


@pytest.fixture
def drawn(export: Export) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    result = run_study(read_export(export(gapped_rows())), StudyOptions())
    built = figures(result.report)
    yield result.report, built
    for figure in built.values():
        plt.close(figure)


def artist(axes: Any, gid: str) -> Any:
    found = [line for line in axes.get_lines() if line.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


def test_months_sit_on_a_date_axis_and_a_month_without_data_keeps_its_place(drawn: Any) -> None:
    _, built = drawn
    axes, below = built["monthly_share.png"].axes
    assert isinstance(below.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    series = artist(axes, SERIES_GID)
    days = [round(x) for x in series.get_xydata()[:, 0]]  # matplotlib's date numbers: days
    expected = [datetime.date(2022, m, 15) for m in (1, 2, 3, 4, 5, 6)]
    assert days == [round(mdates.date2num(d)) for d in expected]  # April and May are there, as gaps
    shares = list(series.get_ydata())
    assert shares[:3] == pytest.approx([10.0, 20.0, 30.0]) and shares[5] == pytest.approx(40.0)
    assert shares[3] != shares[3] and shares[4] != shares[4]  # NaN: the line breaks, nothing is invented


def test_the_trend_line_is_the_fit_the_report_tested(drawn: Any) -> None:
    report, built = drawn
    trend = next(t for t in report["tests"] if t["id"] == "ols_share_trend")
    axes = built["monthly_share.png"].axes[0]
    line = artist(axes, TREND_GID)
    t = [m["t"] for m in report["reporting_share"]["monthly"]]
    assert t == [0, 1, 2, 5]  # calendar months since the first: the gap counts
    fitted = [trend["intercept"] + trend["statistic"] * x for x in t]
    assert list(line.get_ydata()) == pytest.approx(fitted)
    assert "OLS trend" in line.get_label() and f"n = {trend['n']}" in line.get_label()


def test_n_per_month_is_drawn_under_each_series(drawn: Any) -> None:
    _, built = drawn
    _, below = built["monthly_share.png"].axes
    heights = [bar.get_height() for bar in below.containers[0]]
    assert heights == [10, 10, 10, 0, 0, 10]
    assert {bar.get_gid() for bar in below.containers[0]} == {COUNTS_GID}
    _, below = built["monthly_median_emissions.png"].axes
    assert [bar.get_height() for bar in below.containers[0]] == [1, 2, 3, 0, 0, 4]  # reporting models per month
    assert [text.get_text() for text in below.texts] == ["1", "2", "3", "", "", "4"]


def test_class_bars_carry_counts_and_show_the_empty_classes(drawn: Any) -> None:
    report, built = drawn
    axes = built["class_distribution.png"].axes[0]
    names = [tick.get_text() for tick in axes.get_yticklabels()]
    assert "Energy Optimization" in names and "Certified Energy Efficiency" in names
    by_name = dict(zip(names, (text.get_text() for text in axes.texts), strict=True))
    assert by_name["Certified Energy Efficiency"] == "0 (0.0 %)"
    unknown = next(c for c in report["reporting_classes"] if c["level"] == 0)
    assert by_name["Unknown Energy Efficiency"].startswith(f"{unknown['models']:,} (")


def test_label_bars_show_every_letter_with_its_count(export: Export) -> None:
    rows = [{"repo_id": f"m{i}", "emissions_g": 5.0, "downloads": 3} for i in range(6)]  # all the same: one letter
    result = run_study(read_export(export(rows)), StudyOptions())
    figure = figures(result.report)["label_distribution.png"]
    axes = figure.axes[0]
    assert [tick.get_text() for tick in axes.get_xticklabels()] == list("ABCDE")
    counts = [text.get_text().split("\n")[0] for text in axes.texts]
    distribution = result.report["label"]["distribution"]
    assert counts == [str(distribution[letter]) for letter in "ABCDE"]
    assert counts.count("0") == 4
    plt.close("all")


def test_a_median_series_spanning_decades_uses_a_log_axis_and_does_not_draw_a_fit_below_zero(export: Export) -> None:
    rows = [
        {"repo_id": f"m{k}", "created_at": f"2022-{k + 1:02d}-01", "emissions_g": value}
        for k, value in enumerate([100000.0, 1.0, 2.0, 1.5, 0.5])
    ]
    result = run_study(read_export(export(rows)), StudyOptions())
    axes = figures(result.report)["monthly_median_emissions.png"].axes[0]
    assert axes.get_yscale() == "log"
    line = artist(axes, TREND_GID)
    values = list(line.get_ydata())
    assert any(v != v for v in values) and all(v > 0 for v in values if v == v)
    assert "cannot show it" in line.get_label()
    plt.close("all")


def test_write_plots_writes_the_four_pngs(drawn: Any, tmp_path: Path) -> None:
    from hfcarbon_lint.study.plots import write_plots

    report, _ = drawn
    written = write_plots(report, tmp_path / "figures")
    assert [path.name for path in written] == list(FIGURES)
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in written)


def test_an_empty_window_says_so_instead_of_drawing_nothing(export: Export) -> None:
    rows = [{"repo_id": f"m{k}", "created_at": f"2022-{k + 1:02d}-01", "emissions_g": 1.0} for k in range(3)]
    result = run_study(read_export(export(rows)), StudyOptions(paper_compat=True))  # 34 months dropped: none left
    assert result.report["window"]["months"] == 0
    axes, below = figures(result.report)["monthly_share.png"].axes
    assert [text.get_text() for text in axes.texts] == ["no month in the window (--since/--until choose months)"]
    assert axes.get_lines() == [] and not below.get_visible()
    plt.close("all")
