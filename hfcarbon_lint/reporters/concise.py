"""One line per diagnostic and the closing count: for grep, editors and problem matchers."""

from __future__ import annotations

from hfcarbon_lint.base.diagnostics import Applicability, Diagnostic
from hfcarbon_lint.base.escaping import display_path, visible
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.reporters.options import RenderOptions
from hfcarbon_lint.reporters.text import closing_line


def render(result: RunResult, options: RenderOptions) -> str:
    return "".join(render_card(card, options) for card in result.cards) + render_footer(result, options)


def render_card(card: CardReport, options: RenderOptions) -> str:
    return "".join(
        f"{display_path(d.path)}:{d.line}:{d.column}: {d.code}{_fixable(d)} [{d.name}] {d.severity.label}: "
        f"{visible(d.message)}\n"
        for d in card.diagnostics
    )


def _fixable(diagnostic: Diagnostic) -> str:
    """`` [*]`` as in the text format: ``--fix`` repairs it."""
    fix = diagnostic.fix
    return " [*]" if fix is not None and fix.applicability is Applicability.SAFE else ""


def render_footer(result: RunResult, options: RenderOptions) -> str:
    """The closing line of the text format (as ruff's concise output ends with its count); none with -q."""
    return "" if options.quiet else closing_line(result.summary()) + "\n"
