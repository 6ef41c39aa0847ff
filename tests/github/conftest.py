"""Fixtures for the GitHub Actions tests (helpers live in github_helpers.py)."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from github_helpers import CARDS, REPO, ActionRunner, PullRequest, git


@pytest.fixture
def pull_request(tmp_path: Path) -> PullRequest:
    """Base: models/clean, models/legacy, models/untouched, models/removed. The PR edits models/clean,
    adds models/needs-work, deletes models/removed, and changes a non-card file."""
    workspace = tmp_path / "repo"
    workspace.mkdir()
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "config", "user.email", "ci@example.invalid")
    git(workspace, "config", "user.name", "CI")
    git(workspace, "config", "commit.gpgsign", "false")
    for name in ("clean", "legacy"):
        (workspace / "models" / name).mkdir(parents=True)
        shutil.copy2(CARDS / name / "README.md", workspace / "models" / name / "README.md")
    (workspace / "models" / "untouched").mkdir()
    shutil.copy2(CARDS / "needs-work" / "README.md", workspace / "models" / "untouched" / "README.md")
    (workspace / "models" / "removed").mkdir()
    shutil.copy2(CARDS / "needs-work" / "README.md", workspace / "models" / "removed" / "README.md")
    (workspace / "train.py").write_text("print('train')\n", encoding="utf-8")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "base")
    base = git(workspace, "rev-parse", "HEAD")
    with (workspace / "models" / "clean" / "README.md").open("a", encoding="utf-8") as card:
        card.write("\nMore details.\n")
    (workspace / "models" / "needs-work").mkdir()
    shutil.copy2(CARDS / "needs-work" / "README.md", workspace / "models" / "needs-work" / "README.md")
    (workspace / "models" / "removed" / "README.md").unlink()
    (workspace / "train.py").write_text("print('train more')\n", encoding="utf-8")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "pull request")
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps({"pull_request": {"number": 7, "base": {"ref": "main", "sha": base}}}), encoding="utf-8"
    )
    return PullRequest(workspace, base, event)


@pytest.fixture
def fast_runner(pull_request: PullRequest, tmp_path: Path) -> Iterator[tuple[ActionRunner, dict[str, dict[str, str]]]]:
    """The action from this checkout, with the install step's output preset to this interpreter."""
    runner = ActionRunner(REPO, pull_request.workspace, tmp_path / "runner")
    yield runner, {"install": {"python": sys.executable}}
