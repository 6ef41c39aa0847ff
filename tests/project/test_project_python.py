"""The Python versions the project claims agree everywhere they are written.

pyproject.toml's requires-python names the oldest; its classifiers list every version claimed; ruff
and mypy check the code as the oldest would run it; the tests workflow runs the suite on each
claimed version (newer ones may run too, allowed to fail); .ci/run runs it on the newest claimed
one; and every "Python 3.N+" a user reads (README, docs, the Action) names the oldest.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from tests.conftest import REPO

PYPROJECT: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
TESTS_WORKFLOW = REPO / ".github" / "workflows" / "tests.yml"


def version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")[:2]
    return int(major), int(minor)


def oldest() -> tuple[int, int]:
    found = re.fullmatch(r">=\s*(3\.\d+)", PYPROJECT["project"]["requires-python"])
    assert found, "requires-python should be a plain lower bound, >=3.N"
    return version(found[1])


def claimed() -> list[tuple[int, int]]:
    classifiers = PYPROJECT["project"]["classifiers"]
    versions = [
        version(c.rsplit(":: ", 1)[1])
        for c in classifiers
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert versions, "no 'Programming Language :: Python :: 3.N' classifier"
    return sorted(versions)


def test_the_classifiers_run_from_requires_python_without_a_gap() -> None:
    versions = claimed()
    assert versions[0] == oldest()
    assert versions == [(3, minor) for minor in range(versions[0][1], versions[-1][1] + 1)]
    assert "Programming Language :: Python :: 3 :: Only" in PYPROJECT["project"]["classifiers"]
    assert versions[-1] >= (3, 13)  # the floor for the newest tested version


def test_ruff_and_mypy_check_the_code_as_the_oldest_python() -> None:
    major, minor = oldest()
    assert PYPROJECT["tool"]["ruff"]["target-version"] == f"py{major}{minor}"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == f"{major}.{minor}"


def test_the_tests_workflow_runs_every_claimed_version_and_only_newer_ones_may_fail() -> None:
    workflow = yaml.safe_load(TESTS_WORKFLOW.read_text(encoding="utf-8"))
    job = workflow["jobs"]["tests"]
    matrix = job["strategy"]["matrix"]
    assert job["continue-on-error"] == "${{ matrix.experimental }}"
    assert job["strategy"]["fail-fast"] is False
    required = [version(v) for v in matrix["python-version"]]
    assert matrix["experimental"] == [False]
    assert sorted(required) == claimed()
    extra = [(version(row["python-version"]), row["experimental"]) for row in matrix.get("include", [])]
    for python, experimental in extra:
        assert experimental is True and python > claimed()[-1], (python, experimental)
    # Every row runs the suite the README gives a newcomer.
    runs = [step.get("run", "") for step in job["steps"]]
    assert "python -m pip install -e '.[test]'" in runs and "python -m pytest -n 2" in runs


def test_ci_runs_the_suite_on_the_newest_claimed_version_too() -> None:
    major, minor = claimed()[-1]
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"versions/{major}.{minor}*/bin/python{major}.{minor}" in script
    assert f"sys.version_info[:2] != ({major}, {minor})" in script
    assert f"ci: no Python {major}.{minor} here" in script  # it says why when it cannot


def test_every_python_floor_a_user_reads_is_the_oldest_claimed() -> None:
    major, minor = oldest()
    floors = {
        "README.md": [r"Python (3\.\d+)\+", r"Python (3\.\d+) or later"],
        "action.yml": [r"Python (3\.\d+)\+"],
        "docs/github-actions.md": [r"Python (3\.\d+)\+"],
        "scripts/action-install.sh": [r"no Python (3\.\d+) or newer", r"sys\.version_info < \((\d+, \d+)\)"],
    }
    for name, patterns in floors.items():
        text = (REPO / name).read_text(encoding="utf-8")
        for pattern in patterns:
            found = re.findall(pattern, text)
            assert found, f"{name}: no {pattern!r}"
            assert {version(v.replace(", ", ".")) for v in found} == {(major, minor)}, (name, found)
    documents = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    for path in documents:  # no page names another floor in words
        for found in re.findall(r"Python (3\.\d+)(?:\+| or later| or newer)", path.read_text(encoding="utf-8")):
            assert version(found) == (major, minor), (path, found)
