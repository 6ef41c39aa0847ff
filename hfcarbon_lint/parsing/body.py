"""What the card body says about the run: template lines, tables, sentences (docs/reading.md).

The template writes ``- **Carbon Emitted:** [More Information Needed]``. The paper's regex
captures ``** …`` for such lines and so never reads a number from them; we accept the
bold label, a plain label, list bullets, any number of colons and a comment in
parentheses inside or after the label (``- **Carbon Emitted (Power consumption x Time x
Carbon produced based on location of power grid):** 11250 kg CO2 eq.``, the Stable
Diffusion family's line). Real cards also put the figure in a table's Total row (Llama)
and in sentences of an Environmental Impact section, and name the hardware outside the
template's line: those are read too, only when they are unambiguous (a wrong figure is
worse than none). Lines inside fenced code blocks and the text of HTML comments are not
read: a ```yaml fence in the body is not metadata.

Everything here runs in time linear in the body's length: comments and fences are found
with ``str.find`` and one pass over line starts, the patterns use possessive quantifiers
or a lookbehind that keeps a search from restarting inside a token (they cannot
backtrack), counts are bounded, and a line longer than ``MAX_LINE`` is not read.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from hfcarbon_lint.parsing.placeholders import is_placeholder
from hfcarbon_lint.parsing.quantities import ParsedEmission, parse_emission_text
from hfcarbon_lint.parsing.source import SourceText

# Body label -> field name. First match in the body wins, as in the paper, except that the
# template's own label wins over a looser one (``Hardware Type`` over ``Hardware``) and, for
# the emissions, the first line with a figure wins over lines without one.
BODY_LABELS: dict[str, str] = {
    "carbon emitted": "emissions",
    "co2 emissions": "emissions",  # AutoTrain: "- CO2 Emissions (in grams): 12.3"
    "co₂ emissions": "emissions",
    "co2 emitted": "emissions",
    "co2eq emissions": "emissions",
    "carbon emissions": "emissions",
    "carbon emission": "emissions",
    "carbon footprint": "emissions",
    "total emissions": "emissions",
    "total co2 emissions": "emissions",
    "total co₂ emissions": "emissions",
    "total carbon emissions": "emissions",
    "emissions": "emissions",
    "hardware type": "hardware_used",
    "hardware used": "hardware_used",
    "hardware": "hardware_used",
    "compute region": "geographical_location",
    "hours used": "hours_used",
    "cloud provider": "cloud_provider",
    "training type": "training_type",
}
# A body line longer than this is not read for a label, a value or a figure: no real
# template line is that long, a value cut short could be misread ("1 … kg" as 1 g), and
# it bounds the work per line.
MAX_LINE = 1000
_NOTE = r"[ \t]*+\((?P<{name}>[^()\n]{{0,300}}+)\)"

_LABEL_LINE = re.compile(
    r"[ \t]*+(?:[-*+][ \t]++)?+(?P<open>\*\*|__)?+[ \t]*+(?P<label>"
    + "|".join(sorted((re.escape(label) for label in BODY_LABELS), key=len, reverse=True))
    + r")(?:"
    + _NOTE.format(name="note")
    + r")?+[ \t]*+(?P<colon1>:++)?+[ \t]*+(?P<close>\*\*|__)?+(?:"
    + _NOTE.format(name="note2")
    + r")?+[ \t]*+(?P<colon2>:++)?+[ \t]*+(?P<value>.*)",
    re.IGNORECASE,
)
# Every label holds one of these (a label holding no other label): searching for them finds every label line.
_ROOT_LABELS = tuple(
    label for label in BODY_LABELS if not any(other != label and other in label for other in BODY_LABELS)
)
# Dotted and dotless i, long s, Kelvin sign: IGNORECASE folds them to ASCII letters, str.lower does not (or not in place).
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"
_FENCE = re.compile(r"^[ \t]{0,3}+(?:```|~~~)", re.MULTILINE)
_EMPHASIS = re.compile(r"^(?:\*\*|__)[ \t]*+|[ \t]*+(?:\*\*|__)$")


class BodyField(NamedTuple):
    name: str
    label: str
    raw_value: str  # as written, placeholders included
    line: int
    value_column: int
    end_column: int
    note: str = ""  # a comment in parentheses beside the label ("in grams"), or a table column's header
    kind: str = "line"  # "line" (a label line) | "table" (a table's total row) | "sentence"

    @property
    def is_placeholder(self) -> bool:
        return is_placeholder(self.raw_value)

    @property
    def where(self) -> str:
        """How a message names it: "the body's Carbon Emitted line (line 12)"."""
        if self.kind == "table":
            return f"the body's table ({self.note}, line {self.line})"
        if self.kind == "sentence":
            return f"the body's sentence on line {self.line}"
        return f"the body's {self.label} line (line {self.line})"

    def emission(self) -> ParsedEmission | None:
        """The figure this field states, unit read (from the label's comment when the value has none).

        A body figure needs a unit: ``Carbon Emitted: 13`` may be grams or kilograms (a
        wrong figure is worse than none). Metadata numbers are grams by the Hub spec.
        """
        return _body_emission(self.raw_value, self.note)


@functools.lru_cache(maxsize=256)
def _body_emission(raw_value: str, note: str) -> ParsedEmission | None:
    """BodyField.emission, remembered: several rules ask for the same line's figure."""
    if is_placeholder(raw_value):
        return None
    parsed = parse_emission_text(raw_value, _unit_hint(note))
    return parsed if parsed is not None and parsed.quantity.unit is not None else None


class BodyText:
    """The body with what a reader does not see marked: fenced code blocks and HTML comments.

    Built in one linear pass. A line is *visible* unless it is inside a fenced block (an
    unclosed fence hides the rest of the body, as in CommonMark); the text of a closed
    ``<!-- … -->`` comment is blanked with spaces so columns stay right. An unclosed
    ``<!--`` hides nothing (as before: most are typos in prose).
    """

    __slots__ = ("_comments", "_fences", "start", "text")

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.start = start
        self._comments = _comment_ranges(text, start)  # flat [start, end, start, end, ...], sorted
        self._fences = _fence_ranges(text, start)

    def hidden_line(self, line_start: int) -> bool:
        """Whether the line starting here is inside a fenced code block."""
        return _inside(line_start, self._fences)

    def visible(self, line_start: int, limit: int = MAX_LINE) -> str | None:
        """The line with comment text blanked, or None when it is longer than ``limit``."""
        end = self.text.find("\n", line_start, line_start + limit + 1)
        if end == -1:
            end = len(self.text)
            if end - line_start > limit:
                return None
        line = self.text[line_start:end]
        ranges = self._comments
        index = bisect.bisect_right(ranges, line_start)
        if index % 2 == 1:  # the line starts inside a comment
            index -= 1
        if index >= len(ranges) or ranges[index] >= end:
            return line
        chars = list(line)
        while index < len(ranges) and ranges[index] < end:
            low, high = max(ranges[index], line_start), min(ranges[index + 1], end)
            chars[low - line_start : high - line_start] = " " * (high - low)
            index += 2
        return "".join(chars)

    def lines(self, limit: int = MAX_LINE) -> list[tuple[int, str]]:
        """(offset, visible text) of every line outside fenced blocks up to ``limit`` characters long."""
        return list(self.iter_lines(limit))

    def iter_lines(self, limit: int = MAX_LINE) -> Iterator[tuple[int, str]]:
        """``lines()``, one at a time."""
        text = self.text
        offset = self.start
        if not self._comments and not self._fences:  # most bodies: no position needs checking
            for line in text[self.start :].split("\n"):
                if len(line) <= limit:
                    yield offset, line
                offset += len(line) + 1
            return
        while offset <= len(text):
            end = text.find("\n", offset)
            if not self.hidden_line(offset) and not _FENCE.match(text, offset):
                visible = self.visible(offset, limit)
                if visible is not None:
                    yield offset, visible
            if end == -1:
                break
            offset = end + 1


def read_body_fields(
    source: SourceText, body_offset: int, figure_elsewhere: bool = True, hardware_elsewhere: bool = True
) -> dict[str, BodyField]:
    """The template line for each field, with its position in the file.

    The emissions come from a label line when one states a figure, else (with
    ``figure_elsewhere``) from a table's total row or a sentence of an Environmental
    Impact section (see ``_table_figure`` and ``_sentence_figure``), else from the first
    label line (a placeholder, say). The hardware comes from a label line, else (with
    ``hardware_elsewhere``) from where a reader looks (``_hardware_elsewhere``). The
    caller turns the fallbacks off when the metadata already gives the value: they are
    read only to stand in for it.
    """
    text = source.text
    starts = _candidate_line_starts(text, body_offset)
    wanted = starts or (figure_elsewhere and _mentions_carbon(text, body_offset)) or hardware_elsewhere
    body = BodyText(text, body_offset) if wanted else None
    if body is None:
        return {}
    fields: dict[str, BodyField] = {}
    loose: dict[str, BodyField] = {}  # a looser label, or an emissions line without a figure
    figures: list[BodyField] = []  # emissions lines that state a figure
    for line_start in starts:
        if body.hidden_line(line_start):
            continue
        visible = body.visible(line_start)
        match = _LABEL_LINE.match(visible) if visible is not None else None
        if match is None:
            continue
        name = BODY_LABELS[match.group("label").lower()]
        if name in fields:
            continue
        value = match.group("value")
        stripped = _EMPHASIS.sub("", value.rstrip()).strip()
        position = source.position(line_start + match.start("value"))
        field = BodyField(
            name=name,
            label=match.group("label"),
            raw_value=stripped,
            line=position.line,
            value_column=position.column,
            end_column=position.column + len(value.rstrip()),
            note=(match.group("note") or match.group("note2") or "").strip(),
        )
        has_colon = bool(match.group("colon1") or match.group("colon2"))
        if name == "emissions":
            figure = field.emission()
            if figure is not None and (has_colon or _UNIT_NEXT.match(stripped)):
                figures.append(field)  # "Carbon emission 0.1 kg" is read; "Carbon emissions stats are logged" is prose
            elif has_colon:
                loose.setdefault(name, field)
            continue
        if not has_colon:
            continue
        if name == "hardware_used" and field.label.lower() == "hardware":
            loose.setdefault(name, field)
            continue
        fields[name] = field
    if figures:
        # A total wins over the runs listed before it ("Training: 0.016 g ... Total CO2 Emissions: 0.24 g").
        totals = [field for field in figures if field.label.lower().startswith("total")]
        fields["emissions"] = totals[0] if totals else figures[0]
    elif figure_elsewhere:
        found = _figure_elsewhere(source, body)
        if found is not None:
            fields["emissions"] = found
    for name, field in loose.items():
        fields.setdefault(name, field)
    hardware = fields.get("hardware_used")
    if hardware_elsewhere and (hardware is None or hardware.is_placeholder or not hardware.raw_value):
        found = _hardware_elsewhere(source, body, hardware)
        if found is not None:
            fields["hardware_used"] = found
    return fields


# A colonless emissions label is read only when a number and its unit follow it directly.
_UNIT_NEXT = re.compile(r"[~≈]?+[ \t]*+\d")


def _figure_elsewhere(source: SourceText, body: BodyText) -> BodyField | None:
    """A table's Total row or a sentence; when both state a figure and they differ, nothing is clear."""
    table = _table_figure(source, body)
    sentence = _sentence_figure(source, body)
    if table is None or sentence is None:
        return table or sentence
    table_g, sentence_g = table.emission(), sentence.emission()
    if table_g is None or sentence_g is None:
        return None
    low, high = sorted((table_g.quantity.grams, sentence_g.quantity.grams))
    return table if high - low <= 0.01 * high + table_g.precision_g + sentence_g.precision_g else None


_HARDWARE_HEADING = ("hardware", "compute infrastructure")
_HARDWARE_KEYS = ("hardware", "gpu", "cpu", "sku", "device", "accelerator")
MAX_HARDWARE_LINES = 50
_HARDWARE_WORDS = ("hardware", "gpu", "cpu", "sku", "device", "accelerator", "compute infrastructure")
# How far a reader looks for hardware below an empty label or a Hardware heading.
_HARDWARE_REACH = 8


def _hardware_elsewhere(source: SourceText, body: BodyText, empty: BodyField | None) -> BodyField | None:
    """The training hardware named where a reader looks when no label gives it.

    Below an empty ``Hardware Type:`` / ``Hardware Used:`` label (a nested list, ``CPU
    Model: ...``), in a section headed Hardware or Compute Infrastructure, in a key/value
    table row keyed by hardware, GPU, CPU or SKU, or in a sentence of a carbon section or
    one that speaks of emissions ("computation on hardware of type A100-80GB"). Only a
    line naming a recognised CPU, GPU or TPU model counts; a placeholder never does. At
    most ``MAX_HARDWARE_LINES`` lines are tried.
    """
    text = body.text
    lowered = text[body.start :].lower()
    if not any(word in lowered for word in _HARDWARE_WORDS):
        return None  # every place looked at names one of these words
    from hfcarbon_lint.hardware.devices import read_hardware  # only for cards without a hardware line

    headings = [(m.start(), len(m.group(1)), m.group(2).lower()) for m in _heading().finditer(text, body.start)]
    heading_starts = [start for start, _, _ in headings]

    def following(line_start: int) -> Iterator[int]:
        """The starts of the lines after this one, up to _HARDWARE_REACH of them or a heading."""
        for _ in range(_HARDWARE_REACH):
            end = text.find("\n", line_start)
            if end == -1:
                return
            line_start = end + 1
            if _heading().match(text, line_start):
                return
            yield line_start

    def candidates() -> Iterator[int]:
        if empty is not None and not empty.raw_value:
            yield from following(source.line_starts[empty.line - 1])
        for start, _, title in headings:
            if any(word in title for word in _HARDWARE_HEADING):
                yield from following(start)
        for offset, line in body.iter_lines():
            lowered = line.lower()
            if line.lstrip().startswith("|"):
                if any(word in _plain(_cells(line)[0]) for word in _HARDWARE_KEYS):
                    yield offset  # "| AzureML SKU | ND40rs_v2 (8 X V100 32GB) |", "| gpu_model | ... |"
            elif ("hardware" in lowered or "gpu" in lowered) and (
                any(word in lowered for word in _STATEMENT_WORDS)
                or _in_carbon_section(text, headings, heading_starts, offset)
            ):
                yield offset

    tried: set[int] = set()
    for offset in candidates():
        if offset in tried:
            continue
        tried.add(offset)
        if len(tried) > MAX_HARDWARE_LINES:
            return None
        line = _line_at(body, offset)
        if line is None or not line.strip() or _heading().match(line) or is_placeholder(line):
            continue
        if not read_hardware(line).recognised:
            continue
        stripped = line.strip().lstrip("-*+ ").strip()
        column = line.find(stripped)
        position = source.position(offset + max(column, 0))
        return BodyField(
            name="hardware_used",
            label="hardware",
            raw_value=stripped,
            line=position.line,
            value_column=position.column,
            end_column=position.column + len(stripped),
            kind="sentence",
        )
    return None


def _mentions_carbon(text: str, start: int) -> bool:
    return _carbon_figure().search(text, start) is not None or _separator_row().search(text, start) is not None


# A table's separator row: two or more cells of dashes with optional alignment colons. This and the
# expressions below are compiled on first use: only cards with tables or figures in prose need them.
@functools.cache
def _separator_row() -> re.Pattern[str]:
    return re.compile(r"^[ \t]*+\|?+[ \t]*+:?+-++:?+[ \t]*+(?:\|[ \t]*+:?+-++:?+[ \t]*+)++\|?+[ \t]*+$", re.MULTILINE)


_CARBON_WORDS = ("carbon", "co2", "co₂", "emission", "emitted")
_NOT_CARBON = ("energy", "power", "intensity", "kwh", "/h", "per ", "offset", "market", "cost", "price")
# Past these, a card is not read for more tables or figures: so many are not one clear statement.
MAX_TABLES = 50
MAX_ROWS = 1000
MAX_FIGURES = 50


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def _plain(cell: str) -> str:
    return cell.replace("**", "").replace("__", "").replace("`", "").strip().lower()


def _line_at(body: BodyText, line_start: int) -> str | None:
    """The visible line starting at ``line_start``, or None when it is hidden or too long."""
    if line_start < body.start or body.hidden_line(line_start):
        return None
    return body.visible(line_start)


def _table_figure(source: SourceText, body: BodyText) -> BodyField | None:
    """A Markdown table with one carbon column (its header names carbon and a unit): its Total row's cell.

    Without a Total row, a table of exactly one data row gives that row's cell. Two carbon
    columns (location- and market-based, say), several tables with different figures, or
    a column without a unit are not clear: nothing is read.
    """
    text = body.text
    found: list[BodyField] = []
    for tables, separator in enumerate(_separator_row().finditer(text, body.start)):
        if tables >= MAX_TABLES:
            return None
        if separator.start() == 0:
            continue
        header_start = text.rfind("\n", 0, separator.start() - 1) + 1
        header = _line_at(body, header_start)
        if header is None or "|" not in header or _line_at(body, separator.start()) is None:
            continue
        header_cells = _cells(header)
        carbon = [
            column
            for column, cell in enumerate(header_cells)
            if any(word in _plain(cell) for word in _CARBON_WORDS) and not any(w in _plain(cell) for w in _NOT_CARBON)
        ]
        if len(carbon) > 1:
            continue
        rows: list[tuple[int, str]] = []
        row_start = separator.end() + 1
        while row_start < len(text) and len(rows) <= MAX_ROWS:
            row = _line_at(body, row_start)
            if row is None or "|" not in row or not row.strip():
                break
            rows.append((row_start, row))
            row_start = text.find("\n", row_start)
            if row_start == -1:
                break
            row_start += 1
        if carbon:
            column = carbon[0]
            unit_hint = header_cells[column]
            totals = [row for row in rows if _plain(_cells(row[1])[0]).startswith("total")]
            chosen = totals[0] if len(totals) == 1 else (rows[0] if len(rows) == 1 and not totals else None)
        else:
            column, unit_hint, chosen = 1, CODECARBON_NOTE, _codecarbon_emissions_row(rows)
        if chosen is None:
            continue
        row_offset, row_text = chosen
        cells = _cells(row_text)
        if column >= len(cells) or not cells[column]:
            continue
        cell = _EMPHASIS.sub("", cells[column]).strip()
        figure = parse_emission_text(cell, _unit_hint(unit_hint))
        if figure is None or figure.quantity.unit is None or figure.quantity.grams <= 0:
            continue
        cell_start = row_text.find(cells[column])
        position = source.position(row_offset + max(cell_start, 0))
        found.append(
            BodyField(
                name="emissions",
                label=_plain(unit_hint) or "table",
                raw_value=cell,
                line=position.line,
                value_column=position.column,
                end_column=position.column + len(cells[column]),
                note=unit_hint.replace("**", "").strip(),
                kind="table",
            )
        )
    if len({(f.raw_value, f.note) for f in found}) != 1:
        return None
    return found[0]


# CodeCarbon's output written as a key/value table: its ``emissions`` is in kilograms (CodeCarbon's unit).
CODECARBON_NOTE = "CodeCarbon emissions, kg"
_CODECARBON_KEYS = frozenset(
    {
        "energy_consumed",
        "emissions_rate",
        "codecarbon_version",
        "cpu_energy",
        "gpu_energy",
        "ram_energy",
        "duration",
        "timestamp",
        "country_name",
        "country_iso_code",
    }
)


def _codecarbon_emissions_row(rows: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The ``emissions`` row of a two-column table holding CodeCarbon's own keys, if it is one."""
    keyed = {_plain(cells[0]): (offset, row) for offset, row in rows if len(cells := _cells(row)) == 2}
    if "emissions" not in keyed or "energy_consumed" not in keyed or len(_CODECARBON_KEYS & keyed.keys()) < 3:
        return None
    return keyed["emissions"]


@functools.cache
def _heading() -> re.Pattern[str]:
    return re.compile(r"^[ \t]{0,3}+(#{1,6}+)[ \t]++([^\n]{0,200}+)", re.MULTILINE)


@functools.cache
def _bold_lead() -> re.Pattern[str]:
    return re.compile(r"[ \t]*+(?:[-*+][ \t]++)?+(?:\*\*|__)([^*_\n]{1,80}+)(?:\*\*|__)")


_SECTION_WORDS = ("environmental impact", "carbon", "co2", "co₂", "emission", "greenhouse", "environmental")
# A figure with a unit of mass and CO2 after it: "11.25 tonnes of CO2eq", "2290 tCO2eq", "5 kg CO₂e".
# The lookbehind keeps the search linear: it never restarts inside a run of digits.


@functools.cache
def _carbon_figure() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})++(?:\.\d++)?+|\d++(?:[.,]\d++)?+)(?:\*\*|__)?+[ \t]*+"
        r"(?:(?:metric[ \t]++)?(?:tonnes?|tons?)|kilo(?:gram(?:me)?)?s?|kgs?|gram(?:me)?s?|lbs?|pounds?|t|g)"
        r"[ \t]*+(?:of[ \t]++)?(?:co2|co₂|carbon|ghg)",
        re.IGNORECASE,
    )


