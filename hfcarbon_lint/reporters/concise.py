"""One line per diagnostic, nothing else: for grep, editors and problem matchers."""

from __future__ import annotations

from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.escaping import display_path, visible
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.reporters import RenderOptions


def render(result: RunResult, options: RenderOptions) -> str:
    return "".join(render_card(card, options) for card in result.cards)


def render_card(card: CardReport, options: RenderOptions) -> str:
    return "".join(
        f"{display_path(d.path)}:{d.line}:{d.column}: {d.code} [{d.name}] {d.severity.label}: {visible(d.message)}\n"
        for d in card.diagnostics
    )


def render_footer(result: RunResult, options: RenderOptions) -> str:
    return ""
