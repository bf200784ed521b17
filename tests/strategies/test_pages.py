"""What the plan, strategy, metric and scorecard pages show."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(officer):
    plan = factories.PlanFactory(vision="A better Coventry for everyone.")
    prosperity = factories.PriorityFactory(
        plan=plan, title="Increasing the economic prosperity of the city and region"
    )
    factories.PriorityFactory(
        plan=plan,
        kind="enabling",
        title="Continued financial sustainability of the council",
    )
    objective = factories.ObjectiveFactory(priority=prosperity, title="Good jobs")
    strategy = factories.StrategyFactory(title="Local Plan")
    strategy.objectives.add(objective)
    strategy.priorities.add(prosperity)
    skilled = factories.MetricFactory(
        code="OCP001",
        name="Residents in skilled employment",
        unit="%",
        perspective="outcomes",
        similarity_band="0.5",
    )
    factories.HeadlineMembershipFactory(plan=plan, metric=skilled, priority=prosperity)
    factories.MetricValueFactory(metric=skilled, period="2023-24", value_text="72.2")
    factories.MetricValueFactory(metric=skilled, period="2024-25", value_text="74.7")
    factories.TargetFactory(metric=skilled, text="To increase")
    spend = factories.MetricFactory(
        code="OCP002",
        name="Spend against budget",
        unit="£ millions",
        perspective="finance",
        good_direction="down",
    )
    factories.HeadlineMembershipFactory(plan=plan, metric=spend, priority=prosperity)
    factories.MetricValueFactory(metric=spend, period="2023-24", value_text="12.1")
    factories.MetricValueFactory(metric=spend, period="2024-25", value_text="12.4")
    step = factories.ChangeStepFactory(
        strategy=strategy, kind="outcome", description="More residents in good jobs"
    )
    step.metrics.add(skilled)
    factories.ActionFactory(
        action_plan__strategy=strategy,
        action_plan__team=officer.team,
        title="Open the skills hub",
        status="at_risk",
        owner=officer,
    )
    return plan


def test_plan_page_follows_the_thread_from_priority_to_metric(client, employee, plan):
    client.force_login(employee)
    page = client.get(plan.get_absolute_url()).text
    assert "A better Coventry for everyone." in page
    assert "Increasing the economic prosperity of the city and region" in page
    assert "Enabling priority" in page
    assert "Good jobs" in page
    assert "Local Plan" in page
    assert "Residents in skilled employment" in page
    # One improved, one got worse: 50% (1/2).
    assert "50% (1/2) of directional metrics improved or stayed the same." in page


def test_symbols_always_carry_their_words(client, employee, plan):
    client.force_login(employee)
    page = client.get(plan.get_absolute_url()).text
    assert 'data-progress="improved"' in page
    assert '<span class="symbol" aria-hidden="true">✓</span>Improved' in page
    assert '<span class="symbol" aria-hidden="true">✗</span>Got worse' in page


def test_metric_page_gives_the_reason_in_words_and_the_figures(client, employee, plan):
    client.force_login(employee)
    response = client.get(reverse("scorecard:metric", args=["OCP001"]))
    page = response.text
    assert "Improved: 72.2% → 74.7%" in page
    assert "±0.5" in page
    assert "trend-data" in page  # the chart's figure
    assert "vendor/plotly/plotly.min.js" in page  # served locally, not from a CDN
    assert "To increase" in page


def test_metric_page_for_an_unknown_code_is_404(client, employee, plan):
    client.force_login(employee)
    assert client.get(reverse("scorecard:metric", args=["NOPE"])).status_code == 404


def test_scorecard_groups_by_perspective_with_symbol_counts(client, councillor, plan):
    client.force_login(councillor)
    response = client.get(reverse("scorecard:scorecard", args=[plan.pk]))
    perspectives = {p["key"]: p for p in response.context["perspectives"]}
    assert [r.metric.code for r in perspectives["outcomes"]["rows"]] == ["OCP001"]
    assert [r.metric.code for r in perspectives["finance"]["rows"]] == ["OCP002"]
    assert perspectives["workforce"]["rows"] == []
    outcomes = dict(perspectives["outcomes"]["progress_counts"])
    assert outcomes["improved"] == 1
    assert dict(perspectives["finance"]["progress_counts"])["got_worse"] == 1
    assert "Workforce" in response.text and "Quality" in response.text


def test_scorecard_for_an_unknown_year_is_404(client, councillor, plan):
    client.force_login(councillor)
    url = reverse("scorecard:scorecard", args=[plan.pk])
    assert client.get(url, {"year": "not-a-year"}).status_code == 404


def test_strategy_page_shows_story_of_change_and_actions(client, employee, plan):
    client.force_login(employee)
    strategy = plan.priorities.first().strategies.get()
    page = client.get(strategy.get_absolute_url()).text
    assert "More residents in good jobs" in page
    assert "Open the skills hub" in page
    assert "At risk" in page


def test_officer_home_lists_their_metrics_and_actions(client, officer, plan):
    factories.MetricFactory(name="Rough sleepers", owner=officer)
    client.force_login(officer)
    page = client.get(reverse("home")).text
    assert "My metrics" in page
    assert "Rough sleepers" in page
    assert "Open the skills hub" in page


def test_cabinet_home_shows_a_card_per_priority(client, cabinet_member, plan):
    client.force_login(cabinet_member)
    response = client.get(reverse("home"))
    cards = response.context["priority_cards"]
    assert [c["priority"].title for c in cards] == [
        "Increasing the economic prosperity of the city and region",
        "Continued financial sustainability of the council",
    ]
    assert cards[0]["summary"].directional_pct == 50
