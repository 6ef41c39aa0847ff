"""Options shared by commands that lint cards (check, audit): one definition, one meaning."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from hfcarbon_lint.cli.params import BadValue, UsageProblem

F = TypeVar("F", bound=Callable[..., Any])


color_option = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output (auto: on a terminal, unless NO_COLOR; FORCE_COLOR forces it).",
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


@contextmanager
def click_errors() -> Iterator[None]:
    """Show the click-free builders' errors as click's, with its usage line and exit code 2."""
    try:
        yield
    except BadValue as exc:
        raise click.BadParameter(exc.message, param_hint=exc.param_hint) from None
    except UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
