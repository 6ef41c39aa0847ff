"""``hfcarbon-lint badge CARD -o FILE.svg``: a README badge of the card's reporting class (and grams)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hfcarbon_lint.app.label_inputs import LabelInputError, lint_one_card
from hfcarbon_lint.base.escaping import display_path, for_log
from hfcarbon_lint.cli.options import retries_option, timeout_option
from hfcarbon_lint.pictures.badge import badge_markdown, badge_svg

EXIT_OK, EXIT_ERROR = 0, 2


def _fail(message: str) -> int:
    click.echo(for_log(f"hfcarbon-lint: {message}"), err=True)
    return EXIT_ERROR


@click.command()
@click.argument("card", metavar="CARD|ORG/MODEL")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.svg",
    help="Where to write the badge.",
)
@click.option("--link", metavar="TARGET", help="The image path the Markdown line uses (default: FILE.svg as given).")
@click.option("--remote", "force_remote", is_flag=True, help="Treat CARD as a Hub repo id even if a local path exists.")
@click.option("--revision", metavar="REV", help="Branch, tag or commit of a Hub card.")
@click.option("--offline", is_flag=True, help="Hub cards from the local cache only.")
@timeout_option
@retries_option
def badge(
    card: str,
    output: Path,
    link: str | None,
    force_remote: bool,
    revision: str | None,
    offline: bool,
    timeout: float | None,
    retries: int | None,
) -> int:
    """A flat badge of CARD's reporting class, and its emissions when reported.

    \b
    Writes the SVG to FILE.svg and prints the Markdown line to paste into the card:
      hfcarbon-lint badge README.md -o carbon-badge.svg
    CARD is a card file, - (standard input) or a Hub repo id.
    Exit 0 written, 2 could not run.
    """
    stdin = sys.stdin.buffer if sys.stdin is not None else None  # None: started with stdin closed
    try:
        report = lint_one_card(
            card,
            force_remote=force_remote,
            revision=revision,
            offline=offline,
            stdin=stdin,
            timeout=timeout,
            retries=retries,
        )
    except LabelInputError as failure:
        return _fail(str(failure))
    if report.reporting_class is None:  # too large or unreadable: a badge would claim a class nobody knows
        codes = ", ".join(d.code for d in report.diagnostics)
        return _fail(f"{display_path(card)}: {report.class_phrase} ({codes}); no badge written")
    try:
        output.write_text(badge_svg(report.reporting_class, report.emissions_g), encoding="utf-8")
    except OSError as exc:
        return _fail(f"{output}: {exc.strerror or exc}")
    click.echo(badge_markdown(report.reporting_class, report.emissions_g, link or str(output)))
    click.echo(for_log(f"hfcarbon-lint: {display_path(card)}: badge written to {output}"), err=True)
    return EXIT_OK
