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

API JSON is fetched with huggingface_hub's HTTP session (``http_backoff`` + ``hf_raise_for_status``:
same headers, token and error classes as ``HfApi``) rather than ``HfApi.list_models``, because
``list_models`` takes no timeout (hub-spec.md §2.6) and every request here must have one.
"""

from __future__ import annotations

import os
import statistics
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from hfcarbon_lint.hub.client import HubConfig, HubFailure, call_hub, hub_modules, user_agent_kwargs
from hfcarbon_lint.hub.export import export_row
from hfcarbon_lint.hub.fields import card_datasets
from hfcarbon_lint.hub.remote import FetchedCard, display_path, fetch_readme
from hfcarbon_lint.lint.classification import ReportingClass
from hfcarbon_lint.lint.engine import CardReport, LintSettings, lint_bytes
from hfcarbon_lint.lint.results import RunResult, TargetFailure

# Everything an export row needs, in one listing request per page (hub-spec.md §2.5: expand excludes cardData=true).
# Only properties huggingface_hub documents for list_models: ``usedStorage`` is documented for model_info only.
LIST_EXPAND = (
    "cardData",
    "createdAt",
    "lastModified",
    "downloads",
    "likes",
    "library_name",
    "pipeline_tag",
    "tags",
    "safetensors",
    "sha",
    "gated",
    "private",
)
INFO_EXPAND = (*LIST_EXPAND, "usedStorage")
README_FALLBACK_KINDS = frozenset({"gated", "no-readme"})

try:  # the C dumper is 5-10x faster on thousands of cards; the pure-Python one gives the same text
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


@dataclass(frozen=True)
class AuditRequest:
    authors: tuple[str, ...] = ()
    repo_ids: tuple[str, ...] = ()
    search: str | None = None
    filters: tuple[str, ...] = ()
    limit: int | None = None
    deep: bool = False
    concurrency: int = 16
    revision: str | None = None
    dataset_sizes: bool = False
    label: bool = False  # the A-E efficiency label of each model (check --label's, with Hub attributes)

    @property
    def lists(self) -> bool:
        """Whether the Hub's listing is asked (an author, a search or a filter), not only named repos."""
        return bool(self.authors or self.search or self.filters)

    def describe(self) -> dict[str, Any]:
        return {
            "authors": list(self.authors),
            "repo_ids": len(self.repo_ids),
            "search": self.search,
            "filters": list(self.filters),
            "limit": self.limit,
            "revision": self.revision,
        }


@dataclass
class ModelOutcome:
    index: int  # discovery order: listing order, then named repos in the order given
    repo_id: str
    report: CardReport | None = None
    row: dict[str, Any] | None = None
    failure: HubFailure | None = None
    note: str | None = None  # why a --deep model was checked from its metadata only

    @property
    def checked(self) -> bool:
        return self.report is not None


@dataclass
class AuditResult:
    request: AuditRequest
    mode: str  # cardData | deep | cache
    outcomes: list[ModelOutcome] = field(default_factory=list)

    def ordered(self) -> list[ModelOutcome]:
        return sorted(self.outcomes, key=lambda o: o.index)

    @property
    def checked(self) -> list[ModelOutcome]:
        return [o for o in self.ordered() if o.report is not None]

    @property
    def failed(self) -> list[ModelOutcome]:
        return [o for o in self.ordered() if o.failure is not None]

    def run_result(self) -> RunResult:
        result = RunResult()
        result.cards = [o.report for o in self.checked if o.report is not None]
        result.failures = [TargetFailure(o.repo_id, str(o.failure)) for o in self.failed]
        return result

    def summary(self, top: int = 10) -> dict[str, Any]:
        checked = self.checked
        reports = [o.report for o in checked if o.report is not None]
        by_class = Counter(r.reporting_class for r in reports)
        grams = [r.emissions_g for r in reports if r.emissions_g is not None]
        offenders = sorted(
            (o for o in checked if o.report is not None and (o.report.errors or o.report.warnings)),
            key=lambda o: (-o.report.errors, -o.report.warnings, o.repo_id),  # type: ignore[union-attr]
        )
        emitters = sorted(
            (o for o in checked if o.report is not None and o.report.emissions_g is not None),
            key=lambda o: (-(o.report.emissions_g or 0.0), o.repo_id),  # type: ignore[union-attr]
        )
        return {
            "mode": self.mode,
            "query": self.request.describe(),
            "models": len(self.outcomes),
            "checked": len(checked),
            "not_checked": len(self.failed),
            "by_class": {member.label: by_class.get(member, 0) for member in ReportingClass},
            "reporting_emissions": len(grams),
            "reporting_share": (len(grams) / len(checked)) if checked else None,
            "median_emissions_g": statistics.median(grams) if grams else None,
            "total_emissions_g": sum(grams),
            "errors": sum(r.errors for r in reports),
            "warnings": sum(r.warnings for r in reports),
            "infos": sum(r.infos for r in reports),
            "worst_offenders": [_offender(o) for o in offenders[:top]],
            "top_emitters": [
                {"repo_id": o.repo_id, "emissions_g": o.report.emissions_g} for o in emitters[:5] if o.report
            ],
            "metadata_only": [{"repo_id": o.repo_id, "reason": o.note} for o in checked if o.note],
            "by_label": _label_counts(reports) if self.request.label else None,
            "not_checked_models": [
                {"repo_id": o.repo_id, "reason": o.failure.kind, "message": str(o.failure)}
                for o in self.failed
                if o.failure is not None
            ],
        }


