"""The reporting-practice ladder of Castaño et al. (ESEM 2023), paper-method.md §1.

The four lower classes follow the authors' code exactly: E (emissions reported) and H
(hardware reported) decide them, tested in the authors' order. The authors' code can
never reach the two upper classes (§1.7); we use the documented *ladder variant*:
promotion only from ``Energy Awareness``, by the model's own tags compared
case-insensitively, Certified tested before Optimization.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

OPTIMISATION_TAGS = frozenset({"optimized", "pruned", "distilled"})
CERTIFICATION_TAG = "ecocard"


class ReportingClass(enum.Enum):
    UNKNOWN = (0, "Unknown Energy Efficiency")
    CONTEXT = (1, "Context Reporting")
    BASIC = (2, "Basic Energy Reporting")
    AWARENESS = (3, "Energy Awareness")
    OPTIMIZATION = (4, "Energy Optimization")
    CERTIFIED = (5, "Certified Energy Efficiency")

    @property
    def level(self) -> int:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]

    @classmethod
    def parse(cls, text: str | int) -> ReportingClass:
        """A class from its level (``3``), exact name, or a loose spelling (``energy-awareness``)."""
        wanted = str(text).strip()
        for member in cls:
            if wanted == str(member.level):
                return member
        loose = wanted.lower().replace("-", " ").replace("_", " ")
        for member in cls:
            if loose in (member.label.lower(), member.name.lower()):
                return member
        names = ", ".join(f"{m.level} '{m.label}'" for m in cls)
        raise ValueError(f"unknown reporting class {text!r}; use one of {names}")


def base_class(emissions: bool, hardware: bool) -> ReportingClass:
    """Branches 1-4 of the authors' classifier, in their order."""
    if not emissions and hardware:
        return ReportingClass.CONTEXT
    if not emissions and not hardware:
        return ReportingClass.UNKNOWN
    if emissions and not hardware:
        return ReportingClass.BASIC
    return ReportingClass.AWARENESS


def classify(emissions: bool, hardware: bool, tags: Iterable[str] = (), promote: bool = True) -> ReportingClass:
    """The class of one model; ``promote=False`` is the authors' replication behaviour."""
    result = base_class(emissions, hardware)
    if not promote or result is not ReportingClass.AWARENESS:
        return result
    lowered = {str(tag).lower() for tag in tags}
    if lowered & OPTIMISATION_TAGS:
        return ReportingClass.CERTIFIED if CERTIFICATION_TAG in lowered else ReportingClass.OPTIMIZATION
    return result
