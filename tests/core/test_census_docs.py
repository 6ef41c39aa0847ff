"""The census page's figures are the report in examples/census (tests/hub/test_census_dump.py makes it again)."""

from __future__ import annotations

from tests.conftest import REPO


def test_the_census_figures_in_the_docs_are_the_reports() -> None:
    page = (REPO / "docs" / "census.md").read_text(encoding="utf-8")
    report = (REPO / "examples" / "census" / "report.md").read_text(encoding="utf-8")
    block = page.split("<!-- census-figures:start -->")[1].split("<!-- census-figures:end -->")[0]
    quoted = [line for line in block.splitlines() if line.startswith(("|", "AutoTrain", "Pooled", "- **"))]
    assert len(quoted) >= 20
    assert [line for line in quoted if line not in report.splitlines()] == []
    assert "synthetic dump" in page and "not the Hub" in page  # said plainly
