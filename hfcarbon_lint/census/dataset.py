"""``audit --from-dataset REPO_ID [--revision REV]``: a dump's parquet shards from the Hub, then ``--from-parquet``.

The shards come through huggingface_hub's ``snapshot_download`` (only ``*.parquet``): they land in
the Hugging Face cache, a second run downloads nothing, and an interrupted download goes on from
the bytes it has (the client's ``.incomplete`` files and ``Range`` requests). No deadline is put on
the download as a whole (a dump is hundreds of MB); each request has the client's timeouts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hfcarbon_lint.hub.client import HubConfig, HubFailure, describe, hub_modules, scrub

DUMP_DATASET = "librarian-bots/model_cards_with_metadata"
PATTERNS = ["*.parquet", "**/*.parquet"]


@dataclass(frozen=True)
class FetchedDump:
    repo_id: str
    commit: str  # the dataset commit the shards are from: the census's provenance
    folder: Path

    @property
    def source(self) -> str:
        return f"{self.repo_id}@{self.commit}"


def fetch_dump(repo_id: str, revision: str | None, config: HubConfig, progress: bool = False) -> FetchedDump:
    """Download (or find in the cache) every parquet shard of a dataset revision."""
    hub_modules()
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import (  # type: ignore[attr-defined]  # public, lazily exported
        disable_progress_bars,
        enable_progress_bars,
    )

    if progress:  # the client's own bars: bytes per shard
        enable_progress_bars()
    else:
        disable_progress_bars()

    what = f"dataset {repo_id}"
    try:
        folder = snapshot_download(
            repo_id,
            repo_type="dataset",
            revision=revision,
            allow_patterns=PATTERNS,
            endpoint=config.endpoint,
            cache_dir=config.cache_dir or None,
            etag_timeout=config.timeout,
            local_files_only=config.offline,
        )
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line
        problem = describe(exc, config, what, revision)
        raise HubFailure(scrub(problem.message), problem.kind) from None
    path = Path(folder)
    return FetchedDump(repo_id, path.name, path)
