"""How an audit is shown: a text summary for people, the check JSON v1 document plus an ``audit`` object for tools."""

from __future__ import annotations

import json
from typing import Any

import click

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.hub.campaign import Campaign
from hfcarbon_lint.hub.results import AuditResult
from hfcarbon_lint.reporters import RenderOptions, get_renderer
from hfcarbon_lint.reporters.json_format import document as check_document
from hfcarbon_lint.reporters.text import closing_line

MODE_LINES = {
    "cardData": "metadata (cardData) from the Hub API, README bodies not read (add --deep to read them)",
    "deep": "each README.md downloaded and linted (--deep)",
    "cache": "READMEs from the local Hugging Face cache only (--offline): the Hub was not asked",
    "dump": "every card of a model-card dump linted as check lints a README (body included); the Hub was not asked",
}
MAX_LISTED = 20


def grams(value: float) -> str:
    """``1,200 g (1.2 kg)``: grams as the spec counts them, with a readable unit beside large figures."""
    text = f"{value:,.6g} g" if value < 1e15 else f"{value:.3e} g"
    if value >= 1e6:
        text += f" ({value / 1e6:,.3g} t)"
    elif value >= 1e3:
        text += f" ({value / 1e3:,.3g} kg)"
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(result: AuditResult, color: bool = False, show_diagnostics: bool = False) -> str:
    lines: list[str] = []
    if show_diagnostics and result.checked:
        renderer = get_renderer("text")
        lines.append(renderer(result.run_result(), RenderOptions(color=color, quiet=True)).rstrip("\n"))
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "") + summary_text(result.summary(), color)


def summary_text(summary: dict[str, Any], color: bool = False) -> str:
    """The summary for people, from ``AuditResult.summary()`` or a census's (same keys)."""

    def bold(text: str) -> str:
        return click.style(text, bold=True) if color else text

    lines: list[str] = []
    query = summary["query"]
    scope = []
    if query.get("authors"):
        scope.append("author " + ", ".join(query["authors"]))
    if query.get("search"):
        scope.append(f"search {query['search']!r}")
    if query.get("filters"):
        scope.append("filter " + ", ".join(query["filters"]))
    if query.get("repo_ids"):
        scope.append(_plural(query["repo_ids"], "named repo"))
    if query.get("files"):  # a census of a dump
        scope.append(query.get("source") or _plural(len(query["files"]), "parquet file"))
    lines.append(bold(f"Audit of {_plural(summary['models'], 'model')}") + (f" ({'; '.join(scope)})" if scope else ""))
    lines.append(f"  {MODE_LINES[summary['mode']]}")
    lines.append(f"  checked {summary['checked']}, not checked {summary['not_checked']}")
    if summary["listing_incomplete"]:
        lines.append(f"  INCOMPLETE: {summary['listing_incomplete']}")
    lines.append("")
    checked = summary["checked"] or 1
    lines.append(f"  {'Reporting class':<36} {'models':>7} {'share':>7}")
    for member in ReportingClass:
        count = summary["by_class"][member.label]
        lines.append(f"  {member.level} {member.label:<34} {count:>7} {100 * count / checked:>6.1f}%")
    unread = summary.get("not_classified", 0)
    if unread:
        lines.append(f"  - {'not read, so not classified':<34} {unread:>7} {100 * unread / checked:>6.1f}%")
    lines.append("")
    share = summary["reporting_share"]
    share_text = f" ({100 * share:.1f}%)" if share is not None else ""
    lines.append(
        f"Reporting emissions: {summary['reporting_emissions']} of {summary['checked']} checked models{share_text}"
    )
    if summary["median_emissions_g"] is not None:
        approximate = "" if summary.get("median_exact", True) else "~"
        lines.append(
            f"Reported emissions: median {approximate}{grams(summary['median_emissions_g'])}, "
            f"total {grams(summary['total_emissions_g'])} CO2eq"
        )
    if summary.get("by_label"):
        counts = summary["by_label"]
        shown = ", ".join(f"{letter} {counts[letter]}" for letter in "ABCDE")
        lines.append(
            f"Efficiency labels: {shown}; no label {counts['none']} (corrected mode; see `hfcarbon-lint label`)"
        )
    if summary["worst_offenders"]:
        lines.append("")
        lines.append(bold("Worst offenders") + " (most error, then warning findings):")
        width = max(len(o["repo_id"]) for o in summary["worst_offenders"])
        for offender in summary["worst_offenders"]:
            counts = f"{_plural(offender['errors'], 'error')}, {_plural(offender['warnings'], 'warning')}"
            lines.append(f"  {offender['repo_id']:<{width}}  {counts:<22} {' '.join(offender['codes'])}")
    if summary["top_emitters"]:
        lines.append("")
        lines.append(bold("Largest reported emissions:"))
        width = max(len(o["repo_id"]) for o in summary["top_emitters"])
        for emitter in summary["top_emitters"]:
            lines.append(f"  {emitter['repo_id']:<{width}}  {grams(emitter['emissions_g'])}")
    for title, entries, key in (
        ("Checked from metadata only", summary["metadata_only"], "reason"),
        ("Not checked", summary["not_checked_models"], "message"),
    ):
        if not entries:
            continue
        lines.append("")
        lines.append(bold(f"{title} ({len(entries)}):"))
        for entry in entries[:MAX_LISTED]:
            lines.append(f"  {entry['repo_id']}: {entry[key]}")
        if len(entries) > MAX_LISTED:
            lines.append(f"  ... and {len(entries) - MAX_LISTED} more (see --format json)")
    kept = len(summary["not_checked_models"])
    if summary["not_checked"] > kept and kept:
        lines.append(f"  ({summary['not_checked'] - kept:,} more not checked: a census keeps the first {kept})")
    counts = {key: summary[key] for key in ("errors", "warnings", "infos", "not_checked")}
    lines.append("")
    lines.append(closing_line(counts, summary["checked"], "model"))  # the check's closing line, for models
    return "\n".join(lines) + "\n"


