"""``hfcarbon-lint check PATH...``: the linter's main command."""

from __future__ import annotations

import sys
from typing import Any

import click

from hfcarbon_lint.app.check import run_check
from hfcarbon_lint.cli.options import (
    check_options,
    color_option,
    format_option,
    lint_options,
    retries_option,
    timeout_option,
)
from hfcarbon_lint.reporters import FORMATS


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH|ORG/MODEL...")
@format_option(sorted(FORMATS), default=None, help="Output format (default: text; github on GitHub Actions).")
@click.option(
    "-o",
    "--output-file",
    "output_files",
    multiple=True,
    metavar="FORMAT:FILE",
    help="Also write FORMAT to FILE in the same run (repeatable).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only diagnostics: no class lines, no summary.")
@color_option
@click.option("--strict", is_flag=True, help="Warnings fail the check too (exit 1).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with error findings (2 still means could not run).")
@click.option(
    "--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB when walking folders."
)
@click.option("--stdin-filename", default="-", metavar="NAME", help="Name shown for a card read from stdin (PATH '-').")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Worker processes for many files (default: one per core; 1: this process only).",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report what remains.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix/--diff, also apply fixes that change a value (units to grams, key renames).",
)
@click.option(
    "--diff", is_flag=True, help="Print the changes --fix would make as a unified diff; write nothing (exit 1 if any)."
)
@click.option(
    "--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when --fix changed a file (the pre-commit fixer convention)."
)
@click.option(
    "--label", "with_label", is_flag=True, help="Also give each card's A-E efficiency label (from what the card says)."
)
@click.option(
    "--remote", "force_remote", is_flag=True, help="Treat every target as a Hub repo id, even if a local path exists."
)
@click.option("--revision", metavar="REV", help="Branch, tag or commit of remote cards.")
@timeout_option
@retries_option
@click.option("--offline", is_flag=True, help="Remote cards from the local Hugging Face cache only; never the network.")
@click.option(
    "--create-pr",
    is_flag=True,
    help="With --fix on a Hub card (ORG/MODEL): open a pull request with the fixed README.md (needs a write token).",
)
@lint_options
def check(**parameters: Any) -> int:
    """Check model cards' carbon metadata. Exit 0 clean, 1 findings, 2 could not run."""
    return run_check(check_options(**parameters), sys.stdout, sys.stderr)
