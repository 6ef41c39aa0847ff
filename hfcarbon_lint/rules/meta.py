"""Rules about hfcarbon-lint's own suppression comments (emitted by the engine, see suppression.py)."""

from __future__ import annotations

from collections.abc import Iterator

from hfcarbon_lint.lint.diagnostics import Severity
from hfcarbon_lint.rules.base import Finding, LintContext, rule


@rule("HFC090", "unknown-suppression-code", Severity.WARNING)
def unknown_suppression_code(ctx: LintContext) -> Iterator[Finding]:
    """A suppression comment names a rule that does not exist (or ``ignore`` without codes).

    ``# hfcarbon-lint: ignore[HFC999]`` silences nothing; a typo here hides nothing and
    helps no one. Use codes or names from ``hfcarbon-lint rule --all``.
    """
    return iter(())


@rule("HFC091", "unused-suppression", Severity.WARNING)
def unused_suppression(ctx: LintContext) -> Iterator[Finding]:
    """A suppression comment silenced nothing: the finding it was written for is gone.

    Delete the comment, so it cannot hide a new problem later (ruff's RUF100).
    Codes of rules that are not enabled in this run are not reported.
    """
    return iter(())
