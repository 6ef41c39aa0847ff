"""``audit --all``: every model a listing query returns (the whole Hub without a query), streamed.

Memory does not grow with the count: each page's models are linted from their ``cardData`` (as a
default audit does, ``hub.audit.Auditor.check``), written to the export and added to a
:class:`CensusSummary` of counters, then dropped.

**De-duplication without a set of every id.** The Hub pages its listing with a keyset cursor
(the cursor is the last key sent; huggingface_hub#1176), and the census asks for
``sort=createdAt``, a key no model ever changes: a model appears once in such a listing, before
or after the cursor, and a model created or deleted during the run moves no other across a page.
The only duplicates a keyset listing can send are at a page boundary (a server whose cursor is
inclusive, or a page repeated after a retry), so the census keeps the ids of the previous page
(at most 1,000) and drops a model already there. A page bringing nothing new, or a next link
equal to the page just read, ends the run (as in ``hub.api.iter_listing``). A listing sorted on
a key that changes (downloads, likes, trending) could move a model across the cursor; the census
never asks for one.

**Resuming.** With an export, a checkpoint beside it (``census.checkpoint``) is rewritten after
every complete page; ``--resume`` goes on from the next page after cutting the export back to
the last complete page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from hfcarbon_lint.census.checkpoint import Checkpoint, CheckpointError, checkpoint_path, differences
from hfcarbon_lint.census.summary import CensusSummary
from hfcarbon_lint.hub.api import get_json, listing_params
from hfcarbon_lint.hub.audit import Auditor
from hfcarbon_lint.hub.client import HubConfig, HubFailure
from hfcarbon_lint.hub.export import ExportError, ExportWriter
from hfcarbon_lint.hub.request import AuditRequest
from hfcarbon_lint.hub.results import ModelOutcome
from hfcarbon_lint.lint.engine import LintSettings

SORT = "createdAt"  # immutable: a keyset cursor on it never moves a model across a page boundary
RECENT_CURSORS = 8


class CensusError(Exception):
    """The census cannot start (a bad checkpoint, a resume of another query); one line."""


@dataclass
class CensusResult:
    summary: CensusSummary
    rows: int  # rows in the export (all runs together)
    pages: int  # listing pages read (all runs together)
    resumed_at: int | None  # the page a resume went on from (None: a fresh run)
    stopped: HubFailure | None  # the listing failed or was cut short: the census is incomplete
    export: Path | None
    checkpoint: Path | None

    @property
    def complete(self) -> bool:
        return self.stopped is None


def query_of(request: AuditRequest, settings: LintSettings, config: HubConfig, export: Path | None) -> dict[str, Any]:
    """What makes two census runs the same census: a resume of anything else is refused."""
    return {
        "census": "listing",
        "endpoint": config.endpoint,
        "authors": list(request.authors),
        "search": request.search,
        "filters": list(request.filters),
        "limit": request.limit,
        "label": request.label,
        "select": list(settings.select),
        "ignore": list(settings.ignore),
        "export": export.suffix.lower() if export is not None else None,
    }


class ListingCensus:
    def __init__(
        self,
        request: AuditRequest,
        settings: LintSettings,
        config: HubConfig,
        export: str | Path | None = None,
        resume: bool = False,
        on_page: Callable[[int, int], None] | None = None,
    ) -> None:
        self.request = request
        self.settings = settings
        self.config = config
        self.export = Path(export) if export is not None else None
        self.resume = resume
        self.on_page = on_page  # (pages, rows) after every complete page: progress
        self.query = query_of(request, settings, config, self.export)
        self.summary = CensusSummary("cardData", request.describe(), request.label)
        self.auditor = Auditor(request, settings, config)  # its check() lints one listed model

    def _start(self) -> tuple[Checkpoint | None, ExportWriter | None]:
        if self.export is None:
            return None, None
        path = checkpoint_path(self.export)
        checkpoint: Checkpoint | None = None
        if self.resume and path.exists():
            try:
                checkpoint = Checkpoint.load(path)
            except CheckpointError as exc:
                raise CensusError(str(exc)) from None
            changed = differences(checkpoint.query, self.query)
            if changed:
                raise CensusError(
                    f"{path}: the checkpoint is of another census ({'; '.join(changed)}): not resumed; "
                    "run without --resume to start again"
                )
            self.summary.restore(checkpoint.summary)
        elif self.resume and self.export.exists():
            raise CensusError(f"{self.export}: exists but has no checkpoint ({path.name}): nothing to resume")
        try:
            writer = ExportWriter(self.export, checkpoint.export_bytes if checkpoint else None)
        except ExportError as exc:
            raise CensusError(str(exc)) from None
        if checkpoint is None:
            checkpoint = Checkpoint(self.query, self._first_url(), export_bytes=writer.sync())
            checkpoint.summary = self.summary.state()
            checkpoint.save(path)
        return checkpoint, writer

    def _first_url(self) -> str:
        author = self.request.authors[0] if self.request.authors else None
        params = [*listing_params(self.request, author), ("sort", SORT)]
        return "/api/models?" + urlencode(params)

    def run(self) -> CensusResult:
        if len(self.request.authors) > 1:
            raise CensusError("a census lists one query: give at most one AUTHOR")
        checkpoint, writer = self._start()
        state = checkpoint or Checkpoint(self.query, self._first_url())
        resumed_at = state.pages + 1 if self.resume and state.pages else None
        stopped: HubFailure | None = None
        try:
            if not state.done:
                stopped = self._pages(state, writer)
        finally:
            if writer is not None:
                writer.close()
        return CensusResult(
            self.summary,
            state.rows,
            state.pages,
            resumed_at,
            stopped,
            self.export,
            checkpoint_path(self.export) if self.export is not None else None,
        )

    def _pages(self, state: Checkpoint, writer: ExportWriter | None) -> HubFailure | None:
        path = checkpoint_path(self.export) if self.export is not None else None
        recent: list[str] = []
        previous = set(state.last_ids)
        limit = self.request.limit
        while state.next_url is not None and not (limit is not None and state.rows >= limit):
            url = self.config.endpoint + state.next_url
            what = f"model listing (page {state.pages + 1})"
            try:
                page, next_url = get_json(url, None, self.config, what)
                if not isinstance(page, list):
                    raise HubFailure(f"{what}: unexpected answer (not a JSON list)", "bad-answer")
            except HubFailure as failure:
                state.stopped = str(failure)
                self._save(state, writer, path)
                return failure
            ids: list[str] = []
            for item in page:
                if limit is not None and state.rows >= limit:
                    break
                if not (isinstance(item, dict) and isinstance(item.get("id"), str)):
                    continue
                repo_id = item["id"]
                if repo_id in previous or repo_id in ids:
                    continue  # a page boundary sent twice (see the module's docstring)
                ids.append(repo_id)
                self._one(state, item, writer)
            state.pages += 1
            state.last_ids = ids if ids else state.last_ids
            previous = set(state.last_ids)
            relative = _relative(next_url, self.config.endpoint) if next_url else None
            problem = None
            if relative is not None and not ids and page:
                problem = f"{what}: a page with a next link but no model not already listed"
            elif relative is not None and (relative == state.next_url or relative in recent):
                problem = f"{what}: the next link repeats a page already read"
            recent = [*recent[-(RECENT_CURSORS - 1) :], state.next_url]
            state.next_url = None if problem else relative
            reached = limit is not None and state.rows >= limit
            state.done = (state.next_url is None and problem is None) or reached
            if problem is not None:
                state.stopped = f"listing stopped: {problem}; {state.rows:,} models listed before"
                self._save(state, writer, path)
                return HubFailure(state.stopped, "listing-stopped")
            state.stopped = None
            self._save(state, writer, path)
            if self.on_page is not None:
                self.on_page(state.pages, state.rows)
        state.done = True
        self._save(state, writer, path)
        return None

    def _one(self, state: Checkpoint, item: dict[str, Any], writer: ExportWriter | None) -> None:
        outcome = self.auditor.check(state.rows, ("info", item))
        add_outcome(self.summary, outcome)
        if outcome.row is not None:
            if writer is not None:
                writer.write(outcome.row)
            state.rows += 1

    def _save(self, state: Checkpoint, writer: ExportWriter | None, path: Path | None) -> None:
        if writer is None or path is None:
            return
        state.export_bytes = writer.sync()  # the export is on disk before the checkpoint says so
        state.summary = self.summary.state()
        state.save(path)


def add_outcome(summary: CensusSummary, outcome: ModelOutcome) -> None:
    report = outcome.report
    if report is None:
        failure = outcome.failure
        summary.add_failure(outcome.repo_id, failure.kind if failure else "internal", str(failure))
        return
    codes = sorted({d.code for d in report.diagnostics if d.severity.label in ("error", "warning")})
    label = outcome.row.get("label") if outcome.row else None
    summary.add(
        outcome.repo_id,
        report.reporting_class,
        (report.errors, report.warnings, report.infos),
        report.emissions_g,
        codes,
        label,
    )


def _relative(url: str, endpoint: str) -> str:
    """The next link as a path and query (the checkpoint's query holds the endpoint)."""
    parts = urlsplit(url)
    base = urlsplit(endpoint).path.rstrip("/")
    path = parts.path[len(base) :] if base and parts.path.startswith(base) else parts.path
    return path + (f"?{parts.query}" if parts.query else "")
