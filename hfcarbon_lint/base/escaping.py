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
  is printed, never run. The last guard on every stderr message (``for_log``) and on a
  ``--diff`` shown in a log (``diff_for``). The human formats' stdout needs none: each of
  its lines starts with a ``display_path``, a line-number gutter or fixed words.

- ``for_markup(text)``: for an HTML page or an SVG image (``pictures/``): ``visible`` (and the
  characters XML cannot hold escaped too), then ``&``, ``<``, ``>`` and both quotes as entities, so card text is text in an element or an
  attribute, never markup, an event handler or a script.
- ``for_markdown(text)``: an image's alt text or a link's words in a card: ``visible``, and the
  characters Markdown reads as markup (brackets, emphasis, code, raw HTML) backslash-escaped.
- ``hub_model_url(repo_id)``: the only link a page makes from card or Hub text,
  ``https://huggingface.co/<id>`` for a well-formed repo id, else None (no ``javascript:``).

JSON, SARIF and JUnit escape through their serialisers (JUnit's text lines also use
``display_path``/``visible``: XML text keeps a raw newline); the github format escapes each
command's data and properties as the runner unescapes them (reporters/github.py).
"""

from __future__ import annotations

import os
import re
import stat

# C0 controls, DEL, C1 controls (NEL among them), LS/PS, bidi marks, embeddings, overrides and isolates, BOM.
# Compiled on first use (re's cache): most texts are printable ASCII and never need them.
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
_UNSAFE_KEEP_TAB = "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"


_COMMAND_LINE = r"^(?=[ \t\f\v]*::)"  # compiled on first use (re's cache): few texts hold "::"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_tab: bool = False) -> str:
    """``text`` on one line with every control character written as an escape (``\\x1b``)."""
    if text.isascii() and text.isprintable():  # in ASCII only C0 and DEL are unsafe, and neither is printable
        return text
    return re.sub(_UNSAFE_KEEP_TAB if keep_tab else _UNSAFE, _escape, text)


def display_path(path: str) -> str:
    """A path as it may start a line of output: visible, and never read as a workflow command."""
    shown = visible(path)
    return "./" + shown if shown.lstrip().startswith("::") else shown


def for_markup(text: str) -> str:
    """``text`` safe as the content of an HTML or SVG element or a quoted attribute: one line, no markup."""
    import html  # here, not at the top: a local check never writes a page

    # XML has no place for a lone surrogate (a file name that was not UTF-8) or U+FFFE/U+FFFF: one
    # would make an SVG image unreadable, so they are escaped like control characters.
    shown = re.sub("[\ud800-\udfff\ufffe\uffff]", _escape, visible(text))  # compiled on first use
    return html.escape(shown, quote=True)


def for_markdown(text: str) -> str:
    """``text`` as plain words inside Markdown (an alt text, a link's words): no markup, no HTML, one line."""
    shown = re.sub("[\ud800-\udfff]", _escape, visible(text))  # a lone surrogate cannot be written as UTF-8
    return re.sub(r"([\\`*_\[\]<>&!|#])", r"\\\1", shown)  # compiled on first use


def hub_model_url(repo_id: str) -> str | None:
    """The Hub page of a model, escaped for an ``href``; None when ``repo_id`` is not a repo id."""
    import html
    from urllib.parse import quote

    if (
        re.fullmatch(r"(?:[A-Za-z0-9][\w.\-]{0,95}/)?[A-Za-z0-9][\w.\-]{0,95}", repo_id, re.ASCII) is None
        or ".." in repo_id
    ):
        return None
    return "https://huggingface.co/" + html.escape(quote(repo_id, safe="/"), quote=True)


def neutralise(text: str) -> str:
    """Every line of ``text`` that a GitHub Actions runner would take as a ``::command``, defused."""
    return re.sub(_COMMAND_LINE, "# ", text, flags=re.MULTILINE) if "::" in text else text


def for_log(message: str) -> str:
    """A one-line message for stderr (no newline of its own): every control character
    escaped and the line defused, whatever path or card text went into it."""
    return neutralise(visible(message))


def diff_for(stream: object, diff: str) -> str:
    """A unified diff as it may be written to ``stream``.

    A diff is for patch(1), so written to a file or a pipe it stays byte-exact. Shown on a
    terminal, or in a GitHub Actions log (stdout not a regular file), each line's control
    characters are escaped (tabs kept) and command-like lines defused: the diff then no
    longer applies for a card holding such characters, but nothing in it drives the terminal
    or the runner.
    """
    if not (_is_terminal(stream) or (on_github_actions() and not _is_regular_file(stream))):
        return diff
    lines = diff.split("\n")
    return neutralise("\n".join(visible(line, keep_tab=True) for line in lines))


def on_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):
        return False


def _is_regular_file(stream: object) -> bool:
    fileno = getattr(stream, "fileno", None)
    try:
        return fileno is not None and stat.S_ISREG(os.fstat(fileno()).st_mode)
    except (OSError, ValueError):  # io.StringIO and friends: no descriptor
        return False
