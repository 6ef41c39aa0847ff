"""Values that stand for "not filled in": template defaults, TODOs, the spec's own wording.

One rule for every field (emissions, hardware, location, source, training type, hours), in
the front matter and in the body alike: a placeholder is never data. Besides the listed
values: a whole value in template brackets whose text is not a figure or a name
(``[More Information Needed]``, ``[e.g., 1x NVIDIA V100 GPU]``, ``[Specify hardware]``;
``[4.51 kg CO2eq]`` is a figure), a value that starts with ``e.g.``/``for example``/
``TODO``/``TBD``, a value marked ``(example)``, and ``N/A``, ``Not applicable``,
``Unknown`` with trailing words ("Unknown (not tracked)").

Only values seen on real cards (../shared/corpus and the real-card set) or in the Hub
templates are listed. ``NA`` is deliberately absent: four real cards use it as a
location, plausibly North America.
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
        "...",
        "…",
        "not applicable",
        "not known",
        "not reported",
        "not tracked",
        "not measured",
        "n.a.",
        "n. a.",
        "unspecified",
        "to be determined",
        "to be added",
        "to be confirmed",
        "coming soon",
        "still to be determined",
        # The Hub spec's own example text, copied literally into cards.
        "number (in grams of co2)",
        "in grams of co2",
        "pre-training or fine-tuning",
        "fine-tuning or pre-training",
    }
)
_SUBSTRINGS = (
    "more information needed",
    "information needed",
    "[more information",
    "(example)",
    "[example]",
    "varies by",
    "(varies",
    "{{",
)
# A value that starts with one of these is a placeholder ("TODO: fill in", "e.g. 8 x A100",
# "Unknown (not tracked)", "N/A - CPU only").
_PREFIXES = re.compile(
    r"(?:e\.\s?g\.?|eg\.|for example|for instance|example:|todo|tbd|tba|fixme|n/a|unknown|not applicable"
    r"|to be (?:determined|added|confirmed)|insert|specify|fill in|add (?:the|your)|your|varies|depends on)(?![\w-])"
)


def is_placeholder(value: object) -> bool:
    """True for None and for text that carries no information."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    normalised = re.sub(r"\s+", " ", value[:1000].strip().strip("*_`\"'").strip()).lower()
    if normalised in PLACEHOLDERS:
        return True
    if any(part in normalised for part in _SUBSTRINGS):
        return True
    if normalised.startswith("[") and normalised.endswith("]") and "](" not in normalised:
        inner = normalised[1:-1].strip()
        return inner in PLACEHOLDERS or _PREFIXES.match(inner) is not None or not any(c.isdigit() for c in inner)
    return _PREFIXES.match(normalised) is not None
