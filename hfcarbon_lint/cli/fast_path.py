"""The common ``check`` command line, parsed without importing click.

Importing click takes about 35 ms, a third of a one-card run, and the pre-commit hook
pays it on every commit. A command line made only of paths and the options below is
parsed here into exactly the parameters click would give ``check``; the
``parse`` function returns None for anything else (help, version, other subcommands,
``--``, rarer options, missing or doubtful values), and click parses that instead, with
its usual help and errors. ``tests/core/test_fast_path.py`` compares both parsers on
many command lines and checks these tables against the click command's own options.
"""

from __future__ import annotations

import sys

from hfcarbon_lint.cli import with_default_command
from hfcarbon_lint.records import TYPE_CHECKING
from hfcarbon_lint.reporters import FORMATS

if TYPE_CHECKING:
    from typing import Any

# What click gives ``check`` when an option is absent (the test reads click's defaults).
DEFAULTS: dict[str, Any] = {
    "output_format": None,
    "output_files": (),
    "quiet": False,
    "color": "auto",
    "strict": False,
    "exit_zero": False,
    "exclude": (),
    "stdin_filename": "-",
    "jobs": None,
    "fix": False,
    "unsafe_fixes": False,
    "diff": False,
    "exit_non_zero_on_fix": False,
    "with_label": False,
    "force_remote": False,
    "revision": None,
    "timeout": None,
    "retries": None,
    "offline": False,
    "select": (),
    "ignore": (),
    "min_class": None,
    "classification": None,
    "config_file": None,
    "isolated": False,
}
FLAGS: dict[str, str] = {
    "-q": "quiet",
    "--quiet": "quiet",
    "--strict": "strict",
    "--exit-zero": "exit_zero",
    "--fix": "fix",
    "--unsafe-fixes": "unsafe_fixes",
    "--diff": "diff",
    "--exit-non-zero-on-fix": "exit_non_zero_on_fix",
    "--label": "with_label",
    "--isolated": "isolated",
}
# Options that take one string value; None means any string, else the allowed choices.
VALUES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "-f": ("output_format", tuple(FORMATS)),
    "--format": ("output_format", tuple(FORMATS)),
    "--color": ("color", ("auto", "always", "never")),
    "--classification": ("classification", ("ladder", "replication")),
    "--min-class": ("min_class", None),
    "--stdin-filename": ("stdin_filename", None),
}
REPEATABLE: dict[str, str] = {"--select": "select", "--ignore": "ignore", "--exclude": "exclude"}
# Options that take a whole number of at least 1, written in plain digits.
COUNTS: dict[str, str] = {"-j": "jobs", "--jobs": "jobs"}


def parse(args: list[str]) -> dict[str, Any] | None:
    """``check``'s parameters as click would parse them, or None to leave the line to click."""
    args = with_default_command(args)
    if not args or args[0] != "check":
        return None
    parameters = dict(DEFAULTS)
    repeated: dict[str, list[str]] = {}
    targets: list[str] = []
    remaining = iter(args[1:])
    for arg in remaining:
        if arg == "-" or not arg.startswith("-"):
            targets.append(arg)
            continue
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if not equals and name in FLAGS:
            parameters[FLAGS[name]] = True
            continue
        if name not in VALUES and name not in REPEATABLE and name not in COUNTS:
            return None
        if not equals:
            value = next(remaining, "")
            if not value or value.startswith("-"):  # missing, or click might read it differently
                return None
        if name in REPEATABLE:
            repeated.setdefault(REPEATABLE[name], []).append(value)
            continue
        if name in COUNTS:
            if not (value.isascii() and value.isdigit() and int(value) >= 1):
                return None  # click's IntRange gives the error
            parameters[COUNTS[name]] = int(value)
            continue
        key, choices = VALUES[name]
        if choices is not None and value not in choices:
            return None
        parameters[key] = value
    if not targets:
        return None
    parameters.update({key: tuple(values) for key, values in repeated.items()})
    parameters["targets"] = tuple(targets)
    return parameters


def run(args: list[str]) -> int | None:
    """Run ``check`` without click, or return None when click must parse this command line."""
    parameters = parse(args)
    if parameters is None:
        return None
    from hfcarbon_lint.cli.params import BadValue, UsageProblem, check_options
    from hfcarbon_lint.runner import run_check

    try:
        options = check_options(**parameters)
    except (BadValue, UsageProblem):
        return None  # nothing was written yet: click parses again and shows the error with its usage line
    return run_check(options, sys.stdout, sys.stderr)
