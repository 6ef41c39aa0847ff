"""``hfcarbon-lint audit AUTHOR|ORG/MODEL...``: the carbon reporting of many Hub models.

Exit codes follow ``check``: 0 the audit ran (findings on the audited cards are its result, not a
failure, and models that could not be checked are listed in the summary); 1 ``--min-class`` was
given and at least one checked model is below it; 2 the audit could not run (bad usage, the
listing failed or was cut short, nothing matched, or not a single model could be checked).

With ``--fix --create-pr``: without ``--yes``, the plan is printed and nothing is written: exit 1
when there are pull requests to open (like ``check --diff``), 0 when there are none; with
``--yes``, exit 2 when a pull request could not be opened (or the token could not write), else as
above. A missing or read-only token is exit 2 before any request.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from hfcarbon_lint.base.escaping import visible
from hfcarbon_lint.base.files import read_stream
from hfcarbon_lint.cli.census import CensusOptions, census_options, check_usage, run_census
from hfcarbon_lint.cli.options import (
    build_settings,
    color_option,
    format_option,
    lint_options,
    read_config,
    retries_option,
    timeout_option,
    use_color,
)
from hfcarbon_lint.hub.audit import run_audit
from hfcarbon_lint.hub.campaign import carry_out, plan
from hfcarbon_lint.hub.client import HubConfig, HubFailure
from hfcarbon_lint.hub.export import ExportError, ExportWriter
from hfcarbon_lint.hub.pullrequest import require_write_token
from hfcarbon_lint.hub.report import render_campaign, render_json, render_text
from hfcarbon_lint.hub.request import AuditRequest
from hfcarbon_lint.hub.results import ModelOutcome
from hfcarbon_lint.lint.discovery import REPO_ID

MAX_TARGET_FILE = 10 * 1024 * 1024  # about 100,000 repo ids
AUTHOR = re.compile(r"^[A-Za-z0-9][\w.\-]*$")


def _split_targets(values: list[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``org/model`` and ``hf://...`` are repo ids; a bare word is an author (user or organisation).

    A bare word whose author listing is empty is then tried as one of the Hub's single-name model
    ids (``gpt2``): see ``Auditor``. ``hf://gpt2`` names the model directly.

    ``values`` are (text, where) pairs; ``where`` is ``TARGETS`` or ``FILE:LINE`` of ``--from-file``.
    A bad argument is a usage error; a bad line of a file is reported and skipped.
    """
    authors: list[str] = []
    repos: list[str] = []
    for value, where in values:
        problem = _target_problem(value)
        if problem is None:
            match = REPO_ID.match(value)
            if match is not None and "/" in value:
                repos.append(match.group("repo"))
            else:
                authors.append(value)
        elif where == "TARGETS":
            raise click.BadParameter(problem, param_hint="TARGETS")
        else:
            sys.stderr.write(f"hfcarbon-lint: audit: {where}: {problem}: skipped\n")
    return tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(repos))


def _target_problem(value: str) -> str | None:
    """Why ``value`` names neither an author nor a repo id (huggingface_hub's own rules: no ``..``, no ``--``)."""
    if "/" in value:
        match = REPO_ID.match(value)
        if match is None or not _valid_repo_id(match.group("repo")):
            return f"{value!r} is not an org/model repo id"
        return None
    if AUTHOR.match(value) is None or not _valid_repo_id(f"{value}/x"):
        return f"{value!r} is neither an author nor an org/model repo id"
    return None


def _valid_repo_id(repo_id: str) -> bool:
    """huggingface_hub's ``validate_repo_id``, without importing it to parse a command line."""
    parts = repo_id.split("/")
    return (
        ".." not in repo_id
        and "--" not in repo_id
        and len(repo_id) <= 96
        and not repo_id.endswith(".git")
        and all(part and part[0] not in "-." and part[-1] not in "-." for part in parts)
    )


