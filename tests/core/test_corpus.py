"""The rules measured on real cards (../shared/corpus): no crash, and every error or warning pinned.

golden/corpus_findings.txt lists every error and warning on the corpus; each line was reviewed
as a true finding (a real fault in that card). A rule change that adds or removes a line must
be reviewed again: a rule that fires on a correct real card is wrong.
Set HFCARBON_UPDATE_GOLDEN=1 to rewrite the list.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from hfcarbon_lint.base.diagnostics import Severity
from hfcarbon_lint.lint.engine import LintSettings, lint_file
from tests.conftest import CORPUS

GOLDEN = Path(__file__).parent / "golden" / "corpus_findings.txt"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside this checkout")


def sources() -> dict[str, dict[str, str]]:
    with (CORPUS.parent / "SOURCES.tsv").open(encoding="utf-8") as handle:
        return {Path(row["file"]).name: row for row in csv.DictReader(handle, delimiter="\t")}


def findings() -> list[str]:
    lines = []
    settings = LintSettings()
    for card in sorted(CORPUS.glob("*.md")):
        report = lint_file(card, settings, display=card.name)
        for d in report.diagnostics:
            if d.severity >= Severity.WARNING:
                lines.append(f"{card.name}:{d.line}:{d.column}: {d.code} {d.name}")
    return lines


def test_corpus_findings_are_the_reviewed_ones() -> None:
    got = findings()
    if os.environ.get("HFCARBON_UPDATE_GOLDEN"):
        GOLDEN.write_text("\n".join(got) + "\n", encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert got == expected


def test_autotrain_emissions_only_mappings_get_no_error_or_warning() -> None:
    rows = sources()
    settings = LintSettings()
    checked = 0
    for name, row in rows.items():
        notes = row["notes"]
        if row["form"] != "mapping" or "keys=emissions;" not in notes or "autotrain" not in notes:
            continue
        report = lint_file(CORPUS / name, settings)
        assert [d.code for d in report.diagnostics if d.severity >= Severity.WARNING] == [], name
        assert report.reporting_class.label == "Basic Energy Reporting"
        checked += 1
    assert checked > 300


def test_complete_hand_written_cards_are_clean() -> None:
    """Cards with all five spec keys and a positive number: only plausibility info may remain."""
    rows = sources()
    settings = LintSettings()
    clean = 0
    for name, row in rows.items():
        notes = row["notes"]
        if "keys=emissions,source,training_type,geographical_location,hardware_used;" not in notes or "docs-example" in notes:
            continue
        if "emissions='" in notes:  # a string such as '28.53 in grams of CO2': HFC013, rightly
            continue
        report = lint_file(CORPUS / name, settings)
        errors = [d.code for d in report.diagnostics if d.severity is Severity.ERROR]
        if "emissions=0;" in notes:
            assert errors == ["HFC012"], name  # zero is not a measurement
            continue
        assert errors == [], name
        assert report.reporting_class.level >= 3, name
        clean += 1
    assert clean >= 40