def _label_counts(reports: list[CardReport]) -> dict[str, int]:
    letters = Counter(r.label.label for r in reports if r.label is not None and r.label.label)
    counts = {letter: letters.get(letter, 0) for letter in "ABCDE"}
    counts["none"] = sum(1 for r in reports if r.label is None or not r.label.label)
    return counts


def _offender(outcome: ModelOutcome) -> dict[str, Any]:
    report = outcome.report
    assert report is not None
    codes = Counter(d.code for d in report.diagnostics if d.severity.label in ("error", "warning"))
    return {
        "repo_id": outcome.repo_id,
        "errors": report.errors,
        "warnings": report.warnings,
        "codes": sorted(codes),
    }


# -- the Hub's JSON API ---------------------------------------------------------------------------


def get_json(
    url: str, params: Any, config: HubConfig, what: str, revision: str | None = None
) -> tuple[Any, str | None]:
    """One JSON GET with the client's session, headers and errors, our timeout and retries; (body, next link)."""
    hub_modules()
    from huggingface_hub.utils import (  # type: ignore[attr-defined]  # public, lazily exported
        build_hf_headers,
        hf_raise_for_status,
        http_backoff,
    )

    agent = user_agent_kwargs()
    headers = build_hf_headers(library_name=agent["library_name"], library_version=agent["library_version"])

    def get() -> tuple[Any, str | None]:
        response = http_backoff(
            "GET",
            url,
            params=params,
            headers=headers,
            timeout=config.timeout,
            max_retries=0,
            retry_on_exceptions=(),
            retry_on_status_codes=(),
        )
        hf_raise_for_status(response)
        next_url = response.links.get("next", {}).get("url")
        return response.json(), next_url if isinstance(next_url, str) else None

    return call_hub(get, config, what, revision)


def iter_listing(request: AuditRequest, author: str | None, config: HubConfig) -> Iterator[dict[str, Any]]:
    """Models of one listing query, page by page (absolute ``Link: rel="next"`` URLs, followed verbatim)."""
    params: list[tuple[str, Any]] = []
    if author:
        params.append(("author", author))
    if request.search:
        params.append(("search", request.search))
    params.extend(("filter", tag) for tag in request.filters)
    if request.limit is not None:
        params.append(("limit", request.limit))
    params.extend(("expand", key) for key in LIST_EXPAND)
    url: str | None = f"{config.endpoint}/api/models"
    query: Any = params
    seen = 0
    page_number = 0
    while url is not None:
        page_number += 1
        page, next_url = get_json(url, query, config, f"model listing (page {page_number})")
        if not isinstance(page, list):
            raise HubFailure(f"model listing (page {page_number}): unexpected answer (not a JSON list)", "bad-answer")
        for item in page:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield item
                seen += 1
                if request.limit is not None and seen >= request.limit:
                    return
        url, query = next_url, None  # the next URL carries the query (hub-spec.md §2.5)


def model_info(repo_id: str, revision: str | None, config: HubConfig) -> dict[str, Any]:
    url = f"{config.endpoint}/api/models/{repo_id}"
    if revision:
        url += f"/revision/{quote(revision, safe='')}"
    info, _ = get_json(url, [("expand", key) for key in INFO_EXPAND], config, "model info", revision)
    if not isinstance(info, dict):
        raise HubFailure("model info: unexpected answer (not a JSON object)", "bad-answer")
    return info


