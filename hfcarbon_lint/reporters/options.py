"""What every format is told besides the results: a module of its own, because the registry in
``reporters/__init__`` loads the format modules by name and they must not import it back."""

from __future__ import annotations

from typing import NamedTuple


class RenderOptions(NamedTuple):
    color: bool = False
    quiet: bool = False  # only diagnostics, no per-card class lines or summary
    show_source: bool = True
