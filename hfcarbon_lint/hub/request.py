"""What an audit asks: its own module, below the listing (``api``) and the results, which both use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
    fix: bool = False  # keep each README's fixes (``CardFix``) for pull requests; needs deep
    unsafe_fixes: bool = False

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
