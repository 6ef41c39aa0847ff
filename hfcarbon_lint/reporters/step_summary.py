"""The GitHub Actions step summary: a Markdown table of every card, appended to ``$GITHUB_STEP_SUMMARY``.

    | Card | Reporting class | Emissions (g CO2eq) | Errors | Warnings |

followed by the full list of findings in a collapsed block (annotations show at most
10 errors and 10 warnings per step; the summary shows them all). GitHub accepts at most
1 MiB of summary per step, so the text is cut to fit, at a row boundary, with a note.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hfcarbon_lint.base.escaping import for_log
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.lint.results import RunResult

SUMMARY_LIMIT = 1024 * 1024  # bytes GitHub accepts per step
_MARGIN = 1024  # room for the truncation note
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
HEADER = (
    "| Card | Reporting class | Emissions (g CO2eq) | Errors | Warnings |",
    "| --- | --- | ---: | ---: | ---: |",
)


def append_step_summary(result: RunResult, path: str | os.PathLike[str] | None = None) -> None:
    """Append the summary to ``path`` (default ``$GITHUB_STEP_SUMMARY``); a write error is a warning, not a crash."""
    target = path if path is not None else os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    file = Path(target)
    try:
        used = file.stat().st_size if file.exists() else 0
        text = markdown(result, max(0, SUMMARY_LIMIT - used))
        if text:
            with file.open("a", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
    except OSError as exc:
        message = f"hfcarbon-lint: warning: cannot write the step summary {target}: {exc.strerror or exc}"
        sys.stderr.write(for_log(message) + "\n")


def markdown(result: RunResult, budget: int = SUMMARY_LIMIT) -> str:
    """The summary as Markdown, at most ``budget`` UTF-8 bytes (empty if even the header does not fit)."""
    head = ["## hfcarbon-lint", "", _headline(result), ""]
    if result.cards:
        head.extend(HEADER)
    out = Writer(budget)
    if not out.add("\n".join(head) + "\n"):
        return ""
    for index, card in enumerate(result.cards):
        if not out.add(_row(card) + "\n"):
            out.force(f"\n… {len(result.cards) - index} more cards not shown: the step summary is capped at 1 MiB.\n")
            return out.text()
    unlisted = result.summary()["cards"] - len(result.cards)  # cards streamed to the log and not kept
    if unlisted > 0:
        out.add(f"\n{unlisted} more card{'s' if unlisted != 1 else ''} checked but not kept for this table.\n")
    if result.failures:
        out.add("\nNot checked:\n\n")
        for failure in result.failures:
            if not out.add(f"- {escape(failure.target)}: {escape(failure.message)}\n"):
                out.force("- …\n")
                break
    findings = result.diagnostics
    if findings:
        plural = "s" if len(findings) != 1 else ""
        if out.add(f"\n<details><summary>{len(findings)} finding{plural}</summary>\n\n"):
            for index, d in enumerate(findings):
                line = (
                    f"- {escape(d.path)}:{d.line}:{d.column} **{d.code}** {escape(d.name)} "
                    f"({d.severity.label}): {escape(d.message)}\n"
                )
                if not out.add(line):
                    out.force(f"- … {len(findings) - index} more (see the job log)\n")
                    break
            out.force("\n</details>\n")
    out.force("\n")
    return out.text()


@dataclass
class Writer:
    """Collect text while it fits a byte budget; ``force`` spends the reserved margin."""

    budget: int
    parts: list[str] = field(default_factory=list, init=False)
    size: int = field(default=0, init=False)

    def add(self, text: str) -> bool:
        size = len(text.encode("utf-8"))
        if self.size + size > self.budget - _MARGIN:
            return False
        self.parts.append(text)
        self.size += size
        return True

    def force(self, text: str) -> None:
        size = len(text.encode("utf-8"))
        if self.size + size <= self.budget:
            self.parts.append(text)
            self.size += size

    def text(self) -> str:
        return "".join(self.parts)


def escape(text: str) -> str:
    """Plain text for a Markdown table cell: no markup, no HTML, no line breaks, no column breaks."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def grams(value: float | None) -> str:
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return "—"
    if abs(value) >= 1:
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def _row(card: CardReport) -> str:
    cls = card.reporting_class
    shown = f"{cls.level} {cls.label}" if cls is not None else "— (not read)"
    return f"| {escape(card.target)} | {shown} | {grams(card.emissions_g)} | {card.errors} | {card.warnings} |"


def _headline(result: RunResult) -> str:
    summary = result.summary()
    cards = summary["cards"]
    text = (
        f"{cards} card{'s' if cards != 1 else ''} checked: {summary['errors']} error{'s' if summary['errors'] != 1 else ''}, "
        f"{summary['warnings']} warning{'s' if summary['warnings'] != 1 else ''}, {summary['infos']} info"
    )
    if summary["not_checked"]:
        text += f", {summary['not_checked']} not checked"
    classes = [card.reporting_class for card in result.cards if card.reporting_class is not None]
    if classes:
        lowest = min(classes, key=lambda c: c.level)
        text += f". Lowest reporting class: {lowest.level} {lowest.label}"
    if summary["not_classified"]:
        text += f"; {summary['not_classified']} not read, so not classified"
    return text + "."
