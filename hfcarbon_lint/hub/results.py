"""What an audit found: one outcome per model, and the summary (the request is ``request.AuditRequest``)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.hub.client import HubFailure
from hfcarbon_lint.hub.pullrequest import CardFix
from hfcarbon_lint.hub.request import AuditRequest
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult, TargetFailure


@dataclass
class ModelOutcome:
    index: int  # discovery order: listing order, then named repos in the order given
    repo_id: str
    report: CardReport | None = None
    row: dict[str, Any] | None = None
    failure: HubFailure | None = None
    note: str | None = None  # why a --deep model was checked from its metadata only
    card_fix: CardFix | None = None  # with ``fix``: the README as the fixes would make it (when they change it)

    @property
    def checked(self) -> bool:
        return self.report is not None


@dataclass
class AuditResult:
    request: AuditRequest
    mode: str  # cardData | deep | cache
    outcomes: list[ModelOutcome] = field(default_factory=list)
    listing_stopped: HubFailure | None = None  # the listing failed or was cut short: the outcomes are partial

    def ordered(self) -> list[ModelOutcome]:
        return sorted(self.outcomes, key=lambda o: o.index)

    @property
    def checked(self) -> list[ModelOutcome]:
        return [o for o in self.ordered() if o.report is not None]

    @property
    def failed(self) -> list[ModelOutcome]:
        return [o for o in self.ordered() if o.failure is not None]

    def run_result(self) -> RunResult:
        result = RunResult()
        result.cards = [o.report for o in self.checked if o.report is not None]
        result.failures = [TargetFailure(o.repo_id, str(o.failure)) for o in self.failed]
        return result

    def summary(self, top: int = 10) -> dict[str, Any]:
        checked = self.checked
        reports = [o.report for o in checked if o.report is not None]
        by_class = Counter(r.reporting_class for r in reports if r.reporting_class is not None)
        grams = [r.emissions_g for r in reports if r.emissions_g is not None]
        offenders = sorted(
            (o for o in checked if o.report is not None and (o.report.errors or o.report.warnings)),
            key=lambda o: (-o.report.errors, -o.report.warnings, o.repo_id),  # type: ignore[union-attr]
        )
        emitters = sorted(
            (o for o in checked if o.report is not None and o.report.emissions_g is not None),
            key=lambda o: (-(o.report.emissions_g or 0.0), o.repo_id),  # type: ignore[union-attr]
        )
        return {
            "mode": self.mode,
            "query": self.request.describe(),
            "models": len(self.outcomes),
            "listing_incomplete": str(self.listing_stopped) if self.listing_stopped is not None else None,
            "checked": len(checked),
            "not_checked": len(self.failed),
            "by_class": {member.label: by_class.get(member, 0) for member in ReportingClass},
            "not_classified": sum(1 for r in reports if r.reporting_class is None),
            "reporting_emissions": len(grams),
            "reporting_share": (len(grams) / len(checked)) if checked else None,
            "median_emissions_g": statistics.median(grams) if grams else None,
            "total_emissions_g": sum(grams),
            "errors": sum(r.errors for r in reports),
            "warnings": sum(r.warnings for r in reports),
            "infos": sum(r.infos for r in reports),
            "worst_offenders": [_offender(o) for o in offenders[:top]],
            "top_emitters": [
                {"repo_id": o.repo_id, "emissions_g": o.report.emissions_g} for o in emitters[:5] if o.report
            ],
            "metadata_only": [{"repo_id": o.repo_id, "reason": o.note} for o in checked if o.note],
            "by_label": _label_counts(reports) if self.request.label else None,
            "not_checked_models": [
                {"repo_id": o.repo_id, "reason": o.failure.kind, "message": str(o.failure)}
                for o in self.failed
                if o.failure is not None
            ],
        }


def _label_counts(reports: list[CardReport]) -> dict[str, int]:
    letters = Counter(r.label.label for r in reports if r.label is not None and r.label.label)
    counts = {letter: letters.get(letter, 0) for letter in "ABCDE"}
    counts["none"] = sum(1 for r in reports if r.label is None or not r.label.label)
    return counts


def _offender(outcome: ModelOutcome) -> dict[str, Any]:
    report = outcome.report
    assert report is not None
    codes = Counter(d.code for d in report.diagnostics if d.severity.label in ("error", "warning"))
    return {
        "repo_id": outcome.repo_id,
        "errors": report.errors,
        "warnings": report.warnings,
        "codes": sorted(codes),
    }
