"""Finding the YAML front matter exactly where the Hub finds it.

huggingface_hub's ``REGEX_YAML_BLOCK`` (repocard.py) is documented as the regex the Hub
server uses: optional leading whitespace, a ``---`` line, the shortest block up to a
line that is exactly ``---``. Anything else means "no metadata" to the Hub, so when a
card *almost* has front matter we say precisely why the Hub will ignore it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hfcarbon_lint.parsing.source import SourceText

# Kept byte-identical to huggingface_hub.repocard.REGEX_YAML_BLOCK (tested against it).
REGEX_YAML_BLOCK = re.compile(r"^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))")

_NEAR_OPENING = re.compile(r"^\s*(-{3,})([^\n]*)\n")


@dataclass(frozen=True)
class FrontMatterBlock:
    """The YAML text between the fences and where it sits in the normalised text."""

    yaml_text: str
    start_offset: int  # offset of yaml_text[0] in SourceText.text
    opening_line: int
    closing_line: int
    body_offset: int  # first character after the closing fence line


@dataclass(frozen=True)
class FenceProblem:
    message: str
    line: int
    column: int
    end_column: int


def find_front_matter(source: SourceText) -> FrontMatterBlock | FenceProblem | None:
    """The block, a reason the Hub would not see one, or None for a card without metadata."""
    text = source.text
    match = REGEX_YAML_BLOCK.search(text)
    if match:
        start = match.start(2)
        closing_offset = match.start(3) + len(match.group(3)) - len(match.group(3).lstrip("\r\n"))
        return FrontMatterBlock(
            yaml_text=match.group(2),
            start_offset=start,
            opening_line=source.position(match.end(1) - 1).line,
            closing_line=source.position(closing_offset).line,
            body_offset=match.end(),
        )
    return _diagnose_near_miss(source)


def _diagnose_near_miss(source: SourceText) -> FenceProblem | None:
    text = source.text
    near = _NEAR_OPENING.match(text) or _NEAR_OPENING.match(text + "\n")
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
    trailing = re.search(r"\n---[ \t]+(\n|$)", text[near.end() - 1 :])
    if trailing:
        pos = source.position(near.end() - 1 + trailing.start() + 1)
        return FenceProblem(
            "trailing whitespace after the closing '---'; the Hub needs '---' alone on its line, so this card has no metadata",
            pos.line,
            pos.column,
            pos.column + len(trailing.group(0).strip("\n")),
        )
    return FenceProblem(
        "front matter is never closed: no line of exactly '---' ends it, so the Hub reads no metadata",
        line,
        column,
        column + 3,
    )
