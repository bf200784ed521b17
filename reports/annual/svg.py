"""Static SVG charts for the annual report, drawn on the server without a browser.

Plotly's own image export needs Chrome, and a chart library that writes CSS in
``style`` attributes is blanked by a strict Content-Security-Policy, so these few
chart shapes are drawn here with presentation attributes only. The same SVG serves
the report's pages and its PDF. Each chart's accessible name gives its figures,
and the pages put a table of its figures beside it; series differ by line pattern
and marker as well as colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from scorecard.domain.periods import period_label

WIDTH = 640
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 64, 36, 56, 44
MAX_X_LABELS = 8

# Colours with at least 3:1 contrast against white; each series also has its own
# dash pattern and marker, so colour is never the only difference.
STYLES = (
    ("#1d4f91", "", "circle"),
    ("#b1510b", "6 4", "square"),
    ("#2e7d32", "2 3", "triangle"),
    ("#6a1b9a", "10 3 2 3", "diamond"),
)


@dataclass(frozen=True)
class Line:
    name: str
    points: Sequence[float | None]  # one per period; None is a gap


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _fmt(number: float) -> str:
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis ticks covering low … high (about ``count`` of them)."""
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw_step = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    first = math.floor(low / step) * step
    ticks = []
    tick = first
    while tick < high + step * 0.999:
        ticks.append(round(tick, 10))
        tick += step
    return ticks


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" '
            f'fill="{colour}"/>'
        )
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} '
            f'{x - 4.5:.1f},{y + 3.5:.1f}" fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} '
            f'{x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    *,
    title: str,
    unit: str,
    periods: Sequence[str],
    lines: Sequence[Line],
    description: str,
) -> str:
    """A trend: one line per series over the periods, with a legend, axes and the
    unit. ``description`` is the chart's text alternative."""
    numbers = [p for line in lines for p in line.points if p is not None]
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{_attr(title)}. {_attr(description)}" '
        f'class="report-chart" font-family="Arial, Helvetica, sans-serif" '
        f'font-size="12">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>'
    )
    if not numbers or not periods:
        return (
            head + f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" '
            f'fill="#333333">No figures have been published for this metric yet.'
            "</text></svg>"
        )
    ticks = nice_ticks(min(numbers), max(numbers))
    low, high = ticks[0], ticks[-1]
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x_at(index: int) -> float:
        if len(periods) == 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * index / (len(periods) - 1)

    def y_at(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (high - low))

    parts = [head]
    for tick in ticks:
        y = y_at(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="#333333">{escape(_fmt(tick))}</text>'
        )
    every = max(1, math.ceil(len(periods) / MAX_X_LABELS))
    for index, period in enumerate(periods):
        if index % every and index != len(periods) - 1:
            continue
        parts.append(
            f'<text x="{x_at(index):.1f}" y="{HEIGHT - BOTTOM + 18}" '
            f'text-anchor="middle" fill="#333333">{escape(period_label(period))}</text>'
        )
    parts.append(
        f'<text x="12" y="{TOP - 12}" fill="#333333">{escape(unit)}</text>'
        if unit
        else ""
    )
    legend_x = LEFT
    for number, line in enumerate(lines):
        colour, dash, shape = STYLES[number % len(STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{legend_x}" y1="18" x2="{legend_x + 28}" y2="18" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            + _marker(shape, legend_x + 14, 18, colour)
            + f'<text x="{legend_x + 34}" y="22" fill="#1a1a1a">'
            f"{escape(line.name)}</text>"
        )
        legend_x += 44 + 7 * len(line.name)
        segment: list[str] = []
        segments: list[list[str]] = [segment]
        for index, value in enumerate(line.points):
            if value is None:
                segment = []
                segments.append(segment)
                continue
            segment.append(f"{x_at(index):.1f},{y_at(value):.1f}")
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" '
                    f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                )
        for index, value in enumerate(line.points):
            if value is not None:
                parts.append(_marker(shape, x_at(index), y_at(value), colour))
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}" stroke="#333333" stroke-width="1"/></svg>'
    )
    return "".join(parts)


def bar_chart(
    *,
    title: str,
    bars: Sequence[tuple[str, float | None, str]],
    description: str,
    maximum: float = 100,
) -> str:
    """Horizontal bars (label, value, value as written), e.g. each year's share of
    directional metrics that improved or stayed the same."""
    row = 34
    height = 16 + row * len(bars)
    label_w = 120
    bar_w = WIDTH - label_w - 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{_attr(title)}. {_attr(description)}" '
        f'class="report-chart" font-family="Arial, Helvetica, sans-serif" '
        f'font-size="13">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
    ]
    for index, (label, value, written) in enumerate(bars):
        y = 8 + index * row
        length = 0.0 if value is None else bar_w * max(0.0, value) / maximum
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" '
            f'fill="#1a1a1a">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="20" '
            f'fill="#eeeeee"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{length:.1f}" height="20" '
            f'fill="{"#1d4f91" if index == len(bars) - 1 else "#6b8fc2"}"/>'
            # A year with no figure has no bar: its words ("no directional
            # metrics") go in the empty track, where they fit, not after it.
            f'<text x="{label_w + (8 if value is None else bar_w + 8)}" '
            f'y="{y + 18}" fill="#1a1a1a">{escape(written)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def as_float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)
