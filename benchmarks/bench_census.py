"""Memory, requests and cards per second of a whole-Hub census, each against a baseline in the same run.

    python3 benchmarks/bench_census.py [--models 300000] [--cards 500000] [--corpus ../shared/corpus/cards]
                                       [--skip-listing] [--skip-dump] [--jobs 2]

Every contender runs as a fresh process under a small wrapper that reports its peak resident set
(the largest of the process and its forked workers: ``RUSAGE_CHILDREN``'s ``ru_maxrss``) and the
CPU seconds of all of them.

- **listing**: ``audit --all --export`` of ``--models`` generated models on the fake Hub
  (``tests/hub/fakehub.py``, pages of 1,000 as the Hub), against the same census of a tenth as many
  (memory must not grow with the count) and against the in-memory audit (``audit AUTHOR``) of
  that tenth (what main did before the census: every model kept). Requests are counted by the
  fake Hub; the target is ceil(N / 1,000) + 0.
- **dump**: ``audit --from-parquet`` of a synthetic dump of ``--cards`` cards made from the corpus
  (``hfcarbon_lint.census.synthetic``) with ``--jobs`` workers, against ``check`` of the corpus
  copied ten times into a folder (the linter's own speed on the same cards, same workers, same run). Cards per second per core =
  cards / CPU seconds of every process; the 2M-card projection divides by the cores.

Goals (issue 21): under 300 MB peak for any count; at least 1,000 cards/s per core from a dump;
2M cards projected under 20 minutes on this 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "hub"))

from fakehub import FakeHub  # noqa: E402 - the fake Hub lives with the tests

WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": done.returncode, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024, "err": done.stderr.decode(errors="replace")[-400:]}))
"""
GOAL_MB = 300
GOAL_CARDS_PER_CORE = 1000
GOAL_MINUTES_2M = 20
HUB_MODELS = 2_000_000
COPIES = 10  # the check baseline: the corpus ten times over (8,070 cards)


def measured(command: list[str], env: dict[str, str]) -> dict[str, float | str | int]:
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], env=env, capture_output=True, text=True)
    result: dict[str, float | str | int] = json.loads(done.stdout)
    if result["code"] not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}\n{result['err']}")
    return result


