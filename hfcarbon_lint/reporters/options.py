"""What every format is told besides the results: a module of its own, because the registry in
``reporters/__init__`` loads the format modules by name and they must not import it back."""

from __future__ import annotations

from hfcarbon_lint.base.records import Record


class RenderOptions(Record):
    __slots__ = ("color", "quiet", "show_source")

    def __init__(self, color: bool = False, quiet: bool = False, show_source: bool = True) -> None:
        self.color = color
        self.quiet = quiet  # only diagnostics, no per-card class lines or summary
        self.show_source = show_source
