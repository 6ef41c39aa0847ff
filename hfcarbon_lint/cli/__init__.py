"""The click layer: parse arguments, build a plain options object, hand it to the core.

Subcommands are imported lazily, by name, so ``hfcarbon-lint README.md`` never imports
the Hub client, CodeCarbon or the statistics stack. A first argument that is not a
subcommand is a path: ``hfcarbon-lint README.md`` means ``hfcarbon-lint check README.md``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from hfcarbon_lint import __version__

# name -> "module:attribute". Each command lives in its own module under cli/.
COMMANDS: dict[str, str] = {
    "check": "hfcarbon_lint.cli.check:check",
    "rule": "hfcarbon_lint.cli.rule:rule",
    "audit": "hfcarbon_lint.cli.audit:audit",
    "track": "hfcarbon_lint.cli.track:track",
    "fill": "hfcarbon_lint.cli.track:fill",
    "label": "hfcarbon_lint.cli.study:label",
    "study": "hfcarbon_lint.cli.study:study",
}
DEFAULT_COMMAND = "check"


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, spec in COMMANDS.items() if importlib.util.find_spec(spec.split(":")[0]) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module_name, attribute = spec.split(":")
        if importlib.util.find_spec(module_name) is None:
            return None
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # `hfcarbon-lint PATH...` is `hfcarbon-lint check PATH...`; group options stay in front.
        first = next((i for i, a in enumerate(args) if not a.startswith("-") or a == "-"), None)
        if args and (first is None or args[first] not in COMMANDS) and not {"--help", "-h", "--version"} & set(args):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="hfcarbon-lint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint the carbon-emissions metadata (co2_eq_emissions) of Hugging Face model cards.

    \b
    hfcarbon-lint README.md              check a card (same as `check README.md`)
    hfcarbon-lint models/                every README.md / model_card.md below a folder
    hfcarbon-lint org/model              a card on the Hub
    hfcarbon-lint rule --all             what every rule checks
    """


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: never a traceback, always an exit code (0, 1 or 2)."""
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name="hfcarbon-lint", standalone_mode=False
        )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.Abort:
        click.echo("hfcarbon-lint: aborted", err=True)
        return 130
    except SystemExit as exc:
        return _code(exc.code)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        click.echo("hfcarbon-lint: interrupted", err=True)
        return 130
    except Exception as exc:
        if os.environ.get("HFCARBON_LINT_DEBUG"):
            raise
        click.echo(
            f"hfcarbon-lint: internal error: {type(exc).__name__}: {exc} (set HFCARBON_LINT_DEBUG=1 for details)",
            err=True,
        )
        return 2
    return result if isinstance(result, int) else 0


def _code(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    click.echo(str(value), err=True)
    return 2


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
