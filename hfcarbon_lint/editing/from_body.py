"""The ``co2_eq_emissions`` a card's body states, ready for its front matter (HFC041's unsafe fix).

The Hub, its emissions filter and its carbon widget read the metadata only, so a card whose
figure sits in its body (the template's ``Carbon Emitted:`` line, a table's Total row) does
not report for the Hub. This module turns the body's reading (``parsing/body.py``) into the
keys to write, each with the body line it came from, or says why nothing should be written:

* ``emissions`` in grams, converted exactly from the figure as written (``0.07728 kg`` is
  ``77.28``), from a label line or a table, never from a figure the reading doubts: a range
  (``5-10 kg``), a share (``5.44 kg per model``), a figure without a unit read in the unit
  its section states (``BodyField.unit_line``, HFC042), a figure other statements of the
  body contradict (``BodyField.doubt``), or one stated only in a sentence of prose (a
  sentence may give a family's total or a base model's figure: a person should choose);
* ``hardware_used``, ``geographical_location`` and ``training_type`` from the template's
  own label lines, as written, when they name something: a recognised CPU, GPU or TPU; a
  place the location resolver knows; a training type. A placeholder, an "or", a hedge in
  brackets (``Europe (likely)``) is left for a person;
* ``source``: the body's own words for the method (``Machine Learning Impact calculator``,
  ``CodeCarbon``) on the figure's line or in a sentence of its section that says the figure
  was obtained so. The template's "Carbon emissions can be estimated using ..." says what
  could be done, not what was: it is no source. Nothing is ever invented.

A wrong figure in the metadata is worse than none: every doubt means no fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hfcarbon_lint.editing.carbon_block import FieldValue
from hfcarbon_lint.parsing.body import BodyField, BodyText
from hfcarbon_lint.parsing.card import ParsedCard
from hfcarbon_lint.parsing.placeholders import is_placeholder

MAX_VALUE = 120  # a context value longer than this is prose, not a value for the metadata
MAX_SHOWN = 60
# A billion tonnes: far past the largest reported run (Llama 3.1, 11,390 t); past it a figure is a typo.
MAX_GRAMS = 1e15  # characters of a source's sentence shown in its comment
# How far from the figure's line the section is searched for the method's words (lines).
SECTION_REACH = 40

# A method's name as cards write it; the text matched is what is written (the body's own spelling).
_METHODS = re.compile(
    r"(?:Machine[ \t]+Learning|ML)(?:[ \t]+(?:CO2|CO₂))?[ \t]+(?:Emissions?[ \t]+)?Impact[ \t]+[Cc]alculator"
    r"|\bCode[ \t]?Carbon\b|\bCarbon[ \t]?Tracker\b|\bexperiment-impact-tracker\b|\bGreen[ \t]+Algorithms\b"
    r"|\beco2AI\b",
    re.IGNORECASE,
)
# Words saying the figure was obtained with the method named on the same line.
_OBTAINED = re.compile(
    r"\b(?:were|was|is|we|our|using|used|with|via|by|according|measured|tracked|calculated|computed|estimated|source)\b"
    r"|mesur|calcul|selon",
    re.IGNORECASE,
)
# The template's own sentence, kept on most cards whatever they measured: it names no method used.
_TEMPLATE_CONDITIONAL = re.compile(r"\bcan[ \t]+be[ \t]+estimated\b", re.IGNORECASE)
# A comment in brackets ("Europe (likely)"); the trademark marks of CPU names ("Intel(R) Core(TM)") are not one.
_COMMENT = re.compile(r"\((?!R\)|TM\)|C\))")
_EMISSION_WORDS = re.compile(r"emission|emitted|footprint", re.IGNORECASE)
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
_MARKUP = re.compile(r"\*\*|__|`")
_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\([^()\s]{0,500}\)")
_CANONICAL_TRAINING = {
    "pre-training": "pre-training",
    "pretraining": "pre-training",
    "pre training": "pre-training",
    "fine-tuning": "fine-tuning",
    "finetuning": "fine-tuning",
    "fine tuning": "fine-tuning",
}


@dataclass(frozen=True, slots=True)
class BodyValue:
    """One key to write, with the body line it was read from."""

    key: str
    value: FieldValue
    line: int  # the line of the card as it was read
    written: str  # the body's words for it, as written

    def note(self, shift: int = 0) -> str:
        """The comment written after the key: where it came from (``shift``: lines the fix adds above the body)."""
        return f"from the body, line {self.line + shift}: {self.written}"


@dataclass(frozen=True, slots=True)
class BodyMetadata:
    """What the body says for ``co2_eq_emissions``, or why nothing should be written from it."""

    values: tuple[BodyValue, ...] = ()
    refusal: str = ""  # non-empty: the figure is not clear enough to write; says why

    def fields(self) -> dict[str, FieldValue]:
        return {value.key: value.value for value in self.values}


def read_body_metadata(card: ParsedCard) -> BodyMetadata:
    """The keys a careful reader would copy from the body into ``co2_eq_emissions``, or a refusal."""
    emissions = card.body.get("emissions")
    if emissions is None or emissions.is_placeholder:
        return BodyMetadata(refusal="the body states no figure")
    refusal = _refusal(emissions)
    section = _section(card, emissions.line)
    refusal = refusal or _unfilled_statement(section, emissions.line)
    if refusal:
        return BodyMetadata(refusal=refusal)
    figure = emissions.emission()
    assert figure is not None  # _refusal checked it
    values = [
        BodyValue(
            "emissions", _grams(figure.quantity.number_text, figure.quantity.unit), emissions.line, _shown(emissions)
        )
    ]
    for key in ("hardware_used", "geographical_location", "training_type"):
        found = _context(card.body.get(key), key)
        if found is not None:
            values.append(found)
    source = _source(section, emissions.line)
    if source is not None:
        values.append(source)
    return BodyMetadata(tuple(values))


def _refusal(field: BodyField) -> str:
    figure = field.emission()
    where = field.where
    if figure is None or figure.quantity.unit is None:
        return f"{where} gives no unit: grams or kilograms is a guess"
    if field.unit_line:  # read in the unit its section states (HFC042): the reading's own guess
        return (
            f"{where} gives no unit ({field.raw_value!r}); it is read {field.note} from line {field.unit_line}, "
            "but a unit the figure does not write is a guess"
        )
    if figure.quantity.grams <= 0:
        return f"{where} gives no positive figure"
    if figure.quantity.grams >= MAX_GRAMS:
        return f"{where} gives {figure.quantity.grams:g} g, more than any training run has emitted"
    if figure.ranged:
        return f"{where} gives a range ({field.raw_value!r}), not one figure"
    if figure.per:
        return f"{where} gives a figure per something ({field.raw_value!r}), not the whole training's"
    if field.doubt:
        return f"the body's figures disagree: {where} says {field.raw_value!r} but {field.doubt}"
    if field.kind == "sentence":
        return (
            f"the figure is only in prose ({where}): a sentence may give a family's total or another "
            "model's figure, so a person should copy it"
        )
    return ""


def _grams(number_text: str, unit: str | None) -> float:
    """The figure in grams, converted in decimal (0.07728 kg is 77.28 g, not 77.28000000000001)."""
    from decimal import Decimal, InvalidOperation  # only a fix's arithmetic needs it

    from hfcarbon_lint.parsing.quantities import unit_factor

    factor = Decimal(repr(unit_factor(unit or "g")))
    try:
        return float(Decimal(number_text) * factor)
    except InvalidOperation:  # number_text is always decimal text; a float is the fallback
        return float(number_text) * float(factor)


def _shown(field: BodyField) -> str:
    """The body's words for the figure, with the table's unit when the cell has none."""
    if field.kind == "table" and field.note:
        return f"{field.raw_value} ({field.note})"
    return field.raw_value


def _plain(text: str) -> str:
    """A body value without its Markdown: links become their text, emphasis and code marks go."""
    return " ".join(_MARKUP.sub("", _LINK.sub(r"\1", text)).split()).strip(" .;,")


def _context(field: BodyField | None, key: str) -> BodyValue | None:
    """A context key from the template's label line, when it names something a reader can use."""
    if field is None or field.kind != "line" or field.is_placeholder:
        return None
    value = _plain(field.raw_value)
    if (
        not value
        or len(value) > MAX_VALUE
        or is_placeholder(value)
        or _COMMENT.search(value)
        or " or " in f" {value} ".lower()
    ):
        return None  # a comment in brackets, or a choice: for a person to read
    written: FieldValue = value
    if key == "hardware_used":
        from hfcarbon_lint.hardware.devices import read_hardware

        if "/" in value or not read_hardware(value).recognised:
            return None
    elif key == "geographical_location":
        from hfcarbon_lint.grid.location import Resolution, resolve_location

        resolution = resolve_location(value).resolution
        if resolution not in (Resolution.COUNTRY, Resolution.CLOUD_REGION, Resolution.REGION):
            return None
    else:
        canonical = _CANONICAL_TRAINING.get(value.lower())
        if canonical is None:
            return None  # "Tabular (Random Forest on CPU)" is no training type
        written = canonical
    return BodyValue(key, written, field.line, field.raw_value)


