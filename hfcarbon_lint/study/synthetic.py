"""A synthetic audit export with known structure, for examples, tests and the benchmark.

    python -m hfcarbon_lint.study.synthetic --rows 2000 --seed 7 -o examples/study/synthetic-export.csv

Every value is made up (seeded ``random``), shaped like a Hub crawl: the share of models
reporting emissions grows month by month, Computer Vision models emit more than NLP
ones, emissions grow with model size (log-log), a few models report hardware, some
carry AutoTrain tags and model-index metrics. Nothing here reads the network.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hfcarbon_lint.study.reader import COLUMNS

_PIPELINES = (
    ("text-classification", 0.30),
    ("text-generation", 0.15),
    ("token-classification", 0.08),
    ("automatic-speech-recognition", 0.08),
    ("image-classification", 0.14),
    ("object-detection", 0.04),
    ("text-to-image", 0.05),
    ("image-text-to-text", 0.03),
    ("reinforcement-learning", 0.05),
    ("tabular-classification", 0.02),
    (None, 0.06),
)
_CV = {"image-classification", "object-detection", "text-to-image"}
_LIBRARIES = ("transformers", "diffusers", "timm", "sentence-transformers", "stable-baselines3", None)
_HARDWARE = ("1 x NVIDIA A100-SXM4-40GB", "8 x NVIDIA V100", "1 x NVIDIA T4", "TPU v3-8")
_LOCATIONS = ("Quebec, Canada", "us-east-1", "Frankfurt, Germany", None)


def _months(start: int, count: int) -> list[str]:
    return [f"{(start + i) // 12}-{(start + i) % 12 + 1:02d}" for i in range(count)]


def rows(count: int, seed: int = 7, months: int = 36, first: str = "2021-01") -> Iterator[dict[str, Any]]:
    """``count`` export rows as dicts (None = missing), in creation order."""
    rng = random.Random(seed)
    year, month = (int(part) for part in first.split("-"))
    labels = _months(year * 12 + month - 1, months)
    tags_pool = [p for p, _ in _PIPELINES]
    weights = [w for _, w in _PIPELINES]
    for i in range(count):
        position = i * months // count
        created = f"{labels[position]}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00.000Z"
        pipeline = rng.choices(tags_pool, weights)[0]
        autotrain = rng.random() < 0.25
        share = 0.02 + 0.10 * position / max(months - 1, 1)  # rises from 2 % to 12 %
        reports = rng.random() < (share * (2.5 if autotrain else 1.0))
        size = math.exp(rng.gauss(19.5, 1.6))  # bytes, median ~300 MB
        emissions = None
        reference = i == count // 2  # the paper's reference model, with its 2023 figures
        if reference:
            reports, size, pipeline, autotrain = True, 352833716.0, "text-generation", False
        if reports:
            base = 0.9 * math.log(size) - 15.5 + (1.2 if pipeline in _CV else 0.0)
            emissions = 149200.0 if reference else round(math.exp(base + rng.gauss(0, 1.0)), 4)
        tags = [t for t in (pipeline, "autotrain" if autotrain else None, "pytorch") if t]
        if rng.random() < 0.01:
            tags.append("distilled")
        dataset = f"data-{rng.randint(1, 400)}" if rng.random() < 0.7 else None
        dataset_size = round(math.exp(rng.gauss(17, 2.5))) if dataset and rng.random() < 0.3 else None
        hardware = rng.choice(_HARDWARE) if (reports and rng.random() < 0.35) or rng.random() < 0.01 else None
        metrics: dict[str, float | None] = dict.fromkeys(("accuracy", "f1", "rouge1", "rougeL"))
        if rng.random() < 0.3:
            metrics["accuracy"] = round(rng.uniform(0.55, 0.99), 4)
            metrics["f1"] = round(rng.uniform(0.5, 0.98), 4)
        if pipeline == "text-generation" and rng.random() < 0.2:
            metrics["rouge1"] = round(rng.uniform(0.2, 0.5), 4)
            metrics["rougeL"] = round(rng.uniform(0.15, 0.45), 4)
        yield {
            "repo_id": "distilbert/distilgpt2" if reference else f"org{i % 997}/model-{i}",
            "created_at": created,
            "last_modified": created,
            "downloads": 1172830 if reference else int(rng.paretovariate(0.9)) - 1,
            "likes": int(rng.paretovariate(1.5)) - 1,
            "library_name": rng.choice(_LIBRARIES),
            "pipeline_tag": pipeline,
            "domain": None,
            "tags": tags,
            "datasets": [dataset] if dataset else [],
            "datasets_size_bytes": dataset_size,
            "model_size_bytes": round(size),
            "emissions_g": emissions,
            "source": ("AutoTrain" if autotrain else "CodeCarbon") if reports else None,
            "training_type": rng.choice(("fine-tuning", "fine-tuning", "pretraining")) if reports else None,
            "geographical_location": rng.choice(_LOCATIONS) if reports else None,
            "hardware_used": hardware,
            "reporting_class": None,
            "reporting_level": None,
            **metrics,
        }


def write(path: Path, count: int, seed: int = 7, months: int = 36) -> None:
    """Write ``count`` rows as CSV (``;``-joined lists) or, for .jsonl, JSON lines."""
    jsonl = path.name.endswith((".jsonl", ".ndjson"))
    with path.open("w", encoding="utf-8", newline="") as handle:
        if jsonl:
            for row in rows(count, seed, months):
                handle.write(json.dumps(row) + "\n")
            return
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows(count, seed, months):
            writer.writerow(_csv_cell(row[name]) for name in COLUMNS)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hfcarbon_lint.study.synthetic", description="Write a synthetic audit export."
    )
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.csv or FILE.jsonl")
    args = parser.parse_args(argv)
    write(args.output, args.rows, args.seed, args.months)
    print(f"wrote {args.rows} rows to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
