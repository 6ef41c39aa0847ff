"""Card-level behaviour of HFC060-HFC063 on fixture cards (cards/fail, cards/pass) and golden fixes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from tests.conftest import CORPUS, REPO, Run, run_process, write_card
from tests.plausibility.conftest import CARDS, GOLDEN, plausibility_findings

# file -> every HFC06x finding it must produce, as (code, line, column) of the value
FAIL = {
    "count-unknown.md": [("HFC063", 7, 18)],
    "energy-key-kg.md": [("HFC062", 4, 14)],
    "floor.md": [("HFC062", 4, 14)],
    "hardware-body-only.md": [("HFC061", 8, 22), ("HFC060", 9, 23)],
    "hardware-vague.md": [("HFC061", 7, 18)],
    "hours-in-hardware.md": [("HFC062", 4, 14)],
    "hours-template-line.md": [("HFC062", 4, 14)],
    "kg-revision-energy.md": [("HFC062", 6, 14)],
    "location-unresolvable.md": [("HFC060", 6, 26)],
    "too-large.md": [("HFC062", 3, 14)],
}
# file -> words the message must contain (the evidence and the x1000 value)
MESSAGES = {
    "kg-revision-energy.md": ["15.5 kWh", "body line 17", "Germany", "kilograms written as grams? 5.6 kg is 5600 g"],
    "energy-key-kg.md": ["energy_consumed", "world-average grid (475 g/kWh)", "0.0067 kg is 6.7 g"],
    "floor.md": ["5 seconds", "NVIDIA P100 (250 W)", "Denmark", "0.0334 kg is 33.4 g"],
    "hours-in-hardware.md": ["1.5 h (hardware_used)", "'NA' gives no country", "0.21 kg is 210 g"],
    "hours-template-line.md": ["3 h (body line 15, Hours used)", "8 x NVIDIA V100", "us-central1", "0.5 kg is 500 g"],
    "too-large.md": ["times more than", "2 x A100 SXM4 at 800 W", "5,000 g would fit"],
    "location-unresolvable.md": ["'my laptop'", "City, Country"],
    "hardware-vague.md": ["'NVIDIA GPU'", "names no known CPU, GPU or TPU model"],
    "hardware-body-only.md": ["the body's Hardware Type 'Google Colab'", "the body's Compute Region 'Narnia'"],
    "count-unknown.md": ["'A100 GPUs' does not say how many NVIDIA A100"],
}
PASS = sorted(p.name for p in (CARDS / "pass").glob("*.md"))


def test_every_fail_card_has_an_expectation() -> None:
    assert sorted(p.name for p in (CARDS / "fail").glob("*.md")) == sorted(FAIL)


@pytest.mark.parametrize("name", sorted(FAIL))
def test_fail_card(name: str) -> None:
    found = plausibility_findings(CARDS / "fail" / name)
    assert sorted((d.code, d.line, d.column) for d in found) == sorted(FAIL[name])
    text = " | ".join(d.message for d in found)
    for words in MESSAGES[name]:
        assert words in text


@pytest.mark.parametrize("name", PASS)
def test_correct_corpus_like_card_is_silent(name: str) -> None:
    assert plausibility_findings(CARDS / "pass" / name) == []


def test_severities_and_fixability() -> None:
    by_code = {d.code: d for name in FAIL for d in plausibility_findings(CARDS / "fail" / name)}
    assert {code: d.severity.label for code, d in sorted(by_code.items())} == {
        "HFC060": "info",
        "HFC061": "info",
        "HFC062": "warning",
        "HFC063": "info",
    }


def test_too_large_and_string_figures_get_no_fix(tmp_path: Path) -> None:
    [large] = plausibility_findings(CARDS / "fail" / "too-large.md")
    assert large.fix is None
    card = write_card(
        tmp_path,
        "co2_eq_emissions:\n  emissions: '0.21 in grams of CO2'\n  geographical_location: NA\n"
        "  hardware_used: P100 for about 1.5 hours\n",
    )
    [finding] = plausibility_findings(card)
    assert finding.code == "HFC062" and finding.fix is None  # HFC013 owns the string's fix


def test_hours_inside_a_code_fence_are_not_read(tmp_path: Path) -> None:
    front = "co2_eq_emissions:\n  emissions: 1\n  geographical_location: Germany\n  hardware_used: 1 x A100\n"
    fenced = write_card(tmp_path, front, "# card\n\n```yaml\nTraining time: 1000 hours\n```\n", name="fenced.md")
    assert plausibility_findings(fenced) == []
    plain = write_card(tmp_path, front, "# card\n\n- Training time: 1000 hours\n", name="plain.md")
    assert [d.code for d in plausibility_findings(plain)] == ["HFC062"]


@pytest.mark.parametrize(("grams", "fires"), [(1.9, False), (1.6, False), (1.5, True), (1.35, True)])
def test_threshold_is_300_times_below_the_estimate(tmp_path: Path, grams: float, fires: bool) -> None:
    # 1 kWh on the world-average grid (475 g/kWh): 475/300 = 1.58 g is the limit.
    card = write_card(tmp_path, f"co2_eq_emissions:\n  emissions: {grams}\n  energy_consumed: 1.0\n")
    assert [d.code for d in plausibility_findings(card)] == (["HFC062"] if fires else [])


def test_kg_pair_from_one_history(tmp_path: Path) -> None:
    """The same card before and after its author multiplied the figure by 1000."""
    body = "- **Total Energy Consumption:** 3.51 kWh\n"
    front = "co2_eq_emissions:\n  emissions: {}\n  geographical_location: Singapore\n  hardware_used: NVIDIA A100-SXM4-40GB\n"
    before = write_card(tmp_path, front.format("1.71"), body, name="before.md")
    after = write_card(tmp_path, front.format("1710"), body, name="after.md")
    assert [d.code for d in plausibility_findings(before)] == ["HFC062"]
    assert plausibility_findings(after) == []


GOLDEN_CASES = sorted(p.name.removesuffix(".before.md") for p in GOLDEN.glob("*.before.md"))


@pytest.mark.parametrize("name", GOLDEN_CASES)
def test_unsafe_fix_matches_golden_and_rechecks_clean(name: str, tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    shutil.copy(GOLDEN / f"{name}.before.md", card)
    safe = run_process("check", "--isolated", "--select", "HFC062", "--fix", "-q", str(card))
    assert "Traceback" not in safe.err
    assert card.read_bytes() == (GOLDEN / f"{name}.before.md").read_bytes()  # the fix is unsafe: --fix alone skips it
    diff = run_process("check", "--isolated", "--select", "HFC062", "--diff", "--unsafe-fixes", str(card))
    assert diff.code == 1 and "+  emissions:" in diff.out
    assert card.read_bytes() == (GOLDEN / f"{name}.before.md").read_bytes()  # --diff writes nothing
    run = run_process("check", "--isolated", "--select", "HFC062", "--fix", "--unsafe-fixes", "-q", str(card))
    assert "Traceback" not in run.err
    expected = GOLDEN / f"{name}.after.md"
    if os.environ.get("HFCARBON_UPDATE_GOLDEN"):
        expected.write_bytes(card.read_bytes())
    assert card.read_bytes() == expected.read_bytes()
    rechecked = lint_bytes("README.md", card.read_bytes(), LintSettings())
    assert "HFC062" not in [d.code for d in rechecked.diagnostics]


def test_rule_documentation(cli) -> None:  # type: ignore[no-untyped-def]
    shown: Run = cli("rule", "implausible-emissions")
    assert shown.code == 0
    assert shown.out.startswith("# HFC062 implausible-emissions")
    assert "Fix: unsafe." in shown.out and "Fail (a kg revision" in shown.out and "Pass (the corrected" in shown.out
    listing: Run = cli("rule", "--all")
    for heading in ("HFC060 unresolvable-location", "HFC061 unrecognised-hardware", "HFC063 unknown-device-count"):
        assert f"# {heading}" in listing.out


def _without_optional(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child where pycountry and CodeCarbon cannot be imported."""
    code = (
        "import sys\n"
        "sys.modules['pycountry'] = None\n"
        "sys.modules['codecarbon'] = None\n"
        "from hfcarbon_lint.cli import main\n"
        f"raise SystemExit(main({list(args)!r}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def test_degrades_gracefully_without_pycountry_and_codecarbon() -> None:
    fail = CARDS / "fail"
    done = _without_optional(
        "check", "--isolated", "-q", "--select", "HFC06", str(fail / "location-unresolvable.md"),
        str(fail / "kg-revision-energy.md"), str(fail / "floor.md"),
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    assert done.returncode == 0  # warnings and infos only
    assert "HFC060" not in done.stdout  # without ISO data a city cannot be told from nonsense
    assert "kg-revision-energy.md:6:14: HFC062" in done.stdout
    assert "world-average grid (475 g/kWh" in done.stdout
    assert "floor.md" not in done.stdout  # the floor needs a resolved grid


def test_optional_packages_are_never_imported() -> None:
    code = (
        "import sys\n"
        "import hfcarbon_lint.cli, hfcarbon_lint.lint.engine, hfcarbon_lint.rules\n"
        "print('pycountry' in sys.modules, 'codecarbon' in sys.modules)\n"
        "from hfcarbon_lint.lint.engine import LintSettings, lint_file\n"
        f"lint_file({str(CARDS / 'pass' / 'city-region-country.md')!r}, LintSettings())\n"
        "print('pycountry' in sys.modules, 'codecarbon' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    # pycountry's databases and CodeCarbon's tables are read as files: neither package is ever imported
    assert done.stdout.split("\n")[:2] == ["False False", "False False"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")
def test_corpus_benchmark_has_no_false_positive() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "corpus_plausibility.py"), str(CORPUS.parent)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "false positives on correct cards: 0" in done.stdout
    assert "kg revisions caught: 6/7" in done.stdout
    assert "| HFC062 | 0/573 |" in done.stdout  # no AutoTrain card has the context to be judged


def test_long_values_are_cut_and_do_not_crash(tmp_path: Path) -> None:
    front = (
        f"co2_eq_emissions:\n  emissions: 1\n  hardware_used: '{'apple ' * 50000}'\n"
        f"  geographical_location: '{'east-' * 50000}'\n"
    )
    card = write_card(tmp_path, front, "- Training time:" + " " * 100000 + "x\n" + "a: b\n" * 20000)
    found = plausibility_findings(card)
    assert sorted(d.code for d in found) == ["HFC060", "HFC061"]
    assert all(len(d.message) < 400 for d in found)
