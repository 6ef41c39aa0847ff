"""Does ``study --paper-compat`` give the authors' published label distribution on their own dataset?

The authors' replication package (GAISSA-UPC/ML-EnergyLabel) has no licence, so nothing of it is
in this repository: give the two files from your own clone.

    git clone https://github.com/GAISSA-UPC/ML-EnergyLabel
    python3 benchmarks/paper_reproduction.py ML-EnergyLabel/datasets/HFCO2.csv \\
        ML-EnergyLabel/code/Analysis/HFEmissionsAnalysis.ipynb

The notebook's SAVED outputs are the oracle (nothing of it is run): the ``value_counts()`` of
``compound_rating`` (the label distribution) and the table of every model labelled D (row index
and ``modelId``). The script runs the study as the command does (``read_export`` then
``run_study`` with ``paper_compat=True``) and prints, per letter, theirs and ours; the D models
placed differently, by row; and "models placed differently": exact for D, and for the whole
table the least number of models that must move between letters to turn one distribution into
the other (half the sum of the per-letter differences). Exit 0 when everything agrees, 1 when not.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hfcarbon_lint.label.reference import LETTERS  # noqa: E402
from hfcarbon_lint.study.analysis import StudyOptions, run_study  # noqa: E402
from hfcarbon_lint.study.reader import read_export  # noqa: E402

_COUNT = re.compile(r"^([A-E])\s+(\d+)\s*$")
_ROW = re.compile(r"^(\d+)\s+(\S+)\s+\d+\s*\\?$")


def _outputs(notebook: Path) -> list[tuple[str, str]]:
    """(cell source, saved text output) of every code cell."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain")
            if text:
                found.append((source, "".join(text)))
    return found


def published(notebook: Path) -> tuple[dict[str, int], dict[int, str]]:
    """The saved label distribution and the saved D table (row index -> modelId)."""
    counts: dict[str, int] = {}
    d_rows: dict[int, str] = {}
    for source, text in _outputs(notebook):
        if "compound_rating'].value_counts()" in source:
            for line in text.splitlines():
                match = _COUNT.match(line.strip())
                if match:
                    counts[match.group(1)] = int(match.group(2))
        if "['compound_rating'] == 'D'" in source:
            for line in text.splitlines():
                if not line.strip():
                    break  # the first block of the wrapped table holds index, modelId, downloads
                match = _ROW.match(line.strip())
                if match:
                    d_rows[int(match.group(1))] = match.group(2)
    if set(counts) != set(LETTERS):
        raise SystemExit(f"{notebook}: no saved compound_rating value_counts() output found")
    if len(d_rows) != counts["D"]:
        raise SystemExit(f"{notebook}: the saved D table has {len(d_rows)} rows, the distribution says {counts['D']}")
    return counts, d_rows


def ours(dataset: Path) -> tuple[dict[str, int], dict[int, tuple[str, str]], dict[str, Any]]:
    """Our label distribution and every labelled row: row index -> (id, letter)."""
    population = read_export(dataset)
    result = run_study(population, StudyOptions(paper_compat=True))
    rows = [i for i, value in enumerate(population.emissions) if not math.isnan(value)]
    table = result.labels
    labelled = {}
    for position, (model, rating) in enumerate(zip(table.ids, table.labelled.labels, strict=True)):
        labelled[rows[position]] = (model, LETTERS[rating] if rating >= 0 else "-")
    return result.report["label"]["distribution"], labelled, result.report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="datasets/HFCO2.csv of GAISSA-UPC/ML-EnergyLabel")
    parser.add_argument("notebook", type=Path, help="code/Analysis/HFEmissionsAnalysis.ipynb (its saved outputs)")
    args = parser.parse_args(argv)
    theirs, their_d = published(args.notebook)
    counts, labelled, report = ours(args.dataset)

    export = report["export"]
    print(f"dataset: {args.dataset} ({export['rows']:,} rows, read as {export['dialect']})")
    print(
        f"performance: {report['label']['performance_source']}; 0 g models kept: "
        f"{report['label']['zero_emissions_labelled']}"
    )
    print()
    print("label  published  hfcarbon-lint --paper-compat  difference")
    for letter in LETTERS:
        print(f"{letter:>5}  {theirs[letter]:>9,}  {counts[letter]:>28,}  {counts[letter] - theirs[letter]:>+10,}")
    print(f"total  {sum(theirs.values()):>9,}  {sum(counts.values()):>28,}")
    moved = sum(abs(counts[letter] - theirs[letter]) for letter in LETTERS) // 2
    our_d = {row for row, (_, letter) in labelled.items() if letter == "D"}
    missing = sorted(set(their_d) - our_d)
    extra = sorted(our_d - set(their_d))
    renamed = sorted(row for row in set(their_d) & our_d if their_d[row] != labelled[row][0])
    print()
    print(
        f"D models (saved table, {len(their_d)} rows): {len(missing)} published D we place elsewhere, "
        f"{len(extra)} we place D that are not in it, {len(renamed)} row(s) naming a different model"
    )
    for row in missing:
        print(f"  row {row} {their_d[row]}: published D, ours {labelled.get(row, ('?', 'unlabelled'))[1]}")
    for row in extra:
        print(f"  row {row} {labelled[row][0]}: ours D, not in the published D table")
    print(
        f"models placed differently: at least {moved} (from the distribution), "
        f"{len(missing) + len(extra)} among D (by row)"
    )
    agree = moved == 0 and not missing and not extra and not renamed
    print("reproduced exactly" if agree else "NOT reproduced")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
