"""The extra readings (recent trend, control-chart variation) are worked out by the
verdict refresh, stored with the verdict, and shown from what was stored."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from scorecard.models import CalculatedVerdict
from scorecard.selectors import metric_assessments
from tests import factories

pytestmark = pytest.mark.django_db

YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]


def _proportion_series(metric, shares):
    for year, share in zip(YEARS, shares, strict=True):
        factories.MetricValueFactory(
            metric=metric,
            period=year,
            value_text=str(share),
            numerator=Decimal(share * 10),
            denominator=Decimal(1000),
        )


def test_five_years_of_a_rising_proportion_store_a_significant_trend():
    metric = factories.MetricFactory(code="P1", unit="%", good_direction="up")
    _proportion_series(metric, [10, 12, 14, 16, 18])
    stored = CalculatedVerdict.objects.get(metric=metric, period="2024-25")
    trend = stored.details["trend"]
    assert trend["method"] == "recent_trend_chi_squared"
    assert trend["outcome"] == "increasing_and_getting_better"
    assert trend["code"] == "significant"
    assert trend["periods"] == YEARS
    row = metric_assessments(metrics=[metric], year="2024-25")[0]
    assert row.trend == trend
    assert row.variation is None


def test_a_falling_proportion_where_up_is_good_is_getting_worse():
    metric = factories.MetricFactory(code="P2", unit="%", good_direction="up")
    _proportion_series(metric, [18, 16, 14, 12, 10])
    trend = CalculatedVerdict.objects.get(metric=metric, period="2024-25").details[
        "trend"
    ]
    assert trend["outcome"] == "decreasing_and_getting_worse"


def test_an_earlier_year_reads_only_the_figures_up_to_it():
    metric = factories.MetricFactory(code="P3", unit="%", good_direction="up")
    _proportion_series(metric, [10, 12, 14, 16, 18])
    earlier = CalculatedVerdict.objects.get(metric=metric, period="2023-24")
    assert earlier.details["trend"]["code"] == "too_few_points"


def test_a_number_without_intervals_cannot_have_a_trend_and_says_why():
    metric = factories.MetricFactory(code="N1", unit="number", good_direction="up")
    for year, value in zip(YEARS, ["10", "12", "14", "16", "18"], strict=True):
        factories.MetricValueFactory(metric=metric, period=year, value_text=value)
    trend = CalculatedVerdict.objects.get(metric=metric, period="2024-25").details[
        "trend"
    ]
    assert trend["outcome"] == "cannot_be_calculated"
    assert trend["code"] == "missing_interval"


def test_twelve_quarters_store_a_control_chart_reading():
    metric = factories.MetricFactory(code="Q1", unit="number", good_direction="down")
    quarters = [
        f"{year} Q{q}"
        for year in ("2022-23", "2023-24", "2024-25")
        for q in range(1, 5)
    ]
    values = ["50", "52", "49", "51", "50", "48", "52", "50", "49", "51", "50", "90"]
    for period, value in zip(quarters, values, strict=True):
        factories.MetricValueFactory(metric=metric, period=period, value_text=value)
    stored = CalculatedVerdict.objects.get(metric=metric, period="2024-25")
    variation = stored.details["variation"]
    assert variation["method"] == "spc_xmr"
    # The last quarter is far above the limits, and down is good.
    assert variation["outcome"] == "special_cause_concerning"
    assert variation["code"] == "beyond_limits"
    assert variation["limits_provisional"] is False
    assert variation["periods"] == quarters
    # Only the points that break a rule are kept: the last quarter, 90, beyond
    # the limits, and the eleven before it, all below the mean it pulls up.
    kept = [(p["period"], p["rules"]) for p in variation["points"]]
    assert kept[-1] == ("2024-25 Q4", ["beyond_limits"])
    assert kept[:-1] == [(period, ["shift"]) for period in quarters[:-1]]
    assert "trend" not in stored.details


def test_a_chart_keeps_its_periods_and_only_the_points_that_break_a_rule():
    metric = factories.MetricFactory(code="Q2", unit="number", good_direction="up")
    quarters = [
        f"{year} Q{q}"
        for year in ("2022-23", "2023-24", "2024-25")
        for q in range(1, 5)
    ]
    values = ["50", "52", "49", "51", "50", "48", "52", "50", "49", "51", "50", "51"]
    for period, value in zip(quarters, values, strict=True):
        factories.MetricValueFactory(metric=metric, period=period, value_text=value)
    variation = CalculatedVerdict.objects.get(metric=metric, period="2024-25").details[
        "variation"
    ]
    assert variation["outcome"] == "common_cause"
    assert variation["periods"] == quarters
    assert variation["points"] == []


def test_the_dashboards_and_assess_show_the_stored_reading():
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(plan=plan)
    metric = factories.MetricFactory(code="P4", unit="%", good_direction="up")
    factories.HeadlineMembershipFactory(plan=plan, metric=metric, priority=priority)
    _proportion_series(metric, [10, 12, 14, 16, 18])
    out = StringIO()
    call_command("assess", "--year", "2024-25", "--json", stdout=out)
    (found,) = json.loads(out.getvalue())["metrics"]
    assert found["recent_trend"]["outcome"] == "increasing_and_getting_better"
    assert found["variation"] is None

    reader = factories.UserFactory(roles=["cabinet_member"])
    from django.test import Client

    client = Client()
    client.force_login(reader)
    page = client.get(reverse("scorecard:plan_dashboard"), {"year": "2024-25"})
    assert page.status_code == 200
    assert "Recent trend: Increasing and getting better" in page.text
