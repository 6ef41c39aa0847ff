"""A card that was not read is not classified (issue 19, item 4), in every output format.

HFC006 (too large) and HFC005 (unreadable bytes) stop the reading; such a card has no
reporting class, though its front matter may state a figure and a GPU: "reporting class 0"
would say it does not report, which nobody knows. The summaries count it apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hfcarbon_lint.lint.engine import NOT_CLASSIFIED, LintSettings, internal_error_report, lint_bytes
from tests.conftest import run_process

# The card: its front matter states 7.5 g and a T4, and it is too large to be read.
STATES_A_FIGURE = b"---\nco2_eq_emissions:\n  emissions: 7.5\n  hardware_used: 1 x NVIDIA T4\n---\n"
TOO_LARGE = STATES_A_FIGURE + b"x" * 2000 + b"\n"
UNREADABLE = STATES_A_FIGURE.decode().encode("utf-16")
SMALL_LIMIT = {"HFCARBON_LINT_MAX_CARD_BYTES": "1000"}


@pytest.mark.parametrize(("raw", "code"), [(TOO_LARGE, "HFC006"), (UNREADABLE, "HFC005")])
def test_an_unread_card_has_no_class(raw: bytes, code: str) -> None:
    report = lint_bytes("README.md", raw, LintSettings(max_card_size=1000))
    assert [d.code for d in report.diagnostics] == [code]
    assert report.reporting_class is None
    assert report.class_phrase == NOT_CLASSIFIED
    read = lint_bytes("README.md", STATES_A_FIGURE, LintSettings(max_card_size=1000))
    assert read.reporting_class is not None and read.reporting_class.level == 3  # the same card, read


def test_a_card_whose_check_failed_has_no_class() -> None:
    assert internal_error_report("README.md", RuntimeError("boom")).reporting_class is None


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """A folder with one readable card (class 3), one too large and one unreadable."""
    for name, raw in (("read", STATES_A_FIGURE), ("large", TOO_LARGE), ("utf16", UNREADABLE)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_bytes(raw)
    return tmp_path


def test_text_and_concise(cards: Path) -> None:
    for fmt in ("text", "concise"):
        run = run_process("check", "-f", fmt, ".", cwd=cards, env=SMALL_LIMIT)
        assert run.code == 1, run.err
        assert "Unknown Energy Efficiency" not in run.out and "reporting class 0" not in run.out
        assert "2 not read (no reporting class)" in run.out
    text = run_process("check", "-f", "text", ".", cwd=cards, env=SMALL_LIMIT).out
    assert "large/README.md: no reporting class (the card was not read)" in text
    assert "utf16/README.md: no reporting class (the card was not read)" in text
    assert "read/README.md: reporting class 3 Energy Awareness, 7.5 g CO2eq" in text


def test_json(cards: Path) -> None:
    document = json.loads(run_process("check", "-f", "json", ".", cwd=cards, env=SMALL_LIMIT).out)
    by_target = {Path(card["target"]).parent.name: card for card in document["cards"]}
    for name in ("large", "utf16"):
        assert by_target[name]["reporting_class"] is None and by_target[name]["reporting_level"] is None
    assert by_target["read"]["reporting_level"] == 3
    summary = document["summary"]
    assert summary["not_classified"] == 2
    assert sum(summary["by_class"].values()) == 1 and summary["by_class"]["Energy Awareness"] == 1


def test_sarif(cards: Path) -> None:
    document = json.loads(run_process("check", "-f", "sarif", ".", cwd=cards, env=SMALL_LIMIT).out)
    artifacts = {Path(a["location"]["uri"]).parent.name: a["properties"] for a in document["runs"][0]["artifacts"]}
    assert artifacts["large"]["reportingClass"] is None and artifacts["utf16"]["reportingLevel"] is None
    assert artifacts["read"]["reportingLevel"] == 3


def test_junit(cards: Path) -> None:
    out = run_process("check", "-f", "junit", ".", cwd=cards, env=SMALL_LIMIT).out
    assert out.count("<system-out>no reporting class (the card was not read)</system-out>") == 2
    assert "Unknown Energy Efficiency" not in out


def test_github_and_step_summary(cards: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    env = {**SMALL_LIMIT, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    out = run_process("check", "-f", "github", ".", cwd=cards, env=env).out
    assert "large/README.md: no reporting class (the card was not read)" in out
    assert "2 not read (no reporting class)" in out
    table = summary.read_text(encoding="utf-8")
    assert table.count("| — (not read) |") == 2
    assert "Lowest reporting class: 3 Energy Awareness; 2 not read, so not classified." in table
    assert "Unknown Energy Efficiency" not in table
