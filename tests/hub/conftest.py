"""Fixtures for the Hub tests: a fake Hub on 127.0.0.1 and an environment pointing at it.

hfcarbon-lint reads ``HF_ENDPOINT``/``HF_HOME`` at call time and passes ``endpoint=``/``cache_dir=``
explicitly, so in-process tests only set environment variables. The few subprocess tests get the
same variables. No huggingface_hub function is monkeypatched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# The fake Hub and the fixture cards are plain modules next to this file; under --import-mode=importlib
# test folders are not put on sys.path, so put this one there (the module names are unique).
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from fakehub import FakeHub  # noqa: E402

# Read by huggingface_hub at import: set before anything imports it (telemetry off: no agent-registry request).
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
if "huggingface_hub" not in sys.modules:
    os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="hfcarbon-hub-tests-"))

@dataclass
class Proc:
    code: int
    out: str
    err: str


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with FakeHub(page_size=100) as fake:
        yield fake


@pytest.fixture
def hub_env(hub: FakeHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """Point hfcarbon-lint at the fake Hub with a fresh cache, no token, fast failures."""
    env = {
        "HF_ENDPOINT": hub.url,
        "HF_HOME": str(tmp_path / "hf-home"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HFCARBON_LINT_HUB_RETRIES": "0",
        "HFCARBON_LINT_HUB_TIMEOUT": "2",
    }
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE",
                 "HF_TOKEN_PATH", "HF_HUB_ETAG_TIMEOUT", "HF_HUB_DOWNLOAD_TIMEOUT", "HF_HUB_VERBOSITY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def run_process(*args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 90) -> Proc:
    """``python -m hfcarbon_lint ...`` as a real child process with ``env`` on top of a clean environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING", "HFCARBON", "GITHUB"))}
    base["PYTHONPATH"] = str(REPO) + os.pathsep + base.get("PYTHONPATH", "")
    base.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "hfcarbon_lint", *args], cwd=cwd or REPO, env=base, capture_output=True, timeout=timeout
    )
    return Proc(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


@pytest.fixture
def proc(hub_env: dict[str, str]):  # type: ignore[no-untyped-def]
    def invoke(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Proc:
        return run_process(*args, env={**hub_env, **(env or {})}, cwd=cwd)

    return invoke
