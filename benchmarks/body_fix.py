"""HFC041's fix on the real cards whose figure is in the body only: how many gain correct metadata.

Two sets: tests/realcards (excerpts each read by a person before the tool ran: ``expected.tsv``
gives the grams and the class) and the shared corpus when it is beside the checkout (its
body-only cards are read in ``tests/core/golden/body_fix_corpus.tsv``). A card is body-only when
its front matter has no ``co2_eq_emissions`` and HFC041 fires. For each one, ``--fix
--unsafe-fixes`` either writes metadata (compared with the reading: right or wrong) or offers
no fix (counted by the reason its message gives).

    python3 benchmarks/body_fix.py          # the figures, then one line per card
    python3 benchmarks/body_fix.py --json

tests/core/test_body_fix.py uses :func:`body_only_cards` and asserts that no card gains a wrong
figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # this checkout's package, also when run as a script

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes  # noqa: E402
from hfcarbon_lint.lint.fixing import fix_card  # noqa: E402

REALCARDS = HERE / "tests" / "realcards"
CORPUS_READINGS = HERE / "tests" / "core" / "golden" / "body_fix_corpus.tsv"
# ../shared beside the maintainers' checkout (tests.conftest's rule: HFCARBON_LINT_NO_SHARED=1 hides it).
CORPUS = HERE.parent / "shared" / "corpus" / "cards" if not os.environ.get("HFCARBON_LINT_NO_SHARED") else None


@dataclass(frozen=True, slots=True)
class BodyOnlyCard:
    path: Path
    grams: float | None  # the careful reader's figure; None: no usable figure
    level: int | None  # the reader's class, where it is compared (the real-card set)
    notes: str


@dataclass(frozen=True, slots=True)
class Result:
    card: BodyOnlyCard
    written: float | None  # the emissions the fix wrote; None: no fix
    reason: str  # why no fix ("" when fixed)

    @property
    def verdict(self) -> str:
        if self.written is None:
            return "no fix"
        grams = self.card.grams
        return "right" if grams is not None and abs(self.written - grams) <= 1e-6 * grams else "WRONG"


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
    if corpus and CORPUS is not None and CORPUS.is_dir():
        sets.append((CORPUS, _readings(CORPUS_READINGS), False))
    for folder, readings, class_compared in sets:
        for path in sorted(folder.glob("*.md")):
            if not _body_only(path):
                continue
            row = readings.get(path.stem)
            if row is None:
                raise AssertionError(f"{path.name}: a body-only card without a recorded reading")
            grams = float(row["grams"]) if row["grams"].strip() else None
            level = int(row["class"]) if class_compared else None
            cases.append(BodyOnlyCard(path, grams, level, row["notes"]))
    return cases


_REASONS = (  # in this order: "unfilled template placeholder" is a front matter's reason
    ("front matter that cannot be edited", "front matter"),
    ("a range", "gives a range"),
    ("a figure per model or run", "per something"),
    ("figures that disagree", "figures disagree"),
    ("only in prose", "only in prose"),
    ("an unfilled statement beside it", "unfilled"),
    ("no unit written", "gives no unit"),
)


def reason_kind(reason: str) -> str:
    return next((kind for kind, words in _REASONS if words in reason), "other")


def run(cards: list[BodyOnlyCard]) -> list[Result]:
    results = []
    for card in cards:
        raw = card.path.read_bytes()
        outcome = fix_card(card.path.name, raw, LintSettings(), unsafe=True)
        report = outcome.report
        if outcome.changed and report.card is not None and report.card.carbon is not None:
            written = report.card.carbon.entries["emissions"].value
            results.append(Result(card, float(written), ""))
            continue
        messages = [d.message for d in report.diagnostics if d.code == "HFC041"]
        found = re.search(r"\(no fix: (.*)\)$", messages[0]) if messages else None
        results.append(Result(card, None, found.group(1) if found else "no message"))
    return results


def figures(results: list[Result]) -> dict[str, object]:
    clear = [r for r in results if r.card.grams is not None]
    return {
        "body_only": len(results),
        "clear_figure": len(clear),
        "fixed_right": sum(r.verdict == "right" for r in results),
        "fixed_wrong": sum(r.verdict == "WRONG" for r in results),
        "clear_without_fix": dict(Counter(reason_kind(r.reason) for r in clear if r.written is None)),
        "unclear_without_fix": sum(r.written is None for r in results if r.card.grams is None),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    results = run(body_only_cards())
    summary = figures(results)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"{summary['body_only']} body-only cards, {summary['clear_figure']} with a clear figure: "
        f"{summary['fixed_right']} gain correct metadata, {summary['fixed_wrong']} a wrong figure"
    )
    print(f"clear figure, no fix: {summary['clear_without_fix']}")
    print(f"no clear figure, no fix: {summary['unclear_without_fix']}")
    for result in results:
        shown = f"{result.written:g} g" if result.written is not None else result.reason
        print(f"  {result.verdict:7} {result.card.path.name}: {shown}")
    return 1 if summary["fixed_wrong"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
