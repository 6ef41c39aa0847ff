"""The A-E carbon-efficiency label of one model (paper-method.md §2.4-2.7), in plain Python.

Pipeline, per attribute: value -> index (value / reference, or reference / value for
emissions) -> the number compared with the cut-points -> a sub-rating 0-4 (A-E). The
compound label is the weighted mean of the sub-ratings present, weights renormalised
over them, rounded half to even (Python's ``round``), as the authors' code does.

``paper_compat`` changes one thing here: the emissions cut-points are percentiles of
√index, and the authors compare the *raw* index with them (the square-root quirk,
§2.5). The default compares √index with them, so both sides are in the same space.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hfcarbon_lint.label.reference import ATTRIBUTE_ORDER, LETTERS, AttributeSpec, Reference, load_reference

QUIRK_NOTE = (
    "paper-compat: emissions cut-points are percentiles of √index but are compared with the raw index "
    "(the authors' square-root quirk): A below about 209 g instead of 0.29 g with the 2023 reference"
)
CORRECTED_NOTE = (
    "emissions: √index is compared with the √-space cut-points, so A means below about 0.29 g with the 2023 "
    "reference (the paper's code compares the raw index: A below about 209 g; --paper-compat)"
)


@dataclass(frozen=True)
class SubRating:
    attribute: str
    title: str
    unit: str
    value: float | None  # the attribute's value in its unit
    index: float | None  # value / reference, or reference / value when lower is better
    compared: float | None  # what met the cut-points: the index, or √index
    rating: int | None  # 0 (A) .. 4 (E); None when the attribute is missing
    weight: float  # nominal weight from the reference data
    effective_weight: float | None  # after renormalising over the rated attributes
    source: str | None  # where the value came from (card, flag, Hub, export)
    why: str

    @property
    def letter(self) -> str | None:
        return LETTERS[self.rating] if self.rating is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "title": self.title,
            "unit": self.unit,
            "value": _json_number(self.value),
            "index": _json_number(self.index),
            "compared": _json_number(self.compared),
            "rating": self.rating,
            "letter": self.letter,
            "weight": self.weight,
            "effective_weight": self.effective_weight,
            "source": self.source,
            "why": self.why,
        }


@dataclass(frozen=True)
class LabelResult:
    label: str | None  # "A".."E", or None when no attribute could be rated
    score: float | None  # weighted mean of the sub-ratings, 0..4, before rounding
    rating: int | None
    sub_ratings: tuple[SubRating, ...]
    paper_compat: bool
    reference: str  # "castano-2023 2023.1"
    why: str
    notes: tuple[str, ...] = field(default=())
    population: str = ""  # who the letters compare the model with (the reference population)
    population_short: str = ""
    emissions_band: str | None = None  # what the emissions letter means in grams: "28.1 g or more"

    @property
    def mode(self) -> str:
        return "paper-compat" if self.paper_compat else "corrected"

    def sub_rating(self, attribute: str) -> SubRating:
        for sub in self.sub_ratings:
            if sub.attribute == attribute:
                return sub
        raise KeyError(attribute)

    def summary(self) -> str:
        """One line for a report: ``C (emissions E, model size –, dataset size –, downloads A, performance C)``."""
        if self.label is None:
            return self.why
        parts = ", ".join(f"{s.title.removesuffix(' efficiency')} {s.letter or '–'}" for s in self.sub_ratings)
        band = (
            f"; emissions {self.sub_rating('emissions').letter} = {self.emissions_band}" if self.emissions_band else ""
        )
        against = f"; against {self.population_short}" if self.population_short else ""
        return f"{self.label} ({parts}; {self.mode}{band}{against})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "score": self.score,
            "rating": self.rating,
            "mode": self.mode,
            "reference": self.reference,
            "why": self.why,
            "population": self.population,
            "emissions_band": self.emissions_band,
            "attributes": [sub.to_dict() for sub in self.sub_ratings],
            "notes": list(self.notes),
        }


def _json_number(value: float | None) -> float | str | None:
    if value is None:
        return None
    if math.isinf(value):
        return "+inf" if value > 0 else "-inf"
    return value


def divide(numerator: float, denominator: float) -> float:
    """Float division with numpy's semantics (x/0 = ±inf, 0/0 = nan), as the authors' numpy scalars do."""
    try:
        return numerator / denominator
    except ZeroDivisionError:
        if numerator == 0 or math.isnan(numerator):
            return math.nan
        return math.copysign(math.inf, numerator) * (math.copysign(1.0, denominator))


def index_of(value: float | None, spec: AttributeSpec, reference_value: float | None = None) -> float | None:
    """§2.4: value / reference (higher is better) or reference / value (lower is better); None if missing."""
    if value is None or math.isnan(value):
        return None
    ref = spec.reference if reference_value is None else reference_value
    result = divide(value, ref) if spec.better == "higher" else divide(ref, value)
    return None if math.isnan(result) else result


def compared_value(index: float, spec: AttributeSpec, paper_compat: bool) -> float:
    """What meets the cut-points: √index for √-space cuts, unless the paper's quirk is reproduced."""
    if spec.cut_space == "sqrt" and not paper_compat and index >= 0:
        return math.sqrt(index)
    return index


