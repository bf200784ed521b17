"""Member rows in the tidy format (issue 19): other places' figures, the groups
and versions they name, and the files that are wrong, refused by row and column
with nothing changed."""

from decimal import Decimal

import pytest

from reports.models import ImportRun
from reports.opendata.headers import group_version_text, read_group_version
from reports.opendata.records import OpenDataError
from reports.services.imports import import_run_undo
from scorecard.models import (
    ComparatorGroup,
    GroupMember,
    GroupVersion,
    MemberValue,
    Metric,
    Place,
)
from tests import factories
from tests.reports.helpers import csv_text, import_text

pytestmark = pytest.mark.django_db

COLUMNS = [
    "metric_code",
    "metric",
    "unit",
    "good_direction",
    "period",
    "revision",
    "scope",
    "scope_kind",
    "value",
    "value_number",
    "lower_ci",
    "upper_ci",
    "comparator_group",
    "group_version",
    "rank",
    "area_code",
]


def row(**cells):
    defaults = {
        "metric_code": "SV001",
        "metric": "Rough sleepers",
        "unit": "number",
        "good_direction": "down",
        "period": "2024-25",
        "revision": "1",
        "scope": "Town A",
        "scope_kind": "member",
        "value": "12",
        "value_number": "12",
        "lower_ci": "10",
        "upper_ci": "14",
        "comparator_group": "Nearest neighbours",
        "group_version": "1 (from 2020-21)",
        "area_code": "E06000001",
    }
    values = {**defaults, **cells}
    return [values.get(column, "") for column in COLUMNS]


def place_row(**cells):
    return row(
        scope="Coventry",
        scope_kind="place",
        area_code="",
        group_version="",
        value="15",
        value_number="15",
        lower_ci="",
        upper_ci="",
        **cells,
    )


def tidy(*rows):
    return csv_text([COLUMNS, *rows])


def everything():
    return (
        Metric.objects.count(),
        Place.objects.count(),
        ComparatorGroup.objects.count(),
        GroupVersion.objects.count(),
        GroupMember.objects.count(),
        MemberValue.objects.count(),
    )


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("2 (from 2024-25)", (2, "2024-25")),
        ("2 (from 2024/25)", (2, "2024-25")),
        (" 12 ( FROM 2019-20 ) ", (12, "2019-20")),
        ("2", None),
        ("version 2", None),
        ("2 (from 2024)", None),
        ("2 (from 2024-26)", None),
        ("0 (from 2024-25)", None),
        ("", None),
    ],
)
def test_a_version_is_read_as_the_export_writes_it(text, wanted):
    assert read_group_version(text) == wanted


def test_a_version_written_reads_back():
    assert read_group_version(group_version_text(3, "2023-24")) == (3, "2023-24")


