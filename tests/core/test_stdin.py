"""A card on standard input (PATH '-'): what a careless pipe gets."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO, run_process

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


def test_a_closed_stdin_is_a_one_line_error() -> None:
    """`hfcarbon-lint - <&-`: Python starts with sys.stdin None; that is the target's failure, not an internal error."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop("GITHUB_ACTIONS", None)
    completed = subprocess.run(
        [sys.executable, "-m", "hfcarbon_lint", "check", "-"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        preexec_fn=lambda: os.close(0),
        timeout=120,
    )
    assert completed.returncode == 2
    assert completed.stderr.decode() == "hfcarbon-lint: -: standard input is closed\n"
