"""The linter as a library: card bytes in, a CardReport out. Nothing here prints or exits.

>>> from hfcarbon_lint.lint.engine import LintSettings, lint_file
>>> report = lint_file("README.md", LintSettings())
>>> report.reporting_class.label, [d.code for d in report.diagnostics]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from hfcarbon_lint.base.classification import ReportingClass, classify
from hfcarbon_lint.base.diagnostics import Diagnostic, Severity, Span
from hfcarbon_lint.base.files import MAX_CARD_SIZE, read_card
from hfcarbon_lint.parsing.card import CarbonFacts, ParsedCard, extract_facts, parse_card
from hfcarbon_lint.parsing.source import SourceText, UnreadableCard
from hfcarbon_lint.rules import BY_CODE, RULES, Finding, LintContext, Rule, lookup

# What every format says of a card that was not read, in place of its class.
NOT_CLASSIFIED = "no reporting class (the card was not read)"


class LintSettings(NamedTuple):
    """What to check and how strictly; built by the CLI from flags and config files."""

    select: tuple[str, ...] = ()  # code prefixes or names; empty means every rule
    ignore: tuple[str, ...] = ()
    severity_overrides: Mapping[str, Severity] = {}  # read only (a mappingproxy cannot be pickled to workers)
    min_class: ReportingClass | None = None
    promote: bool = True  # the ladder variant of paper-method.md §1.7
    max_card_size: int = MAX_CARD_SIZE  # bytes; a larger card is HFC006 card-too-large, never read past this

    def enabled(self, rule: Rule) -> bool:
        def matches(patterns: Iterable[str]) -> bool:
            return any(rule.code.startswith(p.upper()) or rule.name == p.lower() for p in patterns)

        if self.ignore and matches(self.ignore):
            return False
        return not self.select or matches(self.select)


@dataclass(slots=True, eq=False)
class CardReport:
    """What one card gave: its diagnostics, class and facts."""

    target: str  # what the user named: a path, or a repo id for remote cards
    path: str  # what diagnostics point at
    diagnostics: list[Diagnostic]
    # None when the card was not read (too large, unreadable bytes, an internal error): a card
    # that was not read is not a card that does not report, so it has no class.
    reporting_class: ReportingClass | None
    facts: CarbonFacts | None
    card: ParsedCard | None = None
    remote: dict[str, Any] | None = None  # {"repo_id", "revision", "commit"} for Hub cards
    # The text of every line a diagnostic points at, so reporters can quote it after release().
    source_lines: dict[int, str] = field(default_factory=dict)
    label: Any = None  # a label.compute.LabelResult when the A-E label was asked for (--label)

    def __repr__(self) -> str:
        label = self.reporting_class.label if self.reporting_class is not None else None
        return f"CardReport(target={self.target!r}, class={label!r}, diagnostics={len(self.diagnostics)})"

    @property
    def class_phrase(self) -> str:
        """How every format names the class: "reporting class 3 Energy Awareness", or why there is none."""
        if self.reporting_class is None:
            return NOT_CLASSIFIED
        return f"reporting class {self.reporting_class.level} {self.reporting_class.label}"

    def release(self) -> CardReport:
        """Drop the parsed card (text, YAML nodes): a run over many cards keeps memory flat."""
        self.card = None
        return self

    def source_line(self, line: int) -> str:
        if self.card is not None:
            return self.card.source.line_text(line)
        return self.source_lines.get(line, "")

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def infos(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.INFO)

    @property
    def emissions_g(self) -> float | None:
        return self.facts.emissions_g if self.facts else None


def lint_source(source: SourceText, settings: LintSettings, target: str | None = None) -> CardReport:
    card = parse_card(source)
    facts = extract_facts(card)
    reporting_class = classify(
        facts.emissions_g is not None, facts.hardware_used is not None, card.tags, settings.promote
    )
    context = LintContext(card, facts, {"min_class": settings.min_class, "reporting_class": reporting_class})
    rules = _enabled_rules(settings.select, settings.ignore)
    diagnostics: list[Diagnostic] = []
    for rule in rules:
        if not rule.after_suppression:
            for finding in rule.check(context):
                diagnostics.append(_diagnostic(rule, finding, source.path, settings))
    diagnostics = _drop_superseded(diagnostics)
    if "hfcarbon-lint:" in source.text:  # every directive has it; most cards have none
        from hfcarbon_lint.lint import suppression  # so the directive reader loads only for cards with one

        suppressions = suppression.read(card, _resolve_code)
        diagnostics = suppressions.apply(diagnostics)
        enabled_codes = frozenset(rule.code for rule in rules)
        after = LintContext(
            card, facts, {**context.options, "suppressions": suppressions, "enabled_codes": enabled_codes}
        )
        for rule in rules:
            if rule.after_suppression:
                for finding in rule.check(after):
                    diagnostics.append(_diagnostic(rule, finding, source.path, settings))
        diagnostics.sort(key=Diagnostic.sort_key)
    diagnostics = [_locate_fix(d, source) for d in diagnostics]
    return CardReport(
        target=target or source.path,
        path=source.path,
        diagnostics=diagnostics,
        reporting_class=reporting_class,
        facts=facts,
        card=card,
        source_lines={d.line: source.line_text(d.line) for d in diagnostics},
    )


INTERNAL_ERROR = "HFC000"
CARD_TOO_LARGE = "HFC006"


def lint_bytes(path: str, raw: bytes, settings: LintSettings, target: str | None = None) -> CardReport:
    """Lint a card's bytes. Whatever goes wrong inside becomes a diagnostic of this card.

    An unexpected exception (a bug, or input no rule foresaw) is HFC000 internal-error at
    1:1 naming it, so one card never sinks a run over many: the others are still checked
    and every output is written. ``HFCARBON_LINT_DEBUG=1`` lets it propagate instead.
    """
    if len(raw) > settings.max_card_size:
        return _engine_report(
            CARD_TOO_LARGE,
            f"the card is larger than {settings.max_card_size:,} bytes (max-card-size); it was not read past "
            "that (real model cards are under 1 MB)",
            path,
            target,
        )
    try:
        try:
            source = SourceText.from_bytes(path, raw)
        except UnreadableCard as problem:
            rule = BY_CODE["HFC005"]
            finding = Finding(Span.at(problem.line, problem.column), problem.message)
            diagnostics = [_diagnostic(rule, finding, path, settings)] if settings.enabled(rule) else []
            return CardReport(target or path, path, diagnostics, None, None)
        return lint_source(source, settings, target)
    except Exception as exc:
        if os.environ.get("HFCARBON_LINT_DEBUG"):
            raise
        return internal_error_report(path, exc, target)


def internal_error_report(path: str, exc: BaseException, target: str | None = None) -> CardReport:
    """The report of a card whose check failed with ``exc``: one HFC000 at 1:1, no class."""
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:200] + "..."
    message = (
        f"internal error while checking this card: {type(exc).__name__}{': ' + detail if detail else ''}; "
        "the card was not fully checked (please report it; HFCARBON_LINT_DEBUG=1 shows the traceback)"
    )
    return _engine_report(INTERNAL_ERROR, message, path, target)


def _engine_report(code: str, message: str, path: str, target: str | None) -> CardReport:
    """A report holding one engine diagnostic at 1:1; such diagnostics cannot be turned off. The card
    was not read (or not to the end), so it has no class."""
    rule = BY_CODE[code]
    diagnostic = Diagnostic(rule.code, rule.name, Severity.ERROR, message, path, Span.whole_file_start())
    return CardReport(target or path, path, [diagnostic], None, None)


def lint_file(path: str | Path, settings: LintSettings, display: str | None = None) -> CardReport:
    """Lint one regular file, read up to the size limit; OSError (missing, unreadable, a folder,
    a FIFO: base.files.NotRegularFile) propagates for the caller to report."""
    raw = read_card(path, settings.max_card_size)
    return lint_bytes(display or str(path), raw, settings)


def _resolve_code(code: str) -> str | None:
    found = lookup(code)
    return found.code if found else None


@lru_cache(maxsize=16)
def _enabled_rules(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[Rule, ...]:
    """The rules a selection runs, worked out once per run rather than once per card."""
    settings = LintSettings(select=select, ignore=ignore)
    return tuple(rule for rule in RULES if settings.enabled(rule))


def _diagnostic(rule: Rule, finding: Finding, path: str, settings: LintSettings) -> Diagnostic:
    severity = settings.severity_overrides.get(rule.code, rule.severity)
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=finding.message,
        path=path,
        span=finding.span,
        fix=finding.fix,
        supersedes=rule.supersedes,
    )


def _locate_fix(diagnostic: Diagnostic, source: SourceText) -> Diagnostic:
    if diagnostic.fix is None:
        return diagnostic
    edits = tuple(
        edit._replace(start=source.position(edit.start_offset), end=source.position(edit.end_offset))
        for edit in diagnostic.fix.edits
    )
    return diagnostic._replace(fix=diagnostic.fix._replace(edits=edits))


def _drop_superseded(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A specific diagnostic replaces a generic one (schema-violation) on the same line."""
    covered = {(code, d.line) for d in diagnostics for code in d.supersedes}
    kept = [d for d in diagnostics if (d.code, d.line) not in covered]
    return sorted(kept, key=Diagnostic.sort_key)
