"""One line per diagnostic, nothing else: for grep, editors and problem matchers."""

from __future__ import annotations

from hfcarbon_lint.reporters import RenderOptions
from hfcarbon_lint.results import RunResult


def render(result: RunResult, options: RenderOptions) -> str:
    lines = [
        f"{d.path}:{d.line}:{d.column}: {d.code} [{d.name}] {d.severity.label}: {d.message}" for d in result.diagnostics
    ]
    return "\n".join(lines) + ("\n" if lines else "")
