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
    leftover = [
        d.code
        for d in fixed.diagnostics
        if d.fix is not None and (mode == "unsafe" or d.fix.applicability.value == "safe")
    ]
    assert leftover == []


def test_diff_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    shutil.copy(GOLDEN / "legacy-number.before.md", card)
    before = card.read_bytes()
    run = run_process("--diff", str(card))
    assert run.code == 1
    assert (
        "-co2_eq_emissions: 42.5   # from AutoNLP\n+co2_eq_emissions:\n+  emissions: 42.5   # from AutoNLP\n" in run.out
    )
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
    card.write_text('---\nco2_eq_emissions:\n  emissions: "28.53 in grams of CO2"\n  source: x\n---\n')
    run = run_process("--fix", str(card))
    assert run.code == 1 and "HFC013" in run.out  # words around the number: unsafe, so it remains and fails
    assert "Fixed" not in run.err


def test_fix_keeps_file_mode(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    shutil.copy(GOLDEN / "legacy-number.before.md", card)
    card.chmod(0o640)
    run_process("--fix", str(card))
    assert card.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name != "README.md"]  # no temporary files left behind


@pytest.mark.parametrize(
    ("written", "grams", "applicability"),
    [
        ("17g", "17", "safe"),
        ("1.2 kg", "1200", "safe"),
        ("0.5 t", "500000", "safe"),
        ("0.319355 Kg", "319.355", "safe"),
        ("3 kg CO2eq", "3000", "safe"),
        ("250 mg", "0.25", "safe"),
        ("1,2 kg", "1200", "unsafe"),  # a decimal comma or a thousands separator: read, not known
        ("~3 kg", "3000", "unsafe"),
        ("2 tons", "2000000", "unsafe"),  # short or metric tons
        ("5 lbs", "2267.96185", "unsafe"),
        ("28.53 in grams of CO2", "28.53", "unsafe"),
    ],
)
def test_a_unit_string_is_a_safe_fix_only_when_number_and_metric_unit_are_all_it_says(
    written: str, grams: str, applicability: str
) -> None:
    card = f'---\nco2_eq_emissions:\n  emissions: "{written}"\n---\n'.encode()
    finding = next(d for d in lint_bytes("README.md", card, LintSettings()).diagnostics if d.code == "HFC013")
    assert finding.fix is not None
    assert (finding.fix.edits[0].replacement, finding.fix.applicability.value) == (grams, applicability)


@pytest.mark.parametrize(
    ("entries", "applicability"),
    [
        ("  geographic_location: Germany\n", "safe"),
        ("  Hardware-Used: A100\n", "safe"),
        ("  geographic_location: Germany\n  geographical_locaton: Berlin\n", None),  # two names, one key: a guess
    ],
)
def test_a_misspelt_key_is_renamed_safely_only_when_the_rename_is_certain(
    entries: str, applicability: str | None
) -> None:
    card = f"---\nco2_eq_emissions:\n  emissions: 3\n{entries}---\n".encode()
    findings = [d for d in lint_bytes("README.md", card, LintSettings()).diagnostics if d.code == "HFC031"]
    kinds = {d.fix.applicability.value for d in findings if d.fix is not None}
    assert kinds == ({applicability} if applicability else {"unsafe"})
