"""Helpers for the label and study tests: write small exports and cards as real files."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

COLUMNS = (
    "repo_id", "created_at", "last_modified", "downloads", "likes", "library_name", "pipeline_tag", "domain",
    "tags", "datasets", "datasets_size_bytes", "model_size_bytes", "emissions_g", "source", "training_type",
    "geographical_location", "hardware_used", "reporting_class", "reporting_level", "accuracy", "f1", "rouge1",
    "rougeL",
)  # fmt: skip


def write_csv(path: Path, rows: Iterable[dict[str, Any]], columns: Iterable[str] = COLUMNS) -> Path:
    columns = list(columns)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            cells = []
            for name in columns:
                value = row.get(name)
                cells.append("" if value is None else ";".join(value) if isinstance(value, list) else value)
            writer.writerow(cells)
    return path


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    return path


@pytest.fixture
def export(tmp_path: Path) -> Callable[..., Path]:
    """export(rows, name="export.csv", columns=...) -> a real CSV or JSONL file in tmp_path."""

    def make(rows: list[dict[str, Any]], name: str = "export.csv", columns: Iterable[str] = COLUMNS) -> Path:
        path = tmp_path / name
        return write_jsonl(path, rows) if name.endswith(".jsonl") else write_csv(path, rows, columns)

    return make


@pytest.fixture
def study_json(cli: Any) -> Callable[..., dict[str, Any]]:
    """Run ``hfcarbon-lint study EXPORT --format json`` in-process; return the parsed report."""

    def run(path: Path, *flags: str) -> dict[str, Any]:
        result = cli("study", str(path), "--format", "json", *flags)
        assert result.code == 0, result.err
        data: dict[str, Any] = json.loads(result.out)
        return data

    return run
