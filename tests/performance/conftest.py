"""A small agreed plan with one priority and a headline metric: approved figures
for two years, a comparator, a target, figures by ward and an areas file; plus a
figure still awaiting approval, which the public must never see."""

from decimal import Decimal

import pytest

from performance.services import area_layout_upload
from scorecard.models import Metric, MetricValue
from tests import factories

YEAR = "2024-25"


@pytest.fixture
def live_plan(db, insight):
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(
        plan=plan, title="Improving outcomes and tackling inequalities"
    )
    metric = factories.MetricFactory(
        code="OCP900",
        name="Homelessness cases prevented and relieved",
        unit="number",
        frequency=Metric.Frequency.ANNUAL,
        entry_lag_days=90,
    )
    factories.HeadlineMembershipFactory(
        plan=plan, report_year=YEAR, metric=metric, priority=priority
    )
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="305")
    factories.MetricValueFactory(metric=metric, period=YEAR, value_text="321")
    for ward, text in (("Canalside", "40"), ("Spon Gate", "25")):
        factories.MetricValueFactory(
            metric=metric,
            period=YEAR,
            breakdown="ward",
            breakdown_group=ward,
            value_text=text,
        )
    factories.ComparatorValueFactory(metric=metric, period=YEAR, value_text="300")
    factories.TargetFactory(metric=metric, period=YEAR, text="To increase")
    # A revision not yet approved: not public.
    factories.MetricValueFactory(
        metric=metric,
        period=YEAR,
        revision=2,
        value_text="999",
        approval=MetricValue.Approval.SUBMITTED,
    )
    area_layout_upload(
        breakdown="ward",
        name="Wards",
        data=b"name,column,row\nCanalside,0,0\nSpon Gate,1,0\nSwanswell,0,1\n",
        file_name="wards.csv",
        user=insight,
    )
    return {"plan": plan, "priority": priority, "metric": metric}


@pytest.fixture
def proposed_metric(live_plan):
    metric = factories.MetricFactory(
        code="OCP901", name="A proposed metric", status=Metric.Status.PROPOSED
    )
    factories.MetricValueFactory(
        metric=metric, period=YEAR, value_text="77", value_number=Decimal(77)
    )
    factories.HeadlineMembershipFactory(
        plan=live_plan["plan"],
        report_year=YEAR,
        metric=metric,
        priority=live_plan["priority"],
    )
    return metric
