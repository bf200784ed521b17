"""The import's rules beyond the samples: revisions, identity, years, dry runs and
failures that change nothing."""

import datetime as dt

import pytest

from reports.models import ImportRun
from reports.opendata.records import OpenDataError
from scorecard.models import HeadlineMembership, Metric, MetricValue, RecordedVerdict
from scorecard.selectors import metric_assessments
from strategies.models import Plan
from tests import factories
from tests.reports.helpers import NEWER, csv_text, import_text, sample_rows

pytestmark = pytest.mark.django_db

HEADER = [
    "Sort Order",
    "One Coventry Plan 2022-30 Vision",
    "Council Plan 2022-30 Metric",
    "Progress towards 2022-30 Plan",
    "Target",
    "Target Status towards 2022-30 Plan",
    "Metric",
    "Unit",
    "2022-23 end of year metric value",
    "2022-23 end of year metric scope",
    "2022-23 end of year metric date",
    "2023-24 end of year metric value",
    "2023-24 end of year metric scope",
    "2023-24 end of year metric date",
]


def row(name="Library visits", unit="number", *, previous="10", current="12", **kw):
    values = {
        "order": "1",
        "priority": "Increasing the economic prosperity of the city and region",
        "headline": "TRUE",
        "progress": "BETTER",
        "target": "To increase",
        "status": "On-Target",
        "previous_label": "2022/23",
        "current_label": "2023/24 provisional",
        **kw,
    }
    return [
        values["order"],
        values["priority"],
        values["headline"],
        values["progress"],
        values["target"],
        values["status"],
        name,
        unit,
        previous,
        "Coventry",
        values["previous_label"],
        current,
        "Coventry",
        values["current_label"],
    ]


def wide(*rows, header=HEADER):
    return csv_text([header, *rows])


def test_a_later_figure_for_the_same_period_is_a_new_revision():
    import_text("2023-24.csv", wide(row(current="12")))
    later_header = [
        h.replace("2023-24", "2024-25").replace("2022-23", "2023-24") for h in HEADER
    ]
    report = import_text(
        "2024-25.csv",
        wide(
            row(
                previous="13",
                current="15",
                previous_label="2023/24",
                current_label="2024/25",
            ),
            header=later_header,
        ),
    )
    assert report.totals["values_revised"] == 1
    assert report.totals["values_created"] == 1
    revisions = list(
        MetricValue.objects.filter(period="2023-24")
        .order_by("revision")
        .values_list("revision", "value_text", "period_label", "data_status")
    )
    assert revisions == [
        (1, "12", "2023/24 provisional", "provisional"),
        (2, "13", "2023/24", "final"),
    ]
    # The assessment reads the latest revision.
    (row_2024,) = metric_assessments(
        metrics=Metric.objects.all(),
        year="2024-25",
        plan=Plan.objects.get(period="2022-30"),
    )
    assert row_2024.previous.value_text == "13"


def test_the_same_figure_with_a_new_label_is_a_new_revision():
    import_text("a.csv", wide(row(current="12")))
    report = import_text("b.csv", wide(row(current="12", current_label="2023/24")))
    assert report.totals["values_revised"] == 1
    assert MetricValue.objects.get(period="2023-24", revision=2).data_status == "final"


def test_reimporting_an_older_file_after_a_newer_one_changes_nothing():
    import_text("2023-24.csv", wide(row(current="12")))
    later_header = [
        h.replace("2023-24", "2024-25").replace("2022-23", "2023-24") for h in HEADER
    ]
    later = wide(
        row(previous="13", current="15", previous_label="2023/24"), header=later_header
    )
    import_text("2024-25.csv", later)
    before = MetricValue.objects.count()
    report = import_text("2023-24.csv", wide(row(current="12")))
    assert MetricValue.objects.count() == before
    assert report.totals["values_revised"] == 0
    assert report.warnings == []


def test_an_older_file_with_new_figures_after_a_newer_one_is_warned_about():
    import_text("2023-24.csv", wide(row(current="12")))
    later_header = [
        h.replace("2023-24", "2024-25").replace("2022-23", "2023-24") for h in HEADER
    ]
    import_text(
        "2024-25.csv", wide(row(previous="13", current="15"), header=later_header)
    )
    report = import_text("2023-24.csv", wide(row(current="12", previous="11")))
    assert report.totals["values_revised"] == 1
    assert any("already been imported" in w.message for w in report.warnings)


def test_a_direction_once_known_is_kept_when_a_later_file_omits_it(older_sample):
    from tests.reports.helpers import import_paths

    import_paths(older_sample)
    newer_style = wide(
        row(
            name="Anti-social behaviour incidents per 1,000 population",
            unit="rate per 1,000 population",
        )
    )
    import_text("later.csv", newer_style)
    metric = Metric.objects.get(name__startswith="Anti-social")
    assert metric.good_direction == "down"
    assert Metric.objects.filter(name__startswith="Anti-social").count() == 1


