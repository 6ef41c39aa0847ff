"""The A-E label of every model in a population, cut-points recomputed from that population.

The same method as ``hfcarbon_lint.label`` (paper-method.md §2.3-2.7), vectorised with
numpy: reference values from the reference model (``distilgpt2``) or, where it has no
value, the population median; cut-points are ``numpy.nanpercentile`` (linear) of the
index (of √index for emissions); sub-ratings by the authors' (upper, lower] intervals;
the weighted mean over the rated attributes, rounded half to even (``numpy.rint``).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hfcarbon_lint.label.reference import ATTRIBUTE_ORDER, LETTERS, Reference

MISSING = -1


@dataclass
class PopulationLabels:
    ratings: dict[str, Any]  # attribute -> int8 array (0..4, -1 missing)
    labels: Any  # int8 array: 0..4, -1 no label
    score: Any  # float64 weighted mean (NaN when no label)
    cuts: dict[str, list[float]]  # attribute -> b1..b4 (in the attribute's cut space)
    reference_values: dict[str, float]
    reference_origin: dict[str, str]
    notes: list[str] = field(default_factory=list)


def rate_array(compared: Any, cuts: list[float]) -> Any:
    """Vectorised ``label.compute.rate``: intervals (+inf,b1], (b1,b2], ..., (b4,0]; <=0 is E; NaN missing."""
    ratings = np.full(compared.shape, MISSING, dtype=np.int8)
    valid = ~np.isnan(compared)
    ratings[valid] = len(LETTERS) - 1
    bounds = [math.inf, *cuts, 0.0]
    with np.errstate(invalid="ignore"):
        for rating in range(len(bounds) - 1):
            upper, lower = bounds[rating], bounds[rating + 1]
            ratings[valid & (compared > lower) & (compared <= upper)] = rating
    return ratings


def compound_array(ratings: list[Any], weights: list[float]) -> tuple[Any, Any]:
    """Vectorised ``label.compute.compound``, same float operations in the same order."""
    n = ratings[0].shape[0]
    total = np.zeros(n)
    for r, w in zip(ratings, weights, strict=True):
        total = total + np.where(r >= 0, w, 0.0)
    mean = np.zeros(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        for r, w in zip(ratings, weights, strict=True):
            mean = mean + np.where(r >= 0, r.astype(np.float64) * (w / total), 0.0)
    labelled = total > 0
    mean = np.where(labelled, mean, np.nan)
    labels = np.full(n, MISSING, dtype=np.int8)
    labels[labelled] = np.rint(mean[labelled]).astype(np.int8)
    return labels, mean


def reference_values(
    values: dict[str, Any], ids: list[str], reference: Reference
) -> tuple[dict[str, float], dict[str, str], list[str]]:
    """§2.3: the first model named like the reference model (author prefix stripped); its gaps -> medians."""
    wanted = reference.reference_model
    row = next((i for i, repo in enumerate(ids) if repo.rsplit("/", 1)[-1] == wanted), None)
    chosen: dict[str, float] = {}
    origin: dict[str, str] = {}
    notes: list[str] = []
    for name in ATTRIBUTE_ORDER:
        column = values[name]
        value = float(column[row]) if row is not None else math.nan
        if not math.isnan(value):
            chosen[name], origin[name] = value, ids[row] if row is not None else wanted
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            median = float(np.nanmedian(column)) if column.size else math.nan
        chosen[name], origin[name] = median, "population median"
        if not (math.isfinite(median) and median > 0):
            chosen[name], origin[name] = 1.0, "1 (no positive population median)"
            notes.append(f"{name}: no positive reference value; 1 used (the corrected ratings do not depend on it)")
    return chosen, origin, notes


def label_population(
    values: dict[str, Any], ids: list[str], reference: Reference, paper_compat: bool
) -> PopulationLabels:
    """Labels for the models whose attribute columns are ``values`` (float arrays, NaN missing)."""
    refs, origin, notes = reference_values(values, ids, reference)
    ratings: dict[str, Any] = {}
    cuts: dict[str, list[float]] = {}
    for spec in reference.attributes:
        column = values[spec.name]
        ref = refs[spec.name]
        with np.errstate(divide="ignore", invalid="ignore"):
            index = column / ref if spec.better == "higher" else ref / column
        cut_values = np.sqrt(index) if spec.cut_space == "sqrt" else index
        if np.isnan(cut_values).all():
            cuts[spec.name] = [math.nan] * 4
            ratings[spec.name] = np.full(column.shape, MISSING, dtype=np.int8)
            continue
        with np.errstate(invalid="ignore"):  # +inf (0 g in paper-compat) makes numpy's lerp warn, as for the authors
            cuts[spec.name] = [float(c) for c in np.nanpercentile(cut_values, list(spec.percentiles))]
        compared = index if (paper_compat or spec.cut_space == "raw") else cut_values
        ratings[spec.name] = rate_array(compared, cuts[spec.name])
    labels, score = compound_array(
        [ratings[n] for n in ATTRIBUTE_ORDER], [reference.attribute(n).weight for n in ATTRIBUTE_ORDER]
    )
    return PopulationLabels(ratings, labels, score, cuts, refs, origin, notes)


def performance_scores(metrics: dict[str, Any]) -> Any:
    """§2.2: each metric min-max normalised over the population, harmonic mean of those present."""
    normalised = []
    for column in metrics.values():
        present = ~np.isnan(column)
        if not present.any():
            continue
        low, high = float(np.min(column[present])), float(np.max(column[present]))
        if high == low:
            continue  # a constant metric carries no information (and would divide by zero)
        normalised.append((column - low) / (high - low))
    if not normalised:
        return np.full(next(iter(metrics.values())).shape, np.nan)
    stacked = np.vstack(normalised)
    count = np.sum(~np.isnan(stacked), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse = np.nansum(1.0 / stacked, axis=0)
        score = np.where(count > 0, count / inverse, np.nan)
    return score