def _read_target_file(path: str) -> list[tuple[str, str]]:
    # Bounded, as cards are: `--from-file /dev/zero` (or `- < /dev/zero`) must end, not fill memory.
    # A FIFO is read as it comes: process substitution, `--from-file <(grep ...)`, is one.
    try:
        if path == "-":
            if sys.stdin is None:  # started with stdin closed
                raise OSError("standard input is closed")
            raw = read_stream(sys.stdin.buffer, MAX_TARGET_FILE)
        else:
            with Path(path).open("rb") as stream:
                raw = read_stream(stream, MAX_TARGET_FILE)
        if len(raw) > MAX_TARGET_FILE:
            raise OSError(f"larger than {MAX_TARGET_FILE:,} bytes; not a list of authors and repo ids")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise click.BadParameter(f"{path}: {message}", param_hint="--from-file") from None
    name = "stdin" if path == "-" else path
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        value = line.split("#", 1)[0].strip()
        if value:
            found.append((value, f"{visible(name)}:{number}"))
    return found


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
@format_option(["text", "json"], help="Summary for people, or the check JSON document with an 'audit' object.")
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
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write a self-contained HTML page: figures and a sortable table of the models.",
)
@click.option(
    "--svg-dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="With --label: also write each model's label as an SVG image in DIR.",
)
@click.option(
    "--show-diagnostics", is_flag=True, help="Print every model's diagnostics before the summary (text format)."
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: only when stderr is a terminal)."
)
@click.option(
    "--fix", is_flag=True, help="Fix each README.md (read as with --deep); with --create-pr, propose the fixes."
)
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, also fixes that change a value (units to grams...).")
@click.option(
    "--create-pr", is_flag=True, help="With --fix: one pull request per fixable card (plan first; --yes to open them)."
)
@click.option("--yes", is_flag=True, help="With --create-pr: open the planned pull requests (needs a write token).")
@color_option
@lint_options
@census_options
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
    html_file: Path | None,
    svg_dir: Path | None,
    show_diagnostics: bool,
    progress: bool | None,
    fix: bool,
    unsafe_fixes: bool,
    create_pr: bool,
    yes: bool,
    color: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    min_class: str | None,
    classification: str | None,
    config_file: Path | None,
    isolated: bool,
    all_models: bool,
    resume: bool,
    from_parquet: tuple[str, ...],
    from_dataset: str | None,
    jobs: int | None,
) -> int:
    """Audit the carbon reporting of many Hub models: every model of an AUTHOR, a search, or named repos.

    \b
    hfcarbon-lint audit my-org                        every model of my-org (cardData, fast)
    hfcarbon-lint audit my-org --deep                 also read each README.md
    hfcarbon-lint audit --filter co2_eq_emissions --limit 500 --export co2.csv
    hfcarbon-lint audit org/a org/b --format json
    hfcarbon-lint audit my-org --fix --create-pr       plan pull requests; --yes opens them
    hfcarbon-lint audit --all --export hub.csv --resume   the whole Hub (cardData), resumable
    hfcarbon-lint audit --from-dataset librarian-bots/model_cards_with_metadata --export cards.csv

    Exit 0 the audit ran, 1 a model is below --min-class (or, planning, pull requests to open),
    2 the audit could not run.
    """
    config_values = read_config(config_file, isolated)
    settings = build_settings(config_values, select, ignore, min_class, classification)
    names = [(value, "TARGETS") for value in targets]
    if from_file:
        names += _read_target_file(from_file)
    authors, repo_ids = _split_targets(names)
    census = CensusOptions(all_models, resume, from_parquet, from_dataset, jobs)
    if census.wanted:
        census_request = AuditRequest(
            authors=authors, search=search, filters=tuple(filters), limit=limit, label=with_label
        )
        audit_values = dict(
            request=census_request,
            authors=authors,
            search=search,
            filters=filters,
            limit=limit,
            deep=deep,
            fix=fix,
            dataset_sizes=dataset_sizes,
            offline=offline,
            show_diagnostics=show_diagnostics,
            repo_ids=repo_ids,
            revision=revision,
            export_file=export_file,
            timeout=timeout,
            retries=retries,
            output_format=output_format,
            progress=progress,
        )
        check_usage(census, audit_values)
        return run_census(census, audit_values, settings, use_color(color))
    if from_file and not (authors or repo_ids or search or filters):
        where = "stdin" if from_file == "-" else visible(from_file)
        raise click.BadParameter(
            f"{where}: no usable line (one AUTHOR or ORG/MODEL per line)", param_hint="--from-file"
        )
    request = AuditRequest(
        authors=authors,
        repo_ids=repo_ids,
        search=search,
        filters=tuple(filters),
        limit=limit,
        deep=deep or fix,
        concurrency=concurrency,
        revision=revision,
        dataset_sizes=dataset_sizes,
        label=with_label,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
    )
    config = HubConfig.from_env(timeout=timeout, retries=retries, offline=offline)
    _check_usage(request, config.offline, create_pr, yes)
    if svg_dir is not None and not with_label:
        raise click.UsageError("--svg-dir draws each model's label: add --label")
    if create_pr:
        try:
            require_write_token(config)
        except HubFailure as failure:
            sys.stderr.write(f"hfcarbon-lint: audit: {failure}\n")
            return 2

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

    def on_total(total: int) -> None:
        if bar is not None and bar.total != total:
            bar.total = total  # known now: tqdm shows n/total and the time left
            bar.refresh()

    try:
        result = run_audit(request, settings, config, on_outcome, on_total)
    finally:
        if bar is not None:
            bar.close()
        if writer is not None:
            writer.close()

    stopped = result.listing_stopped
    if not result.outcomes:
        message = str(stopped) if stopped is not None else f"no models found ({_scope(request, config.offline)})"
        err.write(f"hfcarbon-lint: audit: {message}\n")
        return 2
    campaign = _pull_requests(result, config, concurrency, yes) if create_pr else None
    if output_format == "json":
        sys.stdout.write(render_json(result, campaign, sent=yes))
    else:
        sys.stdout.write(render_text(result, use_color(color), show_diagnostics))
        if campaign is not None:
            sys.stdout.write(render_campaign(campaign, sent=yes))
    if writer is not None:
        err.write(f"hfcarbon-lint: audit: wrote {writer.rows} rows to {writer.path}\n")
    if (html_file is not None or svg_dir is not None) and not _write_pictures(result, html_file, svg_dir):
        return 2
    if stopped is not None:
        err.write(f"hfcarbon-lint: audit: {stopped}: the audit above covers only those\n")
    if not result.checked or stopped is not None:
        return 2
    if campaign is not None and yes and (campaign.stopped is not None or campaign.count("failed")):
        return 2
    if campaign is not None and not yes and campaign.to_open:
        return 1
    if settings.min_class is not None and any(
        o.report is not None
        and o.report.reporting_class is not None
        and o.report.reporting_class.level < settings.min_class.level
        for o in result.checked
    ):
        return 1
    return 0


