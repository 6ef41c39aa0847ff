"""The step summary: appended to $GITHUB_STEP_SUMMARY, Markdown-safe, and never past GitHub's 1 MiB."""

from __future__ import annotations

from pathlib import Path

from github_helpers import CARDS, run_cli

from hfcarbon_lint.lint.engine import CardReport, LintSettings, lint_bytes
from hfcarbon_lint.lint.results import RunResult
from hfcarbon_lint.reporters.step_summary import SUMMARY_LIMIT, append_step_summary, escape, grams, markdown

NEEDS_WORK = (CARDS / "needs-work" / "README.md").read_bytes()


def result_of(count: int, name: str = "models/card-{i:05d}/README.md") -> RunResult:
    """``count`` copies of the needs-work card's report under different names (linted once)."""
    report = lint_bytes(name.format(i=0), NEEDS_WORK, LintSettings())
    result = RunResult()
    for i in range(count):
        path = name.format(i=i)
        diagnostics = [d._replace(path=path) for d in report.diagnostics]
        result.cards.append(CardReport(path, path, diagnostics, report.reporting_class, report.facts))
    return result


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and not line.startswith(("| Card", "| ---"))]


def test_rows_per_card_with_class_grams_errors_warnings() -> None:
    text = markdown(result_of(2))
    assert table_rows(text) == [
        "| models/card-00000/README.md | 2 Basic Energy Reporting | 1,200 | 1 | 2 |",
        "| models/card-00001/README.md | 2 Basic Energy Reporting | 1,200 | 1 | 2 |",
    ]


def test_cells_cannot_break_the_table_or_inject_markup() -> None:
    text = markdown(result_of(1, "a|b <img src=x> *x* [l](u)\nz/README.md"))
    row = table_rows(text)[0]
    assert row.startswith("| a\\|b \\<img src=x\\> \\*x\\* \\[l\\]\\(u\\) z/README.md |")
    assert row.count(" | ") == 4  # five cells, no more
    assert escape("co2_eq_emissions") == "co2\\_eq\\_emissions"


def test_grams_are_readable() -> None:
    assert [grams(v) for v in (1240.5, 1200.0, 1_500_000.0, 0.00042, None, float("nan"))] == [
        "1,240.5",
        "1,200",
        "1,500,000",
        "0.00042",
        "—",
        "—",
    ]


def test_cut_to_the_budget_at_a_row_boundary() -> None:
    result = result_of(200)
    full = markdown(result)
    assert len(table_rows(full)) == 200 and "more cards not shown" not in full
    small = markdown(result, budget=6000)
    assert len(small.encode("utf-8")) <= 6000
    shown = len(table_rows(small))
    assert 0 < shown < 200
    assert f"… {200 - shown} more cards not shown: the step summary is capped at 1 MiB." in small
    assert "<details>" not in small  # the finding list did not fit either


def test_finding_list_is_cut_before_the_table_is(tmp_path: Path) -> None:
    result = result_of(30)
    text = markdown(result, budget=12_000)
    assert len(table_rows(text)) == 30
    assert "more (see the job log)" in text and text.rstrip().endswith("</details>")
    assert len(text.encode("utf-8")) <= 12_000


def test_append_respects_what_the_step_already_wrote(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_bytes(b"x" * (SUMMARY_LIMIT - 3000))
    append_step_summary(result_of(100), summary)
    size = summary.stat().st_size
    assert SUMMARY_LIMIT - 3000 < size <= SUMMARY_LIMIT
    assert "more cards not shown" in summary.read_text(encoding="utf-8")


def test_a_full_summary_file_gets_nothing_more(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_bytes(b"x" * SUMMARY_LIMIT)
    append_step_summary(result_of(3), summary)
    assert summary.stat().st_size == SUMMARY_LIMIT


def test_real_one_mebibyte_cap_with_many_cards(tmp_path: Path) -> None:
    result = result_of(3000, "models/" + "deep-folder/" * 20 + "card-{i:05d}/README.md")
    summary = tmp_path / "summary.md"
    append_step_summary(result, summary)
    data = summary.read_bytes()
    assert len(data) <= SUMMARY_LIMIT
    assert len(data) > SUMMARY_LIMIT - 64 * 1024  # it used the room, not a tiny fraction
    data.decode("utf-8")  # never cut inside a character


def test_cli_writes_no_summary_without_the_variable(tmp_path: Path) -> None:
    done = run_cli("check", "--isolated", "clean", cwd=CARDS)
    assert done.returncode == 0 and list(tmp_path.iterdir()) == []


def test_unwritable_summary_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    done = run_cli("check", "--isolated", "clean", cwd=CARDS, GITHUB_STEP_SUMMARY=str(tmp_path))  # a folder
    assert done.returncode == 0
    assert done.stderr.startswith("hfcarbon-lint: warning: cannot write the step summary")
    assert "Traceback" not in done.stderr


def test_streamed_cards_are_counted_even_if_not_listed() -> None:
    """A run that streamed its cards to the log (runner.collect with a sink) keeps only counts."""
    from hfcarbon_lint.app.check import CheckOptions, collect

    options = CheckOptions(targets=(str(CARDS / "needs-work"), str(CARDS / "clean")))
    result = collect(options, sink=lambda card: None)
    text = markdown(result)
    assert "2 cards checked: 1 error, 2 warnings" in text
    assert "2 more cards checked but not kept for this table." in text
