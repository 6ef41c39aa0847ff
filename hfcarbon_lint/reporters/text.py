"""The default human format: ``file:line:col: CODE [name] message``, the source line with a caret, the class per card."""

from __future__ import annotations

from typing import Any

from hfcarbon_lint.base.diagnostics import Applicability, Diagnostic, Severity
from hfcarbon_lint.base.escaping import display_path, visible
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.reporters.options import RenderOptions

_SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
# ANSI SGR codes as click.style writes them: the reporters, a library API, do not need click.
_FOREGROUND = {"red": "\x1b[31m", "yellow": "\x1b[33m", "blue": "\x1b[34m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def render(result: RunResult, options: RenderOptions) -> str:
    return "".join(render_card(card, options) for card in result.cards) + render_footer(result, options)


def render_card(card: CardReport, options: RenderOptions) -> str:
    lines: list[str] = []
    for diagnostic in card.diagnostics:
        lines.extend(_diagnostic_lines(diagnostic, card, options))
    if not options.quiet:
        lines.append(_class_line(card, options))
        if card.label is not None:
            lines.append(f"{display_path(card.target)}: efficiency label {visible(card.label.summary())}")
    return "\n".join(lines) + ("\n" if lines else "")


def render_footer(result: RunResult, options: RenderOptions) -> str:
    return "" if options.quiet else summary_line(result, options) + "\n"


def _style(text: str, options: RenderOptions, fg: str | None = None, bold: bool = False) -> str:
    if not options.color:
        return text
    return f"{_FOREGROUND[fg] if fg else ''}{_BOLD if bold else ''}{text}{_RESET}"


def _diagnostic_lines(diagnostic: Diagnostic, card: CardReport, options: RenderOptions) -> list[str]:
    location = f"{display_path(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}:"
    code = _style(diagnostic.code, options, fg=_SEVERITY_COLOURS[diagnostic.severity], bold=True)
    fixable = " [*]" if diagnostic.fix is not None and diagnostic.fix.applicability is Applicability.SAFE else ""
    head = (
        f"{_style(location, options, bold=True)} {code}{fixable} [{diagnostic.name}] "
        f"{diagnostic.severity.label}: {visible(diagnostic.message)}"
    )
    lines = [head]
    if options.show_source:
        source_line = card.source_line(diagnostic.line)
        if source_line.strip():
            # Control characters are shown as escapes (an ESC in a card must not drive the
            # terminal); the caret moves with them so it still points at the same characters.
            raw = source_line.replace("\t", " ")
            start = min(diagnostic.column - 1, len(raw))
            width = (
                diagnostic.end_column - diagnostic.column
                if diagnostic.end_line == diagnostic.line and diagnostic.end_column > diagnostic.column
                else 1
            )
            width = max(1, min(width, len(raw) - start))
            shown = visible(raw)
            before = len(visible(raw[:start])) + diagnostic.column - 1 - start
            width = max(1, len(visible(raw[start : start + width])))
            gutter = f"{diagnostic.line:>5} | "
            lines.append(gutter + shown)
            caret = " " * before + "^" * width
            lines.append(
                " " * (len(gutter) - 2) + "| " + _style(caret, options, fg=_SEVERITY_COLOURS[diagnostic.severity])
            )
    return lines


def _class_line(card: CardReport, options: RenderOptions) -> str:
    emissions = f", {card.emissions_g:g} g CO2eq" if card.emissions_g is not None else ""
    where = f" @ {card.remote['commit'][:12]}" if card.remote and card.remote.get("commit") else ""
    if card.reporting_class is None:
        return f"{display_path(card.target)}{where}: {card.class_phrase}"
    label = _style(card.reporting_class.label, options, bold=True)
    return f"{display_path(card.target)}{where}: reporting class {card.reporting_class.level} {label}{emissions}"


def summary_line(result: RunResult, options: RenderOptions) -> str:
    return closing_line(result.summary())


def closing_line(summary: dict[str, Any], checked: int | None = None, noun: str = "card") -> str:
    """The one closing line of every human format (text, concise, audit's text):
    ``Found 1 error, 2 warnings, 0 info[, ...] in 3 cards checked.``, whatever the counts."""

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'s' if count != 1 else ''}"

    cards = summary["cards"] if checked is None else checked
    parts = [plural(summary["errors"], "error"), plural(summary["warnings"], "warning"), f"{summary['infos']} info"]
    if summary.get("not_checked"):
        parts.append(f"{summary['not_checked']} not checked")
    if summary.get("not_classified"):
        parts.append(f"{summary['not_classified']} not read (no reporting class)")
    if summary.get("fixable"):
        parts.append(f"{summary['fixable']} fixable with --fix [*]")
    if summary.get("unsafe_fixable"):
        parts.append(f"{summary['unsafe_fixable']} more with --unsafe-fixes")
    return f"Found {', '.join(parts)} in {plural(cards, noun)} checked."
