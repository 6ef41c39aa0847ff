"""Many cards on several cores: forked workers that send their results back, in order, over pipes.

Kept hand-made rather than ``multiprocessing``: the children inherit the loaded linter,
so they start at once, and results stream back in input order. Chunks are dealt round-robin to ``jobs`` children; the parent
reads each chunk from its child's pipe as its turn comes and hands the results on, so
they stream out in input order and memory stays bounded (a child that runs ahead waits
on its full pipe). The parent lints nothing itself: it renders the output meanwhile,
and its own writes to memory shared with the children would cost copy-on-write page
faults in both. Only on Linux, where fork is the safe default; elsewhere the caller
runs everything in one process.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_HEADER = 8  # bytes of length before each pickled chunk


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (cgroups, taskset)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def forked_map(
    function: Callable[[Item], Result], items: Sequence[Item], jobs: int, chunk_size: int
) -> Iterator[Result]:
    """``map(function, items)`` over ``jobs`` child processes, in order."""
    chunks = [items[start : start + chunk_size] for start in range(0, len(items), chunk_size)]
    jobs = max(1, min(jobs, len(chunks)))
    sys.stdout.flush()  # a child must not inherit (and later repeat) buffered output
    sys.stderr.flush()
    workers: list[tuple[int, int]] = []  # (pid, read end of its pipe); worker w lints chunks w, w + jobs, ...
    finished = False
    try:
        for worker in range(jobs):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: lint its chunks, write them, never return into the caller
                for inherited in (read_end, *(earlier for _, earlier in workers)):
                    os.close(inherited)  # only the parent reads: a dead parent then means EPIPE, not a hang
                _serve(function, chunks[worker::jobs], write_end)
            os.close(write_end)
            workers.append((pid, read_end))
        readers = [os.fdopen(read_end, "rb") for _, read_end in workers]
        for index in range(len(chunks)):
            yield from _receive(readers[index % jobs])
        for reader in readers:
            reader.close()
        finished = True
    finally:
        for pid, _ in workers:
            _reap(pid, stop=not finished)


def _serve(function: Callable[[Item], Result], chunks: list[Sequence[Item]], fd: int) -> None:
    code = 0
    try:
        with os.fdopen(fd, "wb") as pipe:
            for chunk in chunks:
                try:
                    payload = pickle.dumps((True, [function(item) for item in chunk]), protocol=-1)
                except Exception as exc:  # noqa: BLE001 - the parent raises it as its own
                    payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"), protocol=-1)
                pipe.write(len(payload).to_bytes(_HEADER, "little") + payload)
    except BaseException:  # noqa: BLE001 - a closed pipe or an interrupt: the parent is gone or going
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's inherited buffers


def _receive(reader: IO[bytes]) -> Iterator[Result]:
    header = reader.read(_HEADER)
    if len(header) != _HEADER:
        raise RuntimeError("a worker process ended without sending its results")
    size = int.from_bytes(header, "little")
    data = reader.read(size)
    if len(data) != size:
        raise RuntimeError("a worker process ended while sending its results")
    ok, payload = pickle.loads(data)
    if not ok:
        raise RuntimeError(f"in a worker process: {payload}")
    results: list[Result] = payload  # what _serve pickled: a list of results
    yield from results


def _reap(pid: int, stop: bool) -> None:
    """Wait for a child; when the parent stopped early (an error, an interrupt), terminate it first."""
    try:
        if stop:
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
