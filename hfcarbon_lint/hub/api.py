"""The Hub's JSON API: one GET with our timeout and retries, the model listing, one model's info.

API JSON is fetched with huggingface_hub's HTTP session (``http_backoff`` + ``hf_raise_for_status``:
same headers, token and error classes as ``HfApi``) rather than ``HfApi.list_models``, because
``list_models`` takes no timeout (hub-spec.md §2.6) and every request here must have one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from hfcarbon_lint.hub.client import HubConfig, HubFailure, call_hub, hub_headers, hub_modules
from hfcarbon_lint.hub.request import AuditRequest

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
MAX_LISTED = 100_000  # an in-memory audit without --limit: more than any author has, far less than fills memory


def get_json(
    url: str, params: Any, config: HubConfig, what: str, revision: str | None = None
) -> tuple[Any, str | None]:
    """One JSON GET with the client's session, headers and errors, our timeout and retries; (body, next link)."""
    hub_modules()
    from huggingface_hub.utils import (  # type: ignore[attr-defined]  # public, lazily exported
        hf_raise_for_status,
        http_backoff,
    )

    headers = hub_headers()

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


def listing_params(request: AuditRequest, author: str | None) -> list[tuple[str, Any]]:
    """The first listing request's query: author, search, filters, limit and the expanded fields."""
    params: list[tuple[str, Any]] = []
    if author:
        params.append(("author", author))
    if request.search:
        params.append(("search", request.search))
    params.extend(("filter", tag) for tag in request.filters)
    if request.limit is not None:
        params.append(("limit", request.limit))
    params.extend(("expand", key) for key in LIST_EXPAND)
    return params


def iter_listing(request: AuditRequest, author: str | None, config: HubConfig) -> Iterator[dict[str, Any]]:
    """Models of one listing query, page by page (absolute ``Link: rel="next"`` URLs, followed verbatim).

    A listing is bounded whatever the server sends: it stops with a :class:`HubFailure` (kind
    ``listing-stopped``) on a next link already followed (a repeated cursor, a page linking to itself),
    on a page with a next link that brings no model not already listed, and at a model past the first
    ``MAX_LISTED`` when no ``--limit`` was given (a listing of exactly ``MAX_LISTED`` is complete; the
    census, ``hfcarbon_lint.census``, streams a listing of any size). The models yielded before the stop are kept by the caller.
    """
    params = listing_params(request, author)
    url: str | None = f"{config.endpoint}/api/models"
    query: Any = params
    listed: set[str] = set()
    followed: set[str] = set()
    cursors: set[str] = set()
    page_number = 0
    while url is not None:
        page_number += 1
        what = f"model listing (page {page_number})"
        page, next_url = get_json(url, query, config, what)
        if not isinstance(page, list):
            raise HubFailure(f"{what}: unexpected answer (not a JSON list)", "bad-answer")
        new = 0
        for item in page:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] not in listed:
                if request.limit is None and len(listed) >= MAX_LISTED:  # a model past the cap: exactly the cap is fine
                    raise _stopped(
                        f"more than {MAX_LISTED:,} models: stopped there (--limit N to choose, or --all to stream "
                        "every one with --export)",
                        listed,
                    )
                listed.add(item["id"])
                new += 1
                yield item
                if request.limit is not None and len(listed) >= request.limit:
                    return
        if next_url is None:
            return
        cursor = _cursor(next_url)
        if next_url in followed or (cursor is not None and cursor in cursors):
            raise _stopped(f"{what}: the next link repeats a page already read (cursor {cursor!r})", listed)
        if new == 0:
            raise _stopped(f"{what}: a page with a next link but no model not already listed", listed)
        followed.add(next_url)
        if cursor is not None:
            cursors.add(cursor)
        url, query = next_url, None  # the next URL carries the query (hub-spec.md §2.5)


def _cursor(url: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get("cursor")
    return values[0] if values else None


def _stopped(reason: str, listed: set[str]) -> HubFailure:
    return HubFailure(f"listing stopped: {reason}; {len(listed):,} models listed before", "listing-stopped")


def model_info(repo_id: str, revision: str | None, config: HubConfig) -> dict[str, Any]:
    url = f"{config.endpoint}/api/models/{repo_id}"
    if revision:
        url += f"/revision/{quote(revision, safe='')}"
    info, _ = get_json(url, [("expand", key) for key in INFO_EXPAND], config, "model info", revision)
    if not isinstance(info, dict):
        raise HubFailure("model info: unexpected answer (not a JSON object)", "bad-answer")
    return info
