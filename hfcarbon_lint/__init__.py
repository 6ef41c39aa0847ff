"""hfcarbon-lint: lint the carbon-emissions metadata of Hugging Face model cards.

``hfcarbon_lint.track_card`` (measure a block of code into a card) is loaded on first
use: ``import hfcarbon_lint`` imports nothing more than its version, so the command line and a local
check start as fast as before.
"""

from __future__ import annotations

from hfcarbon_lint.base.version import __version__

TYPE_CHECKING = False  # not typing's: importing typing would be the package's first import
if TYPE_CHECKING:
    from typing import Any

    from hfcarbon_lint.tracking.api import TrackingRefused, TrackResult, track_card

__all__ = ["TrackResult", "TrackingRefused", "__version__", "track_card"]

_LAZY = {
    "track_card": "hfcarbon_lint.tracking.api",
    "TrackResult": "hfcarbon_lint.tracking.api",
    "TrackingRefused": "hfcarbon_lint.tracking.api",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hfcarbon_lint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
