"""One headless Chromium for the browser tests; they skip with the reason when it cannot run here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.chromium import Chromium, missing


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    with Chromium() as chromium:
        yield chromium