def _section(card: ParsedCard, line: int) -> list[tuple[int, str]]:
    """The visible lines around the figure's line up to the headings above and below it, figure first."""
    body = BodyText(card.source.text, card.body_offset)
    lines = [(card.source.position(offset).line, text) for offset, text in body.iter_lines()]
    index = next((i for i, (number, _) in enumerate(lines) if number == line), None)
    if index is None:
        return []
    section = [lines[index]]
    for step in (-1, 1):  # outwards from the figure, to the headings around it
        at = index + step
        while 0 <= at < len(lines) and abs(at - index) <= SECTION_REACH:
            if _HEADING.match(lines[at][1]):
                break
            section.append(lines[at])
            at += step
    return section


def _unfilled_statement(section: list[tuple[int, str]], figure_line: int) -> str:
    """Another emissions statement of the section left unfilled ("Estimated Emissions" / "Still to be determined").

    A fine-tune's card that keeps its base model's figure and says its own is still to
    come: the figure is not this model's. A reader would not copy it; neither does the fix.
    """
    ordered = sorted(section)
    for position, (number, text) in enumerate(ordered):
        if number == figure_line or not _EMISSION_WORDS.search(text):
            continue
        after = text.partition(":")[2] if ":" in text else ""
        following = next((line for _, line in ordered[position + 1 :] if line.strip()), "")
        for candidate in (after, following):
            words = _plain(candidate)
            if words and is_placeholder(words):
                return (
                    f"line {number} leaves an emissions statement unfilled ({words!r}): whose figure this is is unclear"
                )
    return ""


def _source(section: list[tuple[int, str]], figure_line: int) -> BodyValue | None:
    """The method's name as the body writes it: on the figure's line, else in a sentence of its section."""
    for number, line in section:
        match = _METHODS.search(line)
        if match is None or _TEMPLATE_CONDITIONAL.search(line):
            continue
        if number != figure_line and not _OBTAINED.search(line[: match.start()]):
            continue
        name = " ".join(match.group(0).split())
        plain = _plain(line)
        shown = _METHODS.search(plain)
        end = shown.end() if shown is not None else len(plain)
        start = max(0, end - MAX_SHOWN)  # the words that lead to the name: "we estimate ... using the <name>"
        fragment = plain[start:end] if not start else "…" + plain[start:end].split(" ", 1)[-1]
        return BodyValue("source", name, number, fragment)
    return None
