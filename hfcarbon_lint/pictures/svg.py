"""Small pieces shared by the images and the pages: colours, number formats, text widths."""

from __future__ import annotations

import math

from hfcarbon_lint.base.escaping import for_markup

# The EU energy label's scale, green (A) to red (E), as the authors' label draws it.
LETTER_COLOURS = {"A": "#3a9a3a", "B": "#a8b82c", "C": "#f2b517", "D": "#ec7a22", "E": "#dc2a23"}
MISSING_COLOUR = "#9a9a9a"
FRAME_COLOUR = "#1f8f8a"
FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

# Reporting classes, level 0 to 5: grey (nothing reported) to green (measured and certified).
CLASS_COLOURS = ("#9f9f9f", "#e05d44", "#dfb317", "#97ca00", "#4c1", "#007ec6")

_NARROW = set("fijlrtI.,:;'|!()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of ``text``'s width in a Helvetica-like font (enough to size a badge or fit a line)."""
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.3
        elif char in _WIDE:
            units += 0.85
        elif char.isupper() or char.isdigit():
            units += 0.64 if char.isupper() else 0.56
        else:
            units += 0.53
    return units * size * (1.07 if bold else 1.0)


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: float,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = "#1a1a1a",
    fit: float | None = None,
    extra: str = "",
) -> str:
    """One ``<text>`` element; ``content`` is escaped here. ``fit``: squeeze to at most that width."""
    squeeze = ""
    if fit is not None and text_width(content, size, weight == "bold") > fit:
        squeeze = f' textLength="{fit:.0f}" lengthAdjust="spacingAndGlyphs"'
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" font-weight="{weight}" text-anchor="{anchor}" '
        f'fill="{fill}"{squeeze}{extra}>{for_markup(content)}</text>'
    )


def grams(value: float) -> str:
    """Grams of CO2eq as a reader says them: 3.5 g, 1.24 kg, 2.1 t."""
    if value >= 1e6:
        return f"{value / 1e6:,.3g} t"
    if value >= 1e3:
        return f"{value / 1e3:,.3g} kg"
    return f"{value:,.3g} g" if value >= 0.01 else f"{value:.2g} g"


def size_bytes(value: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= scale:
            return f"{value / scale:,.3g} {unit}"
    return f"{value:,.0f} B"


def count(value: float) -> str:
    if not math.isfinite(value):
        return "–"
    return f"{value:,.0f}"
