"""Who is shown what (DESIGN.md section 4): one test per role and page kind."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_metric(officer):
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(plan=plan, title="Tackling inequalities")
    metric = factories.MetricFactory(
        name="Homelessness cases prevented", owner=officer, team=officer.team
    )
    factories.HeadlineMembershipFactory(plan=plan, metric=metric, priority=priority)
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="60")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="70")
    strategy = factories.StrategyFactory(title="Housing and Homelessness Strategy")
    factories.ChangeStepFactory(strategy=strategy).metrics.add(metric)
    return plan, metric, strategy


PAGES = [
    ("home", {}),
    ("strategies:plan_current", {}),
    ("scorecard:scorecard_current", {}),
    ("strategies:strategy_list", {}),
    ("scorecard:metric_list", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_requires_sign_in(client, plan_with_metric, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_requires_sign_in_for_a_metric_and_a_strategy(client, plan_with_metric):
    plan, metric, strategy = plan_with_metric
    for url in (
        metric.get_absolute_url(),
        strategy.get_absolute_url(),
        plan.get_absolute_url(),
    ):
        assert client.get(url).status_code == 302


def test_healthz_is_public_and_reports_the_database(client, settings):
    settings.BROKER_CONFIGURED = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True}}


def test_healthz_reports_a_configured_broker_that_does_not_answer(
    client, settings, monkeypatch
):
    settings.BROKER_CONFIGURED = True
    monkeypatch.setattr("coventry_pm.core.views._broker_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": True, "broker": False},
    }


@pytest.mark.parametrize(
    "role_fixture",
    ["officer", "manager", "employee", "cabinet_member", "councillor", "hr", "insight"],
)
def test_staff_and_members_read_the_plan_strategies_and_metrics(
    client, request, plan_with_metric, role_fixture
):
    plan, metric, strategy = plan_with_metric
    client.force_login(request.getfixturevalue(role_fixture))
    for url in (
        reverse("home"),
        plan.get_absolute_url(),
        reverse("scorecard:scorecard", args=[plan.pk]),
        strategy.get_absolute_url(),
        metric.get_absolute_url(),
        reverse("scorecard:metric_list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Homelessness cases prevented" in client.get(plan.get_absolute_url()).text


def test_partner_sees_only_the_strategies_they_are_named_on(
    client, partner, plan_with_metric
):
    _, metric, strategy = plan_with_metric
    other = factories.StrategyFactory(title="Cultural Strategy")
    strategy.board_members.add(partner)
    client.force_login(partner)

    listing = client.get(reverse("strategies:strategy_list"))
    assert "Housing and Homelessness Strategy" in listing.text
    assert "Cultural Strategy" not in listing.text
    assert client.get(strategy.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(metric.get_absolute_url()).status_code == 200


def test_partner_is_refused_the_plan_and_other_metrics(
    client, partner, plan_with_metric
):
    plan, metric, _ = plan_with_metric
    client.force_login(partner)
    assert client.get(plan.get_absolute_url()).status_code == 403
    assert client.get(reverse("scorecard:scorecard", args=[plan.pk])).status_code == 403
    assert client.get(metric.get_absolute_url()).status_code == 404


def test_a_person_with_no_role_is_refused_rather_than_shown_empty_pages(
    client, no_role_user, plan_with_metric
):
    plan, metric, strategy = plan_with_metric
    client.force_login(no_role_user)
    assert client.get(plan.get_absolute_url()).status_code == 403
    assert client.get(reverse("strategies:strategy_list")).status_code == 403
    assert client.get(reverse("scorecard:metric_list")).status_code == 403
    assert client.get(strategy.get_absolute_url()).status_code == 404
    assert client.get(metric.get_absolute_url()).status_code == 404


def test_only_the_performance_administrator_and_staff_users_reach_the_admin(
    client, officer, insight
):
    client.force_login(officer)
    assert client.get("/admin/").status_code == 302
    client.force_login(insight)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Metrics" in response.text
    assert "Users" not in response.text  # people and roles are not theirs


def test_navigation_shows_only_what_the_role_may_open(client, partner, councillor):
    client.force_login(partner)
    nav = client.get(reverse("home")).text
    assert "The plan" not in nav
    assert "Key strategies" in nav
    client.force_login(councillor)
    nav = client.get(reverse("home")).text
    assert "The plan" in nav
    assert "Administration" not in nav
