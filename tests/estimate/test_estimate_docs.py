"""docs/estimate.md's console examples are what the command prints (regenerate the page when they change)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import REPO, run_process

PAGE = (REPO / "docs" / "estimate.md").read_text(encoding="utf-8")


def console_examples() -> list[tuple[list[str], list[str]]]:
    examples = []
    for block in re.findall(r"```console\n(.*?)```", PAGE, re.DOTALL):
        command: list[str] | None = None
        output: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ hfcarbon-lint "):
                if command is not None:
                    examples.append((command, output))
                command, output = shlex.split(line[len("$ hfcarbon-lint ") :]), []
            else:
                output.append(line)
        if command is not None:
            examples.append((command, output))
    return examples


def test_the_pages_examples_are_true(tmp_path: Path) -> None:
    examples = console_examples()
    assert len(examples) == 4
    (tmp_path / "my-model").mkdir()
    card = tmp_path / "my-model" / "README.md"
    card.write_text("---\nlicense: mit\n---\n\n# My model\n", encoding="utf-8")
    for command, output in examples:
        run = run_process(*command, cwd=tmp_path)
        printed = run.out.splitlines() + run.err.splitlines()
        assert printed == output, f"docs/estimate.md is stale for {command}:\n" + "\n".join(printed)
    written = card.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(co2_eq_emissions:.*?)```", PAGE, re.DOTALL)
    assert block is not None and block.group(1) in written