def _write_pictures(result: Any, html_file: Path | None, svg_dir: Path | None) -> bool:
    """``--html`` and ``--svg-dir``: the page and the label images (pictures/); False when one cannot be written."""
    from hfcarbon_lint.pictures.audit_page import audit_html, rows_from_audit
    from hfcarbon_lint.pictures.images import ImageError, write_audit_labels

    try:
        if svg_dir is not None:
            count = write_audit_labels(result.checked, svg_dir)
            sys.stderr.write(f"hfcarbon-lint: audit: wrote {count} label images to {visible(str(svg_dir))}\n")
        if html_file is not None:
            html_file.write_text(audit_html(rows_from_audit(result)), encoding="utf-8")
            sys.stderr.write(f"hfcarbon-lint: audit: wrote the page {visible(str(html_file))}\n")
    except ImageError as exc:
        sys.stderr.write(f"hfcarbon-lint: audit: {visible(str(exc))}\n")
        return False
    except OSError as exc:
        sys.stderr.write(f"hfcarbon-lint: audit: {visible(str(html_file))}: {exc.strerror or exc}\n")
        return False
    return True


def _pull_requests(result: Any, config: Any, concurrency: int, yes: bool) -> Any:
    """The plan, and with ``yes`` the pull requests opened, one progress line each on stderr."""
    campaign = plan(result, config, concurrency)
    if yes:

        def progress(planned: Any, done: int, total: int) -> None:
            what = planned.opened.url if planned.opened else planned.failure
            sys.stderr.write(f"hfcarbon-lint: audit: [{done}/{total}] {planned.state} {planned.repo_id}: {what}\n")

        carry_out(campaign, config, progress)
    return campaign


def _check_usage(request: Any, offline: bool, create_pr: bool, yes: bool) -> None:
    if request.fix and not create_pr:
        raise click.UsageError("an audit fixes Hub cards through pull requests: add --create-pr to --fix")
    if (create_pr or request.unsafe_fixes) and not request.fix:
        raise click.UsageError("--create-pr and --unsafe-fixes go with --fix")
    if yes and not create_pr:
        raise click.UsageError("--yes confirms --fix --create-pr: nothing to confirm")
    if create_pr and request.revision and re.fullmatch(r"[0-9a-f]{40}", request.revision):
        raise click.UsageError("--create-pr opens pull requests against a branch: --revision must name a branch")
    if request.fix and offline:
        raise click.UsageError("--fix --create-pr needs the Hub: not available with --offline")
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

    # Known up front: named repos, and at most --limit listed models (the Hub may list fewer); an
    # open listing's total is set once it is read (on_total), before the slow --deep checks.
    total: int | None = len(request.repo_ids)
    if request.lists:
        total = None if request.limit is None else request.limit + len(request.repo_ids)
    return tqdm(total=total, unit="model", desc="audit", file=sys.stderr, leave=False, dynamic_ncols=True)
