"""A census's checkpoint: ``EXPORT.checkpoint.json`` beside the export, rewritten after every complete page.

It holds what a resume needs and nothing that grows with the Hub: the query it belongs to (a
resume of another query is refused), the next page's address, the pages and rows done, the
export's size at that point (a resume cuts the export back to it: rows written after the last
complete page are written again, so each model ends up in the export exactly once), the ids of
the last page (the de-duplication window) and the summary's counters.

Order of writes: the export is flushed and fsynced first, then the checkpoint is written to a
temporary file, fsynced and renamed over the old one; a kill at any instant leaves a checkpoint
that never promises a byte the export does not hold.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1
SUFFIX = ".checkpoint.json"
MAX_CHECKPOINT = 16 * 1024 * 1024  # a checkpoint is a few hundred kB at most; anything bigger is not ours


class CheckpointError(Exception):
    """The checkpoint cannot be used; the message is one line."""


def checkpoint_path(export: str | Path) -> Path:
    path = Path(export)
    return path.with_name(path.name + SUFFIX)


@dataclass
class Checkpoint:
    query: dict[str, Any]
    next_url: str | None  # path and query of the next page (the endpoint is in ``query``); None: done
    pages: int = 0
    rows: int = 0
    export_bytes: int = 0
    last_ids: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    done: bool = False
    stopped: str | None = None  # why the last run stopped early, if it did
    format: int = FORMAT

    def save(self, path: Path) -> None:
        temporary = path.with_name(path.name + ".tmp")
        data = json.dumps(asdict(self), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
        with temporary.open("wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path) -> Checkpoint:
        try:
            with path.open("rb") as stream:
                raw = stream.read(MAX_CHECKPOINT + 1)
        except OSError as exc:
            raise CheckpointError(f"{path}: cannot read: {exc.strerror or exc}") from None
        try:
            if len(raw) > MAX_CHECKPOINT:
                raise ValueError("too large")
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError(f"not a format {FORMAT} checkpoint")
            return cls(**data)
        except (ValueError, TypeError) as exc:
            raise CheckpointError(f"{path}: not a census checkpoint this version can resume ({exc})") from None


def differences(saved: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    """What differs between the checkpoint's query and this command's, one ``key: old -> new`` each."""
    keys = sorted(set(saved) | set(wanted))
    return [f"{key}: {saved.get(key)!r} -> {wanted.get(key)!r}" for key in keys if saved.get(key) != wanted.get(key)]
