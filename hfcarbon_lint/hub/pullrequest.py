"""Fixes for Hub cards as pull requests: ``check org/model --fix --create-pr`` and ``audit AUTHOR --fix --create-pr``.

One pull request per card, made the way a person would with huggingface_hub:

1. the token is checked first (:func:`require_write_token`): none, refused, or read-only
   (``whoami-v2``'s ``auth.accessToken.role == "read"``) ends the run before any write is sent;
2. README.md is read once (``remote.fetch_readme``: capped, deadline-bound); the answer's
   ``X-Repo-Commit`` is the commit the bytes belong to;
3. the fixes are applied by ``lint.fixing.fix_card``, the byte-preserving editor of local ``--fix``;
4. an open pull request already carrying the same change is looked for (:func:`find_open_pr`, the
   discussions API through huggingface_hub's HTTP layer, paged and bounded): its description holds
   ``<!-- hfcarbon-lint:fix sha256=<digest of the fixed README> -->``;
5. ``HfApi.create_commit(..., create_pr=True, parent_commit=<that commit>)`` opens the pull request
   from the commit that was read, so a card changed since is never overwritten: at worst the pull
   request shows a conflict, and a Hub refusing a stale parent (HTTP 409) is reported, nothing written.

A commit is not retried blindly: before a retry (429/5xx/timeout), the open pull requests are read
again, and one carrying the same change counts as opened.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from dataclasses import dataclass
from typing import Any

from hfcarbon_lint.base.escaping import visible
from hfcarbon_lint.editing.carbon_block import format_number
from hfcarbon_lint.hub.api import get_json
from hfcarbon_lint.hub.client import HubConfig, HubFailure, call_hub, hub_modules, is_commit, user_agent_kwargs
from hfcarbon_lint.hub.remote import FetchedCard, display_path, fetch_readme
from hfcarbon_lint.lint.engine import LintSettings
from hfcarbon_lint.lint.fixing import AppliedFix, FixOutcome, fix_card, unified_diff

TITLE = "Fix co2_eq_emissions metadata (hfcarbon-lint)"
BODY_CODE = "HFC041"  # emissions-only-in-body: its fix copies the card's text into the metadata
WHY_METADATA = (
    "Why: the Hub's emissions filter (`list_models(emissions_thresholds=...)`) and the model page's "
    "carbon widget read the `co2_eq_emissions` metadata only, never the card's text. This card states its "
    "emissions in its text alone, so until the figure is in the metadata the Hub counts the model as not reporting."
)
TITLE_MARK = "(hfcarbon-lint)"
MARKER = "hfcarbon-lint:fix"
MAX_DISCUSSIONS = 500  # open pull requests read per repo when looking for ours
FATAL_KINDS = frozenset({"no-token", "bad-token", "read-only-token", "forbidden", "unauthorized"})


@dataclass(frozen=True, slots=True)
class FixedFinding:
    code: str
    line: int
    message: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class PullRequest:
    url: str
    existing: bool  # True: an open pull request already carried this change; nothing was sent


@dataclass
class CardFix:
    """One Hub card and its fixes: what a pull request would change."""

    repo_id: str
    revision: str | None
    commit: str
    outcome: FixOutcome
    unsafe: bool

    @property
    def changed(self) -> bool:
        return self.outcome.changed

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.outcome.fixed).hexdigest()

    @property
    def codes(self) -> list[str]:
        return sorted({fix.diagnostic.code for fix in self.outcome.fixes})

    def diff(self) -> str:
        return unified_diff(display_path(self.repo_id, self.revision), self.outcome.original, self.outcome.fixed)

    def findings(self) -> list[FixedFinding]:
        return [finding(fix) for fix in self.outcome.fixes]

    def description(self) -> str:
        return pr_description(self)


def fix_fetched(fetched: FetchedCard, settings: LintSettings, unsafe: bool) -> CardFix:
    if fetched.commit is None:
        raise HubFailure("README.md: the Hub gave no commit for it: cannot base a pull request on it", "no-commit")
    path = display_path(fetched.repo_id, fetched.revision)
    outcome = fix_card(path, fetched.raw, settings, unsafe, fetched.repo_id)
    return CardFix(fetched.repo_id, fetched.revision, fetched.commit, outcome, unsafe)


# -- the pull request's text ------------------------------------------------------------------------


def finding(fix: AppliedFix) -> FixedFinding:
    """The lines a fix touched, before and after it (in the text of its own pass)."""
    diagnostic, source = fix.diagnostic, fix.source
    edits = sorted(diagnostic.fix.edits if diagnostic.fix else (), key=lambda e: e.start_offset)
    text = source.text
    if not edits:
        return FixedFinding(diagnostic.code, diagnostic.line, diagnostic.message, "", "")
    start = text.rfind("\n", 0, edits[0].start_offset) + 1
    end = text.find("\n", edits[-1].end_offset)
    end = len(text) if end == -1 else end
    pieces, cursor = [], start
    for edit in edits:
        pieces += [text[cursor : edit.start_offset], edit.replacement]
        cursor = edit.end_offset
    pieces.append(text[cursor:end])
    return FixedFinding(
        diagnostic.code, source.position(start).line, diagnostic.message, text[start:end], "".join(pieces)
    )


def _plain(text: str) -> str:
    """Card text made safe for a Markdown line: no control characters, no HTML."""
    return html.escape(visible(" ".join(text.split())), quote=False)


def _fenced(lines: list[str]) -> str:
    body = "\n".join(visible(line, keep_tab=True) for line in lines)
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", body)), default=0))
    return f"{fence}diff\n{body}\n{fence}"


def _from_body(fix: AppliedFix) -> list[str]:
    """For HFC041's fix: a table of each value written and the body line it was read from."""
    if fix.diagnostic.code != BODY_CODE or fix.diagnostic.fix is None:
        return []
    from hfcarbon_lint.editing.from_body import read_body_metadata
    from hfcarbon_lint.parsing.card import parse_card

    reading = read_body_metadata(parse_card(fix.source))
    shift = sum(edit.replacement.count("\n") for edit in fix.diagnostic.fix.edits)
    rows = [
        "Each value and the line of the card's text it was read from (line numbers of the proposed README.md):",
        "",
        "| key | written | read from |",
        "|---|---|---|",
    ]
    for value in reading.values:
        written = format_number(value.value) if isinstance(value.value, float) else str(value.value)
        line = fix.source.line_text(value.line).strip()
        rows.append(f"| `{value.key}` | {_code(written)} | line {value.line + shift}: {_code(line)} |")
    return [*rows, ""]


