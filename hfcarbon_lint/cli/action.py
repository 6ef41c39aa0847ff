"""The run step of the composite GitHub Action (``action.yml``): ``python -m hfcarbon_lint.cli.action``.

The action passes its inputs as environment variables (a composite action gets no
``INPUT_*`` variables of its own, so ``action.yml`` sets them):

    INPUT_PATHS      files, folders or globs, separated by spaces or new lines;
                     empty: the model cards a pull request changes, else every card below "."
    INPUT_ARGS       extra ``hfcarbon-lint check`` arguments (split like a POSIX shell)
    INPUT_MIN_CLASS  ``--min-class``
    INPUT_SARIF_FILE also write SARIF there
    INPUT_FAIL_ON    error (default) | warning | never

It runs ``hfcarbon-lint check --format github`` (annotations on stdout; the check itself
appends the step summary when ``GITHUB_STEP_SUMMARY`` is set), then writes the step
outputs ``errors``, ``warnings``, ``infos``, ``cards``, ``not-checked``, ``lowest-class``,
``lowest-level``, ``sarif-file`` and ``exit-code`` to ``GITHUB_OUTPUT``, and exits with
the check's exit code (``fail-on: never`` still fails when a card could not be checked).
"""

from __future__ import annotations

import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfcarbon_lint.base.escaping import for_log
from hfcarbon_lint.lint.discovery import CARD_NAME
from hfcarbon_lint.reporters.github import command

FAIL_ON_FLAGS: dict[str, tuple[str, ...]] = {"error": (), "warning": ("--strict",), "never": ("--exit-zero",)}
PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target", "pull_request_review", "merge_group"})
GIT_TIMEOUT = 120  # seconds, for the one fetch of the base commit


class ActionError(Exception):
    """A wrong input: reported as an error annotation, exit code 2."""


@dataclass(frozen=True)
class Inputs:
    paths: str = ""
    args: str = ""
    min_class: str = ""
    sarif_file: str = ""
    fail_on: str = "error"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Inputs:
        return cls(
            paths=env.get("INPUT_PATHS", ""),
            args=env.get("INPUT_ARGS", ""),
            min_class=env.get("INPUT_MIN_CLASS", "").strip(),
            sarif_file=env.get("INPUT_SARIF_FILE", "").strip(),
            fail_on=(env.get("INPUT_FAIL_ON", "") or "error").strip().lower(),
        )


def main(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    try:
        return run(Inputs.from_env(env), env)
    except ActionError as problem:
        print(command("error", str(problem), {"title": "hfcarbon-lint"}), flush=True)
        print(for_log(f"hfcarbon-lint: {problem}"), file=sys.stderr, flush=True)
        write_outputs(env, {"exit-code": "2"})
        return 2


def run(inputs: Inputs, env: Mapping[str, str]) -> int:
    if inputs.fail_on not in FAIL_ON_FLAGS:
        raise ActionError(f"fail-on must be error, warning or never, not {inputs.fail_on!r}")
    try:
        extra = shlex.split(inputs.args)
    except ValueError as exc:
        raise ActionError(f"cannot split args {inputs.args!r}: {exc}") from None
    targets, why = choose_targets(inputs.paths, env)
    print(for_log(f"hfcarbon-lint: {why}"), flush=True)
    if not targets:
        _append_summary(env, f"## hfcarbon-lint\n\nNo model card to check: {why}.\n\n")
        write_outputs(env, _outputs(None, inputs.sarif_file, 0, checked=False))
        return 0
    with tempfile.TemporaryDirectory(prefix="hfcarbon-lint-", dir=env.get("RUNNER_TEMP") or None) as scratch:
        report = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "hfcarbon_lint", "check", "--format", "github", "-o", f"json:{report}"]
        if inputs.sarif_file:
            command += ["-o", f"sarif:{inputs.sarif_file}"]
        if inputs.min_class:
            command += ["--min-class", inputs.min_class]
        command += [*FAIL_ON_FLAGS[inputs.fail_on], *extra, "--", *targets]
        print(for_log(f"hfcarbon-lint: running hfcarbon-lint {shlex.join(command[3:])}"), flush=True)
        code = subprocess.call(command, env=dict(env))
        document = _read_report(report)
    if document is None:
        print(f"::error title=hfcarbon-lint::the check could not run (exit code {code}); the log says why", flush=True)
    write_outputs(env, _outputs(document, inputs.sarif_file, code, checked=True))
    return code


