"""The repository's own .pre-commit-config.yaml under the real pre-commit framework, offline.

Its hooks are `repo: local` hooks with `language: system` (the config says why), so pre-commit
installs nothing and needs no network. The tests run it on a copy of this checkout's files in a
temporary git repository (the checkout itself is never touched, nor stashed): the repository passes
its own hooks, and each hook fails on a fault planted for it and passes once the fault is gone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# The environment running the tests holds ruff and mypy (the test extra): its bin folder first.
BIN = str(Path(sys.executable).parent)
PATH = BIN + os.pathsep + os.environ.get("PATH", "")
pytestmark = [
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout: no tracked files to copy"),
    pytest.mark.skipif(
        shutil.which("ruff", path=PATH) is None or shutil.which("mypy", path=PATH) is None,
        reason="ruff and mypy are not installed (pip install -e '.[test]')",
    ),
]

PLANTED = "hfcarbon_lint/planted_fault.py"
FAULTY_MODULE = 'import os\n\n\ndef answer() -> int:\n    return   "42"\n'
CLEAN_MODULE = '"""A planted module."""\n\n\ndef answer() -> int:\n    return 42\n'
FAULTY_CARD = '---\nco2_eq_emissions:\n  emissions: "1.2 kg"\n---\n# planted\n'


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=120)
    return done.stdout


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout's tracked and new (not ignored) files, committed in a fresh repository."""
    copy = tmp_path_factory.mktemp("own-hooks") / "repo"
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():  # a file deleted but not yet staged is still listed
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy")
    return copy


def pre_commit(repo: Path, *args: str, skip: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PRE_COMMIT_HOME")}
    env.update(
        PATH=PATH,
        PRE_COMMIT_HOME=str(repo.parent / "pre-commit-home"),
        SKIP=skip,
        NO_COLOR="1",
        PYTHONPATH="",  # the hooks import the copy's package, from its root
    )
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args, "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def hook_results(output: str) -> dict[str, str]:
    """'ruff check.....Passed' lines -> {'ruff check': 'Passed'}."""
    results = {}
    for line in output.splitlines():
        for word in ("Passed", "Failed", "Skipped"):
            if line.endswith(word) and "..." in line:
                results[line.split("...", 1)[0].rstrip(".")] = word
    return results


def test_the_config_has_the_issues_hooks_and_installs_nothing() -> None:
    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert [hook["id"] for hook in hooks] == ["ruff", "ruff-format", "mypy", "hfcarbon-lint"]
    assert {hook["language"] for hook in hooks} == {"system"}
    ours = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert hooks[-1]["entry"] == "python -m " + ours["entry"].replace("hfcarbon-lint", "hfcarbon_lint", 1)


def test_the_repository_passes_its_own_hooks(checkout: Path) -> None:
    # mypy over the whole package is CI's lint job (a minute of CPU from a cold cache); here it runs on
    # the planted module below, which proves the hook works.
    done = pre_commit(checkout, "--all-files", skip="mypy")
    assert done.returncode == 0, done.stdout + done.stderr
    assert hook_results(done.stdout) == {
        "ruff check": "Passed",
        "ruff format (the package)": "Passed",
        "mypy (strict)": "Skipped",
        "hfcarbon-lint (the example cards)": "Passed",
    }, done.stdout


def test_each_hook_fails_on_its_fault_and_passes_without_it(checkout: Path) -> None:
    module, card = checkout / PLANTED, checkout / "examples" / "planted" / "README.md"
    card.parent.mkdir()
    module.write_text(FAULTY_MODULE, encoding="utf-8")
    card.write_text(FAULTY_CARD, encoding="utf-8")
    try:
        failed = pre_commit(checkout, "--files", PLANTED, "examples/planted/README.md")
        assert failed.returncode == 1, failed.stdout + failed.stderr
        assert set(hook_results(failed.stdout).values()) == {"Failed"}, failed.stdout
        assert "F401" in failed.stdout  # `os` imported but unused
        assert "1 file would be reformatted" in failed.stdout
        assert f'{PLANTED}:5: error: Incompatible return value type (got "str", expected "int")' in failed.stdout
        assert "examples/planted/README.md:3:14: HFC013" in failed.stdout
        assert module.read_text(encoding="utf-8") == FAULTY_MODULE  # the hooks check, they never rewrite

        module.write_text(CLEAN_MODULE, encoding="utf-8")
        card.write_text(FAULTY_CARD.replace('"1.2 kg"', "1200"), encoding="utf-8")
        passed = pre_commit(checkout, "--files", PLANTED, "examples/planted/README.md")
        assert passed.returncode == 0, passed.stdout + passed.stderr
        assert set(hook_results(passed.stdout).values()) == {"Passed"}, passed.stdout
    finally:
        module.unlink()
        shutil.rmtree(card.parent)
