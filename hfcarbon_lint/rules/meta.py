"""Rules about hfcarbon-lint's own suppression comments.

They run after every other rule, once the engine has applied the card's suppression
comments (``lint/suppression.py``): the engine passes the comments it read, and what
each one silenced, as ``ctx.options["suppressions"]`` (absent when the card has none),
with the codes of the rules that ran as ``ctx.options["enabled_codes"]``.
"""

from __future__ import annotations

from collections.abc import Iterator

from hfcarbon_lint.base.diagnostics import Severity
from hfcarbon_lint.rules.base import Finding, LintContext, rule


@rule("HFC090", "unknown-suppression-code", Severity.WARNING, after_suppression=True)
def unknown_suppression_code(ctx: LintContext) -> Iterator[Finding]:
    """A suppression comment names a rule that does not exist (or ``ignore`` without codes).

    ``# hfcarbon-lint: ignore[HFC999]`` silences nothing; a typo here hides nothing and
    helps no one. Use codes or names from ``hfcarbon-lint rule --all``. Checked after
    the other rules, on the comments themselves: it cannot be suppressed.
    """
    suppressions = ctx.options.get("suppressions")
    if suppressions is None:
        return
    for span, message in suppressions.problems:
        yield Finding(span, message)


@rule("HFC091", "unused-suppression", Severity.WARNING, after_suppression=True)
def unused_suppression(ctx: LintContext) -> Iterator[Finding]:
    """A suppression comment silenced nothing: the finding it was written for is gone.

    Delete the comment, so it cannot hide a new problem later (ruff's RUF100).
    Codes of rules that are not enabled in this run are not reported. Checked after the
    other rules, on what each comment silenced: it cannot be suppressed.
    """
    suppressions = ctx.options.get("suppressions")
    if suppressions is None:
        return
    enabled: frozenset[str] = ctx.options.get("enabled_codes", frozenset())
    for span, message in suppressions.unused(enabled.__contains__):
        yield Finding(span, message)
