"""The A-E label as one self-contained SVG image, laid out as the authors' label.

The layout follows the label of Castaño et al.'s replication package (GAISSA-UPC/ML-EnergyLabel,
``app/label_design/``), drawn anew: a framed portrait card; the model's name and task on top; the
A-E scale as coloured arrows of growing length with the model's letter in a black marker beside
its row; under a rule, the five attributes as pictograms coloured by their own letter (grey with
"not known" when missing), with the value and what it is. Our footer names the reference
population the letters compare the model with, and its date.

No font file, script or external image: it renders the same on GitHub, on the Hub and in any
browser. ``<title>`` and ``<desc>`` carry the text alternative (``alt_text``).
"""

from __future__ import annotations

from collections.abc import Callable

from hfcarbon_lint.base.escaping import for_markup, visible
from hfcarbon_lint.label.compute import LabelResult, SubRating
from hfcarbon_lint.label.reference import LETTERS
from hfcarbon_lint.pictures.svg import (
    FONT,
    FRAME_COLOUR,
    LETTER_COLOURS,
    MISSING_COLOUR,
    count,
    grams,
    size_bytes,
    text,
)

WIDTH, HEIGHT = 400, 680
CAPTIONS = {
    "emissions": "CO₂eq, training",
    "size_efficiency": "Model size",
    "datasets_size_efficiency": "Dataset size",
    "downloads": "Downloads",
    "performance": "Performance",
}
SHORT = {
    "emissions": "emissions",
    "size_efficiency": "model size",
    "datasets_size_efficiency": "dataset size",
    "downloads": "downloads",
    "performance": "performance",
}
# Where each attribute sits, as on the authors' label: performance, CO2 and downloads in a row,
# model size and dataset size under them. (centre x, top of the pictogram)
PLACES = {
    "performance": (72.0, 384.0),
    "emissions": (200.0, 384.0),
    "downloads": (328.0, 384.0),
    "size_efficiency": (136.0, 512.0),
    "datasets_size_efficiency": (264.0, 512.0),
}
NOT_KNOWN = "not known"


def shown_value(result: LabelResult, sub: SubRating) -> str:
    """The attribute as the label prints it: the quantity itself (a size, not the size per gram)."""
    if sub.value is None:
        return NOT_KNOWN
    if sub.attribute == "emissions":
        return grams(sub.value)
    if sub.attribute in ("size_efficiency", "datasets_size_efficiency"):
        emissions = result.sub_rating("emissions").value
        return size_bytes(sub.value * emissions) if emissions is not None else NOT_KNOWN
    if sub.attribute == "downloads":
        return count(sub.value)
    return f"{sub.value:.2f}"


def alt_text(result: LabelResult, model: str) -> str:
    """One sentence for a screen reader, and the image's alt text in a card."""
    name = visible(model)
    if result.label is None:
        head = f"Carbon-efficiency label of {name}: none ({result.why})"
    else:
        head = f"Carbon-efficiency label {result.label} (A best, E worst) for {name}"
    parts = []
    for sub in result.sub_ratings:
        value = shown_value(result, sub)
        parts.append(f"{SHORT[sub.attribute]} {value}" + (f" {sub.letter}" if sub.letter else ""))
    return (
        f"{head}: {', '.join(parts)}; rated against {result.population_short or result.reference} ({result.reference})."
    )


