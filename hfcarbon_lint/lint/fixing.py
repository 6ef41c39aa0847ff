"""``--fix``: apply the rules' fixes until the card is stable, then re-check it.

Safe fixes never change what the card means (quoting, spelling, the legacy form);
unsafe ones (a unit converted to grams, a key renamed so the Hub starts reading it)
need ``--unsafe-fixes``. Fixes are applied through the one byte-preserving editor
(editing/textedit.py), so every byte outside an edit survives.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from hfcarbon_lint.base.diagnostics import Applicability, Diagnostic
from hfcarbon_lint.base.escaping import visible
from hfcarbon_lint.editing.textedit import apply_edits, encode, non_overlapping
from hfcarbon_lint.lint.engine import INTERNAL_ERROR, CardReport, LintSettings, internal_error_report, lint_bytes
from hfcarbon_lint.parsing.source import SourceText

MAX_PASSES = 6  # a fix can reveal another (bare number -> mapping -> 1e3 inside it)


@dataclass(frozen=True, slots=True)
class AppliedFix:
    """One finding fixed, with the text it was fixed in (a later pass sees the earlier passes' result)."""

    diagnostic: Diagnostic
    source: SourceText


@dataclass
class FixOutcome:
    original: bytes
    fixed: bytes
    applied: int
    report: CardReport  # the re-check of the fixed card
    fixes: list[AppliedFix] = field(default_factory=list)  # what was fixed, pass by pass (a PR lists them)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def wanted(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and (fix.applicability is Applicability.SAFE or unsafe)


def fix_card(
    path: str, raw: bytes, settings: LintSettings, unsafe: bool = False, target: str | None = None
) -> FixOutcome:
    current = raw
    applied: list[AppliedFix] = []
    report = lint_bytes(path, current, settings, target)
    for _ in range(MAX_PASSES):
        fixable = [d for d in report.diagnostics if wanted(d, unsafe) and d.fix is not None]
        if not fixable or report.card is None:
            break
        groups = [d.fix.edits for d in fixable if d.fix is not None]
        taken = non_overlapping(groups)
        source = report.card.source
        step = [
            AppliedFix(d, source) for d, group in zip(fixable, groups, strict=True) if all(e in taken for e in group)
        ]
        try:
            updated = encode(source, apply_edits(source, taken))
        except Exception as exc:  # noqa: BLE001 - a broken fix is this card's internal error, not the run's
            return FixOutcome(raw, raw, 0, internal_error_report(path, exc, target))
        if updated == current:
            break
        checked = lint_bytes(path, updated, settings, target)
        if _failed(checked):  # a fix whose result cannot be checked is not written
            break
        applied.extend(step)
        current, report = updated, checked
    return FixOutcome(raw, current, len(applied), report, applied)


def _failed(report: CardReport) -> bool:
    return any(d.code == INTERNAL_ERROR for d in report.diagnostics)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    name = visible(path.lstrip("/"))  # a newline in a path would end the header line: patch could not read it
    lines = list(difflib.unified_diff(old, new, fromfile=f"a/{name}", tofile=f"b/{name}"))
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
