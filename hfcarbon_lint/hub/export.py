"""``audit --export FILE.csv|FILE.jsonl``: one row per checked model, written (and flushed) as each model is done.

The columns, in this order, are a stable interface for the study and the efficiency label
(docs/hub.md's "Exports" section documents each one and its unit):

    repo_id, created_at, last_modified, downloads, likes, library_name, pipeline_tag, domain,
    tags, datasets, datasets_size_bytes, model_size_bytes, emissions_g, source, training_type,
    geographical_location, hardware_used, reporting_class, reporting_level,
    accuracy, f1, rouge1, rougeL

Values: numbers are numbers; ``tags`` and ``datasets`` are JSON arrays in JSONL and ``;``-joined
in CSV; a missing value is ``null`` in JSONL and an empty cell in CSV. Models that could not be
checked get no row (the audit summary lists them).
"""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path
from typing import IO, Any

from hfcarbon_lint.hub.domains import domain_of
from hfcarbon_lint.hub.fields import card_datasets, card_metrics, model_size_bytes
from hfcarbon_lint.lint.engine import CardReport

COLUMNS: tuple[str, ...] = (
    "repo_id",
    "created_at",
    "last_modified",
    "downloads",
    "likes",
    "library_name",
    "pipeline_tag",
    "domain",
    "tags",
    "datasets",
    "datasets_size_bytes",
    "model_size_bytes",
    "emissions_g",
    "source",
    "training_type",
    "geographical_location",
    "hardware_used",
    "reporting_class",
    "reporting_level",
    "accuracy",
    "f1",
    "rouge1",
    "rougeL",
    "label",
)
LIST_COLUMNS = frozenset({"tags", "datasets"})
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


class ExportError(Exception):
    """The export file cannot be written: the audit does not start (exit 2)."""


# The reporting_class of a card the audit could not read: not a class, a reason there is none.
NOT_READ = "not read"


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def export_row(info: dict[str, Any], report: CardReport, datasets_size: int | None = None) -> dict[str, Any]:
    """One export row from the Hub's model object and the card's lint report."""
    card_data = info.get("cardData") if isinstance(info.get("cardData"), dict) else None
    tags = [t for t in info.get("tags") or [] if isinstance(t, str)]
    facts = report.facts
    row: dict[str, Any] = {
        "repo_id": info.get("id") or report.target,
        "created_at": _text(info.get("createdAt")),
        "last_modified": _text(info.get("lastModified")),
        "downloads": _int(info.get("downloads")),
        "likes": _int(info.get("likes")),
        "library_name": _text(info.get("library_name")),
        "pipeline_tag": _text(info.get("pipeline_tag")),
        "domain": domain_of(_text(info.get("pipeline_tag")), tags),
        "tags": tags,
        "datasets": card_datasets(card_data, tags),
        "datasets_size_bytes": datasets_size,
        "model_size_bytes": model_size_bytes(info),
        "emissions_g": _finite(facts.emissions_g) if facts else None,
        "source": facts.source if facts else None,
        "training_type": facts.training_type if facts else None,
        "geographical_location": facts.geographical_location if facts else None,
        "hardware_used": facts.hardware_used if facts else None,
        # A card that was not read (unreadable bytes) has no class: NOT_READ says so, and the study skips the row.
        "reporting_class": report.reporting_class.label if report.reporting_class is not None else NOT_READ,
        "reporting_level": report.reporting_class.level if report.reporting_class is not None else None,
    }
    row.update(card_metrics(card_data))
    return row


class ExportWriter:
    """Streams rows to a ``.csv`` or ``.jsonl`` file; use as a context manager.

    ``resume_at``: go on with an export a census checkpointed, cut back to that many bytes
    (the rows written after its last checkpoint are written again).
    """

    def __init__(self, path: str | Path, resume_at: int | None = None) -> None:
        self.path = Path(path)
        kind = FORMATS.get(self.path.suffix.lower())
        if kind is None:
            raise ExportError(f"{self.path}: the export file must end in .csv or .jsonl")
        self.kind = kind
        self.rows = 0
        try:
            if resume_at is None:
                self._file: IO[str] = self.path.open("w", encoding="utf-8", newline="")
            else:
                self._file = self.path.open("r+", encoding="utf-8", newline="")
                if self._file.seek(0, 2) < resume_at:
                    self._file.close()
                    raise ExportError(f"{self.path}: shorter than its checkpoint says ({resume_at:,} bytes)")
                self._file.truncate(resume_at)
                self._file.seek(resume_at)
        except OSError as exc:
            raise ExportError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
        self._csv = csv.writer(self._file, lineterminator="\n") if kind == "csv" else None
        if self._csv is not None and resume_at is None:
            self._csv.writerow(COLUMNS)
            self._file.flush()

    def sync(self) -> int:
        """Everything written is on disk; the file's size in bytes (a checkpoint's resume point)."""
        self._file.flush()
        os.fsync(self._file.fileno())
        return os.fstat(self._file.fileno()).st_size

    def write(self, row: dict[str, Any]) -> None:
        if self._csv is not None:
            self._csv.writerow([_csv_cell(row.get(column), column) for column in COLUMNS])
        else:
            ordered = {column: _json_value(row.get(column)) for column in COLUMNS}
            self._file.write(json.dumps(ordered, ensure_ascii=False, allow_nan=False) + "\n")
        self._file.flush()
        self.rows += 1

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ExportWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _csv_cell(value: Any, column: str) -> Any:
    if value is None:
        return ""
    if column in LIST_COLUMNS and isinstance(value, list):
        return ";".join(str(item) for item in value)
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