def choose_targets(paths: str, env: Mapping[str, str]) -> tuple[list[str], str]:
    """What to check, and a sentence saying why."""
    patterns = paths.split()
    if patterns:
        targets = expand(patterns)
        return targets, f"checking {len(targets)} path{'s' if len(targets) != 1 else ''} from the paths input"
    changed = changed_cards(env)
    if changed is not None:
        if not changed:
            return [], "this pull request changes no model card"
        return (
            changed,
            f"checking {len(changed)} model card{'s' if len(changed) != 1 else ''} changed in this pull request",
        )
    return ["."], "checking every model card in the repository"


def expand(patterns: Sequence[str]) -> list[str]:
    """Glob patterns become the files they match (``**`` included); other words pass as given."""
    targets: list[str] = []
    for pattern in patterns:
        if any(char in pattern for char in "*?["):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                print(for_log(f"hfcarbon-lint: no file matches {pattern}"), flush=True)
            targets.extend(m for m in matches if m not in targets)
        elif pattern not in targets:
            targets.append(pattern)
    return targets


def changed_cards(env: Mapping[str, str]) -> list[str] | None:
    """The model cards a pull request adds or modifies, or None when this is not a pull request we can diff."""
    if env.get("GITHUB_EVENT_NAME", "") not in PULL_REQUEST_EVENTS:
        return None
    base = _base_commit(env)
    if base is None:
        return None
    if not _git(["cat-file", "-e", f"{base}^{{commit}}"]):
        # actions/checkout fetches one commit by default: fetch the base too (the diff needs only its tree).
        _git(["fetch", "--no-tags", "--depth=1", "origin", base])
    for spec in ([f"{base}...HEAD"], [base, "HEAD"]):  # merge base if history allows, else the two trees
        listing = _git_output(["diff", "--name-only", "--no-renames", "--diff-filter=d", "-z", *spec])
        if listing is not None:
            names = [name for name in listing.split("\0") if name]
            return [name for name in names if CARD_NAME.match(Path(name).name) and Path(name).is_file()]
    print("hfcarbon-lint: cannot diff against the base commit; checking every model card", flush=True)
    return None


def _base_commit(env: Mapping[str, str]) -> str | None:
    event_path = env.get("GITHUB_EVENT_PATH")
    if event_path:
        try:
            event = json.loads(Path(event_path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            event = {}
        sha = ((event.get("pull_request") or {}).get("base") or {}).get("sha") or (
            (event.get("merge_group") or {}).get("base_sha")
        )
        if isinstance(sha, str) and sha:
            return sha
    base_ref = env.get("GITHUB_BASE_REF")
    if base_ref and _git(["rev-parse", "--verify", "--quiet", f"origin/{base_ref}^{{commit}}"]):
        return f"origin/{base_ref}"
    return None


def _git(arguments: list[str]) -> bool:
    return _git_output(arguments) is not None


def _git_output(arguments: list[str]) -> str | None:
    try:
        done = subprocess.run(
            ["git", *arguments], capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False, encoding="utf-8"
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _read_report(path: Path) -> dict[str, Any] | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # the check stopped before writing it (a usage error): it said why on stderr
    return document if isinstance(document, dict) else None


def _outputs(document: dict[str, Any] | None, sarif_file: str, code: int, checked: bool) -> dict[str, str]:
    summary = (document or {}).get("summary") or {}
    cards = (document or {}).get("cards") or []
    classified = [card for card in cards if card.get("reporting_level") is not None]  # an unread card has none
    lowest = min(classified, key=lambda card: card["reporting_level"], default=None)
    sarif_written = bool(sarif_file) and checked and document is not None
    return {
        "errors": str(summary.get("errors", 0)),
        "warnings": str(summary.get("warnings", 0)),
        "infos": str(summary.get("infos", 0)),
        "cards": str(summary.get("cards", 0)),
        "not-checked": str(summary.get("not_checked", 0)),
        "lowest-class": lowest.get("reporting_class", "") if lowest else "",
        "lowest-level": str(lowest.get("reporting_level", "")) if lowest else "",
        "sarif-file": sarif_file if sarif_written else "",
        "exit-code": str(code),
    }


def write_outputs(env: Mapping[str, str], outputs: Mapping[str, str]) -> None:
    target = env.get("GITHUB_OUTPUT")
    lines = "".join(f"{name}={' '.join(str(value).split())}\n" for name, value in outputs.items())
    if not target:
        sys.stdout.write(lines)
        return
    with open(target, "a", encoding="utf-8", newline="\n") as stream:
        stream.write(lines)


def _append_summary(env: Mapping[str, str], text: str) -> None:
    target = env.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8", newline="\n") as stream:
            stream.write(text)


if __name__ == "__main__":
    raise SystemExit(main())
