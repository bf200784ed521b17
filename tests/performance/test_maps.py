"""Maps drawn as SVG: hexagons and boundaries, a colour scale that is not the only
signal, and an accessible name that gives the figures."""

from decimal import Decimal

from performance.maps import (
    NO_DATA_TEXT,
    PALETTE,
    MapArea,
    MapFigure,
    bin_for,
    colour_bins,
    draw_map,
)

HEXES = [
    MapArea("Canalside", column=0, row=0),
    MapArea("Spon Gate", column=1, row=0),
    MapArea("Hearsall Common", column=0, row=1),
]


def figures(**values: str) -> dict[str, MapFigure]:
    return {
        name.replace("_", " ").casefold(): MapFigure(Decimal(text), text)
        for name, text in values.items()
    }


def test_bins_run_from_the_lowest_figure_to_the_highest_darkest_last():
    bins = colour_bins([Decimal(0), Decimal(10), Decimal(5), Decimal(7), Decimal(2)])
    assert [b.label for b in bins] == [
        "0 to 2",
        "2 to 4",
        "4 to 6",
        "6 to 8",
        "8 to 10",
    ]
    assert [b.fill for b in bins] == [fill for fill, _ in PALETTE]
    assert bin_for(Decimal(10), bins).fill == PALETTE[-1][0]
    assert bin_for(Decimal(0), bins).fill == PALETTE[0][0]


def test_fewer_distinct_figures_make_fewer_bins():
    bins = colour_bins([Decimal("1.5"), Decimal("2.5")])
    assert [b.label for b in bins] == ["1.5 to 2.0", "2.0 to 2.5"]
    assert colour_bins([]) == []
    assert [b.label for b in colour_bins([Decimal(3)])] == ["3"]


def test_a_hex_map_writes_each_areas_name_and_figure_on_it():
    drawn = draw_map(
        areas=HEXES,
        figures=figures(canalside="12.5", spon_gate="8.0"),
        title="Rough sleepers by ward, 2025-26",
        map_id="map-test",
    )
    svg = drawn.svg
    assert svg.startswith('<svg class="area-map" id="map-test"')
    assert 'role="img"' in svg
    assert svg.count("<polygon") == 3
    for words in ("Canalside", "12.5", "Spon Gate", "8.0", "Hearsall", "Common"):
        assert f">{words}<" in svg
    # The area with no figure is hatched and says so.
    assert f">{NO_DATA_TEXT}<" in svg
    assert 'fill="url(#map-test-none)"' in svg
    assert drawn.missing == ["Hearsall Common"]
    assert (
        'aria-label="Rough sleepers by ward, 2025-26: 2 of 3 areas have a figure; '
        "highest Canalside 12.5, lowest Spon Gate 8.0. The figures are in the table "
        'beside the map."'
    ) in svg


def test_names_and_figures_are_escaped():
    drawn = draw_map(
        areas=[MapArea("<b>Spon</b> & Gate", column=0, row=0)],
        figures={"<b>spon</b> & gate": MapFigure(Decimal(1), "1 <i>")},
        title="T",
        map_id="m",
    )
    assert "<b>" not in drawn.svg and "<i>" not in drawn.svg
    assert "&lt;b&gt;Spon&lt;/b&gt;" in drawn.svg


def test_figures_for_groups_with_no_area_are_listed():
    drawn = draw_map(areas=HEXES, figures=figures(elsewhere="3"), title="T", map_id="m")
    assert drawn.unmatched == ["elsewhere"]


def test_boundaries_are_projected_into_paths_with_their_figures():
    west = [
        [
            [
                [-1.55, 52.40],
                [-1.52, 52.40],
                [-1.52, 52.42],
                [-1.55, 52.42],
                [-1.55, 52.40],
            ]
        ]
    ]
    east = [
        [
            [
                [-1.52, 52.40],
                [-1.49, 52.40],
                [-1.49, 52.42],
                [-1.52, 52.42],
                [-1.52, 52.40],
            ]
        ]
    ]
    drawn = draw_map(
        areas=[MapArea("West", polygons=west), MapArea("East", polygons=east)],
        figures=figures(west="4", east="9"),
        title="T",
        map_id="m",
    )
    assert drawn.svg.count("<path") == 2
    assert ">4<" in drawn.svg and ">9<" in drawn.svg
    # Longitude is scaled by the cosine of the latitude: wider than tall, as on a map.
    assert 'viewBox="0 0 560 ' in drawn.svg
