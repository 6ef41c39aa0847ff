"""A synthetic model-card dump, in ``librarian-bots/model_cards_with_metadata``'s schema, made from real cards.

For tests, benchmarks and the docs' worked census, where no network is allowed. Row ``i`` takes a
card of the given folder and a made-up id, dates, downloads and tags; the share of reporting
cards per creation month follows ``REPORTING_CURVE`` (a rise to mid-2022, then a fall, the
shape the paper found), so the figures computed from it show the pipeline at work, **not** the
Hub. The real dump is ``audit --from-dataset librarian-bots/model_cards_with_metadata``.

    python3 -m hfcarbon_lint.census.synthetic CARDS_FOLDER OUT_FOLDER --rows 500000
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MONTHS = 72  # creation months 2021-01 .. 2026-12
FIRST_YEAR = 2021
SHARD_ROWS = 100_000
ROW_GROUP = 5_000
_TAGS = re.compile(r"^tags:\s*\n((?:\s*-\s*.+\n)+)", re.MULTILINE)
_PIPELINE = re.compile(r"^pipeline_tag:\s*['\"]?([\w-]+)", re.MULTILINE)
_LIBRARY = re.compile(r"^library_name:\s*['\"]?([\w.-]+)", re.MULTILINE)


def reporting_share(month: int) -> float:
    """The chance a model created in ``month`` (0 = 2021-01) carries a reporting card."""
    return 0.01 + 0.07 * math.exp(-(((month - 18) / 12.0) ** 2))


@dataclass(frozen=True)
class SourceCard:
    text: str
    reporting: bool
    autotrain: bool
    tags: tuple[str, ...]
    pipeline_tag: str | None
    library_name: str | None


def read_cards(source: Path | Sequence[Path]) -> list[SourceCard]:
    """The cards of a folder (``*.md``, recursively) or of a list of files."""
    paths = sorted(source.rglob("*.md")) if isinstance(source, Path) else list(source)
    cards = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        head = text[:4000]
        found = _TAGS.search(head)
        tags = tuple(t.strip().strip("-").strip().strip("'\"") for t in found.group(1).splitlines()) if found else ()
        pipeline = _PIPELINE.search(head)
        library = _LIBRARY.search(head)
        autotrain = "autotrain" in head.lower()
        if autotrain and "autotrain" not in tags:
            tags = (*tags, "autotrain")
        cards.append(
            SourceCard(
                text,
                "co2_eq_emissions" in head,
                autotrain,
                tuple(t for t in tags if t),
                pipeline.group(1) if pipeline else None,
                library.group(1) if library else None,
            )
        )
    if not cards:
        raise ValueError(f"{source}: no .md card")
    return cards


def rows(cards: Sequence[SourceCard], count: int, seed: int = 11) -> Iterator[dict[str, Any]]:
    randomness = random.Random(seed)
    reporting = [c for c in cards if c.reporting] or list(cards)
    silent = [c for c in cards if not c.reporting] or list(cards)
    for index in range(count):
        month = index * MONTHS // max(count, 1)
        pool = reporting if randomness.random() < reporting_share(month) else silent
        card = pool[randomness.randrange(len(pool))]
        created = dt.datetime(FIRST_YEAR + month // 12, month % 12 + 1, randomness.randrange(1, 29), 12, tzinfo=dt.UTC)
        author = f"synthetic{index % 4999:04d}"
        yield {
            "modelId": f"{author}/model-{index:07d}",
            "author": author,
            "last_modified": created + dt.timedelta(days=randomness.randrange(0, 300)),
            "downloads": int(randomness.paretovariate(1.2) * 10) - 10,
            "likes": randomness.randrange(0, 5),
            "library_name": card.library_name,
            "tags": list(card.tags),
            "pipeline_tag": card.pipeline_tag,
            "createdAt": created,
            "card": card.text,
        }


def write(
    cards_source: Path | Sequence[Path], out: Path, count: int, seed: int = 11, shard_rows: int = SHARD_ROWS
) -> list[Path]:
    """Shards ``train-0000N-of-0000M.parquet`` in ``out``, as the Hub's datasets name them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("modelId", pa.string()),
            ("author", pa.string()),
            ("last_modified", pa.timestamp("us", tz="UTC")),
            ("downloads", pa.int64()),
            ("likes", pa.int64()),
            ("library_name", pa.string()),
            ("tags", pa.list_(pa.string())),
            ("pipeline_tag", pa.string()),
            ("createdAt", pa.timestamp("us", tz="UTC")),
            ("card", pa.string()),
        ]
    )
    cards = read_cards(cards_source)
    out.mkdir(parents=True, exist_ok=True)
    shards = max(1, math.ceil(count / shard_rows))
    paths = [out / f"train-{n:05d}-of-{shards:05d}.parquet" for n in range(shards)]
    source = rows(cards, count, seed)
    for number, path in enumerate(paths):
        size = min(shard_rows, count - number * shard_rows)
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            for start in range(0, size, ROW_GROUP):
                group = [next(source) for _ in range(min(ROW_GROUP, size - start))]
                writer.write_table(pa.Table.from_pylist(group, schema=schema))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cards", type=Path, help="a folder of model cards (*.md)")
    parser.add_argument("out", type=Path, help="the folder the shards are written to")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--shard-rows", type=int, default=SHARD_ROWS)
    args = parser.parse_args(argv)
    for path in write(args.cards, args.out, args.rows, args.seed, args.shard_rows):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
