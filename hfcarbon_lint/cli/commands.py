"""The subcommands by name, and the default one: read by the entry point and the click group alike.

A module of its own so that ``cli/__init__`` (the entry point) and ``cli/app`` (the group) both
import it and neither imports the other's names.
"""

from __future__ import annotations

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
    "badge": "hfcarbon_lint.cli.badge:badge",
}
DEFAULT_COMMAND = "check"


def with_default_command(args: list[str]) -> list[str]:
    """``hfcarbon-lint PATH...`` is ``hfcarbon-lint check PATH...``; group options stay in front."""
    first = next((i for i, a in enumerate(args) if not a.startswith("-") or a == "-"), None)
    if args and (first is None or args[first] not in COMMANDS) and not {"--help", "-h", "--version"} & set(args):
        return [DEFAULT_COMMAND, *args]
    return args
