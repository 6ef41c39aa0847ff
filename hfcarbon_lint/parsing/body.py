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

from hfcarbon_lint.parsing.placeholders import example_spans, is_placeholder, strip_examples
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

# Words that qualify a label without changing what it names: "**Training emissions:**",
# "Estimated carbon footprint:" (a prefix), "Emissions as CO2-equivalents (in kg):", "Emissions in kg:"
# (a qualifier, which names the unit when it names one).
_PREFIX = r"(?P<prefix>(?:(?:training|estimated|measured|fine-?tuning|pre-?training|approximate)[ \t]++){0,2}+)"
_QUALIFIER = (
    r"(?P<qualifier>[ \t]++(?:as|in)[ \t]++(?:co2|co₂|carbon|kg|g|grams?|kilograms?|tonnes?|t)"
    r"(?![^\W\d_])[\w₂.\-]{0,20}+(?:[ \t]++(?:eq|equivalents?)(?![\w-]))?+)?+"
)
# A label ends with colons, or with "=" ("Total Emissions (tCO2e) = 0.8075").
_SEPARATOR = r"(?::++|=(?!=))"

_LABEL_LINE = re.compile(
    r"[ \t]*+(?:[-*+][ \t]++)?+(?P<open>\*\*|__)?+[ \t]*+"
    + _PREFIX
    + r"(?P<label>"
    + "|".join(sorted((re.escape(label) for label in BODY_LABELS), key=len, reverse=True))
    + r")"
    + _QUALIFIER
    + r"(?:"
    + _NOTE.format(name="note")
    + r")?+[ \t]*+(?P<colon1>"
    + _SEPARATOR
    + r")?+[ \t]*+(?P<close>\*\*|__)?+(?:"
    + _NOTE.format(name="note2")
    + r")?+[ \t]*+(?P<colon2>"
    + _SEPARATOR
    + r")?+[ \t]*+(?P<value>.*)",
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
    raw_value: str  # as written, placeholders included (bracketed examples and instructions removed)
    line: int
    value_column: int
    end_column: int
    note: str = ""  # a comment in parentheses beside the label ("in grams"), or a table column's header
    kind: str = "line"  # "line" (a label line) | "table" (a table's total row) | "sentence"
    # Why a careful reader would not copy this figure as it stands, or "" (see ``_doubt``): the
    # reading keeps the figure, the unsafe fix that writes it into the metadata does not.
    doubt: str = ""
    # A figure written without a unit, read in the unit its section states: that statement's line and text.
    unit_line: int = 0
    unit_statement: str = ""

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
    parsed = parse_emission_text(chain_result(raw_value), _unit_hint(note))
    return parsed if parsed is not None and parsed.quantity.unit is not None else None


def chain_result(value: str) -> str:
    """The result of an arithmetic chain, else the value: what follows its last "=".

    ``250W x 10h = 2.5 kWh x 0.57 kg eq. CO2/kWh = 1.42 kg eq. CO2`` states 1.42 kg; the
    numbers before are its inputs. A chain starts with a product or a quotient before
    its first "=" (``x``, ``×``, ``*``, ``/``); ``0.5 kg (PUE = 1.1)`` is no chain.
    """
    if "=" not in value:
        return value
    head, _, _ = value.partition("=")
    if _chain_operator().search(head) is None:
        return value
    return value.rpartition("=")[2]


@functools.cache
def _chain_operator() -> re.Pattern[str]:
    return re.compile(r"\d[^=\n]{0,40}?(?:[×*/]|(?<![^\W\d_])x(?![^\W\d_]))[ \t]*+[\d(~]", re.IGNORECASE)


class BodyText:
    """The body with what a reader does not see marked: fenced code blocks and HTML comments.

    Built in one linear pass. A line is *visible* unless it is inside a fenced block (an
    unclosed fence hides the rest of the body, as in CommonMark); the text of a closed
    ``<!-- … -->`` comment is blanked with spaces so columns stay right. An unclosed
    ``<!--`` hides nothing (as before: most are typos in prose).
    """

    __slots__ = ("_comments", "_fences", "_foreign", "_headings", "_lowered", "start", "text")

    def __init__(self, text: str, start: int, lowered: str | None = None) -> None:
        self.text = text
        self.start = start
        self._comments = _comment_ranges(text, start)  # flat [start, end, start, end, ...], sorted
        self._fences = _fence_ranges(text, start)
        self._foreign: list[int] | None = None
        self._lowered = lowered  # text[start:].lower(), when the caller has it already
        self._headings: list[tuple[int, int, str]] | None = None

    def foreign(self, offset: int) -> bool:
        """Whether the offset is in a section about another model: one headed "Base Model" (a fine-tune
        that copies its base model's card below such a heading states that model's emissions and hardware)."""
        if self._foreign is None:
            self._foreign = _base_model_ranges(self.text, self.start)
        return _inside(offset, self._foreign)

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

    def lowered(self) -> str:
        """The body lower-cased (from ``start``), made once: word checks run at C speed on it."""
        if self._lowered is None:
            self._lowered = self.text[self.start :].lower()
        return self._lowered

    def names_any(self, words: tuple[str, ...]) -> bool:
        """Whether the body's lower-cased text holds one of ``words`` (comments and code included)."""
        lowered = self.lowered()
        return any(word in lowered for word in words)

    def may_name(self, words: tuple[str, ...]) -> bool:
        """Whether an IGNORECASE expression that needs one of ``words`` can match the body.

        ``names_any``, except that a body holding a character re folds to an ASCII letter
        and ``str.lower`` does not (dotless i, long s, ...) always may.
        """
        return self.names_any(words) or any(char in self.text[self.start :] for char in _FOLDS_TO_ASCII)

    def headings(self) -> list[tuple[int, int, str]]:
        """(offset, level, lower-cased title) of every ATX heading in the body, found once."""
        if self._headings is None:
            self._headings = [
                (m.start(), len(m.group(1)), m.group(2).lower()) for m in _heading().finditer(self.text, self.start)
            ]
        return self._headings

    def lines_naming(self, words: tuple[str, ...], limit: int = MAX_LINE) -> Iterator[tuple[int, str]]:
        """``iter_lines()`` restricted to the lines whose visible lower-cased text holds one of ``words``.

        The words are found in the lower-cased text at C speed, so only their lines are
        visited: most of a long card names no hardware. When lower-casing changes the
        text's length (U+0130 becomes two characters) offsets would not line up, so every
        line is visited instead.
        """
        text = self.text
        lowered = self.lowered()
        if len(lowered) != len(text) - self.start:
            for offset, line in self.iter_lines(limit):
                low = line.lower()
                if any(word in low for word in words):
                    yield offset, line
            return
        for offset in _line_starts_holding(text, lowered, self.start, words):
            if self.hidden_line(offset) or _FENCE.match(text, offset):
                continue
            visible = self.visible(offset, limit)
            if visible is not None and any(word in visible.lower() for word in words):  # not only in a comment
                yield offset, visible

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
    lowered = text[body_offset:].lower()
    wanted = starts or (figure_elsewhere and _mentions_carbon(text, body_offset, lowered)) or hardware_elsewhere
    body = BodyText(text, body_offset, lowered) if wanted else None
    if body is None:
        return {}
    fields: dict[str, BodyField] = {}
    loose: dict[str, BodyField] = {}  # a looser label, or an emissions line without a figure
    figures: list[BodyField] = []  # emissions lines that state a figure
    unit_lookups = 0
    for line_start in starts:
        if body.hidden_line(line_start) or body.foreign(line_start):
            continue
        visible = body.visible(line_start)
        match = _LABEL_LINE.match(visible) if visible is not None else None
        if match is None:
            continue
        name = BODY_LABELS[match.group("label").lower()]
        if name in fields:
            continue
        value = match.group("value")
        stripped = strip_examples(_EMPHASIS.sub("", value.rstrip()).strip())
        position = source.position(line_start + match.start("value"))
        field = BodyField(
            name=name,
            label=match.group("prefix") + match.group("label") + (match.group("qualifier") or ""),
            raw_value=stripped,
            line=position.line,
            value_column=position.column,
            end_column=position.column + len(value.rstrip()),
            note=(match.group("note") or match.group("note2") or match.group("qualifier") or "").strip(),
        )
        has_colon = bool(match.group("colon1") or match.group("colon2"))
        if name == "emissions":
            figure = field.emission()
            if figure is None and has_colon and unit_lookups < MAX_UNIT_LOOKUPS and _bare_number().fullmatch(stripped):
                unit_lookups += 1
                stated = _stated_unit(source, body, line_start)  # "Carbon Emitted: 13" below "(in grams of CO2eq)"
                if stated is not None:
                    field = field._replace(note=stated[0], unit_line=stated[1], unit_statement=stated[2])
                    figure = field.emission()
            if figure is not None and (has_colon or re.match(_UNIT_NEXT, stripped)):
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
        chosen = totals[0] if totals else figures[0]
        others = figures if not totals else totals
        if figure_elsewhere:  # only a card whose metadata gives no figure needs the doubt, and pays for it
            elsewhere = _figure_elsewhere(source, body)
            others = [*others, elsewhere] if elsewhere is not None else others
        fields["emissions"] = chosen._replace(doubt=_doubt(chosen, others))
    elif figure_elsewhere:
        found = _figure_elsewhere(source, body)
        if found is not None:
            fields["emissions"] = found
    if figures and _per_model_statements(body):
        fields.pop("emissions", None)  # several models' statements: the label lines are not clearly this card's
    elif figures and _estimate_declared_a_bound(body):
        fields.pop("emissions", None)  # "This estimate is the maximum ...": a bound in words, as "< 5 kg" is
    for name, field in loose.items():
        fields.setdefault(name, field)
    hardware = fields.get("hardware_used")
    if hardware_elsewhere and (hardware is None or hardware.is_placeholder or not hardware.raw_value):
        found = _hardware_in_cloud_provider(fields.get("cloud_provider")) or _hardware_elsewhere(source, body, hardware)
        if found is not None:
            fields["hardware_used"] = found
    return fields


@functools.cache
def _accelerator_word() -> re.Pattern[str]:
    # "tpu-v8s", "TPU v3-8", "GPU": a kind of accelerator named as a word of its own
    return re.compile(r"(?<![\w-])(?:tpu|gpu)s?+(?:[- ]?+v?+\d[\w-]{0,10}+)?+(?![\w])", re.IGNORECASE)


def _hardware_in_cloud_provider(cloud: BodyField | None) -> BodyField | None:
    """The accelerator the template's Cloud Provider line names, when the hardware line names none.

    "Cloud Provider: GCP tpu-v8s", "Cloud Provider: Kaggle (Dual T4)": the author put the
    hardware beside the provider. A provider alone ("AWS", "runpod.io") names no hardware.
    Read as prose is (kind "sentence"): it is not a hardware field to fix.
    """
    if cloud is None or cloud.is_placeholder:
        return None
    from hfcarbon_lint.hardware.devices import read_hardware  # only for cards without a hardware line

    value = strip_examples(cloud.raw_value)
    if not read_hardware(value).recognised and _accelerator_word().search(value) is None:
        return None
    return cloud._replace(name="hardware_used", raw_value=value, kind="sentence")


def _doubt(chosen: BodyField, others: list[BodyField]) -> str:
    """Another statement of the emissions whose figure differs from the chosen one, named; else ""."""
    figure = chosen.emission()
    if figure is None:
        return ""
    for other in others:
        found = other.emission()
        if found is None or other is chosen:
            continue
        low, high = sorted((figure.quantity.grams, found.quantity.grams))
        if high - low > 0.01 * high + figure.precision_g + found.precision_g:
            return f"{other.where} says {other.raw_value!r}"
    return ""


# A figure alone on a label line: a number, maybe hedged, maybe with a comment ("13", "~ 0.11", "3.5 (estimated)").
@functools.cache
def _bare_number() -> re.Pattern[str]:
    return re.compile(
        r"(?:[~≈∼][ \t]*+|(?:about|approx\.?|approximately|roughly|estimated|circa)[ \t]++)?+"
        r"(?:\d{1,3}(?:,\d{3})++|\d++)(?:\.\d++)?+[ \t]*+(?:\([^()\n]{0,100}+\))?+[ \t.]*+",
        re.IGNORECASE,
    )


# A section's statement of the unit its figures are in: the model-card template's comment
# "Total emissions (in grams of CO2eq) and additional considerations ... go here", or
# "Emissions are reported in kg". Searched from the section's heading to the figure, comments included.
@functools.cache
def _unit_statement() -> re.Pattern[str]:
    return re.compile(
        r"(?<![^\W\d_])(?:emissions?|emitted|carbon footprint)[ \t]*+(?:\([ \t]*+|,[ \t]*+)?+"
        r"(?:(?:are|is)[ \t]++)?+(?:(?:given|reported|stated|shown|expressed|written|measured)[ \t]++)?+"
        r"in[ \t]++(?P<unit>grams?|g|kilograms?|kg|tonnes?|metric[ \t]++tons?|t)(?![^\W\d_])",
        re.IGNORECASE,
    )


# How far above a figure a section's unit statement is looked for, and for how many figures
# without a unit (each look reads up to _STATEMENT_REACH characters: bounded, so linear).
_STATEMENT_REACH = 5000
MAX_UNIT_LOOKUPS = 10


def _stated_unit(source: SourceText, body: BodyText, line_start: int) -> tuple[str, int, str] | None:
    """The unit the figure's section states, as (a unit hint, its line, the statement), or None.

    The section runs from the nearest heading above the figure (or the body's start) to the
    figure's line; the last statement in it counts. HTML comments are read here: the
    template states its unit in one.
    """
    text = body.text
    start = max(body.start, line_start - _STATEMENT_REACH)
    heading = _last(_heading().finditer(text, start, line_start))
    if heading is not None:
        start = heading.start()
    found = _last(_unit_statement().finditer(text, start, line_start))
    if found is None:
        return None
    # Quoted as a reader would: a word or two before, up to the comment's closing parenthesis.
    line_start_of = text.rfind("\n", 0, found.start()) + 1
    before = text[max(line_start_of, found.start() - 30) : found.start()].replace("<!--", " ").split()[-2:]
    end = found.end()
    if "(" in found.group(0):
        closing = text.find(")", end, end + 30)
        end = closing + 1 if closing != -1 else end
    statement = " ".join([*before, *text[found.start() : end].split()])
    return f"in {found.group('unit')}", source.position(found.start()).line, statement


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in matches:  # noqa: B007 - the loop keeps the last one
        pass
    return last


# A colonless emissions label is read only when a number and its unit follow it directly.
_UNIT_NEXT = r"[~≈]?+[ \t]*+\d"  # compiled on first use (re's cache): most labels have a colon


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
_HARDWARE_LABEL_WORDS = ("gpu", "tpu", "accelerator", "training hardware")
_HARDWARE_LINE_WORDS = ("hardware", "gpu", "cpu", "sku", "device", "accelerator", "tpu")
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
    if not body.names_any(_HARDWARE_WORDS):
        return None  # every place looked at names one of these words
    from hfcarbon_lint.hardware.devices import read_hardware  # only for cards without a hardware line

    headings = body.headings()
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

    def candidates() -> Iterator[tuple[int, bool]]:
        """(line start, whether it is a carbon sentence, where a generic "GPU" the run was trained on counts)."""
        if empty is not None and not empty.raw_value:
            yield from ((start, False) for start in following(source.line_starts[empty.line - 1]))
        for start, _, title in headings:
            if any(word in title for word in _HARDWARE_HEADING):
                yield from ((start, False) for start in following(start))
        # Every line taken below names one of these words (a key of _HARDWARE_KEYS or _HARDWARE_LABEL_WORDS).
        for offset, line in body.lines_naming(_HARDWARE_LINE_WORDS):
            lowered = line.lower()
            if line.lstrip().startswith("|"):
                if any(word in _plain(_cells(line)[0]) for word in _HARDWARE_KEYS):
                    yield offset, False  # "| AzureML SKU | ND40rs_v2 (8 X V100 32GB) |", "| gpu_model | ... |"
            elif ("hardware" in lowered or "gpu" in lowered) and (
                any(word in lowered for word in _STATEMENT_WORDS)
                or _in_carbon_section(text, headings, heading_starts, offset)
            ):
                yield offset, True
            elif any(word in lowered for word in _HARDWARE_LABEL_WORDS) and _hardware_label().match(line):
                yield offset, False  # "**GPU:** 1x A100", "GPU used : NVIDIA T4", "- Training Hardware: 8 x V100"

    tried: set[int] = set()
    generic: BodyField | None = None  # "fine-tuned using an Intel GPU (XPU)": used when no model is named
    for offset, prose in candidates():
        if offset in tried:
            continue
        tried.add(offset)
        if len(tried) > MAX_HARDWARE_LINES:
            break
        line = _line_at(body, offset)
        if line is None or not line.strip() or _heading().match(line) or is_placeholder(line) or body.foreign(offset):
            continue
        if not read_hardware(strip_examples(line)).recognised:  # "- GPU: [e.g., NVIDIA V100]" names no GPU
            if prose and generic is None:
                named = _trained_on_generic(strip_examples(line))
                if named is not None:
                    column = line.find(named)
                    position = source.position(offset + max(column, 0))
                    generic = BodyField(
                        name="hardware_used",
                        label="hardware",
                        raw_value=named,
                        line=position.line,
                        value_column=position.column,
                        end_column=position.column + len(named),
                        kind="sentence",
                    )
            continue
        stripped = _hardware_value(line)
        column = line.find(stripped)
        position = source.position(offset + max(column, 0))
        return BodyField(
            name="hardware_used",
            label="hardware",
            raw_value=strip_examples(stripped),
            line=position.line,
            value_column=position.column,
            end_column=position.column + len(stripped),
            kind="sentence",
        )
    return generic


# Generic accelerators a carbon sentence may say the run was trained on, and the verbs that say so.
_GENERIC_DEVICES = ("gpu", "tpu", "xpu")
_TRAINING_VERBS = ("trained", "fine-tuned", "finetuned", "fine tuned", "pre-trained", "pretrained")
_PREPOSITIONS = (" using ", " on ", " with ")


def _trained_on_generic(line: str) -> str | None:
    """What a sentence says the model was trained on, when it names only a kind of device.

    "The model was fine-tuned using an Intel GPU (XPU)." gives "Intel GPU (XPU)": the
    verb, then "using"/"on"/"with", then the device word, within one sentence and 80
    characters. Plain string searches, at most five per device word and line.
    """
    lowered = line.lower()
    for word in _GENERIC_DEVICES:
        position = lowered.find(word)
        for _ in range(5):
            if position == -1:
                break
            end = position + len(word)
            whole = (position == 0 or not lowered[position - 1].isalnum()) and not lowered[end : end + 1].isalpha()
            if lowered[end : end + 1] == "s":  # "GPUs"
                whole, end = (position == 0 or not lowered[position - 1].isalnum()), end + 1
            if whole:
                sentence = max(lowered.rfind(". ", 0, position) + 2, position - 80, 0)
                window = lowered[sentence:position]
                verb = max(window.rfind(v) for v in _TRAINING_VERBS)
                preposition = max(window.rfind(p) for p in _PREPOSITIONS)
                if verb != -1 and preposition > verb:
                    start = lowered.index(" ", sentence + preposition + 1) + 1  # past the preposition
                    for article in ("an ", "a ", "the ", "one "):
                        if lowered.startswith(article, start):
                            start += len(article)
                            break
                    if lowered[end : end + 2] == " (" and ")" in lowered[end : end + 20]:
                        end = lowered.index(")", end) + 1
                    named = line[start:end].strip()
                    if named:
                        return named
            position = lowered.find(word, end)
    return None


# A label line naming the training hardware outside the template: "**GPU:** 1x A100", "GPU used :
# NVIDIA T4", "- Training GPUs: 8 x V100". Not "GPU memory:" or "Inference GPU:". Compiled on first use.
@functools.cache
def _hardware_label() -> re.Pattern[str]:
    return re.compile(
        r"[ \t]*+(?:[-*+][ \t]++)?+(?:\*\*|__)?+[ \t]*+(?:training[ \t]++)?+"
        r"(?:gpus?+|gpu\(s\)|tpus?+|accelerators?+|(?<=training )hardware)"
        r"(?:[ \t]++(?:used|type|model|name|count))?+[ \t]*+(?:\*\*|__)?+[ \t]*+:++[ \t]*+(?:\*\*|__)?+[ \t]*+(?P<value>.*)",
        re.IGNORECASE,
    )


def _hardware_value(line: str) -> str:
    """What a hardware line names: a key/value row's value cell, a label line's value, else the whole line."""
    if line.lstrip().startswith("|"):
        cells = [cell for cell in _cells(line)[1:] if cell]
        if cells:
            return cells[0]
    label = _hardware_label().match(line)
    if label is not None and label.group("value").strip():
        return label.group("value").strip()
    return line.strip().lstrip("-*+ ").strip()


def _mentions_carbon(text: str, start: int, lowered: str) -> bool:
    """Whether a figure could be read outside the label lines: in a sentence or in a table.

    Both need a word of carbon (the figure's ``CO2``, a column's or key's ``Emissions``):
    checked first at C speed, since most cards have none and the expressions below are slow.
    """
    if not any(word in lowered for word in _FIGURE_WORDS):
        return False
    return _carbon_figure().search(text, start) is not None or _separator_row().search(text, start) is not None


# A table's separator row: two or more cells of dashes with optional alignment colons. This and the
# expressions below are compiled on first use: only cards with tables or figures in prose need them.
@functools.cache
def _separator_row() -> re.Pattern[str]:
    return re.compile(r"^[ \t]*+\|?+[ \t]*+:?+-++:?+[ \t]*+(?:\|[ \t]*+:?+-++:?+[ \t]*+)++\|?+[ \t]*+$", re.MULTILINE)


_CARBON_WORDS = ("carbon", "co2", "co₂", "emission", "emitted")
# What _carbon_figure needs after the figure: without one of these (lower-cased) no sentence states a figure.
# re's IGNORECASE folds no other character to these letters (unlike "s" and "k"), so str.lower() finds all.
_SENTENCE_WORDS = ("co2", "co₂", "carbon", "ghg")
_FIGURE_WORDS = (*_CARBON_WORDS, "ghg")
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
    if not body.names_any(_CARBON_WORDS):
        return None  # a carbon column, a CodeCarbon table and an emissions key all name one
    text = body.text
    found: list[BodyField] = []
    for tables, separator in enumerate(_separator_row().finditer(text, body.start)):
        if tables >= MAX_TABLES:
            return None
        if separator.start() == 0:
            continue
        header_start = text.rfind("\n", 0, separator.start() - 1) + 1
        if body.foreign(header_start):
            continue
        header = _line_at(body, header_start)
        if header is None or "|" not in header or _line_at(body, separator.start()) is None:
            continue
        header_cells = _cells(header)
        csv_column = _codecarbon_csv_column(header_cells)
        carbon = [
            column
            for column, cell in enumerate(header_cells)
            if any(word in _plain(cell) for word in _CARBON_WORDS) and not any(w in _plain(cell) for w in _NOT_CARBON)
        ]
        if len(carbon) > 1 and csv_column is None:
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
        if csv_column is not None:
            # one run of CodeCarbon's emissions.csv; several rows are several runs, not one figure
            column, unit_hint, chosen = csv_column, CODECARBON_NOTE, rows[0] if len(rows) == 1 else None
        elif carbon:
            column = carbon[0]
            unit_hint = header_cells[column]
            totals = [row for row in rows if _plain(_cells(row[1])[0]).startswith("total")]
            chosen = totals[0] if len(totals) == 1 else (rows[0] if len(rows) == 1 and not totals else None)
        elif (codecarbon := _codecarbon_emissions_row(rows)) is not None:
            column, unit_hint, chosen = 1, CODECARBON_NOTE, codecarbon
        elif (keyed := _keyed_emissions_row(rows)) is not None:
            (unit_hint, chosen), column = keyed, 1
        else:
            continue
        if chosen is None:
            continue
        row_offset, row_text = chosen
        cells = _cells(row_text)
        if column >= len(cells) or not cells[column]:
            continue
        cell = _EMPHASIS.sub("", cells[column]).strip()
        if is_placeholder(cell):
            continue
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


def _keyed_emissions_row(rows: list[tuple[int, str]]) -> tuple[str, tuple[int, str]] | None:
    """The row of a two-column key/value table keyed by an emissions label (``| Carbon Footprint | 0.12 kg CO2eq |``).

    The key is read as a label line is (``| Total Emissions (tCO2e) | 0.8 |`` names its unit);
    returns the key and the row. Several such rows are no one figure.
    """
    found: list[tuple[str, tuple[int, str]]] = []
    for offset, row in rows:
        cells = _cells(row)
        if len(cells) != 2 or not any(word in cells[0].lower() for word in _CARBON_WORDS):
            # a key and its value only: "| Carbon Footprint | ~53 MT CO2 | ~0.01 MT CO2 |" compares two things
            continue
        key = _EMPHASIS.sub("", cells[0]).strip()
        match = _LABEL_LINE.match(f"{key}: {cells[1]}")
        if (
            match is None
            or match.end("colon1") != len(key) + 1
            or BODY_LABELS[match.group("label").lower()] != "emissions"
        ):
            continue
        found.append((key, (offset, row)))
    return found[0] if len(found) == 1 else None


# The columns of CodeCarbon's emissions.csv, as a table copied from it names them ("Project Name").
_CODECARBON_CSV_COLUMNS = _CODECARBON_KEYS | {
    "emissions",
    "project_name",
    "run_id",
    "experiment_id",
    "cpu_power",
    "gpu_power",
    "ram_power",
    "region",
    "cloud_provider",
    "cloud_region",
}


def _codecarbon_csv_column(header_cells: list[str]) -> int | None:
    """The ``emissions`` column of a table whose header is CodeCarbon's emissions.csv, if it is one.

    Its ``emissions`` has no unit: it is CodeCarbon's kilograms. At least three of CodeCarbon's
    own column names must be there besides it, so a plain ``| Model | Emissions |`` is not one.
    """
    names = [_plain(cell).replace(" ", "_") for cell in header_cells]
    if names.count("emissions") != 1 or len(_CODECARBON_CSV_COLUMNS & set(names)) < 4:
        return None
    return names.index("emissions")


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
    if not body.names_any(_SENTENCE_WORDS):
        return None  # no carbon figure can match
    text = body.text
    headings = body.headings()
    heading_starts = [start for start, _, _ in headings]
    candidates: list[tuple[BodyField, float, bool]] = []
    count = 0
    for match in _carbon_figure().finditer(text, body.start):
        count += 1
        if count > MAX_FIGURES:
            return None
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = _line_at(body, line_start)
        if line is None or line.lstrip().startswith("|") or body.foreign(line_start):
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
        if any(low <= start < high for low, high in example_spans(line)):
            continue  # "[e.g., 50 kg CO2]", "0.5 kg CO2 (example)": the template's example, not the run's figure
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
    return _line_starts_holding(text, text[start:].lower(), start, _ROOT_LABELS)


def _line_starts_holding(text: str, lowered: str, start: int, words: tuple[str, ...]) -> list[int]:
    """Starts of the lines from ``start`` that hold one of ``words``, found in ``lowered`` at C speed.

    ``lowered`` is ``text[start:].lower()`` and must be as long as what it lowers, so its
    offsets are the text's (less ``start``).
    """
    line_starts: set[int] = set()
    for word in words:
        found = lowered.find(word)
        while found != -1:
            at = start + found
            line_starts.add(max(start, text.rfind("\n", 0, at) + 1))
            line_end = text.find("\n", at)
            found = lowered.find(word, line_end + 1 - start) if line_end != -1 else -1
    return sorted(line_starts)


def _line_starts(text: str, start: int) -> list[int]:
    starts = [start]
    found = text.find("\n", start)
    while found != -1:
        starts.append(found + 1)
        found = text.find("\n", found + 1)
    return starts


def _base_model_ranges(text: str, start: int) -> list[int]:
    """Sections headed "Base Model ..." (to the next heading of their level or above), as flat bounds."""
    if "base model" not in text.lower():
        return []
    headings = [(m.start(), len(m.group(1)), m.group(2)) for m in _heading().finditer(text, start)]
    bounds: list[int] = []
    for index, (offset, level, title) in enumerate(headings):
        if bounds and offset < bounds[-1]:
            continue  # inside the previous base-model section
        if not title.lstrip("*_ ").lower().startswith("base model"):
            continue
        end = next((o for o, lv, _ in headings[index + 1 :] if lv <= level), len(text))
        bounds += (offset, end)
    return bounds


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


# A statement's lead naming whose it is: "**Stable Diffusion v1** **Estimated Emissions**".
@functools.cache
def _statement_lead() -> re.Pattern[str]:
    return re.compile(
        r"^[ \t]*+\*\*(?P<name>[^*\n]{1,80}+)\*\*[ \t]*+\*\*(?P<what>[^*\n]{0,40}+)\*\*[ \t]*+$", re.MULTILINE
    )


@functools.cache
def _declared_bound() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w])(?:this|the|our|these|that)[ \t]++(?:estimates?+|figures?+|numbers?+|values?+)[ \t]++(?:is|are)"
        r"[ \t]++(?:the|an?+)[ \t]++(?:maximum|upper[ \t]++(?:bound|limit)|ceiling|worst[- ]case)(?![\w])",
        re.IGNORECASE,
    )