def intervals(cuts: Sequence[float]) -> list[tuple[float, float]]:
    """The authors' (upper, lower] intervals: (+inf, b1], (b1, b2], (b2, b3], (b3, b4], (b4, 0]."""
    bounds = [math.inf, *cuts, 0.0]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def rate(compared: float, cuts: Sequence[float]) -> int:
    """§2.6: the first interval with lower < x <= upper; outside every interval (x <= 0) is E."""
    for rating, (upper, lower) in enumerate(intervals(cuts)):
        if lower < compared <= upper:
            return rating
    return len(LETTERS) - 1


def compound(ratings: Sequence[tuple[int | None, float]]) -> tuple[float, int] | None:
    """§2.7: weighted mean over the rated attributes, weights renormalised, rounded half to even.

    Float operations in the authors' order (weights / sum, then the sum of products,
    attribute order kept), so ties such as 1.5 land exactly where theirs do.
    """
    present = [(float(r), w) for r, w in ratings if r is not None]
    if not present:
        return None
    total = left_to_right_sum(w for _, w in present)
    mean = left_to_right_sum(r * (w / total) for r, w in present)
    return mean, round(mean)


def left_to_right_sum(values: Iterable[float]) -> float:
    """Plain left-to-right float addition, as the authors' code adds.

    Python 3.12's ``sum()`` compensates rounding errors, so on 3.12+ a weight renormalised by
    0.1 + 0.25 + 0.2 + 0.25 = 0.8 came out 0.125 instead of 3.11's 0.12500000000000003: the same
    label printed other weights and means, and ties could round differently. A loop adds the
    same on every Python.
    """
    total = 0.0
    for value in values:
        total += value
    return total


def fmt(value: float | None) -> str:
    """A number for a "why" line: thousands separators for integers, 6 significant digits otherwise."""
    if value is None:
        return "missing"
    if math.isinf(value):
        return "+inf" if value > 0 else "-inf"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if 1e-3 <= abs(value) < 1e6:
        return f"{value:,.6g}"
    return f"{value:.6g}"


def interval_text(rating: int, compared: float, cuts: Sequence[float]) -> str:
    b = list(cuts)
    if rating == 0:
        return f"> b1 {fmt(b[0])}"
    if rating == len(LETTERS) - 1 and not compared > 0:
        return "≤ 0: outside every interval, E by the authors' fallback"
    if rating == len(LETTERS) - 1:
        return f"≤ b4 {fmt(b[3])}"
    return f"in (b{rating + 1} {fmt(b[rating])}, b{rating} {fmt(b[rating - 1])}]"


def grams_band(spec: AttributeSpec, rating: int, paper_compat: bool) -> tuple[float, float]:
    """The emissions, in grams, that get ``rating``: [low, high). index = reference / grams, compared
    with the cuts as √index (or, paper-compat, the raw index), so grams = reference / compared(²)."""
    upper, lower = intervals(spec.cuts)[rating]

    def grams(compared: float) -> float:
        if compared == math.inf:
            return 0.0
        if compared <= 0:
            return math.inf
        index = compared if paper_compat or spec.cut_space != "sqrt" else compared * compared
        return spec.reference / index

    return grams(upper), grams(lower)


def band_text(low: float, high: float) -> str:
    if low == 0:
        return f"below {fmt_grams(high)} g"
    if high == math.inf:
        return f"{fmt_grams(low)} g or more"
    return f"{fmt_grams(low)} to {fmt_grams(high)} g"


def fmt_grams(value: float) -> str:
    return f"{value:,.3g}" if value < 1000 else f"{value:,.0f}"


