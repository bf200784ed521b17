"""The pages the benchmark times run the same number of queries however much data
there is: more metrics, more years of figures, targets (with their history),
comparators and recorded verdicts (issue 14: query counts stay flat)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard.models import Metric
from tests import factories

# Query counts at scale (the same queries for many records as for few): a
# whole-system check, left out by make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

YEARS = ["2021-22", "2022-23", "2023-24", "2024-25"]


@pytest.fixture
def plan(officer, cabinet_member):
    plan = factories.PlanFactory()
    factories.PriorityFactory(plan=plan, title="Improving outcomes")
    return plan


def add_metrics(plan, officer, cabinet_member, how_many, years):
    priority = plan.priorities.get()
    comparator = factories.ComparatorFactory(name="England")
    made = []
    for _ in range(how_many):
        metric = factories.MetricFactory(
            team=officer.team, portfolio=cabinet_member.portfolios.get(), unit="%"
        )
        for year in years:
            factories.HeadlineMembershipFactory(
                plan=plan, metric=metric, priority=priority, report_year=year
            )
            factories.MetricValueFactory(metric=metric, period=year, value_text="50")
            factories.TargetFactory(metric=metric, period=year, text="To increase")
            comparator.values.create(
                metric=metric, period=year, value_text="48", value_number=48
            )
            factories.RecordedVerdictFactory(
                metric=metric, period=year, progress="improved", plan=plan
            )
        made.append(metric)
    return made


def queries(client, url):
    cache.clear()  # the live pages uncached
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def pages(plan, metric):
    priority = plan.priorities.get()
    return {
        "scorecard": "/scorecard/?year=2024-25",
        "metric page": f"/metrics/{metric.code}/?year=2024-25",
        "live: overview": "/performance/",
        "live: progress": "/performance/progress/",
        "live: priority": f"/performance/priorities/{priority.pk}/",
        "live: metric": f"/performance/metrics/{metric.code}/",
    }


def test_the_benchmarked_pages_run_a_flat_number_of_queries(
    client, manager, officer, cabinet_member, plan
):
    first = add_metrics(plan, officer, cabinet_member, 2, YEARS[-2:])[0]
    client.force_login(manager)
    before = {name: queries(client, url) for name, url in pages(plan, first).items()}
    # More metrics, and every metric (the one on its page too) with more years.
    add_metrics(plan, officer, cabinet_member, 8, YEARS)
    for year in YEARS[:2]:
        factories.MetricValueFactory(metric=first, period=year, value_text="40")
        target = factories.TargetFactory(metric=first, period=year, text="55%")
        target.text = "60%"
        target.save()  # a change in the target's history
    assert Metric.objects.count() == 10
    after = {name: queries(client, url) for name, url in pages(plan, first).items()}
    assert after == before
