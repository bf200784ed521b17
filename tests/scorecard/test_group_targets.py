"""A target against a comparator group (issue 19, item 3): tested against the
group's figure from the version in force for the target's year, its published
figure where it has one, else the members' mean; the reason names the group, the
version and the figure. A group with no standing keeps the comparator's published
figure, as before."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard.calculation import calculate_for_year, mean_shown
from scorecard.models import CalculatedVerdict
from scorecard.services.verdicts import calculated_verdicts_refresh
from tests import factories
from tests.scorecard.test_assess_command import METRIC_KEYS

pytestmark = pytest.mark.django_db

BETTER = "Better than statistical neighbours"


@pytest.fixture
def places():
    return [
        factories.PlaceFactory(code=f"E0600001{n}", name=f"Town {n}")
        for n in range(1, 6)
    ]


def _figures(metric, places, period, numbers):
    for place, number in zip(places, numbers, strict=True):
        factories.MemberValueFactory(
            metric=metric, place=place, period=period, value_text=str(number)
        )


def _verdict(metric, period):
    return CalculatedVerdict.objects.get(metric=metric, period=period)


@pytest.fixture
def rebased(places):
    """Statistical neighbours, re-based for 2024/25: towns 1–3, then towns 3–5."""
    group = factories.ComparatorGroupFactory(
        name="Statistical neighbours", kind="statistical"
    )
    factories.GroupVersionFactory(
        group=group, number=1, model_year="2019", from_year="2019-20", places=places[:3]
    )
    factories.GroupVersionFactory(
        group=group, number=2, model_year="2024", from_year="2024-25", places=places[2:]
    )
    return group


def test_each_years_target_uses_that_years_version(places, rebased):
    metric = factories.MetricFactory(good_direction="up", unit="")
    factories.MetricValueFactory(metric=metric, period="2022-23", value_text="25")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="35")
    factories.TargetFactory(metric=metric, period="2022-23", text=BETTER)
    factories.TargetFactory(metric=metric, period="2024-25", text=BETTER)
    _figures(metric, places, "2022-23", [10, 20, 30, 40, 50])
    _figures(metric, places, "2024-25", [10, 20, 30, 40, 50])

    before, after = _verdict(metric, "2022-23"), _verdict(metric, "2024-25")
    # 2022/23: version 1 (towns 1–3: 10, 20, 30), mean 20; 25 is better.
    assert before.target_status == "on_target"
    assert before.target_reason == (
        "On target: 25 is above statistical neighbours (20.0, 2022-23). The group "
        "is Statistical neighbours, version 1 (2019 model), from 2019/20; the "
        "figure is the members' mean, 20.0, of 3 members."
    )
    # 2024/25: version 2 (towns 3–5: 30, 40, 50), mean 40; 35 is worse.
    assert after.target_status == "off_target"
    assert "(40.0, 2024-25)" in after.target_reason
    assert "version 2 (2024 model), from 2024/25" in after.target_reason
    assert "the members' mean, 40.0, of 3 members" in after.target_reason
    assert after.comparator_period == "2024-25"
    assert before.details["group"] == {
        "id": rebased.pk,
        "name": "Statistical neighbours",
        "version": 1,
        "version_label": "version 1 (2019 model), from 2019/20",
        "from_year": "2019-20",
        "period": "2022-23",
        "figure": "mean",
        "number": "20.0",
        "members": 3,
        "counted": 3,
    }
    assert after.details["group"]["version"] == 2
    # What is stored is what the engine finds.
    engine = calculate_for_year([metric], year="2024-25")[0]
    assert engine.assessment.target_reason == after.target_reason
    assert engine.readings["group"] == after.details["group"]


def test_a_member_without_a_figure_is_left_out_and_said(places, rebased):
    metric = factories.MetricFactory(good_direction="down", unit="%")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="41.5")
    factories.TargetFactory(metric=metric, period="2024-25", text=BETTER)
    # Towns 3 and 4 only (version 2 lists 3, 4 and 5): mean 41.55.
    _figures(metric, places[2:4], "2024-25", ["41.4", "41.7"])

    verdict = _verdict(metric, "2024-25")
    # Lower is better: 41.5 is below the mean 41.55, so better.
    assert verdict.target_status == "on_target"
    assert "(41.55%, 2024-25)" in verdict.target_reason
    assert (
        "the members' mean, 41.55%, of 2 members with a figure (of 3)"
        in verdict.target_reason
    )


def test_a_published_figure_of_the_group_is_used(places):
    published = factories.ComparatorFactory(name="Statistical neighbours")
    group = factories.ComparatorGroupFactory(
        name="Statistical neighbours", kind="statistical", comparator=published
    )
    factories.GroupVersionFactory(
        group=group, number=1, from_year="2020-21", places=places[:3]
    )
    metric = factories.MetricFactory(good_direction="up", unit="")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="35")
    factories.TargetFactory(metric=metric, period="2024-25", text=BETTER)
    figure = factories.ComparatorValueFactory(
        comparator=published, metric=metric, period="2024-25", value_text="36"
    )
    # The members' mean would be 20 (on target); the published 36 is not met.
    _figures(metric, places[:3], "2024-25", [10, 20, 30])

    verdict = _verdict(metric, "2024-25")
    assert verdict.target_status == "off_target"
    assert "(36, 2024-25)" in verdict.target_reason
    assert verdict.target_reason.endswith(
        "The group is Statistical neighbours, version 1, from 2020/21; the figure "
        "is its published figure, 36."
    )
    assert verdict.details["group"]["figure"] == "published"
    # The verdict points at the published figure it was tested against.
    assert verdict.comparator_value_id == figure.pk
    assert verdict.shown_comparator_value_id == figure.pk


def test_the_mean_tested_points_at_no_published_figure(places, rebased):
    metric = factories.MetricFactory(good_direction="up", unit="")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="45")
    factories.TargetFactory(metric=metric, period="2024-25", text=BETTER)
    _figures(metric, places[2:], "2024-25", [30, 40, 50])

    verdict = _verdict(metric, "2024-25")
    assert verdict.target_status == "on_target"
    assert verdict.comparator_value_id is None


def test_a_group_with_no_members_keeps_the_published_figure(places):
    series = factories.ComparatorFactory(name="CIPFA nearest neighbours")
    factories.ComparatorGroupFactory(
        name="CIPFA nearest neighbours", kind="cipfa", comparator=series
    )
    metric = factories.MetricFactory(good_direction="up", unit="")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="35")
    factories.TargetFactory(
        metric=metric, period="2024-25", text="Better than CIPFA nearest neighbours"
    )
    figure = factories.ComparatorValueFactory(
        comparator=series, metric=metric, period="2023-24", value_text="30"
    )

    verdict = _verdict(metric, "2024-25")
    # As before issue 19: the comparator's latest earlier figure.
    assert verdict.target_status == "on_target"
    assert verdict.target_reason == (
        "On target: 35 is above cipfa nearest neighbours (30, 2023-24, its latest "
        "figure; none yet for 2024-25)"
    )
    assert "group" not in verdict.details
    assert verdict.comparator_value_id == figure.pk


def test_a_version_with_no_member_figures_keeps_the_published_figure(places):
    series = factories.ComparatorFactory(name="Statistical neighbours")
    group = factories.ComparatorGroupFactory(
        name="Statistical neighbours", kind="statistical", comparator=series
    )
    factories.GroupVersionFactory(group=group, from_year="2020-21", places=places[:3])
    metric = factories.MetricFactory(good_direction="up", unit="")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="35")
    factories.TargetFactory(metric=metric, period="2024-25", text=BETTER)
    factories.ComparatorValueFactory(
        comparator=series, metric=metric, period="2024-25", value_text="40"
    )
    # A member figure for another year gives no standing for 2024/25.
    _figures(metric, places[:1], "2022-23", [10])

    verdict = _verdict(metric, "2024-25")
    assert verdict.target_status == "off_target"
    assert verdict.target_reason == (
        "Off target: 35 is below statistical neighbours (40, 2024-25)"
    )
    assert "group" not in verdict.details


def test_a_gap_to_close_reads_each_years_group_figure(places, rebased):
    metric = factories.MetricFactory(good_direction="up", unit="")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="10")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="35")
    factories.TargetFactory(
        metric=metric,
        period="2024-25",
        text="Close the gap with statistical neighbours",
    )
    _figures(metric, places, "2023-24", [20, 20, 20, 90, 90])  # version 1: mean 20
    _figures(metric, places, "2024-25", [0, 0, 30, 40, 50])  # version 2: mean 40

    verdict = _verdict(metric, "2024-25")
    assert verdict.target_kind == "close_gap"
    # The gap narrowed from 10 below to 5 below.
    assert verdict.target_status == "on_target"
    assert "version 1 (2019 model), from 2019/20" in verdict.target_reason
    assert "version 2 (2024 model), from 2024/25" in verdict.target_reason
    assert [g["version"] for g in verdict.details["groups"]] == [2, 1]


@pytest.mark.parametrize(
    ("mean", "home", "shown"),
    [
        (Decimal("48.2"), Decimal("52.1"), "48.20"),
        (Decimal("48.233333"), Decimal("52.1"), "48.23"),
        (Decimal("40"), Decimal("35"), "40.0"),
        (Decimal("40"), None, "40.0"),
        # Never rounded onto the figure it is compared with.
        (Decimal("48.24"), Decimal("48.2"), "48.24"),
        (Decimal("48.2004"), Decimal("48.2"), "48.2004"),
        (Decimal("48.2"), Decimal("48.2"), "48.20"),
        (Decimal("0.123456"), Decimal("0.5"), "0.12"),
        (Decimal("1234.5"), Decimal("1200"), "1234.5"),
    ],
)
def test_how_a_mean_is_written(mean, home, shown):
    assert mean_shown(mean, home) == shown


def test_assess_json_keeps_its_shape(places, rebased):
    plan = factories.PlanFactory()
    metric = factories.MetricFactory(good_direction="up", unit="")
    factories.HeadlineMembershipFactory(plan=plan, metric=metric)
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="45")
    factories.TargetFactory(metric=metric, period="2024-25", text=BETTER)
    _figures(metric, places[2:], "2024-25", [30, 40, 50])

    out = StringIO()
    call_command("assess", "--year", "2024-25", "--json", stdout=out)
    (row,) = json.loads(out.getvalue())["metrics"]
    assert set(row) == METRIC_KEYS
    assert "version 2 (2024 model)" in row["target_reason"]


def test_the_refresh_stays_flat_in_queries(places, rebased):
    metrics = []

    def make(count):
        for _ in range(count):
            metric = factories.MetricFactory(good_direction="up", unit="")
            factories.MetricValueFactory(metric=metric, period="2024-25")
            factories.TargetFactory(metric=metric, period="2024-25", text=BETTER)
            _figures(metric, places[2:], "2024-25", [30, 40, 50])
            metrics.append(metric.pk)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            calculated_verdicts_refresh(metric_ids=metrics)
        return len(captured)

    make(2)
    few = queries()
    make(5)
    assert queries() == few
    assert CalculatedVerdict.objects.filter(
        metric_id__in=metrics, period="2024-25", target_status="on_target"
    ).count() == len(metrics)  # 50 against the mean 40


def test_no_figure_to_test_names_no_group(places, rebased):
    metric = factories.MetricFactory(good_direction="up", unit="")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="45")
    factories.TargetFactory(metric=metric, period="2024-25", text=BETTER)
    _figures(metric, places[2:], "2024-25", [30, 40, 50])

    # At the first half the year's figure is not yet known: nothing was tested.
    half = _verdict(metric, "2024-25 H1")
    assert half.target_status == "not_available"
    assert "group" not in half.details
    assert "The group is" not in half.target_reason
    assert "group" in _verdict(metric, "2024-25").details
