"""Values that stand for "not filled in": template defaults, TODOs, the spec's own wording.

Only values seen on real cards (../shared/corpus) or in the Hub templates are listed.
``NA`` is deliberately absent: four real cards use it as a location, plausibly North America.
"""

from __future__ import annotations

import re

PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "",
        "?",
        "-",
        "--",
        "n/a",
        "tbd",
        "tba",
        "todo",
        "unknown",
        "none",
        "null",
        "not specified",
        "not available",
        "more information needed",
        "[more information needed]",
        "needs more information",
        "[optional]",
        "xxx",
        # The Hub spec's own example text, copied literally into cards.
        "number (in grams of co2)",
        "in grams of co2",
        "pre-training or fine-tuning",
        "fine-tuning or pre-training",
    }
)
_SUBSTRINGS = ("more information needed", "information needed", "[more information")


def is_placeholder(value: object) -> bool:
    """True for None and for text that carries no information."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    normalised = re.sub(r"\s+", " ", value.strip().strip("*_`\"'").strip()).lower()
    if normalised in PLACEHOLDERS:
        return True
    return any(part in normalised for part in _SUBSTRINGS)
