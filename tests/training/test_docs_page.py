"""The page "Report from your training code" shows the code the tests run: every Python line of it is in an example."""

from __future__ import annotations

import json
import re

from training_helpers import EXAMPLES

from tests.conftest import REPO

PAGE = REPO / "docs" / "training.md"


def example_lines() -> set[str]:
    lines: set[str] = set()
    for path in EXAMPLES.glob("*.py"):
        lines.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    notebook = json.loads((EXAMPLES / "notebook.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            lines.update(line.strip() for line in "".join(cell["source"]).splitlines())
    return lines


def test_every_python_line_of_the_page_is_in_an_example_the_tests_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 4  # notebook, script, Trainer, callback
    known = example_lines()
    missing = [line for block in blocks for line in block.splitlines() if line.strip() and line.strip() not in known]
    assert missing == []


def test_the_page_is_in_the_site_nav() -> None:
    assert "training.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
