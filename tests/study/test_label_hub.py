"""``hfcarbon-lint label org/model`` against a fake Hub on 127.0.0.1 (a real HTTP server, real client).

The fake Hub is the Hub component's test server (``tests/hub/fakehub.py``), loaded by path;
these tests are skipped when it is not there. Each run is a real child process whose
environment points at the fake Hub, so no request can reach the internet.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FAKEHUB = REPO / "tests" / "hub" / "fakehub.py"

CARD = """---
license: mit
datasets:
- imdb
co2_eq_emissions:
  emissions: 12.5
  hardware_used: 1 x T4
---
# demo
"""


def _fakehub() -> Any:
    if not FAKEHUB.is_file():
        pytest.skip("the Hub component's fake server is not available")
    spec = importlib.util.spec_from_file_location("study_tests_fakehub", FAKEHUB)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def hub() -> Iterator[Any]:
    with _fakehub().FakeHub() as fake:
        yield fake


def run(hub: Any, tmp_path: Path, *args: str, offline: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING", "HFCARBON", "GITHUB"))}
    env.update(
        PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
        HF_ENDPOINT=hub.url,
        HF_HOME=str(tmp_path / "hf-home"),
        HF_HUB_DISABLE_TELEMETRY="1",
        HFCARBON_LINT_HUB_RETRIES="0",
        HFCARBON_LINT_HUB_TIMEOUT="5",
    )
    if offline:
        env["HF_HUB_OFFLINE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "hfcarbon_lint", "label", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_label_of_a_hub_model_uses_hub_attributes(hub: Any, tmp_path: Path) -> None:
    # 1,000,000 F32 parameters = 4,000,000 bytes; imdb's usedStorage 84,125,825 bytes.
    hub.add_model("org/demo", CARD, downloads=120, safetensors={"parameters": {"F32": 1_000_000}, "total": 1_000_000})
    hub.add_dataset("imdb", used_storage=84_125_825)
    done = run(hub, tmp_path, "org/demo", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    attributes = {a["attribute"]: a for a in data["attributes"]}
    assert attributes["emissions"]["value"] == 12.5
    assert attributes["downloads"]["value"] == 120 and attributes["downloads"]["source"] == "Hub"
    assert attributes["size_efficiency"]["value"] == pytest.approx(4_000_000 / 12.5)
    assert attributes["size_efficiency"]["source"] == "Hub"
    assert attributes["datasets_size_efficiency"]["value"] == pytest.approx(84_125_825 / 12.5)
    assert data["label"] in "ABCDE"


def test_flags_override_the_hub(hub: Any, tmp_path: Path) -> None:
    hub.add_model("org/demo", CARD, downloads=120)
    done = run(hub, tmp_path, "org/demo", "--downloads", "5", "--format", "json")
    assert done.returncode == 0, done.stderr
    downloads = json.loads(done.stdout)["attributes"][3]
    assert downloads["value"] == 5 and downloads["source"] == "--downloads"


def test_missing_hub_model_is_a_one_line_error(hub: Any, tmp_path: Path) -> None:
    done = run(hub, tmp_path, "org/missing")
    assert done.returncode == 2
    assert done.stderr.startswith("hfcarbon-lint: org/missing: ") and done.stderr.count("\n") == 1, done.stderr
