"""Inline suppression: maintainers silence a finding they have judged, where it is.

In the front matter, a YAML comment::

    co2_eq_emissions: 0  # hfcarbon-lint: ignore[HFC012]
    # hfcarbon-lint: ignore[HFC015]        <- a comment line covers the next line
    # hfcarbon-lint: ignore-file[HFC020,HFC021]
    # hfcarbon-lint: ignore-file          <- every suppressible rule in this card

In the body, the same words in an HTML comment:
``<!-- hfcarbon-lint: ignore[HFC041] -->`` (that line, or the next when alone on its line).

Codes may be rule names too (``ignore[emissions-unit-string]``). Unknown codes
(HFC090) and suppressions that silenced nothing (HFC091) are reported, as ruff's
RUF100 does, so stale comments do not pile up: those two rules run after the others,
on the :class:`Suppressions` read here (so they cannot themselves be silenced). Syntax errors (HFC001, HFC005) cannot
be suppressed: when the YAML is broken, comment positions cannot be trusted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from hfcarbon_lint.base.diagnostics import Diagnostic, Span
from hfcarbon_lint.parsing.card import ParsedCard

UNSUPPRESSIBLE = frozenset({"HFC001", "HFC005"})
# Codes stop at the next bracket: an unclosed ``ignore[`` is then read up to the next directive's
# bracket only, so a line of unclosed directives is scanned once, not once per directive.
_YAML_DIRECTIVE = re.compile(
    r"(?:^|\s)#\s*+hfcarbon-lint:\s*+(?P<kind>ignore-file|ignore)\b(?:\[(?P<codes>[^\]\[]*+)\])?+"
)
_HTML_DIRECTIVE = re.compile(
    r"<!--\s*+hfcarbon-lint:\s*+(?P<kind>ignore-file|ignore)\b(?:\[(?P<codes>[^\]\[]*+)\])?+\s*+-->"
)
# A directive names at most this many distinct codes (there are fewer rules); the rest are one HFC090.
MAX_CODES = 100


class Directive(NamedTuple):
    kind: str  # "ignore" | "ignore-file"
    codes: tuple[str, ...]  # empty = every rule (file level only)
    line: int
    column: int
    end_column: int
    target_line: int | None  # the line an "ignore" covers
    used: set[str]  # the codes it suppressed, filled in while applying


def find_directives(card: ParsedCard) -> list[Directive]:
    source = card.source
    directives: list[Directive] = []
    block = card.block
    for line_number in range(1, source.line_count + 1):
        text = source.line_text(line_number)
        if "hfcarbon-lint" not in text:
            continue
        in_front_matter = block is not None and block.opening_line < line_number < block.closing_line
        pattern = _YAML_DIRECTIVE if in_front_matter else _HTML_DIRECTIVE
        for match in pattern.finditer(text):
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            alone = not text[:start].strip()
            # A code named twice is one code: reported (and applied) once.
            codes = tuple(dict.fromkeys(c.strip() for c in (match.group("codes") or "").split(",") if c.strip()))
            kind = match.group("kind")
            directives.append(
                Directive(
                    kind=kind,
                    codes=codes,
                    line=line_number,
                    column=start + 1,
                    end_column=match.end() + 1,
                    target_line=None if kind == "ignore-file" else (line_number + 1 if alone else line_number),
                    used=set(),
                )
            )
    return directives


class Suppressions(NamedTuple):
    """A card's directives, read once: what each silences, and what is wrong with them.

    The engine filters the diagnostics with :meth:`apply`; the rules HFC090 and HFC091
    (rules/meta.py) then read :attr:`problems` and :meth:`unused`.
    """

    applied: list[tuple[Directive, set[str] | None]]  # None: every rule (ignore-file without codes)
    problems: list[tuple[Span, str]]  # unknown codes, "ignore" without codes (HFC090)
    broken: bool  # the YAML or the fence is broken: other rules did not run

    def apply(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics no directive silences; each directive records the codes it silenced."""
        kept: list[Diagnostic] = []
        for diagnostic in diagnostics:
            suppressor = None
            if diagnostic.code not in UNSUPPRESSIBLE:
                for directive, silenced in self.applied:
                    applies_here = directive.kind == "ignore-file" or directive.target_line == diagnostic.line
                    if applies_here and (silenced is None or diagnostic.code in silenced):
                        suppressor = directive
                        break
            if suppressor is None:
                kept.append(diagnostic)
            else:
                suppressor.used.add(diagnostic.code)
        return kept

    def unused(self, is_enabled: Callable[[str], bool]) -> list[tuple[Span, str]]:
        """Directives that silenced nothing after :meth:`apply` (HFC091); codes of rules not run are not reported."""
        if self.broken:
            return []  # other rules did not run on a broken card: "unused" would be a guess
        found: list[tuple[Span, str]] = []
        for directive, wanted in self.applied:
            if wanted is not None:
                unused = sorted(code for code in wanted - directive.used if is_enabled(code))
            else:
                unused = [] if directive.used else ["*"]
            if unused:
                shown = "everything" if unused == ["*"] else ", ".join(unused)
                found.append((_span(directive), f"unused suppression ({shown}): nothing to silence here"))
        return found


def read(card: ParsedCard, resolve_code: Callable[[str], str | None]) -> Suppressions:
    """The card's directives with their codes resolved (``resolve_code``: a code or rule name -> a code, or None)."""
    applied: list[tuple[Directive, set[str] | None]] = []
    problems: list[tuple[Span, str]] = []
    for directive in find_directives(card):
        codes: set[str] = set()
        if len(directive.codes) > MAX_CODES:
            problems.append(
                (
                    _span(directive),
                    f"suppression comment names {len(directive.codes):,} codes; only the first {MAX_CODES} are read",
                )
            )
        for code in directive.codes[:MAX_CODES]:
            known = resolve_code(code)
            if known is None:
                problems.append((_span(directive), f"unknown rule {code!r} in suppression comment"))
            else:
                codes.add(known)
        if directive.kind == "ignore" and not directive.codes:
            problems.append(
                (_span(directive), "'ignore' needs codes, e.g. ignore[HFC013]; use ignore-file to silence a whole card")
            )
            continue
        applied.append((directive, codes if directive.codes else None))
    broken = card.yaml_problem is not None or card.fence_problem is not None
    return Suppressions(applied, problems, broken)


def _span(directive: Directive) -> Span:
    return Span.at(directive.line, directive.column, directive.line, directive.end_column)
