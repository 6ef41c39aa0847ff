"""Wall-time overhead of ``hfcarbon-lint track`` over the bare command, for a 10-second child, in one run.

    python3 benchmarks/bench_track.py [--seconds 10] [--country FRA]

Two children, each run bare and then under ``track`` (a fresh process each time, as
a user would see it: interpreter start, imports, CodeCarbon's hardware probe, the
measurement, the card edit and its check):

- ``sleep``: sleeps ``--seconds``; the difference in wall time is the fixed overhead
  of ``track`` (target, issue 4: under 2 s);
- ``work``: a fixed amount of CPU work (calibrated bare to about ``--seconds``) that
  times itself; comparing its own elapsed time bare and tracked shows whether the
  tracker slows the command down (CodeCarbon samples power once a second from a
  thread of the wrapper, a separate process).

``track`` runs with CodeCarbon's default 15-s integration interval and machine mode,
``--dry-run`` so the card is untouched between runs. Timings on a shared machine are
noisy: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = """
import sys, time
n = int(sys.argv[1])
start = time.perf_counter()
x = 0
for i in range(n):
    x += i * i
print(f"{time.perf_counter() - start:.3f}")
"""


def run(argv: list[str], cwd: Path) -> tuple[float, str, str, int]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("CODECARBON_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - start, done.stdout, done.stderr, done.returncode


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-track-") as folder:
        return bench(Path(folder))


def bench(folder: Path) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--country", default="FRA")
    args = parser.parse_args()
    card = folder / "README.md"
    card.write_text("---\nlicense: mit\n---\n# Benchmark card\n", encoding="utf-8")
    work = folder / "work.py"
    work.write_text(WORK, encoding="utf-8")
    tracked = [
        sys.executable,
        "-m",
        "hfcarbon_lint",
        "track",
        "--card",
        str(card),
        "--country",
        args.country,
        "--dry-run",
        "--",
    ]

    # Calibrate the fixed work to about --seconds, bare.
    probe = 2_000_000
    elapsed = float(run([sys.executable, str(work), str(probe)], folder)[1])
    iterations = int(probe * args.seconds / max(elapsed, 1e-3))

    sleep = [sys.executable, "-c", f"import time; time.sleep({args.seconds})"]
    compute = [sys.executable, str(work), str(iterations)]
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    bare_sleep = run(sleep, folder)
    tracked_sleep = run(tracked + sleep, folder)
    bare_work = run(compute, folder)
    tracked_work = run(tracked + compute, folder)
    for name, result in (("tracked sleep", tracked_sleep), ("tracked work", tracked_work)):
        if result[3] != 0:
            print(f"{name} failed ({result[3]}):\n{result[2]}", file=sys.stderr)
            return 1
    overhead = tracked_sleep[0] - bare_sleep[0]
    print(
        f"sleep {args.seconds:g} s   bare {bare_sleep[0]:6.2f} s   track {tracked_sleep[0]:6.2f} s   overhead {overhead:+.2f} s (target < 2 s)"
    )
    print(
        f"fixed work   bare {bare_work[0]:6.2f} s   track {tracked_work[0]:6.2f} s   "
        f"overhead {tracked_work[0] - bare_work[0]:+.2f} s"
    )
    child_bare, child_tracked = float(bare_work[1]), float(tracked_work[1].strip().splitlines()[-1])
    print(
        f"the work, timed by itself: bare {child_bare:.2f} s, under track {child_tracked:.2f} s "
        f"({(child_tracked / child_bare - 1) * 100:+.1f} %)"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if overhead < 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
