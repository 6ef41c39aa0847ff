"""The subcommands agree with each other on the options they share."""

from __future__ import annotations

import click

from hfcarbon_lint.cli import COMMANDS
from hfcarbon_lint.cli.app import cli


def test_every_format_option_has_the_short_f() -> None:
    """`-f json` works wherever `--format json` does (check, audit, rule, label, study, estimate)."""
    context = click.Context(cli)
    with_format = {}
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None, name
        for param in command.params:
            if isinstance(param, click.Option) and "--format" in param.opts:
                with_format[name] = param.opts
    assert {"check", "estimate", "label", "study"} <= set(with_format)
    assert {name: opts for name, opts in with_format.items() if "-f" not in opts} == {}
