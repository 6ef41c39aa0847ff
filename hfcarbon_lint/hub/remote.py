"""One model card on the Hub: ``hfcarbon-lint org/model`` (``hf://org/model``, ``--revision``, ``--offline``).

The README is downloaded again every time (``download.get_readme``: size-capped, deadline-bound) and
kept in the usual Hugging Face cache (``HF_HUB_CACHE`` / ``HF_HOME``, read at call time): when the
Hub was asked and did not answer, ``hf_hub_download`` would hand back a stale cached copy without a
word (hub-spec.md §2.7); this never does. With ``offline=True`` (``--offline``, or ``HF_HUB_OFFLINE=1``) only that
cache is read, no request is made, and a note on stderr says so.

Diagnostics are located in the remote file, whose display path is ``hf://org/model/README.md``
(``hf://org/model@REV/README.md`` with ``--revision``, as huggingface_hub's ``HfFileSystem`` writes it).
``CardReport.remote`` is ``{"repo_id", "revision", "commit", "source"}``: ``commit`` is the resolved
40-hex commit (the ``X-Repo-Commit`` of the answer), ``source`` is ``"hub"`` or ``"cache"``.

A README.md that does not exist is a :class:`HubFailure` ("no README.md at revision 'main': the repo
has no model card"): there is no file to locate a diagnostic in, and a single target that cannot be
read exits 2, like a missing local file.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hfcarbon_lint.hub.client import (
    HubConfig,
    HubFailure,
    call_hub,
    hub_modules,
    is_commit,
    user_agent_kwargs,
)
from hfcarbon_lint.hub.download import Downloaded, get_readme, read_cached, store
from hfcarbon_lint.lint.engine import CardReport, LintSettings, lint_bytes

__all__ = ["FetchedCard", "HubFailure", "display_path", "fetch_readme", "lint_remote"]

README = "README.md"


@dataclass(frozen=True)
class FetchedCard:
    repo_id: str
    revision: str | None
    raw: bytes
    commit: str | None
    cached: bool  # True: read from the local cache in offline mode, the Hub was not asked

    def remote_info(self) -> dict[str, Any]:
        return {
            "repo_id": self.repo_id,
            "revision": self.revision or "main",
            "commit": self.commit,
            "source": "cache" if self.cached else "hub",
        }


def display_path(repo_id: str, revision: str | None = None) -> str:
    """``hf://org/model/README.md``, or ``hf://org/model@REV/README.md`` (REV percent-encoded)."""
    at = f"@{quote(revision, safe='')}" if revision else ""
    return f"hf://{repo_id}{at}/{README}"


def fetch_readme(repo_id: str, revision: str | None, config: HubConfig) -> FetchedCard:
    """The README's bytes and commit, from the Hub (never a silent cache hit) or, offline, from the cache only.

    From the Hub: one capped, deadline-bound GET (``download.get_readme``); the bytes and the commit
    come from the same answer, so they always belong together.
    """
    if config.offline:
        hub = hub_modules()
        download: Callable[..., str] = hub.hf_hub_download

        def from_cache() -> str:
            return download(
                repo_id,
                README,
                local_files_only=True,
                revision=revision,
                endpoint=config.endpoint,
                cache_dir=config.cache_dir,
                **user_agent_kwargs(),
            )

        path = call_hub(from_cache, config.with_offline(True), README, revision)
        commit = Path(path).parent.name
        return FetchedCard(repo_id, revision, read_cached(path, config), commit if is_commit(commit) else None, True)
    deadline = time.monotonic() + config.card_deadline

    def from_hub() -> Downloaded:
        return get_readme(repo_id, revision, config, deadline)

    downloaded = call_hub(from_hub, config, README, revision, deadline=deadline)
    store(config.cache_dir, repo_id, revision, downloaded)
    return FetchedCard(repo_id, revision, downloaded.raw, downloaded.commit, False)


def _note_to_stderr(message: str) -> None:
    sys.stderr.write(message + "\n")


def lint_remote(
    repo_id: str,
    settings: LintSettings,
    revision: str | None,
    offline: bool,
    config: HubConfig | None = None,
    notify: Callable[[str], None] | None = None,
) -> CardReport:
    """Download and lint one Hub card; raise :class:`HubFailure` (a one-line message) when it cannot be read."""
    hub_config = (config or HubConfig.from_env()).with_offline(offline)
    try:
        fetched = fetch_readme(repo_id, revision, hub_config)
    except HubFailure as failure:
        if failure.kind == "gated":  # the README is refused, but the metadata is public (hub-spec.md §2.8)
            hint = f"; `hfcarbon-lint audit {repo_id}` checks its public metadata"
            raise HubFailure(failure.message + hint, failure.kind) from None
        raise
    report = lint_bytes(display_path(repo_id, revision), fetched.raw, settings, target=repo_id)
    report.remote = fetched.remote_info()
    if fetched.cached:
        commit = f"commit {fetched.commit[:12]}" if fetched.commit else "unknown commit"
        (notify or _note_to_stderr)(
            f"hfcarbon-lint: {repo_id}: offline: read from the local cache ({commit}), not checked against the Hub"
        )
    return report
