"""How often `hfcarbon-lint check` agrees with a careful human reader on real cards.

The set is tests/realcards/ (cards/*.md excerpts, expected.tsv, SOURCES.tsv; see its README).
Every card is checked in one `python3 -m hfcarbon_lint check --format json --isolated` run of the
checkout under test, and each card's `reporting_level` and `emissions_g` are compared with the
reader's class and grams (relative tolerance 1e-6; an empty expected grams means "no figure").

    python3 benchmarks/realcards.py                  # this checkout
    python3 benchmarks/realcards.py --repo /work/main
    python3 benchmarks/realcards.py --json           # the figures as JSON, for scripts
    python3 benchmarks/realcards.py --write-agreeing # refresh tests/realcards/agreeing.txt

It prints the agreement on class, on grams and on both, every disagreement (id, expected, got,
the reader's note), and the false errors: error-severity findings on cards the reader judged
to have nothing wrong with them (verdict `ok`). Exit 0 unless the set or the run is broken.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SET = HERE / "tests" / "realcards"
AGREEING = SET / "agreeing.txt"
AGREEING_HEADER = (
    "# Cards on which `check` agreed with the reader (class and grams) when this list was last\n"
    "# regenerated; tests/realcards/test_realcards.py keeps them agreeing. Regenerate with\n"
    "# python3 benchmarks/realcards.py --write-agreeing\n"
)
FAMILY_FLOOR = SET / "families.tsv"
# Each reading's `kind=` (the first field of its notes) belongs to one family; agreement is
# reported per family so that a family of easy cards cannot hide a family of hard ones.
FAMILIES = {
    "autotrain": ("autotrain", "autotrain-body"),
    "codecarbon-auto": ("st-codecarbon", "setfit-codecarbon", "spanmarker-codecarbon"),
    "metadata": ("fm-mapping", "fm-number", "broken-fm", "fm-in-body"),
    "template": ("template", "placeholder"),
    "hand-filled": (
        "template-filled",
        "hedge",
        "range",
        "upper-bound",
        "no-unit",
        "french",
        "ambiguous",
        "hw-only",
    ),
    "org": ("sd", "llama-table", "table", "prose", "org-template"),
    "course": ("course",),
    "negative": ("negative",),
}
LEVELS = {
    0: "Unknown Energy Efficiency",
    1: "Context Reporting",
    2: "Basic Energy Reporting",
    3: "Energy Awareness",
    4: "Energy Optimization",
    5: "Certified Energy Efficiency",
}


@dataclass(frozen=True, slots=True)
class Expected:
    id: str
    level: int
    grams: float | None
    lines: tuple[int, ...]
    verdict: str
    notes: str


@dataclass(frozen=True, slots=True)
class Got:
    level: int | None
    grams: float | None
    errors: tuple[str, ...]


def kind_of(notes: str) -> str:
    """The `kind=...` a reading's notes start with."""
    return notes.split(";", 1)[0].removeprefix("kind=").strip()


def family_of(notes: str) -> str:
    kind = kind_of(notes)
    for family, kinds in FAMILIES.items():
        if kind in kinds:
            return family
    raise ValueError(f"kind {kind!r} belongs to no family (add it to FAMILIES)")


def read_family_floor(path: Path = FAMILY_FLOOR) -> dict[str, tuple[int, int]]:
    """family -> (class agreements, grams agreements) when the floor was last written."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["family"]: (int(row["class"]), int(row["grams"]))
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def family_figures(expected: list[Expected], got: dict[str, Got]) -> dict[str, dict[str, int]]:
    """Per family: cards, class agreements, grams agreements, both."""
    figures: dict[str, dict[str, int]] = {f: {"cards": 0, "class": 0, "grams": 0, "both": 0} for f in FAMILIES}
    for row in expected:
        result = got.get(row.id, Got(None, None, ("no result",)))
        c_ok = result.level == row.level
        g_ok = same_grams(row.grams, result.grams)
        entry = figures[family_of(row.notes)]
        entry["cards"] += 1
        entry["class"] += c_ok
        entry["grams"] += g_ok
        entry["both"] += c_ok and g_ok
    return figures


def read_expected(path: Path = SET / "expected.tsv") -> list[Expected]:
    """The reader's table: id, class (level 0-5), grams, line(s) `a|b`, verdict ok/faulty, notes."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            grams = row["grams"].strip()
            lines = tuple(int(part) for part in row["line"].split("|") if part.strip())
            rows.append(
                Expected(
                    id=row["id"],
                    level=int(row["class"]),
                    grams=float(grams) if grams else None,
                    lines=lines,
                    verdict=row["verdict"].strip(),
                    notes=row["notes"],
                )
            )
    return rows


