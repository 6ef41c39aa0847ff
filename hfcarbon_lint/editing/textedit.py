"""Apply edits to a card and write it back, changing nothing else.

Edits are expressed in offsets of the *normalised* text (what the parser saw). They are
mapped to the original decoded text, so CRLF, bare CR, mixed line endings and a BOM
survive untouched outside the edited ranges; new line breaks inside a replacement use
the file's dominant newline.
"""

from __future__ import annotations

import itertools
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from hfcarbon_lint.base.diagnostics import Edit
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


class ReadOnlyCard(OSError):
    """The card has no write bit for its owner: the user made it read-only, so it is not rewritten."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: read-only")
        self.strerror = "read-only"


class ChangedOnDisk(OSError):
    """The file no longer holds the bytes the edit was made from: re-read and edit again."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} changed on disk after it was read; not overwritten")
        self.strerror = "changed on disk after it was read; not overwritten"


WRITE_ATTEMPTS = 3  # re-read and re-edit a card that changed under us this many times, then give up


def atomic_write(path: str | Path, data: bytes, expected: bytes | None = None) -> None:
    """Write a card back keeping the file's identity; a crash never leaves half a card.

    - A symlink is followed: its target is written (in the target's folder), the link stays.
    - A file without the owner's write bit is refused (ReadOnlyCard); root would otherwise
      write anything, so the mode bits decide, not os.access.
    - Owner, group and mode of the old file go to the new one. A file with several hard links
      (or whose owner this process cannot give the new file) is rewritten in place, so every
      link sees the change; a backup copy beside it guards the moment of the rewrite and is
      removed once the new bytes are on disk.
    - With ``expected`` (the bytes the edit was made from), the file is locked (flock) and
      re-read right before the replace; anything else there raises ChangedOnDisk, so an edit
      by someone else (another ``--fix``, an editor) is never overwritten blind.
    - Anything else: a temporary file in the same folder, fsync, then rename over the card.
    """
    real = os.path.realpath(path)
    try:
        status: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        status = None
    if status is None:
        if expected:  # it was there when it was read
            raise ChangedOnDisk(str(path))
        _replace(real, data, None)
        return
    if not stat.S_ISREG(status.st_mode):
        raise OSError(f"{path} is not a regular file; not written")
    if not status.st_mode & stat.S_IWUSR:
        raise ReadOnlyCard(str(path))
    fd = os.open(real, os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        _lock(fd)
        status = os.fstat(fd)
        if expected is not None:
            if not _same_file(real, status) or _read_all(fd) != expected:
                raise ChangedOnDisk(str(path))
        if status.st_nlink > 1 or not _replace(real, data, status):
            _rewrite_in_place(fd, real, data)
    finally:
        os.close(fd)  # also releases the lock


def _same_file(real: str, status: os.stat_result) -> bool:
    """Whether the path still names the inode we opened (no one renamed a new file over it)."""
    try:
        now = os.stat(real)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (status.st_dev, status.st_ino)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the re-read check alone guards
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    pieces = []
    while piece := os.read(fd, 1 << 20):
        pieces.append(piece)
    return b"".join(pieces)


def _replace(real: str, data: bytes, status: os.stat_result | None) -> bool:
    """Temporary file beside ``real`` with the old owner and mode, renamed over it.

    False (nothing written) when the old owner cannot be kept or the folder is not writable: the
    caller rewrites the file in place.
    """
    folder, name = os.path.split(real)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    except PermissionError:
        if status is None:
            raise
        return False  # a writable card in a folder we may not write to: rewrite it in place
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if status is not None:
            if (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.chown(temporary, status.st_uid, status.st_gid)
                except PermissionError:
                    os.unlink(temporary)
                    return False
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
        os.replace(temporary, real)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return True


def _rewrite_in_place(fd: int, real: str, data: bytes) -> None:
    """Overwrite the open file itself (its inode, so every hard link sees it), a backup beside it meanwhile."""
    old = _read_all(fd)
    folder, name = os.path.split(real)
    try:
        handle, backup = tempfile.mkstemp(prefix=f".{name}.", suffix=".bak", dir=folder or ".")
    except PermissionError:  # a folder we may not write to: the backup goes to the temporary folder
        handle, backup = tempfile.mkstemp(prefix=f"hfcarbon-lint-{name}.", suffix=".bak")
    with os.fdopen(handle, "wb") as stream:
        stream.write(old)
        stream.flush()
        os.fsync(stream.fileno())
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.ftruncate(fd, len(data))
    os.fsync(fd)
    os.unlink(backup)  # kept only if we die before this line: the old card is in it
