"""The card body's "Environmental Impact" lines from the Hub model-card template.

The template writes ``- **Carbon Emitted:** [More Information Needed]``. The paper's regex
captures ``** …`` for such lines and so never reads a number from them; we accept the
bold label, a plain label, list bullets, any number of colons and a comment in
parentheses inside or after the label (``- **Carbon Emitted (Power consumption x Time x
Carbon produced based on location of power grid):** 11250 kg CO2 eq.``, the Stable
Diffusion family's line). Lines inside fenced code blocks and the text of HTML comments
are not read: a ```yaml fence in the body is not metadata.

Everything here runs in time linear in the body's length: comments and fences are found
with ``str.find`` and one pass over line starts, the label pattern uses possessive
quantifiers (it cannot backtrack), and only the first ``MAX_LINE`` characters of a line
are read for a label and its value.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from hfcarbon_lint.parsing.placeholders import is_placeholder
from hfcarbon_lint.parsing.source import SourceText

# Body label -> field name. First match in the body wins, as in the paper.
BODY_LABELS: dict[str, str] = {
    "carbon emitted": "emissions",
    "hardware type": "hardware_used",
    "hardware": "hardware_used",
    "compute region": "geographical_location",
    "hours used": "hours_used",
    "cloud provider": "cloud_provider",
    "training type": "training_type",
}
# A body line longer than this is not read for a label, a value or a figure: no real
# template line is that long, a value cut short could be misread ("1 … kg" as 1 g), and
# it bounds the work per line.
MAX_LINE = 1000
_NOTE = r"[ \t]*+\((?P<{name}>[^()\n]{{0,300}}+)\)"

_LABEL_LINE = re.compile(
    r"[ \t]*+(?:[-*+][ \t]++)?+(?P<open>\*\*|__)?+[ \t]*+(?P<label>"
    + "|".join(sorted((re.escape(label) for label in BODY_LABELS), key=len, reverse=True))
    + r")(?:"
    + _NOTE.format(name="note")
    + r")?+[ \t]*+(?P<colon1>:++)?+[ \t]*+(?P<close>\*\*|__)?+(?:"
    + _NOTE.format(name="note2")
    + r")?+[ \t]*+(?P<colon2>:++)?+[ \t]*+(?P<value>.*)",
    re.IGNORECASE,
)
# Dotted and dotless i, long s, Kelvin sign: IGNORECASE folds them to ASCII letters, str.lower does not (or not in place).
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_FENCE = re.compile(r"^[ \t]{0,3}+(?:```|~~~)", re.MULTILINE)
_EMPHASIS = re.compile(r"^(?:\*\*|__)[ \t]*+|[ \t]*+(?:\*\*|__)$")


class BodyField(NamedTuple):
    name: str
    label: str
    raw_value: str  # as written, placeholders included
    line: int
    value_column: int
    end_column: int
    note: str = ""  # a comment in parentheses beside the label: "(in grams)", "(tCO2eq)"

    @property
    def is_placeholder(self) -> bool:
        return is_placeholder(self.raw_value)


class BodyText:
    """The body with what a reader does not see marked: fenced code blocks and HTML comments.

    Built in one linear pass. A line is *visible* unless it is inside a fenced block (an
    unclosed fence hides the rest of the body, as in CommonMark); the text of a closed
    ``<!-- … -->`` comment is blanked with spaces so columns stay right. An unclosed
    ``<!--`` hides nothing (as before: most are typos in prose).
    """

    __slots__ = ("_comments", "_fences", "start", "text")

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start
        self._comments = _comment_ranges(text, start)  # flat [start, end, start, end, ...], sorted
        self._fences = _fence_ranges(text, start)

    def hidden_line(self, line_start: int) -> bool:
        """Whether the line starting here is inside a fenced code block."""
        return _inside(line_start, self._fences)

    def visible(self, line_start: int, limit: int = MAX_LINE) -> str | None:
        """The line with comment text blanked, or None when it is longer than ``limit``."""
        end = self.text.find("\n", line_start, line_start + limit + 1)
        if end == -1:
            end = len(self.text)
            if end - line_start > limit:
                return None
        line = self.text[line_start:end]
        ranges = self._comments
        index = bisect.bisect_right(ranges, line_start)
        if index % 2 == 1:  # the line starts inside a comment
            index -= 1
        if index >= len(ranges) or ranges[index] >= end:
            return line
        chars = list(line)
        while index < len(ranges) and ranges[index] < end:
            low, high = max(ranges[index], line_start), min(ranges[index + 1], end)
            chars[low - line_start : high - line_start] = " " * (high - low)
            index += 2
        return "".join(chars)

    def lines(self, limit: int = MAX_LINE) -> list[tuple[int, str]]:
        """(offset, visible text) of every line outside fenced blocks up to ``limit`` characters long."""
        result: list[tuple[int, str]] = []
        offset = self.start
        text = self.text
        while offset <= len(text):
            end = text.find("\n", offset)
            if not self.hidden_line(offset) and not _FENCE.match(text, offset):
                visible = self.visible(offset, limit)
                if visible is not None:
                    result.append((offset, visible))
            if end == -1:
                break
            offset = end + 1
        return result


def read_body_fields(source: SourceText, body_offset: int) -> dict[str, BodyField]:
    """The first template line for each field, with its position in the file."""
    text = source.text
    starts = _candidate_line_starts(text, body_offset)
    if not starts:
        return {}
    body = BodyText(text, body_offset)
    fields: dict[str, BodyField] = {}
    for line_start in starts:
        if body.hidden_line(line_start):
            continue
        visible = body.visible(line_start)
        match = _LABEL_LINE.match(visible) if visible is not None else None
        if match is None or not (match.group("colon1") or match.group("colon2")):
            continue
        name = BODY_LABELS[match.group("label").lower()]
        if name in fields:
            continue
        value = match.group("value")
        stripped = _EMPHASIS.sub("", value.rstrip()).strip()
        position = source.position(line_start + match.start("value"))
        fields[name] = BodyField(
            name=name,
            label=match.group("label"),
            raw_value=stripped,
            line=position.line,
            value_column=position.column,
            end_column=position.column + len(value.rstrip()),
            note=(match.group("note") or match.group("note2") or "").strip(),
        )
    return fields


def _candidate_line_starts(text: str, start: int) -> list[int]:
    """Starts of the body lines that hold a label, found at C speed with ``str.lower``.

    ``str.lower`` agrees with the regex's IGNORECASE, index for index, unless the text
    holds one of the four characters that fold to an ASCII letter only in the regex or
    change length in ``lower`` (checked over all of Unicode by a test); such text takes
    every line.
    """
    if any(char in text for char in _FOLDS_TO_ASCII):
        return _line_starts(text, start)
    lowered = text.lower()
    line_starts: set[int] = set()
    for label in BODY_LABELS:
        found = lowered.find(label, start)
        while found != -1:
            line_starts.add(max(start, text.rfind("\n", 0, found) + 1))
            found = lowered.find(label, text.find("\n", found) + 1 or len(text))
    return sorted(line_starts)


def _line_starts(text: str, start: int) -> list[int]:
    starts = [start]
    found = text.find("\n", start)
    while found != -1:
        starts.append(found + 1)
        found = text.find("\n", found + 1)
    return starts


def _comment_ranges(text: str, start: int) -> list[int]:
    """Closed ``<!-- … -->`` comments from ``start``, as a flat sorted list of bounds."""
    bounds: list[int] = []
    opening = text.find("<!--", start)
    while opening != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            break  # no later comment can close either
        bounds += (opening, closing + 3)
        opening = text.find("<!--", closing + 3)
    return bounds


def _fence_ranges(text: str, start: int) -> list[int]:
    """Fenced blocks as a flat sorted list of bounds: openers pair with the next fence line."""
    fences = [m.start() for m in _FENCE.finditer(text, start)]
    if len(fences) % 2:
        fences.append(len(text))
    return fences


def _inside(offset: int, bounds: list[int]) -> bool:
    return bisect.bisect_right(bounds, offset) % 2 == 1
