"""Maps drawn on the server as inline SVG: hexagons from grid positions, or
boundaries from GeoJSON with a simple projection. Pure Python (no database).

Colour is never the only signal: every hexagon carries its area's name and figure
in words, every boundary its figure, areas with no figure are hatched and say so,
the SVG's accessible name gives the range, and the page puts a table of the figures
beside every map (STYLE.md: charts with a table beside).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape

from performance.areas import Polygon, name_key

# ColorBrewer "Blues" (sequential, colour-blind safe, prints in greyscale), light
# to dark, with the text colour that keeps 4.5:1 contrast on each.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#eff3ff", "#0b0c0c"),
    ("#bdd7e7", "#0b0c0c"),
    ("#6baed6", "#0b0c0c"),
    ("#3182bd", "#ffffff"),
    ("#08519c", "#ffffff"),
)
NO_DATA_TEXT = "No figure"
HEX_SIZE = 46  # centre to corner, in SVG units
MAP_WIDTH = 560
LINE_CHARACTERS = 12


@dataclass(frozen=True)
class MapArea:
    name: str
    code: str = ""
    column: int | None = None
    row: int | None = None
    polygons: Sequence[Polygon] = ()


@dataclass(frozen=True)
class MapFigure:
    """An area's figure: the number drawn, and the value as written."""

    number: Decimal | None
    text: str


@dataclass(frozen=True)
class Bin:
    low: Decimal
    high: Decimal
    fill: str
    ink: str
    label: str


@dataclass(frozen=True)
class AreaMap:
    svg: str  # escaped markup, safe to put in a page as it is
    bins: list[Bin]
    missing: list[str] = field(default_factory=list)  # areas with no figure
    unmatched: list[str] = field(default_factory=list)  # figures with no area


def _decimals(numbers: Sequence[Decimal]) -> int:
    places = [max(0, -n.normalize().as_tuple().exponent) for n in numbers]  # type: ignore[operator]
    return min(max(places, default=0), 2)


def _format(number: Decimal, decimals: int) -> str:
    return f"{number:,.{decimals}f}"


def colour_bins(numbers: Sequence[Decimal], count: int = len(PALETTE)) -> list[Bin]:
    """Equal-interval bins from the lowest figure to the highest, at most ``count``
    (fewer when there are fewer distinct figures). The darkest is the highest."""
    distinct = sorted(set(numbers))
    if not distinct:
        return []
    decimals = _decimals(distinct)
    count = max(1, min(count, len(distinct)))
    low, high = distinct[0], distinct[-1]
    step = (high - low) / count if count else Decimal(0)
    palette = PALETTE if count == len(PALETTE) else _spread(count)
    bins = []
    for index in range(count):
        start = low + step * index
        end = high if index == count - 1 else low + step * (index + 1)
        fill, ink = palette[index]
        label = (
            _format(start, decimals)
            if start == end
            else f"{_format(start, decimals)} to {_format(end, decimals)}"
        )
        bins.append(Bin(start, end, fill, ink, label))
    return bins


def _spread(count: int) -> tuple[tuple[str, str], ...]:
    """``count`` colours of the palette, spread from lightest to darkest."""
    if count == 1:
        return (PALETTE[2],)
    last = len(PALETTE) - 1
    return tuple(PALETTE[round(i * last / (count - 1))] for i in range(count))


def bin_for(number: Decimal, bins: Sequence[Bin]) -> Bin:
    for candidate in bins:
        if number <= candidate.high:
            return candidate
    return bins[-1]


def _lines(name: str) -> list[str]:
    """The name in at most two short lines for a hexagon."""
    words = name.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= LINE_CHARACTERS or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [
        line if len(line) <= LINE_CHARACTERS + 2 else line[:LINE_CHARACTERS] + "…"
        for line in lines
    ]


def _hatch(pattern_id: str) -> str:
    return (
        f'<defs><pattern id="{pattern_id}" width="8" height="8" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#505a5f" stroke-width="2"/>'
        "</pattern></defs>"
    )


def _summary(
    title: str, figures: dict[str, MapFigure], areas: Sequence[MapArea]
) -> str:
    known = [
        (area.name, figures[name_key(area.name)])
        for area in areas
        if name_key(area.name) in figures
        and figures[name_key(area.name)].number is not None
    ]
    if not known:
        return f"{title}: no area has a figure."
    ordered = sorted(known, key=lambda item: item[1].number or Decimal(0))
    lowest, highest = ordered[0], ordered[-1]
    return (
        f"{title}: {len(known)} of {len(areas)} areas have a figure; highest "
        f"{highest[0]} {highest[1].text}, lowest {lowest[0]} {lowest[1].text}. "
        "The figures are in the table beside the map."
    )


def draw_map(
    *,
    areas: Sequence[MapArea],
    figures: dict[str, MapFigure],
    title: str,
    map_id: str,
) -> AreaMap:
    """The map of ``figures`` (keyed by ``name_key`` of the area's name) over
    ``areas``: hexagons when the areas have grid positions, else boundaries."""
    numbers = [f.number for f in figures.values() if f.number is not None]
    bins = colour_bins(numbers)
    area_keys = {name_key(a.name) for a in areas}
    missing = [
        a.name
        for a in areas
        if figures.get(name_key(a.name)) is None
        or figures[name_key(a.name)].number is None
    ]
    unmatched = sorted(k for k in figures if k not in area_keys)
    hexagons = bool(areas) and all(
        a.column is not None and a.row is not None for a in areas
    )
    draw = _hexagons if hexagons else _boundaries
    body, width, height = draw(areas, figures, bins, f"{map_id}-none")
    svg = (
        f'<svg class="area-map" id="{escape(map_id)}" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-label="{escape(_summary(title, figures, areas))}" '
        'preserveAspectRatio="xMidYMid meet">'
        f"{_hatch(f'{map_id}-none')}{body}</svg>"
    )
    return AreaMap(svg=svg, bins=bins, missing=missing, unmatched=unmatched)


