"""The manager's service dashboard and the plan dashboard: figures on the page,
refusals, and a flat number of queries as data grows."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scorecard.models import MetricValue
from scorecard.selectors import data_collection_health
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(officer, cabinet_member):
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(
        plan=plan,
        title="Improving outcomes and tackling inequalities",
        narrative="Narrative of the priority.",
    )
    portfolio = cabinet_member.portfolios.get()

    def metric(code, perspective, before, now, target="None set", direction="up"):
        m = factories.MetricFactory(
            code=code,
            name=f"Metric {code}",
            perspective=perspective,
            team=officer.team,
            portfolio=portfolio,
            good_direction=direction,
        )
        factories.HeadlineMembershipFactory(plan=plan, metric=m, priority=priority)
        factories.MetricValueFactory(metric=m, period="2023-24", value_text=before)
        factories.MetricValueFactory(metric=m, period="2024-25", value_text=now)
        factories.TargetFactory(metric=m, text=target)
        return m

    metric("A1", "outcomes", "50", "60", "To increase")
    metric("A2", "outcomes", "50", "40", "To increase")
    metric("A3", "quality", "50", "50")
    worse = metric("A4", "finance", "10", "12", "<11", direction="down")
    for group, value in [("female", "70"), ("male", "55")]:
        factories.MetricValueFactory(
            metric=worse,
            period="2024-25",
            value_text=value,
            breakdown="sex",
            breakdown_group=group,
        )
    factories.ActionFactory(
        action_plan__team=officer.team,
        team=officer.team,
        status="at_risk",
        title="Late action",
    )
    return plan


def test_service_dashboard_counts_symbols_by_perspective(client, manager, plan):
    client.force_login(manager)
    response = client.get(reverse("scorecard:service_dashboard"), {"year": "2024-25"})
    assert response.status_code == 200
    perspectives = {p["key"]: p for p in response.context["perspectives"]}
    assert dict(perspectives["outcomes"]["progress_counts"]) == {
        "improved": 1,
        "got_worse": 1,
        "similar": 0,
        "cannot_say": 0,
        "not_available": 0,
    }
    assert dict(perspectives["finance"]["progress_counts"])["got_worse"] == 1
    assert [r.metric.code for r in response.context["off_target"]] == ["A2", "A4"]
    assert "Late action" in response.text
    assert 'aria-label="Trend: 2023/24 50, 2024/25 60"' in response.text


def test_service_dashboard_filters_keep_their_state_in_the_url(client, manager, plan):
    client.force_login(manager)
    response = client.get(
        reverse("scorecard:service_dashboard"),
        {"year": "2024-25", "perspective": "finance"},
    )
    rows = [r for p in response.context["perspectives"] for r in p["rows"]]
    assert [r.metric.code for r in rows] == ["A4"]
    assert '<option value="finance" selected>' in response.text


@pytest.mark.parametrize("person", ["officer", "employee", "cabinet_member", "hr"])
def test_service_dashboard_is_for_managers(client, request, person, plan):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("scorecard:service_dashboard")).status_code == 403


def test_data_collection_health_counts_figures_that_arrived_by_their_due_date(
    officer,
):
    metric = factories.MetricFactory(team=officer.team, frequency="quarter")
    today = dt.date(2026, 11, 26)
    # Due dates (period end + 30 days) in the last year, before today: Q2 2026-27
    # (30 Oct, never arrived), Q1 (30 Jul, arrived 10 Jul: on time), Q4 2025-26
    # (30 Apr, arrived 20 May: late), Q3 (30 Jan, never). Q2 2025-26 was due more
    # than a year ago, so it does not count.
    for period, entered in [
        ("2026-27 Q1", dt.date(2026, 7, 10)),
        ("2025-26 Q4", dt.date(2026, 5, 20)),
        ("2025-26 Q2", dt.date(2025, 10, 1)),
    ]:
        value = factories.MetricValueFactory(metric=metric, period=period)
        MetricValue.objects.filter(pk=value.pk).update(
            entered_at=timezone.make_aware(dt.datetime.combine(entered, dt.time(9)))
        )
    (health,) = data_collection_health([officer.team], today=today)
    assert health.due == 4
    assert health.on_time == 1
    assert health.percent == 25


def test_plan_dashboard_has_a_card_per_priority_and_the_inequalities(
    client, cabinet_member, plan
):
    client.force_login(cabinet_member)
    response = client.get(reverse("scorecard:plan_dashboard"))
    assert response.status_code == 200
    (card,) = response.context["priorities"]
    # A1 improved, A3 similar, A2 and A4 got worse: 50% (2/4).
    assert card["sentence"].startswith(
        "50% (2/4) of directional metrics improved or stayed the same."
    )
    (gap,) = response.context["inequalities"]
    # Down is good for A4, so male (55) is the best group and female (70) the worst.
    assert (gap.best.breakdown_group, gap.worst.breakdown_group) == ("male", "female")
    assert gap.gap == 15
    assert "Narrative of the priority." in response.text


def test_plan_dashboard_is_refused_to_partners(client, partner, plan):
    client.force_login(partner)
    assert client.get(reverse("scorecard:plan_dashboard")).status_code == 403


@pytest.mark.parametrize(
    "url_name", ["scorecard:plan_dashboard", "scorecard:service_dashboard"]
)
def test_dashboards_run_a_flat_number_of_queries(client, manager, plan, url_name):
    client.force_login(manager)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name), {"year": "2024-25"}).status_code == 200
        return len(ctx)

    before = count()
    priority = plan.priorities.get()
    for _ in range(15):
        metric = factories.MetricFactory(team=manager.teams_managed.get())
        factories.HeadlineMembershipFactory(plan=plan, metric=metric, priority=priority)
        factories.MetricValueFactory(metric=metric, period="2023-24")
        factories.MetricValueFactory(metric=metric, period="2024-25")
    assert count() == before


def year_list(html):
    """The Reporting year list's options, and the one selected."""
    select = html[html.index('<select id="year"') :]
    select = select[: select.index("</select>")]
    options = re.findall(r'<option value="([^"]*)"( selected)?>', select)
    return [value for value, _ in options], [v for v, chosen in options if chosen]