def _code(text: str) -> str:
    """Card text as an inline code span in a Markdown table cell: escaped, its pipes kept inside the cell."""
    shown = visible(" ".join(text.split())).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    ticks = "`" * (longest + 1)
    return f"{ticks} {shown} {ticks}" if longest else f"`{shown}`"


def pr_description(card: CardFix) -> str:
    findings = card.findings()
    count = len(findings)
    revision = card.revision or "main"
    lines = [
        f"[hfcarbon-lint](https://pypi.org/project/hfcarbon-lint/) fixed {count} finding{'s' if count != 1 else ''} "
        f"in the `co2_eq_emissions` metadata of README.md (read at commit {card.commit[:12]} of `{revision}`).",
        "Only the lines below change; every other byte of the card is kept.",
        "",
    ]
    if any(fix.diagnostic.code == BODY_CODE for fix in card.outcome.fixes):
        lines[2:2] = ["", WHY_METADATA]
    for number, (item, fix) in enumerate(zip(findings, card.outcome.fixes, strict=True), 1):
        lines.append(f"{number}. **{item.code}**, line {item.line}: {_plain(item.message)}")
        diff = [f"- {line}" for line in item.before.split("\n")] + [f"+ {line}" for line in item.after.split("\n")]
        lines += ["", *("   " + row for row in _fenced(diff).split("\n")), ""]
        lines += [*("   " + row for row in _from_body(fix))]
    unsafe = " --unsafe-fixes" if card.unsafe else ""
    at = f" --revision {card.commit}"
    lines += [
        "To see the same change yourself:",
        "",
        "```console",
        "$ pip install 'hfcarbon-lint[hub]'",
        f"$ hfcarbon-lint check {card.repo_id}{at} --diff{unsafe}",
        "```",
        "",
        f"or, in a clone of this repo: `hfcarbon-lint check README.md --fix{unsafe}`.",
        "",
        f"<!-- {MARKER} sha256={card.digest} parent={card.commit} -->",
    ]
    return "\n".join(lines) + "\n"


# -- the token ------------------------------------------------------------------------------------


def require_write_token(config: HubConfig) -> str:
    """The name behind the token, or a failure when there is no token or it cannot write. Never the token."""
    hub = hub_modules()
    if hub.get_token() is None:
        raise HubFailure(
            "--create-pr needs a Hugging Face token with write access: set HF_TOKEN or run `hf auth login`",
            "no-token",
        )
    try:
        info, _ = get_json(f"{config.endpoint}/api/whoami-v2", None, config, "token check (whoami)")
    except HubFailure as failure:
        if failure.kind in ("unauthorized", "forbidden"):
            raise HubFailure(
                "the Hub refused the token (whoami): set a valid HF_TOKEN or run `hf auth login`", "bad-token"
            ) from None
        raise
    auth = info.get("auth") if isinstance(info, dict) else None
    access = auth.get("accessToken") if isinstance(auth, dict) else None
    role = access.get("role") if isinstance(access, dict) else None
    if role == "read":
        raise HubFailure(
            "the token is read-only: --create-pr needs a token with write access "
            "(a 'write' or fine-grained token allowed to open pull requests)",
            "read-only-token",
        )
    name = info.get("name") if isinstance(info, dict) else None
    return name if isinstance(name, str) else "?"


# -- pull requests on the Hub --------------------------------------------------------------------


def _api(config: HubConfig) -> Any:
    hub = hub_modules()
    return hub.HfApi(endpoint=config.endpoint, **user_agent_kwargs())


