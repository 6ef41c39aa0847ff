"""The A-E carbon-efficiency label of Castaño et al. (ESEM 2023), paper-method.md §2.

Pure Python for one model; the 2023 reference population (weights, reference values,
cut-points) is the data file ``reference_2023.json``. ``study`` recomputes cut-points
for a whole population with numpy (``hfcarbon_lint.study.labels``).

    >>> from hfcarbon_lint.label import label_card
    >>> label_card(1240.5, downloads=120).label
    'C'
"""

from __future__ import annotations

from hfcarbon_lint.label.card import label_card, label_for_report
from hfcarbon_lint.label.compute import LabelResult, SubRating, compound, compute_label, rate
from hfcarbon_lint.label.reference import ATTRIBUTE_ORDER, LETTERS, Reference, ReferenceDataError, load_reference

__all__ = [
    "ATTRIBUTE_ORDER",
    "LETTERS",
    "LabelResult",
    "Reference",
    "ReferenceDataError",
    "SubRating",
    "compound",
    "compute_label",
    "label_card",
    "label_for_report",
    "load_reference",
    "rate",
]
