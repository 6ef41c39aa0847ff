"""The README documents what exists (pre-commit-hooks' readme_test), and CI runs what it promises."""

from __future__ import annotations

import subprocess
import sys

import yaml

from hfcarbon_lint.cli.rule import rules_table_markdown
from hfcarbon_lint.rules import RULES
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
# The README is the landing page; the reference lives in the docs site (docs/, built by MkDocs).
DOCS = "\n".join(page.read_text(encoding="utf-8") for page in sorted((REPO / "docs").rglob("*.md")))
EVERYWHERE = README + "\n" + DOCS
RULES_INDEX = (REPO / "docs" / "rules" / "index.md").read_text(encoding="utf-8")


def test_every_rule_code_and_name_is_documented() -> None:
    missing = [f"{r.code} {r.name}" for r in RULES if r.code not in RULES_INDEX or f"`{r.name}`" not in RULES_INDEX]
    assert missing == []


def test_rule_table_is_generated_from_the_registry() -> None:
    assert rules_table_markdown() in RULES_INDEX, "run: python3 scripts/update_readme.py"


def test_rule_pages_are_generated_from_the_registry() -> None:
    from scripts.update_readme import rule_pages

    pages = REPO / "docs" / "rules"
    wanted = rule_pages()
    assert sorted(p.name for p in pages.glob("HFC*.md")) == sorted(wanted), "run: python3 scripts/update_readme.py"
    for name, content in wanted.items():
        assert (pages / name).read_text(encoding="utf-8") == content, name


def test_every_hook_id_is_documented() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} == {"hfcarbon-lint", "hfcarbon-lint-fix"}
    for hook in hooks:
        assert f"`{hook['id']}`" in EVERYWHERE


def test_readme_starts_with_the_two_setup_commands() -> None:
    def command(which: str) -> str:
        out = subprocess.run(
            [sys.executable, "scripts/readme_commands.py", which], cwd=REPO, capture_output=True, text=True, check=True
        )
        return out.stdout.strip()

    install, test = command("install"), command("test")
    assert install.startswith("python3 -m pip install .") and "examples/" in install
    assert "'.[test]'" in test and "pytest" in test
    example = install.split("hfcarbon-lint ", 1)[1].split()[0]
    assert (REPO / example).is_file()


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    assert "scripts/readme_commands.py test" in ci
    assert "README" in ci


def test_the_readme_shows_the_real_output_of_its_examples() -> None:
    from tests.conftest import run_process

    for card in ("examples/needs-work/README.md", "examples/model-card/README.md"):
        output = run_process(card, "--color", "never").out
        assert output in EVERYWHERE, f"the docs' output for {card} is stale:\n{output}"
    diff = run_process("--diff", "--unsafe-fixes", "examples/needs-work/README.md").out
    assert diff.split("\n \n")[0] in EVERYWHERE
