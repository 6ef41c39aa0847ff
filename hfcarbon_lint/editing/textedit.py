"""Apply edits to a card and write it back, changing nothing else.

Edits are expressed in offsets of the *normalised* text (what the parser saw). They are
mapped to the original decoded text, so CRLF, bare CR, mixed line endings and a BOM
survive untouched outside the edited ranges; new line breaks inside a replacement use
the file's dominant newline.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from hfcarbon_lint.lint.diagnostics import Edit
from hfcarbon_lint.parsing.source import UTF8_BOM, SourceText


class OverlappingEdits(ValueError):
    pass


def apply_edits(source: SourceText, edits: Sequence[Edit]) -> str:
    """The original text (line endings as they were) with the edits applied."""
    ordered = sorted(edits, key=lambda e: (e.start_offset, e.end_offset))
    for before, after in itertools.pairwise(ordered):
        if after.start_offset < before.end_offset:
            raise OverlappingEdits(f"edits overlap at offset {after.start_offset}")
    original = source.original
    pieces: list[str] = []
    cursor = 0
    for edit in ordered:
        start = source.original_offset(edit.start_offset)
        end = source.original_offset(edit.end_offset)
        pieces.append(original[cursor:start])
        pieces.append(edit.replacement.replace("\n", source.newline) if source.newline != "\n" else edit.replacement)
        cursor = end
    pieces.append(original[cursor:])
    return "".join(pieces)


def encode(source: SourceText, text: str) -> bytes:
    data = text.encode("utf-8")
    return UTF8_BOM + data if source.had_bom else data


def non_overlapping(edit_groups: Sequence[Sequence[Edit]]) -> list[Edit]:
    """Take whole groups (one fix each) in order, skipping any that overlaps one already taken."""
    taken: list[Edit] = []
    for group in edit_groups:
        if all(e.end_offset <= t.start_offset or e.start_offset >= t.end_offset for e in group for t in taken):
            taken.extend(group)
    return taken


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: a crash never leaves half a card."""
    path = Path(path)
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
