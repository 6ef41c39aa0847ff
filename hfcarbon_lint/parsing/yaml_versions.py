"""Plain scalars that YAML 1.1 (PyYAML, so huggingface_hub) and YAML 1.2 (JS parsers, the Hub) read differently.

PyYAML reads ``1e3`` as the *string* '1e3' (its float pattern needs a dot), ``017`` as
octal 15, ``1_000`` as 1000 and ``yes`` as True; a YAML 1.2 core-schema parser reads
1000.0, 17, '1_000' and 'yes'. For a number that decides a card's emissions, both
sides must read the same value.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

_INT_12 = re.compile(r"[-+]?[0-9]+")
_OCT_12 = re.compile(r"0o[0-7]+")
_HEX_12 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF_12 = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN_12 = re.compile(r"\.(nan|NaN|NAN)")
_BOOL_12 = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL_12 = {"", "~", "null", "Null", "NULL"}


def yaml12_value(plain: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    try:
        return _yaml12_value(plain)
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        return plain


def _yaml12_value(plain: str) -> Any:
    if plain in _NULL_12:
        return None
    if plain in _BOOL_12:
        return _BOOL_12[plain]
    if _INT_12.fullmatch(plain):
        return int(plain)
    if _OCT_12.fullmatch(plain):
        return int(plain[2:], 8)
    if _HEX_12.fullmatch(plain):
        return int(plain[2:], 16)
    if _FLOAT_12.fullmatch(plain):
        return float(plain)
    if _INF_12.fullmatch(plain):
        return -math.inf if plain.startswith("-") else math.inf
    if _NAN_12.fullmatch(plain):
        return math.nan
    return plain


def same_reading(yaml11: Any, yaml12: Any) -> bool:
    if type(yaml11) is not type(yaml12):
        # 1 and 1.0 read the same number, so int vs float is not a trap.
        numbers = (int, float)
        if (
            isinstance(yaml11, numbers)
            and isinstance(yaml12, numbers)
            and not isinstance(yaml11, bool)
            and not isinstance(yaml12, bool)
        ):
            return bool(yaml11 == yaml12)  # exact, and no OverflowError for ints past the float range
        return False
    if isinstance(yaml11, float) and math.isnan(yaml11):
        return math.isnan(yaml12)
    return bool(yaml11 == yaml12)


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        if isinstance(value, float):
            return f"the number {value:g}"
        if value.bit_length() > 200:  # str() of a huge int is long, and refused past 4300 digits
            return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"a {type(value).__name__}"


def unambiguous_spelling(yaml11: Any, yaml12: Any) -> str | None:
    """A spelling both parsers read as the number the author most likely meant (YAML 1.2's)."""
    meant = yaml12 if isinstance(yaml12, (int, float)) and not isinstance(yaml12, bool) else None
    if meant is None:
        return None
    if isinstance(meant, int):
        return str(meant) if meant.bit_length() <= 1000 else None
    if not math.isfinite(meant):
        return None
    text = repr(float(meant))
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        if "." not in mantissa:
            mantissa += ".0"
        sign = "-" if exponent.startswith("-") else "+"
        return f"{mantissa}e{sign}{exponent.lstrip('+-')}"
    return text
