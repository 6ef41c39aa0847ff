"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per diagnostic.

    ::error file=models/a/README.md,line=6,col=14,endLine=6,endColumn=22,title=HFC013 emissions-unit-string::...

The runner turns each line into an annotation on the pull request's changed line. Values are
escaped as the runner unescapes them (actions/toolkit ``command.ts``): in the message ``%``,
CR and LF; in property values also ``:`` and ``,``. Lines that are not commands (the class of
each card, the summary) are plain log output.
"""

from __future__ import annotations

from hfcarbon_lint.base.diagnostics import Applicability, Diagnostic, Severity
from hfcarbon_lint.base.escaping import visible
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.reporters.locations import repo_relative
from hfcarbon_lint.reporters.options import RenderOptions

LEVELS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (the part after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``...): the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, properties: dict[str, str | int] | None = None) -> str:
    """One workflow command line, e.g. ``::warning file=a.md,line=3::text``."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in (properties or {}).items())
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def render(result: RunResult, options: RenderOptions) -> str:
    lines: list[str] = []
    for card in result.cards:
        lines.extend(annotation(d, card) for d in card.diagnostics)
        if not options.quiet:
            lines.append(_plain(class_line(card)))
    for failure in result.failures:
        lines.append(command("error", f"{failure.target}: {failure.message}", {"title": "hfcarbon-lint: not checked"}))
    if not options.quiet:
        lines.append(_plain(summary_text(result)))
    return "\n".join(lines) + ("\n" if lines else "")


def annotation(diagnostic: Diagnostic, card: CardReport | None = None) -> str:
    message = diagnostic.message
    if diagnostic.fix is not None:
        flag = "--fix" if diagnostic.fix.applicability is Applicability.SAFE else "--fix --unsafe-fixes"
        message += f"\nFix ({flag}): {diagnostic.fix.description}"
    properties: dict[str, str | int] = {}
    if card is not None and card.remote is not None:
        # A card on the Hub is not a file of this repository: no location GitHub could show.
        message = f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {message}"
    else:
        properties["file"] = repo_relative(diagnostic.path)
        properties["line"] = diagnostic.line
        if diagnostic.end_line == diagnostic.line:
            # GitHub honours columns only on a single-line annotation.
            properties["col"] = diagnostic.column
            properties["endLine"] = diagnostic.end_line
            properties["endColumn"] = max(diagnostic.end_column, diagnostic.column)
        else:
            properties["endLine"] = diagnostic.end_line
    properties["title"] = f"{diagnostic.code} {diagnostic.name}"
    return command(LEVELS[diagnostic.severity], message, properties)


def class_line(card: CardReport) -> str:
    emissions = f", {card.emissions_g:g} g CO2eq" if card.emissions_g is not None else ""
    return f"{card.target}: {card.class_phrase}{emissions}"


def summary_text(result: RunResult) -> str:
    summary = result.summary()

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"

    parts = [count(summary["errors"], "error"), count(summary["warnings"], "warning"), count(summary["infos"], "info")]
    if summary["not_checked"]:
        parts.append(f"{summary['not_checked']} not checked")
    if summary["not_classified"]:
        parts.append(f"{summary['not_classified']} not read (no reporting class)")
    return f"hfcarbon-lint: {', '.join(parts)} in {count(summary['cards'], 'card')}."


def _plain(text: str) -> str:
    # A plain log line must never be read as a command: the runner trims the line, then looks for "::".
    text = visible(text)
    return "card " + text if text.lstrip().startswith("::") else text
