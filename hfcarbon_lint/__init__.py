"""hfcarbon-lint: lint the carbon-emissions metadata of Hugging Face model cards."""

from __future__ import annotations

from hfcarbon_lint.base.version import __version__

__all__ = ["__version__"]