@functools.cache
def _bound_before() -> re.Pattern[str]:
    return re.compile(
        r"(?:<=?|>=?|≤|≥|&lt;|&gt;|less than|fewer than|lower than|more than|greater than|under|below|over|above|up to"
        r"|at most|at least|no more than|exceeding)[ \t]*+(?:~|about|approximately|roughly)?[ \t]*+$",
        re.IGNORECASE,
    )


@functools.cache
def _range_before() -> re.Pattern[str]:
    return re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})++|\d++)(?:[.,]\d++)?+[ \t]*+(?:-|–|—|to|and)[ \t]*+$")


@functools.cache
def _rate_after() -> re.Pattern[str]:
    return re.compile(r"[\w₂.\- \t]{0,12}?(?:/|\bper\b)", re.IGNORECASE)


# Lines that compare or convert are not the model's own statement: nothing is read from them.
_NOT_A_STATEMENT = ("compar", " vs", "versus", "equivalent to", "similar to", " than ", "would ", "could ")
# A line with one of these states emissions wherever it is ("We estimated the total emissions at 580.61 kgCO2eq").
_STATEMENT_WORDS = ("emission", "emitted", "footprint")
# A bold paragraph lead ("**Carbon Footprint** ...") governs figures this far below it.
_PARAGRAPH_REACH = 2000


