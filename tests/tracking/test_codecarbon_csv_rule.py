"""HFC045 codecarbon-csv-mismatch: the linter engine on real files, and the real ``check`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from csv_samples import HEADER_1X, HEADER_3X, ROW_1X, ROW_3X, csv_text
from tracking_helpers import check_json, hfcarbon

from hfcarbon_lint.lint.engine import LintSettings, lint_file


def findings(folder: Path, emissions: str) -> list[dict[str, object]]:
    """HFC045 findings for a card with ``emissions`` in ``folder`` (the engine, in process)."""
    card = folder / "README.md"
    card.write_text(
        f"---\nco2_eq_emissions:\n  emissions: {emissions}\n  hardware_used: 1 x A100\n---\n", encoding="utf-8"
    )
    report = lint_file(card, LintSettings())
    return [
        {"severity": d.severity.label, "line": d.line, "message": d.message}
        for d in report.diagnostics
        if d.code == "HFC045"
    ]


@pytest.mark.parametrize("emissions", ["512", "512.0", "510", "515"])
def test_matching_grams_are_quiet(tmp_path: Path, emissions: str) -> None:
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    assert findings(tmp_path, emissions) == []


def test_the_kilogram_figure_is_named(tmp_path: Path) -> None:
    """Through the real check command: located at the emissions value, a warning."""
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    (tmp_path / "README.md").write_text("---\nco2_eq_emissions:\n  emissions: 0.512\n---\n", encoding="utf-8")
    document = check_json(tmp_path / "README.md", cwd=tmp_path)
    [finding] = [d for d in document["cards"][0]["diagnostics"] if d["code"] == "HFC045"]
    assert finding["severity"] == "warning" and (finding["line"], finding["column"]) == (3, 14)
    assert finding["name"] == "codecarbon-csv-mismatch"
    message = str(finding["message"])
    assert "0.512 is the CSV's kilogram figure" in message and "(512)" in message
    assert document["_exit"] == 0  # a warning does not fail the check


def test_factor_of_a_thousand_both_ways(tmp_path: Path) -> None:
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    assert "converted from kg to g twice" in str(findings(tmp_path, "512000")[0]["message"])
    assert "kilograms written as grams" in str(findings(tmp_path, "0.6")[0]["message"])
    assert "1000" not in str(findings(tmp_path, "90")[0]["message"])


def test_sum_of_runs_or_last_row(tmp_path: Path) -> None:
    second = ROW_1X.replace("0.512", "0.25")
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X, second), encoding="utf-8")
    assert findings(tmp_path, "762") == []  # the sum of the two runs
    assert findings(tmp_path, "250") == []  # the last run
    assert "762 g (0.762 kg, the sum of its 2 runs)" in str(findings(tmp_path, "0.762")[0]["message"])


def test_rounded_card_values_match(tmp_path: Path) -> None:
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_3X, ROW_3X), encoding="utf-8")
    assert findings(tmp_path, "0.0006753") == []
    assert findings(tmp_path, "0.0007") == []  # within the rounding of the card's last digit
    assert len(findings(tmp_path, "0.0009")) == 1


def test_no_csv_no_unreadable_csv_no_finding(tmp_path: Path) -> None:
    assert findings(tmp_path, "0.512") == []
    (tmp_path / "emissions.csv").write_text("not,a,codecarbon,file\n1,2,3,4\n", encoding="utf-8")
    assert findings(tmp_path, "0.512") == []


def test_a_card_on_stdin_has_no_folder(tmp_path: Path) -> None:
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    card = b"---\nco2_eq_emissions:\n  emissions: 0.512\n---\n"
    result = hfcarbon("check", "--isolated", "-", cwd=tmp_path, stdin=card)
    assert "HFC045" not in result.text


def test_the_rule_does_not_import_codecarbon(tmp_path: Path) -> None:
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    (tmp_path / "README.md").write_text("---\nco2_eq_emissions:\n  emissions: 0.512\n---\n", encoding="utf-8")
    prelude = "import sys, atexit; atexit.register(lambda: print('codecarbon' in sys.modules, file=sys.stderr))"
    result = hfcarbon("check", "--isolated", "README.md", cwd=tmp_path, prelude=prelude)
    assert "HFC045" in result.text
    assert result.err.strip().endswith("False")
