"""Round trip (DESIGN.md section 6): exporting and importing back gives the same
data, and exporting again gives the same files, byte for byte."""

from pathlib import Path

import pytest

from reports.models import ImportRun, OpenDataRow
from reports.opendata.exporter import open_data_export
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
)
from strategies.models import Plan
from tests.reports.helpers import import_paths

pytestmark = pytest.mark.django_db


def export(year: str, fmt: str, out: Path, *, plan: str, excel: bool = False):
    return open_data_export(
        year=year,
        fmt=fmt,
        out=out,
        plan=Plan.objects.get(period=plan),
        excel=excel,
    )


def empty_database() -> None:
    Metric.objects.all().delete()
    Comparator.objects.all().delete()
    Plan.objects.all().delete()
    ImportRun.objects.all().delete()


def snapshot() -> dict[str, set[tuple[object, ...]]]:
    """Everything an export carries, keyed by what people see (codes, not ids)."""
    return {
        "metrics": set(
            Metric.objects.values_list(
                "code", "name", "unit", "good_direction", "perspective"
            )
        ),
        "values": set(
            MetricValue.objects.values_list(
                "metric__code",
                "period",
                "period_label",
                "data_status",
                "revision",
                "scope",
                "breakdown",
                "breakdown_group",
                "value_text",
                "value_number",
                "numerator",
                "denominator",
            )
        ),
        "comparators": set(
            ComparatorValue.objects.values_list(
                "metric__code",
                "comparator__name",
                "comparator__kind",
                "period",
                "period_label",
                "revision",
                "value_text",
                "value_number",
            )
        ),
        "targets": set(
            Target.objects.values_list("metric__code", "period", "text", "kind")
        ),
        "verdicts": set(
            RecordedVerdict.objects.values_list(
                "metric__code", "plan__period", "period", "progress", "target_status"
            )
        ),
        "headline": set(
            HeadlineMembership.objects.values_list(
                "metric__code",
                "plan__period",
                "report_year",
                "sort_order",
                "priority__title",
                "objective__title",
            )
        ),
        "listed": set(
            OpenDataRow.objects.values_list(
                "metric__code",
                "plan__period",
                "report_year",
                "sort_order",
                "priority__title",
            )
        ),
    }


def test_tidy_export_imports_back_to_the_same_data_and_the_same_bytes(
    newer_sample, tmp_path
):
    import_paths(newer_sample)
    before = snapshot()
    (first,) = export("2024-25", "tidy", tmp_path / "one", plan="2022-30")
    (again,) = export("2024-25", "tidy", tmp_path / "again", plan="2022-30")
    assert first.read_bytes() == again.read_bytes()

    empty_database()
    report = import_paths(first)
    assert report.warnings_total == 0  # every target of the sample is read
    assert snapshot() == before
    (second,) = export("2024-25", "tidy", tmp_path / "two", plan="2022-30")
    assert second.read_bytes() == first.read_bytes()


def test_tidy_excel_export_imports_back_to_the_same_csv(newer_sample, tmp_path):
    import_paths(newer_sample)
    first_csv, first_xlsx = export(
        "2024-25", "tidy", tmp_path / "one", plan="2022-30", excel=True
    )
    _, again_xlsx = export(
        "2024-25", "tidy", tmp_path / "again", plan="2022-30", excel=True
    )
    assert first_xlsx.suffix == ".xlsx"
    assert first_xlsx.read_bytes() == again_xlsx.read_bytes()
    empty_database()
    import_paths(first_xlsx)
    (second_csv,) = export("2024-25", "tidy", tmp_path / "two", plan="2022-30")
    assert second_csv.read_bytes() == first_csv.read_bytes()


@pytest.mark.parametrize(
    ("sample", "year", "plan"),
    [("newer_sample", "2024-25", "2022-30"), ("older_sample", "2018-19", "2016-24")],
)
def test_council_export_imports_back_and_exports_the_same_file(
    request, tmp_path, sample, year, plan
):
    import_paths(request.getfixturevalue(sample))
    (first,) = export(year, "council", tmp_path / "one", plan=plan)
    (again,) = export(year, "council", tmp_path / "again", plan=plan)
    assert first.read_bytes() == again.read_bytes()
    before = snapshot()

    empty_database()
    import_paths(first)
    (second,) = export(year, "council", tmp_path / "two", plan=plan)
    assert second.read_bytes() == first.read_bytes()
    after = snapshot()
    # The council layout has no codes: the same metrics, under newly given codes.
    strip = lambda rows: {row[1:] for row in rows}  # noqa: E731
    assert strip(after["metrics"]) == strip(before["metrics"])
    assert {v[1:] for v in after["verdicts"]} == {v[1:] for v in before["verdicts"]}
    assert len(after["values"]) == len(before["values"])


def test_the_council_export_continues_the_councils_layout(newer_sample, tmp_path):
    import_paths(newer_sample)
    (path,) = export("2024-25", "council", tmp_path, plan="2022-30")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark, as the council's
    assert b"\r\n" in data
    header, library = data.decode("utf-8-sig").split("\r\n")[:2]
    columns = header.split(",")
    assert columns[:13] == [
        "Sort Order",
        "One Coventry Plan 2022-30 Vision",
        "One Coventry Plan 2016-24 Vision",
        "One Coventry Plan 2016-24 Priority",
        "Council Plan 2016-24 Metric",
        "Progress towards 2016-24 Plan",
        "Target Status towards 2016-24 Plan",
        "Council Plan 2022-30 Metric",
        "Progress towards 2022-30 Plan",
        "Target",
        "Target Status towards 2022-30 Plan",
        "Metric",
        "Unit",
    ]
    assert "2021-22 end of year metric value" in columns
    assert "2024-25 end of year national metric date" in columns
    assert library.startswith(
        "1,Increasing the economic prosperity of the city and region,,,FALSE,,,TRUE,"
        "BETTER,To increase,On-Target,"
    )


def test_the_older_plan_exports_in_the_older_layout(older_sample, tmp_path):
    import_paths(older_sample)
    (path,) = export("2018-19", "council", tmp_path, plan="2016-24")
    header = path.read_bytes().decode("utf-8-sig").split("\r\n")[0].split(",")
    assert header[:7] == [
        "Sort Order",
        "Council Plan",
        "Priority",
        "Progress",
        "Council Plan Indicator",
        "Indicator",
        "Unit",
    ]
    assert header[-4:] == ["Directionality", "Progress", "Target", "Target Status"]


def test_the_export_shows_the_calculated_verdict_where_none_is_recorded(
    newer_sample, tmp_path
):
    import_paths(newer_sample)
    RecordedVerdict.objects.filter(metric__name__startswith="Library").delete()
    (path,) = export("2024-25", "council", tmp_path, plan="2022-30")
    library = path.read_bytes().decode("utf-8-sig").split("\r\n")[1]
    # Calculated: it went up, and the metric's direction is read from "To increase".
    assert ",TRUE,BETTER,To increase,On-Target," in library


def test_only_approved_figures_are_exported(newer_sample, tmp_path):
    import_paths(newer_sample)
    library = Metric.objects.get(name__startswith="Library")
    MetricValue.objects.create(
        metric=library,
        period="2024-25",
        revision=2,
        value_text="9999",
        approval=MetricValue.Approval.SUBMITTED,
    )
    (path,) = export("2024-25", "tidy", tmp_path, plan="2022-30")
    assert "9999" not in path.read_text()