def _sentence_figure(source: SourceText, body: BodyText) -> BodyField | None:
    """A figure in a sentence of an Environmental Impact / Carbon Footprint section.

    A section is a heading naming carbon, emissions or the environment, up to the next
    heading of its level or above, or a paragraph led by such a bold label
    (``**Carbon Footprint**``); elsewhere, a line that itself speaks of emissions. Read only when the sections state one figure (zero
    aside: a market-based 0 t is not the run's emissions), or several of which one is
    on a line saying "total". Bounds, rates (g/kWh), ranges' upper ends, table rows
    and lines that compare or convert ("equivalent to", "than") are not figures.
    """
    text = body.text
    headings = [(m.start(), len(m.group(1)), m.group(2).lower()) for m in _heading().finditer(text, body.start)]
    heading_starts = [start for start, _, _ in headings]
    candidates: list[tuple[BodyField, float, bool]] = []
    count = 0
    for match in _carbon_figure().finditer(text, body.start):
        count += 1
        if count > MAX_FIGURES:
            return None
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = _line_at(body, line_start)
        if line is None or line.lstrip().startswith("|"):
            continue
        lowered = line.lower()
        if not any(word in lowered for word in _STATEMENT_WORDS) and not _in_carbon_section(
            text, headings, heading_starts, line_start
        ):
            continue
        if any(word in lowered for word in _NOT_A_STATEMENT):
            continue
        start, end = match.start() - line_start, match.end() - line_start
        if line[start:end] != match.group(0):
            continue  # inside a comment
        before = line[max(0, start - 30) : start]
        if _bound_before().search(before) or _rate_after().match(line, end):
            continue
        range_start = _range_before().search(before)
        if range_start is not None:
            start -= len(before) - range_start.start()
        raw = line[start:end]
        figure = parse_emission_text(raw)
        if figure is None or figure.quantity.unit is None or figure.quantity.grams <= 0:
            continue
        position = source.position(line_start + start)
        field = BodyField(
            name="emissions",
            label="sentence",
            raw_value=raw,
            line=position.line,
            value_column=position.column,
            end_column=position.column + len(raw),
            kind="sentence",
        )
        candidates.append((field, figure.quantity.grams, "total" in lowered))
    distinct = {grams for _, grams, _ in candidates}
    if len(distinct) == 1:
        return candidates[0][0]
    totals = [(field, grams) for field, grams, total in candidates if total]
    if totals and len({grams for _, grams in totals}) == 1:
        return totals[0][0]
    return None


