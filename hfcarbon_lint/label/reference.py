"""The shipped reference population: weights, reference values and cut-points, read from data.

The numbers live in ``reference_<name>.json`` next to this module (paper-method.md §2.2-2.8),
never in the rating logic, so a new reference year is a new data file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

ATTRIBUTE_ORDER = ("emissions", "size_efficiency", "datasets_size_efficiency", "downloads", "performance")
METRICS = ("accuracy", "f1", "rouge1", "rougeL")
LETTERS = "ABCDE"
DEFAULT_REFERENCE = "2023"


class ReferenceDataError(ValueError):
    """A reference data file that cannot be used (missing, malformed)."""


@dataclass(frozen=True)
class AttributeSpec:
    name: str  # one of ATTRIBUTE_ORDER
    paper_column: str  # the authors' column name (their spelling)
    title: str
    unit: str
    better: Literal["higher", "lower"]
    weight: float
    reference: float
    reference_origin: str
    percentiles: tuple[float, float, float, float]  # b1..b4, descending cut order
    cut_space: Literal["raw", "sqrt"]  # the space the cuts were computed in
    cuts: tuple[float, float, float, float]  # b1 > b2 > b3 > b4


@dataclass(frozen=True)
class PerformanceSpec:
    metric_types: dict[str, tuple[str, ...]]  # our metric name -> model-index ``type`` spellings (lower case)
    percent_scaled: tuple[str, ...]  # metrics the paper divides by 100 when above 1
    assumed_range: tuple[float, float]
    note: str


@dataclass(frozen=True)
class Reference:
    id: str
    version: str
    title: str
    source: dict[str, str]
    reference_model: str
    attributes: tuple[AttributeSpec, ...]
    performance: PerformanceSpec
    population: str = ""  # who the letters compare a model with, in a sentence
    population_short: str = ""  # the same in a few words, for one-line summaries

    def attribute(self, name: str) -> AttributeSpec:
        for spec in self.attributes:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def weights(self) -> dict[str, float]:
        return {spec.name: spec.weight for spec in self.attributes}

    def describe(self) -> str:
        return f"{self.id} {self.version}"


def load_reference(name: str = DEFAULT_REFERENCE) -> Reference:
    """The packaged reference ``reference_<name>.json``."""
    try:
        # Beside this module, as the other packaged tables are: importlib.resources would import
        # the label package (and so label.card) just to find a file.
        text = (Path(__file__).parent / f"reference_{name}.json").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ReferenceDataError(f"no packaged reference {name!r}") from exc
    return parse_reference(json.loads(text))


def parse_reference(data: Any) -> Reference:
    try:
        attributes = tuple(_attribute(item) for item in data["attributes"])
        performance = data["performance"]
        reference = Reference(
            id=str(data["id"]),
            version=str(data["version"]),
            title=str(data["title"]),
            source={str(k): str(v) for k, v in data["source"].items()},
            reference_model=str(data["reference_model"]),
            attributes=attributes,
            performance=PerformanceSpec(
                metric_types={str(k): tuple(str(t).lower() for t in v) for k, v in performance["metrics"].items()},
                percent_scaled=tuple(str(m) for m in performance["percent_scaled"]),
                assumed_range=(float(performance["assumed_range"][0]), float(performance["assumed_range"][1])),
                note=str(performance["note"]),
            ),
            population=str(data.get("population", data["title"])),
            population_short=str(data.get("population_short", data["title"])),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ReferenceDataError(f"malformed reference data: {exc}") from exc
    if tuple(spec.name for spec in attributes) != ATTRIBUTE_ORDER:
        raise ReferenceDataError(f"reference attributes must be, in order: {', '.join(ATTRIBUTE_ORDER)}")
    return reference


def _attribute(item: dict[str, Any]) -> AttributeSpec:
    cuts = tuple(float(c) for c in item["cuts"])
    percentiles = tuple(float(p) for p in item["percentiles"])
    if len(cuts) != 4 or len(percentiles) != 4:
        raise ValueError(f"{item.get('name')}: four cuts and four percentiles expected")
    if any(not math.isfinite(c) for c in cuts) or list(cuts) != sorted(cuts, reverse=True):
        raise ValueError(f"{item.get('name')}: cuts must be finite and descending (b1 >= b2 >= b3 >= b4)")
    better = item["better"]
    space = item["cut_space"]
    if better not in ("higher", "lower") or space not in ("raw", "sqrt"):
        raise ValueError(f"{item.get('name')}: bad 'better' or 'cut_space'")
    return AttributeSpec(
        name=str(item["name"]),
        paper_column=str(item["paper_column"]),
        title=str(item["title"]),
        unit=str(item["unit"]),
        better=better,
        weight=float(item["weight"]),
        reference=float(item["reference"]),
        reference_origin=str(item["reference_origin"]),
        percentiles=(percentiles[0], percentiles[1], percentiles[2], percentiles[3]),
        cut_space=space,
        cuts=(cuts[0], cuts[1], cuts[2], cuts[3]),
    )
