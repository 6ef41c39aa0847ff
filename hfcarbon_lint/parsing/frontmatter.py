"""Finding the YAML front matter exactly where the Hub finds it.

huggingface_hub's ``REGEX_YAML_BLOCK`` (repocard.py, 2.4) is documented as the regex the
Hub server uses: optional leading whitespace, a ``---`` line, the shortest block up to a
line that is ``---`` (trailing blanks allowed). huggingface_hub 2.4 reads cards with
``encoding="utf-8-sig", newline=""``: the BOM is dropped but line endings are kept, so
the regex runs on the original line endings, as here. Anything else means "no metadata"
to the Hub, so when a card *almost* has front matter we say precisely why.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from hfcarbon_lint.parsing.source import SourceText

# Kept identical to huggingface_hub.repocard.REGEX_YAML_BLOCK (2.4; tested against it).
REGEX_YAML_BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")

_NEAR_OPENING = (
    r"^\s*(-{3,})([^\n]*)\n"  # compiled on first use (re's cache): only a card without front matter needs it
)


class FrontMatterBlock(NamedTuple):
    """The YAML text between the fences and where it sits in the normalised text."""

    yaml_text: str
    start_offset: int  # offset of yaml_text[0] in SourceText.text
    opening_line: int
    closing_line: int
    body_offset: int  # first character after the closing fence line


class FenceProblem(NamedTuple):
    message: str
    line: int
    column: int
    end_column: int


def find_front_matter(source: SourceText) -> FrontMatterBlock | FenceProblem | None:
    """The block, a reason the Hub would not see one, or None for a card without metadata."""
    match = REGEX_YAML_BLOCK.search(source.original)
    if match:
        start = _normalised_offset(source, match.start(2))
        end = _normalised_offset(source, match.end(2))
        body = _normalised_offset(source, match.end())
        return FrontMatterBlock(
            yaml_text=source.text[start:end],
            start_offset=start,
            opening_line=source.position(max(0, start - 1)).line,
            closing_line=source.position(min(end + 1, len(source.text))).line,
            body_offset=body,
        )
    return _diagnose_near_miss(source)


def _normalised_offset(source: SourceText, original_offset: int) -> int:
    """Map an offset in the original text to the newline-normalised text."""
    if source.original_line_starts is source.line_starts:
        return original_offset
    line = bisect.bisect_right(source.original_line_starts, original_offset) - 1
    column = original_offset - source.original_line_starts[line]
    line_end = source.line_starts[line + 1] - 1 if line + 1 < len(source.line_starts) else len(source.text)
    return min(source.line_starts[line] + column, line_end)


def _diagnose_near_miss(source: SourceText) -> FenceProblem | None:
    text = source.text
    if source.original is not text and REGEX_YAML_BLOCK.search(text):
        # A block exists once line endings are normalised: bare CR or CR CR LF endings hide it.
        return FenceProblem(
            "the front matter's line endings (bare CR or CR CR LF) hide it from huggingface_hub, whose regex needs LF or CRLF after the fences; save the file with LF or CRLF",
            1,
            1,
            4,
        )
    near = re.match(_NEAR_OPENING, text) or re.match(_NEAR_OPENING, text + "\n")
    if not near:
        return None
    dashes, rest = near.group(1), near.group(2)
    line = source.position(near.start(1)).line
    column = source.position(near.start(1)).column
    if dashes != "---":
        return FenceProblem(
            f"opening fence is {dashes!r}; the Hub only recognises a line of exactly '---', so this card has no metadata",
            line,
            column,
            column + len(dashes) + len(rest),
        )
    if rest.strip():
        return FenceProblem(
            f"text after the opening '---' ({rest.strip()!r}); the Hub needs '---' alone on its line, so this card has no metadata",
            line,
            column,
            column + 3 + len(rest),
        )
    if rest:
        return FenceProblem(
            "trailing whitespace after the opening '---'; the Hub needs '---' alone on its line, so this card has no metadata",
            line,
            column,
            column + 3 + len(rest),
        )
    indented = re.search(r"\n([ \t]+)---[ \t]*(\n|$)", text[near.end() - 1 :])
    if indented:
        offset = near.end() - 1 + indented.start(1)
        pos = source.position(offset)
        return FenceProblem(
            "the closing '---' is indented; the Hub needs it at the start of a line, so this card has no metadata",
            pos.line,
            pos.column,
            pos.column + len(indented.group(1)) + 3,
        )
    return FenceProblem(
        "front matter is never closed: no line of exactly '---' ends it, so the Hub reads no metadata",
        line,
        column,
        column + 3,
    )