def _in_carbon_section(
    text: str, headings: list[tuple[int, int, str]], heading_starts: list[int], line_start: int
) -> bool:
    """Whether the line is under a carbon heading, or in a paragraph led by a bold carbon label."""
    index = bisect.bisect_right(heading_starts, line_start) - 1
    level_limit = 7
    while index >= 0:  # walk up the enclosing headings (each step a strictly higher level)
        _, level, title = headings[index]
        if level < level_limit:
            if any(word in title for word in _SECTION_WORDS):
                return True
            level_limit = level
            if level == 1:
                break
        index -= 1
        if level_limit == 1:
            break
    paragraph_start = text.rfind("\n\n", max(0, line_start - _PARAGRAPH_REACH), line_start)
    if paragraph_start == -1 and line_start > _PARAGRAPH_REACH:
        return False
    lead_start = paragraph_start + 2 if paragraph_start != -1 else text.rfind("\n", 0, line_start) + 1
    lead = _bold_lead().match(text, lead_start)
    return lead is not None and any(word in lead.group(1).lower() for word in _SECTION_WORDS)


def _unit_hint(note: str) -> str | None:
    """The unit named by a label's comment or a column header: "(in grams)", "Carbon Emitted(tCO2eq)"."""
    if "(" in note:
        note = note[note.rfind("(") + 1 :].rstrip(")")
    note = note.strip()
    return note if 0 < len(note) <= 40 else None