def test_member_rows_make_places_groups_versions_and_one_figure_per_place():
    text = tidy(
        place_row(comparator_group="Nearest neighbours"),
        row(),
        # Town A again, for a second group: the same figure, one MemberValue.
        row(comparator_group="Region", group_version="2 (from 2023-24)"),
        row(scope="Town B", area_code="E06000002", value="20", value_number="20"),
        # Coventry's own source figure, in no group.
        row(
            scope="Coventry",
            area_code="E08000026",
            comparator_group="",
            group_version="",
            value="16",
            value_number="16",
        ),
    )
    report = import_text("groups.csv", text)
    counts = report.files[0].counts
    assert "other places' figures: 3 created, 0 revised; warnings: 0" in (
        report.summary_line()
    )
    assert counts["places_created"] == 3
    assert counts["member_values_created"] == 3
    assert counts["group_versions_created"] == 2
    town = Place.objects.get(code="E06000001")
    assert (town.name, town.kind) == ("Town A", "local_authority")
    figure = MemberValue.objects.get(place=town)
    assert (figure.value_number, figure.lower_ci, figure.upper_ci) == (
        Decimal(12),
        Decimal(10),
        Decimal(14),
    )
    neighbours = GroupVersion.objects.get(group__name="Nearest neighbours")
    assert (neighbours.number, neighbours.from_year) == (1, "2020-21")
    assert [m.place.code for m in neighbours.members.order_by("position")] == [
        "E06000001",
        "E06000002",
    ]
    region = GroupVersion.objects.get(group__name="Region")
    assert (region.number, region.from_year) == (2, "2023-24")
    assert region.group.kind == "region"
    # The metric's own row named the group its target does not: its primary.
    metric = Metric.objects.get(code="SV001")
    assert metric.primary_group.name == "Nearest neighbours"
    # The standing the stored figures make: Coventry's 15 among 12 and 20.
    standing = metric.standings.get(group__name="Nearest neighbours")
    assert (standing.rank, standing.out_of) == (2, 3)


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"area_code": ""}, "area_code", "needs the place's ONS area code"),
        ({"area_code": "Coventry"}, "area_code", "not an ONS area code"),
        ({"scope_kind": "neighbour"}, "scope_kind", "not a scope kind"),
        ({"group_version": "version 2"}, "group_version", "number and first year"),
        ({"group_version": ""}, "group_version", "names the version"),
        ({"comparator_group": ""}, "comparator_group", "names no group"),
        ({"scope": ""}, "scope", "needs the place's name"),
        ({"value": "13", "value_number": "13"}, "value", "rows for it must agree"),
    ],
)
def test_a_wrong_member_row_is_refused_by_row_and_column_and_changes_nothing(
    cells, column, message
):
    factories.MetricFactory(code="OTHER1")
    before = everything()
    text = tidy(row(), row(**{"comparator_group": "Region", **cells}))
    with pytest.raises(OpenDataError, match=message) as error:
        import_text("members.csv", text)
    assert (error.value.problem.row, error.value.problem.column) == (3, column)
    assert everything() == before


def test_a_version_the_database_uses_from_another_year_is_refused():
    group = factories.ComparatorGroupFactory(name="Nearest neighbours")
    factories.GroupVersionFactory(group=group, number=1, from_year="2019-20")
    before = everything()
    with pytest.raises(OpenDataError, match="used from 2019-20 in the database") as e:
        import_text("members.csv", tidy(row()))
    assert (e.value.problem.row, e.value.problem.column) == (2, "group_version")
    assert everything() == before


def test_a_file_does_not_change_a_stored_versions_members():
    town = factories.PlaceFactory(code="E06000009", name="Town I")
    group = factories.ComparatorGroupFactory(name="Nearest neighbours")
    factories.GroupVersionFactory(
        group=group, number=1, from_year="2020-21", places=[town]
    )
    report = import_text("members.csv", tidy(row()))
    (warning,) = report.files[0].warnings
    assert "is not in 'Nearest neighbours', version 1" in warning.message
    assert (warning.row, warning.column) == (2, "comparator_group")
    assert [m.place.code for m in GroupMember.objects.all()] == ["E06000009"]
    assert MemberValue.objects.get().place.code == "E06000001"


def test_a_changed_figure_is_the_next_revision():
    import_text("one.csv", tidy(row()))
    report = import_text("two.csv", tidy(row(value="11", value_number="11")))
    assert report.files[0].counts["member_values_revised"] == 1
    assert list(
        MemberValue.objects.order_by("revision").values_list("revision", "value_text")
    ) == [(1, "12"), (2, "11")]


def test_undoing_the_import_withdraws_its_member_figures_and_their_standings(
    insight,
):
    import_text("groups.csv", tidy(place_row(), row()), user=insight)
    metric = Metric.objects.get(code="SV001")
    assert metric.standings.exists()
    run = ImportRun.objects.get()
    assert MemberValue.objects.get().import_run == run

    import_run_undo(run=run, user=insight, reason="The wrong file")
    assert not MemberValue.objects.filter(withdrawn_at__isnull=True).exists()
    assert not metric.standings.exists()
