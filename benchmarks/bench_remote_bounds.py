"""Remote bounds (issue 15.7): time and memory of a remote check against hostile servers.

    python3 benchmarks/bench_remote_bounds.py [--timeout 10] [--trickle 0.5] [--endless-models 20000]

Each case runs ``python -m hfcarbon_lint`` as a fresh process against the fake Hub
(``tests/hub/fakehub.py``, a real HTTP server on 127.0.0.1) and reports its wall time, its peak
memory (max RSS of the child) and what it left in an empty ``HF_HOME``:

- ``trickle``: a README sent one byte every ``--trickle`` seconds (issue 15: 257 s for one card at
  a 10 s timeout). Bound: 3 x ``--timeout`` per card, retries included.
- ``huge``: ``Content-Length: 5 GiB`` (refused at the headers) and ``endless``: no length, filler for
  ever (cut at the 10 MiB cap). Bound: memory about the cap above a plain run, nothing in the cache.
- ``self-link`` / ``repeat``: a listing whose next link points to itself, or moves on with the same
  page. Bound: stops at the second page.
- ``endless listing``: fresh models on every page, in-process with ``api.MAX_LISTED`` set to
  ``--endless-models`` (200,000 by default in the tool): stops there.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "hub"))
sys.path.insert(0, str(REPO))

from fakehub import FakeHub  # noqa: E402 - the fake Hub lives with the tests

CARD = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: 12\n  source: CodeCarbon\n---\n# A card\n" + "x" * 200


def child(args: list[str], endpoint: str, timeout: float) -> tuple[float, float, int, str, list[str]]:
    """(seconds, peak MiB, exit code, last stderr line, files left in HF_HOME) of one CLI run."""
    home = tempfile.mkdtemp(prefix="bench-bounds-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HFCARBON"))}
    env.update(HF_ENDPOINT=endpoint, HF_HOME=home, HF_HUB_DISABLE_TELEMETRY="1", PYTHONPATH=str(REPO))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "hfcarbon_lint", *args, "--timeout", str(timeout)],
        env=env,
        capture_output=True,
        timeout=600,
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux; the largest child so far
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    left = [str(p.relative_to(home)) for p in Path(home).rglob("*") if p.is_file()]
    return seconds, max(peak, before) / 1024, done.returncode, lines[-1] if lines else "", left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--trickle", type=float, default=0.5, help="seconds between bytes of the slow README")
    parser.add_argument("--endless-models", type=int, default=20_000)
    options = parser.parse_args()

    with FakeHub(page_size=100) as hub:
        for name in ("plain", "trickle", "huge", "endless"):
            hub.add_model(f"org/{name}", CARD)
        hub.fail("org/trickle", "trickle", seconds=options.trickle)
        hub.fail("org/huge", "huge", extra_bytes=5 * 1024**3)
        hub.fail("org/endless", "endless")
        print(f"{'case':<10} {'exit':>4} {'seconds':>8} {'peak MiB':>9}  files left  message")
        for name in ("plain", "trickle", "huge", "endless"):
            sent_before = hub.body_bytes_sent
            seconds, peak, code, message, left = child(["check", f"org/{name}"], hub.url, options.timeout)
            sent = (hub.body_bytes_sent - sent_before) / 1024 / 1024
            detail = message[:110] + (f" [server pushed {sent:.1f} MiB]" if sent else "")
            print(f"{name:<10} {code:>4} {seconds:>8.2f} {peak:>9.1f}  {len(left):>10}  {detail}")
        print(f"(card deadline: 3 x {options.timeout:g} s = {3 * options.timeout:g} s; peak MiB is the largest child so far)")

    for mode in ("self-link", "repeat"):
        with FakeHub(page_size=100) as hub:
            for i in range(250):
                hub.add_model(f"org/m{i:03d}", CARD)
            hub.listing = mode
            seconds, peak, code, message, _ = child(["audit", "org"], hub.url, options.timeout)
            pages = hub.count("GET", "/api/models")
            print(f"listing {mode:<10} exit {code} {seconds:6.2f} s, {pages} pages: {message[:120]}")

    from hfcarbon_lint.hub import api
    from hfcarbon_lint.hub.audit import run_audit
    from hfcarbon_lint.hub.client import HubConfig
    from hfcarbon_lint.hub.request import AuditRequest
    from hfcarbon_lint.lint.engine import LintSettings

    api.MAX_LISTED = options.endless_models
    with FakeHub(page_size=1000) as hub:
        hub.listing = "endless"
        config = HubConfig(endpoint=hub.url, cache_dir=tempfile.mkdtemp(), timeout=options.timeout)
        start = time.perf_counter()
        result = run_audit(AuditRequest(authors=("org",)), LintSettings(), config)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"listing endless    {len(result.outcomes):,} models in {seconds:.1f} s, "
            f"{hub.count('GET', '/api/models')} pages, peak {peak:.0f} MiB (this process): {result.listing_stopped}"
        )


if __name__ == "__main__":
    main()
