"""Figures as inline SVG, drawn from plain numbers: no plotting library, so a page needs nothing installed.

Each function returns one ``<figure>`` (an ``<svg>`` with a text alternative and a caption).
Every label that came from data (a domain, a month, a class name) is escaped by ``svg.text``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hfcarbon_lint.base.escaping import for_markup
from hfcarbon_lint.pictures.svg import FONT, text, text_width

WIDTH = 960


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    note: str = ""  # printed after the bar: "12 (3.4 %)"


def _figure(svg_body: str, height: float, caption: str, alt: str, width: float = WIDTH) -> str:
    return (
        f'<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{for_markup(alt)}" font-family="{FONT}">'
        f"{svg_body}</svg><figcaption>{for_markup(caption)}</figcaption></figure>"
    )


def horizontal_bars(bars: Sequence[Bar], caption: str, *, log: bool = False, unit: str = "") -> str:
    """One bar per row, label on the left, value noted at the bar's end; ``log``: a log10 scale."""
    if not bars:
        return _empty(caption)
    label_width = min(260.0, max(text_width(b.label, 13) for b in bars) + 16)
    note_width = max(text_width(b.note, 12) for b in bars) + 12
    span = WIDTH - label_width - note_width - 10
    values = [b.value for b in bars]

    def length(value: float) -> float:
        if log:
            positive = [v for v in values if v > 0]
            low = math.floor(math.log10(min(positive))) if positive else 0
            high = math.log10(max(positive)) if positive else 1
            return span * (math.log10(value) - low + 0.15) / (high - low + 0.15) if value > 0 else 0.0
        top = max(values) or 1.0
        return span * value / top

    row = 26
    body = []
    for i, bar in enumerate(bars):
        y = 8 + i * row
        size = max(length(bar.value), 1.0 if bar.value > 0 else 0.0)
        body.append(text(label_width - 8, y + 15, bar.label, size=13, anchor="end", fit=label_width - 12))
        body.append(f'<rect x="{label_width:.1f}" y="{y:.1f}" width="{size:.1f}" height="19" fill="{bar.colour}"/>')
        body.append(text(label_width + size + 6, y + 15, bar.note, size=12, fill="#333"))
    height = 16 + len(bars) * row
    scale = " (log scale)" if log else ""
    alt = caption + scale + ": " + "; ".join(f"{b.label} {b.note}" for b in bars)
    return _figure("".join(body), height, caption + scale + (f", {unit}" if unit else ""), alt)


def columns(bars: Sequence[Bar], caption: str) -> str:
    """Vertical bars with their label under them (the A-E distribution)."""
    if not bars:
        return _empty(caption)
    width = 80 * len(bars) + 40
    top = max(b.value for b in bars) or 1.0
    plot = 160.0
    body = []
    for i, bar in enumerate(bars):
        x = 30 + i * 80
        h = plot * bar.value / top
        body.append(f'<rect x="{x}" y="{30 + plot - h:.1f}" width="60" height="{h:.1f}" fill="{bar.colour}"/>')
        body.append(text(x + 30, 24 + plot - h, bar.note, size=12, anchor="middle", fill="#333"))
        body.append(text(x + 30, 52 + plot, bar.label, size=16, weight="bold", anchor="middle"))
    alt = caption + ": " + "; ".join(f"{b.label} {b.note}" for b in bars)
    return _figure("".join(body), plot + 64, caption, alt, width=max(width, 200))


def monthly_line(
    points: Sequence[tuple[str, float | None, int]],
    caption: str,
    *,
    unit: str = "%",
    counted: str = "models per month",
) -> str:
    """A monthly series: (``YYYY-MM``, value or None, n), each month at its place (``calendar`` fills the
    missing ones); a month without a value is a gap in the line, and n is drawn as grey bars below."""
    if not points:
        return _empty(caption)
    left, right, top, plot, below = 56.0, 16.0, 14.0, 180.0, 50.0
    span = WIDTH - left - right
    values = [v for _, v, _ in points if v is not None]
    high = max(values) if values else 1.0
    high = _nice(high if high > 0 else 1.0)
    step = span / max(len(points), 1)
    most = max(n for _, _, n in points) or 1
    body = [f'<line x1="{left}" y1="{top + plot}" x2="{WIDTH - right}" y2="{top + plot}" stroke="#999"/>']
    for tick in (0.0, high / 2, high):
        y = top + plot - plot * tick / high
        shown = f"{tick:g} {unit}"
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#eee"/>')
        body.append(text(left - 6, y + 4, shown, size=11, anchor="end", fill="#555"))
    path: list[str] = []
    for i, (_month, value, n) in enumerate(points):
        x = left + step * (i + 0.5)
        bar = 30 * n / most
        body.append(
            f'<rect x="{x - step * 0.35:.1f}" y="{top + plot + below - bar:.1f}" width="{step * 0.7:.1f}" '
            f'height="{bar:.1f}" fill="#c8c8c8"/>'
        )
        if value is None:
            path.append("")
            continue
        y = top + plot - plot * value / high
        path.append(f"{x:.1f} {y:.1f}")
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#1f77b4"/>')
    segments = " ".join(_segments(path))
    if segments:
        body.insert(1, f'<path d="{segments}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
    every = max(1, math.ceil(len(points) / 12))
    for i, (month, _, _) in enumerate(points):
        if i % every == 0:
            x = left + step * (i + 0.5)
            body.append(text(x, top + plot + below + 16, month, size=11, anchor="middle", fill="#555"))
    body.append(text(8, top + plot + below - 4, "n", size=11, fill="#777"))
    described = [f"{m} {v:.3g} {unit}" for m, v, _ in points if v is not None]
    alt = caption + ": " + ", ".join(described[:60]) + (" …" if len(described) > 60 else "")
    return _figure("".join(body), top + plot + below + 24, caption + f" (grey bars: {counted})", alt)


def calendar(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), inclusive; at most fifty years, the latest kept."""
    start = int(first[:4]) * 12 + int(first[5:7]) - 1
    end = int(last[:4]) * 12 + int(last[5:7]) - 1
    start = max(start, end - 600)  # a wrong date, not a series
    return [f"{code // 12:04d}-{code % 12 + 1:02d}" for code in range(start, end + 1)]


def _segments(points: list[str]) -> list[str]:
    out: list[str] = []
    pen_up = True
    for point in points:
        if not point:
            pen_up = True
            continue
        out.append(("M" if pen_up else "L") + point)
        pen_up = False
    return out


def _nice(value: float) -> float:
    """A round axis maximum at or above ``value``: 1, 2, 2.5, 5 or 10 times a power of ten."""
    power = 10.0 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= value:
            return float(factor * power)
    return 10.0 * power


def _empty(caption: str) -> str:
    return (
        f'<figure class="empty"><p>No data for this figure.</p><figcaption>{for_markup(caption)}</figcaption></figure>'
    )
