"""A card on standard input (PATH '-'): what a careless pipe gets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, Run, run_process

CARD = b'---\nco2_eq_emissions:\n  emissions: "1.2 kg"\n  training_type: pretraining\n---\n'


def test_fix_and_diff_on_stdin_say_that_nothing_is_fixed() -> None:
    """`cat README.md | hfcarbon-lint --fix -` has no file to write back: it says so instead of
    reporting '1 fixable with --fix' as if --fix had not been given."""
    note = "hfcarbon-lint: note: -: standard input is checked, not fixed (--fix and --diff change files)\n"
    fixed = run_process("check", "--fix", "-", stdin=CARD)
    assert fixed.code == 1 and "HFC013" in fixed.out and fixed.err == note
    diffed = run_process("check", "--diff", "-", stdin=CARD)
    assert diffed.out == "" and note in diffed.err
    plain = run_process("check", "-", stdin=CARD)
    assert plain.code == 1 and plain.err == ""


def test_stdin_named_twice_is_a_usage_error() -> None:
    """`check - -` once read stdin twice and reported an empty second card (HFC010)."""
    run = run_process("check", "-", "-", stdin=CARD)
    assert run.code == 2 and run.out == ""
    assert "Error: standard input ('-') can be named only once" in run.err and "HFC010" not in run.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "-"), "hfcarbon-lint: -: standard input is closed"),
        (("label", "-"), "hfcarbon-lint: -: standard input is closed"),
        (("audit", "--from-file", "-"), "Error: Invalid value for --from-file: -: standard input is closed"),
    ],
)
def test_a_closed_stdin_is_a_one_line_error(args: tuple[str, ...], message: str) -> None:
    """`hfcarbon-lint - <&-`: Python starts with sys.stdin None; that is a one-line error, not an internal one."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "HF_ENDPOINT": "http://127.0.0.1:9"}
    environment.pop("GITHUB_ACTIONS", None)
    completed = subprocess.run(
        [sys.executable, "-m", "hfcarbon_lint", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        preexec_fn=lambda: os.close(0),
        timeout=120,
    )
    assert completed.returncode == 2
    assert completed.stderr.decode().splitlines()[-1] == message


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_audit_from_file_is_read_bounded(source: str) -> None:
    """`audit --from-file /dev/zero` (or `- < /dev/zero`) ends at once, before any request."""
    if source == "file":
        run = run_process("audit", "--from-file", "/dev/zero", timeout=60)
    else:
        with open("/dev/zero", "rb") as zero:
            environment = {**os.environ, "PYTHONPATH": str(REPO)}
            completed = subprocess.run(
                [sys.executable, "-m", "hfcarbon_lint", "audit", "--from-file", "-"],
                cwd=REPO,
                env=environment,
                stdin=zero,
                capture_output=True,
                timeout=60,
            )
        run = Run(completed.returncode, completed.stdout.decode(), completed.stderr.decode())
    assert run.code == 2
    assert run.err.splitlines()[-1].endswith("larger than 10,485,760 bytes; not a list of authors and repo ids")
