"""The dashboards' verdict sections are rendered once per version of the data
(scorecard.reading.rendered_once): what a change does to the next page, and
that one person's sections never reach someone who covers other metrics."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from scorecard.domain.periods import Period
from scorecard.models import Metric, MetricValue
from scorecard.services import (
    submission_approve,
    submission_save,
    submission_submit,
)
from scorecard.services.verdicts import calculated_verdicts_mark_stale
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-25"


@pytest.fixture
def housing_metric(officer, cabinet_member):
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(plan=plan, title="Housing for all")
    metric = factories.MetricFactory(
        code="H1",
        name="Homes let",
        team=officer.team,
        portfolio=cabinet_member.portfolios.get(),
    )
    factories.HeadlineMembershipFactory(plan=plan, metric=metric, priority=priority)
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period=YEAR, value_text="60")
    return metric


@pytest.fixture
def parks_manager(parks_team):
    user = factories.UserFactory(username="parks-manager", roles=["manager"])
    parks_team.manager = user
    parks_team.save()
    parks_team.service.head = user
    parks_team.service.save()
    factories.MetricFactory(code="P1", name="Parks cleaned", team=parks_team)
    return user


def _service(client, person):
    client.force_login(person)
    return client.get(reverse("scorecard:service_dashboard"), {"year": YEAR})


def _revise(officer, manager, metric: Metric, value: str) -> None:
    draft = submission_save(user=officer, metric=metric, period=YEAR, value_text=value)
    submitted = submission_submit(
        submission=draft, user=officer, expected_version=draft.version
    )
    submission_approve(
        submission=submitted, user=manager, expected_version=submitted.version
    )


def test_an_approved_revision_shows_on_the_next_request(
    client, officer, manager, housing_metric
):
    first = _service(client, manager)
    assert 'aria-label="Trend: 2023/24 50, 2024/25 60"' in first.text
    _revise(officer, manager, housing_metric, "45")
    again = _service(client, manager)
    assert 'aria-label="Trend: 2023/24 50, 2024/25 45"' in again.text
    assert "Got worse" in again.text


def test_a_draft_changes_nothing_on_the_dashboard(
    client, officer, manager, housing_metric
):
    _service(client, manager)
    submission_save(user=officer, metric=housing_metric, period=YEAR, value_text="1")
    again = _service(client, manager)
    assert 'aria-label="Trend: 2023/24 50, 2024/25 60"' in again.text


def test_one_managers_sections_never_reach_another(
    client, manager, parks_manager, housing_metric
):
    assert "Homes let" in _service(client, manager).text
    theirs = _service(client, parks_manager)
    assert "Homes let" not in theirs.text
    assert "Parks cleaned" in theirs.text
    # And the other way round, the housing sections now cached.
    assert "Parks cleaned" not in _service(client, manager).text


def test_verdicts_marked_for_a_rebuild_say_so_on_the_next_request(
    client, manager, housing_metric
):
    assert "Verdicts are being recalculated" not in _service(client, manager).text
    calculated_verdicts_mark_stale(metric_ids=[housing_metric.pk])
    assert "Verdicts are being recalculated" in _service(client, manager).text


def test_my_portfolio_is_ones_own(client, cabinet_member, housing_metric):
    other = factories.UserFactory(username="other-cabinet", roles=["cabinet_member"])
    factories.PortfolioFactory(name="Parks and Leisure", cabinet_member=other)
    url = reverse("scorecard:plan_dashboard")
    client.force_login(cabinet_member)
    assert "Homes let" in client.get(url, {"portfolio": "mine"}).text
    client.force_login(other)
    assert "Homes let" not in client.get(url, {"portfolio": "mine"}).text
    assert "Homes let" in client.get(url).text


def test_data_collection_health_follows_the_figures_entered(client, officer, manager):
    metric = factories.MetricFactory(
        code="Q1", team=officer.team, frequency="annual", entry_lag_days=30
    )
    # Last year's figure, due 30 days after the year ended: within the last year.
    owed = Period.containing(timezone.localdate(), "annual").previous()

    def health():
        response = _service(client, manager)
        (row,) = response.context["health"]
        return row.due, row.on_time

    assert health() == (1, 0)
    value = factories.MetricValueFactory(metric=metric, period=str(owed))
    arrived = owed.end_date() + dt.timedelta(days=1)
    MetricValue.objects.filter(pk=value.pk).update(
        entered_at=timezone.make_aware(dt.datetime.combine(arrived, dt.time(9)))
    )
    assert health() == (1, 1)
