"""Reading an areas file: a hexagon layout (CSV) or boundaries (GeoJSON).

Pure Python, no database: the upload service calls these and saves what they
return, all or nothing. Every problem names the line (CSV) or feature (GeoJSON)
and the column or property, so the upload page can show it beside the file.

Hexagon layout, CSV with a header row::

    name,column,row[,code]
    Canalside,0,0,CAN

``column`` and ``row`` are whole numbers: the area's place on a grid of
"odd-row-shifted" hexagons (each odd row sits half a hexagon to the right), the
layout the ODI's and the House of Commons Library's hex maps use. No boundary data
is needed. ``q``/``r`` and ``col`` are read as ``column``/``row`` too.

Boundaries, a GeoJSON FeatureCollection whose features are Polygons or
MultiPolygons in longitude and latitude (WGS 84), each with a name property
(``name`` unless the upload says which; ``*NM`` properties such as ``WD23NM`` are
found on their own).
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

HEXAGONS = "hexagons"
BOUNDARIES = "boundaries"

MAX_AREAS = 1000
MAX_POINTS = 200_000
NAME_LENGTH = 100
CODE_LENGTH = 20
COLUMN_NAMES = {"column": "column", "col": "column", "q": "column", "x": "column"}
ROW_NAMES = {"row": "row", "r": "row", "y": "row"}

# A polygon is a list of rings (the outer one first); a ring a list of [x, y].
Ring = list[list[float]]
Polygon = list[Ring]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (line or feature, column or property)
    and what."""

    where: str
    column: str
    message: str

    def __str__(self) -> str:
        place = f"{self.where}, {self.column}" if self.column else self.where
        return f"{place}: {self.message}"


class AreaFileError(Exception):
    """The file cannot be used; ``problems`` says every reason found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class AreaShape:
    name: str
    code: str = ""
    column: int | None = None
    row: int | None = None
    polygons: list[Polygon] = field(default_factory=list)


def name_key(name: str) -> str:
    """How an area's name is matched with a breakdown group: case and spacing folded."""
    return " ".join(name.casefold().split())


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AreaFileError(
            [
                Problem(
                    "The file", "", "is not UTF-8 text; save it as UTF-8 (CSV UTF-8)."
                )
            ]
        ) from None


def read_areas_file(
    data: bytes, *, file_name: str, name_property: str = ""
) -> tuple[str, list[AreaShape]]:
    """The kind of layout (HEXAGONS or BOUNDARIES) and its areas, read from the
    file's bytes; GeoJSON is recognised by its extension or its first character."""
    text = _decode(data)
    lowered = file_name.casefold()
    if lowered.endswith((".geojson", ".json")) or text.lstrip().startswith("{"):
        return BOUNDARIES, read_geojson(text, name_property=name_property)
    if lowered.endswith(".csv") or "," in text.split("\n", 1)[0]:
        return HEXAGONS, read_hex_csv(text)
    raise AreaFileError(
        [
            Problem(
                "The file",
                "",
                "is neither a hexagon layout (CSV) nor boundaries (GeoJSON).",
            )
        ]
    )


def _check_name(problems: list[Problem], where: str, column: str, name: str) -> None:
    if not name:
        problems.append(Problem(where, column, "the area has no name."))
    elif len(name) > NAME_LENGTH:
        problems.append(
            Problem(where, column, f"a name is at most {NAME_LENGTH} characters.")
        )


def read_hex_csv(text: str) -> list[AreaShape]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise AreaFileError([Problem("Line 1", "", "the file is empty.")])
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        key = heading.strip().casefold()
        wanted = {"name": "name", "code": "code", **COLUMN_NAMES, **ROW_NAMES}.get(key)
        if wanted and wanted not in columns:
            columns[wanted] = index
    missing = [c for c in ("name", "column", "row") if c not in columns]
    if missing:
        raise AreaFileError(
            [Problem("Line 1", c, f"the header has no “{c}” column.") for c in missing]
        )
    problems: list[Problem] = []
    shapes: list[AreaShape] = []
    names: dict[str, int] = {}
    places: dict[tuple[int, int], int] = {}
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        where = f"Line {line_number}"

        def cell(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column)
            return (
                cells[index].strip() if index is not None and index < len(cells) else ""
            )

        name = cell("name")
        code = cell("code")
        _check_name(problems, where, "name", name)
        if len(code) > CODE_LENGTH:
            problems.append(
                Problem(where, "code", f"a code is at most {CODE_LENGTH} characters.")
            )
        position: list[int] = []
        for column in ("column", "row"):
            written = cell(column)
            try:
                number = int(written)
            except ValueError:
                problems.append(
                    Problem(
                        where,
                        column,
                        f"“{written}” is not a whole number."
                        if written
                        else "no grid position given.",
                    )
                )
                continue
            if not -500 <= number <= 500:
                problems.append(Problem(where, column, "must be between -500 and 500."))
                continue
            position.append(number)
        if name:
            first = names.setdefault(name_key(name), line_number)
            if first != line_number:
                problems.append(
                    Problem(where, "name", f"“{name}” is already on line {first}.")
                )
        if len(position) == 2:
            col, row = position
            taken = places.setdefault((col, row), line_number)
            if taken != line_number:
                problems.append(
                    Problem(
                        where,
                        "column",
                        f"column {col}, row {row} is already taken by line {taken}.",
                    )
                )
            shapes.append(AreaShape(name=name, code=code, column=col, row=row))
    if not shapes and not problems:
        problems.append(Problem("Line 2", "", "the file lists no areas."))
    if len(shapes) > MAX_AREAS:
        problems.append(Problem("The file", "", f"has more than {MAX_AREAS} areas."))
    if problems:
        raise AreaFileError(problems)
    return shapes


