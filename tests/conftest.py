"""Shared test helpers: run the real CLI in-process or as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# ../shared (the 807-card corpus, CodeCarbon's tables) sits beside the maintainers' checkout, never beside a
# user's clone. HFCARBON_LINT_NO_SHARED=1 hides it, so CI proves the suite passes on a clone with nothing beside it.
SHARED = REPO.parent / "shared" if not os.environ.get("HFCARBON_LINT_NO_SHARED") else REPO / ".no-shared"
CORPUS = SHARED / "corpus" / "cards"
NO_CORPUS = "the shared corpus (../shared) is not beside this checkout"


def project_cards() -> list[Path]:
    """Every model card this repository carries (examples and test fixtures): what tests use without ../shared."""
    cards = [path for folder in ("examples", "tests") for path in (REPO / folder).rglob("*.md")]
    return sorted(path for path in cards if ".venv" not in path.parts)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_process(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = 120,
) -> Run:
    """Run ``python -m hfcarbon_lint`` as a real child process (the user's view)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR")}
    environment["PYTHONPATH"] = str(REPO) + os.pathsep + environment.get("PYTHONPATH", "")
    environment.update(env or {})
    completed = subprocess.run(
        [sys.executable, "-m", "hfcarbon_lint", *args],
        cwd=cwd or REPO,
        env=environment,
        input=stdin,
        capture_output=True,
        timeout=timeout,
    )
    return Run(
        completed.returncode, completed.stdout.decode("utf-8", "replace"), completed.stderr.decode("utf-8", "replace")
    )


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run ``hfcarbon_lint.cli.main`` in-process; returns Run. Environment is cleaned of CI/colour variables."""
    from hfcarbon_lint.cli import main

    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)

    def invoke(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return invoke


def write_card(folder: Path, front_matter: str | None, body: str = "", name: str = "README.md") -> Path:
    text = (f"---\n{front_matter}---\n" if front_matter is not None else "") + body
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
