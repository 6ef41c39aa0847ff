"""The real cards whose figure is in the body only, with the careful reading recorded for each.

Two sets: tests/realcards (152+ excerpts, each read by a person before the tool ran:
``expected.tsv`` gives the grams and the class) and the shared corpus, when it is beside the
checkout (its body-only cards are read in ``golden/body_fix_corpus.tsv``: grams, class, notes).
A card is body-only when its front matter has no ``co2_eq_emissions`` and HFC041 fires.
Used by tests/core/test_body_fix.py and benchmarks/body_fix.py.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from tests.conftest import CORPUS, REPO

REALCARDS = REPO / "tests" / "realcards"
CORPUS_READINGS = Path(__file__).parent / "golden" / "body_fix_corpus.tsv"


@dataclass(frozen=True, slots=True)
class BodyOnlyCard:
    path: Path
    grams: float | None  # the careful reader's figure; None: no usable figure
    level: int | None  # the reader's class, where the tool's reading of the context can reach it
    notes: str


def _readings(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


def _body_only(path: Path) -> bool:
    report = lint_bytes(path.name, path.read_bytes(), LintSettings(select=("HFC041",)))
    return any(d.code == "HFC041" for d in report.diagnostics)


def body_only_cards(corpus: bool = True) -> list[BodyOnlyCard]:
    """Every body-only real card with its reading; the corpus's only when it is there."""
    cases = []
    sets = [(REALCARDS / "cards", _readings(REALCARDS / "expected.tsv"), True)]
    if corpus and CORPUS.is_dir():
        sets.append((CORPUS, _readings(CORPUS_READINGS), False))
    for folder, readings, class_checked in sets:
        for path in sorted(folder.glob("*.md")):
            if not _body_only(path):
                continue
            row = readings.get(path.stem)
            if row is None:
                raise AssertionError(f"{path.name}: a body-only card without a recorded reading")
            grams = float(row["grams"]) if row["grams"].strip() else None
            level = int(row["class"]) if class_checked else None
            cases.append(BodyOnlyCard(path, grams, level, row["notes"]))
    return cases