def read_agreeing(path: Path = AGREEING) -> list[str]:
    """The ids that agreed when the floor was last written (comment lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_sources(path: Path = SET / "SOURCES.tsv") -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}


def run_checkout(repo: Path, cards: list[Path]) -> dict[str, Got]:
    """One `check --format json` run of REPO's code over copies of the cards (so no config is found)."""
    with tempfile.TemporaryDirectory(prefix="realcards-") as tmp:
        copies = []
        for card in cards:
            copy = Path(tmp) / card.name
            copy.write_bytes(card.read_bytes())
            copies.append(copy)
        env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR")}
        env["PYTHONPATH"] = str(repo) + os.pathsep + env.get("PYTHONPATH", "")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "hfcarbon_lint",
                "check",
                "--format",
                "json",
                "--isolated",
                "--exit-zero",
                *[str(c) for c in copies],
            ],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"check failed with exit {done.returncode}: {done.stderr.strip()[-2000:]}")
        report = json.loads(done.stdout)
    got: dict[str, Got] = {}
    for card in report["cards"]:
        name = Path(card["path"]).name.removesuffix(".md")
        errors = tuple(f"{d['code']}:{d['line']}" for d in card.get("diagnostics", []) if d.get("severity") == "error")
        got[name] = Got(card.get("reporting_level"), card.get("emissions_g"), errors)
    for item in report.get("not_checked", []):
        name = Path(str(item.get("path", item.get("target", "")))).name.removesuffix(".md")
        got.setdefault(name, Got(None, None, ("not checked",)))
    return got


def same_grams(expected: float | None, got: float | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return math.isclose(expected, got, rel_tol=1e-6, abs_tol=0.0)


def show(level: int | None, grams: float | None) -> str:
    return f"class {level} grams {'-' if grams is None else f'{grams:g}'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=HERE, help="checkout whose code is scored (default: this one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--write-agreeing",
        action="store_true",
        help="rewrite tests/realcards/agreeing.txt (the no-regression floor) from this run",
    )
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    if not (repo / "hfcarbon_lint").is_dir():
        parser.error(f"{repo} has no hfcarbon_lint package")

    expected = read_expected()
    cards = [SET / "cards" / f"{row.id}.md" for row in expected]
    missing = [str(c) for c in cards if not c.is_file()]
    if missing:
        raise SystemExit(f"expected.tsv names cards that are missing: {', '.join(missing)}")
    got = run_checkout(repo, cards)

    class_ok = grams_ok = both_ok = 0
    disagreements = []
    false_errors = []
    for row in expected:
        result = got.get(row.id, Got(None, None, ("no result",)))
        c_ok = result.level == row.level
        g_ok = same_grams(row.grams, result.grams)
        class_ok += c_ok
        grams_ok += g_ok
        both_ok += c_ok and g_ok
        if not (c_ok and g_ok):
            disagreements.append((row, result))
        if row.verdict == "ok" and result.errors:
            false_errors.append((row, result))

    total = len(expected)
    families = family_figures(expected, got)
    if args.write_agreeing:
        agreeing = sorted(row.id for row in expected if row not in {r for r, _ in disagreements})
        AGREEING.write_text(AGREEING_HEADER + "".join(f"{name}\n" for name in agreeing), encoding="utf-8")
        FAMILY_FLOOR.write_text(
            "family\tcards\tclass\tgrams\n"
            + "".join(f"{f}\t{v['cards']}\t{v['class']}\t{v['grams']}\n" for f, v in families.items()),
            encoding="utf-8",
        )

    def pct(n: int) -> float:
        return round(100.0 * n / total, 1) if total else 0.0

    if args.json:
        print(
            json.dumps(
                {
                    "repo": str(repo),
                    "cards": total,
                    "class": {"agree": class_ok, "percent": pct(class_ok)},
                    "grams": {"agree": grams_ok, "percent": pct(grams_ok)},
                    "both": {"agree": both_ok, "percent": pct(both_ok)},
                    "families": families,
                    "disagreements": [
                        {
                            "id": r.id,
                            "expected": {"class": r.level, "grams": r.grams},
                            "got": {"class": g.level, "grams": g.grams},
                            "notes": r.notes,
                        }
                        for r, g in disagreements
                    ],
                    "false_errors": [{"id": r.id, "errors": list(g.errors)} for r, g in false_errors],
                },
                indent=2,
            )
        )
        return 0

    print(f"real-card set: {total} cards, code from {repo}")
    print(f"class agreement: {class_ok}/{total} ({pct(class_ok)}%)")
    print(f"grams agreement: {grams_ok}/{total} ({pct(grams_ok)}%)")
    print(f"both:            {both_ok}/{total} ({pct(both_ok)}%)")
    print("\nby family (class, grams):")
    for family, v in families.items():
        n = v["cards"]
        class_share = f"{v['class']}/{n} ({round(100.0 * v['class'] / n, 1) if n else 0.0}%)"
        grams_share = f"{v['grams']}/{n} ({round(100.0 * v['grams'] / n, 1) if n else 0.0}%)"
        print(f"  {family:<16} {n:>4} cards   class {class_share:<18} grams {grams_share}")
    print(f"\ndisagreements ({len(disagreements)}):")
    for row, result in disagreements:
        print(f"  {row.id}: expected {show(row.level, row.grams)}; got {show(result.level, result.grams)}")
        print(f"      {row.notes}")
    print(f"\nfalse errors on cards the reader judged ok: {len(false_errors)}")
    for row, result in false_errors:
        print(f"  {row.id}: {', '.join(result.errors)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head`
        sys.exit(0)
