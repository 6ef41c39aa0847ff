"""One README.md from the Hub: bounded in size and in time, and never a partial file in the cache.

``hf_hub_download`` streams the whole file into the cache (a 5 GB README fills the disk and is then
read into memory), leaves a partial ``.incomplete`` blob when the download is abandoned, and resumes
a trickling download again and again. So the README is read here with huggingface_hub's own HTTP
session, headers, URL and errors, but on our terms:

- **size**: a ``Content-Length`` over ``HubConfig.max_bytes`` (10 MiB by default,
  ``HFCARBON_LINT_MAX_CARD_BYTES``) is refused before the body is read, and the body is read in
  chunks and abandoned at the first byte over the limit (a server may send no length, or lie);
- **time**: every chunk is checked against the card's deadline (``HubConfig.card_deadline``);
- **cache**: only a README read whole is written into the Hugging Face cache, in the layout
  huggingface_hub reads offline (``snapshots/<commit>/README.md`` and ``refs/<revision>``), each file
  written to a temporary name and renamed, so an aborted download leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

from hfcarbon_lint.hub.client import (
    HubConfig,
    HubFailure,
    card_deadline_failure,
    hub_headers,
    hub_modules,
    is_commit,
)

README = "README.md"
CHUNK = 64 * 1024
ERROR_BODY_BYTES = 64 * 1024  # enough of an error answer for its message


class Downloaded(NamedTuple):
    raw: bytes
    commit: str | None


def size_text(size: int) -> str:
    if size >= 1024**3:
        return f"{size / 1024**3:.3g} GiB"
    return f"{size / 1024**2:.3g} MiB" if size >= 1024**2 else f"{size:,} bytes"


def too_large(what: str, size: int | None, limit: int) -> HubFailure:
    known = f" ({size_text(size)})" if size is not None else ""
    return HubFailure(
        f"{what} is larger than the {size_text(limit)} limit for a card{known}: not read "
        "(HFCARBON_LINT_MAX_CARD_BYTES raises the limit)",
        "too-large",
    )


def read_capped(chunks: Any, limit: int, deadline: float | None, config: HubConfig, what: str) -> bytes:
    """The chunks joined, or a failure at the first byte over ``limit`` or the first chunk after ``deadline``."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > limit:
            raise too_large(what, None, limit)
        if deadline is not None and time.monotonic() > deadline:
            raise card_deadline_failure(config, what)
    return bytes(buffer)


def get_readme(repo_id: str, revision: str | None, config: HubConfig, deadline: float | None) -> Downloaded:
    """One GET of README.md at ``revision``; huggingface_hub's errors for 4xx/5xx answers."""
    hub_modules()
    import httpx2
    from huggingface_hub import hf_hub_url
    from huggingface_hub.utils import (  # type: ignore[attr-defined]  # public, lazily exported
        get_session,
        hf_raise_for_status,
    )

    headers = hub_headers()
    headers["Accept-Encoding"] = "identity"  # the cap counts the bytes of the file, not of a compressed stream
    url = hf_hub_url(repo_id, README, revision=revision, endpoint=config.endpoint)
    with get_session().stream("GET", url, headers=headers, timeout=config.timeout) as response:
        if response.status_code >= 400:
            body = read_capped(response.iter_raw(CHUNK), ERROR_BODY_BYTES, deadline, config, README)
            hf_raise_for_status(
                httpx2.Response(response.status_code, headers=response.headers, content=body, request=response.request)
            )
        declared = response.headers.get("Content-Length", "")
        if declared.strip().isdigit() and int(declared) > config.max_bytes:
            raise too_large(README, int(declared), config.max_bytes)
        raw = read_capped(response.iter_bytes(CHUNK), config.max_bytes, deadline, config, README)
        commit = response.headers.get("X-Repo-Commit")
    if not is_commit(commit):
        raise HubFailure(f"{config.endpoint} did not answer like a Hugging Face Hub (no X-Repo-Commit)", "not-a-hub")
    return Downloaded(raw, commit)


def store(cache_dir: str, repo_id: str, revision: str | None, downloaded: Downloaded) -> None:
    """Put a whole README into the cache where ``hf_hub_download(local_files_only=True)`` finds it.

    A regular file in ``snapshots/`` is a layout huggingface_hub writes itself where symlinks are not
    available. A cache that cannot be written is no failure: the card was read.
    """
    if not cache_dir or downloaded.commit is None:
        return
    folder = Path(cache_dir) / f"models--{repo_id.replace('/', '--')}"
    with suppress(OSError):
        atomic_write(folder / "snapshots" / downloaded.commit / README, downloaded.raw)
        if revision is None or not is_commit(revision):
            atomic_write(folder / "refs" / (revision or "main"), downloaded.commit.encode())


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def read_cached(path: str, config: HubConfig) -> bytes:
    """A cached README, refused over the size limit like a download."""
    try:
        with open(path, "rb") as stream:
            if os.fstat(stream.fileno()).st_size > config.max_bytes:
                raise too_large(README, os.fstat(stream.fileno()).st_size, config.max_bytes)
            return read_capped(iter(lambda: stream.read(CHUNK), b""), config.max_bytes, None, config, README)
    except OSError as exc:
        raise HubFailure(f"cannot read the cached README.md: {exc.strerror or exc}", "cache") from None
