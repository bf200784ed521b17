"""The benchmark panel's dot plot, drawn as SVG on the server (issue 19, item 4).

Pure: it takes plain figures and returns markup, reading no database. It is drawn
with the annual report's helpers (``reports.annual.svg``: presentation attributes
only, so a strict Content-Security-Policy keeps it; round axis ticks; the same
markers), one row per place, best first, so a row's place in the picture is its
place in the table beside it:

- each place's figure is a dot, and its confidence interval a line with end caps
  where it has one;
- the home area is a larger diamond, not a circle, its name is in bold and the
  word "(us)" follows it, so it is told apart by shape and words as well as
  colour;
- the group's median is a dashed line and its published figure (England's, the
  region's) a dotted one, each named in the key above the rows;
- the good direction is written under the axis ("Higher is better →");
- the picture's accessible name is its title and a sentence saying where the
  home area stands (``role="img"`` with an ``aria-label``, as the annual
  report's charts have, and the same words in its ``<title>`` and ``<desc>``),
  and the table beside it holds every figure.

Every dot is a ``<g class="dot" data-code="…">``, in row order, so a test can set
the picture against the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from reports.annual.svg import _attr, _fmt, _marker, nice_ticks

# Drawn at its own size (not stretched to the column), so its words stay the
# size of the page's on a desk and shrink only so far on a phone, where the
# table beside it says the same.
WIDTH = 480
LABEL_W = 150
RIGHT = 20
KEY_H = 56
ROW_H = 24
AXIS_H = 56
NAME_CHARS = 20

MEMBER = "#505a5f"
HOME = "#1d4f91"
MEDIAN = "#b1510b"
PUBLISHED = "#2e7d32"
INK = "#0b0c0c"


@dataclass(frozen=True)
class Dot:
    """One place's row: its figure and, where it has one, its interval."""

    code: str
    name: str
    value: Decimal
    lower: Decimal | None = None
    upper: Decimal | None = None
    is_home: bool = False


@dataclass(frozen=True)
class Mark:
    """A line across the rows at a figure: the group's median, or its published
    figure."""

    name: str
    value: Decimal


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def direction_words(direction: str) -> str:
    """The good direction as the axis says it."""
    return {
        "up": "Higher is better →",
        "down": "← Lower is better",
    }.get(direction, "No direction is better")


