"""The one place that makes text from a card or a path safe to print.

A path or a line of a card can hold anything a file system or an editor allows: ``ESC``
sequences that clear the screen or set the window title, a newline followed by
``::error file=...::`` that GitHub Actions would run as a workflow command, bidirectional
overrides that reorder what a reader sees. Everything human-readable that hfcarbon-lint
prints goes through this module:

- ``visible(text)``: C0 and C1 control characters, DEL, line and paragraph separators and
  bidirectional controls become ``\\xNN`` / ``\\uNNNN`` escapes (tab too, except where a
  caller keeps it); everything else is unchanged. The result is one line.
- ``display_path(path)``: ``visible``, and a path that would start a line with ``::``
  (a workflow command to the Actions runner, which trims the line first) gets ``./``.
- ``neutralise(text)``: for a block of output lines, any line that the Actions runner would
  read as a workflow command (``::`` after leading blanks) is prefixed with ``# `` so it
  is printed, never run. The last guard on every stderr message and on the human formats'
  stdout (not the ``github`` format, whose commands are the point).

JSON, SARIF and JUnit escape through their serialisers; the github format escapes each
command's data and properties as the runner unescapes them (reporters/github.py).
"""

from __future__ import annotations

import os
import re

# C0 controls, DEL, C1 controls, NEL's neighbours, LS/PS, bidi embeddings/overrides/isolates, BOM.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_UNSAFE_KEEP_TAB = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_COMMAND_LINE = re.compile(r"^(?=[ \t\f\v]*::)", re.MULTILINE)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_tab: bool = False) -> str:
    """``text`` on one line with every control character written as an escape (``\\x1b``)."""
    pattern = _UNSAFE_KEEP_TAB if keep_tab else _UNSAFE
    return pattern.sub(_escape, text) if pattern.search(text) else text


def display_path(path: str) -> str:
    """A path as it may start a line of output: visible, and never read as a workflow command."""
    shown = visible(path)
    return "./" + shown if shown.lstrip().startswith("::") else shown


def neutralise(text: str) -> str:
    """Every line of ``text`` that a GitHub Actions runner would take as a ``::command``, defused."""
    return _COMMAND_LINE.sub("# ", text) if "::" in text else text


def for_log(text: str) -> str:
    """A message for stderr: callers build it from ``display_path``/``visible`` pieces; this
    is the last guard on the whole text, so nothing in it can start a workflow command."""
    return neutralise(text)
