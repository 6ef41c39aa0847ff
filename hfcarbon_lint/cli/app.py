"""The click command group: every subcommand, help, version and usage errors.

Subcommands are imported lazily, by name, so ``hfcarbon-lint README.md`` never imports
the Hub client, CodeCarbon or the statistics stack. A first argument that is not a
subcommand is a path: ``hfcarbon-lint README.md`` means ``hfcarbon-lint check README.md``
(``with_default_command``).
"""

from __future__ import annotations

import importlib
import importlib.util
import io

import click

from hfcarbon_lint.base.escaping import for_log
from hfcarbon_lint.base.version import __version__
from hfcarbon_lint.cli.commands import COMMANDS, with_default_command


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
        return super().parse_args(ctx, with_default_command(args))


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


def run(args: list[str]) -> int:
    """Parse and run with click; click's own exceptions become its messages and exit codes."""
    try:
        result = cli.main(args=args, prog_name="hfcarbon-lint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)  # then each line escaped: a path or value from the command line is in it
        click.echo("".join(for_log(line) + "\n" for line in shown.getvalue().splitlines()), nl=False, err=True)
        return 2
    except click.Abort:
        click.echo("hfcarbon-lint: aborted", err=True)
        return 130
    return result if isinstance(result, int) else 0
