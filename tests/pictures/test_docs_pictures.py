"""The docs' label image, badges and example pages are what the commands make today (scripts/update_pictures.py)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO


def test_the_docs_pictures_are_current() -> None:
    pytest.importorskip(
        "statsmodels", reason="the example study page needs the study extra (numpy, scipy, statsmodels)"
    )
    from scripts.update_pictures import SCREENSHOTS, generated_files

    stale = [
        name for name, content in generated_files().items() if (REPO / name).read_text(encoding="utf-8") != content
    ]
    assert stale == [], "run: python3 scripts/update_pictures.py (and look at the screenshots it takes)"
    for png in SCREENSHOTS:
        assert (REPO / png).read_bytes().startswith(b"\x89PNG"), png
