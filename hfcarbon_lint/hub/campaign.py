"""``audit AUTHOR --fix --create-pr``: a plan of pull requests, then (with ``--yes``) one per fixable card.

1. :func:`plan` takes the audit's fixable cards (``ModelOutcome.card_fix``, read and fixed by the
   auditor) and looks, for each, for an open pull request of this tool carrying the same change
   (``pullrequest.find_open_pr``): those are skipped, so a second run opens nothing new. Only reads.
2. :func:`carry_out` opens the others, ``MAX_WRITERS`` at a time at most. The first one is opened
   alone: a token the Hub will not let write (HTTP 401/403 on preupload or commit) then ends the run
   before a second write is sent; a later refusal stops every pull request not yet started.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from hfcarbon_lint.hub.client import HubConfig, HubFailure
from hfcarbon_lint.hub.pullrequest import FATAL_KINDS, CardFix, PullRequest, find_open_pr, open_pr
from hfcarbon_lint.hub.results import AuditResult

MAX_WRITERS = 4  # pull requests opened at once, whatever --concurrency says: writes are rate-limited on the Hub


@dataclass
class PlannedPR:
    card: CardFix
    existing: str | None = None  # URL of an open pull request with the same change: skipped
    opened: PullRequest | None = None
    failure: HubFailure | None = None

    @property
    def repo_id(self) -> str:
        return self.card.repo_id

    @property
    def state(self) -> str:
        if self.existing is not None:
            return "skipped"
        if self.opened is not None:
            return "opened"
        if self.failure is not None:
            return "failed"
        return "planned"

    def as_dict(self) -> dict[str, Any]:
        return {
            "repo_id": self.repo_id,
            "state": self.state,
            "commit": self.card.commit,
            "fixes": self.card.outcome.applied,
            "codes": self.card.codes,
            "sha256": self.card.digest,
            "url": self.existing or (self.opened.url if self.opened else None),
            "error": str(self.failure) if self.failure else None,
        }


@dataclass
class Campaign:
    pull_requests: list[PlannedPR] = field(default_factory=list)
    stopped: HubFailure | None = None  # the token cannot write: the rest was not attempted

    def count(self, state: str) -> int:
        return sum(1 for planned in self.pull_requests if planned.state == state)

    @property
    def to_open(self) -> list[PlannedPR]:
        return [p for p in self.pull_requests if p.state == "planned" and p.failure is None]

    def summary(self) -> dict[str, Any]:
        return {
            "planned": len(self.pull_requests),
            "opened": self.count("opened"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "not_attempted": self.count("planned"),
            "stopped": str(self.stopped) if self.stopped else None,
            "pull_requests": [p.as_dict() for p in self.pull_requests],
        }


def plan(result: AuditResult, config: HubConfig, concurrency: int) -> Campaign:
    """The pull requests the audit calls for, each checked against the repo's open pull requests."""
    campaign = Campaign([PlannedPR(o.card_fix) for o in result.ordered() if o.card_fix is not None])

    def look(planned: PlannedPR) -> None:
        try:
            planned.existing = find_open_pr(planned.repo_id, planned.card.digest, config)
        except HubFailure as failure:
            planned.failure = failure

    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="hfcarbon-plan") as pool:
        list(pool.map(look, campaign.pull_requests))
    return campaign


def carry_out(
    campaign: Campaign, config: HubConfig, on_done: Callable[[PlannedPR, int, int], None] | None = None
) -> None:
    """Open every planned pull request; ``on_done(planned, done, total)`` reports progress."""
    todo = campaign.to_open
    total = len(todo)
    lock = threading.Lock()
    finished = 0

    def one(planned: PlannedPR) -> None:
        nonlocal finished
        if campaign.stopped is not None:
            return
        try:
            planned.opened = open_pr(planned.card, config)
        except HubFailure as failure:
            planned.failure = failure
            if failure.kind in FATAL_KINDS:
                campaign.stopped = failure
        with lock:
            finished += 1
            if on_done is not None:
                on_done(planned, finished, total)

    if not todo:
        return
    one(todo[0])  # alone: a token that cannot write stops the run after one refused request
    with ThreadPoolExecutor(
        max_workers=min(MAX_WRITERS, max(1, len(todo) - 1)), thread_name_prefix="hfcarbon-pr"
    ) as pool:
        list(pool.map(one, todo[1:]))
