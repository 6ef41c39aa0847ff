"""The local check stays light: no Hub client, CodeCarbon, HTTP client or numeric stack is imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

HEAVY = ("huggingface_hub", "codecarbon", "httpx", "httpx2", "httpcore", "requests", "urllib3", "numpy", "scipy",
         "statsmodels", "matplotlib", "pandas", "pycountry", "tqdm")

PROBE = """
import sys
from hfcarbon_lint.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split('.')[0] for name in sys.modules} & set(sys.argv[0].split(',')))
print('HEAVY=' + ','.join(heavy))
"""


def _loaded(*args: str) -> list[str]:
    return _loaded_with(",".join(HEAVY), *args)


def _loaded_with(names: str, *args: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", PROBE.replace("sys.argv[0]", repr(names)), *args],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    line = next(line for line in run.stdout.splitlines() if line.startswith("HEAVY="))
    return [name for name in line.removeprefix("HEAVY=").split(",") if name]


def test_check_of_a_valid_card_imports_nothing_heavy() -> None:
    assert _loaded("check", "examples/model-card/README.md") == []


def test_check_of_a_broken_card_and_fix_import_nothing_heavy() -> None:
    assert _loaded("check", "--diff", "--unsafe-fixes", "examples/needs-work/README.md") == []


def test_rule_docs_import_nothing_heavy() -> None:
    assert _loaded("rule", "--all") == []


def test_a_valid_card_is_answered_without_jsonschema() -> None:
    # The schema's quick pre-check answers "valid" first: jsonschema's import is most of a one-card run.
    assert "jsonschema" not in _loaded_with("jsonschema", "check", "examples/model-card/README.md")


START_UP_PROBE = """
import sys
from hfcarbon_lint.cli import main
main(sys.argv[1:])
from hfcarbon_lint.grid.tables import energy_mix
print('TRACK_FLAGS_LOADED=' + str('hfcarbon_lint.grid.track_flags' in sys.modules))
print('NATIONAL_TABLE_READ=' + str(energy_mix.cache_info().currsize))
"""


def test_a_check_pays_only_for_what_the_card_needs() -> None:
    # One card's start-up is the budget (1.25x yamllint): track's location flags live apart, and
    # CodeCarbon's 129 KB national table is read only when a card's region has no figure of its own
    # (Virginia has one).
    run = subprocess.run([sys.executable, "-c", START_UP_PROBE, "check", "--isolated", "examples/model-card/README.md"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "TRACK_FLAGS_LOADED=False\n" in run.stdout, run.stdout
    assert "NATIONAL_TABLE_READ=0\n" in run.stdout, run.stdout


EXIT_PROBE = """
import gc, importlib, sys, tomllib
target = tomllib.load(open('pyproject.toml', 'rb'))['project']['scripts']['hfcarbon-lint']
module, _, function = target.partition(':')
code = getattr(importlib.import_module(module), function)()
print(f'CODE={code} FROZEN={gc.get_freeze_count()} LEFT={len(gc.get_objects())}')
"""


def test_the_console_script_leaves_what_exit_frees_out_of_the_shutdown_collections() -> None:
    # CPython's shutdown runs full collections over everything the run built (a fifth of a one-card
    # check's wall time on our VM): the console script's function freezes it once main has returned.
    run = subprocess.run([sys.executable, "-c", EXIT_PROBE, "check", "--isolated", "examples/model-card/README.md"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    fields = dict(item.split("=") for item in run.stdout.splitlines()[-1].split())
    assert fields["CODE"] == "0", run.stdout + run.stderr
    assert int(fields["FROZEN"]) > 10_000  # the modules, classes, patterns and tables of a check
    assert int(fields["LEFT"]) < 100  # nothing the run built is left for the collector


def test_a_process_run_through_the_entry_point_loses_no_output(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-m", "hfcarbon_lint", "check", "--isolated",
                          "--output-file", f"json:{report}", "examples/needs-work/README.md", "examples/model-card/README.md"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    cards = json.loads(report.read_text(encoding="utf-8"))["cards"]
    assert [Path(card["path"]).parent.name for card in cards] == ["needs-work", "model-card"]
    assert cards[0]["diagnostics"]
    assert run.stdout.splitlines()[-1].startswith("Found 1 error, 2 warnings, 2 info"), run.stdout
