"""Run the wrapped command so that it behaves as if it had been run bare.

* It inherits our stdin, stdout, stderr and any other inheritable descriptor, and the
  environment, untouched: nothing is piped or rewritten.
* It runs in its own process group (``posix_spawn`` with ``setpgroup``: atomic, safe
  with the tracker's threads running). SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1 and
  SIGUSR2 sent to us are forwarded to that whole group, so DataLoader workers and
  ``torchrun`` ranks get them too; we keep waiting until the command exits.
* On a terminal, when we are the foreground job, the group is made the terminal's
  foreground group (as a shell does), so Ctrl-C, Ctrl-\\ and keyboard input go straight
  to the command. When the command stops (Ctrl-Z, or reading the terminal from the
  background), we stop too, so the shell shows the job stopped; ``fg`` resumes both.
* Our exit code is the command's; a command killed by signal N gives 128 + N, as in a
  shell. A command that cannot be found gives 127, one that cannot be run 126.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

FORWARDED_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2")
    if hasattr(signal, name)
)
# Python sets these to SIG_IGN for itself; a bare command gets them at their default (as Popen does).
_RESET_IN_CHILD = tuple(s for s in (getattr(signal, "SIGPIPE", None), getattr(signal, "SIGXFSZ", None)) if s)

EXIT_NOT_FOUND = 127
EXIT_NOT_EXECUTABLE = 126


class CommandFailedToStart(Exception):
    """The command could not be started; ``exit_code`` is the shell's (127 not found, 126 not executable)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass(frozen=True)
class ChildResult:
    returncode: int  # the exit status, or -N when signal N killed the command (subprocess's convention)
    wall_seconds: float
    cpu_seconds: float | None  # user + system time of the command and the children it waited for
    forwarded: tuple[int, ...] = field(default=())

    @property
    def signal(self) -> int | None:
        return -self.returncode if self.returncode < 0 else None

    @property
    def exit_code(self) -> int:
        """What a shell shows for the command: its status, or 128 + N for signal N."""
        return 128 - self.returncode if self.returncode < 0 else self.returncode

    @property
    def succeeded(self) -> bool:
        return self.returncode == 0

    def describe(self) -> str:
        if self.signal is not None:
            try:
                name = signal.Signals(self.signal).name
            except ValueError:
                name = f"signal {self.signal}"
            return f"killed by {name} (exit {self.exit_code})"
        return f"exited with {self.returncode}"


def check_command(argv: Sequence[str]) -> None:
    """Raise :class:`CommandFailedToStart` now if ``argv[0]`` cannot be run (before anything is measured)."""
    if not argv:
        raise CommandFailedToStart("no command given", 2)
    if not hasattr(os, "posix_spawnp") or not hasattr(os, "wait4"):
        raise CommandFailedToStart("track needs a POSIX system (posix_spawn, wait4): Linux or macOS", 2)
    name = argv[0]
    if os.sep in name or (os.altsep and os.altsep in name):
        if not os.path.exists(name):
            raise CommandFailedToStart(f"command not found: {name}", EXIT_NOT_FOUND)
        if os.path.isdir(name) or not os.access(name, os.X_OK):
            raise CommandFailedToStart(f"permission denied: {name}", EXIT_NOT_EXECUTABLE)
    elif shutil.which(name) is None:
        raise CommandFailedToStart(f"command not found: {name}", EXIT_NOT_FOUND)


def run_child(argv: Sequence[str]) -> ChildResult:
    """Run ``argv`` in its own process group, forwarding signals, and wait for it to finish."""
    if not argv:
        raise CommandFailedToStart("no command given", 2)
    runner = _ChildRunner(list(argv))
    return runner.run()


