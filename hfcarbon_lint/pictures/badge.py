"""A flat README badge: a card's reporting class, and its grams of CO2eq when it reports them.

Drawn like the usual flat badges (a grey name on the left, a coloured value on the right, 20 px
high) so it sits in a row of them; the colour climbs with the class, grey for Unknown to blue
for Certified. ``badge_markdown`` is the line to paste into a README.
"""

from __future__ import annotations

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.base.escaping import for_markdown, for_markup, visible
from hfcarbon_lint.pictures.svg import CLASS_COLOURS, grams, text_width

NAME = "carbon reporting"
FONT = "Verdana, 'DejaVu Sans', Geneva, sans-serif"
SIZE = 11
PAD = 6


def badge_value(reporting_class: ReportingClass, emissions_g: float | None) -> str:
    """What the badge's right half says: ``Basic Energy Reporting · 1.24 kg``."""
    shown = reporting_class.label
    if emissions_g is not None:
        shown += f" · {grams(emissions_g)}"
    return shown


def badge_svg(reporting_class: ReportingClass, emissions_g: float | None) -> str:
    value = badge_value(reporting_class, emissions_g)
    left = round(text_width(NAME, SIZE) * 1.15) + 2 * PAD
    right = round(text_width(value, SIZE) * 1.15) + 2 * PAD
    width = left + right
    colour = CLASS_COLOURS[reporting_class.level]
    title = for_markup(f"{NAME}: {value}")

    def label(x: float, content: str) -> str:
        shown = for_markup(content)
        return (
            f'<text x="{x:.1f}" y="15" fill="#010101" fill-opacity=".3">{shown}</text>'
            f'<text x="{x:.1f}" y="14">{shown}</text>'
        )

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" viewBox="0 0 {width} 20" '
        f'role="img" aria-label="{title}">'
        f"<title>{title}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="{FONT}" font-size="{SIZE}">'
        f"{label(left / 2, NAME)}{label(left + right / 2, value)}</g></svg>\n"
    )


def badge_markdown(reporting_class: ReportingClass, emissions_g: float | None, image: str) -> str:
    """The Markdown image line for a README, with the badge's text as its alt text."""
    alt = f"{NAME}: {badge_value(reporting_class, emissions_g)}"
    return f"![{for_markdown(alt)}]({markdown_target(image)})"


def markdown_target(target: str) -> str:
    """An image's file name as a Markdown link target: in ``<...>`` when it holds a space or a parenthesis."""
    shown = visible(target).replace("<", "%3C").replace(">", "%3E")
    return f"<{shown}>" if any(char in shown for char in " ()") else shown
