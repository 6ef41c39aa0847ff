"""Where ``track``, ``fill`` and ``estimate`` print their notes about the card: stderr, one prefix, escaped."""

from __future__ import annotations

import sys

import click

from hfcarbon_lint.base.escaping import diff_for, for_log
from hfcarbon_lint.tracking.cardwrite import Notes

PREFIX = "hfcarbon-lint:"


def card_notes(diff_to_stderr: bool) -> Notes:
    """Notes on stderr (``track``'s stdout belongs to the tracked command); the --dry-run diff where asked."""
    return Notes(
        say=lambda message: click.echo(for_log(f"{PREFIX} {message}"), err=True),
        detail=lambda message: click.echo(for_log(f"{PREFIX}   {message}"), err=True),
        diff=lambda text: click.echo(
            diff_for(sys.stderr if diff_to_stderr else sys.stdout, text), nl=False, err=diff_to_stderr
        ),
    )
