"""Helpers for the training tests: a real Trainer, a real Jupyter kernel, the fake Hub.

A uniquely named module (not conftest.py: tests/tracking has one, and both are imported by name).

torch, transformers, accelerate, nbclient and ipykernel come from the ``train-test`` extra
(``pip install -e '.[test,train-test]' torch==2.13.0``, as ``.ci/run`` does); where one is
absent the tests that need it skip and say which.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "training"
HUB_TESTS = REPO / "tests" / "hub"
if str(HUB_TESTS) not in sys.path:  # the fake Hub is a plain module beside the hub tests
    sys.path.insert(0, str(HUB_TESTS))
if str(EXAMPLES) not in sys.path:  # the examples' tiny model (tiny.py)
    sys.path.insert(0, str(EXAMPLES))

INSTALL = "pip install -e '.[train-test]' torch==2.13.0"


def missing(*modules: str) -> str | None:
    absent = [name for name in modules if importlib.util.find_spec(name) is None]
    return f"{', '.join(absent)} not installed ({INSTALL})" if absent else None


def needs(*modules: str) -> pytest.MarkDecorator:
    reason = missing(*modules)
    return pytest.mark.skipif(reason is not None, reason=reason or "")


TRAINER = needs("torch", "transformers", "accelerate", "codecarbon")


def child_env(**extra: str) -> dict[str, str]:
    """The environment of an example run as a real process: this checkout and the examples importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING", "HFCARBON", "CODECARBON"))}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(EXAMPLES), env.get("PYTHONPATH", "")])
    env["HF_HUB_DISABLE_TELEMETRY"] = "1"
    env["HF_HUB_OFFLINE"] = "0"
    env.update(extra)
    return env


def run_example(name: str, *args: str, cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
