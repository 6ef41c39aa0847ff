"""``hfcarbon-lint check PATH...``: the linter's main command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hfcarbon_lint.cli.options import (
    build_settings,
    color_option,
    default_format,
    lint_options,
    read_config,
    retries_option,
    timeout_option,
    use_color,
)
from hfcarbon_lint.reporters import FORMATS
from hfcarbon_lint.runner import CheckOptions, run_check


def _parse_output(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        format_name, separator, file_name = value.partition(":")
        if not separator or not file_name or format_name not in FORMATS:
            raise click.BadParameter(
                f"{value!r}: expected FORMAT:FILE with FORMAT one of {', '.join(sorted(FORMATS))}",
                param_hint="-o/--output-file",
            )
        pairs.append((format_name, file_name))
    return tuple(pairs)


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH|ORG/MODEL...")
@click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    help="Output format (default: text; github on GitHub Actions).",
)
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
@lint_options
def check(
    targets: tuple[str, ...],
    output_format: str | None,
    output_files: tuple[str, ...],
    quiet: bool,
    color: str,
    strict: bool,
    exit_zero: bool,
    exclude: tuple[str, ...],
    stdin_filename: str,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    exit_non_zero_on_fix: bool,
    with_label: bool,
    force_remote: bool,
    revision: str | None,
    timeout: float | None,
    retries: int | None,
    offline: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    min_class: str | None,
    classification: str | None,
    config_file: Path | None,
    isolated: bool,
) -> int:
    """Check model cards' carbon metadata. Exit 0 clean, 1 findings, 2 could not run."""
    config = read_config(config_file, isolated)
    settings = build_settings(config, select, ignore, min_class, classification)
    options = CheckOptions(
        targets=targets,
        settings=settings,
        output_format=default_format(output_format, config, FORMATS),
        extra_outputs=_parse_output(output_files),
        color=use_color(color),
        quiet=quiet,
        strict=strict,
        exit_zero=exit_zero,
        force_remote=force_remote,
        revision=revision,
        offline=offline,
        exclude=tuple(exclude) + tuple(config.get("exclude", [])),
        stdin_filename=stdin_filename,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        exit_non_zero_on_fix=exit_non_zero_on_fix,
        label=with_label,
        hub_timeout=timeout,
        hub_retries=retries,
    )
    return run_check(options, sys.stdout, sys.stderr)
