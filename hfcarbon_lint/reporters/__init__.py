"""Output formats: one module per format, each with ``render(result, options) -> str``.

The registry maps a format name to its module so only the chosen one is imported.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.reporters.options import RenderOptions

__all__ = ["FORMATS", "RenderOptions", "Renderer", "StreamRenderer", "get_renderer", "get_stream_renderer"]


class Renderer(Protocol):
    def __call__(self, result: RunResult, options: RenderOptions) -> str: ...


class StreamRenderer(Protocol):
    """A format that can print each card as soon as it is checked (memory stays flat)."""

    def render_card(self, card: CardReport, options: RenderOptions) -> str: ...

    def render_footer(self, result: RunResult, options: RenderOptions) -> str: ...


FORMATS: dict[str, str] = {
    "text": "hfcarbon_lint.reporters.text",
    "concise": "hfcarbon_lint.reporters.concise",
    "json": "hfcarbon_lint.reporters.json_format",
    "github": "hfcarbon_lint.reporters.github",
    "sarif": "hfcarbon_lint.reporters.sarif",
    "junit": "hfcarbon_lint.reporters.junit",
}


def get_stream_renderer(name: str) -> StreamRenderer | None:
    module = importlib.import_module(FORMATS[name]) if name in FORMATS else None
    if module is None or not hasattr(module, "render_card") or not hasattr(module, "render_footer"):
        return None
    return module  # a module with both functions satisfies the protocol


def get_renderer(name: str) -> Renderer:
    try:
        module = importlib.import_module(FORMATS[name])
    except KeyError:
        raise ValueError(f"unknown output format {name!r} (choose from {', '.join(sorted(FORMATS))})") from None
    renderer: Renderer = module.render
    return renderer