def test_service_dashboard_year_list_offers_and_selects_the_year_in_progress(
    client, manager, officer, plan
):
    metric = plan.headline_metrics.first().metric
    factories.MetricValueFactory(metric=metric, period="2025-26 Q1", value_text="61")
    client.force_login(manager)

    default = client.get(reverse("scorecard:service_dashboard")).text
    offered, selected = year_list(default)
    # The plan's report year is still the default; the years with the service's
    # figures, the one in progress among them, are on offer beside it.
    assert offered == ["2025-26", "2024-25", "2023-24"]
    assert selected == ["2024-25"]

    page = client.get(reverse("scorecard:service_dashboard"), {"year": "2025-26"})
    assert "2025/26</span>Service dashboard" in page.text
    assert year_list(page.text) == (["2025-26", "2024-25", "2023-24"], ["2025-26"])


@pytest.mark.parametrize(
    "url_name", ["scorecard:plan_dashboard", "scorecard:service_dashboard"]
)
def test_a_dashboard_year_list_shows_the_year_asked_for(
    client, manager, plan, url_name
):
    client.force_login(manager)
    response = client.get(reverse(url_name), {"year": "2019-20"})
    assert response.status_code == 200
    assert response.context["year"] == "2019-20"
    assert year_list(response.text)[1] == ["2019-20"]


@pytest.mark.parametrize("year", ["2024-25 Q1", "2024", "next"])
def test_a_dashboard_refuses_a_year_that_is_not_one(client, manager, plan, year):
    client.force_login(manager)
    response = client.get(reverse("scorecard:service_dashboard"), {"year": year})
    assert response.status_code == 404
