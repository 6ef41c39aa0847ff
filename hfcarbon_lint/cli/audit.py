"""``hfcarbon-lint audit AUTHOR|ORG/MODEL...``: the carbon reporting of many Hub models.

Exit codes follow ``check``: 0 the audit ran (findings on the audited cards are its result, not a
failure, and models that could not be checked are listed in the summary); 1 ``--min-class`` was
given and at least one checked model is below it; 2 the audit could not run (bad usage, the
listing failed, nothing matched, or not a single model could be checked).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from hfcarbon_lint.cli.options import (
    build_settings,
    color_option,
    lint_options,
    read_config,
    retries_option,
    timeout_option,
    use_color,
)
from hfcarbon_lint.lint.discovery import repo_id

AUTHOR = re.compile(r"^[A-Za-z0-9][\w.\-]*$")


def _split_targets(values: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``org/model`` and ``hf://...`` are repo ids; a bare word is an author (user or organisation).

    A bare word whose author listing is empty is then tried as one of the Hub's single-name model
    ids (``gpt2``): see ``Auditor``. ``hf://gpt2`` names the model directly.
    """
    authors: list[str] = []
    repos: list[str] = []
    for value in values:
        repo = repo_id(value)
        if ("/" in value or value.startswith("hf://")) and repo is not None:
            repos.append(repo)
        elif "/" not in value and AUTHOR.match(value):
            authors.append(value)
        else:
            raise click.BadParameter(f"{value!r} is neither an author nor a Hub model id", param_hint="TARGETS")
    return tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(repos))


def _read_target_file(path: str) -> list[str]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise click.BadParameter(f"{path}: {message}", param_hint="--from-file") from None
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


