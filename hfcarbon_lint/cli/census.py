"""The census options of ``audit`` (``--all``, ``--resume``, ``--from-parquet``, ``--from-dataset``, ``--jobs``).

Kept apart from ``cli/audit.py``: ``audit`` applies :func:`census_options` and hands over to
:func:`run_census` when one of them is given. Exit codes are the audit's: 0 the census ran, 1 a
model is below ``--min-class``, 2 it could not run or stopped early (the message says how to resume).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def census_options(function: F) -> F:
    options = [
        click.option(
            "--all",
            "all_models",
            is_flag=True,
            help="Every model the query lists (the whole Hub without AUTHOR, --search or --filter), "
            "streamed in bounded memory; resumable with --export and --resume.",
        ),
        click.option(
            "--resume",
            is_flag=True,
            help="With --all and --export: go on from the checkpoint beside the export (EXPORT.checkpoint.json).",
        ),
        click.option(
            "--from-parquet",
            "from_parquet",
            multiple=True,
            metavar="PATH",
            help="Lint the cards of a model-card dump (parquet files or a folder of shards; needs the parquet extra).",
        ),
        click.option(
            "--from-dataset",
            "from_dataset",
            metavar="REPO_ID",
            help="Download a dump's shards from the Hub (e.g. librarian-bots/model_cards_with_metadata), then lint them.",
        ),
        click.option(
            "--jobs", type=click.IntRange(1, 64), metavar="N", help="Worker processes for a dump (default: the cores)."
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@dataclass(frozen=True)
class CensusOptions:
    all_models: bool
    resume: bool
    from_parquet: tuple[str, ...]
    from_dataset: str | None
    jobs: int | None

    @property
    def wanted(self) -> bool:
        return bool(self.all_models or self.resume or self.from_parquet or self.from_dataset or self.jobs)


def check_usage(census: CensusOptions, audit: dict[str, Any]) -> None:
    """Census options against the audit's; a conflict is a usage error (exit 2)."""
    dump = bool(census.from_parquet or census.from_dataset)
    if census.from_parquet and census.from_dataset:
        raise click.UsageError("--from-parquet and --from-dataset: give one dump")
    if dump and census.all_models:
        raise click.UsageError("--all lists the Hub; --from-parquet/--from-dataset read a dump: choose one")
    if census.resume and not census.all_models:
        raise click.UsageError("--resume goes on with an `audit --all --export FILE` census: add --all")
    if census.resume and not audit["export_file"]:
        raise click.UsageError("--resume needs --export FILE: the checkpoint is kept beside the export")
    if census.jobs and not dump:
        raise click.UsageError("--jobs sets the worker processes of --from-parquet/--from-dataset")
    if not (census.all_models or dump):
        return
    refused = {
        "--deep": audit["deep"],
        "--fix": audit["fix"],
        "--dataset-sizes": audit["dataset_sizes"],
        "--offline": audit["offline"],
        "--show-diagnostics": audit["show_diagnostics"],
        "named repos (ORG/MODEL, --from-file)": bool(audit["repo_ids"]),
    }
    for name, given in refused.items():
        if given:
            hint = " (a deep census reads a dump: --from-parquet or --from-dataset)" if name == "--deep" else ""
            raise click.UsageError(f"{name} does not go with a census{hint}")
    if dump and (audit["authors"] or audit["search"] or audit["filters"] or audit["limit"]):
        raise click.UsageError("a dump is read whole: AUTHOR, --search, --filter and --limit go with --all")
    if census.all_models and audit["revision"]:
        raise click.UsageError("--revision with a census names the dump's revision: use it with --from-dataset")


