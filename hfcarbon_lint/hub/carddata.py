"""Linting what the Hub gives for one model: its ``cardData`` (parsed metadata) or its downloaded README."""

from __future__ import annotations

from typing import Any

import yaml

from hfcarbon_lint.hub.remote import FetchedCard, display_path
from hfcarbon_lint.lint.engine import CardReport, LintSettings, lint_bytes

try:  # the C dumper is 5-10x faster on thousands of cards; the pure-Python one gives the same text
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


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
