"""Round trip (DESIGN.md section 6): exporting and importing back gives the same
data, and exporting again gives the same files, byte for byte."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from reports.models import ImportRun, OpenDataRow
from reports.opendata.exporter import open_data_export
from scorecard.models import (
    Comparator,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupVersion,
    HeadlineMembership,
    MemberValue,
    Metric,
    MetricValue,
    Place,
    RecordedVerdict,
    Standing,
    Target,
)
from scorecard.services.verdicts import calculated_verdicts_refresh
from strategies.models import Plan
from tests import factories
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
    ComparatorGroup.objects.all().delete()
    Place.objects.all().delete()


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


# --- Benchmarking: groups, their versions, other places' figures and ranks -------


def benchmarking_snapshot() -> dict[str, set[tuple[object, ...]]]:
    return {
        "places": set(Place.objects.values_list("code", "name", "kind")),
        "versions": set(
            GroupVersion.objects.filter(members__isnull=False)
            .values_list("group__name", "number", "from_year")
            .distinct()
        ),
        "members": set(
            GroupMember.objects.values_list(
                "version__group__name", "version__number", "place__code"
            )
        ),
        "figures": set(
            MemberValue.objects.values_list(
                "metric__code",
                "place__code",
                "period",
                "period_label",
                "revision",
                "value_text",
                "value_number",
                "lower_ci",
                "upper_ci",
                "count",
                "denominator",
            )
        ),
        "primary": set(Metric.objects.values_list("code", "primary_group__name")),
        "standings": set(
            Standing.objects.values_list(
                "metric__code",
                "group__name",
                "version__number",
                "period",
                "rank",
                "out_of",
                "joint",
            )
        ),
    }


def add_benchmarking() -> None:
    """Library visits (higher is better) ranked in CIPFA, its primary group:
    version 1 (from 2019-20) lists towns A, B and C, version 2 (from 2023-24) B,
    C and D. Skilled employment, whose 2024-25 target names statistical
    neighbours (version 1 from 2020-21: B and E; B is in both groups), with
    Coventry's own source figure (in no group) and a revised figure for E."""
    towns = {
        letter: factories.PlaceFactory(code=f"E0600010{n}", name=f"Town {letter}")
        for n, letter in enumerate("ABCDE")
    }
    home = factories.PlaceFactory(code="E08000026", name="Coventry")
    cipfa = ComparatorGroup.objects.get(name="CIPFA")
    neighbours = ComparatorGroup.objects.get(name="Statistical Neighbours")
    factories.GroupVersionFactory(
        group=cipfa, number=1, from_year="2019-20", places=[towns[c] for c in "ABC"]
    )
    factories.GroupVersionFactory(
        group=cipfa, number=2, from_year="2023-24", places=[towns[c] for c in "BCD"]
    )
    factories.GroupVersionFactory(
        group=neighbours, number=1, from_year="2020-21", places=[towns["B"], towns["E"]]
    )
    library = Metric.objects.get(name__startswith="Library")
    library.good_direction = "up"
    library.primary_group = cipfa
    library.save()
    skills = Metric.objects.get(name__startswith="Residents in skilled")
    skills.good_direction = "up"
    skills.save()
    figures = [
        (library, towns[c], period, str(n))
        for period in ("2022-23", "2024-25")
        for c, n in zip("ABCD", (1000, 2000, 9000, 3000), strict=True)
    ]
    figures += [
        (skills, towns["B"], "2024-25", "70.5"),
        (skills, home, "2024-25", "71"),
    ]
    for metric, place, period, text in figures:
        MemberValue.objects.create(
            metric=metric,
            place=place,
            period=period,
            period_label=period.replace("-", "/"),
            value_text=text,
            value_number=Decimal(text),
            lower_ci=Decimal(text) - 1,
            upper_ci=Decimal(text) + 1,
            count=Decimal(7),
            denominator=Decimal(10),
            source="Fingertips",
        )
    for revision, text in ((1, "60"), (2, "61.25")):
        MemberValue.objects.create(
            metric=skills,
            place=towns["E"],
            period="2024-25",
            revision=revision,
            value_text=text,
            value_number=Decimal(text),
        )
    calculated_verdicts_refresh(metric_ids=[library.pk, skills.pk])


def test_tidy_export_with_groups_and_member_figures_round_trips(newer_sample, tmp_path):
    import_paths(newer_sample)
    add_benchmarking()
    before = snapshot()
    groups_before = benchmarking_snapshot()
    (first,) = export("2024-25", "tidy", tmp_path / "one", plan="2022-30")
    rows = list(csv.DictReader(first.read_text(encoding="utf-8").splitlines()))
    members = [r for r in rows if r["scope_kind"] == "member"]
    # Library: 8 figures, B's twice a year (CIPFA and statistical neighbours),
    # the town no CIPFA version of the year lists once with no group. Skills: B
    # twice, E's two revisions, Coventry's own source figure (in no group).
    assert len(members) == 10 + 2 + 2 + 1
    town_b = [
        (r["comparator_group"], r["group_version"])
        for r in members
        if r["area_code"] == "E06000101" and r["metric"].startswith("Residents")
    ]
    assert town_b == [
        ("CIPFA", "2 (from 2023-24)"),
        ("Statistical Neighbours", "1 (from 2020-21)"),
    ]
    coventry = [r for r in members if r["area_code"] == "E08000026"]
    assert [
        (r["comparator_group"], r["group_version"], r["scope"]) for r in coventry
    ] == [("", "", "Coventry")]
    library_2024 = [
        r
        for r in rows
        if r["metric"].startswith("Library")
        and r["period"] == "2024-25"
        and r["scope_kind"] == "place"
    ]
    assert {(r["comparator_group"], r["group_version"]) for r in library_2024} == {
        ("CIPFA", "2 (from 2023-24)")
    }
    assert all(r["rank"].endswith(" of 4") for r in library_2024)
    library_2022 = [
        r
        for r in rows
        if r["metric"].startswith("Library")
        and r["period"] == "2022-23"
        and r["scope_kind"] == "place"
    ]
    assert {r["group_version"] for r in library_2022} == {"1 (from 2019-20)"}
    skills_2024 = [
        r
        for r in rows
        if r["metric"].startswith("Residents")
        and r["period"] == "2024-25"
        and r["scope_kind"] == "place"
    ]
    assert {r["comparator_group"] for r in skills_2024} == {"Statistical Neighbours"}

    empty_database()
    report = import_paths(first)
    assert report.warnings_total == 0, [
        str(w) for f in report.files for w in f.warnings
    ]
    assert snapshot() == before
    assert benchmarking_snapshot() == groups_before
    (second,) = export("2024-25", "tidy", tmp_path / "two", plan="2022-30")
    assert second.read_bytes() == first.read_bytes()


def test_importing_the_same_tidy_file_again_changes_no_member_figure(
    newer_sample, tmp_path
):
    import_paths(newer_sample)
    add_benchmarking()
    (first,) = export("2024-25", "tidy", tmp_path / "one", plan="2022-30")
    before = benchmarking_snapshot()
    report = import_paths(first)
    counts = report.files[0].counts
    assert counts["member_values_created"] == 0
    assert counts["member_values_revised"] == 0
    assert counts["member_values_unchanged"] == 12
    assert benchmarking_snapshot() == before
