"""Reading a card safely: regular files only, never more than the size limit.

A README.md can be a FIFO (opening it blocks until a writer comes), a link to
``/dev/zero`` (reading never ends) or a 5 GB log someone renamed. Every local read of a
card goes through ``read_card``: the path is stat-ed first and only a regular file is
opened, with ``O_NONBLOCK`` as a second guard (a FIFO swapped in between the stat and the
open still cannot block) and an ``fstat`` of the open descriptor; then at most
``limit + 1`` bytes are read. One byte over the limit is enough for the engine to report
HFC006 card-too-large without reading (or holding) the rest.

``MAX_CARD_SIZE`` is the one default; ``max-card-size`` in the config file changes it, else
the ``HFCARBON_LINT_MAX_CARD_BYTES`` environment variable (which also bounds remote downloads). Real
model cards are under 1 MB (the largest of the 807-card corpus is ~200 KB); the Hub client
reuses the constant for remote downloads.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from typing import IO

MAX_CARD_SIZE = 10 * 1024 * 1024  # bytes (10 MiB)
LIMIT_VARIABLE = "HFCARBON_LINT_MAX_CARD_BYTES"  # the environment's say, below the config file's


def configured_limit(config_value: int | None = None) -> int:
    """The size limit of a run: ``max-card-size`` from the config file, else the environment, else 10 MiB."""
    if config_value is not None:
        return config_value
    try:
        from_environment = int(os.environ.get(LIMIT_VARIABLE, "") or 0)
    except ValueError:
        from_environment = 0
    return from_environment if from_environment > 0 else MAX_CARD_SIZE


_CHUNK = 1 << 20


class NotRegularFile(OSError):
    """A path that names a FIFO, a device, a socket or a folder: never opened as a card."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(f"not a regular file ({kind}); only regular files are read as cards")
        self.path = path
        self.kind = kind
        self.strerror = str(self)


def file_kind(mode: int) -> str:
    """A word for what a st_mode is (for messages)."""
    if stat.S_ISREG(mode):
        return "regular file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a file"


def irregular(path: str) -> str | None:
    """What ``path`` is when it is not a regular file (following symlinks), else None.

    A path that cannot be stat-ed (missing, a dangling link) gives None: the read
    reports that error itself.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else file_kind(mode)


def read_card(path: str | os.PathLike[str], limit: int = MAX_CARD_SIZE) -> bytes:
    """At most ``limit + 1`` bytes of a regular file (OSError, NotRegularFile otherwise)."""
    name = os.fspath(path)
    kind = irregular(name)
    if kind is not None:
        raise NotRegularFile(name, kind)
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for something else after the stat above
            raise NotRegularFile(name, file_kind(mode))
        return _read_at_most(lambda size: os.read(fd, size), limit + 1)
    finally:
        os.close(fd)


def read_stream(stream: IO[bytes], limit: int = MAX_CARD_SIZE) -> bytes:
    """At most ``limit + 1`` bytes of a binary stream (standard input): ``< /dev/zero`` ends."""
    return _read_at_most(stream.read, limit + 1)


def _read_at_most(read: Callable[[int], bytes], budget: int) -> bytes:
    pieces: list[bytes] = []
    while budget > 0:
        piece = read(min(budget, _CHUNK))
        if not piece:
            break
        pieces.append(piece)
        budget -= len(piece)
    return b"".join(pieces)
