"""The local check stays light: no Hub client, CodeCarbon, HTTP client or numeric stack is imported."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

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
    run = subprocess.run([sys.executable, "-c", PROBE.replace("sys.argv[0]", repr(",".join(HEAVY))), *args],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    line = next(line for line in run.stdout.splitlines() if line.startswith("HEAVY="))
    return [name for name in line.removeprefix("HEAVY=").split(",") if name]


def test_check_of_a_valid_card_imports_nothing_heavy() -> None:
    assert _loaded("check", "examples/model-card/README.md") == []


def test_check_of_a_broken_card_and_fix_import_nothing_heavy() -> None:
    assert _loaded("check", "--diff", "--unsafe-fixes", "examples/needs-work/README.md") == []


def test_rule_docs_import_nothing_heavy() -> None:
    assert _loaded("rule", "--all") == []


# What a check of a valid card (the pre-commit hook's usual run) never loads: each costs
# milliseconds of start-up, which is most of such a run (README, "Speed of the local check").
# A value that fails the schema loads jsonschema, and with it some of these, for its messages.
START_UP = (
    "click", "typing", "dataclasses", "inspect", "pathlib", "decimal", "concurrent", "multiprocessing", "pickle",
    "tomllib",  # a pyproject.toml that does not name hfcarbon-lint is not even parsed
)

START_UP_PROBE = """
import sys
before = set(sys.modules)  # what the interpreter and its site hooks load anyway
from hfcarbon_lint.cli import main
code = main(sys.argv[2:])
loaded = {name.split('.')[0] for name in set(sys.modules) - before}
print('LOADED=' + ','.join(sorted(loaded & set(sys.argv[1].split(',')))))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--isolated", "examples/model-card/README.md"],
        ["examples/model-card/README.md", "--format", "concise"],
        ["-q", "--format", "json", "--select", "HFC0", "examples/model-card"],
        ["--format", "github", "examples/model-card/README.md"],
        ["--format", "sarif", "examples/model-card/README.md"],
        ["--format", "junit", "examples/model-card/README.md"],
    ],
    ids=" ".join,
)
def test_a_check_loads_none_of_the_start_up_costs(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "a-model"\n[tool.ruff]\nline-length = 100\n')
    shutil.copytree(REPO / "examples" / "model-card", tmp_path / "examples" / "model-card")
    # Without site (-S): a sitecustomize or .pth hook of this machine may load typing before we start.
    path = os.pathsep.join([str(REPO), *site.getsitepackages(), site.getusersitepackages()])
    run = subprocess.run([sys.executable, "-S", "-c", START_UP_PROBE, ",".join(START_UP), *args],
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": path}, capture_output=True, text=True,
                         timeout=60)
    line = next(line for line in run.stdout.splitlines() if line.startswith("LOADED="))
    assert line == "LOADED=", run.stderr
