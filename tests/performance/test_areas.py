"""Reading the areas file: hexagon layouts (CSV) and boundaries (GeoJSON), with
every problem named by line or feature and column."""

import json

import pytest

from performance.areas import (
    BOUNDARIES,
    HEXAGONS,
    AreaFileError,
    read_areas_file,
    read_geojson,
    read_hex_csv,
)


def square(x: float, y: float, size: float = 0.01) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def feature(name: object, geometry: object, **properties: object) -> dict:
    return {
        "type": "Feature",
        "properties": {"name": name, **properties},
        "geometry": geometry,
    }


def collection(*features: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def problems(error: pytest.ExceptionInfo[AreaFileError]) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_a_hex_layout_reads_names_positions_and_codes():
    shapes = read_hex_csv("name,column,row,code\nCanalside,0,0,CAN\nSpon Gate,1,0,\n")
    assert [(s.name, s.column, s.row, s.code) for s in shapes] == [
        ("Canalside", 0, 0, "CAN"),
        ("Spon Gate", 1, 0, ""),
    ]


def test_a_hex_layout_accepts_q_and_r_a_byte_order_mark_and_blank_lines():
    kind, shapes = read_areas_file(
        "\ufeffName,Q,R\n\nCanalside,3,-1\n".encode(), file_name="wards.csv"
    )
    assert kind == HEXAGONS
    assert (shapes[0].column, shapes[0].row) == (3, -1)


def test_a_hex_layout_without_a_row_column_says_so():
    with pytest.raises(AreaFileError) as error:
        read_hex_csv("name,column\nCanalside,0\n")
    assert problems(error) == ["Line 1, row: the header has no “row” column."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name,column,row\n,0,0\n", "Line 2, name: the area has no name."),
        (
            "name,column,row\nCanalside,one,0\n",
            "Line 2, column: “one” is not a whole number.",
        ),
        ("name,column,row\nCanalside,0,\n", "Line 2, row: no grid position given."),
        (
            "name,column,row\nCanalside,0,0\ncanalside,1,0\n",
            "Line 3, name: “canalside” is already on line 2.",
        ),
        (
            "name,column,row\nCanalside,0,0\nSpon Gate,0,0\n",
            "Line 3, column: column 0, row 0 is already taken by line 2.",
        ),
        ("name,column,row\n", "Line 2: the file lists no areas."),
        (
            "name,column,row\nCanalside,9999,0\n",
            "Line 2, column: must be between -500 and 500.",
        ),
    ],
)
def test_a_hex_layout_with_a_problem_names_its_line_and_column(text, expected):
    with pytest.raises(AreaFileError) as error:
        read_hex_csv(text)
    assert expected in problems(error)


def test_every_problem_in_a_file_is_reported_at_once():
    with pytest.raises(AreaFileError) as error:
        read_hex_csv("name,column,row\n,0,0\nSpon Gate,x,y\n")
    assert len(error.value.problems) == 3


def test_boundaries_read_polygons_and_multipolygons():
    text = collection(
        feature("Canalside", {"type": "Polygon", "coordinates": [square(-1.5, 52.4)]}),
        feature(
            "Spon Gate",
            {
                "type": "MultiPolygon",
                "coordinates": [[square(-1.52, 52.41)], [square(-1.53, 52.42)]],
            },
            code="E05001",
        ),
    )
    kind, shapes = read_areas_file(text.encode(), file_name="wards.geojson")
    assert kind == BOUNDARIES
    assert [s.name for s in shapes] == ["Canalside", "Spon Gate"]
    assert len(shapes[1].polygons) == 2
    assert shapes[1].code == "E05001"


def test_boundaries_find_an_ons_style_name_property():
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"WD23CD": "E05001", "WD23NM": "Canalside"},
                    "geometry": {"type": "Polygon", "coordinates": [square(0, 0)]},
                }
            ],
        }
    )
    [shape] = read_geojson(text)
    assert (shape.name, shape.code) == ("Canalside", "E05001")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{not json",
            "Line 1: not valid JSON (Expecting property name enclosed in double "
            "quotes).",
        ),
        ('{"type": "Feature"}', "The file, type: is not a GeoJSON FeatureCollection."),
        (
            '{"type": "FeatureCollection", "features": []}',
            "The file, features: lists no features.",
        ),
        (
            collection(feature("Canalside", {"type": "Point", "coordinates": [0, 0]})),
            "Feature 1, geometry: the geometry is a Point, not a Polygon or "
            "MultiPolygon.",
        ),
        (
            collection(
                feature(
                    "Canalside", {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}
                )
            ),
            "Feature 1, geometry: a ring needs at least four [longitude, latitude] "
            "points, in degrees (WGS 84).",
        ),
        (
            collection(
                feature(
                    "Canalside",
                    {"type": "Polygon", "coordinates": [square(400000, 250000)]},
                )
            ),
            "Feature 1, geometry: a ring needs at least four [longitude, latitude] "
            "points, in degrees (WGS 84).",
        ),
        (
            collection(feature("", {"type": "Polygon", "coordinates": [square(0, 0)]})),
            "Feature 1, name: the area has no name.",
        ),
    ],
)
def test_boundaries_with_a_problem_name_the_feature(text, expected):
    with pytest.raises(AreaFileError) as error:
        read_geojson(text)
    assert expected in problems(error)


def test_a_named_property_that_is_missing_is_reported():
    text = collection(
        feature("Canalside", {"type": "Polygon", "coordinates": [square(0, 0)]})
    )
    with pytest.raises(AreaFileError) as error:
        read_geojson(text, name_property="WD23NM")
    assert problems(error) == ["Feature 1, WD23NM: has no name property “WD23NM”."]


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(AreaFileError) as error:
        read_areas_file(
            "name,column,row\nCañalside,0,0\n".encode("latin-1"), file_name="a.csv"
        )
    assert "UTF-8" in problems(error)[0]