def find_open_pr(repo_id: str, digest: str, config: HubConfig) -> str | None:
    """The URL of an open pull request of this tool carrying exactly this change, if there is one.

    The discussions API is paged (``p=0, 1...``, ``count`` in each answer). ``HfApi.get_repo_discussions``
    asks for the next page as long as ``start + len(page) < count``, so a server that keeps promising
    more never lets it return; here every page is one bounded GET and the reading stops at an empty
    page, a page with nothing new, or ``MAX_DISCUSSIONS``.
    """
    base = f"{config.endpoint}/api/models/{repo_id}/discussions"
    seen: set[int] = set()
    for page in range(MAX_DISCUSSIONS // 50 + 1):
        params = [("type", "pull_request"), ("status", "open"), ("p", page)]
        answer, _ = get_json(base, params, config, "open pull requests")
        items = answer.get("discussions") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise HubFailure("open pull requests: unexpected answer (no discussions list)", "bad-answer")
        numbers: list[int] = [d["num"] for d in items if isinstance(d, dict) and isinstance(d.get("num"), int)]
        mine = [
            d["num"]
            for d in items
            if isinstance(d, dict)
            and d.get("num") not in seen
            and d.get("isPullRequest", True)
            and TITLE_MARK in str(d.get("title", ""))
        ]
        for number in mine:
            if _carries(repo_id, number, digest, config):
                return f"{config.endpoint}/{repo_id}/discussions/{number}"
        fresh = set(numbers) - seen
        seen |= fresh
        count = answer.get("count")
        if not fresh or len(seen) >= MAX_DISCUSSIONS or not isinstance(count, int) or len(seen) >= count:
            return None
    return None


def _carries(repo_id: str, number: int, digest: str, config: HubConfig) -> bool:
    """Whether pull request ``number``'s description (its first comment) holds this change's marker."""
    details, _ = get_json(
        f"{config.endpoint}/api/models/{repo_id}/discussions/{number}", None, config, "pull request details"
    )
    events = details.get("events") if isinstance(details, dict) else None
    for event in events if isinstance(events, list) else []:
        if isinstance(event, dict) and event.get("type") == "comment":
            text = event.get("data", {}).get("latest", {}).get("raw", "")
            return isinstance(text, str) and f"{MARKER} sha256={digest}" in text
    return False


def open_pr(card: CardFix, config: HubConfig) -> PullRequest:
    """Open the pull request (or find it already open): the README as fixed, based on the commit read."""
    hub = hub_modules()
    if not is_commit(card.commit):
        raise HubFailure("README.md: no commit to base the pull request on", "no-commit")
    attempts = 0

    def send() -> PullRequest:
        nonlocal attempts
        attempts += 1
        if attempts > 1:  # the last attempt may have opened it before failing: never open it twice
            found = find_open_pr(card.repo_id, card.digest, config)
            if found is not None:
                return PullRequest(found, existing=False)
        info = _api(config).create_commit(
            card.repo_id,
            [hub.CommitOperationAdd(path_in_repo="README.md", path_or_fileobj=card.outcome.fixed)],
            commit_message=TITLE,
            commit_description=card.description(),
            revision=card.revision,
            create_pr=True,
            parent_commit=card.commit,
        )
        return PullRequest(str(info.pr_url or info.commit_url), existing=False)

    return call_hub(send, config, "pull request", card.revision, deadline=time.monotonic() + 6 * config.card_deadline)


# -- one card: check org/model --fix --create-pr | --diff ----------------------------------------


@dataclass
class RemoteFix:
    card: CardFix
    pull_request: PullRequest | None

    @property
    def message(self) -> str | None:
        """The line that says what happened on the Hub, if anything did."""
        if self.pull_request is None:
            return None
        count = self.card.outcome.applied
        fixes = f"{count} finding{'s' if count != 1 else ''}"
        if self.pull_request.existing:
            return f"{self.card.repo_id}: an open pull request already carries these fixes: {self.pull_request.url}"
        return f"{self.card.repo_id}: opened pull request {self.pull_request.url} ({fixes} fixed)"


def fix_remote(
    repo_id: str, settings: LintSettings, revision: str | None, config: HubConfig, *, unsafe: bool, create_pr: bool
) -> RemoteFix:
    """Read, fix and (with ``create_pr``) propose one Hub card; the token is checked before anything else."""
    if create_pr:
        if config.offline:
            raise HubFailure("--create-pr needs the Hub: not available with --offline or HF_HUB_OFFLINE", "offline")
        if is_commit(revision):
            raise HubFailure(
                "--create-pr opens a pull request against a branch: --revision must name a branch, not a commit",
                "usage",
            )
        require_write_token(config)
    fetched = fetch_readme(repo_id, revision, config)
    card = fix_fetched(fetched, settings, unsafe)
    card.outcome.report.remote = fetched.remote_info()
    pull_request = None
    if create_pr and card.changed:
        existing = find_open_pr(repo_id, card.digest, config)
        pull_request = PullRequest(existing, existing=True) if existing else open_pr(card, config)
    return RemoteFix(card, pull_request)