def _candidate_line_starts(text: str, start: int) -> list[int]:
    """Starts of the body lines that hold a label, found at C speed with ``str.lower``.

    ``str.lower`` agrees with the regex's IGNORECASE, index for index, unless the text
    holds one of the four characters that fold to an ASCII letter only in the regex or
    change length in ``lower`` (checked over all of Unicode by a test); such text takes
    every line.
    """
    if any(char in text for char in _FOLDS_TO_ASCII):
        return _line_starts(text, start)
    lowered = text.lower()
    line_starts: set[int] = set()
    for label in _ROOT_LABELS:
        found = lowered.find(label, start)
        while found != -1:
            line_starts.add(max(start, text.rfind("\n", 0, found) + 1))
            found = lowered.find(label, text.find("\n", found) + 1 or len(text))
    return sorted(line_starts)


def _line_starts(text: str, start: int) -> list[int]:
    starts = [start]
    found = text.find("\n", start)
    while found != -1:
        starts.append(found + 1)
        found = text.find("\n", found + 1)
    return starts


def _comment_ranges(text: str, start: int) -> list[int]:
    """Closed ``<!-- … -->`` comments from ``start``, as a flat sorted list of bounds."""
    bounds: list[int] = []
    opening = text.find("<!--", start)
    while opening != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            break  # no later comment can close either
        bounds += (opening, closing + 3)
        opening = text.find("<!--", closing + 3)
    return bounds


def _fence_ranges(text: str, start: int) -> list[int]:
    """Fenced blocks as a flat sorted list of bounds: openers pair with the next fence line."""
    fences = [m.start() for m in _FENCE.finditer(text, start)]
    if len(fences) % 2:
        fences.append(len(text))
    return fences


def _inside(offset: int, bounds: list[int]) -> bool:
    return bisect.bisect_right(bounds, offset) % 2 == 1