def dot_plot(
    *,
    dots: Sequence[Dot],
    direction: str,
    title: str,
    description: str,
    unit: str = "",
    median: Decimal | None = None,
    published: Mark | None = None,
    element_id: str = "dot-plot",
) -> str:
    """The dot plot of ``dots`` (in the order the table lists them). ``title`` and
    ``description`` are its accessible name and description; ``median`` and
    ``published`` are drawn as marked lines when given."""
    marks: list[tuple[str, Decimal, str, str]] = []
    if median is not None:
        marks.append(("The group's median", median, MEDIAN, "6 4"))
    if published is not None:
        marks.append((published.name, published.value, PUBLISHED, "2 3"))
    numbers = [float(d.value) for d in dots]
    numbers += [float(x) for d in dots for x in (d.lower, d.upper) if x is not None]
    numbers += [float(value) for _, value, _, _ in marks]
    height = KEY_H + ROW_H * max(len(dots), 1) + AXIS_H
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" role="img" '
        f'aria-label="{_attr(title)}. {_attr(description)}" '
        f'id="{_attr(element_id)}" class="dot-plot" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="14">'
        f"<title>{escape(title)}</title>"
        f"<desc>{escape(description)}</desc>"
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
    ]
    if not numbers:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{height / 2}" text-anchor="middle" '
            f'fill="{INK}">No place has a figure for this period.</text></svg>'
        )
        return "".join(parts)
    ticks = nice_ticks(min(numbers), max(numbers))
    low, high = ticks[0], ticks[-1]
    left, right = LABEL_W, WIDTH - RIGHT
    top, bottom = KEY_H, KEY_H + ROW_H * len(dots)

    def x_at(value: Decimal | float) -> float:
        return left + (right - left) * (float(value) - low) / (high - low)

    # The key: what each kind of mark is.
    key_x = 8.0
    parts.append(
        _marker("circle", key_x + 6, 16, MEMBER)
        + f'<text x="{key_x + 16}" y="20" fill="{INK}">A place</text>'
    )
    key_x += 84
    parts.append(
        _home_marker(key_x + 6, 16)
        + f'<text x="{key_x + 18}" y="20" fill="{INK}" font-weight="bold">'
        "Us</text>"
    )
    key_x += 52
    if any(d.lower is not None and d.upper is not None for d in dots):
        parts.append(
            f'<line x1="{key_x}" y1="16" x2="{key_x + 22}" y2="16" '
            f'stroke="{MEMBER}" stroke-width="2"/>'
            f'<text x="{key_x + 28}" y="20" fill="{INK}">Interval</text>'
        )
    key_x = 8.0
    for name, value, colour, dash in marks:
        label = f"{name}: {_fmt(float(value))}"
        parts.append(
            f'<line x1="{key_x}" y1="40" x2="{key_x + 22}" y2="40" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
            f'<text x="{key_x + 28}" y="44" fill="{INK}">{escape(label)}</text>'
        )
        key_x += 40 + 7 * len(label)
    # Grid and axis.
    for tick in ticks:
        x = x_at(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" '
            f'fill="#333333">{escape(_fmt(tick))}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" '
        f'stroke="#333333" stroke-width="1"/>'
    )
    axis = direction_words(direction)
    if unit:
        axis = f"{unit} · {axis}"
    anchor, axis_x = ("start", left) if direction == "down" else ("end", right)
    if direction not in ("up", "down"):
        anchor, axis_x = "middle", (left + right) // 2
    parts.append(
        f'<text x="{axis_x}" y="{bottom + 40}" text-anchor="{anchor}" '
        f'fill="{INK}" font-weight="bold" class="direction">{escape(axis)}</text>'
    )
    # The rows.
    for index, dot in enumerate(dots):
        y = top + ROW_H * index + ROW_H / 2
        if index % 2:
            parts.append(
                f'<rect x="0" y="{y - ROW_H / 2:.1f}" width="{WIDTH}" '
                f'height="{ROW_H}" fill="#f3f2f1"/>'
            )
        name = _short(dot.name) + (" (us)" if dot.is_home else "")
        weight = ' font-weight="bold"' if dot.is_home else ""
        parts.append(
            f'<text x="{LABEL_W - 10}" y="{y + 4.5:.1f}" text-anchor="end" '
            f'fill="{INK}"{weight}>{escape(name)}</text>'
        )
    for _name, value, colour, dash in marks:
        x = x_at(value)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
        )
    for index, dot in enumerate(dots):
        y = top + ROW_H * index + ROW_H / 2
        colour = HOME if dot.is_home else MEMBER
        shown = _fmt(float(dot.value))
        group = [
            f'<g class="dot{" home" if dot.is_home else ""}" '
            f'data-code="{_attr(dot.code)}" data-value="{_attr(shown)}">'
        ]
        if dot.lower is not None and dot.upper is not None:
            x1, x2 = x_at(dot.lower), x_at(dot.upper)
            group.append(
                f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>'
                f'<line x1="{x1:.1f}" y1="{y - 5:.1f}" x2="{x1:.1f}" y2="{y + 5:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>'
                f'<line x1="{x2:.1f}" y1="{y - 5:.1f}" x2="{x2:.1f}" y2="{y + 5:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        x = x_at(dot.value)
        group.append(
            _home_marker(x, y) if dot.is_home else _marker("circle", x, y, colour)
        )
        group.append("</g>")
        parts.append("".join(group))
    parts.append("</svg>")
    return "".join(parts)


def _home_marker(x: float, y: float) -> str:
    """The home area's mark: a diamond larger than a place's dot, outlined."""
    return (
        f'<polygon points="{x:.1f},{y - 8:.1f} {x + 8:.1f},{y:.1f} '
        f'{x:.1f},{y + 8:.1f} {x - 8:.1f},{y:.1f}" fill="{HOME}" '
        f'stroke="#ffffff" stroke-width="1.5"/>'
    )
