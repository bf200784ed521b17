"""The tidy export's reading columns (issue 15): the recent trend and the variation
stored with each year's verdict, after every earlier column, on the row of the
figure that verdict is about; read from the stored verdicts, and never read back
(an export still imports back to the same bytes)."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from reports.opendata.exporter import open_data_export
from reports.opendata.headers import TIDY_COLUMNS
from scorecard.models import CalculatedVerdict, Metric
from strategies.models import Plan
from tests import factories
from tests.reports.helpers import import_paths
from tests.reports.test_round_trip import empty_database

pytestmark = pytest.mark.django_db

READING_COLUMNS = [
    "recent_trend",
    "recent_trend_method",
    "variation",
    "variation_assurance",
    "variation_limits_provisional",
]
YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
QUARTERS = [
    f"{year} Q{q}" for year in ("2022-23", "2023-24", "2024-25") for q in range(1, 5)
]
# The last quarter is far above the limits, and down is good.
QUARTER_VALUES = [*(["50", "52", "49", "51"] * 2), "49", "51", "50", "90"]


@pytest.fixture
def world():
    plan = factories.PlanFactory()
    rising = factories.MetricFactory(code="P1", unit="%", good_direction="up")
    for year, share in zip(YEARS, [10, 12, 14, 16, 18], strict=True):
        factories.MetricValueFactory(
            metric=rising,
            period=year,
            value_text=str(share),
            numerator=Decimal(share * 10),
            denominator=Decimal(1000),
        )
    waits = factories.MetricFactory(
        code="W1",
        unit="number",
        good_direction="down",
        frequency=Metric.Frequency.QUARTERLY,
    )
    for period, value in zip(QUARTERS, QUARTER_VALUES, strict=True):
        factories.MetricValueFactory(metric=waits, period=period, value_text=value)
    comparator = factories.ComparatorFactory(name="England", kind="national")
    factories.ComparatorValueFactory(
        metric=rising, comparator=comparator, period="2024-25", value_text="15"
    )
    return plan


def export(tmp_path, name="one"):
    (path,) = open_data_export(
        year="2024-25",
        fmt="tidy",
        out=tmp_path / name,
        plan=Plan.objects.get(),
    )
    return path


def rows_of(path):
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def row(rows, code, period, scope_kind="place", revision=None):
    found = [
        r
        for r in rows
        if (r["metric_code"], r["period"], r["scope_kind"])
        == (code, period, scope_kind)
        and (revision is None or r["revision"] == revision)
    ]
    assert len(found) == 1, found
    return found[0]


def readings(found):
    return [found[name] for name in READING_COLUMNS]


def test_the_reading_columns_come_after_every_earlier_column(world, tmp_path):
    header = export(tmp_path).read_bytes().decode().split("\r\n")[0]
    columns = header.split(",")
    assert columns == list(TIDY_COLUMNS)
    # Then the benchmarking columns (issue 19), after every earlier one.
    assert columns[-10:-4] == ["sort_order", *READING_COLUMNS]
    assert columns[-4:] == ["comparator_group", "group_version", "rank", "area_code"]


def test_the_years_figure_carries_its_stored_recent_trend(world, tmp_path):
    rows = rows_of(export(tmp_path))
    assert readings(row(rows, "P1", "2024-25")) == [
        "increasing_and_getting_better",
        "recent_trend_chi_squared",
        "",
        "",
        "",
    ]
    # An earlier year carries its own verdict's reading: four years are too few.
    earlier = CalculatedVerdict.objects.get(metric__code="P1", period="2023-24")
    assert (
        row(rows, "P1", "2023-24")["recent_trend"]
        == (earlier.details["trend"]["outcome"])
    )
    assert row(rows, "P1", "2023-24")["recent_trend"] == "cannot_be_calculated"
    # A comparator's figure is not what the verdict is about.
    assert readings(row(rows, "P1", "2024-25", "national")) == [""] * 5


def test_the_latest_quarter_carries_the_stored_variation(world, tmp_path):
    rows = rows_of(export(tmp_path))
    stored = CalculatedVerdict.objects.get(metric__code="W1", period="2024-25")
    assert readings(row(rows, "W1", "2024-25 Q4")) == [
        "",
        "",
        "special_cause_concerning",
        stored.details["variation"]["assurance"],
        "FALSE",
    ]
    assert stored.details["variation"]["assurance"] == "none"
    for quarter in ("2024-25 Q1", "2024-25 Q2", "2024-25 Q3"):
        assert readings(row(rows, "W1", quarter)) == [""] * 5
    # 2023-24's verdict read eight quarters: too few for a control chart.
    assert readings(row(rows, "W1", "2023-24 Q4"))[2:] == [
        "cannot_be_calculated",
        "none",
        "FALSE",
    ]


def test_limits_from_fewer_than_twelve_points_are_marked_provisional(world, tmp_path):
    shorter = factories.MetricFactory(
        code="W2",
        unit="number",
        good_direction="down",
        frequency=Metric.Frequency.QUARTERLY,
    )
    for period, value in zip(QUARTERS[2:], QUARTER_VALUES[:10], strict=True):
        factories.MetricValueFactory(metric=shorter, period=period, value_text=value)
    stored = CalculatedVerdict.objects.get(metric=shorter, period="2024-25")
    assert stored.details["variation"]["limits_provisional"] is True
    found = row(rows_of(export(tmp_path)), "W2", "2024-25 Q4")
    assert found["variation_limits_provisional"] == "TRUE"


def test_only_the_revision_the_verdict_read_carries_the_reading(world, tmp_path):
    rising = Metric.objects.get(code="P1")
    factories.MetricValueFactory(
        metric=rising,
        period="2024-25",
        revision=2,
        value_text="19",
        numerator=Decimal(190),
        denominator=Decimal(1000),
    )
    rows = rows_of(export(tmp_path))
    assert row(rows, "P1", "2024-25", revision="1")["recent_trend"] == ""
    assert row(rows, "P1", "2024-25", revision="2")["recent_trend"] == (
        "increasing_and_getting_better"
    )


def test_the_export_writes_what_was_stored_and_runs_no_engine(
    world, tmp_path, monkeypatch
):
    stored = CalculatedVerdict.objects.get(metric__code="P1", period="2024-25")
    trend = {**stored.details["trend"], "outcome": "no_significant_change"}
    CalculatedVerdict.objects.filter(pk=stored.pk).update(details={"trend": trend})

    def refuse(*args, **kwargs):
        raise AssertionError("the export ran the engine")

    monkeypatch.setattr("scorecard.calculation.calculate_for_year", refuse)
    monkeypatch.setattr("scorecard.domain.readings.readings", refuse)
    rows = rows_of(export(tmp_path))
    assert row(rows, "P1", "2024-25")["recent_trend"] == "no_significant_change"


def test_an_export_with_readings_imports_back_to_the_same_bytes(world, tmp_path):
    first = export(tmp_path, "one")
    assert "special_cause_concerning" in first.read_text(encoding="utf-8")
    empty_database()
    report = import_paths(first)
    assert report.warnings_total == 0  # the reading columns are known, not read
    second = export(tmp_path, "two")
    assert second.read_bytes() == first.read_bytes()
