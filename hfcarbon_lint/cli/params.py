"""From parsed command-line values to the plain objects the core takes, without click.

click parses; this module turns what it parsed (or what ``fast_path`` parsed the same
way) into a ``LintSettings`` and ``CheckOptions``. It raises its own two exceptions,
which the click layer shows as click's ``BadParameter`` and ``UsageError``, so both
parsers fail with one message.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from hfcarbon_lint.classification import ReportingClass
from hfcarbon_lint.config import ConfigError, FileConfig, discover, load
from hfcarbon_lint.diagnostics import Severity
from hfcarbon_lint.engine import LintSettings
from hfcarbon_lint.records import TYPE_CHECKING
from hfcarbon_lint.reporters import FORMATS
from hfcarbon_lint.rules import RULES, lookup
from hfcarbon_lint.runner import CheckOptions

if TYPE_CHECKING:
    from pathlib import Path


class BadValue(Exception):
    """A value that cannot be used (click: BadParameter)."""

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param_hint = param_hint


class UsageProblem(Exception):
    """Options that cannot be used together, or a broken config file (click: UsageError)."""


def split_codes(values: Iterable[str]) -> tuple[str, ...]:
    codes: list[str] = []
    for value in values:
        codes.extend(part.strip() for part in value.split(",") if part.strip())
    for code in codes:
        if lookup(code) is None and not _is_code_prefix(code):
            raise BadValue(f"unknown rule {code!r} (see `hfcarbon-lint rule --all`)")
    return tuple(codes)


def _is_code_prefix(code: str) -> bool:
    return any(rule.code.startswith(code.upper()) for rule in RULES) and code.upper().startswith("HFC")


def read_config(config_file: Path | None, isolated: bool) -> FileConfig:
    try:
        if isolated:
            return FileConfig()
        if config_file is not None:
            if not os.path.isfile(config_file):
                raise BadValue(f"no such file: {config_file}", param_hint="--config")
            return load(config_file)
        return discover(os.getcwd())
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


def build_settings(
    config: FileConfig,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    min_class: str | None,
    classification: str | None,
) -> LintSettings:
    try:
        selected = split_codes(select) or split_codes(config.get("select", []))
        ignored = split_codes(ignore) + split_codes(config.get("ignore", []))
        minimum_text = min_class if min_class is not None else config.get("min-class")
        minimum = ReportingClass.parse(minimum_text) if minimum_text is not None else None
        overrides = {}
        for code, level in (config.get("severity") or {}).items():
            rule = lookup(code)
            if rule is None:
                raise BadValue(f"unknown rule {code!r} in the severity table of {config.path}")
            overrides[rule.code] = Severity.parse(level)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    mode = classification or config.get("ladder") or "ladder"
    return LintSettings(
        select=selected,
        ignore=ignored,
        severity_overrides=overrides,
        min_class=minimum,
        promote=mode == "ladder",
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
            raise UsageProblem(f"{config.path}: unknown format {configured!r}")
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
            raise BadValue(
                f"{value!r}: expected FORMAT:FILE with FORMAT one of {', '.join(sorted(FORMATS))}",
                param_hint="-o/--output-file",
            )
        pairs.append((format_name, file_name))
    return tuple(pairs)


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
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    min_class: str | None,
    classification: str | None,
    config_file: Path | None,
    isolated: bool,
) -> CheckOptions:
    """The parameters of ``check``, named as click names them, as the runner's options."""
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
    )
