"""Requests and wall time of ``hfcarbon-lint audit`` against the naive loop, on a fake Hub with injected latency.

    python3 benchmarks/bench_audit.py [--models 2000] [--latency 0.05] [--page-size 100] [--sample 100]

The fake Hub (``tests/hub/fakehub.py``, a real HTTP server on 127.0.0.1) sleeps ``--latency`` seconds
in every request and serves an author with ``--models`` models. Each contender runs as a fresh
process (interpreter start and imports included, as a user would see it) with ``HF_ENDPOINT`` set,
an empty ``HF_HOME`` and telemetry off:

- ``naive``: what a user would write without hfcarbon-lint: ``HfApi().list_models(author=...)``, then
  ``ModelCard.load(model_id)`` for each model. It is timed on the first ``--sample`` models only and
  extrapolated linearly to all of them (the output says so); its requests are counted the same way.
- ``audit``: ``hfcarbon-lint audit AUTHOR`` (default mode, the listing's cardData).
- ``audit --deep``: also downloads every README.md, ``--concurrency`` at a time.

Targets (issue 3): default audit requests <= ceil(models / page size) + 2 and wall time >= 50x faster
than the naive loop; ``--deep`` >= 8x faster than the naive loop.
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

REPORTING = """---
license: apache-2.0
tags: [autotrain]
co2_eq_emissions:
  emissions: {grams}
  hardware_used: 1 x T4
---
# AutoTrain model {i}
"""
PLAIN = """---
license: mit
tags: [transformers]
---
# Model {i}

## Environmental Impact

- **Hardware Type:** [More Information Needed]
- **Carbon Emitted:** [More Information Needed]
"""

NAIVE = r"""
import json, sys, time
t0 = time.perf_counter()
from huggingface_hub import HfApi, ModelCard
t1 = time.perf_counter()
ids = [m.id for m in HfApi().list_models(author=sys.argv[1])]
t2 = time.perf_counter()
found = 0
for model_id in ids[: int(sys.argv[2])]:
    card = ModelCard.load(model_id)
    if card.data.get("co2_eq_emissions") is not None:
        found += 1
t3 = time.perf_counter()
print(json.dumps({"models": len(ids), "import_s": t1 - t0, "list_s": t2 - t1, "sample_s": t3 - t2, "found": found}))
"""


def environment(hub: FakeHub, home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING", "HFCARBON"))}
    env.update(
        HF_ENDPOINT=hub.url,
        HF_HOME=home,
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
        PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"bench_audit: {' '.join(command[:4])}... exited {done.returncode}:\n{done.stderr}")
    return elapsed, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--sample", type=int, default=100, help="models the naive loop is timed on")
    parser.add_argument("--concurrency", type=int, default=16, help="--concurrency of the --deep run (the default)")
    args = parser.parse_args()

    with FakeHub(page_size=args.page_size, latency=args.latency) as hub:
        for i in range(args.models):
            card = REPORTING.format(grams=round(10 + i * 0.37, 2), i=i) if i % 5 == 0 else PLAIN.format(i=i)
            hub.add_model(f"bench-org/model-{i:05d}", card, pipeline_tag="text-classification", downloads=i)
        cli = [sys.executable, "-m", "hfcarbon_lint", "audit", "bench-org"]
        results: dict[str, tuple[int, float]] = {}

        with tempfile.TemporaryDirectory() as home:
            hub.reset_counts()
            wall, done = timed([sys.executable, "-c", NAIVE, "bench-org", str(args.sample)], environment(hub, home))
            naive = json.loads(done.stdout)
            sample = min(args.sample, naive["models"])
            scale = naive["models"] / sample
            naive_wall = wall - naive["sample_s"] + naive["sample_s"] * scale
            pages = hub.count("GET", "/api/models")
            naive_requests = pages + round((hub.count() - pages) * scale)
            results["naive"] = (naive_requests, naive_wall)

        for name, extra in (("audit", []), ("deep", ["--deep", "--concurrency", str(args.concurrency)])):
            with tempfile.TemporaryDirectory() as home:
                hub.reset_counts()
                wall, done = timed([*cli, *extra, "--format", "json"], environment(hub, home))
                audit = json.loads(done.stdout)["audit"]
                assert audit["checked"] == args.models, audit
                results[name] = (hub.count(), wall)

    page_target = math.ceil(args.models / args.page_size) + 2
    naive_requests, naive_wall = results["naive"]
    print(
        f"bench_audit: fake Hub on 127.0.0.1, {args.latency * 1000:g} ms latency per request, page size "
        f"{args.page_size}, one author with {args.models} models; each run is a fresh process"
    )
    print(f"{'':34} {'requests':>9} {'wall':>10} {'vs naive':>9}  target")
    print(f"{'naive loop (ModelCard.load)*':34} {naive_requests:>9} {naive_wall:>9.1f}s {'1.0x':>9}  -")
    for name, label, target in (
        ("audit", "hfcarbon-lint audit", f"<= {page_target} requests, >= 50x"),
        ("deep", f"hfcarbon-lint audit --deep (x{args.concurrency})", ">= 8x"),
    ):
        requests, wall = results[name]
        ratio = naive_wall / wall
        met = (requests <= page_target and ratio >= 50) if name == "audit" else ratio >= 8
        print(f"{label:34} {requests:>9} {wall:>9.2f}s {ratio:>8.1f}x  {target}: {'met' if met else 'NOT met'}")
    print(
        f"* the naive loop was timed on {sample} of {args.models} models (listing all {args.models} included) and "
        f"extrapolated linearly: its {naive['sample_s']:.1f} s for {sample} cards x {scale:g}; requests likewise."
    )


if __name__ == "__main__":
    main()
