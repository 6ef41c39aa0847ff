"""Reading emission figures written as text ("1.2 kg", "0.319355 Kg", "28.53 in grams of CO2").

The paper's extraction keeps only a leading number and never reads units, so "0.5 kg"
becomes 0.5 g. We read the unit and convert to grams; a value without a unit is
taken as grams, as the Hub spec says.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

# A number: optional sign, digits with optional thousands commas or a decimal comma, exponent.
_NUMBER = re.compile(
    r"(?P<sign>[-+−])?\s*(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:[.,]\d+)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
)
_APPROX = re.compile(r"^\s*(?:~|≈|approx(?:imately|\.)?|about|around|circa|ca\.)\s*", re.IGNORECASE)

# Longest spellings first; each maps to grams per unit.
_UNITS: tuple[tuple[str, float, str], ...] = (
    (r"(?:metric\s+)?tonnes?|tons?|t(?=\s*co|\s*$|\s*[\s.,;)\]])|mt(?=\s*co|\s*$)", 1_000_000.0, "t"),
    (r"kilo(?:gram)?s?|kgs?", 1000.0, "kg"),
    (r"milligrams?|mg", 0.001, "mg"),
    (r"(?:lbs?|pounds?)", 453.59237, "lb"),
    (r"grams?|gr|g", 1.0, "g"),
)
_UNIT_AT = re.compile(
    r"(?P<unit>" + "|".join(f"(?:{pattern})" for pattern, _, _ in _UNITS) + r")(?![a-z])|(?P<unit2>kg|g|t)(?=co)",
    re.IGNORECASE,
)


class Quantity(NamedTuple):
    value: float  # the number as written
    unit: str | None  # canonical unit symbol, or None when no unit was written
    grams: float
    number_text: str = ""  # the number as plain decimal text ("43,24" -> "43.24"), for exact arithmetic


class ParsedEmission(NamedTuple):
    quantity: Quantity
    precision_g: float  # half a unit in the last written digit, in grams: the rounding slack


def parse_emission_text(text: str) -> ParsedEmission | None:
    """The first number in ``text`` and the unit that follows it (or None if there is no number)."""
    stripped = _APPROX.sub("", text.strip())
    match = _NUMBER.match(stripped)
    if match is None:
        return None
    number_text = _normalise(match.group("number"))
    value, decimals = _to_float(number_text)
    if match.group("sign") in ("-", "−"):
        value = -value
    if not math.isfinite(value):
        return None
    unit_symbol, factor = _find_unit(stripped[match.end() :])
    grams = value * factor if unit_symbol else value
    try:
        slack = 0.5 * 10.0 ** (-decimals) * (factor if unit_symbol else 1.0)
    except OverflowError:
        slack = math.inf
    return ParsedEmission(Quantity(value, unit_symbol, grams, number_text), slack)


def unit_factor(symbol: str) -> float:
    for _, factor, unit in _UNITS:
        if unit == symbol:
            return factor
    raise KeyError(symbol)


def _find_unit(rest: str) -> tuple[str | None, float]:
    # Look only at the words right after the number: "28.53 in grams of CO2", "0.001477 ([CO2eq], in kg)".
    window = rest[:40]
    for match in _UNIT_AT.finditer(window):
        token = (match.group("unit") or match.group("unit2") or "").lower()
        if token.startswith("co"):
            continue
        for pattern, factor, symbol in _UNITS:
            if re.fullmatch(pattern, token, re.IGNORECASE):
                return symbol, factor
    return None, 1.0


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