class DatasetSizes:
    """``usedStorage`` of datasets on the Hub, each asked once per audit (many models share datasets)."""

    def __init__(self, config: HubConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._sizes: dict[str, Future[int | None]] = {}

    def size(self, dataset_id: str) -> int | None:
        with self._lock:
            future = self._sizes.get(dataset_id)
            owner = future is None
            if future is None:
                future = self._sizes[dataset_id] = Future()
        if owner:
            future.set_result(self._fetch(dataset_id))
        return future.result()

    def total(self, dataset_ids: list[str]) -> int | None:
        """The sum over every dataset, or None when any of them is unknown (a partial sum would understate)."""
        if not dataset_ids:
            return None
        sizes = [self.size(d) for d in dataset_ids]
        return sum(s for s in sizes if s is not None) if all(s is not None for s in sizes) else None

    def _fetch(self, dataset_id: str) -> int | None:
        if not dataset_id or " " in dataset_id or dataset_id.count("/") > 1:
            return None
        try:
            info, _ = get_json(
                f"{self.config.endpoint}/api/datasets/{dataset_id}",
                [("expand", "usedStorage")],
                self.config,
                "dataset info",
            )
        except HubFailure:
            return None
        used = info.get("usedStorage") if isinstance(info, dict) else None
        return used if isinstance(used, int) and not isinstance(used, bool) and used >= 0 else None


# -- linting one model ----------------------------------------------------------------------------


def synthetic_card(card_data: Any) -> bytes:
    """The Hub's parsed metadata written back as front matter (empty: a card without metadata)."""
    if not isinstance(card_data, dict) or not card_data:
        return b""
    text = yaml.dump(card_data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{text}---\n".encode()


def lint_card_data(info: dict[str, Any], settings: LintSettings, revision: str | None) -> CardReport:
    repo_id = str(info["id"])
    report = lint_bytes(display_path(repo_id) + "#cardData", synthetic_card(info.get("cardData")), settings, repo_id)
    report.remote = {
        "repo_id": repo_id,
        "revision": revision or "main",
        "commit": info.get("sha"),
        "source": "cardData",
    }
    return report


def lint_fetched(fetched: FetchedCard, settings: LintSettings) -> CardReport:
    report = lint_bytes(display_path(fetched.repo_id, fetched.revision), fetched.raw, settings, fetched.repo_id)
    report.remote = fetched.remote_info()
    return report


def front_matter_data(report: CardReport) -> dict[str, Any] | None:
    """The front matter as a dict (what the Hub would call cardData), for cache-only audits."""
    card = report.card
    if card is None or card.doc is None or card.doc.root is None:
        return None
    try:
        value = card.doc.construct(card.doc.root)
    except Exception:  # noqa: BLE001 - unconstructable metadata is no metadata
        return None
    return value if isinstance(value, dict) else None


# -- the audit ------------------------------------------------------------------------------------


Source = tuple[str, Any]  # ("info", listing item) | ("id", repo id) | ("cached", repo id)


class Auditor:
    def __init__(
        self,
        request: AuditRequest,
        settings: LintSettings,
        config: HubConfig,
        on_outcome: Callable[[ModelOutcome], None] | None = None,
    ) -> None:
        self.request = request
        self.settings = settings
        self.config = config
        self.on_outcome = on_outcome
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
        return lint_fetched(fetched, self.settings)

    def _label(self, info: dict[str, Any], report: CardReport, datasets_size: int | None) -> str | None:
        """The card's label with what the listing knows: downloads, model size, dataset size."""
        from hfcarbon_lint.hub.fields import model_size_bytes
        from hfcarbon_lint.label.card import label_for_report

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
        """Check every model; raise :class:`HubFailure` only when the listing itself fails."""
        needs_threads = not self.config.offline and (
            self.request.deep or self.request.dataset_sizes or bool(self.request.repo_ids)
        )
        if not needs_threads:
            for index, source in enumerate(self.sources()):
                self._emit(self.check(index, source))
            return self.result
        pool = ThreadPoolExecutor(max_workers=max(1, self.request.concurrency), thread_name_prefix="hfcarbon-audit")
        try:
            futures = []
            for index, source in enumerate(self.sources()):
                future = pool.submit(self.check, index, source)
                future.add_done_callback(lambda f: None if f.cancelled() else self._emit(f.result()))
                futures.append(future)
            for future in futures:
                if not future.cancelled():
                    future.exception()  # wait; check() itself never raises
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return self.result


def cached_repos(cache_dir: str, author: str) -> list[str]:
    """Repo ids of ``author`` in the huggingface_hub cache (``models--{author}--{name}`` folders)."""
    prefix = f"models--{author}--"
    try:
        names = sorted(os.listdir(cache_dir))
    except OSError:
        return []
    return [
        f"{author}/{name[len(prefix) :]}"
        for name in names
        if name.startswith(prefix) and (Path(cache_dir) / name / "snapshots").is_dir()
    ]


def cached_single_name(cache_dir: str, name: str) -> list[str]:
    """``[name]`` when the huggingface_hub cache holds the single-name model ``name`` (``models--gpt2``)."""
    return [name] if (Path(cache_dir) / f"models--{name}" / "snapshots").is_dir() else []


def run_audit(
    request: AuditRequest,
    settings: LintSettings,
    config: HubConfig,
    on_outcome: Callable[[ModelOutcome], None] | None = None,
) -> AuditResult:
    return Auditor(request, settings, config, on_outcome).run()