@dataclass
class _ChildRunner:
    argv: list[str]
    pid: int | None = None
    pending: list[int] = field(default_factory=list)
    forwarded: list[int] = field(default_factory=list)
    tty: int | None = None
    handed_over: bool = False

    # ---- signals

    def _forward(self, signum: int, frame: FrameType | None) -> None:
        if self.pid is None:
            self.pending.append(signum)
            return
        self.forwarded.append(signum)
        try:
            os.killpg(self.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    @contextmanager
    def _forwarding(self) -> Iterator[None]:
        previous: dict[signal.Signals, Any] = {}
        try:
            for forwarded in FORWARDED_SIGNALS:
                previous[forwarded] = signal.signal(forwarded, self._forward)
            yield
        finally:
            for restored, handler in previous.items():
                signal.signal(restored, handler)

    # ---- the terminal

    def _find_terminal(self) -> int | None:
        """Our controlling terminal, if stdin, stdout or stderr is one (foreground or not)."""
        if not hasattr(os, "tcsetpgrp"):
            return None
        for fd in (0, 1, 2):
            try:
                if os.isatty(fd):
                    os.tcgetpgrp(fd)  # fails unless it is our controlling terminal
                    return fd
            except OSError:
                continue
        return None

    def _give_terminal(self, pgid: int) -> bool:
        if self.tty is None:
            return False
        previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # we may be in the background by now
        try:
            os.tcsetpgrp(self.tty, pgid)
            return True
        except OSError:
            return False
        finally:
            signal.signal(signal.SIGTTOU, previous)

    def _owns_terminal(self, pgid: int) -> bool:
        if self.tty is None:
            return False
        try:
            return os.tcgetpgrp(self.tty) == pgid
        except OSError:
            return False

    # ---- running

    def run(self) -> ChildResult:
        self.tty = self._find_terminal()
        started = time.monotonic()
        with self._forwarding():
            try:
                pid = os.posix_spawnp(self.argv[0], self.argv, dict(os.environ), setpgroup=0, setsigdef=_RESET_IN_CHILD)
            except FileNotFoundError:
                raise CommandFailedToStart(f"command not found: {self.argv[0]}", EXIT_NOT_FOUND) from None
            except PermissionError:
                raise CommandFailedToStart(f"permission denied: {self.argv[0]}", EXIT_NOT_EXECUTABLE) from None
            except OSError as exc:
                raise CommandFailedToStart(
                    f"cannot run {self.argv[0]}: {exc.strerror or exc}", EXIT_NOT_EXECUTABLE
                ) from None
            self.pid = pid
            try:
                if self.tty is not None and self._owns_terminal(os.getpgrp()):  # we are the foreground job
                    self.handed_over = self._give_terminal(pid)
                    if self.handed_over:
                        _signal_group(pid, signal.SIGCONT)  # in case it read the terminal before the hand-over
                for signum in self.pending:
                    self.forwarded.append(signum)
                    _signal_group(pid, signum)
                self.pending.clear()
                status, usage = self._wait(pid)
            finally:
                if self.handed_over:
                    self._give_terminal(os.getpgrp())
        wall = time.monotonic() - started
        returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        return ChildResult(returncode, wall, cpu, tuple(self.forwarded))

    def _wait(self, pid: int) -> tuple[int, resource.struct_rusage]:
        flags = os.WUNTRACED if self.tty is not None else 0
        while True:
            _, status, usage = os.wait4(pid, flags)
            if not os.WIFSTOPPED(status):
                return status, usage
            self._stopped(pid, os.WSTOPSIG(status))

    def _stopped(self, pid: int, stop_signal: int) -> None:
        """The command stopped: resume a terminal race, or stop with it like a shell job."""
        if stop_signal in (signal.SIGTTIN, signal.SIGTTOU) and self._owns_terminal(pid):
            _signal_group(pid, signal.SIGCONT)  # it touched the terminal just before it became its owner
            return
        if self.handed_over:
            self._give_terminal(os.getpgrp())
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGSTOP)
        # Resumed (fg or bg): the command follows; it gets the terminal back only if we have it.
        if self.tty is not None and self._owns_terminal(os.getpgrp()):
            self.handed_over = self._give_terminal(pid)
        _signal_group(pid, signal.SIGCONT)


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass
