"""``hfcarbon-lint label`` (one model's A-E label) and ``hfcarbon-lint study`` (the paper's analysis).

numpy, scipy, statsmodels (``study`` extra) and matplotlib (``plots`` extra) are imported
inside ``study`` only; ``label`` is pure Python.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from hfcarbon_lint.app.label_inputs import FLAG_HINTS, LabelInputError, gather_label_inputs
from hfcarbon_lint.base.escaping import display_path, for_log, visible
from hfcarbon_lint.cli.options import format_option, retries_option, timeout_option
from hfcarbon_lint.label.card import label_for_report
from hfcarbon_lint.label.compute import LabelResult
from hfcarbon_lint.pictures.images import DEFAULT_IMAGE, ImageError, image_beside, model_name, write_label_image
from hfcarbon_lint.study.plots import write_plots
from hfcarbon_lint.study.reader import ExportError, read_export

EXIT_OK, EXIT_ERROR = 0, 2
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _fail(message: str) -> int:
    click.echo(for_log(f"hfcarbon-lint: {message}"), err=True)
    return EXIT_ERROR


def _count(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not value >= 0:
        raise click.BadParameter("must be a non-negative number")
    return value


# --------------------------------------------------------------------------------------- label


@click.command()
@click.argument("target", metavar="PATH|ORG/MODEL")
@click.option(
    "--model-size-bytes", type=float, callback=_count, metavar="N", help="Model size in bytes (overrides the Hub)."
)
@click.option(
    "--datasets-size-bytes",
    type=float,
    callback=_count,
    metavar="N",
    help="Training data size in bytes (overrides the Hub).",
)
@click.option("--downloads", type=float, callback=_count, metavar="N", help="Hub downloads (overrides the Hub).")
@click.option(
    "--paper-compat", is_flag=True, help="The authors' code: emissions' raw index against √-space cuts; 0 g rated A."
)
@format_option(["text", "json"], help="The label with its sub-ratings as text, or as a JSON object.")
@click.option(
    "--remote", "force_remote", is_flag=True, help="Treat TARGET as a Hub repo id even if a local path exists."
)
@click.option("--revision", metavar="REV", help="Branch, tag or commit of a Hub card.")
@click.option("--offline", is_flag=True, help="Hub cards from the local cache only.")
@click.option(
    "--svg",
    "svg_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also draw the label as a self-contained SVG image in FILE.",
)
@click.option(
    "--write",
    "write_card",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CARD",
    help=f"Put the image (beside CARD, named by --svg or {DEFAULT_IMAGE}) and its alt text in CARD, once.",
)
@click.option(
    "--name", metavar="TEXT", help="The model's name on the image (default: the repo id or the card's folder)."
)
@timeout_option
@retries_option
def label(
    target: str,
    model_size_bytes: float | None,
    datasets_size_bytes: float | None,
    downloads: float | None,
    paper_compat: bool,
    output_format: str,
    force_remote: bool,
    revision: str | None,
    offline: bool,
    svg_file: Path | None,
    write_card: Path | None,
    name: str | None,
    timeout: float | None,
    retries: int | None,
) -> int:
    """A-E carbon-efficiency label of one card (2023 reference).

    Rated against the paper's 2023 reference population (cut-points shipped as data).

    \b
    Emissions come from the card, performance from its model-index (accuracy, F1,
    ROUGE-1, ROUGE-L); model size, dataset size and downloads from the Hub for a repo
    id, or from the flags. Missing attributes are skipped, their weight shared among
    the others. --svg draws it as an image (--write places it in a card).
    Exit 0 (label shown, or none possible), 2 could not run.
    """
    if write_card is not None:
        try:
            image_beside(write_card, svg_file)  # a bad --svg is an error before any work
        except ImageError as exc:
            return _fail(str(exc))
    flags = {"model_size": model_size_bytes, "datasets_size": datasets_size_bytes, "downloads": downloads}
    stdin = sys.stdin.buffer if sys.stdin is not None else None  # None: started with stdin closed
    try:
        inputs = gather_label_inputs(
            target,
            flags,
            force_remote=force_remote,
            revision=revision,
            offline=offline,
            stdin=stdin,
            timeout=timeout,
            retries=retries,
        )
    except LabelInputError as failure:
        return _fail(str(failure))
    for warning in inputs.warnings:
        click.echo(for_log(f"hfcarbon-lint: {warning}"), err=True)
    report, known, sources = inputs.report, inputs.known, inputs.sources
    result = label_for_report(
        report,
        model_size_bytes=known.get("model_size"),
        datasets_size_bytes=known.get("datasets_size"),
        downloads=known.get("downloads"),
        paper_compat=paper_compat,
        sources=sources,
        hints=FLAG_HINTS,
    )
    if output_format == "json":
        payload: dict[str, Any] = {"target": report.target, "path": report.path}
        payload.update(
            result.to_dict()
            if result is not None
            else {"label": None, "why": "no label: the card reports no emissions"}
        )
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(render_label_text(report.target, result), nl=False)
    if result is not None and (svg_file is not None or write_card is not None):
        try:
            image, placed = write_label_image(result, name or model_name(report), svg_file, write_card)
        except ImageError as exc:
            return _fail(str(exc))
        click.echo(for_log(f"hfcarbon-lint: label image written to {image}"), err=True)
        if placed is not None and write_card is not None:
            done = f"placed {placed.where}" if placed.changed else "already there, unchanged"
            click.echo(for_log(f"hfcarbon-lint: {write_card}: label image {done}"), err=True)
    return EXIT_OK


def render_label_text(target: str, result: LabelResult | None) -> str:
    target = display_path(target)
    if result is None:
        return f"{target}: no label: the card reports no emissions\n"
    if result.label is None:
        return f"{target}: {result.why}\n"
    lines = [f"{target}: label {result.label}  (reference {result.reference}, {result.mode} mode)"]
    lines.append(f"  relative to {result.population}")
    width = max(len(sub.title) for sub in result.sub_ratings)
    for sub in result.sub_ratings:
        letter = sub.letter or "–"
        weight = f"w {sub.weight:g}" + (f"→{sub.effective_weight:.2f}" if sub.effective_weight is not None else "")
        source = f" [{sub.source}]" if sub.source and sub.rating is not None else ""
        lines.append(f"  {sub.title:<{width}}  {letter}  {weight:<10} {sub.why}{source}")
    lines.append(f"  {'label':<{width}}  {result.label or '–'}  {'':<10} {result.why}")
    if result.emissions_band:
        emissions_letter = result.sub_rating("emissions").letter
        lines.append(f"  emissions {emissions_letter} means {result.emissions_band} CO2eq against this population")
    lines.extend(f"  note: {visible(note)}" for note in result.notes)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------- study


def _month(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    match = _MONTH.match(value.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise click.BadParameter(f"{value!r}: expected YYYY-MM")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


@click.command()
@click.argument("export", metavar="EXPORT")
@click.option(
    "--paper-compat", is_flag=True, help="Reproduce the authors' code, quirks included (see the report's last table)."
)
@format_option(["markdown", "json"], default="markdown", help="The study report as Markdown, or as JSON.")
@click.option(
    "--output",
    "output_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of stdout.",
)
@click.option(
    "--plots",
    "plots_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Also write PNG figures to DIR (needs matplotlib).",
)
@click.option(
    "--labels",
    "labels_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write every reporting model's label and sub-ratings as CSV.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the report as one self-contained HTML page with its figures.",
)
@click.option("--since", callback=_month, metavar="YYYY-MM", help="First creation month of the monthly series.")
@click.option(
    "--until",
    callback=_month,
    metavar="YYYY-MM",
    help="Last creation month of the monthly series (e.g. drop a partial month).",
)
@click.option(
    "--alpha",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.05,
    show_default=True,
    help="Family-wise error rate for Holm.",
)
def study(
    export: str,
    paper_compat: bool,
    output_format: str,
    output_file: Path | None,
    plots_dir: Path | None,
    labels_file: Path | None,
    html_file: Path | None,
    since: int | None,
    until: int | None,
    alpha: float,
) -> int:
    """The paper's statistics over an audit export (CSV, JSONL).

    Reporting classes, monthly trends, domains, size correlations, Holm, A-E labels.

    \b
    EXPORT has the columns of `hfcarbon-lint audit --export` (absent columns are missing
    values). The default mode fixes the quirks of the authors' code; --paper-compat
    reproduces them. Exit 0 report written, 2 could not run.
    """
    try:
        from hfcarbon_lint.study.analysis import StudyOptions, run_study
        from hfcarbon_lint.study.report import render_json, render_markdown, write_labels
    except ImportError as exc:
        return _fail(
            f"study needs numpy, scipy and statsmodels ({exc.name} is missing): pip install 'hfcarbon-lint[study]'"
        )
    try:
        population = read_export(export)
    except ExportError as exc:
        return _fail(str(exc))
    result = run_study(population, StudyOptions(paper_compat=paper_compat, since=since, until=until, alpha=alpha))
    text = render_json(result.report) if output_format == "json" else render_markdown(result.report)
    try:
        if labels_file is not None:
            write_labels(labels_file, result.labels)
        if plots_dir is not None:
            try:
                write_plots(result.report, plots_dir)
            except ImportError as exc:  # matplotlib is the optional ``plots`` extra
                return _fail(f"--plots needs matplotlib ({exc.name} is missing): pip install 'hfcarbon-lint[plots]'")
        if html_file is not None:
            from hfcarbon_lint.pictures.study_page import study_html

            html_file.write_text(study_html(result.report), encoding="utf-8")
        if output_file is not None:
            output_file.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
    return EXIT_OK
