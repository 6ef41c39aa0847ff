"""Reading emission figures written as text ("1.2 kg", "0.319355 Kg", "28.53 in grams of CO2").

The paper's extraction keeps only a leading number and never reads units, so "0.5 kg"
becomes 0.5 g. We read the unit and convert to grams; a value without a unit is
taken as grams, as the Hub spec says.
"""

from __future__ import annotations

import functools
import math
import re
from typing import NamedTuple

# Emission text is read up to this many characters (a figure is at its start).
MAX_TEXT = 1000

# A number: optional sign, digits with optional thousands commas or a decimal comma, exponent.
_NUMBER = re.compile(
    r"(?P<sign>[-+−])?\s*(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:[.,]\d+)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
)
# What may stand before the number and is read past: Markdown escapes and emphasis, the
# bracket of a bracketed figure ("[4.51 kg CO2eq]"), a comment in parentheses, and hedges
# ("Estimated at ~45 kg", "About 3 tCO2eq", "≈ 5 kg", "\~1,100 kg"). Each alternative is
# bounded, and every step consumes text, so reading past them is linear.
_LEAD = re.compile(
    r"""\s*+(?:
        \\(?=[~*_\[\]()#>+\-=])
      | \*\*|__|\*|_|`
      | \[
      | \((?![\d.])[^()\n]{0,200}+\)
      | [~≈∼≃:=]
      | (?:estimated|estimate|est\.|an|a|approx\.?|approximately|about|around|roughly|circa|ca\.|some
           |nearly|almost|total|totals|totalling|of|at|between|from|emitted|emissions|is|was|were|equals?)
        (?![^\W\d_])
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A bound is not a figure: "< 1 kg", "less than 1 kg", "at least 2 t", "&lt; 1 kg".
_BOUND = re.compile(
    r"\s*+(?:<=?|>=?|≤|≥|&lt;|&gt;|(?:less|fewer|lower|more|greater|higher)\s+than|under|below|above|over"
    r"|at\s+(?:most|least)|up\s+to|no\s+more\s+than|max(?:imum)?\.?|min(?:imum)?\.?)(?![^\W\d_])",
    re.IGNORECASE,
)
# The second number of a range ("1-2 kg", "1 to 2 kg", "between 1 and 2 kg"): the first is kept.
_RANGE_TAIL = re.compile(
    r"\s*+(?:-|–|—|to|and|or)\s*+(?:\d{1,3}(?:,\d{3})++|\d++)(?:[.,]\d++)?+(?![\d,.])", re.IGNORECASE
)
# "per model", "/run" after the unit (before any comment in brackets): the figure is a share.
_PER = re.compile(r"[^(\[\n/]{0,40}?(?:/|(?<![^\W\d_])per(?![^\W\d_]))", re.IGNORECASE)
# An energy or power unit right after the number: not an emission figure.
_ENERGY_UNIT = re.compile(r"\s*+(?:[kmgt]?wh|[kmg]?w|[km]?j|joules?|watts?)(?![^\W\d_])", re.IGNORECASE)


# A mass per unit of energy, time, distance or work after the unit: a rate, not a mass ("0.432 kg/kWh",
# "kgCO2eq/kWh", "475 g CO2 per kWh", "3 g/h", "120 g CO2 per km", "0.1 kg per epoch"). Bounded: linear.
@functools.cache
def _rate() -> re.Pattern[str]:
    """Compiled on first use: only a figure with a slash or "per" after it needs it."""
    return re.compile(
        r"[\w₂.\- \t]{0,20}?(?:/|\bper\b)[ \t]*+(?:[kmgt]?wh|kw[ \t]?h|h|hrs?|hours?|s|secs?|seconds?|mins?|minutes?"
        r"|days?|km|mi|miles?|epochs?|steps?|iterations?|batch(?:es)?|samples?|images?|tokens?|queries|query|requests?"
        r"|inferences?|predictions?|1k|1m|1,?000|mwh|gwh)(?![^\W\d_])",
        re.IGNORECASE,
    )


# A later number ends the search for the unit (the 2 of "CO2" excepted): a unit word after
# it belongs to something else.
_LATER_NUMBER = re.compile(r"(?<![oO])\d")

# Longest spellings first; each maps to grams per unit.
_UNITS: tuple[tuple[str, float, str], ...] = (
    (
        r"(?:metric\s+)?(?:tonnes?|tons?)|t(?=\s*co|\s*$|\s*[\s.,;)\]])|mt(?=\s*co|\s*$)",
        1_000_000.0,
        "t",
    ),
    (r"kilo(?:gram(?:me)?)?s?|kgs?", 1000.0, "kg"),
    (r"milligram(?:me)?s?|mg", 0.001, "mg"),
    (r"(?:lbs?|pounds?)", 453.59237, "lb"),
    (r"gram(?:me)?s?|gr|g", 1.0, "g"),
)
# A unit starts a word (the t of "équivalent" is no tonne) and ends one, or runs into CO2 ("kgCO₂eq").
_UNIT_AT = re.compile(
    r"(?<![^\W\d_])(?:(?:"
    + "|".join(f"(?P<u{index}>{pattern})" for index, (pattern, _, _) in enumerate(_UNITS))
    + r")(?![^\W\d_])|(?P<attached>kg|g|t)(?=co))",
    re.IGNORECASE,
)
_ATTACHED = {"kg": ("kg", 1000.0), "g": ("g", 1.0), "t": ("t", 1_000_000.0)}


class Quantity(NamedTuple):
    value: float  # the number as written
    unit: str | None  # canonical unit symbol, or None when no unit was written
    grams: float
    number_text: str = ""  # the number as plain decimal text ("43,24" -> "43.24"), for exact arithmetic


class ParsedEmission(NamedTuple):
    quantity: Quantity
    precision_g: float  # half a unit in the last written digit, in grams: the rounding slack
    # What a careful reader hesitates over (a fix never writes such a figure): "5-10 kg" is a
    # range read at its lower end; "5.44 kg per model", "0.4 kg/run" name a share, not the whole.
    ranged: bool = False
    per: bool = False


def parse_emission_text(text: str, unit_hint: str | None = None) -> ParsedEmission | None:
    """The leading number of ``text`` and the unit that follows it (None if there is no number).

    Hedges, Markdown escapes, emphasis and a bracket before the number are read past;
    a bound ("< 1 kg", "at least 2 t") is no figure; a range keeps its lower bound.
    ``unit_hint`` is text that names the unit when the value does not ("in grams",
    "tCO2eq": a label's comment or a table's header).
    """
    stripped = text.strip()[:MAX_TEXT]
    position = 0
    while True:
        if _BOUND.match(stripped, position):
            return None
        lead = _LEAD.match(stripped, position)
        if lead is None or lead.end() == position:
            break
        position = lead.end()
    match = _NUMBER.match(stripped, position)
    if match is None:
        return None
    number_text = _normalise(match.group("number"))
    value, decimals = _to_float(number_text)
    if match.group("sign") in ("-", "−"):
        value = -value
    if not math.isfinite(value):
        return None
    rest = stripped[match.end() :]
    if _ENERGY_UNIT.match(rest):
        return None  # "0.000618 kWh" is energy, not emissions
    range_tail = _RANGE_TAIL.match(rest)
    if range_tail is not None:
        rest = rest[range_tail.end() :]
    unit_symbol, factor, unit_end = _find_unit(rest)
    if unit_symbol is not None and ("/" in rest or "per" in rest.lower()) and _rate().match(rest, unit_end):
        return None  # "0.432 kg/kWh" is a grid's intensity, "3 g CO2 per hour" a rate: not a mass
    if unit_symbol is None and unit_hint:
        unit_symbol, factor, _ = _find_unit(unit_hint)
    grams = value * factor if unit_symbol else value
    try:
        slack = 0.5 * 10.0 ** (-decimals) * (factor if unit_symbol else 1.0)
    except OverflowError:
        slack = math.inf
    per = _PER.match(rest) is not None
    return ParsedEmission(Quantity(value, unit_symbol, grams, number_text), slack, range_tail is not None, per)


def states_bound(text: str) -> bool:
    """Whether ``text`` opens with a bound ("< 10 g", "up to 2 kg"): parse_emission_text reads no figure there."""
    stripped = text.strip()[:MAX_TEXT]
    position = 0
    while True:
        if _BOUND.match(stripped, position):
            return _NUMBER.search(stripped, position) is not None
        lead = _LEAD.match(stripped, position)
        if lead is None or lead.end() == position:
            return False
        position = lead.end()


def unit_factor(symbol: str) -> float:
    for _, factor, unit in _UNITS:
        if unit == symbol:
            return factor
    raise KeyError(symbol)


def _find_unit(rest: str) -> tuple[str | None, float, int]:
    # Look only at the words right after the number: "28.53 in grams of CO2", "0.001477 ([CO2eq], in kg)".
    window = rest[:40]
    later = _LATER_NUMBER.search(window)
    if later is not None:
        window = window[: later.start()]
    match = _UNIT_AT.search(window)
    if match is None:
        return None, 1.0, 0
    attached = match.group("attached")
    if attached is not None:
        return (*_ATTACHED[attached.lower()], match.end())
    _, factor, symbol = _UNITS[int(str(match.lastgroup)[1:])]
    return symbol, factor, match.end()


def _normalise(raw: str) -> str:
    """Commas resolved: "43,24" is a decimal comma, "1,234" a thousands separator."""
    mantissa, e, exponent = raw.lower().partition("e")
    if "," in mantissa and "." not in mantissa and not re.fullmatch(r"\d{1,3}(,\d{3})+", mantissa):
        mantissa = mantissa.replace(",", ".")
    else:
        mantissa = mantissa.replace(",", "")
    return mantissa + e + exponent


def _to_float(normalised: str) -> tuple[float, int]:
    mantissa, _, exponent = normalised.partition("e")
    decimals = len(mantissa.partition(".")[2])
    if not exponent:
        return float(mantissa), decimals
    if len(exponent.lstrip("+-")) > 4:  # "1e32815143214785873": no card means that; never compute 10**it
        return math.inf, 0
    return float(f"{mantissa}e{exponent}"), decimals - int(exponent)
