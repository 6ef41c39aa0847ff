"""From what one card (plus flags or the Hub) knows to its label against the 2023 reference."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from hfcarbon_lint.label.compute import LabelResult, compute_label, divide, fmt
from hfcarbon_lint.label.performance import PerformanceScore, model_index_metrics, performance_score
from hfcarbon_lint.label.reference import Reference, load_reference
from hfcarbon_lint.lint.engine import CardReport

ZERO_NOTE = (
    "emissions of 0 g are not a measurement (the linter's rule; the paper drops such models from its study): "
    "emissions and both efficiencies skipped; --paper-compat rates them +inf → A as the authors' label code does"
)


NO_EMISSIONS = "no label: the card reports no emissions"
NO_EMISSIONS_ZERO = "no label: the card reports 0 g, which is not a measurement (--paper-compat rates it A)"


def label_card(
    emissions_g: float | None,
    *,
    model_size_bytes: float | None = None,
    datasets_size_bytes: float | None = None,
    downloads: float | None = None,
    performance: PerformanceScore | None = None,
    paper_compat: bool = False,
    reference: Reference | None = None,
    sources: Mapping[str, str] | None = None,
    hints: Mapping[str, str] | None = None,
) -> LabelResult:
    """The label of one model from raw quantities: grams, bytes, a download count, a performance score.

    ``sources`` says where each raw quantity came from (keys: emissions, model_size,
    datasets_size, downloads, performance); ``hints`` says how a missing one can be given.
    """
    reference = reference or load_reference()
    sources = dict(sources or {})
    hints = dict(hints or {})
    values: dict[str, float | None] = {}
    missing: dict[str, str] = {}
    shown: dict[str, str] = {}
    origin: dict[str, str] = {}
    notes: list[str] = []

    def unknown(what: str, key: str) -> str:
        hint = hints.get(key)
        return f"{what} not known" + (f" ({hint})" if hint else "") + ": skipped, weights renormalised"

    zero = emissions_g is not None and emissions_g == 0 and not paper_compat
    if zero:
        notes.append(ZERO_NOTE)
    usable_emissions = None if zero else emissions_g
    if emissions_g is None:
        missing["emissions"] = unknown("emissions", "emissions")
    elif zero:
        missing["emissions"] = "0 g is not a measurement: skipped (--paper-compat: +inf → A)"
    values["emissions"] = usable_emissions
    if "emissions" in sources:
        origin["emissions"] = sources["emissions"]

    for name, size, key, what in (
        ("size_efficiency", model_size_bytes, "model_size", "model size"),
        ("datasets_size_efficiency", datasets_size_bytes, "datasets_size", "dataset size"),
    ):
        if size is None:
            values[name] = None
            missing[name] = unknown(what, key)
        elif usable_emissions is None:
            values[name] = None
            missing[name] = f"{what} {fmt(size)} B, but " + (
                "emissions are 0 g: skipped" if zero else "emissions not known: skipped"
            )
        else:
            values[name] = divide(size, usable_emissions)
            shown[name] = f"{fmt(size)} B / {fmt(usable_emissions)} g = {fmt(values[name])} B/g"
        if key in sources:
            origin[name] = sources[key]

    values["downloads"] = downloads
    if downloads is None:
        missing["downloads"] = unknown("downloads", "downloads")
    if "downloads" in sources:
        origin["downloads"] = sources["downloads"]

    if performance is None or performance.score is None:
        values["performance"] = None
        reason = performance.why if performance is not None else "not known"
        missing["performance"] = f"{reason}: skipped, weights renormalised"
    else:
        values["performance"] = performance.score
        shown["performance"] = performance.why
        notes.append("performance: " + reference.performance.note)
    if "performance" in sources:
        origin["performance"] = sources["performance"]

    result = compute_label(
        values,
        paper_compat=paper_compat,
        reference=reference,
        missing_why=missing,
        value_text=shown,
        sources=origin,
        notes=notes,
    )
    if usable_emissions is None:  # a carbon-efficiency label with no carbon figure would rate downloads alone
        why = NO_EMISSIONS if emissions_g is None else NO_EMISSIONS_ZERO
        return replace(result, label=None, score=None, rating=None, why=why, emissions_band=None)
    return result


def card_performance(report: CardReport, reference: Reference, paper_compat: bool) -> PerformanceScore | None:
    """The performance score from the card's ``model-index``, or None when the card has none."""
    card = report.card
    if card is None or card.doc is None:
        return None
    model_index: Any = card.doc.top_level_value("model-index")
    if model_index is None:
        return PerformanceScore(None, {}, "no model-index in the card")
    return performance_score(
        model_index_metrics(model_index, reference.performance), reference.performance, paper_compat
    )


def label_for_report(
    report: CardReport,
    *,
    model_size_bytes: float | None = None,
    datasets_size_bytes: float | None = None,
    downloads: float | None = None,
    paper_compat: bool = False,
    reference: Reference | None = None,
    sources: Mapping[str, str] | None = None,
    hints: Mapping[str, str] | None = None,
) -> LabelResult | None:
    """The label of a linted card, for ``check --label`` / ``audit --label``.

    Emissions come from the card's facts (metadata, else body), performance from its
    model-index; sizes and downloads are what the caller knows (flags, the Hub).
    A card that reports no emissions gets a result with no label, saying so.
    """
    reference = reference or load_reference()
    facts = report.facts
    emissions: float | None = None
    origin: dict[str, str] = dict(sources or {})
    if facts is not None:
        if facts.emissions_g is not None:
            emissions = facts.emissions_g
            origin.setdefault("emissions", f"card {facts.emissions_origin or 'metadata'}")
        elif facts.zero_emissions:
            emissions = 0.0
            origin.setdefault("emissions", "card")
    performance = card_performance(report, reference, paper_compat)
    if performance is not None and performance.score is not None:
        origin.setdefault("performance", "card model-index")
    for value in (model_size_bytes, datasets_size_bytes, downloads):
        if value is not None and (math.isnan(value) or value < 0):
            raise ValueError(f"sizes and downloads must be non-negative numbers, not {value!r}")
    return label_card(
        emissions,
        model_size_bytes=model_size_bytes,
        datasets_size_bytes=datasets_size_bytes,
        downloads=downloads,
        performance=performance,
        paper_compat=paper_compat,
        reference=reference,
        sources=origin,
        hints=hints,
    )
