"""The composite action, run as a runner runs it: action.yml's bash steps with GITHUB_ACTIONS,
GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and the pull-request event set, in a real git repository.

Most tests preset the install step's output to this interpreter (fast); one test runs the
install step too, offline: pip installs the action's checkout into a fresh virtual environment.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest
from github_helpers import ActionRunner, PullRequest, clean_env, copy_action, git
from github_helpers import validate_sarif as validate

from hfcarbon_lint import __version__

FastRunner = tuple[ActionRunner, dict[str, dict[str, str]]]


def annotations(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith("::")]


def test_pull_request_checks_only_the_changed_cards(fast_runner: FastRunner, pull_request: PullRequest) -> None:
    runner, preset = fast_runner
    run = runner.run({"sarif-file": "results/hfcarbon-lint.sarif"}, pull_request.env(), preset)
    step = run.step("run")
    assert step.returncode == 1, step.stderr  # an error finding, fail-on: error
    assert "checking 2 model cards changed in this pull request" in step.stdout
    found = annotations(step.stdout)
    assert any(
        line.startswith("::error file=models/needs-work/README.md,line=6,col=14,endLine=6,endColumn=22,title=HFC013")
        for line in found
    )
    assert {line.split("file=")[1].split(",")[0] for line in found} == {"models/needs-work/README.md"}
    # Untouched and deleted cards are not checked.
    assert "untouched" not in step.stdout and "removed" not in step.stdout
    assert "| models/clean/README.md | 3 Energy Awareness | 1,240.5 | 0 | 0 |" in step.summary
    assert "| models/needs-work/README.md | 2 Basic Energy Reporting | 1,200 | 1 | 2 |" in step.summary
    assert "untouched" not in step.summary
    assert run.outputs == {
        "errors": "1",
        "warnings": "2",
        "infos": "2",
        "cards": "2",
        "not-checked": "0",
        "lowest-class": "Basic Energy Reporting",
        "lowest-level": "2",
        "sarif-file": "results/hfcarbon-lint.sarif",
        "exit-code": "1",
    }
    sarif = json.loads((pull_request.workspace / "results" / "hfcarbon-lint.sarif").read_text(encoding="utf-8"))
    assert validate(sarif) == []
    assert {a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]} == {
        "models/clean/README.md",
        "models/needs-work/README.md",
    }


def test_fail_on_never_passes_with_errors(fast_runner: FastRunner, pull_request: PullRequest) -> None:
    runner, preset = fast_runner
    run = runner.run({"fail-on": "never"}, pull_request.env(), preset)
    assert not run.failed
    assert run.outputs["errors"] == "1" and run.outputs["exit-code"] == "0" and run.outputs["sarif-file"] == ""
    assert annotations(run.stdout)  # still annotated


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_fail_on_with_a_warning_only_card(
    fast_runner: FastRunner, pull_request: PullRequest, fail_on: str, code: int
) -> None:
    runner, preset = fast_runner
    run = runner.run({"paths": "models/legacy/README.md", "fail-on": fail_on}, pull_request.env(), preset)
    assert run.step("run").returncode == code
    assert run.outputs["warnings"] == "1" and run.outputs["errors"] == "0"
    assert run.outputs["exit-code"] == str(code)


def test_a_pull_request_without_card_changes_passes(
    fast_runner: FastRunner, pull_request: PullRequest, tmp_path: Path
) -> None:
    runner, preset = fast_runner
    head = git(pull_request.workspace, "rev-parse", "HEAD")
    event = tmp_path / "event-nothing.json"
    event.write_text(json.dumps({"pull_request": {"base": {"sha": head}}}), encoding="utf-8")
    env = {**pull_request.env(), "GITHUB_EVENT_PATH": str(event)}
    run = runner.run({"sarif-file": "out.sarif"}, env, preset)
    assert not run.failed
    assert "this pull request changes no model card" in run.stdout
    assert "No model card to check" in run.summary
    assert run.outputs["cards"] == "0" and run.outputs["lowest-class"] == "" and run.outputs["sarif-file"] == ""


def test_outside_a_pull_request_every_card_is_checked(fast_runner: FastRunner, pull_request: PullRequest) -> None:
    runner, preset = fast_runner
    run = runner.run({"fail-on": "never"}, {"GITHUB_EVENT_NAME": "push"}, preset)
    assert "checking every model card in the repository" in run.stdout
    assert run.outputs["cards"] == "4"  # clean, legacy, needs-work and untouched (removed is gone)
    assert "models/untouched/README.md" in run.summary


def test_paths_input_takes_globs_and_lists(fast_runner: FastRunner, pull_request: PullRequest) -> None:
    runner, preset = fast_runner
    run = runner.run(
        {"paths": "models/*/README.md\n  models/clean/README.md", "fail-on": "never"}, pull_request.env(), preset
    )
    assert run.outputs["cards"] == "4"  # the glob's four cards; the repeated path once
    glob_miss = runner.run({"paths": "nothing/**/README.md models/clean/README.md"}, {}, preset)
    assert "no file matches nothing/**/README.md" in glob_miss.stdout and glob_miss.outputs["cards"] == "1"


def test_min_class_and_args_reach_the_check(fast_runner: FastRunner, pull_request: PullRequest) -> None:
    runner, preset = fast_runner
    run = runner.run(
        {"paths": "models/legacy/README.md", "min-class": "Energy Awareness", "args": "--ignore HFC015"},
        {},
        preset,
    )
    titles = [line.split("title=")[1].split("::")[0] for line in annotations(run.stdout)]
    assert titles and all(title.startswith("HFC050") for title in titles)  # HFC015 ignored, HFC050 from min-class


def test_wrong_inputs_are_clear_errors(fast_runner: FastRunner, pull_request: PullRequest) -> None:
    runner, preset = fast_runner
    bad_fail_on = runner.run({"fail-on": "sometimes"}, pull_request.env(), preset)
    assert bad_fail_on.step("run").returncode == 2
    assert "::error title=hfcarbon-lint::fail-on must be error, warning or never, not 'sometimes'" in bad_fail_on.stdout
    assert bad_fail_on.outputs["exit-code"] == "2"
    bad_args = runner.run({"args": "--no-such-option"}, pull_request.env(), preset)
    assert bad_args.step("run").returncode == 2
    assert "--no-such-option" in bad_args.step("run").stderr
    assert "::error title=hfcarbon-lint::the check could not run (exit code 2)" in bad_args.stdout
    assert "Traceback" not in bad_args.step("run").stderr
    assert bad_args.outputs["exit-code"] == "2" and bad_args.outputs["cards"] == "0"
    missing = runner.run({"paths": "models/nope/README.md"}, {}, preset)
    assert missing.step("run").returncode == 2 and missing.outputs["not-checked"] == "1"
    assert (
        "::error title=hfcarbon-lint%3A not checked::models/nope/README.md: no such file or directory" in missing.stdout
    )


def test_shallow_checkout_fetches_the_base_commit(tmp_path: Path, pull_request: PullRequest) -> None:
    """actions/checkout fetches only the merge commit: the action fetches the base to diff against it."""
    origin = pull_request.workspace
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", "--no-local", origin.as_uri(), str(clone)],
        check=True,
        capture_output=True,
        timeout=60,
        env=clean_env(),
    )
    with pytest.raises(subprocess.CalledProcessError):
        git(clone, "cat-file", "-e", f"{pull_request.base}^{{commit}}")
    runner = ActionRunner(Path(__file__).resolve().parents[2], clone, tmp_path / "runner")
    run = runner.run({"fail-on": "never"}, pull_request.env(), {"install": {"python": sys.executable}})
    assert "checking 2 model cards changed in this pull request" in run.stdout, run.steps[-1].stderr
    assert run.outputs["cards"] == "2"


def test_install_step_and_run_step_as_a_runner(tmp_path: Path, pull_request: PullRequest) -> None:
    """Every step of action.yml: the install step builds a virtual environment and pip-installs the
    action's own checkout (offline: PIP_NO_INDEX, dependencies from the system site-packages)."""
    action = copy_action(tmp_path / "action")
    runner = ActionRunner(action, pull_request.workspace, tmp_path / "runner")
    offline = {"HFCARBON_LINT_VENV_ARGS": "--system-site-packages", "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"}
    # The action's environment is built by this interpreter, whose packages it borrows: the script's own
    # choice, the first `python3` on PATH, can be another version (a 3.13 venv run without activating it,
    # under a 3.11 `python3`), and a 3.11 interpreter cannot load 3.13's compiled packages (rpds, PyYAML's
    # libyaml binding): every card would end in HFC000 and exit 2.
    offline["HFCL_BASE_PYTHON"] = sys.executable
    # No PYTHONPATH to this checkout: the run step must use what the install step installed. When the tests
    # run inside a virtual environment (a user's `pip install -e '.[test]'`), --system-site-packages sees the
    # base interpreter's packages, not this environment's: name this environment's site-packages (hatchling,
    # click...) instead; a PYTHONPATH folder's .pth files are not run, so the editable checkout stays out of it.
    offline["PYTHONPATH"] = (
        os.pathsep.join(sorted(set(site.getsitepackages()))) if sys.prefix != sys.base_prefix else ""
    )
    run = runner.run({"sarif-file": "hfcarbon-lint.sarif"}, {**pull_request.env(), **offline})
    install = run.step("install")
    assert install.returncode == 0, install.stdout + install.stderr
    venv_python = install.outputs["python"]
    assert venv_python.startswith(str(tmp_path / "runner" / "runner-temp" / "hfcarbon-lint-venv"))
    assert f"with Python {sys.version.split()[0]}" in install.stdout  # the interpreter named above
    assert f"hfcarbon-lint {__version__}" in install.stdout.splitlines()
    step = run.step("run")
    assert step.returncode == 1, step.stderr
    assert any(line.startswith("::error file=models/needs-work/README.md,line=6,") for line in annotations(step.stdout))
    assert "| models/needs-work/README.md | 2 Basic Energy Reporting | 1,200 | 1 | 2 |" in step.summary
    assert run.outputs["errors"] == "1" and run.outputs["lowest-class"] == "Basic Energy Reporting"
    assert run.outputs["sarif-file"] == "hfcarbon-lint.sarif"
    assert validate(json.loads((pull_request.workspace / "hfcarbon-lint.sarif").read_text(encoding="utf-8"))) == []
    located = subprocess.run(
        [venv_python, "-c", "import hfcarbon_lint; print(hfcarbon_lint.__file__)"],
        capture_output=True, text=True, check=True, env=clean_env(PYTHONPATH=""), timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert "hfcarbon-lint-venv" in located.stdout  # installed, not this checkout