def test_identity_is_normalised_name_and_unit():
    factories.MetricFactory(
        code="LIB01", name="LIBRARY  visits", unit="Number", good_direction="up"
    )
    report = import_text("a.csv", wide(row(name="Library visits", unit="number")))
    assert report.totals["metrics_created"] == 0
    assert MetricValue.objects.filter(metric__code="LIB01").count() == 2
    # Another unit is another metric.
    import_text("b.csv", wide(row(name="Library visits", unit="rate per 1,000")))
    assert Metric.objects.filter(normalised_name="library visits").count() == 2


def test_two_rows_with_the_same_name_and_unit_are_two_metrics():
    text = wide(row(current="12"), row(order="2", current="99"))
    report = import_text("dup.csv", text)
    assert report.totals["metrics_created"] == 2
    first, second = Metric.objects.order_by("code")
    assert (first.code, second.code) == ("OD0001", "OD0002")
    assert first.values.get(period="2023-24").value_text == "12"
    assert second.values.get(period="2023-24").value_text == "99"
    (warning,) = report.warnings
    assert (warning.row, warning.column) == (3, "Metric")
    assert "imported as a separate metric" in warning.message
    again = import_text("dup.csv", text)
    assert again.totals["metrics_created"] == 0
    assert again.totals["values_created"] == 0
    assert Metric.objects.count() == 2


def test_new_codes_do_not_collide_with_existing_ones():
    factories.MetricFactory(code="OD0001", name="Existing")
    factories.MetricFactory(code="OD0007", name="Another")
    import_text("a.csv", wide(row()))
    assert Metric.objects.get(name="Library visits").code == "OD0008"


def test_importing_one_year_never_changes_another_years_headline_list():
    import_text("a.csv", wide(row()))
    later_header = [
        h.replace("2023-24", "2024-25").replace("2022-23", "2023-24") for h in HEADER
    ]
    import_text("b.csv", wide(row(headline="FALSE"), header=later_header))
    years = dict(HeadlineMembership.objects.values_list("report_year", "metric__name"))
    assert years == {"2023-24": "Library visits"}


def test_a_corrected_file_for_the_same_year_updates_its_headline_list():
    import_text("a.csv", wide(row()))
    report = import_text("a.csv", wide(row(headline="FALSE")))
    assert report.totals["headline_removed"] == 1
    assert not HeadlineMembership.objects.exists()


def test_a_changed_verdict_is_appended_and_the_old_one_kept():
    import_text("a.csv", wide(row(progress="BETTER")))
    import_text("a.csv", wide(row(progress="WORSE")))
    verdicts = list(
        RecordedVerdict.objects.order_by("recorded_at", "id").values_list(
            "progress", flat=True
        )
    )
    assert verdicts == ["improved", "got_worse"]


def test_an_officers_later_verdict_is_not_undone_by_reimporting(insight):
    import_text("a.csv", wide(row(progress="BETTER")))
    plan = Plan.objects.get(period="2022-30")
    RecordedVerdict.objects.create(
        metric=Metric.objects.get(),
        plan=plan,
        period="2023-24",
        progress="similar",
        source=RecordedVerdict.Source.OVERRIDDEN,
        reason="Within the margin of error",
        recorded_by=insight,
    )
    import_text("a.csv", wide(row(progress="BETTER")))
    assert RecordedVerdict.objects.count() == 2


def test_a_dry_run_reports_what_would_happen_and_changes_nothing():
    report = import_text("a.csv", wide(row()), dry_run=True)
    assert report.dry_run
    assert report.totals["metrics_created"] == 1
    assert report.summary_line().startswith("Dry run, nothing saved:")
    assert not Metric.objects.exists()
    assert not Plan.objects.exists()
    assert not ImportRun.objects.exists()


def test_a_failing_file_changes_nothing_even_after_a_good_one():
    bad = list(row(name=""))
    with pytest.raises(OpenDataError) as error:
        from reports.opendata.importer import open_data_import
        from tests.reports.helpers import source

        open_data_import(
            files=[source("good.csv", wide(row())), source("bad.csv", wide(row(), bad))]
        )
    assert str(error.value).startswith("bad.csv, row 3, column 'Metric' (G):")
    assert not Metric.objects.exists()
    assert not MetricValue.objects.exists()


def test_a_value_its_metric_does_not_take_is_kept_as_text_with_a_warning():
    import_text("a.csv", wide(row(current="12")))
    assert Metric.objects.get().value_kind == "number"
    report = import_text("b.csv", wide(row(current="about a dozen")))
    value = MetricValue.objects.get(period="2023-24", revision=2)
    assert (value.value_text, value.value_number) == ("about a dozen", None)
    (warning,) = report.warnings
    assert (warning.row, warning.column) == (2, "2023-24 end of year metric value")
    assert warning.message.startswith("'about a dozen' is not a number. Enter a")
    assert warning.message.endswith("; kept as text")


