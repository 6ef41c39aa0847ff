"""The performance attribute: accuracy, F1, ROUGE-1, ROUGE-L from a card's ``model-index``.

The authors clean each metric (``%`` stripped, decimal comma to point, accuracy and F1
above 1 divided by 100), min-max normalise it over the whole mined population and take
the harmonic mean of the metrics present (paper-method.md §2.2). For one card the
population minima and maxima are unknown (not published), so metrics are taken on
their natural 0-1 scale: an approximation, said so in the output. The corrected
(default) mode also divides ROUGE values above 1 by 100; the paper's code does not.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hfcarbon_lint.label.reference import METRICS, PerformanceSpec


@dataclass(frozen=True)
class PerformanceScore:
    score: float | None
    metrics: dict[str, float]  # cleaned values used
    why: str


def clean_metric(value: Any) -> float | None:
    """The paper's cleaning of one metric value; None when it is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("%", "").replace(",", ".").strip()
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def scale_metric(name: str, value: float, spec: PerformanceSpec, paper_compat: bool) -> float:
    """Percent to fraction: the paper does it for accuracy and F1 only; the default for all four."""
    if value > 1 and (not paper_compat or name in spec.percent_scaled):
        return value / 100
    return value


def model_index_metrics(model_index: Any, spec: PerformanceSpec) -> dict[str, Any]:
    """The first value of each metric (by ``type``, case-insensitive), in model-index order."""
    wanted = {spelling: name for name, spellings in spec.metric_types.items() for spelling in spellings}
    found: dict[str, Any] = {}
    for metric in _metrics(model_index):
        kind = metric.get("type")
        if not isinstance(kind, str):
            continue
        name = wanted.get(kind.strip().lower())
        if name is not None and name not in found and "value" in metric:
            found[name] = metric["value"]
    return found


def _metrics(model_index: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(model_index, list):
        return
    for model in model_index:
        results = model.get("results") if isinstance(model, dict) else None
        for result in results if isinstance(results, list) else []:
            metrics = result.get("metrics") if isinstance(result, dict) else None
            for metric in metrics if isinstance(metrics, list) else []:
                if isinstance(metric, dict):
                    yield metric


def performance_score(raw: dict[str, Any], spec: PerformanceSpec, paper_compat: bool) -> PerformanceScore:
    """Harmonic mean of the cleaned metrics present, on the assumed 0-1 range."""
    low, high = spec.assumed_range
    used: dict[str, float] = {}
    skipped: list[str] = []
    for name in METRICS:
        if name not in raw:
            continue
        value = clean_metric(raw[name])
        if value is None:
            skipped.append(f"{name} {raw[name]!r} is not a number")
            continue
        value = scale_metric(name, value, spec, paper_compat)
        if not low <= value <= high:
            skipped.append(f"{name} {value:g} outside {low:g}-{high:g}")
            continue
        used[name] = value
    if not used:
        reason = "no accuracy, F1, ROUGE-1 or ROUGE-L in model-index"
        if skipped:
            reason = "no usable metric in model-index (" + "; ".join(skipped) + ")"
        return PerformanceScore(None, {}, reason)
    score = statistics.harmonic_mean(list(used.values()))
    listed = ", ".join(f"{name} {value:g}" for name, value in used.items())
    why = f"harmonic mean of {listed} = {score:.6g} (approximate: population min-max normalisation not available)"
    if skipped:
        why += "; ignored " + "; ".join(skipped)
    return PerformanceScore(score, used, why)
