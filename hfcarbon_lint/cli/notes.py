"""Where ``track``, ``fill`` and ``estimate`` print their notes about the card: stderr, one prefix."""

from __future__ import annotations

import click

from hfcarbon_lint.tracking.cardwrite import Notes

PREFIX = "hfcarbon-lint:"


def card_notes(diff_to_stderr: bool) -> Notes:
    """Notes on stderr (``track``'s stdout belongs to the tracked command); the --dry-run diff where asked."""
    return Notes(
        say=lambda message: click.echo(f"{PREFIX} {message}", err=True),
        detail=lambda message: click.echo(f"{PREFIX}   {message}", err=True),
        diff=lambda text: click.echo(text, nl=False, err=diff_to_stderr),
    )
