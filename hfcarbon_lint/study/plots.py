"""PNG figures of a study (``--plots DIR``); matplotlib is imported here only (the ``plots`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hfcarbon_lint.label.reference import LETTERS

FIGURES = ("monthly_share.png", "monthly_median_emissions.png", "class_distribution.png", "label_distribution.png")


def write_plots(result: dict[str, Any], folder: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(figure: Any, name: str) -> None:
        figure.tight_layout()
        path = folder / name
        figure.savefig(path, dpi=110)
        plt.close(figure)
        written.append(path)

    share = result["reporting_share"]["monthly"]
    figure, axes = plt.subplots(figsize=(9, 4))
    axes.plot([m["month"] for m in share], [m["share_percent"] for m in share], marker="o", markersize=3)
    axes.set_ylabel("% of models reporting emissions")
    axes.set_title("Share of new models reporting emissions, by creation month")
    _month_ticks(axes, [m["month"] for m in share])
    save(figure, FIGURES[0])

    medians = result["median_emissions"]["monthly"]
    figure, axes = plt.subplots(figsize=(9, 4))
    axes.plot(
        [m["month"] for m in medians], [m["median_g"] for m in medians], marker="o", markersize=3, color="tab:red"
    )
    axes.set_yscale("log")
    axes.set_ylabel("median emissions (g CO2eq, log)")
    axes.set_title("Median reported emissions of new models, by creation month")
    _month_ticks(axes, [m["month"] for m in medians])
    save(figure, FIGURES[1])

    classes = result["reporting_classes"]
    figure, axes = plt.subplots(figsize=(9, 4))
    axes.barh([c["class"] for c in classes][::-1], [c["models"] for c in classes][::-1], color="tab:green")
    axes.set_xlabel("models")
    axes.set_title("Reporting classes")
    save(figure, FIGURES[2])

    distribution = result["label"]["distribution"]
    figure, axes = plt.subplots(figsize=(6, 4))
    colours = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"]
    axes.bar(list(LETTERS), [distribution[letter] for letter in LETTERS], color=colours)
    axes.set_ylabel("models")
    axes.set_title(f"Carbon-efficiency label ({result['mode']})")
    save(figure, FIGURES[3])
    return written


def _month_ticks(axes: Any, months: list[str]) -> None:
    step = max(1, len(months) // 12)
    axes.set_xticks(range(0, len(months), step))
    axes.set_xticklabels(months[::step], rotation=45, ha="right")
