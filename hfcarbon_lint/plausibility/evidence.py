"""What a card says about the run besides the figure: location, hardware, hours, energy.

Read from the ``co2_eq_emissions`` mapping (the spec keys and the tool keys CodeCarbon
writes: ``hours_used`` in hours, ``energy_consumed`` in kWh), from the body template's
lines (``Hardware Type``, ``Compute Region``, ``Hours used``) and from labelled body
lines that real cards write (``- **Training time**: ~ 36 hours``,
``- **Total energy consumption:** 15.5 kWh``, ``- Time: 44.0 hours on Google Cloud TPU v4-16``).
Fenced code blocks and HTML comments are not read.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from yaml.nodes import Node, ScalarNode

from hfcarbon_lint.base.diagnostics import Span
from hfcarbon_lint.hardware.quantities import Duration, find_duration, find_energy_kwh, to_float
from hfcarbon_lint.parsing.body import BodyText
from hfcarbon_lint.parsing.card import ParsedCard, finite_float
from hfcarbon_lint.parsing.placeholders import is_placeholder, strip_examples


# Compiled on first use: only a card whose body has hours or energy lines outside the template needs them.
@functools.cache
def _labelled_line() -> re.Pattern[str]:
    return re.compile(
        r"[ \t]*+(?:[-*+][ \t]++)?+(?:\*\*|__)?+[ \t]*+(?P<label>[A-Za-z][A-Za-z ()/-]{1,40}?)[ \t]*(?:\*\*|__)?[ \t]*:+"
        r"[ \t]*+(?:\*\*|__)?+[ \t]*+:?+[ \t]*+(?P<value>.*)",
    )


@functools.cache
def _time_labels() -> re.Pattern[str]:
    return re.compile(
        r"(?:total )?(?:training|train|compute|gpu|tpu|run)? ?(?:time|duration|hours)(?: used)?|hours used",
        re.IGNORECASE,
    )


@functools.cache
def _energy_labels() -> re.Pattern[str]:
    return re.compile(
        r"(?:total )?(?:energy|electricity|power)(?: consumption| consumed| used| usage)?(?: \(kwh\))?", re.IGNORECASE
    )


_WATT_HOURS = re.compile("wh", re.IGNORECASE)
# Values are read up to this many characters: a description longer than that is not a hardware name.
MAX_TEXT = 500


class TextField(NamedTuple):
    """A text value and where it is written (a metadata node, or a body line)."""

    text: str
    span: Span
    origin: str  # "metadata" | "body"
    node: Node | None = None


class Figure(NamedTuple):
    """A number read from the card, with a human pointer to where it was read."""

    value: float
    where: str


def text_field(card: ParsedCard, key: str) -> TextField | None:
    """The spec field from the metadata mapping, else from the body template line."""
    carbon = card.carbon
    if carbon is not None and carbon.form == "mapping" and card.doc is not None:
        entry = carbon.entries.get(key)
        if entry is not None:
            if isinstance(entry.value, str) and not is_placeholder(entry.value) and isinstance(entry.node, ScalarNode):
                return TextField(strip_examples(entry.value.strip()), card.span(entry.node), "metadata", entry.node)
            return None  # present but empty, a placeholder or not text: other rules say so
    body = card.body.get(key)
    if body is not None and not body.is_placeholder and body.raw_value:
        span = Span.at(body.line, body.value_column, body.line, body.end_column)
        return TextField(body.raw_value, span, "body")
    return None


def metadata_number(card: ParsedCard, key: str) -> float | None:
    carbon = card.carbon
    if carbon is None or carbon.form != "mapping":
        return None
    entry = carbon.entries.get(key)
    if entry is None or isinstance(entry.value, bool) or not isinstance(entry.value, (int, float)):
        return None
    value = finite_float(entry.value)
    return value if value is not None and value > 0 else None


BodyLines = list[tuple[int, str, str]]


def body_lines(card: ParsedCard) -> BodyLines:
    """(line number, label, value) of every ``label: value`` line of the body, outside fences and comments."""
    source = card.source
    result: list[tuple[int, str, str]] = []
    for offset, line in BodyText(source.text, card.body_offset).lines(MAX_TEXT):
        match = _labelled_line().match(line)
        if match is not None:
            result.append((source.position(offset).line, match.group("label").strip(), match.group("value").strip()))
    return result


def run_duration(
    card: ParsedCard, hardware_text: str | None, lines: BodyLines | None = None
) -> tuple[Duration, str] | None:
    """Hours of the run: ``hours_used``, the ``Hours used`` line, hours in ``hardware_used``, a ``Training time`` line."""
    hours = metadata_number(card, "hours_used")
    if hours is not None:
        return Duration(hours, False, f"{hours:g} hours"), "hours_used in the metadata"
    body = card.body.get("hours_used")
    if body is not None and not body.is_placeholder:
        found = find_duration(body.raw_value[:MAX_TEXT])
        if found is None and re.fullmatch(r"~?\s*\d+(?:[.,]\d+)?\s*", body.raw_value[:MAX_TEXT]):
            found = Duration(to_float(body.raw_value.strip(" ~")), False, f"{body.raw_value.strip()} hours")
        if found is not None:
            return found, f"body line {body.line}, {body.label}"
    if hardware_text:
        found = find_duration(hardware_text[:MAX_TEXT])
        if found is not None:
            return found, "hardware_used"
    for line, label, value in body_lines(card) if lines is None else lines:
        if _time_labels().fullmatch(label):
            found = find_duration(value)
            if found is not None:
                return found, f"body line {line}, {label}"
    return None


def run_energy(card: ParsedCard, lines: BodyLines | None = None) -> tuple[float, str] | None:
    """kWh of the run: CodeCarbon's ``energy_consumed`` key, else a labelled body line with a kWh unit."""
    energy = metadata_number(card, "energy_consumed")
    if energy is not None:
        return energy, "energy_consumed in the metadata"
    if lines is None and not _WATT_HOURS.search(card.source.text, card.body_offset):
        return None  # every kWh, MWh or Wh figure has "wh" in it: no need to read the body's lines
    for line, label, value in body_lines(card) if lines is None else lines:
        if _energy_labels().fullmatch(label):
            found = find_energy_kwh(value)
            if found is not None and found > 0:
                return found, f"body line {line}, {label}"
    return None
