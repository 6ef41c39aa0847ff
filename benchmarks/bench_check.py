"""Whole-process timing of `hfcarbon-lint check` against yamllint and check-jsonschema, in one run.

    python3 -m pip install -e '.[bench]' && python3 benchmarks/bench_check.py [--runs 15] [--corpus DIR]

The peers see the same front matter saved as plain YAML (check-jsonschema with our
schema in schemas/), since neither reads Markdown front matter. Every tool is started
as a fresh process, runs are interleaved so machine load hits all tools alike, and the
median wall time is reported. Targets (issue #12): one card <= 1.25x yamllint's whole run
and <= 0.5x check-jsonschema's; peak memory flat in the number of cards. The corpus
throughput is reported against the peers, with no target (the old 10x goal is retired:
composing the front matter alone leaves no room for it, and no user waits on it).
Figures and how to read them: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "schemas" / "co2_eq_emissions.schema.json"
EXAMPLE = REPO / "examples" / "model-card" / "README.md"
FLOOR = REPO / "benchmarks" / "corpus_floor.py"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "cards"  # a clone has none: pass --corpus DIR
YAMLLINT_TARGET, CJS_TARGET = 1.25, 0.5
BLOCK = re.compile(r"^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))")


def tool(name: str) -> str:
    """The console script next to this interpreter (not a pyenv shim, which adds ~50 ms)."""
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        sys.exit(f"bench_check: {name} is not installed (pip install -e '.[bench]')")
    return found


def wall(command: list[str]) -> float:
    return timed(command)[0]


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of the command.

    CPU time moves much less than wall time when other work shares the machine, so the
    one-card comparison reports both.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def peak_rss_kib(command: list[str]) -> int:
    probe = "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def interleaved(
    commands: dict[str, list[str]],
    runs: int,
    cpu: dict[str, float] | None = None,
    samples: dict[str, list[tuple[float, float]]] | None = None,
) -> dict[str, float]:
    """Median wall time per command; with ``cpu``, also fill it with the median CPU time; with
    ``samples``, every run's (wall, CPU), round by round."""
    samples = {} if samples is None else samples
    samples.update({name: [] for name in commands})
    for command in commands.values():  # warm the page cache once
        wall(command)
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    if cpu is not None:
        cpu.update({name: statistics.median(c for _, c in values) for name, values in samples.items()})
    return {name: statistics.median(w for w, _ in values) for name, values in samples.items()}


