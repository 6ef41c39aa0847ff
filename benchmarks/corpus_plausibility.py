"""Measure the plausibility rules (HFC060-HFC063) on the real-card corpus.

    python benchmarks/corpus_plausibility.py [CORPUS_DIR] [--without-optional] [--margins]

For each rule: how many cards it fires on, split AutoTrain/AutoNLP template cards,
hand-written cards and the Hub-docs snippets (scored apart, as the corpus README asks),
and every firing with a verdict taken from the corpus notes:

* ``kg-revision``: an earlier revision that held kilograms (README: every Aira and
  TeenyTinyLlama card first held kg; a later commit multiplied by 1000);
* ``known-wrong``: listed by the corpus README as wrong (Gabriel's ``0.0334``, taed2);
* ``judged``: not listed, but wrong on the card's own figures (the reason is printed);
* ``FALSE POSITIVE``: anything else. The target is zero.

It also checks the kg/g revision pairs both ways (the kg revision should fire, the
corrected revision must not) and, with ``--margins``, prints the estimate ratio of
every card that has enough context to be judged (how far each one is from the 1/300
threshold). ``--without-optional`` hides pycountry and CodeCarbon, to measure the
degraded mode (world-average grid, location rule skipped).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CODES = ("HFC060", "HFC061", "HFC062", "HFC063")

# kg revision -> corrected revision (the corpus README's kg/g history pairs).
KG_PAIRS = {
    "nicholasKluge__TeenyTinyLlama-160m.rev-8d3ae2d.md": "nicholasKluge__TeenyTinyLlama-160m.md",
    "nicholasKluge__TeenyTinyLlama-460m.rev-8d3ae2d.md": "nicholasKluge__TeenyTinyLlama-460m.md",
    "nicholasKluge__TeenyTinyLlama-460m-Chat.rev-8d3ae2d.md": "nicholasKluge__TeenyTinyLlama-460m-Chat.md",
    "nicholasKluge__Aira-2-1B1.rev-eecb528.md": "nicholasKluge__Aira-2-1B1.md",
    "nicholasKluge__RewardModel.rev-eecb528.md": "nicholasKluge__RewardModel.md",
    "nicholasKluge__Aux-RewardModelPT.rev-f7936c4.md": "nicholasKluge__Harmless-RewardModelPT.md",
    "nicholasKluge__ToxicityModel.rev-eecb528.md": "nicholasKluge__ToxiGuardrail.md",
}
KNOWN_WRONG = {
    "Gabriel__bart-base-cnn-swe.md": "README: 0.0334 for a BART fine-tune on a P100 looks like kg",
    "Gabriel__bart-base-cnn-xsum-swe.md": "README: 0.0334 for a BART fine-tune on a P100 looks like kg",
    "Gabriel__bart-base-cnn-xsum-cite-swe.md": "README: 0.0334 for a BART fine-tune on a P100 looks like kg",
    "taed2-2627q1-gced-upc__taed2-astra.md": "README: metadata 0.0901 while the body says 0.23 g",
}
# Not in the README's list, wrong on the card's own numbers (checked by hand, reasons below).
JUDGED = {
    "ibraheemmoosa__xlmindic-base-multiscript.md": "28.53 'g' for 180 h of a TPU v3-8 (4 chips, >= 123 W each) needs < 0.33 g/kWh; "
    "the ML CO2 calculator it cites outputs kg",
    "ibraheemmoosa__xlmindic-base-uniscript.md": "same card family: 28.53 'g' for 180 h of a TPU v3-8",
    "ibraheemmoosa__xlmindic-base-multiscript-soham.md": "0.21 'g' for 1.5 h of a P100 needs 0.56 g/kWh at 250 W; 0.21 kg = 0.375 kWh x 0.56 kg/kWh",
    "ibraheemmoosa__xlmindic-base-uniscript-soham.md": "same card family: 0.21 'g' for 1.5 h of a P100",
    "Ayaka__bart-base-cantonese.md": "6.29 g for 44 h of a TPU v4-16 (8 chips, >= 90 W each) needs < 0.2 g/kWh; "
    "source is the ML CO2 calculator, which outputs kg",
    "unknown-aalborg-lam__resnet50-fer-emotion-classifier.md": "'NVIDIA GPU' names no model (HFC061 states a fact)",
    "unknown-aalborg-lam__resnet50-fer-emotion-classifier.variant-b.md": "'NVIDIA GPU' names no model (HFC061 states a fact)",
    "princeton-nlp__unsup-simcse-bert-base-uncased.md": "'Nvidia 3090 GPUs' gives no count (HFC063 states a fact)",
}


def hide_optional() -> None:
    """Make pycountry and CodeCarbon look uninstalled (for the degraded-mode measurement)."""
    for name in ("pycountry", "codecarbon"):
        sys.modules[name] = None  # type: ignore[assignment]


def groups(corpus: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    sources = corpus / "SOURCES.tsv"
    if sources.is_file():
        for line in sources.read_text(encoding="utf-8").splitlines()[1:]:
            fields = line.split("\t")
            match = re.search(r"group=([^;]+)", fields[3] if len(fields) > 3 else "")
            if match:
                found[Path(fields[0]).name] = match.group(1)
    return found


def kind(name: str, card: object, group: str | None) -> str:
    if group == "docs-example":
        return "docs"
    tags = {t.lower() for t in getattr(card, "tags", ())}
    text = getattr(getattr(card, "source", None), "text", "")
    if tags & {"autotrain", "autonlp"} or re.search(r"Model Trained Using Auto(?:Train|NLP)", text):
        return "autotrain"
    return "hand-written"


def verdict(name: str) -> str:
    if name in KG_PAIRS:
        return "kg-revision"
    if name in KNOWN_WRONG:
        return f"known-wrong ({KNOWN_WRONG[name]})"
    if name in JUDGED:
        return f"judged ({JUDGED[name]})"
    return "FALSE POSITIVE"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--without-optional", action="store_true", help="hide pycountry and CodeCarbon")
    parser.add_argument("--margins", action="store_true", help="print the estimate ratio of every judgeable card")
    args = parser.parse_args()
    if args.without_optional:
        hide_optional()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from hfcarbon_lint.grid.names import subdivisions
    from hfcarbon_lint.grid.tables import codecarbon_data_dir
    from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
    from hfcarbon_lint.plausibility.estimate import FACTOR, assess

    cards_dir = args.corpus / "cards"
    files = sorted(cards_dir.glob("*.md"))
    if not files:
        print(f"no cards in {cards_dir}", file=sys.stderr)
        return 2
    group_of = groups(args.corpus)
    settings = LintSettings(select=CODES)
    population: Counter[str] = Counter()
    fired: dict[str, Counter[str]] = defaultdict(Counter)
    firings: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    judgeable: Counter[str] = Counter()
    margins: list[tuple[float, str, str, str]] = []
    reports = {}
    for path in files:
        report = lint_bytes(path.name, path.read_bytes(), settings)
        reports[path.name] = report
        card = report.card
        if card is None:
            continue
        who = kind(path.name, card, group_of.get(path.name)) if card.carbon is not None else "no-co2"
        if group_of.get(path.name) == "docs-example":
            who = "docs"
        population[who] += 1
        facts = report.facts
        if facts is not None and facts.emissions_origin == "metadata" and facts.emissions_g:
            result = assess(card, facts.emissions_g)
            if result is not None:
                judgeable[who] += 1
                margins.append((result.ratio, result.basis, path.name, who))
        for code in {d.code for d in report.diagnostics}:
            fired[code][who] += 1
        for diagnostic in report.diagnostics:
            firings[diagnostic.code].append((path.name, who, diagnostic.message))

    mode = "without pycountry/CodeCarbon" if args.without_optional else "with optional data"
    print(f"hfcarbon-lint plausibility rules on {len(files)} corpus files ({mode})")
    print(
        f"pycountry: {'yes' if subdivisions() is not None else 'no'}; "
        f"CodeCarbon tables: {'yes' if codecarbon_data_dir() else 'no'}"
    )
    print(
        f"cards with co2_eq_emissions: {population['autotrain'] + population['hand-written']} "
        f"(AutoTrain {population['autotrain']}, hand-written {population['hand-written']}); "
        f"without it: {population['no-co2']}; Hub-docs snippets: {population['docs']}"
    )
    print(
        f"cards with enough context for HFC062 (energy, hours, or hardware + resolved place): "
        f"AutoTrain {judgeable['autotrain']}, hand-written {judgeable['hand-written']}, docs {judgeable['docs']}"
    )
    print()
    print("| rule | AutoTrain | hand-written | no co2 key (body only) | docs | false positives |")
    print("|---|---:|---:|---:|---:|---:|")
    false_positives = 0
    for code in CODES:
        counts = fired[code]
        fps = sum(1 for name, who, _ in firings[code] if who != "docs" and verdict(name) == "FALSE POSITIVE")
        false_positives += fps
        print(
            f"| {code} | {counts['autotrain']}/{population['autotrain']} | "
            f"{counts['hand-written']}/{population['hand-written']} | {counts['no-co2']}/{population['no-co2']} | "
            f"{counts['docs']}/{population['docs']} | {fps} |"
        )
    print()
    for code in CODES:
        for name, who, message in firings[code]:
            label = "docs snippet (scored apart)" if who == "docs" else verdict(name)
            print(f"{code} {name} [{who}] -> {label}")
            print(f"    {message}")
    print()
    print("kg/g revision pairs (kg revision should fire, corrected revision must not):")
    missed = 0
    for before, after in KG_PAIRS.items():
        if before not in reports or after not in reports:
            continue
        fired_before = any(d.code == "HFC062" for d in reports[before].diagnostics)
        fired_after = any(d.code == "HFC062" for d in reports[after].diagnostics)
        value_before = reports[before].emissions_g
        value_after = reports[after].emissions_g
        missed += not fired_before
        false_positives += fired_after
        print(
            f"  {before} ({value_before:g} g): {'fires' if fired_before else 'silent (missed)'}; "
            f"{after} ({value_after:g} g): {'FIRES (false positive)' if fired_after else 'silent'}"
        )
    print(f"kg revisions caught: {len(KG_PAIRS) - missed}/{len(KG_PAIRS)}")
    if args.margins:
        print()
        print(
            f"estimate ratios (reported / expected): energy and hours rows fire below 1/{FACTOR:g}, floor rows below 1"
        )
        for ratio, basis, name, who in sorted(margins):
            print(f"  {ratio:10.4g}  {basis:6}  {who:12}  {name}")
    print()
    print(f"false positives on correct cards: {false_positives}")
    return 1 if false_positives else 0


if __name__ == "__main__":
    raise SystemExit(main())
