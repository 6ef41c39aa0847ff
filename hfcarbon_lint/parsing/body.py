"""The card body's "Environmental Impact" lines from the Hub model-card template.

The template writes ``- **Carbon Emitted:** [More Information Needed]``. The paper's regex
captures ``** …`` for such lines and so never reads a number from them; we accept the
bold label, a plain label, list bullets and any number of colons. Lines inside fenced
code blocks and HTML comments are not read: a ```yaml fence in the body is not metadata.
"""

from __future__ import annotations

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

_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?P<open>\*\*|__)?[ \t]*(?P<label>"
    + "|".join(sorted((re.escape(label) for label in BODY_LABELS), key=len, reverse=True))
    + r")[ \t]*(?P<colon1>:+)?[ \t]*(?P<close>\*\*|__)?[ \t]*(?P<colon2>:+)?[ \t]*(?P<value>.*?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Dotted and dotless i, long s, Kelvin sign: IGNORECASE folds them to ASCII letters, str.lower does not (or not in place).
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class BodyField(NamedTuple):
    name: str
    label: str
    raw_value: str  # as written, placeholders included
    line: int
    value_column: int
    end_column: int

    @property
    def is_placeholder(self) -> bool:
        return is_placeholder(self.raw_value)


def read_body_fields(source: SourceText, body_offset: int) -> dict[str, BodyField]:
    """The first template line for each field, with its position in the file."""
    text = source.text
    matches = _label_lines(text, body_offset)
    if not matches:
        return {}
    hidden = _hidden_ranges(text, body_offset)
    fields: dict[str, BodyField] = {}
    for match in matches:
        if not (match.group("colon1") or match.group("colon2")):
            continue
        if _inside(match.start(), hidden):
            continue
        name = BODY_LABELS[match.group("label").lower()]
        if name in fields:
            continue
        value = match.group("value").strip()
        value = re.sub(r"^(\*\*|__)\s*|\s*(\*\*|__)$", "", value).strip()
        position = source.position(match.start("value"))
        fields[name] = BodyField(
            name=name,
            label=match.group("label"),
            raw_value=value,
            line=position.line,
            value_column=position.column,
            end_column=position.column + len(match.group("value")),
        )
    return fields


def _label_lines(text: str, start: int) -> list[re.Match[str]]:
    """``_LABEL_LINE.finditer(text, start)``, run only on the lines that hold a label.

    A match never spans two lines, so a line without a label cannot match, and most
    bodies are searched at C speed with ``str.lower``. That agrees with the regex's
    IGNORECASE, index for index, unless the text holds one of the four characters that
    fold to an ASCII letter only in the regex or change length in ``lower`` (checked
    over all of Unicode by a test); such text takes the full scan.
    """
    if any(char in text for char in _FOLDS_TO_ASCII):
        return list(_LABEL_LINE.finditer(text, start))
    lowered = text.lower()
    line_starts: set[int] = set()
    for label in BODY_LABELS:
        found = lowered.find(label, start)
        while found != -1:
            line_starts.add(max(start, text.rfind("\n", 0, found) + 1))
            found = lowered.find(label, text.find("\n", found) + 1 or len(text))
    matches = (_LABEL_LINE.match(text, line_start) for line_start in sorted(line_starts))
    return [match for match in matches if match is not None]


def _hidden_ranges(text: str, start: int) -> list[tuple[int, int]]:
    ranges = [(m.start(), m.end()) for m in _COMMENT.finditer(text, start)]
    fences = [m.start() for m in _FENCE.finditer(text, start)]
    for opening, closing in zip(fences[::2], [*fences[1::2], len(text)], strict=False):
        ranges.append((opening, closing))
    return ranges


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)
