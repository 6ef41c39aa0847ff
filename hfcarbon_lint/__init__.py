"""hfcarbon-lint: lint the carbon-emissions metadata of Hugging Face model cards."""

from __future__ import annotations

__version__ = "0.1.0"
