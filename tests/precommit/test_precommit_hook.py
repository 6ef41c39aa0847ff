"""The hooks under the real pre-commit framework: ``pre-commit try-repo`` against this checkout.

pre-commit builds its own virtualenv and pip-installs this repository into it, exactly
as a user's pre-commit would, then runs the hook on the files of a temporary git repo.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hfcarbon_lint import __version__
from tests.conftest import REPO

GOOD = """---
license: mit
co2_eq_emissions:
  emissions: 1240.5
  source: CodeCarbon
  training_type: fine-tuning
  geographical_location: Quebec, Canada
  hardware_used: 1 x NVIDIA A100
---
# good
"""
BAD = """---
license: mit
co2_eq_emissions:
  emissions: "1.2 kg"
---
# bad
"""
FIXABLE = """---
license: mit
co2_eq_emissions: 42.5
---
# fixable
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def source_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this checkout: try-repo needs a git repo it can clone."""
    snapshot = tmp_path_factory.mktemp("hfcarbon-lint-src")
    ignore = shutil.ignore_patterns(
        ".git", "__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache", ".ruff_cache", "*.egg-info", "build", "dist"
    )
    for name in ("hfcarbon_lint", "schemas"):
        shutil.copytree(REPO / name, snapshot / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, snapshot / name)
    _git(snapshot, "init", "-q")
    _git(snapshot, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    _git(snapshot, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "snapshot")
    return snapshot


@pytest.fixture
def model_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "model-repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    return repo


def _try_repo(source: Path, repo: Path, hook: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path.parent / "pre-commit-home")  # shared across tests in this session
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(source), hook, "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_good_card_passes_and_bad_card_fails_with_location(source_repo: Path, model_repo: Path, tmp_path: Path) -> None:
    (model_repo / "README.md").write_text(GOOD)
    (model_repo / "notes.md").write_text(BAD)  # not a model card: the hook's files pattern skips it
    _git(model_repo, "add", "-A")
    passed = _try_repo(source_repo, model_repo, "hfcarbon-lint", tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    sub = model_repo / "models" / "bad"
    sub.mkdir(parents=True)
    (sub / "README.md").write_text(BAD)
    _git(model_repo, "add", "-A")
    failed = _try_repo(source_repo, model_repo, "hfcarbon-lint", tmp_path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "models/bad/README.md:4:14: HFC013" in failed.stdout
    assert "notes.md" not in failed.stdout


def test_fix_hook_rewrites_and_fails_then_passes(source_repo: Path, model_repo: Path, tmp_path: Path) -> None:
    card = model_repo / "README.md"
    card.write_text(FIXABLE)
    _git(model_repo, "add", "-A")
    first = _try_repo(source_repo, model_repo, "hfcarbon-lint-fix", tmp_path)
    assert first.returncode == 1, first.stdout + first.stderr
    assert card.read_text() == FIXABLE.replace("co2_eq_emissions: 42.5", "co2_eq_emissions:\n  emissions: 42.5")
    _git(model_repo, "add", "-A")
    second = _try_repo(source_repo, model_repo, "hfcarbon-lint-fix", tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr


def _documented_snippet() -> str:
    """The first ```yaml block of docs/pre-commit.md: what a user copies."""
    text = (REPO / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    return text.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_documented_snippet_works_as_written_then_autoupdate_moves_to_the_newest_tag(
    source_repo: Path, model_repo: Path, tmp_path: Path
) -> None:
    """The docs' .pre-commit-config.yaml, with only the repository URL pointed at a local clone tagged as
    the release the snippet names."""
    upstream = tmp_path / "upstream"
    _git(tmp_path, "clone", "-q", str(source_repo), str(upstream))
    _git(upstream, "branch", "-M", "main")
    release = f"v{__version__}"
    _git(upstream, "-c", "user.name=t", "-c", "user.email=t@t", "tag", "-a", release, "-m", "release")
    snippet = _documented_snippet()
    url = "https://github.com/hfcarbon-lint/hfcarbon-lint"
    assert url in snippet and f"rev: {release} " in snippet
    config = model_repo / ".pre-commit-config.yaml"
    config.write_text(snippet.replace(url, str(upstream)), encoding="utf-8")
    (model_repo / "README.md").write_text(BAD)
    _git(model_repo, "add", "-A")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PRE_COMMIT_HOME"] = str(tmp_path.parent / "pre-commit-home")

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
            cwd=model_repo, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip

    first = pre_commit("run", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "README.md:4:14: HFC013" in first.stdout  # the hook ran from the release tag

    major, minor = (int(part) for part in __version__.split(".")[:2])
    newer = f"v{major}.{minor + 1}.0"
    _git(upstream, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "next")
    _git(upstream, "-c", "user.name=t", "-c", "user.email=t@t", "tag", "-a", newer, "-m", "release")
    updated = pre_commit("autoupdate")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    written = config.read_text(encoding="utf-8")
    assert f"rev: {newer} " in written and release not in written  # (running it again would only reinstall)
