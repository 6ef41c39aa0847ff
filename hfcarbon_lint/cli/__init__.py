"""The command line: ``main`` is the ``hfcarbon-lint`` entry point.

click parses every command line (the group in ``app``); each subcommand lives in its own
module and is imported only when named, so a check never imports the Hub client,
CodeCarbon or the statistics stack. ``main`` turns whatever escapes into an exit code.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import Any

from hfcarbon_lint.base.escaping import for_log
from hfcarbon_lint.cli.commands import COMMANDS, DEFAULT_COMMAND, with_default_command

# Optional libraries -> the extra that installs them. huggingface_hub and jsonschema are core
# dependencies: missing, the installation is broken, and reinstalling the tool brings them back.
EXTRAS: dict[str, str] = {
    "codecarbon": "track",
    "numpy": "study",
    "scipy": "study",
    "statsmodels": "study",
    "matplotlib": "plots",
    "pycountry": "plausibility",
}
CORE = ("huggingface_hub", "jsonschema", "yaml", "click")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: never a traceback, always an exit code (0, 1 or 2)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from hfcarbon_lint.cli import app  # click and the group load here, after the imports above

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
        missing = missing_library(exc.name or "", args) if isinstance(exc, ModuleNotFoundError) else None
        if missing is not None:
            _error(missing)
            return 2
        if os.environ.get("HFCARBON_LINT_DEBUG"):
            raise
        _error(f"hfcarbon-lint: internal error: {type(exc).__name__}: {exc} (set HFCARBON_LINT_DEBUG=1 for details)")
        return 2


def entry() -> int:
    """The ``hfcarbon-lint`` console script and ``python -m hfcarbon_lint``: ``main``, in a process that ends after it."""
    code = main()
    # The process ends here. CPython's shutdown would run full garbage collections over every object
    # the run built (modules, classes, compiled patterns, tables), none of it garbage, all of it freed
    # by the exit: about a fifth of a one-card check's wall time on our VM (benchmarks/README.md).
    # Frozen objects are only left out of those collections: atexit handlers, the flushing of
    # stdout and stderr, and reference counting still run.
    gc.freeze()
    return code


def missing_library(module: str, args: Sequence[str]) -> str | None:
    """The one-line error for a missing library: which command needs it and what to install."""
    root = module.partition(".")[0]
    command = next((a for a in with_default_command(list(args)) if a in COMMANDS), DEFAULT_COMMAND)
    if root in EXTRAS:
        extra = EXTRAS[root]
        return f"hfcarbon-lint: {command} needs {root}, which is not installed: pip install 'hfcarbon-lint[{extra}]'"
    if root in CORE:
        return f"hfcarbon-lint: {root} is missing from this installation: pip install --force-reinstall hfcarbon-lint"
    return None


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
