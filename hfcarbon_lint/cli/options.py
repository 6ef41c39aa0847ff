"""Options shared by commands that lint cards (check, audit), and their values turned into the core's settings.

click parses; the functions at the end build the plain ``LintSettings`` and ``CheckOptions``
the core takes (check-jsonschema's shape), raising click's own errors for values that cannot be used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from hfcarbon_lint.app.check import CheckOptions
from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.base.diagnostics import Severity
from hfcarbon_lint.base.escaping import visible
from hfcarbon_lint.base.files import configured_limit
from hfcarbon_lint.lint.config import ConfigError, FileConfig, discover, load
from hfcarbon_lint.lint.engine import LintSettings
from hfcarbon_lint.reporters import FORMATS
from hfcarbon_lint.rules import RULES, lookup

F = TypeVar("F", bound=Callable[..., Any])


color_option = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output (auto: on a terminal, unless NO_COLOR; FORCE_COLOR forces it).",
)


def format_option(
    choices: Iterable[str], default: str | None = "text", help: str = "Output format."
) -> Callable[[F], F]:
    """``-f/--format`` (the parameter ``output_format``), the same spelling in every command."""
    return click.option(
        "-f",
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help=help,
    )


# Hub requests (check of a remote card, audit): bounded by default, tunable here or by environment.
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0.01),
    default=None,
    metavar="SECONDS",
    help="Per-request timeout for the Hub (default 10, or HFCARBON_LINT_HUB_TIMEOUT).",
)
retries_option = click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=None,
    metavar="N",
    help="Retries of Hub requests on 429/5xx/timeouts (default 2, or HFCARBON_LINT_HUB_RETRIES).",
)


def lint_options(function: F) -> F:
    decorators = [
        click.option(
            "--select",
            multiple=True,
            metavar="CODES",
            help="Only these rules (codes, code prefixes or names; comma-separated).",
        ),
        click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (wins over --select)."),
        click.option(
            "--min-class",
            metavar="NAME|LEVEL",
            help="Fail cards whose reporting class is below this (e.g. 3 or 'Energy Awareness').",
        ),
        click.option(
            "--classification",
            type=click.Choice(["ladder", "replication"]),
            default=None,
            help="ladder (default): promote Energy Awareness by optimisation/EcoCard tags; replication: the paper's code, no promotion.",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Read options from this TOML file.",
        ),
        click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def split_codes(values: Iterable[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for value in values:
        codes.extend(part.strip() for part in value.split(",") if part.strip())
    for code in codes:
        if lookup(code) is None and not _is_code_prefix(code):
            raise click.BadParameter(f"unknown rule {code!r} (see `hfcarbon-lint rule --all`)")
    return tuple(codes)


def _is_code_prefix(code: str) -> bool:
    return any(rule.code.startswith(code.upper()) for rule in RULES) and code.upper().startswith("HFC")


def read_config(config_file: Path | None, isolated: bool) -> FileConfig:
    try:
        if isolated:
            return FileConfig()
        if config_file is not None:
            if not config_file.is_file():
                raise click.BadParameter(f"no such file: {config_file}", param_hint="--config")
            return load(config_file)
        return discover(Path.cwd())
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def build_settings(
    config: FileConfig,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    min_class: str | None,
    classification: str | None,
) -> LintSettings:
    try:
        selected = split_codes(select)
        ignored = split_codes(ignore)
        minimum = ReportingClass.parse(min_class) if min_class is not None else None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    try:  # the same values from the config file: the message names the file they came from
        selected = selected or split_codes(config.get("select", []))
        ignored += split_codes(config.get("ignore", []))
        if minimum is None and config.get("min-class") is not None:
            minimum = ReportingClass.parse(config.get("min-class"))
    except click.BadParameter as exc:
        raise click.UsageError(f"{config.path}: {exc.message}") from None
    except ValueError as exc:
        raise click.UsageError(f"{config.path}: min-class: {exc}") from None
    try:
        overrides = {}
        for code, level in (config.get("severity") or {}).items():
            rule = lookup(code)
            if rule is None:
                raise click.BadParameter(f"unknown rule {code!r} in the severity table of {config.path}")
            overrides[rule.code] = Severity.parse(level)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    mode = classification or config.get("ladder") or "ladder"
    return LintSettings(
        select=selected,
        ignore=ignored,
        severity_overrides=overrides,
        min_class=minimum,
        promote=mode == "ladder",
        max_card_size=configured_limit(config.get("max-card-size")),
    )


def use_color(choice: str) -> bool:
    """--color wins; in auto, NO_COLOR then FORCE_COLOR (set and non-empty), then whether stdout is a TTY."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(sys.stdout.isatty())


def default_format(explicit: str | None, config: FileConfig, available: Iterable[str]) -> str:
    if explicit:
        return explicit
    configured = config.get("output-format") or config.get("format")
    if configured:
        if configured not in available:
            raise click.UsageError(f"{config.path}: unknown format {configured!r}")
        return str(configured)
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in available:
        return "github"
    return "text"


def parse_output_files(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``-o FORMAT:FILE`` values as (format, file) pairs."""
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


def _refuse_local_targets(targets: tuple[str, ...], force_remote: bool) -> None:
    """--create-pr is for Hub cards: a local path (or stdin) in the run is refused before anything is written."""
    if force_remote:
        return
    for target in targets:
        if target == "-" or (not target.startswith("hf://") and os.path.lexists(target)):
            raise click.UsageError(
                f"--create-pr is for Hub cards (ORG/MODEL): {visible(target)} is local; fix it with --fix alone"
            )


def check_options(
    *,
    targets: tuple[str, ...],
    output_format: str | None,
    output_files: tuple[str, ...],
    quiet: bool,
    color: str,
    strict: bool,
    exit_zero: bool,
    exclude: tuple[str, ...],
    stdin_filename: str,
    jobs: int | None,
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
    create_pr: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    min_class: str | None,
    classification: str | None,
    config_file: Path | None,
    isolated: bool,
) -> CheckOptions:
    """The parameters of ``check``, named as click names them, as the runner's options."""
    if create_pr and not (fix or diff):
        raise click.UsageError("--create-pr proposes the fixes of --fix: add --fix (or --diff to only see them)")
    if targets.count("-") > 1:  # standard input can be read once: a second '-' would be an empty card
        raise click.UsageError("standard input ('-') can be named only once")
    if create_pr:
        _refuse_local_targets(targets, force_remote)
    config = read_config(config_file, isolated)
    return CheckOptions(
        targets=targets,
        settings=build_settings(config, select, ignore, min_class, classification),
        output_format=default_format(output_format, config, FORMATS),
        extra_outputs=parse_output_files(output_files),
        color=use_color(color),
        quiet=quiet,
        strict=strict,
        exit_zero=exit_zero,
        force_remote=force_remote,
        revision=revision,
        offline=offline,
        exclude=tuple(exclude) + tuple(config.get("exclude", [])),
        stdin_filename=stdin_filename,
        jobs=jobs,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        exit_non_zero_on_fix=exit_non_zero_on_fix,
        label=with_label,
        hub_timeout=timeout,
        hub_retries=retries,
        create_pr=create_pr,
    )
