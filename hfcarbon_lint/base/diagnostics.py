"""The one diagnostic type every part of hfcarbon-lint produces and every reporter consumes.

Value types are NamedTuples: immutable, compared by value, changed with ``_replace``
and cheap to pickle to the workers of a big folder.

Modelled on ruff's diagnostic: a stable code and kebab-case name, a start and end
position in the *file* (1-based line and column, end exclusive), a severity, a
message, and an optional fix labelled safe or unsafe.
"""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` over diagnostics gives the worst one."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


class Position(NamedTuple):
    """A 1-based line and a 1-based column counted in characters."""

    line: int
    column: int


class Span(NamedTuple):
    start: Position
    end: Position

    @classmethod
    def at(cls, line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> Span:
        return cls(Position(line, column), Position(end_line or line, end_column or column))

    @classmethod
    def whole_file_start(cls) -> Span:
        return cls.at(1, 1)


class Applicability(enum.Enum):
    """Whether applying a fix can change what the card means (ruff's split)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit(NamedTuple):
    """Replace the characters between two offsets of the decoded, newline-normalised text.

    ``start``/``end`` are the same places as file positions, filled in by the engine so
    reporters (JSON, SARIF) can show a fix without holding the card's text.
    """

    start_offset: int
    end_offset: int
    replacement: str
    start: Position | None = None
    end: Position | None = None


class Fix(NamedTuple):
    applicability: Applicability
    description: str
    edits: tuple[Edit, ...]


class Diagnostic(NamedTuple):
    """One finding at one place of one file; immutable (change it with ``_replace``)."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    fix: Fix | None = None
    # Codes of less specific diagnostics this one makes redundant at the same place.
    supersedes: tuple[str, ...] = ()

    @property
    def line(self) -> int:
        return self.span.start.line

    @property
    def column(self) -> int:
        return self.span.start.column

    @property
    def end_line(self) -> int:
        return self.span.end.line

    @property
    def end_column(self) -> int:
        return self.span.end.column

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
