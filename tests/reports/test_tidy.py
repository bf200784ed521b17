"""The tidy format, one row per value, as CSV and as Excel."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from reports.opendata.headers import TIDY_COLUMNS
from reports.opendata.importer import open_data_import
from reports.opendata.reader import read_file
from reports.opendata.records import TIDY, OpenDataError
from scorecard.models import (
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
)
from strategies.models import Plan
from tests import factories
from tests.reports.helpers import csv_text, import_text, source

COLUMNS = [
    "metric_code",
    "metric",
    "unit",
    "good_direction",
    "perspective",
    "headline",
    "priority",
    "period",
    "period_label",
    "data_status",
    "revision",
    "scope",
    "scope_kind",
    "breakdown",
    "breakdown_group",
    "value",
    "value_number",
    "progress_recorded",
    "target",
    "target_status",
]


def tidy_row(**cells):
    defaults = {
        "metric_code": "SV001",
        "metric": "Rough sleepers",
        "unit": "number",
        "good_direction": "down",
        "perspective": "outcomes",
        "period": "2024-25",
        "scope": "Coventry",
        "scope_kind": "place",
        "value": "12",
        "value_number": "12",
    }
    values = {**defaults, **cells}
    return [values.get(column, "") for column in COLUMNS]


def tidy(*rows, columns=COLUMNS):
    return csv_text([columns, *rows])


def read(text, **options):
    return read_file(name="t.csv", stream=io.BytesIO(text.encode()), **options)


def test_a_tidy_file_is_told_from_its_header():
    parsed = read(tidy(tidy_row()))
    assert parsed.layout == TIDY
    (entry,) = parsed.metrics
    assert (entry.code, entry.name, entry.direction, entry.perspective) == (
        "SV001",
        "Rough sleepers",
        "down",
        "outcomes",
    )
    (value,) = entry.values
    assert (value.period, value.text, value.number) == ("2024-25", "12", Decimal(12))


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (["metric", "unit", "value"], "no header found"),
        (["metric", "period", "unit"], "no value column"),
        (["unit", "period", "value"], "no header found"),
    ],
)
def test_a_tidy_file_without_its_key_columns_fails(columns, message):
    with pytest.raises(OpenDataError, match=message):
        read(csv_text([columns, ["x"] * len(columns)]))


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"period": "2024"}, "period", "not a reporting period"),
        ({"period": ""}, "period", "the period is empty"),
        ({"scope_kind": "region"}, "scope_kind", "not a scope kind"),
        ({"breakdown": "sex"}, "breakdown_group", "needs a group"),
        ({"metric_code": "", "metric": ""}, "metric", "names no metric"),
    ],
)
def test_a_row_that_cannot_be_placed_fails_naming_row_and_column(
    cells, column, message
):
    with pytest.raises(OpenDataError, match=message) as error:
        read(tidy(tidy_row(), tidy_row(**cells)))
    assert (error.value.problem.row, error.value.problem.column) == (3, column)


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"value_number": "twelve"}, "value_number", "not a number"),
        ({"revision": "first"}, "revision", "not a revision number"),
        ({"data_status": "guessed"}, "data_status", "not a data status"),
        ({"good_direction": "sideways"}, "good_direction", "not up, down or none"),
        ({"perspective": "vibes"}, "perspective", "not a perspective"),
        ({"headline": "perhaps"}, "headline", "not TRUE or FALSE"),
        ({"progress_recorded": "great"}, "progress_recorded", "not a progress key"),
        ({"target_status": "close"}, "target_status", "not a target status key"),
        ({"breakdown_group": "female"}, "breakdown", "names no breakdown"),
    ],
)
def test_cells_it_cannot_read_are_warned_about(cells, column, message):
    parsed = read(tidy(tidy_row(**cells)))
    assert [(w.row, w.column) for w in parsed.warnings] == [(2, column)]
    assert message in parsed.warnings[0].message


def test_unknown_and_duplicate_columns_are_warned_about():
    columns = [*COLUMNS, "notes", "value"]
    parsed = read(tidy([*tidy_row(), "checked", "99"], columns=columns))
    messages = [w.message for w in parsed.warnings]
    assert any("not one of the tidy format's" in m for m in messages)
    assert any("appears twice" in m for m in messages)
    assert parsed.metrics[0].values[0].text == "12"


@pytest.mark.django_db
def test_tidy_rows_become_values_comparators_breakdowns_and_facts():
    factories.PlanFactory(period="2022-30")
    text = tidy(
        tidy_row(
            headline="TRUE",
            priority="Improving outcomes",
            progress_recorded="improved",
            target="To decrease",
            target_status="on_target",
        ),
        tidy_row(
            scope="England", scope_kind="national", value="9.1", value_number="9.1"
        ),
        tidy_row(
            breakdown="sex", breakdown_group="female", value="5", value_number="5"
        ),
        tidy_row(period="2024-25 Q2", value="7", value_number="7"),
    )
    report = import_text("service.csv", text)
    assert report.totals["metrics_created"] == 1
    metric = Metric.objects.get()
    assert (metric.code, metric.good_direction) == ("SV001", "down")
    assert MetricValue.objects.count() == 3
    assert MetricValue.objects.get(breakdown="sex").breakdown_group == "female"
    assert MetricValue.objects.filter(period="2024-25 Q2").exists()
    national = ComparatorValue.objects.select_related("comparator").get()
    assert (national.comparator.name, national.comparator.kind) == (
        "England",
        "national",
    )
    assert national.value_number == Decimal("9.1")
    membership = HeadlineMembership.objects.select_related("priority").get()
    assert (membership.report_year, membership.priority.title) == (
        "2024-25",
        "Improving outcomes",
    )
    verdict = RecordedVerdict.objects.get()
    # Without a target_status_recorded column, target_status is the recorded one.
    assert (verdict.progress, verdict.target_status) == ("improved", "on_target")
    assert Target.objects.get().kind == "directional"


@pytest.mark.django_db
def test_tidy_revisions_are_kept_in_order_and_reimporting_changes_nothing():
    text = tidy(
        tidy_row(revision="2", value="14", value_number="14"),
        tidy_row(revision="1", value="12", value_number="12"),
        tidy_row(revision="3", value="12", value_number="12"),
    )
    import_text("t.csv", text)
    assert list(
        MetricValue.objects.order_by("revision").values_list("revision", "value_text")
    ) == [(1, "12"), (2, "14"), (3, "12")]
    again = import_text("t.csv", text)
    assert again.totals["values_created"] + again.totals["values_revised"] == 0
    assert MetricValue.objects.count() == 3


@pytest.mark.django_db
def test_a_stored_revision_that_differs_is_not_overwritten():
    import_text("t.csv", tidy(tidy_row(revision="1", value="12", value_number="12")))
    report = import_text(
        "t.csv", tidy(tidy_row(revision="1", value="13", value_number="13"))
    )
    assert list(
        MetricValue.objects.order_by("revision").values_list("revision", "value_text")
    ) == [(1, "12"), (2, "13")]
    assert "recorded as revision 2" in report.warnings[0].message


@pytest.mark.django_db
def test_a_known_code_is_used_and_an_unknown_one_matched_by_name_and_unit():
    factories.MetricFactory(code="HSG01", name="Rough sleepers", unit="number")
    report = import_text("t.csv", tidy(tidy_row(metric_code="XX9")))
    assert Metric.objects.count() == 1
    assert MetricValue.objects.get().metric.code == "HSG01"
    assert "matched the metric HSG01" in report.warnings[0].message


@pytest.mark.django_db
def test_a_code_only_row_for_an_unknown_metric_fails():
    with pytest.raises(OpenDataError, match="is not known"):
        import_text("t.csv", tidy(tidy_row(metric_code="NOPE", metric="")))


@pytest.mark.django_db
def test_no_plan_for_the_year_means_no_headline_but_values_still_import():
    report = import_text("t.csv", tidy(tidy_row(headline="TRUE", target="To decrease")))
    assert MetricValue.objects.count() == 1
    assert Target.objects.count() == 1
    assert not HeadlineMembership.objects.exists()
    assert any("no plan covers 2024-25" in w.message for w in report.warnings)


@pytest.mark.django_db
def test_the_plan_option_names_the_plan_for_tidy_rows():
    import_text("t.csv", tidy(tidy_row(headline="TRUE")), plan="2022-30")
    assert HeadlineMembership.objects.get().plan == Plan.objects.get(period="2022-30")


def xlsx(rows, *, percent_cells=()):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate in percent_cells:
        sheet[coordinate].number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_an_excel_file_imports_like_a_csv():
    columns = ["metric", "unit", "period", "value", "headline", "revision"]
    data = xlsx(
        [
            columns,
            ["Rough sleepers", "number", "2024-25", 12, True, 1],
            ["Rough sleepers", "number", "2023-24", 10.5, False, 1],
            [
                "Pupils with a good level of development",
                "%",
                "2024-25",
                0.612,
                None,
                None,
            ],
        ],
        percent_cells=["D4"],
    )
    report = open_data_import(files=[source("services.xlsx", data)])
    assert report.totals["values_created"] == 3
    texts = dict(MetricValue.objects.values_list("metric__name", "value_text"))
    assert texts["Pupils with a good level of development"] == "61.2%"
    numbers = dict(
        MetricValue.objects.filter(period="2023-24").values_list(
            "value_text", "value_number"
        )
    )
    assert numbers == {"10.5": Decimal("10.5")}


def test_the_writer_columns_begin_with_designs_list():
    design = [
        "metric_code",
        "metric",
        "unit",
        "good_direction",
        "perspective",
        "headline",
        "priority",
        "objective",
        "period",
        "period_label",
        "data_status",
        "revision",
        "scope",
        "scope_kind",
        "breakdown",
        "breakdown_group",
        "value",
        "value_number",
        "numerator",
        "denominator",
        "lower_ci",
        "upper_ci",
        "progress",
        "progress_recorded",
        "target",
        "target_status",
    ]
    assert list(TIDY_COLUMNS[: len(design)]) == design