def _find_name_property(properties: dict[str, Any], wanted: str) -> str | None:
    if wanted:
        return wanted if wanted in properties else None
    for key in ("name", "Name", "NAME"):
        if key in properties:
            return key
    for key in properties:
        if key.upper().endswith("NM"):
            return key
    return None


def _find_code_property(properties: dict[str, Any]) -> str | None:
    for key in ("code", "Code", "CODE"):
        if key in properties:
            return key
    for key in properties:
        if key.upper().endswith("CD"):
            return key
    return None


def _ring(coordinates: Any) -> Ring | None:
    if not isinstance(coordinates, list) or len(coordinates) < 4:
        return None
    ring: Ring = []
    for point in coordinates:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(
                isinstance(c, int | float) and not isinstance(c, bool)
                for c in point[:2]
            )
        ):
            return None
        x, y = float(point[0]), float(point[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            return None
        ring.append([round(x, 6), round(y, 6)])
    return ring


def _polygons(geometry: Any) -> list[Polygon] | str:
    """The geometry's polygons, or what is wrong with it."""
    if not isinstance(geometry, dict):
        return "the feature has no geometry."
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    raw: list[Any] | None
    if kind == "Polygon":
        raw = [coordinates]
    elif kind == "MultiPolygon":
        raw = coordinates if isinstance(coordinates, list) else None
    else:
        return f"the geometry is a {kind}, not a Polygon or MultiPolygon."
    if not raw:
        return "the geometry has no coordinates."
    polygons: list[Polygon] = []
    for polygon in raw:
        if not isinstance(polygon, list) or not polygon:
            return "a polygon has no rings."
        rings = [_ring(r) for r in polygon]
        if any(r is None for r in rings):
            return (
                "a ring needs at least four [longitude, latitude] points, in "
                "degrees (WGS 84)."
            )
        polygons.append([r for r in rings if r is not None])
    return polygons


def read_geojson(text: str, *, name_property: str = "") -> list[AreaShape]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise AreaFileError(
            [Problem(f"Line {error.lineno}", "", f"not valid JSON ({error.msg}).")]
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise AreaFileError(
            [Problem("The file", "type", "is not a GeoJSON FeatureCollection.")]
        )
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise AreaFileError([Problem("The file", "features", "lists no features.")])
    if len(features) > MAX_AREAS:
        raise AreaFileError(
            [Problem("The file", "features", f"has more than {MAX_AREAS} areas.")]
        )
    problems: list[Problem] = []
    shapes: list[AreaShape] = []
    names: dict[str, int] = {}
    points = 0
    for number, feature in enumerate(features, start=1):
        where = f"Feature {number}"
        if not isinstance(feature, dict):
            problems.append(Problem(where, "", "is not a GeoJSON Feature."))
            continue
        properties = feature.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        key = _find_name_property(properties, name_property)
        if key is None:
            problems.append(
                Problem(
                    where,
                    name_property or "name",
                    "has no name property"
                    + (f" “{name_property}”." if name_property else "."),
                )
            )
            continue
        name = str(properties.get(key) or "").strip()
        _check_name(problems, where, key, name)
        code_key = _find_code_property(properties)
        code = str(properties.get(code_key) or "").strip() if code_key else ""
        polygons = _polygons(feature.get("geometry"))
        if isinstance(polygons, str):
            problems.append(Problem(where, "geometry", polygons))
            continue
        points += sum(len(ring) for polygon in polygons for ring in polygon)
        if name:
            first = names.setdefault(name_key(name), number)
            if first != number:
                problems.append(
                    Problem(where, key, f"“{name}” is already feature {first}.")
                )
        shapes.append(AreaShape(name=name, code=code[:CODE_LENGTH], polygons=polygons))
    if points > MAX_POINTS:
        problems.append(
            Problem(
                "The file",
                "geometry",
                f"has {points:,} points; simplify the boundaries to at most "
                f"{MAX_POINTS:,} (mapshaper.org does this).",
            )
        )
    if problems:
        raise AreaFileError(problems)
    return shapes