def _style(
    figure: MapFigure | None, bins: Sequence[Bin], hatch_id: str
) -> tuple[str, str, str]:
    """Fill, text colour and the figure's words for an area."""
    if figure is None or figure.number is None:
        return f"url(#{hatch_id})", "#0b0c0c", NO_DATA_TEXT
    chosen = bin_for(figure.number, bins)
    return chosen.fill, chosen.ink, figure.text


def _hexagons(
    areas: Sequence[MapArea],
    figures: dict[str, MapFigure],
    bins: Sequence[Bin],
    hatch_id: str,
) -> tuple[str, float, float]:
    """Pointy-top hexagons; odd rows shifted half a hexagon right."""
    size = HEX_SIZE
    width_step = math.sqrt(3) * size
    columns = [a.column for a in areas if a.column is not None]
    rows = [a.row for a in areas if a.row is not None]
    min_col, min_row = min(columns), min(rows)
    pad = 4.0

    def centre(column: int, row: int) -> tuple[float, float]:
        shift = 0.5 if (row - min_row) % 2 else 0.0
        x = pad + width_step * (column - min_col + 0.5 + shift)
        y = pad + size + 1.5 * size * (row - min_row)
        return x, y

    parts = []
    max_x = max_y = 0.0
    for area in areas:
        assert area.column is not None and area.row is not None
        x, y = centre(area.column, area.row)
        corners = " ".join(
            f"{x + size * math.cos(math.radians(60 * i - 30)):.1f},"
            f"{y + size * math.sin(math.radians(60 * i - 30)):.1f}"
            for i in range(6)
        )
        figure = figures.get(name_key(area.name))
        fill, ink, words = _style(figure, bins, hatch_id)
        lines = _lines(area.name)
        text_top = y - 6 * len(lines) - 2
        label = "".join(
            f'<tspan x="{x:.1f}" y="{text_top + 12 * i:.1f}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<g class="area"><title>{escape(area.name)}: {escape(words)}</title>'
            f'<polygon points="{corners}" fill="{fill}" stroke="#0b0c0c" '
            'stroke-width="1.5"/>'
            f'<text text-anchor="middle" font-size="10" fill="{ink}">{label}'
            f'<tspan x="{x:.1f}" y="{y + 12 + 6 * (len(lines) - 1):.1f}" '
            f'font-weight="bold" font-size="12">{escape(words)}</tspan></text></g>'
        )
        max_x = max(max_x, x + width_step / 2)
        max_y = max(max_y, y + size)
    return "".join(parts), max_x + pad, max_y + pad


def _boundaries(
    areas: Sequence[MapArea],
    figures: dict[str, MapFigure],
    bins: Sequence[Bin],
    hatch_id: str,
) -> tuple[str, float, float]:
    """Polygons in an equirectangular projection centred on the areas (longitude
    scaled by the cosine of the mean latitude), fitted to the map's width."""
    points = [
        point
        for area in areas
        for polygon in area.polygons
        for ring in polygon
        for point in ring
    ]
    if not points:
        return "", MAP_WIDTH, 100
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    mean_lat = math.radians((min(lats) + max(lats)) / 2)
    x_scale = math.cos(mean_lat)
    span_x = (max(lons) - min(lons)) * x_scale or 1e-9
    span_y = (max(lats) - min(lats)) or 1e-9
    pad = 6.0
    scale = (MAP_WIDTH - 2 * pad) / span_x
    if span_y * scale > MAP_WIDTH * 1.2:
        scale = MAP_WIDTH * 1.2 / span_y
    height = span_y * scale + 2 * pad
    width = span_x * scale + 2 * pad

    west, north = min(lons), max(lats)

    def project(point: list[float]) -> tuple[float, float]:
        x = pad + (point[0] - west) * x_scale * scale
        y = pad + (north - point[1]) * scale
        return x, y

    parts = []
    labels = []
    for area in areas:
        figure = figures.get(name_key(area.name))
        fill, _, words = _style(figure, bins, hatch_id)
        path = []
        largest: tuple[float, float, float] | None = None
        for polygon in area.polygons:
            for index, ring in enumerate(polygon):
                projected = [project(p) for p in ring]
                path.append(
                    "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in projected) + " Z"
                )
                if index == 0:
                    xs = [x for x, _ in projected]
                    ys = [y for _, y in projected]
                    extent = (max(xs) - min(xs)) * (max(ys) - min(ys))
                    if largest is None or extent > largest[0]:
                        largest = (
                            extent,
                            (max(xs) + min(xs)) / 2,
                            (max(ys) + min(ys)) / 2,
                        )
        parts.append(
            f'<g class="area"><title>{escape(area.name)}: {escape(words)}</title>'
            f'<path d="{" ".join(path)}" fill="{fill}" fill-rule="evenodd" '
            'stroke="#0b0c0c" stroke-width="1"/></g>'
        )
        if largest is not None:
            # Figures sit on a white halo so they read on any fill.
            labels.append(
                f'<text x="{largest[1]:.1f}" y="{largest[2] + 4:.1f}" '
                'text-anchor="middle" font-size="11" font-weight="bold" '
                'fill="#0b0c0c" stroke="#ffffff" stroke-width="3" '
                f'paint-order="stroke">{escape(words)}</text>'
            )
    return "".join(parts) + "".join(labels), width, height