def document(result: AuditResult, campaign: Campaign | None = None, sent: bool = False) -> dict[str, Any]:
    """The check JSON v1 document (``cards``, ``not_checked``, ``summary``), each card with its export
    ``model`` row, plus an ``audit`` object (the summary above, machine-readable)."""
    doc = check_document(result.run_result())
    for card, outcome in zip(doc["cards"], result.checked, strict=True):
        card["model"] = outcome.row
    doc["audit"] = result.summary()
    if campaign is not None:
        doc["pull_requests"] = {"sent": sent, **campaign.summary()}
    return doc


def render_json(result: AuditResult, campaign: Campaign | None = None, sent: bool = False) -> str:
    return json.dumps(document(result, campaign, sent), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_campaign(campaign: Campaign, sent: bool) -> str:
    """The pull requests of ``audit --fix --create-pr``: the plan (``sent=False``) or what was done."""
    done = {state: campaign.count(state) for state in ("planned", "opened", "skipped", "failed")}
    to_open = len(campaign.to_open)
    if sent:
        head = f"Pull requests: {done['opened']} opened, {done['skipped']} skipped, {done['failed']} failed"
        if done["planned"]:
            head += f", {done['planned']} not attempted"
    else:
        head = f"Pull requests: {to_open} to open, {done['skipped']} skipped, {done['failed']} failed"
    lines = ["", head]
    width = max((len(p.repo_id) for p in campaign.pull_requests), default=0)
    for planned in campaign.pull_requests:
        state = planned.state if (sent or planned.state != "planned") else "open"
        if planned.failure is not None:
            detail = str(planned.failure)
        elif planned.existing or planned.opened:
            detail = planned.existing or (planned.opened.url if planned.opened else "")
        else:
            fixes = planned.card.outcome.applied
            detail = (
                f"{fixes} fix{'es' if fixes != 1 else ''} ({', '.join(planned.card.codes)}) "
                f"on commit {planned.card.commit[:12]}"
            )
        lines.append(f"  {state:<8} {planned.repo_id:<{width}}  {detail}")
    if campaign.stopped is not None:
        lines.append(f"Stopped: {campaign.stopped}")
    if not sent and to_open:
        lines.append("Nothing was sent: run again with --yes to open them.")
    elif not sent:
        lines.append("Nothing to open.")
    return "\n".join(lines) + "\n"
