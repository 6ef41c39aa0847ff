"""Values that stand for "not filled in": template defaults, TODOs, the spec's own wording.

One rule for every field (emissions, hardware, location, source, training type, hours), in
the front matter and in the body alike: a placeholder is never data. Besides the listed
values: a whole value in template brackets whose text is not a figure or a name
(``[More Information Needed]``, ``[e.g., 1x NVIDIA V100 GPU]``, ``[Specify hardware]``;
``[4.51 kg CO2eq]`` is a figure), a value that starts with ``e.g.``/``for example``/
``TODO``/``TBD``, a value marked ``(example)``, and ``N/A``, ``Not applicable``,
``Unknown`` with trailing words ("Unknown (not tracked)").

Inside a value, a stretch in brackets or parentheses that gives an example (``e.g.``,
``for example``, ``for instance``) or an instruction (``[Estimate if available]``,
``(specify the GPU)``) is the template's, not the author's: ``strip_examples`` removes it,
and a value that is nothing else is a placeholder (``GPU [e.g., NVIDIA V100]`` names a
GPU, not a V100; ``[Hardware type, e.g. A100 x 8]`` names nothing).

Only values seen on real cards (../shared/corpus and the real-card set) or in the Hub
templates are listed. ``NA`` is deliberately absent: four real cards use it as a
location, plausibly North America.
"""

from __future__ import annotations

import functools
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
# "Unknown (not tracked)", "N/A - CPU only", "Not measured, GPU expected for fine-tuning": what
# follows the admission is a guess or a plan, not the hardware or the figure of a run).
_PREFIXES = re.compile(
    r"(?:e\.\s?g\.?|eg\.|for example|for instance|example:|todo|tbd|tba|fixme|n/a|unknown|not applicable"
    r"|not (?:measured|recorded|tracked|reported|known|specified|available)"
    r"|to be (?:determined|added|confirmed)|insert|specify|fill in|add (?:the|your)|your|varies|depends on)(?![\w-])"
)


# The first words of a bracketed instruction to the card's author ("[Estimate if available]").
_INSTRUCTIONS = (
    r"estimate(?![a-z])|specify|insert|fill|add|provide|describe|enter|list|state|give|include|replace|put|write"
    r"|mention|indicate|optional|if (?:available|applicable|known|any)|to be|your"
)


# Compiled on first use: only a value with a bracket or a parenthesis needs them. Each is linear: a
# span holds no bracket (so a span cannot restart inside another), and the word searches are literal.
@functools.cache
def _bracketed() -> re.Pattern[str]:
    """An innermost stretch in brackets or parentheses, bounded."""
    return re.compile(r"[\[(]([^\[\]()\n]{0,300}+)[\])]")


@functools.cache
def _instruction() -> re.Pattern[str]:
    return re.compile(r"[ \t*_]*+(?:" + _INSTRUCTIONS + r")(?![\w-])", re.IGNORECASE)


@functools.cache
def _example_words() -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])(?:e\.[ \t]?g\.?|eg\.|for example|for instance)(?![\w-])", re.IGNORECASE)


def _example_or_instruction(inner: str) -> bool:
    """Whether a bracketed stretch gives an example, or an instruction holding no figure.

    ``[Estimate if available]`` is an instruction; ``[Estimate: 12 kg]`` is data.
    """
    if _example_words().search(inner) is not None:
        return True
    return _instruction().match(inner) is not None and not any(char.isdigit() for char in inner)


def example_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` gives examples or instructions: its bracketed spans that ``strip_examples`` removes,
    and the whole text when it is marked ``(example)`` ("0.5 kg CO2 (example)")."""
    lowered = text.lower()
    if "(example)" in lowered or "[example]" in lowered:
        return [(0, len(text))]
    if "[" not in text and "(" not in text:
        return []
    return [match.span() for match in _bracketed().finditer(text) if _example_or_instruction(match.group(1))]


def strip_examples(value: str) -> str:
    """``value`` without the bracketed or parenthesised examples and instructions inside it.

    ``NVIDIA T4 (e.g., NVIDIA V100)`` is ``NVIDIA T4``; ``[e.g., NVIDIA V100]`` and
    ``[Estimate if available]`` are empty. Read up to 1,000 characters, as placeholders are.
    """
    if "[" not in value and "(" not in value:
        return value
    found = False

    def blank(match: re.Match[str]) -> str:
        nonlocal found
        if _example_or_instruction(match.group(1)):
            found = True
            return " "
        return match.group(0)

    stripped = _bracketed().sub(blank, value[:1000])
    return " ".join(stripped.split()) if found else value


def is_placeholder(value: object) -> bool:
    """True for None and for text that carries no information."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    if _plain_placeholder(value):
        return True
    return ("[" in value or "(" in value) and _plain_placeholder(strip_examples(value))


def _plain_placeholder(value: str) -> bool:
    normalised = re.sub(r"\s+", " ", value[:1000].strip().strip("*_`\"'").strip()).lower()
    if normalised in PLACEHOLDERS:
        return True
    if any(part in normalised for part in _SUBSTRINGS):
        return True
    if normalised.startswith("[") and normalised.endswith("]") and "](" not in normalised:
        inner = normalised[1:-1].strip()
        return inner in PLACEHOLDERS or _PREFIXES.match(inner) is not None or not any(c.isdigit() for c in inner)
    return _PREFIXES.match(normalised) is not None
