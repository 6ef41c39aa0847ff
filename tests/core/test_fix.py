"""--fix against golden before/after cards (review the .after files by eye when they change).

For every ``NAME.before.md`` in golden/fix: ``NAME.safe.md`` is the card after ``--fix`` and
``NAME.unsafe.md`` after ``--fix --unsafe-fixes`` (absent: the file must not change).
Set HFCARBON_UPDATE_GOLDEN=1 to rewrite them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from tests.conftest import run_process

GOLDEN = Path(__file__).parent / "golden" / "fix"
CASES = sorted(p.name.removesuffix(".before.md") for p in GOLDEN.glob("*.before.md"))


@pytest.mark.parametrize("mode", ["safe", "unsafe"])
@pytest.mark.parametrize("name", CASES)
def test_fix_matches_golden(name: str, mode: str, tmp_path: Path) -> None:
    before = GOLDEN / f"{name}.before.md"
    card = tmp_path / "README.md"
    shutil.copy(before, card)
    args = ["--fix", "--unsafe-fixes"] if mode == "unsafe" else ["--fix"]
    run = run_process(*args, "-q", str(card))
    assert "Traceback" not in run.err
    expected_path = GOLDEN / f"{name}.{mode}.md"
    if os.environ.get("HFCARBON_UPDATE_GOLDEN"):
        if card.read_bytes() != before.read_bytes():
            expected_path.write_bytes(card.read_bytes())
    expected = expected_path.read_bytes() if expected_path.exists() else before.read_bytes()
    assert card.read_bytes() == expected
    # the fixed card re-checks clean for every rule that had a fix of this kind
    fixed = lint_bytes("README.md", card.read_bytes(), LintSettings())
    leftover = [d.code for d in fixed.diagnostics if d.fix is not None and (mode == "unsafe" or d.fix.applicability.value == "safe")]
    assert leftover == []


def test_diff_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    shutil.copy(GOLDEN / "legacy-number.before.md", card)
    before = card.read_bytes()
    run = run_process("--diff", str(card))
    assert run.code == 1
    assert "-co2_eq_emissions: 42.5   # from AutoNLP\n+co2_eq_emissions:\n+  emissions: 42.5   # from AutoNLP\n" in run.out
    assert card.read_bytes() == before
    clean = tmp_path / "clean" / "README.md"
    clean.parent.mkdir()
    shutil.copy(GOLDEN / "clean.before.md", clean)
    assert run_process("--diff", str(clean)).code == 0


def test_fix_exit_codes(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    shutil.copy(GOLDEN / "legacy-number.before.md", card)
    assert run_process("--fix", "--exit-non-zero-on-fix", str(card)).code == 1  # changed: the fixer convention
    assert run_process("--fix", "--exit-non-zero-on-fix", str(card)).code == 0  # nothing left to change
    shutil.copy(GOLDEN / "crlf-unit-string.before.md", card)
    run = run_process("--fix", str(card))
    assert run.code == 1 and "HFC013" in run.out  # the unsafe finding remains, so the check still fails
    assert "Fixed 1 finding in" in run.err


def test_fix_keeps_file_mode(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    shutil.copy(GOLDEN / "legacy-number.before.md", card)
    card.chmod(0o640)
    run_process("--fix", str(card))
    assert card.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name != "README.md"]  # no temporary files left behind
