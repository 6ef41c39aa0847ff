"""``audit ... --html FILE``: one page an org maintainer can send round.

Built from plain rows (``ModelRow``), which come from an audit's results (``rows_from_audit``) or
from an audit export file (``rows_from_export``: CSV or JSONL, read as it streams, so a census
export gives the same page). The page holds the key figures, four figures (class shares,
reporting over time, emissions by domain, the A-E labels), the method notes, and the models in a
table that sorts and filters in the browser. Every string from a card or the Hub is escaped.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import json
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfcarbon_lint.base.classification import ReportingClass, classify
from hfcarbon_lint.base.escaping import for_markup, hub_model_url
from hfcarbon_lint.hub.domains import domain_of
from hfcarbon_lint.hub.export import NOT_READ
from hfcarbon_lint.hub.results import AuditResult
from hfcarbon_lint.label.reference import LETTERS
from hfcarbon_lint.lint.fixing import wanted
from hfcarbon_lint.pictures import charts
from hfcarbon_lint.pictures.charts import Bar
from hfcarbon_lint.pictures.page import figures, html_page, notes, paragraph, section
from hfcarbon_lint.pictures.svg import CLASS_COLOURS, LETTER_COLOURS, grams

MAX_MESSAGES = 20  # findings listed per model in the table (the count covers them all)
MAX_TABLE_ROWS = 5000  # the figures count every model; past this the table would make the page too big to send
MAX_EXPORT_LINE = 1024 * 1024  # one export row is a few hundred bytes; a longer line is not an export


# The export columns the page reads (hub/export.py's COLUMNS has them all).
USED_COLUMNS = ("repo_id", "created_at", "pipeline_tag", "domain", "tags", "emissions_g", "hardware_used",
                "reporting_class", "reporting_level", "label")  # fmt: skip


class PageInputError(Exception):
    """The export cannot be read as audit rows; the message is one line."""


@dataclass(frozen=True)
class ModelRow:
    repo_id: str
    reporting_class: ReportingClass
    emissions_g: float | None = None
    errors: int | None = None  # None: not known (an export carries no findings)
    warnings: int | None = None
    infos: int | None = None
    codes: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()  # "HFC011 error, line 5: ..." (they quote the card: escaped on the page)
    fixable: int | None = None  # findings with a safe fix
    label: str | None = None  # A..E
    month: str | None = None  # YYYY-MM of creation
    domain: str | None = None


@dataclass
class AuditPage:
    rows: list[ModelRow]
    scope: str  # what was audited, in words
    not_checked: list[tuple[str, str]] = field(default_factory=list)  # (repo id, why)
    source: str = "audit"  # "audit" or "export FILE"


def rows_from_audit(result: AuditResult) -> AuditPage:
    """The page's rows from an audit's results (``run_audit``), in the audit's order."""
    rows = []
    unread: list[tuple[str, str]] = []
    for outcome in result.checked:
        report = outcome.report
        assert report is not None
        if report.reporting_class is None:  # not read (unreadable bytes): no class, listed, not counted
            codes = ", ".join(d.code for d in report.diagnostics) or "not read"
            unread.append((outcome.repo_id, f"the card was not read ({codes}): no reporting class"))
            continue
        extra = outcome.row or {}
        label = getattr(report.label, "label", None)
        rows.append(
            ModelRow(
                repo_id=outcome.repo_id,
                reporting_class=report.reporting_class,
                emissions_g=_finite(report.emissions_g),
                errors=report.errors,
                warnings=report.warnings,
                infos=report.infos,
                codes=tuple(sorted({d.code for d in report.diagnostics if d.severity.label in ("error", "warning")})),
                messages=tuple(
                    f"{d.code} {d.severity.label}, line {d.line}: {d.message}"
                    for d in report.diagnostics[:MAX_MESSAGES]
                ),
                fixable=sum(1 for d in report.diagnostics if wanted(d, unsafe=False)),
                label=label if isinstance(label, str) else None,
                month=_month(extra.get("created_at")),
                domain=extra.get("domain") if isinstance(extra.get("domain"), str) else None,
            )
        )
    summary = result.summary()
    scope = _scope(summary["query"], result.mode)
    missing = [(m["repo_id"], m["message"]) for m in summary["not_checked_models"]]
    return AuditPage(rows, scope, missing + unread)


