"""``audit --from-parquet PATH...``: a deep census from the Hub's model-card dumps, without a request.

A dump is parquet shards in the schema of ``librarian-bots/model_cards_with_metadata``: ``modelId,
author, last_modified, downloads, likes, library_name, tags, pipeline_tag, createdAt, card`` (the
card is the whole README.md). The shards are read in record batches with pyarrow (the ``parquet``
extra), so memory holds one batch whatever the dump's size. Each batch's cards are linted as
``check`` lints a README (front matter and body lines: ``lint_bytes``), on workers forked once
for the whole census (``lint.parallel.ForkedPool``), and written to the same export as ``audit --deep``,
with the dump's dates, downloads, likes and tags. A snapshot lists each model once, so no
de-duplication is done: give the shards of one snapshot, not of two.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.base.escaping import visible
from hfcarbon_lint.census.summary import CensusSummary
from hfcarbon_lint.hub.audit import hub_label
from hfcarbon_lint.hub.carddata import front_matter_data
from hfcarbon_lint.hub.export import ExportWriter, export_row
from hfcarbon_lint.hub.remote import display_path
from hfcarbon_lint.lint.engine import LintSettings, internal_error_report, lint_bytes

COLUMNS = (
    "modelId",
    "author",
    "last_modified",
    "downloads",
    "likes",
    "library_name",
    "tags",
    "pipeline_tag",
    "createdAt",
    "card",
)
REQUIRED = ("modelId", "card")
# A Hub repo id (huggingface_hub's rules, loosely): anything else in a dump is reported, escaped, and skipped,
# so no text of a crafted dump reaches a terminal or the export as an id.
HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]{0,95}(?:/[A-Za-z0-9][\w.\-]{0,95})?$")
BATCH_ROWS = 2048
PARALLEL_ROWS = 64  # a batch smaller than this is linted in this process


class DumpError(Exception):
    """The dump cannot be read; one line naming the file."""


def pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise DumpError("reading card dumps needs pyarrow: pip install 'hfcarbon-lint[parquet]'") from None
    return parquet


def shard_files(paths: Sequence[str | Path]) -> list[Path]:
    """The parquet files named, a folder's ``*.parquet`` files (recursively, sorted) in the order given."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.parquet") if p.is_file())
            if not found:
                raise DumpError(f"{path}: no .parquet file in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise DumpError(f"{path}: no such file or folder")
    return list(dict.fromkeys(files))


@dataclass
class DumpRow:
    """One model of a dump, as the workers need it (plain values: forked children read it as is)."""

    repo_id: str
    info: dict[str, Any]  # the Hub's model object as the dump gives it (no cardData: the card has it)
    card: bytes


def iter_batches(files: Sequence[Path], batch_rows: int = BATCH_ROWS) -> Iterator[tuple[Path, list[DumpRow]]]:
    parquet = pyarrow_parquet()
    for path in files:
        try:
            shard = parquet.ParquetFile(path)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a file that is not parquet
            raise DumpError(f"{path}: not a parquet file ({_one_line(exc)})") from None
        present = set(shard.schema_arrow.names)
        missing = [name for name in REQUIRED if name not in present]
        if missing:
            raise DumpError(
                f"{path}: no {', '.join(missing)} column: not a model-card dump "
                "(librarian-bots/model_cards_with_metadata's schema)"
            )
        columns = [name for name in COLUMNS if name in present]
        try:
            for batch in shard.iter_batches(batch_size=batch_rows, columns=columns):
                values = {name: batch.column(name).to_pylist() for name in columns}
                rows = [_row(values, index) for index in range(batch.num_rows)]
                del values, batch  # the rows hold what is needed: the column copies would double the memory held
                yield path, rows
        except DumpError:
            raise
        except Exception as exc:  # noqa: BLE001 - a corrupt page or a column of another type
            raise DumpError(f"{path}: cannot read it ({_one_line(exc)})") from None


def _row(values: dict[str, list[Any]], index: int) -> DumpRow:
    def get(name: str) -> Any:
        column = values.get(name)
        return column[index] if column is not None else None

    repo_id = get("modelId")
    if not isinstance(repo_id, str):
        repo_id = ""
    tags = get("tags")
    info: dict[str, Any] = {
        "id": repo_id,
        "createdAt": _date(get("createdAt")),
        "lastModified": _date(get("last_modified")),
        "downloads": get("downloads"),
        "likes": get("likes"),
        "library_name": get("library_name"),
        "pipeline_tag": get("pipeline_tag"),
        "tags": [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else [],
    }
    card = get("card")
    return DumpRow(repo_id, info, card.encode("utf-8", "surrogatepass") if isinstance(card, str) else b"")


def _date(value: Any) -> str | None:
    """The Hub API's form, ``2023-01-02T03:04:05.000Z``, from the dump's timestamp (or text)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return str(value.isoformat(timespec="milliseconds")) + "Z"
    if isinstance(value, str) and value:
        return value
    return None


@dataclass(frozen=True)
class Linted:
    """What a worker sends back for one card: its export row and what the summary counts."""

    row: dict[str, Any]
    level: int | None  # None: the card was not read (no class)
    counts: tuple[int, int, int]
    emissions_g: float | None
    codes: list[str]


def lint_dump_row(item: DumpRow, settings: LintSettings, label: bool) -> Linted:
    """One dump card linted as ``check`` lints a README, and its export row (``audit --deep``'s)."""
    path = display_path(item.repo_id)
    try:
        report = lint_bytes(path, item.card, settings, item.repo_id)
        info = dict(item.info, cardData=front_matter_data(report))
        row = export_row(info, report)
        if label:
            row["label"] = hub_label(info, report)
    except Exception as exc:  # noqa: BLE001 - one odd card must not end a census
        report = internal_error_report(path, exc, item.repo_id)
        row = export_row(dict(item.info), report)
    codes = sorted({d.code for d in report.diagnostics if d.severity.label in ("error", "warning")})
    counts = (report.errors, report.warnings, report.infos)
    level = report.reporting_class.level if report.reporting_class is not None else None
    return Linted(row, level, counts, report.emissions_g, codes)


@dataclass
class DumpCensus:
    files: list[Path]
    settings: LintSettings
    label: bool = False
    jobs: int = 0  # 0: every core this process may use (at most 8)
    source: str | None = None  # where the dump came from (a dataset id and commit), for the summary

    def run(
        self, writer: ExportWriter | None, on_batch: Callable[[int], None] | None = None
    ) -> tuple[CensusSummary, int]:
        """Lint every card of every shard; (the summary, rows written)."""
        summary = CensusSummary("dump", {"files": [str(f) for f in self.files], "source": self.source}, self.label)
        levels = {member.level: member for member in ReportingClass}
        rows = 0
        pool = self._pool()  # forked before the first shard is read: the children never load pyarrow
        try:
            for _path, rows_read in iter_batches(self.files):
                batch = [row for row in rows_read if HUB_ID.match(row.repo_id)]
                for odd in (row for row in rows_read if not HUB_ID.match(row.repo_id)):
                    summary.add_failure(
                        visible(odd.repo_id[:100]) or "(none)", "bad-id", "modelId is not a Hub repo id"
                    )
                for linted in self._lint(batch, pool):
                    summary.add(
                        str(linted.row["repo_id"]),
                        levels[linted.level] if linted.level is not None else None,
                        linted.counts,
                        linted.emissions_g,
                        linted.codes,
                        linted.row.get("label"),
                    )
                    if writer is not None:
                        writer.write(linted.row)
                    rows += 1
                if on_batch is not None:
                    on_batch(len(rows_read))
        finally:
            if pool is not None:
                pool.close()
        return summary, rows

    def _linter(self) -> Callable[[DumpRow], Linted]:
        return partial(lint_dump_row, settings=self.settings, label=self.label)

    def _pool(self) -> Any:
        """Workers for the whole census (``lint.parallel.ForkedPool``), or None to lint here."""
        from hfcarbon_lint.lint import parallel

        jobs = self.jobs or min(parallel.available_cores(), 8)
        if jobs < 2 or not parallel.can_fork():
            return None
        return parallel.ForkedPool(self._linter(), jobs)

    def _lint(self, batch: list[DumpRow], pool: Any) -> Iterator[Linted]:
        lint = self._linter()
        if pool is None or len(batch) < PARALLEL_ROWS:
            yield from map(lint, batch)
            return
        done = 0
        try:
            for linted in pool.map(batch, max(16, len(batch) // (len(pool) * 4))):
                yield linted
                done += 1
        except RuntimeError:  # a worker died (killed, out of memory): the rest is linted here, nothing lost
            yield from map(lint, batch[done:])


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__