def environment(hub: FakeHub, home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HFCARBON"))}
    env.update(HF_ENDPOINT=hub.url, HF_HOME=home, HF_HUB_DISABLE_TELEMETRY="1", PYTHONPATH=str(REPO))
    return env


def lint() -> list[str]:
    return [sys.executable, "-m", "hfcarbon_lint"]


def listing(models: int, work: Path) -> bool:
    tenth = max(1000, models // 10)
    print(f"## audit --all on the fake Hub: {models:,} generated + {tenth:,} added models (baselines: {tenth:,})\n")
    rows = []
    with FakeHub(page_size=1000) as hub:
        for _ in range(tenth):  # the in-memory baseline needs an author: models added one by one
            index = len(hub.models)
            hub.add_model(f"baseline/model-{index:07d}", None, card_data={"license": "mit"} if index % 25 else {
                "co2_eq_emissions": {"emissions": 12.5, "source": "codecarbon"}})
        env = environment(hub, str(work / "home"))
        hub.generate(models)
        for name, command, count in (
            ("audit baseline (in memory)", [*lint(), "audit", "baseline", "--export", str(work / "b.csv")], tenth),
            (f"audit --all, {tenth:,}", [*lint(), "audit", "--all", "--limit", str(tenth), "--export",
                                        str(work / "t.csv")], tenth),
            ("audit --all (whole fake Hub)", [*lint(), "audit", "--all", "--export", str(work / "all.csv")], None),
        ):
            hub.reset_counts()
            result = measured(command, env)
            requests = hub.count("GET", "/api/models")
            expected = count if count is not None else tenth + models
            rows.append((name, expected, requests, result))
    print("| Run | Models | Listing requests | Peak RSS | Wall | CPU |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, count, requests, result in rows:
        print(f"| {name} | {count:,} | {requests:,} | {result['peak_mb']:.0f} MB | {result['wall']:.0f} s "
              f"| {result['cpu']:.0f} s |")
    baseline, small, large = (r[3] for r in rows)
    whole = rows[2][1]
    growth = float(large["peak_mb"]) / float(small["peak_mb"])
    per_model_kb = (float(baseline["peak_mb"]) - float(small["peak_mb"])) * 1024 / tenth  # what keeping them costs
    print()
    print(f"- census peak, {whole:,} vs {tenth:,} models: {growth:.2f}x (flat is 1.00x)")
    print(f"- census vs in-memory audit at {tenth:,} models: {float(small['peak_mb']) / float(baseline['peak_mb']):.2f}x"
          f" of its memory; the in-memory audit held ~{per_model_kb:.1f} KB a model "
          f"(~{per_model_kb * HUB_MODELS / 1024 / 1024:.1f} GB for {HUB_MODELS:,})")
    pages = rows[2][2]
    print(f"- requests: {pages:,} for {whole:,} models (ceil / 1,000 = {math.ceil(whole / 1000):,})")
    ok = float(large["peak_mb"]) < GOAL_MB and pages <= math.ceil(whole / 1000) + 1
    print(f"- goal: under {GOAL_MB} MB peak, one request per 1,000 models: {'met' if ok else 'MISSED'}\n")
    return ok


def dump(cards: int, corpus: Path, jobs: int, work: Path) -> bool:
    print(f"## audit --from-parquet: a synthetic dump of {cards:,} cards from {corpus} ({jobs} workers)\n")
    folder = work / "dump"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "hfcarbon_lint.census.synthetic", str(corpus), str(folder),
                    "--rows", str(cards)], check=True, stdout=subprocess.DEVNULL, cwd=REPO,
                   env=dict(os.environ, PYTHONPATH=str(REPO)))
    size = sum(p.stat().st_size for p in folder.glob("*.parquet"))
    print(f"dump made in {time.perf_counter() - started:.0f} s: {size / 1e6:.0f} MB of parquet (zstd)\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    # The baseline: check's own speed at scale, the corpus copied COPIES times into README.md files
    # (a folder walk's names), one invocation, the same workers: interpreter start amortised as in the census.
    copies = work / "copies"
    sources = sorted(corpus.rglob("*.md"))
    for copy in range(COPIES):
        for number, source in enumerate(sources):
            target = copies / f"{copy}-{number}" / "README.md"
            target.parent.mkdir(parents=True)
            target.write_bytes(source.read_bytes())
    corpus_cards = COPIES * len(sources)
    check = measured([*lint(), "check", str(copies), "--exit-zero", "--jobs", str(jobs), "-q"], env)
    census = measured([*lint(), "audit", "--from-parquet", str(folder), "--jobs", str(jobs),
                       "--export", str(work / "cards.csv")], env)
    print("| Run | Cards | Peak RSS | Wall | CPU (all processes) | Cards/s per core | Cards/s (wall) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, count, result in ((f"check of the corpus x{COPIES} (baseline)", corpus_cards, check),
                                ("audit --from-parquet", cards, census)):
        per_core = count / float(result["cpu"])
        print(f"| {name} | {count:,} | {result['peak_mb']:.0f} MB | {result['wall']:.0f} s | {result['cpu']:.0f} s "
              f"| {per_core:,.0f} | {count / float(result['wall']):,.0f} |")
    per_core = cards / float(census["cpu"])
    baseline = corpus_cards / float(check["cpu"])
    minutes = HUB_MODELS / (per_core * jobs) / 60
    minutes_wall = HUB_MODELS / (cards / float(census["wall"])) / 60
    print()
    print(f"- per core: {per_core:,.0f} cards/s, {per_core / baseline:.2f}x check's own speed on the corpus")
    print(f"- {HUB_MODELS:,} cards projected on {jobs} cores: {minutes:.1f} min from CPU time "
          f"({minutes_wall:.1f} min at this run's wall-clock rate, on a shared machine)")
    ok = float(census["peak_mb"]) < GOAL_MB and per_core >= GOAL_CARDS_PER_CORE and minutes < GOAL_MINUTES_2M
    print(f"- goals: under {GOAL_MB} MB, >= {GOAL_CARDS_PER_CORE:,} cards/s per core, 2M under "
          f"{GOAL_MINUTES_2M} min: {'met' if ok else 'MISSED'}\n")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=300_000)
    parser.add_argument("--cards", type=int, default=500_000)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "cards")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-listing", action="store_true")
    parser.add_argument("--skip-dump", action="store_true")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-census-") as temporary:
        work = Path(temporary)
        if not args.skip_listing:
            ok = listing(args.models, work) and ok
        if not args.skip_dump:
            ok = dump(args.cards, args.corpus, args.jobs, work) and ok
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
