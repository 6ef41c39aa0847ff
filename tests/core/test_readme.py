"""The README documents what exists (pre-commit-hooks' readme_test), and CI runs what it promises."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
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


def test_the_site_nav_lists_the_rule_pages_in_code_order() -> None:
    from scripts.update_readme import render_nav

    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "# rules-nav:start" in config and "# rules-nav:end" in config
    assert render_nav(config) == config, "run: python3 scripts/update_readme.py"


def test_every_hook_id_is_documented() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} == {"hfcarbon-lint", "hfcarbon-lint-fix"}
    for hook in hooks:
        assert f"`{hook['id']}`" in EVERYWHERE


def test_the_readme_stays_a_landing_page() -> None:
    # The reference lives in docs/ (issue 12): a README a newcomer reads in five minutes.
    assert len(README.splitlines()) <= 250, "move the detail to a docs/ page and link it"


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


# Every ```console example that runs `hfcarbon-lint` on files shipped in this repository is run
# again and must print exactly what the page shows (and exit as `$ echo $?` says, when it says).
# Examples against the Hub, a user's own files or with elided output ("...") are not runnable here;
# the Hub ones are real runs against tests/hub/fakehub.py, whose tests pin the same messages.
PAGES = {"README.md": README} | {
    page.relative_to(REPO).as_posix(): page.read_text(encoding="utf-8")
    for page in sorted((REPO / "docs").rglob("*.md"))
}
OUTPUT_OPTIONS = {"-o", "--output-file", "--export", "--labels", "--plots", "--svg", "--html", "--svg-dir"}


class ConsoleExample(NamedTuple):
    page: str
    env: dict[str, str]
    args: list[str]
    output: str
    exit_code: int | None


def console_examples() -> list[ConsoleExample]:
    found = []
    for page, text in PAGES.items():
        for block in re.findall(r"^```console\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
            steps: list[list[str]] = []
            for line in block.splitlines():
                if line.startswith("$ "):
                    steps.append([line[2:]])
                elif steps:
                    steps[-1].append(line)
            for index, (command, *output) in enumerate(steps):
                if command == "echo $?":
                    continue
                following = steps[index + 1][0] if index + 1 < len(steps) else ""
                expected_exit = int(steps[index + 1][1]) if following == "echo $?" else None
                example = runnable(page, command, "\n".join(output), expected_exit)
                if example is not None:
                    found.append(example)
    return found


def runnable(page: str, command: str, output: str, exit_code: int | None) -> ConsoleExample | None:
    if "#" in command or any(mark in output for mark in ("...", "…")) or re.search(r"[|<>;&`]", command):
        return None
    words = shlex.split(command)
    env = {}
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    if not words or words[0] != "hfcarbon-lint":
        return None
    args = words[1:]
    inputs = [
        arg
        for position, arg in enumerate(args)
        if not arg.startswith("-") and (position == 0 or args[position - 1] not in OUTPUT_OPTIONS)
    ]
    paths = [arg for arg in inputs if "/" in arg or arg.endswith((".md", ".csv", ".jsonl"))]
    if not paths or not all((REPO / path).exists() and path.startswith("examples/") for path in paths):
        return None  # the Hub, or a user's own files
    return ConsoleExample(page, env, args, output + "\n", exit_code)


CONSOLE_EXAMPLES = console_examples()


def test_the_console_examples_that_run_offline_are_found() -> None:
    # The examples the README promises are among them, so a parser change cannot silently check nothing.
    pages = {(e.page, " ".join(e.args)) for e in CONSOLE_EXAMPLES}
    assert ("README.md", "examples/needs-work/README.md") in pages
    assert ("README.md", "--diff --unsafe-fixes examples/needs-work/README.md") in pages
    assert ("docs/github-actions.md", "check examples/ -o sarif:results/cards.sarif") in pages
    assert len(CONSOLE_EXAMPLES) >= 6


@pytest.mark.parametrize(
    "example", CONSOLE_EXAMPLES, ids=[f"{e.page}:{' '.join(e.args)[:60]}" for e in CONSOLE_EXAMPLES]
)
def test_console_example_shows_the_real_output(example: ConsoleExample, tmp_path: Path) -> None:
    from tests.conftest import run_process

    shutil.copytree(REPO / "examples", tmp_path / "examples")  # commands that write, write here
    env = {"GITHUB_WORKSPACE": str(tmp_path), "GITHUB_STEP_SUMMARY": "", **example.env}
    run = run_process(*example.args, cwd=tmp_path, env=env, timeout=300)
    assert run.out + run.err == example.output, f"{example.page}: the output of `{' '.join(example.args)}` is stale"
    if example.exit_code is not None:
        assert run.code == example.exit_code


def test_the_study_report_in_examples_is_the_real_report(tmp_path: Path) -> None:
    pytest.importorskip("statsmodels", reason="study needs the study extra (numpy, scipy, statsmodels)")
    from tests.conftest import run_process

    study = REPO / "examples" / "study"
    run = run_process("study", "synthetic-export.csv", "--output", str(tmp_path / "report.md"), cwd=study, timeout=300)
    assert run.code == 0, run.err
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == (study / "report.md").read_text(encoding="utf-8")
