"""What a rule is: a code, a kebab-case name, a default severity, its docs, and one check function.

As in yamllint, the check function's docstring *is* the user documentation
(``hfcarbon-lint rule CODE`` prints it). A check receives the parsed card and yields
findings; the engine turns them into diagnostics with the configured severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from hfcarbon_lint.lint.diagnostics import Applicability, Edit, Fix, Severity, Span
from hfcarbon_lint.parsing.card import CarbonFacts, ParsedCard

if TYPE_CHECKING:
    from typing import Any


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
        doc = clean_docstring(function.__doc__ or "")
        summary, _, rest = doc.partition("\n")
        return Rule(code, name, severity, summary.strip(), rest.strip(), function, fix, supersedes, after_suppression)

    return decorate


def clean_docstring(text: str) -> str:
    """``inspect.cleandoc``, without importing inspect (about 8 ms of every run's start-up)."""
    lines = text.expandtabs().split("\n")
    margin = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()), default=0)
    lines = [lines[0].lstrip()] + [line[margin:] for line in lines[1:]]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def replace_fix(applicability: Applicability, description: str, start: int, end: int, text: str) -> Fix:
    return Fix(applicability, description, (Edit(start, end, text),))
