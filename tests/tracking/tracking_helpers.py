"""Helpers for the track/fill tests: the real CLI as a real process, real child scripts, real files.

A uniquely named module (not conftest.py), so ``from tracking_helpers import ...`` never
clashes with another folder's helpers; the fixtures live in conftest.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
# Short integration interval: CodeCarbon samples power every second anyway.
FAST = ("--measure-power-secs", "1")


@dataclass
class Result:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", errors="replace")


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The test environment without any CODECARBON_* setting, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("CODECARBON_")}
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def hfcarbon(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = 120,
    stdout: Any = subprocess.PIPE,
    prelude: str = "",
) -> Result:
    """Run ``hfcarbon-lint ARGS`` as a real process; ``prelude`` runs first (e.g. hiding codecarbon)."""
    code = f"{prelude}\nimport sys\nfrom hfcarbon_lint.cli import main\nsys.exit(main(sys.argv[1:]))"
    completed = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env if env is not None else clean_env(),
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
    )
    out = completed.stdout if isinstance(completed.stdout, bytes) else b""
    return Result(completed.returncode, out, completed.stderr.decode("utf-8", errors="replace"))


def script(tmp_path: Path, name: str, body: str) -> Path:
    """A child program written to ``tmp_path/name``."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def check_json(*cards: Path, cwd: Path) -> dict[str, Any]:
    """The real ``hfcarbon-lint check --format json`` on cards (exit code in ``_exit``)."""
    result = hfcarbon("check", "--isolated", "--format", "json", *(str(c) for c in cards), cwd=cwd)
    document: dict[str, Any] = json.loads(result.out)
    document["_exit"] = result.code
    return document


def errors_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for card in document["cards"] for d in card["diagnostics"] if d["severity"] == "error"]


CPU_LOOP = """
    import sys, time
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < seconds:
        n += 1
    print(f"looped {n > 0}")
"""