def label_svg(result: LabelResult, model: str, task: str = "Training") -> str:
    """The label of ``model`` as an SVG document (text)."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="title desc" font-family="{FONT}">',
        f'<title id="title">{for_markup(f"Carbon-efficiency label: {result.label or chr(8211)}")}</title>',
        f'<desc id="desc">{for_markup(alt_text(result, model))}</desc>',
        f'<rect x="4" y="4" width="{WIDTH - 8}" height="{HEIGHT - 8}" rx="16" fill="#fff" '
        f'stroke="{FRAME_COLOUR}" stroke-width="6"/>',
    ]
    out += _header()
    out.append(text(22, 98, model, size=21, weight="bold", fit=WIDTH - 44))
    out.append(text(22, 121, task, size=14, fill="#333"))
    out.append(text(WIDTH - 22, 121, f"{result.mode} mode", size=12, anchor="end", fill="#555"))
    out.append(f'<line x1="20" y1="134" x2="{WIDTH - 20}" y2="134" stroke="#222" stroke-width="1"/>')
    out += _scale(result)
    out.append(f'<line x1="20" y1="370" x2="{WIDTH - 20}" y2="370" stroke="#222" stroke-width="1"/>')
    for sub in result.sub_ratings:
        out += _attribute(result, sub)
    out += _footer(result)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _header() -> list[str]:
    leaf = (
        '<g transform="translate(22 20)">'
        f'<circle cx="26" cy="26" r="23" fill="none" stroke="{LETTER_COLOURS["A"]}" stroke-width="6"/>'
        f'<path d="M14 36 C14 18 28 12 40 12 C40 28 32 38 18 38 Z" fill="{LETTER_COLOURS["A"]}"/>'
        '<path d="M16 36 L33 20" stroke="#fff" stroke-width="2"/></g>'
    )
    return [
        leaf,
        text(82, 60, "CARBON", size=40, weight="bold", fill=FRAME_COLOUR, fit=172),
        text(WIDTH - 22, 40, "efficiency label", size=12, anchor="end", fill="#555"),
        text(WIDTH - 22, 56, "after Castaño et al.", size=11, anchor="end", fill="#555"),
        text(WIDTH - 22, 70, "ESEM 2023", size=11, anchor="end", fill="#555"),
    ]


def _scale(result: LabelResult) -> list[str]:
    out = []
    for i, letter in enumerate(LETTERS):
        top = 146 + i * 44
        length = 118 + 30 * i
        out.append(
            f'<path d="M20 {top} H{20 + length} L{40 + length} {top + 18} L{20 + length} {top + 36} H20 Z" '
            f'fill="{LETTER_COLOURS[letter]}"/>'
        )
        out.append(text(32, top + 28, letter, size=27, weight="bold", fill="#fff"))
    if result.label is None:
        top = 146 + 2 * 44
        out.append(_marker(top, "–", MISSING_COLOUR))
        out.append(text(WIDTH - 22, top + 56, "no label", size=12, anchor="end", fill="#555"))
        return out
    top = 146 + LETTERS.index(result.label) * 44
    out.append(_marker(top, result.label, "#111"))
    return out


def _marker(top: float, letter: str, colour: str) -> str:
    left, right = 292, WIDTH - 22
    return (
        f'<g id="rating"><path d="M{left} {top + 18} L{left + 20} {top - 2} H{right} V{top + 38} H{left + 20} Z" '
        f'fill="{colour}"/>'
        + text((left + 20 + right) / 2, top + 30, letter, size=34, weight="bold", anchor="middle", fill="#fff")
        + "</g>"
    )


def _attribute(result: LabelResult, sub: SubRating) -> list[str]:
    cx, top = PLACES[sub.attribute]
    colour = LETTER_COLOURS[sub.letter] if sub.letter else MISSING_COLOUR
    value = shown_value(result, sub)
    out = [
        f'<g id="{sub.attribute}"><g transform="translate({cx - 28:.0f} {top:.0f})">{ICONS[sub.attribute](colour)}</g>'
    ]
    if sub.letter:
        out.append(f'<circle cx="{cx + 30:.0f}" cy="{top + 6:.0f}" r="12" fill="{colour}"/>')
        out.append(text(cx + 30, top + 12, sub.letter, size=16, weight="bold", anchor="middle", fill="#fff"))
    known = sub.value is not None
    out.append(
        text(
            cx,
            top + 82,
            value,
            size=17 if known else 14,
            weight="bold" if known else "normal",
            anchor="middle",
            fill="#111" if known else "#777",
            fit=118,
        )
    )
    out.append(text(cx, top + 100, CAPTIONS[sub.attribute], size=12, anchor="middle", fill="#444"))
    out.append("</g>")
    return out


def _footer(result: LabelResult) -> list[str]:
    against = result.population_short or "the reference population"
    return [
        f'<line x1="20" y1="{HEIGHT - 56}" x2="{WIDTH - 20}" y2="{HEIGHT - 56}" stroke="#ccc" stroke-width="1"/>',
        text(WIDTH / 2, HEIGHT - 38, f"Rated against {against}", size=10, anchor="middle", fill="#555", fit=WIDTH - 40),
        text(
            WIDTH / 2,
            HEIGHT - 22,
            f"reference {result.reference} · A best, E worst · hfcarbon-lint",
            size=10,
            anchor="middle",
            fill="#555",
            fit=WIDTH - 40,
        ),
    ]


# Pictograms in a 56x56 box, drawn in the attribute's colour (strokes only, like the authors' icons).
def _cloud(colour: str) -> str:
    return (
        f'<path d="M12 40 C2 40 2 26 12 26 C12 14 28 10 33 20 C40 12 52 18 49 29 C57 31 56 40 48 40 Z" '
        f'fill="none" stroke="{colour}" stroke-width="3.5" stroke-linejoin="round"/>'
        f'<text x="28" y="36" font-size="12" font-weight="bold" text-anchor="middle" fill="{colour}">CO₂</text>'
        f'<path d="M20 44 V54 M16 50 L20 55 L24 50 M36 44 V54 M32 50 L36 55 L40 50" fill="none" '
        f'stroke="{colour}" stroke-width="3" stroke-linecap="round"/>'
    )


def _download(colour: str) -> str:
    return (
        f'<path d="M28 6 V36 M16 25 L28 37 L40 25" fill="none" stroke="{colour}" stroke-width="4.5" '
        f'stroke-linecap="round" stroke-linejoin="round"/>'
        f'<path d="M8 38 V50 H48 V38" fill="none" stroke="{colour}" stroke-width="4.5" stroke-linejoin="round"/>'
    )


def _podium(colour: str) -> str:
    return (
        f'<path d="M6 52 V36 H20 V24 H36 V40 H50 V52 Z" fill="none" stroke="{colour}" stroke-width="3.5" '
        f'stroke-linejoin="round"/>'
        f'<path d="M28 5 L31 11 L38 12 L33 17 L34 24 L28 21 L22 24 L23 17 L18 12 L25 11 Z" fill="{colour}"/>'
        f'<text x="28" y="46" font-size="12" font-weight="bold" text-anchor="middle" fill="{colour}">1</text>'
    )


def _chip(colour: str) -> str:
    pins = "".join(f"M{p} 6 V12 M{p} 44 V50 M6 {p} H12 M44 {p} H50 " for p in (20, 28, 36))
    return (
        f'<rect x="12" y="12" width="32" height="32" rx="3" fill="none" stroke="{colour}" stroke-width="3.5"/>'
        f'<path d="{pins.strip()}" stroke="{colour}" stroke-width="3" stroke-linecap="round"/>'
        f'<rect x="21" y="21" width="14" height="14" fill="{colour}"/>'
    )


def _database(colour: str) -> str:
    return (
        f'<ellipse cx="28" cy="12" rx="18" ry="6" fill="none" stroke="{colour}" stroke-width="3.5"/>'
        f'<path d="M10 12 V44 C10 52 46 52 46 44 V12 M10 23 C10 31 46 31 46 23 M10 34 C10 42 46 42 46 34" '
        f'fill="none" stroke="{colour}" stroke-width="3.5"/>'
    )


ICONS: dict[str, Callable[[str], str]] = {
    "emissions": _cloud,
    "size_efficiency": _chip,
    "datasets_size_efficiency": _database,
    "downloads": _download,
    "performance": _podium,
}
