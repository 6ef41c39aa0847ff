"""What a rule is: a code, a kebab-case name, a default severity, its docs, and one check function.

As in yamllint, the check function's docstring *is* the user documentation
(``hfcarbon-lint rule CODE`` prints it). A check receives the parsed card and yields
findings; the engine turns them into diagnostics with the configured severity.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from hfcarbon_lint.base.diagnostics import Applicability, Edit, Fix, Severity, Span
from hfcarbon_lint.parsing.card import CarbonFacts, ParsedCard


class Finding(NamedTuple):
    span: Span
    message: str
    fix: Fix | None = None


class LintContext(NamedTuple):
    """What every check function receives."""

    card: ParsedCard
    facts: CarbonFacts
    options: dict[str, Any]


CheckFunction = Callable[[LintContext], Iterator[Finding]]


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: CheckFunction
    fix: Applicability | None = None
    supersedes: tuple[str, ...] = ()
    # Runs after the suppression comments are applied, on ``options["suppressions"]``
    # (lint/suppression.py), so its findings are about those comments and cannot be silenced.
    after_suppression: bool = False

    @property
    def fixable(self) -> bool:
        return self.fix is not None


def rule(
    code: str,
    name: str,
    severity: Severity,
    fix: Applicability | None = None,
    supersedes: tuple[str, ...] = (),
    after_suppression: bool = False,
) -> Callable[[CheckFunction], Rule]:
    """Declare a rule; the first docstring line is its summary, the rest its documentation."""

    def decorate(function: CheckFunction) -> Rule:
        doc = inspect.cleandoc(function.__doc__ or "")
        summary, _, rest = doc.partition("\n")
        return Rule(code, name, severity, summary.strip(), rest.strip(), function, fix, supersedes, after_suppression)

    return decorate


def replace_fix(applicability: Applicability, description: str, start: int, end: int, text: str) -> Fix:
    return Fix(applicability, description, (Edit(start, end, text),))
