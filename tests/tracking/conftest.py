"""Fixtures for the track/fill tests (helpers are in tracking_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tracking_helpers import CPU_LOOP, script


@pytest.fixture
def cpu_loop(tmp_path: Path) -> Path:
    return script(tmp_path, "loop.py", CPU_LOOP)


@pytest.fixture
def card(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_bytes(b"---\nlicense: mit  # chosen by the authors\ntags:\n- text-classification\n---\n\n# My model\n")
    return path
