"""Time against input size for the worst card shapes we know (issue 15: linear time).

    python3 benchmarks/bench_worst_case.py [--sizes 1000,10000,100000] [--only NAME]

Each shape is a small card built around one hostile line, grown to each size (a count of
repeated units: spaces, comment openers, codes...). A card is linted in this process
with the default settings (every rule, plausibility included), best of three runs.
Linear time shows as a time that grows ten-fold (or less) per ten-fold size; the
"growth" column is the ratio of the last two times. Not a test: machines differ.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hfcarbon_lint.lint.engine import LintSettings, lint_file

HEAD = "---\nlicense: mit\n---\n"
META = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: 12\n  hardware_used: {hw}\n---\n"

SHAPES: dict[str, Callable[[int], str]] = {
    # issue 15's four, then shapes found while fixing them
    "label + spaces + unit": lambda n: HEAD + "- **Carbon Emitted:** 1" + " " * n + "kg\n",
    "label + <!-- repeated": lambda n: HEAD + "Carbon Emitted:" + "<!--" * n + "\n",
    "comment + label pairs": lambda n: HEAD + "<!--\nCarbon Emitted: 1\n-->\n" * n,
    "suppression, n codes": lambda n: (
        HEAD + "<!-- hfcarbon-lint: ignore[" + ",".join(["HFC010", "HFC999"] * (n // 2)) + "] -->\n"
    ),
    "unclosed directives": lambda n: HEAD + "<!-- hfcarbon-lint: ignore[HFC010" * (n // 30 + 1) + "\n",
    "bullet + spaces, no label": lambda n: HEAD + "-" + " " * n + "x\n",
    "bold label + spaces": lambda n: HEAD + "- **Hardware Type" + " " * n + "x\n",
    "label + ( repeated": lambda n: HEAD + "Carbon Emitted " + "(" * n + "\n",
    "hedge words repeated": lambda n: HEAD + "Carbon Emitted: " + "about " * (n // 6 + 1) + "x\n",
    "digits without unit": lambda n: HEAD + "Carbon Emitted: " + "1" * n + " x\n",
    "table, n rows": lambda n: (
        HEAD + "## Carbon footprint\n| Model | Carbon Emitted (tCO2eq) |\n|---|---|\n" + "| a | 1 |\n" * (n // 10 + 1)
    ),
    "table row, n cells": lambda n: HEAD + "| Carbon Emitted (tCO2eq) |" + " a |" * (n // 4 + 1) + "\n",
    "impact sentence, long": lambda n: (
        HEAD + "## Environmental Impact\nThe model emitted " + "an estimated " * (n // 13 + 1) + "\n"
    ),
    "unclosed fences": lambda n: HEAD + "```\nCarbon Emitted: 1\n" * (n // 20 + 1),
    # issue 19's shapes: figures without a unit under a statement, examples in brackets, chains, rates
    "bare figures, grams comment": lambda n: (
        HEAD
        + "## Environmental Impact\n<!-- Total emissions (in grams of CO2eq) -->\n"
        + "- Carbon Emitted: 13\n" * (n // 21 + 1)
    ),
    "unit statements, n lines": lambda n: (
        HEAD + "Emissions are reported in kg.\n" * (n // 30 + 1) + "Carbon Emitted: 1\n"
    ),
    "bracketed examples": lambda n: HEAD + "- GPU: (e.g. A100) [Estimate] (for example x) [a\n" * (n // 50 + 1),
    "arithmetic chains": lambda n: HEAD + "- Carbon Emitted: 2 x 3 = 6 x 1 = 6 kg\n" * (n // 40 + 1),
    "slashes after a unit": lambda n: HEAD + ("Carbon Emitted: 1 kg" + " /" * 400 + "\n") * (n // 821 + 1),
    "hardware_used, long": lambda n: META.format(hw="a1 " * (n // 3 + 1)),
    "hardware_used, digits": lambda n: META.format(hw="1" * n),
}


def best_of(path: Path, runs: int = 3) -> float:
    settings = LintSettings()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        lint_file(path, settings)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'shape':28} " + " ".join(f"{n:>10,}" for n in sizes) + "   growth (last step)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "README.md"
        for name, build in SHAPES.items():
            if args.only and args.only not in name:
                continue
            times = []
            for n in sizes:
                path.write_text(build(n), encoding="utf-8")
                times.append(best_of(path))
            growth = times[-1] / times[-2] if len(times) > 1 and times[-2] > 0 else float("nan")
            cells = " ".join(f"{t * 1000:>8.1f}ms" for t in times)
            print(f"{name:28} {cells}   {growth:5.1f}", flush=True)


if __name__ == "__main__":
    main()
