"""Decoding a card's bytes into text while keeping every position recoverable.

huggingface_hub reads cards with ``Path.read_text()``: universal newlines, so ``\\r\\n``,
``\\r`` and ``\\r\\r\\n`` all become ``\\n``. We normalise the same way, which keeps line
numbers identical to what an editor shows, and remember the original newline so an
editor can write the file back byte for byte.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from typing import NamedTuple

from hfcarbon_lint.base.diagnostics import Position

UTF8_BOM = b"\xef\xbb\xbf"
_NEWLINES = r"\r\n|\r|\n"  # compiled on first use (re's cache): only a card with a CR needs it


class UnreadableCard(Exception):
    """The bytes cannot be a text card; carries the 1-based position of the problem."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class SourceText(NamedTuple):
    """A card's decoded text; build it with ``from_bytes`` or ``from_text``, which fill the line tables."""

    path: str
    text: str
    had_bom: bool
    newline: str
    line_starts: list[int]
    # The decoded text before newline normalisation, so edits can keep every other byte.
    original: str
    original_line_starts: list[int]

    @classmethod
    def from_text(cls, path: str, raw_text: str, had_bom: bool = False) -> SourceText:
        newline = _dominant_newline(raw_text)
        text = re.sub(_NEWLINES, "\n", raw_text) if "\r" in raw_text else raw_text
        # Each line starts one past the end of the previous one: lengths summed at C speed.
        starts = list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
        if text is raw_text:
            original_starts = starts
        else:
            original_starts = [0] + [m.end() for m in re.finditer(_NEWLINES, raw_text)]
        return cls(
            path=path,
            text=text,
            had_bom=had_bom,
            newline=newline,
            line_starts=starts,
            original=raw_text,
            original_line_starts=original_starts,
        )

    @classmethod
    def from_bytes(cls, path: str, raw: bytes) -> SourceText:
        had_bom = raw.startswith(UTF8_BOM)
        if had_bom:
            raw = raw[len(UTF8_BOM) :]
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw[:256]):
            raise UnreadableCard("the file looks like UTF-16; the Hub reads model cards as UTF-8 (re-save it as UTF-8)")
        nul = raw.find(b"\x00")
        if nul != -1:
            line, column = _byte_position(raw, nul)
            raise UnreadableCard("binary file (NUL byte); a model card must be UTF-8 text", line, column)
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _byte_position(raw, exc.start)
            raise UnreadableCard(
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); the Hub reads cards as UTF-8",
                line,
                column,
            ) from None
        return cls.from_text(path, decoded, had_bom)

    def position(self, offset: int) -> Position:
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(line_index + 1, offset - self.line_starts[line_index] + 1)

    def original_offset(self, offset: int) -> int:
        """Where a normalised-text offset falls in the original text (line endings kept)."""
        position = self.position(offset)
        return self.original_line_starts[position.line - 1] + position.column - 1

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        if line < 1 or line > len(self.line_starts):
            return ""
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end == -1 else self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self.line_starts)


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    """Line and column of a byte, counting lines as the decoded text will (\r\n, \r and \n each end one)."""
    before = raw[:index]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    last = max(before.rfind(b"\n"), before.rfind(b"\r"))
    column = len(before[last + 1 :].decode("utf-8", errors="replace")) + 1
    return line, column


def _looks_like_utf16(sample: bytes) -> bool:
    """Text saved as UTF-16 has a NUL in every other byte (ASCII range)."""
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.4