def run_census(census: CensusOptions, audit: dict[str, Any], settings: Any, color: bool) -> int:
    """Run the census the options ask for, print its summary; the exit code."""
    from hfcarbon_lint.hub.client import HubConfig, HubFailure

    err = sys.stderr
    config = HubConfig.from_env(timeout=audit["timeout"], retries=audit["retries"], offline=audit["offline"])
    try:
        if census.all_models:
            summary, stopped = _listing(census, audit, settings, config)
        else:
            summary, stopped = _dump(census, audit, settings, config)
    except HubFailure as failure:
        err.write(f"hfcarbon-lint: audit: {failure}\n")
        return 2
    except _Refused as refused:
        err.write(f"hfcarbon-lint: audit: {refused}\n")
        return 2
    from hfcarbon_lint.hub.report import summary_text

    if audit["output_format"] == "json":
        sys.stdout.write(json.dumps({"audit": summary}, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    else:
        sys.stdout.write(summary_text(summary, color))
    if stopped is not None or not summary["checked"]:
        return 2
    minimum = settings.min_class
    if minimum is not None and any(
        count for label, count in summary["by_class"].items() if _level(label) < minimum.level
    ):
        return 1
    return 0


class _Refused(Exception):
    """A census that cannot start: one line, exit 2."""


def _level(label: str) -> int:
    from hfcarbon_lint.base.classification import ReportingClass

    return next(member.level for member in ReportingClass if member.label == label)


def _listing(census: CensusOptions, audit: dict[str, Any], settings: Any, config: Any) -> tuple[dict[str, Any], Any]:
    from hfcarbon_lint.base.escaping import visible
    from hfcarbon_lint.census.listing import CensusError, ListingCensus

    err = sys.stderr
    bar = _bar(audit["progress"], "page")

    def on_page(pages: int, rows: int) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{rows:,} models", refresh=False)

    engine = ListingCensus(audit["request"], settings, config, audit["export_file"], census.resume, on_page)
    try:
        result = engine.run()
    except CensusError as exc:
        raise _Refused(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    export = visible(str(result.export)) if result.export is not None else None
    if result.resumed_at is not None:
        err.write(f"hfcarbon-lint: audit: resumed at page {result.resumed_at:,} of the listing\n")
    if export is not None:
        err.write(f"hfcarbon-lint: audit: {result.rows:,} rows in {export} ({result.pages:,} listing pages)\n")
    stopped = result.stopped
    if stopped is not None:
        again = " run the same command with --resume to go on from there" if export is not None else ""
        err.write(f"hfcarbon-lint: audit: {stopped}: the census stopped after page {result.pages:,};{again}\n")
    extra = {
        "census": {
            "source": "listing",
            "pages": result.pages,
            "rows": result.rows,
            "resumed_at_page": result.resumed_at,
            "complete": result.complete,
        }
    }
    return result.summary.summary(str(stopped) if stopped is not None else None, extra), stopped


def _dump(census: CensusOptions, audit: dict[str, Any], settings: Any, config: Any) -> tuple[dict[str, Any], Any]:
    from hfcarbon_lint.census.dump import DumpCensus, DumpError, shard_files
    from hfcarbon_lint.hub.export import ExportError, ExportWriter

    err = sys.stderr
    source = None
    paths: tuple[str | Path, ...] = census.from_parquet
    try:
        from hfcarbon_lint.census.dump import pyarrow_parquet

        pyarrow_parquet()  # before any download: the reader must be there
        if census.from_dataset:
            from hfcarbon_lint.census.dataset import fetch_dump

            progress = audit["progress"] if audit["progress"] is not None else sys.stderr.isatty()
            fetched = fetch_dump(census.from_dataset, audit["revision"], config, progress)
            source = fetched.source
            err.write(f"hfcarbon-lint: audit: dump {source} in {fetched.folder}\n")
            paths = (fetched.folder,)
        files = shard_files(paths)
    except DumpError as exc:
        raise _Refused(str(exc)) from None
    writer = None
    if audit["export_file"]:
        try:
            writer = ExportWriter(audit["export_file"])
        except ExportError as exc:
            raise click.UsageError(str(exc)) from None
    bar = _bar(audit["progress"], "card")
    engine = DumpCensus(files, settings, audit["request"].label, census.jobs or 0, source)
    try:
        summary, rows = engine.run(writer, bar.update if bar is not None else None)
    except DumpError as exc:
        raise _Refused(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
        if writer is not None:
            writer.close()
    if writer is not None:
        from hfcarbon_lint.base.escaping import visible

        err.write(f"hfcarbon-lint: audit: wrote {rows:,} rows to {visible(str(writer.path))}\n")
    extra = {"census": {"source": source or "parquet", "files": len(files), "rows": rows, "complete": True}}
    return summary.summary(None, extra), None


def _bar(progress: bool | None, unit: str) -> Any:
    if not (progress if progress is not None else sys.stderr.isatty()):
        return None
    from tqdm.auto import tqdm

    return tqdm(unit=unit, desc="census", file=sys.stderr, leave=False, dynamic_ncols=True)
