"""The one way hfcarbon-lint calls the Hub: explicit endpoint, explicit timeouts, bounded retries, one-line errors.

huggingface_hub reads ``HF_ENDPOINT`` and ``HF_HOME`` once, at import (hub-spec.md §2.2). We read
them at *call* time and pass ``endpoint=`` and ``cache_dir=`` explicitly, so a test (or a
long-lived process) can point us at another Hub without re-importing anything.

Every call goes through :func:`call_hub`:

- a per-request timeout (``--timeout``, ``HFCARBON_LINT_HUB_TIMEOUT``, default 10 s) passed to the
  client, and an overall deadline per attempt enforced by us, because a socket timeout alone does
  not bound a server that trickles bytes or a download that keeps resuming;
- our own retries (``--retries``, ``HFCARBON_LINT_HUB_RETRIES``, default 2) on 429, 5xx, timeouts
  and network errors, waiting what ``Retry-After`` (or ``RateLimit: ...;t=N``) says, else 0.5 s,
  1 s, 2 s...; a ``Retry-After`` longer than ``max_wait`` (60 s) is not waited for: the failure is
  reported with the delay instead;
- a total deadline per card (``card_deadline``: 3 x the timeout, retries and waits included), so a
  server that trickles one byte at a time cannot hold a card for longer than that;
- every failure becomes a :class:`HubFailure` whose ``str`` is one line, with no token in it.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar
from urllib.parse import urlsplit

from hfcarbon_lint.base.files import MAX_CARD_SIZE, configured_limit
from hfcarbon_lint.base.version import __version__

T = TypeVar("T")

DEFAULT_ENDPOINT = "https://huggingface.co"
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 2
LIBRARY_NAME = "hfcarbon-lint"
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_TOKEN_LIKE = re.compile(r"\bhf_[A-Za-z0-9]{30,}")  # user access tokens: hf_ + 34 characters


class HubFailure(Exception):
    """A Hub request that did not give us the card or the listing; ``str()`` is a one-line message."""

    def __init__(self, message: str, kind: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind  # a short machine-readable reason: not-found, gated, no-readme, timeout, ...

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class HubConfig:
    """Where the Hub is and how patient to be. ``from_env()`` reads the environment at call time."""

    endpoint: str = DEFAULT_ENDPOINT
    cache_dir: str = ""
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = 0.5
    max_wait: float = 60.0
    offline: bool = False
    max_bytes: int = MAX_CARD_SIZE  # the largest README.md read, from the Hub or the cache: the local cards' limit

    @classmethod
    def from_env(
        cls,
        timeout: float | None = None,
        retries: int | None = None,
        offline: bool = False,
        max_bytes: int | None = None,
    ) -> HubConfig:
        env = os.environ
        return cls(
            endpoint=(env.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/"),
            cache_dir=default_cache_dir(),
            timeout=timeout if timeout is not None else _env_float("HFCARBON_LINT_HUB_TIMEOUT", DEFAULT_TIMEOUT),
            retries=retries if retries is not None else int(_env_float("HFCARBON_LINT_HUB_RETRIES", DEFAULT_RETRIES)),
            offline=offline or _env_true("HF_HUB_OFFLINE") or _env_true("TRANSFORMERS_OFFLINE"),
            max_bytes=max_bytes if max_bytes is not None else configured_limit(),
        )

    def with_offline(self, offline: bool) -> HubConfig:
        return replace(self, offline=self.offline or offline)

    @property
    def deadline(self) -> float:
        """The longest one attempt may take, however the server behaves (a safety net, not the timeout)."""
        return 8 * self.timeout + 5

    @property
    def card_deadline(self) -> float:
        """The longest one card may take in all: every attempt, wait and byte of it."""
        return 3 * self.timeout


def _env_float(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value >= 0 else default


def _env_true(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def default_cache_dir() -> str:
    """huggingface_hub's cache location, resolved from the environment now (not at its import)."""
    env = os.environ
    if env.get("HF_HUB_CACHE"):
        return str(Path(env["HF_HUB_CACHE"]).expanduser())
    home = env.get("HF_HOME") or os.path.join(env.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    return str(Path(home).expanduser() / "hub")


def is_commit(revision: str | None) -> bool:
    return revision is not None and bool(_COMMIT.match(revision))


# -- huggingface_hub, imported lazily and made quiet ------------------------------------------------

_quiet_lock = threading.Lock()
_quieted = False


def hub_modules() -> ModuleType:
    """Import huggingface_hub (only now) and silence its logging: our errors are one line each."""
    global _quieted
    import huggingface_hub

    with _quiet_lock:
        if not _quieted:
            # Its logger prints multi-line retry warnings on stderr; its own retries are not the ones we use.
            # Importing its logging module first: it configures the root logger's level when imported.
            from huggingface_hub.utils import logging as hub_logging

            if not os.environ.get("HF_HUB_VERBOSITY"):  # a user debugging the client keeps its output
                hub_logging.set_verbosity(logging.CRITICAL)
            warnings.filterwarnings("ignore", module=r"huggingface_hub(\.|$)")
            _quieted = True
    return huggingface_hub


def _known_tokens() -> list[str]:
    """The tokens huggingface_hub could send: environment first, then the login file (read, never printed)."""
    tokens = [os.environ.get(name, "").strip() for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")]
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    token_file = Path(os.environ.get("HF_TOKEN_PATH") or Path(home) / "token").expanduser()
    try:
        tokens.append(token_file.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        pass
    return [token for token in tokens if len(token) >= 4]


def scrub(message: str) -> str:
    """One line, no token: the promise of every message we print."""
    for token in _known_tokens():
        message = message.replace(token, "***")
    message = _TOKEN_LIKE.sub("hf_***", message)
    first = " ".join(message.split())
    return first if len(first) <= 300 else first[:297] + "..."


# -- running a call: deadline, retries, errors -----------------------------------------------------


class DeadlineExceeded(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete answer within {seconds:g} s")
        self.seconds = seconds


def call_with_deadline(function: Callable[[], T], seconds: float) -> T:
    """Run ``function`` in a daemon thread and give up after ``seconds``.

    A daemon thread, not a pool: an abandoned call must never keep the process alive at exit.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller as is
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, name="hfcarbon-lint-hub", daemon=True).start()
    if not done.wait(seconds):
        raise DeadlineExceeded(seconds)
    if "error" in box:
        raise box["error"]
    result: T = box["value"]
    return result


@dataclass(frozen=True)
class Problem:
    message: str
    kind: str
    retryable: bool = False
    wait: float | None = None  # what the server asked us to wait, if it said


def call_hub(
    function: Callable[[], T],
    config: HubConfig,
    what: str = "the Hub",
    revision: str | None = None,
    deadline: float | None = None,
) -> T:
    """Call ``function`` with the deadline and retries of ``config``; raise :class:`HubFailure` on failure.

    ``deadline`` (a ``time.monotonic()`` instant) bounds every attempt and wait together.
    """
    attempt = 0
    while True:
        seconds = config.deadline
        if deadline is not None:
            seconds = min(seconds, deadline - time.monotonic())
        try:
            if seconds <= 0:
                raise DeadlineExceeded(config.card_deadline)
            return call_with_deadline(function, seconds)
        except DeadlineExceeded as exc:
            if deadline is not None and time.monotonic() >= deadline - 0.05:
                raise card_deadline_failure(config, what) from None
            problem = describe(exc, config, what, revision)
        except Exception as exc:  # noqa: BLE001 - every failure becomes one line
            problem = describe(exc, config, what, revision)
        out_of_time = deadline is not None and time.monotonic() >= deadline
        if not problem.retryable or attempt >= config.retries or out_of_time:
            suffix = f" (after {attempt + 1} attempts)" if attempt else ""
            raise HubFailure(scrub(problem.message + suffix), problem.kind)
        wait = problem.wait if problem.wait is not None else config.backoff * (2**attempt)
        if wait > config.max_wait:
            raise HubFailure(scrub(f"{problem.message} (the Hub asks to retry in {wait:g} s)"), problem.kind)
        if deadline is not None and time.monotonic() + wait >= deadline:
            late = f"no time left to retry: a card gets {config.card_deadline:g} s in all"
            raise HubFailure(scrub(f"{problem.message} ({late})"), problem.kind)
        time.sleep(wait)
        attempt += 1


def card_deadline_failure(config: HubConfig, what: str) -> HubFailure:
    return HubFailure(
        f"{what}: not complete after {config.card_deadline:g} s, the time a card gets "
        f"(3 x the {config.timeout:g} s timeout): gave up",
        "timeout",
    )


def _unwrap(exc: BaseException) -> BaseException:
    """hf_hub_download(force_download=True) wraps the HEAD error in a ValueError; LocalEntryNotFoundError too."""
    seen = 0
    while seen < 5 and exc.__cause__ is not None and type(exc).__name__ in {"ValueError", "LocalEntryNotFoundError"}:
        if type(exc).__name__ == "ValueError" and "Force download failed" not in str(exc):
            break
        exc = exc.__cause__
        seen += 1
    return exc


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def _header(exc: BaseException, name: str) -> str | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    value = headers.get(name)
    return value if isinstance(value, str) else None


def _server_says(exc: BaseException) -> str:
    text = getattr(exc, "server_message", None)
    if isinstance(text, str) and text.strip():
        return ": " + " ".join(text.split())[:160]
    return ""


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait: ``Retry-After: N`` or ``RateLimit: "api";r=0;t=N``."""
    value = _header(exc, "Retry-After")
    if value is not None and value.strip().isdigit():
        return float(value.strip())
    ratelimit = _header(exc, "RateLimit")
    if ratelimit:
        remaining = re.search(r"\br=(\d+)", ratelimit)
        reset = re.search(r"\bt=(\d+)", ratelimit)
        if reset and (remaining is None or remaining.group(1) == "0"):
            return float(reset.group(1))
    return None


def describe(exc: BaseException, config: HubConfig, what: str, revision: str | None = None) -> Problem:
    """Map what huggingface_hub / httpx2 raised to a message, in hub-spec.md §2.8's order."""
    import httpx2
    from huggingface_hub import errors

    exc = _unwrap(exc)
    host = urlsplit(config.endpoint).netloc or config.endpoint
    rev = revision or "main"
    status = _status(exc)
    if isinstance(exc, HubFailure):  # raised by our own code inside a call: already one line
        return Problem(exc.message, exc.kind)
    if isinstance(exc, DeadlineExceeded):
        return Problem(f"{what}: {exc}", "timeout", retryable=True)
    if isinstance(exc, errors.GatedRepoError):
        hint = (
            "your token has no access: accept the conditions on the model page"
            if status == 403
            else ("accept the conditions on the model page and set HF_TOKEN (or `hf auth login`)")
        )
        return Problem(f"gated repo (HTTP {status}): {hint}", "gated")
    if isinstance(exc, errors.RepositoryNotFoundError):
        return Problem(f"repository not found on {host} (or private: set HF_TOKEN if you have access)", "not-found")
    if isinstance(exc, errors.RevisionNotFoundError):
        return Problem(f"revision {rev!r} not found", "bad-revision")
    if isinstance(exc, errors.RemoteEntryNotFoundError):
        return Problem(f"no README.md at revision {rev!r}: the repo has no model card", "no-readme")
    if isinstance(exc, errors.DisabledRepoError):
        return Problem("repository disabled on the Hub", "disabled")
    if isinstance(exc, errors.BadRequestError):
        return Problem(f"{what}: bad request (HTTP 400){_server_says(exc)}", "http")
    if isinstance(exc, errors.OfflineModeIsEnabled):
        return Problem(f"{what}: offline mode is on (HF_HUB_OFFLINE or --offline), the Hub was not asked", "offline")
    if isinstance(exc, errors.LocalEntryNotFoundError):
        return Problem(f"not in the local cache ({config.cache_dir}); run once without --offline", "not-cached")
    if isinstance(exc, errors.FileMetadataError) or (isinstance(exc, OSError) and "X-Repo-Commit" in str(exc)):
        return Problem(f"{config.endpoint} did not answer like a Hugging Face Hub (no X-Repo-Commit/ETag)", "not-a-hub")
    if isinstance(exc, errors.HfHubHTTPError) and status is not None:
        if status == 401:
            return Problem(
                f"{what}: authentication required (HTTP 401): private or gated; set HF_TOKEN", "unauthorized"
            )
        if status == 403:
            return Problem(
                f"{what}: access denied (HTTP 403): the token lacks permission{_server_says(exc)}", "forbidden"
            )
        if status == 409:
            return Problem(
                f"{what}: conflict (HTTP 409): the card changed on the Hub since it was read; nothing was written, "
                f"run again to fix the new version{_server_says(exc)}",
                "conflict",
            )
        if status == 429:
            wait = retry_after(exc)
            return Problem(f"{what}: rate limited by the Hub (HTTP 429)", "rate-limited", retryable=True, wait=wait)
        if status in (408, 500, 502, 503, 504):
            return Problem(
                f"{what}: the Hub answered HTTP {status}{_server_says(exc)}",
                "server-error",
                retryable=True,
                wait=retry_after(exc),
            )
        return Problem(f"{what}: HTTP {status}{_server_says(exc)}", "http")
    if isinstance(exc, httpx2.TimeoutException):
        return Problem(
            f"{what}: no answer from {host} within {config.timeout:g} s (timeout)", "timeout", retryable=True
        )
    if isinstance(exc, httpx2.ConnectError):
        reason = "connection refused" if "refused" in str(exc).lower() else "cannot connect"
        return Problem(f"{what}: {reason} ({config.endpoint})", "connection", retryable=True)
    if isinstance(exc, httpx2.RemoteProtocolError) and "without sending a response" in str(exc):
        return Problem(f"{what}: {host} closed the connection without answering", "network", retryable=True)
    if isinstance(exc, httpx2.RemoteProtocolError) or (isinstance(exc, OSError) and "Consistency check" in str(exc)):
        return Problem(
            f"{what}: truncated answer: the connection closed before the whole body arrived",
            "truncated",
            retryable=True,
        )
    if isinstance(exc, httpx2.HTTPError):
        return Problem(f"{what}: network error: {type(exc).__name__}: {exc}", "network", retryable=True)
    if isinstance(exc, errors.HFValidationError):
        return Problem(f"not a valid Hub repo id: {str(exc).splitlines()[0] if str(exc) else exc!r}", "bad-id")
    if isinstance(exc, ValueError) and "JSON" in type(exc).__name__ + str(exc):
        return Problem(f"{what}: the answer is not valid JSON", "bad-answer", retryable=True)
    return Problem(f"{what}: {type(exc).__name__}: {exc}", "error")


# -- small helpers shared by remote and audit ------------------------------------------------------


def user_agent_kwargs() -> dict[str, str]:
    return {"library_name": LIBRARY_NAME, "library_version": __version__}


def hub_headers() -> dict[str, str]:
    """The headers of a raw Hub request, as huggingface_hub builds them: the token and our user agent."""
    hub_modules()
    from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]  # public, lazily exported

    headers: dict[str, str] = build_hf_headers(library_name=LIBRARY_NAME, library_version=__version__)
    return headers
