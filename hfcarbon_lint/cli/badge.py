"""``hfcarbon-lint badge CARD -o FILE.svg``: a README badge of the card's reporting class (and grams)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hfcarbon_lint.base.escaping import display_path, for_log
from hfcarbon_lint.base.files import irregular, read_stream
from hfcarbon_lint.lint.engine import CardReport, LintSettings, lint_bytes, lint_file
from hfcarbon_lint.pictures.badge import badge_markdown, badge_svg

EXIT_OK, EXIT_ERROR = 0, 2


def _fail(message: str) -> int:
    click.echo(for_log(f"hfcarbon-lint: {message}"), err=True)
    return EXIT_ERROR


def _report(card: str) -> CardReport | str:
    """The linted card, or why it cannot be read (one line)."""
    if card == "-":
        if sys.stdin is None:
            return "-: standard input is closed"
        return lint_bytes("-", read_stream(sys.stdin.buffer), LintSettings())
    kind = irregular(card) if Path(card).exists() else "no such file"
    if kind is not None:
        return f"{card}: {kind}"
    try:
        return lint_file(card, LintSettings(), card)
    except OSError as exc:
        return f"{card}: {exc.strerror or exc}"


@click.command()
@click.argument("card", metavar="CARD")
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
def badge(card: str, output: Path, link: str | None) -> int:
    """A flat badge of CARD's reporting class, and its emissions when reported.

    \b
    Writes the SVG to FILE.svg and prints the Markdown line to paste into the card:
      hfcarbon-lint badge README.md -o carbon-badge.svg
    Exit 0 written, 2 could not run.
    """
    report = _report(card)
    if isinstance(report, str):
        return _fail(report)
    try:
        output.write_text(badge_svg(report.reporting_class, report.emissions_g), encoding="utf-8")
    except OSError as exc:
        return _fail(f"{output}: {exc.strerror or exc}")
    click.echo(badge_markdown(report.reporting_class, report.emissions_g, link or str(output)))
    click.echo(for_log(f"hfcarbon-lint: {display_path(card)}: badge written to {output}"), err=True)
    return EXIT_OK