@pytest.mark.parametrize(
    ("previous", "current", "unit", "kind"),
    [
        ("10", "12", "number", "number"),
        ("10", "about a dozen", "number", "text"),
        ("19 out of 41", "20 out of 41", "number", "count"),
        ("B", "A-", "rating", "grade"),
        ("B", "12", "rating", "text"),
    ],
)
def test_a_new_metrics_kind_of_figure_is_read_from_its_cells(
    previous, current, unit, kind
):
    report = import_text(
        "a.csv", wide(row(unit=unit, previous=previous, current=current))
    )
    assert Metric.objects.get().value_kind == kind
    assert report.warnings == []


@pytest.mark.parametrize(
    ("unit", "current", "message"),
    [
        ("%", "140", "140 is refused: a percentage runs from 0 to 100"),
        ("number", "-5", "cannot be below zero"),
        ("number", "99999999999999999999999", "is too large"),
    ],
)
def test_a_figure_out_of_bounds_is_kept_as_text_with_a_warning(unit, current, message):
    report = import_text("a.csv", wide(row(unit=unit, current=current)))
    value = MetricValue.objects.get(period="2023-24")
    assert (value.value_text, value.value_number) == (current, None)
    (warning,) = report.warnings
    assert message in warning.message
    assert warning.message.endswith("kept as text")


def test_a_figure_for_a_period_that_has_not_started_is_kept_as_text():
    header = [*HEADER[:8], "2031-32 end of year metric value"]
    report = import_text(
        "a.csv", wide([*row()[:8], "12"], header=header), today=dt.date(2026, 12, 2)
    )
    value = MetricValue.objects.get(period="2031-32")
    assert (value.value_text, value.value_number) == ("12", None)
    (warning,) = [w for w in report.warnings if w.row == 2]
    assert warning.column == "2031-32 end of year metric value"
    assert warning.message.startswith("2031-32 has not started")
    assert warning.message.endswith("kept as text")


def test_a_bare_level_target_on_a_metric_with_no_direction_is_flagged():
    report = import_text("a.csv", wide(row(target="95")))
    assert any("bare level" in w.message for w in report.warnings)


def test_a_plan_named_in_a_file_is_matched_not_duplicated():
    factories.PlanFactory(period="2022-30")
    import_text("a.csv", wide(row()))
    assert Plan.objects.filter(period="2022-30").count() == 1


def test_the_newer_sample_with_plan_2016_24_reads_the_older_columns(newer_sample):
    from tests.reports.helpers import import_paths

    report = import_paths(newer_sample, plan="2016-24")
    assert report.totals["verdicts_recorded"] == 0
    assert not HeadlineMembership.objects.exists()
    assert report.totals["values_created"] == 44
    assert len(sample_rows(NEWER)) == 11


def test_a_council_file_saved_as_excel_imports_like_the_csv(newer_sample):
    import gc
    import io

    from openpyxl import Workbook

    from reports.opendata.importer import open_data_import
    from tests.reports.helpers import source

    workbook = Workbook()
    for cells in sample_rows(NEWER):
        workbook.active.append(cells)
    data = io.BytesIO()
    workbook.save(data)
    report = open_data_import(files=[source("2024-25.xlsx", data.getvalue())])
    assert report.totals["metrics_created"] == 10
    assert report.totals["values_created"] == 44
    assert MetricValue.objects.get(
        metric__name="Spend on interim staff", period="2021-22"
    ).value_text == ("8,402,113")
    assert gc.isenabled()


def test_half_year_and_end_of_year_columns_are_separate_periods():
    header = [
        "Metric",
        "Unit",
        "Council Plan 2022-30 Metric",
        "2024-25 half year metric value",
        "2024-25 half year metric date",
        "2024-25 end of year metric value",
        "2024-25 end of year metric date",
    ]
    report = import_text(
        "a.csv",
        csv_text(
            [header, ["Visits", "number", "TRUE", "5", "Apr-Sep 24", "11", "2024/25"]]
        ),
    )
    assert report.totals["values_created"] == 2
    assert dict(MetricValue.objects.values_list("period", "value_text")) == {
        "2024-25 H1": "5",
        "2024-25": "11",
    }
    membership = HeadlineMembership.objects.get()
    assert (membership.plan.period, membership.report_year) == ("2022-30", "2024-25")
    import_text(
        "a.csv",
        csv_text(
            [header, ["Visits", "number", "TRUE", "5", "Apr-Sep 24", "11", "2024/25"]]
        ),
    )
    assert MetricValue.objects.count() == 2