def rate_attribute(
    spec: AttributeSpec,
    value: float | None,
    paper_compat: bool,
    *,
    reference_value: float | None = None,
    cuts: Sequence[float] | None = None,
    missing_why: str | None = None,
    value_text: str | None = None,
    source: str | None = None,
) -> SubRating:
    """One attribute's sub-rating and the sentence that explains it."""
    cuts = tuple(spec.cuts if cuts is None else cuts)
    ref = spec.reference if reference_value is None else reference_value
    index = index_of(value, spec, ref)
    if value is None or index is None:
        why = missing_why or "not known: skipped, its weight shared among the others"
        return SubRating(spec.name, spec.title, spec.unit, value, None, None, None, spec.weight, None, source, why)
    compared = compared_value(index, spec, paper_compat)
    rating = rate(compared, cuts)
    shown = value_text or f"{fmt(value)} {spec.unit}"
    formula = f"{fmt(value)} / {fmt(ref)}" if spec.better == "higher" else f"{fmt(ref)} / {fmt(value)}"
    parts = [f"{shown}; index = {formula} = {fmt(index)}"]
    if spec.cut_space == "sqrt":
        if paper_compat:
            parts.append(f"raw index {fmt(compared)} against the √-space cuts (paper's quirk)")
        else:
            parts.append(f"√index = {fmt(compared)}")
    why = "; ".join(parts) + f", {interval_text(rating, compared, cuts)} → {LETTERS[rating]}"
    return SubRating(spec.name, spec.title, spec.unit, value, index, compared, rating, spec.weight, None, source, why)


def combine(
    subs: Sequence[SubRating], paper_compat: bool, reference: Reference, notes: Sequence[str] = ()
) -> LabelResult:
    """The compound label from sub-ratings (in ATTRIBUTE_ORDER)."""
    result = compound([(s.rating, s.weight) for s in subs])
    all_notes = [QUIRK_NOTE if paper_compat else CORRECTED_NOTE, *notes]
    emissions = next((s for s in subs if s.attribute == "emissions"), None)
    band = None
    if emissions is not None and emissions.rating is not None:
        band = band_text(*grams_band(reference.attribute("emissions"), emissions.rating, paper_compat))
    if result is None:
        return LabelResult(
            None,
            None,
            None,
            tuple(subs),
            paper_compat,
            reference.describe(),
            "no attribute known: no label",
            tuple(all_notes),
            reference.population,
            reference.population_short,
        )
    mean, rating = result
    total = left_to_right_sum(s.weight for s in subs if s.rating is not None)
    rated = [
        SubRating(
            s.attribute,
            s.title,
            s.unit,
            s.value,
            s.index,
            s.compared,
            s.rating,
            s.weight,
            (s.weight / total) if s.rating is not None else None,
            s.source,
            s.why,
        )
        for s in subs
    ]
    terms = " + ".join(f"{s.weight / total:.3g}×{s.rating}({s.letter})" for s in rated if s.rating is not None)
    tie = " (a tie: half to even)" if abs(mean - math.floor(mean) - 0.5) < 1e-12 else ""
    why = f"weighted mean {terms} = {mean:.4g} → rounds{tie} to {rating} → {LETTERS[rating]}"
    return LabelResult(
        LETTERS[rating],
        mean,
        rating,
        tuple(rated),
        paper_compat,
        reference.describe(),
        why,
        tuple(all_notes),
        reference.population,
        reference.population_short,
        band,
    )


def compute_label(
    values: Mapping[str, float | None],
    *,
    paper_compat: bool = False,
    reference: Reference | None = None,
    missing_why: Mapping[str, str] | None = None,
    value_text: Mapping[str, str] | None = None,
    sources: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> LabelResult:
    """The label from attribute values keyed by ATTRIBUTE_ORDER names (absent or None = missing).

    ``values["emissions"]`` is grams; efficiencies are bytes per gram; ``performance`` is 0-1.
    Nothing here skips zero emissions: 0 g gives an index of +inf, rated A, as in the paper.
    """
    reference = reference or load_reference()
    unknown = set(values) - set(ATTRIBUTE_ORDER)
    if unknown:
        raise KeyError(f"unknown attribute(s): {', '.join(sorted(unknown))}")
    subs = [
        rate_attribute(
            spec,
            values.get(spec.name),
            paper_compat,
            missing_why=(missing_why or {}).get(spec.name),
            value_text=(value_text or {}).get(spec.name),
            source=(sources or {}).get(spec.name),
        )
        for spec in reference.attributes
    ]
    return combine(subs, paper_compat, reference, notes)