def rows_from_export(path: str | Path) -> AuditPage:
    """The page's rows from an ``audit --export`` file (CSV or JSONL); ``PageInputError`` when unreadable."""
    path = Path(path)
    rows = []
    unread: list[tuple[str, str]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, record in _records(path, handle):
                if str(record.get("reporting_class") or "").strip().lower() == NOT_READ:
                    unread.append((str(record.get("repo_id")), "the card was not read: no reporting class"))
                    continue
                rows.append(_export_row(record, f"{path}:{number}"))
    except OSError as exc:
        raise PageInputError(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise PageInputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    if not rows:
        raise PageInputError(f"{path}: no rows")
    return AuditPage(rows, f"the models of the export {path.name}", unread, source=f"export {path.name}")


def _records(path: Path, handle: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        for number, line in enumerate(iter(lambda: handle.readline(MAX_EXPORT_LINE + 1), ""), 1):
            if len(line) > MAX_EXPORT_LINE:
                raise PageInputError(f"{path}:{number}: line longer than {MAX_EXPORT_LINE:,} characters")
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise PageInputError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise PageInputError(f"{path}:{number}: not a JSON object")
            yield number, record
        return
    reader = csv.reader(handle)
    try:
        header = next(reader, [])
        positions = [(name, header.index(name)) for name in USED_COLUMNS if name in header]
        width = len(header)
        for row in reader:
            if len(row) != width:
                if not row:
                    continue
                raise PageInputError(f"{path}:{reader.line_num}: {len(row)} fields, the header has {width}")
            yield reader.line_num, {name: row[i] or None for name, i in positions}
    except csv.Error as exc:
        raise PageInputError(f"{path}:{reader.line_num}: {exc}") from None


def _export_row(record: dict[str, Any], where: str) -> ModelRow:
    repo_id = record.get("repo_id")
    if not isinstance(repo_id, str) or not repo_id:
        raise PageInputError(f"{where}: no repo_id")
    emissions = _number(record.get("emissions_g"), where)
    tags = _list(record.get("tags"))
    klass = None
    for column in ("reporting_class", "reporting_level"):
        value = record.get(column)
        if value not in (None, ""):
            try:
                klass = ReportingClass.parse(value)
            except ValueError:
                raise PageInputError(f"{where}: {column} {str(value)[:60]!r} is not a reporting class") from None
            break
    if klass is None:  # an export without the class columns: the ladder from what the row reports
        klass = classify(emissions is not None, bool(record.get("hardware_used")), tags)
    label, domain, pipeline = record.get("label"), record.get("domain"), record.get("pipeline_tag")
    if not (isinstance(domain, str) and domain):
        domain = domain_of(pipeline if isinstance(pipeline, str) else None, tags)
    return ModelRow(
        repo_id=repo_id,
        reporting_class=klass,
        emissions_g=emissions,
        label=label if isinstance(label, str) and label in LETTERS else None,
        month=_month(record.get("created_at")),
        domain=domain,
    )


def _list(value: Any) -> list[str]:
    """``tags``: a JSON array in JSONL, ``;``-joined in CSV."""
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return [item for item in value.split(";") if item] if isinstance(value, str) else []


def _number(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PageInputError(f"{where}: emissions_g {str(value)[:60]!r} is not a number") from None
    return _finite(number)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) and value >= 0 else None


def _month(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) < 7 or value[4] != "-" or not value[:4].isdigit():
        return None
    return value[:7] if value[5:7].isdigit() and 1 <= int(value[5:7]) <= 12 else None


def _scope(query: dict[str, Any], mode: str) -> str:
    parts = [f"author {a}" for a in query.get("authors", [])]
    if query.get("repo_ids"):
        parts.append(f"{query['repo_ids']} named models")
    if query.get("search"):
        parts.append(f"search {query['search']!r}")
    parts += [f"filter {f}" for f in query.get("filters", [])]
    how = {"deep": "each README read", "cardData": "the Hub's metadata", "cache": "the local cache"}.get(mode, mode)
    return (", ".join(parts) or "the audit") + f" ({how})"


# --------------------------------------------------------------------------------------- the page


def audit_html(page: AuditPage, generated: str | None = None) -> str:
    rows = page.rows
    reporting = [r.emissions_g for r in rows if r.emissions_g is not None]
    known_findings = [r for r in rows if r.errors is not None]
    fixable = sum(1 for r in rows if r.fixable)
    key = [
        (f"{len(rows):,}", "models checked"),
        (f"{len(reporting):,} ({_pct(len(reporting), len(rows))})", "report emissions"),
        (grams(statistics.median(reporting)) if reporting else "–", "median reported emissions"),
        (grams(sum(reporting)) if reporting else "–", "total reported emissions"),
    ]
    if known_findings:
        key.append((f"{sum(1 for r in known_findings if r.errors or r.warnings):,}", "models with findings"))
        key.append((f"{fixable:,}", "models with a safe fix"))
    if page.not_checked:
        key.append((f"{len(page.not_checked):,}", "could not be checked or read"))
    when = generated or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        figures(key),
        section("Reporting classes", class_figure(rows)),
        section("Reporting over time", time_figure(rows)),
        section("Emissions by domain", domain_figure(rows)),
        section("Carbon-efficiency labels", label_figure(rows)),
        section("Models", _models_table(rows, bool(known_findings))),
    ]
    if page.not_checked:
        sections.append(section("Not checked or not read", notes([f"{repo}: {why}" for repo, why in page.not_checked])))
    sections.append(section("Method", notes(method_notes(page.source))))
    return html_page(
        "Carbon reporting audit",
        f"{page.scope}; {len(rows):,} models; generated {when}",
        sections,
        script=True,
        footer="Made by hfcarbon-lint. Classes and labels follow Castaño et al., ESEM 2023.",
    )


def method_notes(source: str) -> list[str]:
    return [
        f"Source: {source}. Each model card's co2_eq_emissions metadata (and, with --deep, its body) was read "
        "as the Hub reads it and linted by hfcarbon-lint.",
        "Reporting classes are the ladder of Castaño et al. (ESEM 2023): Unknown (nothing reported), Context "
        "(hardware only), Basic (emissions), Energy Awareness (emissions and hardware), then Optimization and "
        "Certified by the model's tags.",
        "Emissions are grams of CO2eq as reported by each card (kilograms converted), not measured by this tool.",
        "Reporting over time groups models by their creation month on the Hub.",
        "Domains come from the Hub's pipeline tag (NLP, Computer Vision, Audio, ...); the bars show the median "
        "of the reported emissions per domain, on a log scale.",
        "A-E labels (with --label) rate carbon efficiency against the paper's 2023 reference population: a letter "
        "places a model among those models, it is not an absolute measure.",
        "A safe fix is one hfcarbon-lint applies without changing a value (audit --fix --create-pr proposes them).",
    ]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def class_figure(rows: Sequence[ModelRow]) -> str:
    counts = Counter(r.reporting_class for r in rows)
    bars = [
        Bar(
            member.label,
            counts.get(member, 0),
            CLASS_COLOURS[member.level],
            f"{counts.get(member, 0):,} ({_pct(counts.get(member, 0), len(rows))})",
        )
        for member in ReportingClass
    ]
    return charts.horizontal_bars(bars, f"Reporting classes of the {len(rows):,} models")


def time_figure(rows: Sequence[ModelRow]) -> str:
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.month is not None:
            by_month[row.month][0] += 1
            by_month[row.month][1] += row.emissions_g is not None
    if not by_month:
        return paragraph("No creation date is known for these models.")
    months = charts.calendar(min(by_month), max(by_month))
    points = [
        (m, 100 * by_month[m][1] / by_month[m][0] if by_month.get(m, [0])[0] else None, by_month.get(m, [0])[0])
        for m in months
    ]
    return charts.monthly_line(points, "Share of models reporting emissions, by creation month")


def domain_figure(rows: Sequence[ModelRow]) -> str:
    grouped: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row.emissions_g is not None and row.emissions_g > 0:
            grouped[row.domain or "(no domain)"].append(row.emissions_g)
    if not grouped:
        return paragraph("No model reports emissions above 0 g.")
    bars = [
        Bar(name, statistics.median(values), "#5b8db8", f"{grams(statistics.median(values))} (n = {len(values):,})")
        for name, values in sorted(grouped.items(), key=lambda item: -statistics.median(item[1]))
    ]
    return charts.horizontal_bars(bars, "Median reported emissions by domain", log=True, unit="grams of CO2eq")


def label_figure(rows: Sequence[ModelRow]) -> str:
    letters = Counter(r.label for r in rows if r.label)
    if not letters:
        return paragraph("No label: run the audit with --label to rate each model's carbon efficiency.")
    total = sum(letters.values())
    bars = [
        Bar(x, letters.get(x, 0), LETTER_COLOURS[x], f"{letters.get(x, 0):,} ({_pct(letters.get(x, 0), total)})")
        for x in LETTERS
    ]
    return charts.columns(bars, f"A-E labels of the {total:,} labelled models (A best)")


def _models_table(rows: Iterable[ModelRow], findings: bool) -> str:
    classes = "".join(
        f'<option value="{member.level}">{for_markup(member.label)}</option>' for member in ReportingClass
    )
    controls = (
        '<div class="filters"><label>Filter <input type="search" id="filter-text" '
        'placeholder="model id, class, code..."></label>'
        f'<label>Class <select id="filter-class"><option value="">all</option>{classes}</select></label>'
        + ('<label><input type="checkbox" id="filter-fixable"> fixable only</label>' if findings else "")
        + '<span id="filter-count" class="muted"></span></div>'
    )
    heads = ["Model", "Class", "Emissions", "Label", "Findings", "Fixable", "Hub"]
    numeric = {2, 5}
    head = "".join(
        f'<th{" class=num" if i in numeric else ""}><button type="button">{h}</button></th>'
        if h != "Hub"
        else "<th>Hub</th>"
        for i, h in enumerate(heads)
    )
    shown = list(itertools.islice(rows, MAX_TABLE_ROWS + 1))
    cut = ""
    if len(shown) > MAX_TABLE_ROWS:
        shown = shown[:MAX_TABLE_ROWS]
        cut = paragraph(f"The table lists the first {MAX_TABLE_ROWS:,} models; the figures above count them all.")
    body = "".join(_model_row(row) for row in shown)
    return f'{cut}{controls}<table class="sortable"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _model_row(row: ModelRow) -> str:
    url = hub_model_url(row.repo_id)
    link = f'<a href="{url}" rel="noopener noreferrer">open</a>' if url else '<span class="muted">–</span>'
    emissions = (
        f'<td class="num" data-sort="{row.emissions_g:.6g}">{for_markup(grams(row.emissions_g))}</td>'
        if row.emissions_g is not None
        else '<td class="num" data-sort="-1"><span class="muted">not reported</span></td>'
    )
    label = (
        f'<td data-sort="{row.label}"><span class="letter l{row.label}">{row.label}</span></td>'
        if row.label in tuple(LETTERS)
        else '<td data-sort="Z"><span class="muted">–</span></td>'
    )
    if row.errors is None:
        findings = '<td data-sort="-1"><span class="muted">not in export</span></td>'
        fixable = '<td class="num" data-sort="-1"><span class="muted">–</span></td>'
    else:
        count = (row.errors or 0) + (row.warnings or 0)
        words = f"{row.errors} error{'s' * (row.errors != 1)}, {row.warnings} warning{'s' * (row.warnings != 1)}"
        words += f", {row.infos} info" if row.infos else ""
        codes = f" ({', '.join(row.codes)})" if row.codes else ""
        listed = "".join(f"<li>{for_markup(message)}</li>" for message in row.messages)
        details = f"<details><summary>{for_markup(words + codes)}</summary><ul>{listed}</ul></details>"
        findings = f'<td data-sort="{count}">{details if listed else for_markup(words)}</td>'
        fixable = f'<td class="num" data-sort="{row.fixable or 0}">{"yes (" + str(row.fixable) + ")" if row.fixable else "no"}</td>'
    return (
        f'<tr data-class="{row.reporting_class.level}" data-fixable="{"yes" if row.fixable else "no"}">'
        f"<td>{for_markup(row.repo_id)}</td>"
        f'<td data-sort="{row.reporting_class.level}">{for_markup(row.reporting_class.label)}</td>'
        f"{emissions}{label}{findings}{fixable}<td>{link}</td></tr>"
    )
