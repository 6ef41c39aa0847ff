"""The outcome of one run over many targets, as every reporter sees it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.base.diagnostics import Applicability, Diagnostic, Severity
from hfcarbon_lint.base.version import __version__
from hfcarbon_lint.lint.engine import INTERNAL_ERROR, CardReport


class TargetFailure(NamedTuple):
    """A target that could not be checked at all (missing file, Hub error): exit code 2."""

    target: str
    message: str


@dataclass(slots=True)
class _Tally:
    """Summary counts of cards that were streamed out and not kept."""

    cards: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    fixable: int = 0
    unsafe_fixable: int = 0
    reporting: int = 0
    internal: int = 0
    total_g: float = 0.0
    by_class: Counter[ReportingClass] = field(default_factory=Counter)
    not_classified: int = 0  # cards that were not read (too large, unreadable): no class

    def add(self, card: CardReport) -> None:
        self.cards += 1
        self.errors += card.errors
        self.warnings += card.warnings
        self.infos += card.infos
        for d in card.diagnostics:
            if d.code == INTERNAL_ERROR:
                self.internal += 1
            if d.fix is not None:
                if d.fix.applicability is Applicability.SAFE:
                    self.fixable += 1
                else:
                    self.unsafe_fixable += 1
        if card.emissions_g is not None:
            self.reporting += 1
            self.total_g += card.emissions_g
        if card.reporting_class is None:
            self.not_classified += 1
        else:
            self.by_class[card.reporting_class] += 1


@dataclass(slots=True, eq=False)
class RunResult:
    """Every card, failure and fix of one run."""

    cards: list[CardReport] = field(default_factory=list)
    failures: list[TargetFailure] = field(default_factory=list)
    tool_name: str = "hfcarbon-lint"
    tool_version: str = __version__
    fixed: dict[str, int] = field(default_factory=dict, init=False)  # path -> fixes applied (or --diff would apply)
    diffs: list[str] = field(default_factory=list, init=False)
    # Said on stderr, not a failure (a FIFO skipped, a read-only card not fixed).
    notes: list[str] = field(default_factory=list, init=False)
    # Said on stderr, exit code unchanged (a folder with no card in it).
    warnings: list[str] = field(default_factory=list, init=False)
    # Streaming reporters print each card as it comes; such cards are only tallied, not kept.
    streamed: _Tally = field(default_factory=_Tally, init=False)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for card in self.cards for d in card.diagnostics]

    def summary(self) -> dict[str, Any]:
        tally = _Tally()
        for card in self.cards:
            tally.add(card)
        streamed = self.streamed
        by_class = tally.by_class + streamed.by_class
        return {
            "cards": tally.cards + streamed.cards,
            "not_checked": len(self.failures),
            "errors": tally.errors + streamed.errors,
            "warnings": tally.warnings + streamed.warnings,
            "infos": tally.infos + streamed.infos,
            "fixed": sum(self.fixed.values()),
            "fixable": tally.fixable + streamed.fixable,
            "unsafe_fixable": tally.unsafe_fixable + streamed.unsafe_fixable,
            "reporting_emissions": tally.reporting + streamed.reporting,
            "total_emissions_g": tally.total_g + streamed.total_g,
            "by_class": {member.label: by_class.get(member, 0) for member in ReportingClass},
            "not_classified": tally.not_classified + streamed.not_classified,
        }

    def internal_errors(self) -> int:
        """HFC000 diagnostics: cards whose check itself failed (the run exits 2)."""
        kept = sum(1 for d in self.diagnostics if d.code == INTERNAL_ERROR)
        return kept + self.streamed.internal

    def worst_severity_seen(self) -> int:
        """Highest severity (Severity value) among kept and streamed cards; 0 when none."""
        kept = max((int(d.severity) for d in self.diagnostics), default=0)
        counts = (
            (self.streamed.errors, Severity.ERROR),
            (self.streamed.warnings, Severity.WARNING),
            (self.streamed.infos, Severity.INFO),
        )
        streamed = max((int(level) for count, level in counts if count), default=0)
        return max(kept, streamed)