@click.command()
@click.argument("targets", nargs=-1, metavar="[AUTHOR|ORG/MODEL]...")
@click.option("--search", metavar="TEXT", help="Only models whose id contains TEXT (the Hub's search).")
@click.option(
    "--filter", "filters", multiple=True, metavar="TAG", help="Only models with this tag (repeatable; all must match)."
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N models.")
@click.option(
    "--from-file",
    "from_file",
    metavar="FILE",
    help="Read authors / repo ids from FILE, one per line ('-': stdin; '#' comments).",
)
@click.option("--deep", is_flag=True, help="Also download every README.md (body lines, exact positions), concurrently.")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=16,
    show_default=True,
    help="Parallel requests for --deep, named repos and --dataset-sizes.",
)
@click.option(
    "--dataset-sizes",
    is_flag=True,
    help="Look up each training dataset's size on the Hub (one request per distinct dataset).",
)
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Summary for people, or the check JSON document with an 'audit' object.",
)
@click.option(
    "--export",
    "export_file",
    metavar="FILE.csv|FILE.jsonl",
    help="Write one row per checked model, streamed as models finish.",
)
@click.option("--revision", metavar="REV", help="Branch, tag or commit of the READMEs (--deep) and of named repos.")
@click.option("--offline", is_flag=True, help="Only READMEs already in the Hugging Face cache; no request at all.")
@timeout_option
@retries_option
@click.option(
    "--label",
    "with_label",
    is_flag=True,
    help="Also give each model's A-E efficiency label (emissions, downloads, sizes, metrics).",
)
@click.option(
    "--show-diagnostics", is_flag=True, help="Print every model's diagnostics before the summary (text format)."
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: only when stderr is a terminal)."
)
@color_option
@lint_options
def audit(
    targets: tuple[str, ...],
    search: str | None,
    filters: tuple[str, ...],
    limit: int | None,
    from_file: str | None,
    deep: bool,
    concurrency: int,
    dataset_sizes: bool,
    output_format: str,
    export_file: str | None,
    revision: str | None,
    offline: bool,
    timeout: float | None,
    retries: int | None,
    with_label: bool,
    show_diagnostics: bool,
    progress: bool | None,
    color: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    min_class: str | None,
    classification: str | None,
    config_file: Path | None,
    isolated: bool,
) -> int:
    """Audit the carbon reporting of many Hub models: every model of an AUTHOR, a search, or named repos.

    \b
    hfcarbon-lint audit my-org                        every model of my-org (cardData, fast)
    hfcarbon-lint audit my-org --deep                 also read each README.md
    hfcarbon-lint audit --filter co2_eq_emissions --limit 500 --export co2.csv
    hfcarbon-lint audit org/a org/b --format json

    Exit 0 the audit ran, 1 a model is below --min-class, 2 the audit could not run.
    """
    from hfcarbon_lint.hub.audit import AuditRequest, ModelOutcome, run_audit
    from hfcarbon_lint.hub.client import HubConfig, HubFailure
    from hfcarbon_lint.hub.export import ExportError, ExportWriter
    from hfcarbon_lint.hub.report import render_json, render_text

    config_values = read_config(config_file, isolated)
    settings = build_settings(config_values, select, ignore, min_class, classification)
    names = list(targets) + (_read_target_file(from_file) if from_file else [])
    authors, repo_ids = _split_targets(names)
    request = AuditRequest(
        authors=authors,
        repo_ids=repo_ids,
        search=search,
        filters=tuple(filters),
        limit=limit,
        deep=deep,
        concurrency=concurrency,
        revision=revision,
        dataset_sizes=dataset_sizes,
        label=with_label,
    )
    config = HubConfig.from_env(timeout=timeout, retries=retries, offline=offline)
    _check_usage(request, config.offline)

    writer: ExportWriter | None = None
    if export_file:
        try:
            writer = ExportWriter(export_file)
        except ExportError as exc:
            raise click.UsageError(str(exc)) from None
    err = sys.stderr
    show_bar = progress if progress is not None else err.isatty()
    bar = _progress_bar(request, show_bar)

    def on_outcome(outcome: ModelOutcome) -> None:
        if writer is not None and outcome.row is not None:
            writer.write(outcome.row)
        if bar is not None:
            bar.update(1)

    if config.offline:
        err.write(
            f"hfcarbon-lint: audit: offline: reading the local cache only ({config.cache_dir}); the Hub is not asked\n"
        )
    try:
        result = run_audit(request, settings, config, on_outcome)
    except HubFailure as failure:
        err.write(f"hfcarbon-lint: audit: {failure}\n")
        return 2
    finally:
        if bar is not None:
            bar.close()
        if writer is not None:
            writer.close()

    if not result.outcomes:
        err.write(f"hfcarbon-lint: audit: no models found ({_scope(request, config.offline)})\n")
        return 2
    if output_format == "json":
        sys.stdout.write(render_json(result))
    else:
        sys.stdout.write(render_text(result, use_color(color), show_diagnostics))
    if writer is not None:
        err.write(f"hfcarbon-lint: audit: wrote {writer.rows} rows to {writer.path}\n")
    if not result.checked:
        return 2
    if settings.min_class is not None and any(
        o.report is not None and o.report.reporting_class.level < settings.min_class.level for o in result.checked
    ):
        return 1
    return 0


def _check_usage(request: Any, offline: bool) -> None:
    if not request.lists and not request.repo_ids:
        raise click.UsageError("name an AUTHOR, ORG/MODEL ids, --from-file, --search or --filter")
    if offline and (request.search or request.filters):
        raise click.UsageError("--search and --filter need the Hub's listing: not available with --offline")
    if offline and request.dataset_sizes:
        raise click.UsageError("--dataset-sizes needs the Hub: not available with --offline")
    if request.revision and request.lists and not request.deep and not offline:
        raise click.UsageError("--revision applies to README downloads: add --deep (the listing's cardData is main's)")


def _scope(request: Any, offline: bool) -> str:
    parts = [f"author {a}" for a in request.authors]
    if request.search:
        parts.append(f"search {request.search!r}")
    parts.extend(f"filter {f}" for f in request.filters)
    if offline:
        parts.append("in the local cache")
    return ", ".join(parts) or "no match"


def _progress_bar(request: Any, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    total = request.limit if request.lists else len(request.repo_ids)
    if request.lists and request.limit is None:
        total = None
    return tqdm(total=total, unit="model", desc="audit", file=sys.stderr, leave=False, dynamic_ncols=True)