def _estimate_declared_a_bound(body: BodyText) -> bool:
    """Whether the card says in words that its estimate is a maximum, not the run's figure.

    "This estimate is the maximum (in terms of training time) for the SegFormer family of
    models" makes "Carbon Emitted: 5.44 kg ... per model" a bound over a family, as "< 5.44
    kg" would be: no figure for this model. Only a visible line counts (not a comment).
    """
    if not body.may_name(("maximum", "upper", "ceiling", "worst")):
        return False  # the expression needs one of these words: most cards have none
    text = body.text
    for count, match in enumerate(_declared_bound().finditer(text, body.start)):
        if count >= MAX_FIGURES:
            break
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = _line_at(body, line_start)  # comment text blanked, fenced code hidden
        if line is not None and _declared_bound().search(line) is not None:
            return True
    return False


def _per_model_statements(body: BodyText) -> bool:
    """Whether the card states the emissions of several models under leads that name them.

    A fine-tune that keeps its base model's "**Stable Diffusion v1** **Estimated Emissions**"
    block and adds "**fAIrytale fine tunning** **Estimated Emissions** Still to be determined"
    states two models' emissions: its label lines are not clearly its own (no figure is read).
    """
    text = body.text
    if text.count("**", body.start) < 8:
        return False
    names: dict[str, set[str]] = {}
    for count, lead in enumerate(_statement_lead().finditer(text, body.start)):
        if count >= MAX_FIGURES:
            break
        what = lead.group("what").strip().lower()
        if "emission" in what and not body.hidden_line(lead.start()):
            names.setdefault(what, set()).add(lead.group("name").strip().lower())
    return any(len(found) >= 2 for found in names.values())
