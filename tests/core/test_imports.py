"""The local check stays light: no Hub client, CodeCarbon, HTTP client or numeric stack is imported."""

from __future__ import annotations

import subprocess
import sys

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
