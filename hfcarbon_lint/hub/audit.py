"""``hfcarbon-lint audit``: the carbon reporting of many Hub models, fast.

Where each model's metadata comes from:

- **default** (``source: "cardData"``): the Hub's model listing ``GET /api/models?author=...&expand=cardData&...``
  returns every model's parsed front matter, so N models cost ceil(N / page size) requests. Each
  ``cardData`` is written back as YAML front matter and linted like a file whose display path is
  ``hf://org/model/README.md#cardData``; line numbers point into that re-serialised metadata, not
  into README.md, and the README body (Environmental Impact lines) is not read.
- **--deep** (``source: "hub"``): README.md is downloaded too (``remote.fetch_readme``, no silent cache),
  concurrently on ``--concurrency`` threads, and linted byte for byte, body included. A README that
  is gated or missing falls back to the listing's ``cardData`` (hub-spec.md §2.8: metadata is public
  even when the README is refused) and the model is listed under "metadata only"; any other README
  failure makes the model "not checked".
- **explicit repo ids** (arguments with a ``/``, or ``--from-file``): one ``GET /api/models/{id}``
  each (concurrently), then as above.
- **--offline** (``source: "cache"``): only READMEs already in the Hugging Face cache; an AUTHOR
  argument means every cached repo of that author. No request is made.

The pieces: ``results`` (request, outcomes, summary), ``api`` (listing, model info), ``datasets``
(dataset sizes), ``carddata`` (linting cardData or a README), ``cache`` (the offline scan); this
module runs them over every model on a bounded thread pool.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from hfcarbon_lint.hub.api import iter_listing, model_info
from hfcarbon_lint.hub.cache import cached_repos, cached_single_name
from hfcarbon_lint.hub.carddata import front_matter_data, lint_card_data, lint_fetched
from hfcarbon_lint.hub.client import HubConfig, HubFailure
from hfcarbon_lint.hub.datasets import DatasetSizes
from hfcarbon_lint.hub.export import export_row
from hfcarbon_lint.hub.fields import card_datasets, model_size_bytes
from hfcarbon_lint.hub.pullrequest import fix_fetched
from hfcarbon_lint.hub.remote import fetch_readme
from hfcarbon_lint.hub.request import AuditRequest
from hfcarbon_lint.hub.results import AuditResult, ModelOutcome
from hfcarbon_lint.label.card import label_for_report
from hfcarbon_lint.lint.engine import CardReport, LintSettings
from hfcarbon_lint.lint.fixing import wanted

README_FALLBACK_KINDS = frozenset({"gated", "no-readme"})

Source = tuple[str, Any]  # ("info", listing item) | ("id", repo id) | ("cached", repo id)


class Auditor:
    def __init__(
        self,
        request: AuditRequest,
        settings: LintSettings,
        config: HubConfig,
        on_outcome: Callable[[ModelOutcome], None] | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> None:
        self.request = request
        self.settings = settings
        self.config = config
        self.on_outcome = on_outcome
        self.on_total = on_total  # told how many models there are once the listing is read (a progress total)
        self.datasets = DatasetSizes(config) if request.dataset_sizes and not config.offline else None
        mode = "cache" if config.offline else "deep" if request.deep else "cardData"
        self.result = AuditResult(request, mode)
        self._lock = threading.Lock()

    # sources ---------------------------------------------------------------------------------------

    def sources(self) -> Iterator[Source]:
        count = 0
        for source in self._all_sources():
            if self.request.limit is not None and count >= self.request.limit:
                return
            count += 1
            yield source

    def _all_sources(self) -> Iterator[Source]:
        seen: set[str] = set()
        if self.config.offline:
            for author in self.request.authors:
                # No cached repo of that author: a cached single-name model (gpt2) of that name, if any.
                for cached in cached_repos(self.config.cache_dir, author) or cached_single_name(
                    self.config.cache_dir, author
                ):
                    if cached not in seen:
                        seen.add(cached)
                        yield ("cached", cached)
            for named in self.request.repo_ids:
                if named not in seen:
                    seen.add(named)
                    yield ("cached", named)
            return
        if self.request.lists:
            listed_authors: tuple[str | None, ...] = self.request.authors or (None,)
            for listed in listed_authors:
                listed_any = False
                for item in iter_listing(self.request, listed, self.config):
                    listed_any = True
                    if item["id"] not in seen:
                        seen.add(item["id"])
                        yield ("info", item)
                if listed and not listed_any and not (self.request.search or self.request.filters):
                    single = self._single_name_model(listed)  # audit gpt2: no author gpt2, the model gpt2
                    if single is not None and single["id"] not in seen:
                        seen.add(single["id"])
                        yield ("info", single)
        for named in self.request.repo_ids:
            if named not in seen:
                seen.add(named)
                yield ("id", named)

    def _single_name_model(self, name: str) -> dict[str, Any] | None:
        """The Hub's model ``name`` (a canonical single-name id such as ``gpt2``), or None if there is none."""
        try:
            info = model_info(name, self.request.revision, self.config)
        except HubFailure as failure:
            if failure.kind == "not-found":
                return None
            raise
        return info if isinstance(info.get("id"), str) else None

    # one model -------------------------------------------------------------------------------------

    def check(self, index: int, source: Source) -> ModelOutcome:
        kind, value = source
        repo_id = str(value["id"]) if kind == "info" else str(value)
        outcome = ModelOutcome(index, repo_id)
        try:
            if kind == "cached":
                fetched = fetch_readme(repo_id, self.request.revision, self.config)
                outcome.report = lint_fetched(fetched, self.settings)
                info: dict[str, Any] = {"id": repo_id, "cardData": front_matter_data(outcome.report)}
                if fetched.commit:
                    info["sha"] = fetched.commit
            else:
                info = value if kind == "info" else model_info(repo_id, self.request.revision, self.config)
                outcome.report = self._lint(info, outcome)
            datasets_size = self._datasets_size(info)
            outcome.row = export_row(info, outcome.report, datasets_size)
            if self.request.label:
                outcome.row["label"] = self._label(info, outcome.report, datasets_size)
            outcome.report.release()
        except HubFailure as failure:
            outcome.failure = failure
            outcome.report = None
        except Exception as exc:  # noqa: BLE001 - one odd model must not end the audit
            outcome.failure = HubFailure(f"internal error: {type(exc).__name__}: {exc}", "internal")
            outcome.report = None
        return outcome

    def _lint(self, info: dict[str, Any], outcome: ModelOutcome) -> CardReport:
        if not self.request.deep:
            return lint_card_data(info, self.settings, self.request.revision)
        try:
            fetched = fetch_readme(outcome.repo_id, self.request.revision, self.config)
        except HubFailure as failure:
            if failure.kind not in README_FALLBACK_KINDS:
                raise
            outcome.note = f"{failure}; checked from the listing's cardData"
            return lint_card_data(info, self.settings, self.request.revision)
        report = lint_fetched(fetched, self.settings)
        if self.request.fix and any(wanted(d, self.request.unsafe_fixes) for d in report.diagnostics):
            card_fix = fix_fetched(fetched, self.settings, self.request.unsafe_fixes)
            card_fix.outcome.report.release()  # only its bytes and the findings fixed are kept
            outcome.card_fix = card_fix if card_fix.changed else None
        return report

    def _label(self, info: dict[str, Any], report: CardReport, datasets_size: int | None) -> str | None:
        return hub_label(info, report, datasets_size)

    def _datasets_size(self, info: dict[str, Any]) -> int | None:
        if self.datasets is None:
            return None
        card_data = info.get("cardData") if isinstance(info.get("cardData"), dict) else None
        return self.datasets.total(card_datasets(card_data, info.get("tags") or []))

    # all models ------------------------------------------------------------------------------------

    def _emit(self, outcome: ModelOutcome) -> None:
        with self._lock:
            self.result.outcomes.append(outcome)
            if self.on_outcome is not None:
                self.on_outcome(outcome)

    def run(self) -> AuditResult:
        """Check every model. A listing that fails or stops midway is ``result.listing_stopped``,
        and the models listed before it are still checked (they are exported and reported)."""
        needs_threads = not self.config.offline and (
            self.request.deep or self.request.dataset_sizes or bool(self.request.repo_ids)
        )
        if not needs_threads:
            try:
                for index, source in enumerate(self.sources()):
                    self._emit(self.check(index, source))
            except HubFailure as failure:
                self.result.listing_stopped = failure
            return self.result
        pool = ThreadPoolExecutor(max_workers=max(1, self.request.concurrency), thread_name_prefix="hfcarbon-audit")
        try:
            futures = []
            try:
                for index, source in enumerate(self.sources()):
                    future = pool.submit(self.check, index, source)
                    future.add_done_callback(lambda f: None if f.cancelled() else self._emit(f.result()))
                    futures.append(future)
            except HubFailure as failure:
                self.result.listing_stopped = failure
            if self.on_total is not None:  # the listing is read; the slow checks (--deep, sizes) go on
                self.on_total(len(futures))
            for future in futures:
                if not future.cancelled():
                    future.exception()  # wait; check() itself never raises
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return self.result


def hub_label(info: dict[str, Any], report: CardReport, datasets_size: int | None = None) -> str | None:
    """The card's label with what the Hub knows: downloads, model size, dataset size (a listing, a dump)."""
    downloads = info.get("downloads")
    try:
        report.label = label_for_report(
            report,
            downloads=float(downloads) if isinstance(downloads, (int, float)) and downloads >= 0 else None,
            model_size_bytes=model_size_bytes(info),
            datasets_size_bytes=datasets_size,
        )
    except ValueError:
        report.label = None
    return report.label.label if report.label is not None else None


def run_audit(
    request: AuditRequest,
    settings: LintSettings,
    config: HubConfig,
    on_outcome: Callable[[ModelOutcome], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> AuditResult:
    return Auditor(request, settings, config, on_outcome, on_total).run()
