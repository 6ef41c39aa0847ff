"""Time `hfcarbon-lint study` on a synthetic 1,000,000-row audit export (issue #6: < 60 s, < 2 GB).

    python3 benchmarks/bench_study.py [--rows 1000000] [--format csv|jsonl|both] [--runs 1] [--paper-compat]

The export is written by ``hfcarbon_lint.study.synthetic`` (seeded, made-up values shaped
like a Hub crawl) into a temporary folder. Each run of ``study`` is a fresh child process
started from a small probe process, whose ``resource.getrusage(RUSAGE_CHILDREN)`` gives the
study's peak resident memory (``ru_maxrss``) and CPU time (user + system, less sensitive to
other load on a shared machine than the wall time, which is measured around the probe). The report
goes to a file (``-o``), as a user would write it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hfcarbon_lint.study.synthetic import write  # noqa: E402 - after the path setup

PROBE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "sys.stderr.write(done.stderr.decode())\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(done.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n"
)


def measure(command: list[str]) -> tuple[int, float, float, float]:
    """(exit code, wall seconds, peak RSS MiB, CPU seconds) of one fresh run of ``command``."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, env=env, check=False
    )
    seconds = time.perf_counter() - start
    if probe.returncode != 0 or not probe.stdout.strip():
        sys.exit(f"bench_study: probe failed: {probe.stderr.strip()}")
    code_text, kib_text, cpu_text = probe.stdout.split()
    code = int(code_text)
    if code != 0:
        sys.exit(f"bench_study: study exited {code}: {probe.stderr.strip()}")
    return code, seconds, int(kib_text) / 1024, float(cpu_text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=("csv", "jsonl", "both"), default="both")
    parser.add_argument("--runs", type=int, default=1, help="Runs per format; the best and the worst are printed.")
    parser.add_argument("--paper-compat", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    formats = ("csv", "jsonl") if args.format == "both" else (args.format,)
    with tempfile.TemporaryDirectory(prefix="bench-study-") as folder:
        for kind in formats:
            export = Path(folder) / f"export.{kind}"
            start = time.perf_counter()
            write(export, args.rows, args.seed)
            generated = time.perf_counter() - start
            report = Path(folder) / "report.json"
            command = [
                sys.executable,
                "-m",
                "hfcarbon_lint",
                "study",
                str(export),
                "--format",
                "json",
                "-o",
                str(report),
            ]
            if args.paper_compat:
                command.append("--paper-compat")
            results = [measure(command) for _ in range(args.runs)]
            walls = sorted(r[1] for r in results)
            peaks = sorted(r[2] for r in results)
            cpus = sorted(r[3] for r in results)
            data = json.loads(report.read_text(encoding="utf-8"))
            size_mb = export.stat().st_size / 1e6
            print(
                f"study {kind.upper():5} rows={args.rows:,} file={size_mb:,.0f} MB "
                f"(generated in {generated:.1f} s) reporting={data['population']['reporting_emissions']:,} "
                f"wall={walls[0]:.1f} s{f' (worst {walls[-1]:.1f} s)' if len(walls) > 1 else ''} "
                f"cpu={cpus[0]:.1f} s peak RSS={peaks[-1]:,.0f} MiB labels={data['label']['distribution']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
