"""The outcome of one run over many targets, as every reporter sees it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hfcarbon_lint import __version__
from hfcarbon_lint.classification import ReportingClass
from hfcarbon_lint.diagnostics import Applicability, Diagnostic
from hfcarbon_lint.engine import CardReport


@dataclass(frozen=True)
class TargetFailure:
    """A target that could not be checked at all (missing file, Hub error): exit code 2."""

    target: str
    message: str


@dataclass
class RunResult:
    cards: list[CardReport] = field(default_factory=list)
    failures: list[TargetFailure] = field(default_factory=list)
    fixed: dict[str, int] = field(default_factory=dict)  # path -> fixes applied (or that --diff would apply)
    diffs: list[str] = field(default_factory=list)
    tool_name: str = "hfcarbon-lint"
    tool_version: str = __version__

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for card in self.cards for d in card.diagnostics]

    def summary(self) -> dict[str, Any]:
        by_class = Counter(card.reporting_class for card in self.cards)
        reported = [card.emissions_g for card in self.cards if card.emissions_g is not None]
        return {
            "cards": len(self.cards),
            "not_checked": len(self.failures),
            "errors": sum(card.errors for card in self.cards),
            "warnings": sum(card.warnings for card in self.cards),
            "infos": sum(card.infos for card in self.cards),
            "fixed": sum(self.fixed.values()),
            "fixable": sum(
                1 for d in self.diagnostics if d.fix is not None and d.fix.applicability is Applicability.SAFE
            ),
            "unsafe_fixable": sum(
                1 for d in self.diagnostics if d.fix is not None and d.fix.applicability is Applicability.UNSAFE
            ),
            "reporting_emissions": len(reported),
            "total_emissions_g": sum(reported) if reported else 0.0,
            "by_class": {member.label: by_class.get(member, 0) for member in ReportingClass},
        }
