"""Fixtures for the plausibility rules (HFC060-HFC063): fixture cards and a linting helper."""

from __future__ import annotations

from pathlib import Path

from hfcarbon_lint.base.diagnostics import Diagnostic
from hfcarbon_lint.lint.engine import LintSettings, lint_bytes

HERE = Path(__file__).parent
CARDS = HERE / "cards"
GOLDEN = HERE / "golden"
PLAUSIBILITY = ("HFC060", "HFC061", "HFC062", "HFC063")


def plausibility_findings(path: Path) -> list[Diagnostic]:
    """The HFC06x diagnostics of one card file."""
    report = lint_bytes(path.name, path.read_bytes(), LintSettings(select=PLAUSIBILITY))
    return [d for d in report.diagnostics if d.code in PLAUSIBILITY]
