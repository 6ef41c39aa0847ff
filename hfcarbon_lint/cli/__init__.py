"""The command line: ``main`` is the ``hfcarbon-lint`` entry point.

click parses every command line (the group in ``app``); each subcommand lives in its own
module and is imported only when named, so a check never imports the Hub client,
CodeCarbon or the statistics stack. ``main`` turns whatever escapes into an exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from hfcarbon_lint.lint.escaping import for_log

# name -> "module:attribute". Each command lives in its own module under cli/.
COMMANDS: dict[str, str] = {
    "check": "hfcarbon_lint.cli.check:check",
    "rule": "hfcarbon_lint.cli.rule:rule",
    "audit": "hfcarbon_lint.cli.audit:audit",
    "track": "hfcarbon_lint.cli.track:track",
    "fill": "hfcarbon_lint.cli.track:fill",
    "estimate": "hfcarbon_lint.cli.estimate:estimate",
    "label": "hfcarbon_lint.cli.study:label",
    "study": "hfcarbon_lint.cli.study:study",
}
DEFAULT_COMMAND = "check"


def with_default_command(args: list[str]) -> list[str]:
    """``hfcarbon-lint PATH...`` is ``hfcarbon-lint check PATH...``; group options stay in front."""
    first = next((i for i, a in enumerate(args) if not a.startswith("-") or a == "-"), None)
    if args and (first is None or args[first] not in COMMANDS) and not {"--help", "-h", "--version"} & set(args):
        return [DEFAULT_COMMAND, *args]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: never a traceback, always an exit code (0, 1 or 2)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from hfcarbon_lint.cli import app  # after COMMANDS is defined: app imports it from here

        return app.run(args)
    except SystemExit as exc:
        return _code(exc.code)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        _error("hfcarbon-lint: interrupted")
        return 130
    except Exception as exc:
        if os.environ.get("HFCARBON_LINT_DEBUG"):
            raise
        _error(f"hfcarbon-lint: internal error: {type(exc).__name__}: {exc} (set HFCARBON_LINT_DEBUG=1 for details)")
        return 2


def _error(message: str) -> None:
    sys.stdout.flush()
    sys.stderr.write(for_log(message) + "\n")
    sys.stderr.flush()


def _code(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    _error(str(value))
    return 2


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