def front_matter_yaml(card: Path, target: Path) -> bool:
    text = card.read_bytes().decode("utf-8", errors="replace")
    match = BLOCK.search(text.replace("\r\n", "\n").replace("\r", "\n"))
    if match is None:
        return False
    target.write_text(match.group(2) + "\n", encoding="utf-8")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--one-card", action="store_true", help="only the one-card comparison")
    args = parser.parse_args()
    ours, yamllint, cjs = tool("hfcarbon-lint"), tool("yamllint"), tool("check-jsonschema")
    # The console script imports this checkout's package, not whichever one pip installed last.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))
    commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True)
    print(f"hfcarbon-lint at {commit.stdout.strip() or 'an unknown commit'} ({REPO}), Python {sys.version.split()[0]}")
    # pip byte-compiles an installed wheel, as it did the peers; an editable checkout under
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every run.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "hfcarbon_lint")], check=True)
    work = Path(tempfile.mkdtemp(prefix="hfcarbon-bench-"))
    try:
        one_yaml = work / "card.yaml"
        front_matter_yaml(EXAMPLE, one_yaml)
        print(f"One card ({EXAMPLE.relative_to(REPO)}), median of {args.runs} interleaved runs (wall, CPU user+sys):")
        print(f"  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        single_cpu: dict[str, float] = {}
        rounds: dict[str, list[tuple[float, float]]] = {}
        single = interleaved(
            {
                "hfcarbon-lint": [ours, "check", "--isolated", str(EXAMPLE)],
                "yamllint": [yamllint, "-d", "relaxed", str(one_yaml)],
                "check-jsonschema": [cjs, "--schemafile", str(SCHEMA), str(one_yaml)],
                # Floors, not tools: what a PyYAML command pays before doing anything, and what
                # a click command pays on top (check is a plain click command).
                "floor: python": [sys.executable, "-c", "pass"],
                "floor: +yaml": [sys.executable, "-c", "import yaml"],
                "floor: +yaml+click": [sys.executable, "-c", "import yaml, click"],
            },
            args.runs,
            single_cpu,
            rounds,
        )
        for name, seconds in single.items():
            print(f"  {name:<19} {seconds * 1000:7.1f} ms  {single_cpu[name] * 1000:7.1f} ms CPU")
        yaml_floor = single.pop("floor: +yaml") / single["yamllint"]
        click_floor = single.pop("floor: +yaml+click") / single["yamllint"]
        single.pop("floor: python")
        print(f"  a bare 'import yaml' alone is {yaml_floor:.2f}x yamllint's whole run; with click {click_floor:.2f}x")
        # Each round runs the tools back to back, so a slow spell of this shared VM (runs here
        # spread from 130 to 250 ms) slows both: the median of the rounds' ratios is the verdict,
        # the ratio of the medians is shown beside it.
        paired = statistics.median(
            ours_run[0] / peer_run[0]
            for ours_run, peer_run in zip(rounds["hfcarbon-lint"], rounds["yamllint"], strict=True)
        )
        print(f"  ratio of the medians: {single['hfcarbon-lint'] / single['yamllint']:.2f}x yamllint")
        r_yl = paired
        r_cj = single["hfcarbon-lint"] / single["check-jsonschema"]
        verdict_yl = "OK" if r_yl <= YAMLLINT_TARGET else "MISSED"
        verdict_cj = "OK" if r_cj <= CJS_TARGET else "MISSED"
        print(
            f"  ratio vs yamllint          {r_yl:.2f}x  (median of {args.runs} rounds' ratios; target <= {YAMLLINT_TARGET:.2f}x) {verdict_yl}"
        )
        print(f"  ratio vs check-jsonschema  {r_cj:.2f}x  (target <= {CJS_TARGET:.2f}x) {verdict_cj}")
        c_yl = single_cpu["hfcarbon-lint"] / single_cpu["yamllint"]
        c_cj = single_cpu["hfcarbon-lint"] / single_cpu["check-jsonschema"]
        print(f"  CPU-time ratios: {c_yl:.2f}x yamllint, {c_cj:.2f}x check-jsonschema")

        if args.one_card:
            return 0
        cards = sorted(p for p in args.corpus.glob("*.md"))
        if not cards:
            print(f"\nCorpus: no *.md cards in {args.corpus}; pass --corpus DIR for the corpus and memory figures")
            return 0
        card_dir, yaml_dir = work / "cards", work / "yaml"
        card_dir.mkdir()
        yaml_dir.mkdir()
        yaml_files = []
        for index, card in enumerate(cards):
            folder = card_dir / f"{index:04d}"
            folder.mkdir()
            shutil.copy(card, folder / "README.md")
            target = yaml_dir / f"{index:04d}.yaml"
            if front_matter_yaml(card, target):
                yaml_files.append(str(target))
        runs = max(3, args.runs // 3)
        print(
            f"\nCorpus: {len(cards)} cards ({len(yaml_files)} with front matter for the peers), "
            f"one invocation each, median of {runs}:"
        )
        corpus = interleaved(
            {
                "hfcarbon-lint": [ours, "check", "--isolated", "-q", str(card_dir)],
                "hfcarbon-lint -j1": [ours, "check", "--isolated", "-q", "--jobs", "1", str(card_dir)],
                "check-jsonschema": [cjs, "--schemafile", str(SCHEMA), *yaml_files],
                "yamllint": [yamllint, "-d", "relaxed", *yaml_files],
                # Floors, not tools: read and compose every front matter, nothing else.
                "floor: compose": [sys.executable, str(FLOOR), str(card_dir)],
                "floor: +jsonschema": [sys.executable, str(FLOOR), str(card_dir), "--jsonschema"],
            },
            runs,
        )
        ours_rate = len(cards) / corpus["hfcarbon-lint"]
        single_rate = len(cards) / corpus["hfcarbon-lint -j1"]
        cj_rate = len(yaml_files) / corpus["check-jsonschema"]
        yl_rate = len(yaml_files) / corpus["yamllint"]
        print(f"  hfcarbon-lint      {corpus['hfcarbon-lint']:6.2f} s  {ours_rate:8.0f} cards/s  (forked workers)")
        print(f"  hfcarbon-lint -j1  {corpus['hfcarbon-lint -j1']:6.2f} s  {single_rate:8.0f} cards/s  (one process)")
        print(f"  check-jsonschema   {corpus['check-jsonschema']:6.2f} s  {cj_rate:8.0f} files/s")
        print(f"  yamllint           {corpus['yamllint']:6.2f} s  {yl_rate:8.0f} files/s")
        ratio = ours_rate / cj_rate
        print(f"  throughput vs check-jsonschema {ratio:.1f}x")
        print(f"  one process vs check-jsonschema {single_rate / cj_rate:.1f}x")
        print(f"  throughput vs yamllint         {ours_rate / yl_rate:.1f}x")
        for floor_name in ("floor: compose", "floor: +jsonschema"):
            floor_rate = len(cards) / corpus[floor_name]
            print(
                f"  {floor_name:<19} {corpus[floor_name]:5.2f} s  {floor_rate:8.0f} cards/s"
                f"  ({floor_rate / cj_rate:.1f}x check-jsonschema, with no rule run)"
            )

        print("\nPeak memory (RSS) against the number of cards (the corpus repeated):")
        rss = []
        for copies in (1, 4, 16):
            folder = work / f"x{copies}"
            for copy in range(copies):
                shutil.copytree(card_dir, folder / f"{copy}")
            kib = peak_rss_kib([ours, "check", "--isolated", "-q", str(folder)])
            rss.append(kib)
            print(f"  {copies * len(cards):6d} cards  {kib / 1024:6.1f} MiB")
        growth = rss[-1] / rss[0]
        print(
            f"  growth from {len(cards)} to {16 * len(cards)} cards: {growth:.2f}x (flat means ~1x) {'OK' if growth < 1.5 else 'MISSED'}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.pop("GITHUB_ACTIONS", None)
    raise SystemExit(main())
