"""Many cards on several cores: forked workers that send their results back, in order, over pipes.

Kept hand-made rather than ``multiprocessing``: the children inherit the loaded linter,
so they start at once. Chunks go to the ``jobs`` children in turn, one each at a time; the
parent reads each chunk's results from its child's pipe as its turn comes and hands them on,
so they stream out in input order and memory stays bounded. The parent lints nothing itself: it renders the output meanwhile,
and its own writes to memory shared with the children would cost copy-on-write page
faults in both. Only on Linux, where fork is the safe default; elsewhere the caller
runs everything in one process.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Generic, TypeVar

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
    """``map(function, items)`` over ``jobs`` child processes, in order: a pool for one call."""
    chunks = -(-len(items) // chunk_size)
    with ForkedPool(function, max(1, min(jobs, chunks))) as pool:
        yield from pool.map(items, chunk_size)


class ForkedPool(Generic[Item, Result]):
    """``jobs`` children forked once, each applying ``function`` to the chunks sent to it; for streams.

    A census maps batch after batch, and each fork costs its child a copy of every page it
    writes (about 13,000 page faults, a tenth of a second per child): forking once, before the
    dump reader is even loaded, keeps the children small and pays that once. ``forked_map`` is
    a pool for one call (a folder). Chunks go out pickled over a pipe, one per
    child at a time, and results come back in input order. Use as a context manager; a child
    that dies raises RuntimeError, after which the pool is closed.
    """

    def __init__(self, function: Callable[[Item], Result], jobs: int) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        self._workers: list[tuple[int, IO[bytes], IO[bytes]]] = []  # (pid, its input, its output)
        gc.freeze()  # as in forked_map: the children's collector must not walk (and copy) the parent's objects
        try:
            for _ in range(jobs):
                input_read, input_write = os.pipe()  # parent -> child: chunks
                output_read, output_write = os.pipe()  # child -> parent: results
                pid = os.fork()
                if pid == 0:
                    os.close(input_write)
                    os.close(output_read)
                    for _, earlier_input, earlier_output in self._workers:
                        earlier_input.close()  # a child holding a sibling's input open would keep it from ending
                        earlier_output.close()
                    _serve(function, input_read, output_write)
                os.close(input_read)
                os.close(output_write)
                self._workers.append((pid, os.fdopen(input_write, "wb"), os.fdopen(output_read, "rb")))
        except BaseException:
            self.close(stop=True)
            raise
        finally:
            gc.unfreeze()

    def __len__(self) -> int:
        return len(self._workers)

    def map(self, items: Sequence[Item], chunk_size: int) -> Iterator[Result]:
        """``map(function, items)`` on the children, in order."""
        if not self._workers:
            raise RuntimeError("the worker pool is closed")
        chunks = [items[start : start + chunk_size] for start in range(0, len(items), chunk_size)]
        jobs = len(self._workers)
        try:
            for index, chunk in enumerate(chunks):
                if index >= jobs:  # the child's previous chunk is read back before it is sent another
                    yield from _receive(self._workers[index % jobs][2])
                self._send(self._workers[index % jobs][1], chunk)
            for index in range(max(0, len(chunks) - jobs), len(chunks)):
                yield from _receive(self._workers[index % jobs][2])
        except BaseException:
            self.close(stop=True)  # a child died, or the caller stopped reading: the pipes are out of step
            raise

    def _send(self, pipe: IO[bytes], chunk: Sequence[Item]) -> None:
        payload = pickle.dumps(list(chunk), protocol=-1)
        try:
            pipe.write(len(payload).to_bytes(_HEADER, "little") + payload)
            pipe.flush()
        except OSError:
            raise RuntimeError("a worker process ended before taking its input") from None

    def close(self, stop: bool = False) -> None:
        """End the children: their input closes, so they exit; ``stop`` terminates them first."""
        workers, self._workers = self._workers, []
        for pid, child_input, child_output in workers:
            for pipe in (child_input, child_output):
                try:
                    pipe.close()
                except OSError:
                    pass
            _reap(pid, stop)

    def __enter__(self) -> ForkedPool[Item, Result]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(stop=exc[0] is not None)


def _serve(function: Callable[[Item], Result], input_fd: int, output_fd: int) -> None:
    """A pool child: read a chunk, answer it, until the parent closes the input."""
    code = 0
    try:
        with os.fdopen(input_fd, "rb") as source, os.fdopen(output_fd, "wb") as pipe:
            while True:
                header = source.read(_HEADER)
                if len(header) != _HEADER:
                    break  # the parent closed the pool
                chunk = pickle.loads(source.read(int.from_bytes(header, "little")))
                try:
                    payload = pickle.dumps((True, [function(item) for item in chunk]), protocol=-1)
                except Exception as exc:  # noqa: BLE001 - the parent raises it as its own
                    payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"), protocol=-1)
                pipe.write(len(payload).to_bytes(_HEADER, "little") + payload)
                pipe.flush()
    except BaseException:  # noqa: BLE001 - a closed pipe or an interrupt: the parent is gone or going
        code = 1
    finally:
        os._exit(code)


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
