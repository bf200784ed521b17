"""The dashboards for their second visitor (issue 14 item 6): the verdict
sections, the current plan and its report years are shared once per version of
the data, so what each request runs itself is few queries and flat as the data
grows; and a change to the plan, its years, a team's figures or the approvals
waiting shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scorecard.services import submission_approve, submission_save, submission_submit
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-25"
YEARS = ["2021-22", "2022-23", "2023-24", YEAR]


@pytest.fixture
def plan(officer):
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(plan=plan, title="Housing for all")
    metric = factories.MetricFactory(code="H1", name="Homes let", team=officer.team)
    factories.HeadlineMembershipFactory(
        plan=plan, metric=metric, priority=priority, report_year=YEAR
    )
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period=YEAR, value_text="60")
    return plan


def _second_visit(client, url: str) -> int:
    """The queries of a request after another has shared what it could."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(plan, officer, parks_team) -> None:
    """More metrics, years, figures, memberships, teams and submissions waiting."""
    priority = plan.priorities.get()
    for team in (officer.team, parks_team):
        for _ in range(3):
            metric = factories.MetricFactory(team=team)
            for year in YEARS:
                factories.HeadlineMembershipFactory(
                    plan=plan, metric=metric, priority=priority, report_year=year
                )
                factories.MetricValueFactory(metric=metric, period=year)
                factories.TargetFactory(metric=metric, period=year, text="50%")
            if team == officer.team:
                draft = submission_save(
                    user=officer, metric=metric, period=YEAR, value_text="51"
                )
                submission_submit(
                    submission=draft, user=officer, expected_version=draft.version
                )


# The floor's three (the session, the person, their devices) and what the page
# asks itself: the person's roles, their teams, the fingerprints (one query),
# the approvals and the action updates waiting (one query); the plan dashboard:
# roles, the fingerprint, the portfolios. Both: the navigation's line reports, a
# query for each level of them (two, with these people).
@pytest.mark.parametrize(
    ("url_name", "queries"), [("service_dashboard", 9), ("plan_dashboard", 8)]
)
def test_a_second_visitor_runs_few_queries_however_much_data(
    client, manager, officer, parks_team, plan, url_name, queries
):
    client.force_login(manager)
    url = reverse(f"scorecard:{url_name}") + f"?year={YEAR}"
    assert _second_visit(client, url) == queries
    _grow(plan, officer, parks_team)
    assert _second_visit(client, url) == queries


def test_the_plans_new_name_and_years_show_on_the_next_request(
    client, manager, officer, plan
):
    client.force_login(manager)
    page = client.get(reverse("scorecard:plan_dashboard")).text
    assert str(plan) in page
    assert '<option value="2025-26"' not in page
    plan.name = "One Coventry Plan, revised"
    plan.save()
    factories.HeadlineMembershipFactory(
        plan=plan,
        metric=factories.MetricFactory(team=officer.team),
        report_year="2025-26",
    )
    for url_name in ("plan_dashboard", "service_dashboard"):
        page = client.get(reverse(f"scorecard:{url_name}")).text
        assert '<option value="2025-26"' in page
    assert (
        "One Coventry Plan, revised"
        in client.get(reverse("scorecard:plan_dashboard")).text
    )


def test_an_approval_shows_on_the_next_request(client, manager, officer, plan):
    metric = plan.headline_metrics.get().metric
    client.force_login(manager)
    url = reverse("scorecard:service_dashboard") + f"?year={YEAR}"
    assert 'Approvals waiting</h2><span class="big-number">0<' in client.get(url).text
    draft = submission_save(user=officer, metric=metric, period=YEAR, value_text="40")
    submitted = submission_submit(
        submission=draft, user=officer, expected_version=draft.version
    )
    assert 'Approvals waiting</h2><span class="big-number">1<' in client.get(url).text
    submission_approve(
        submission=submitted, user=manager, expected_version=submitted.version
    )
    page = client.get(url).text
    assert 'Approvals waiting</h2><span class="big-number">0<' in page
    assert 'aria-label="Trend: 2023/24 50, 2024/25 40"' in page
    assert "Got worse" in page


def test_a_service_filter_picks_from_ones_own_teams(
    client, manager, officer, parks_team, plan
):
    client.force_login(manager)
    url = reverse("scorecard:service_dashboard")
    service = officer.team.service
    page = client.get(url, {"service": service.pk, "year": YEAR}).text
    assert "Homes let" in page
    assert client.get(url, {"service": 999999, "year": YEAR}).status_code == 200
    assert "Homes let" not in client.get(url, {"service": 999999, "year": YEAR}).text


def test_the_approvals_waiting_are_what_the_approvals_queues_hold(
    client, manager, officer, parks_team, plan
):
    """The dashboard counts in one query what the two queues list."""
    import datetime as dt

    from scorecard.models import Submission
    from scorecard.selectors import approval_queue
    from strategies.models import Action, ProgressUpdate
    from strategies.selectors import updates_awaiting_review

    own = plan.headline_metrics.get().metric
    for metric, status in (
        (own, Submission.Status.SUBMITTED),
        (factories.MetricFactory(team=officer.team), Submission.Status.SUBMITTED),
        (factories.MetricFactory(team=officer.team), Submission.Status.DRAFT),
        (factories.MetricFactory(team=parks_team), Submission.Status.SUBMITTED),
    ):
        Submission.objects.create(
            metric=metric, period=YEAR, status=status, created_by=officer
        )
    # The manager's own submission is not theirs to approve.
    Submission.objects.create(
        metric=factories.MetricFactory(team=officer.team),
        period=YEAR,
        status=Submission.Status.SUBMITTED,
        created_by=manager,
    )
    actions = [
        factories.ActionFactory(team=officer.team),
        # No team of its own: its plan's team decides.
        factories.ActionFactory(
            team=None, action_plan=factories.ActionPlanFactory(team=officer.team)
        ),
        factories.ActionFactory(team=parks_team),
    ]
    for action in actions:
        for author, approval in (
            (officer, ProgressUpdate.Approval.SUBMITTED),
            (officer, ProgressUpdate.Approval.APPROVED),
            (manager, ProgressUpdate.Approval.SUBMITTED),
        ):
            ProgressUpdate.objects.create(
                action=action,
                date=dt.date(2024, 5, 1),
                status=Action.Status.ON_TRACK,
                narrative="Going well.",
                author=author,
                approval=approval,
            )
    expected = (
        approval_queue(manager).count() + updates_awaiting_review(manager).count()
    )
    assert expected == 4
    client.force_login(manager)
    page = client.get(reverse("scorecard:service_dashboard"), {"year": YEAR}).text
    assert f'Approvals waiting</h2><span class="big-number">{expected}<' in page


def test_an_action_put_at_risk_shows_on_the_next_request(
    client, manager, officer, plan
):
    from strategies.models import Action

    client.force_login(manager)
    url = reverse("scorecard:service_dashboard") + f"?year={YEAR}"
    action = factories.ActionFactory(team=officer.team, title="Open the new hostel")
    assert "No actions are at risk." in client.get(url).text
    action.status = Action.Status.AT_RISK
    action.save()
    page = client.get(url).text
    assert "Open the new hostel" in page
    assert "No actions are at risk." not in page
    strategy = action.action_plan.strategy
    strategy.title = "Homes for everyone"
    strategy.save()
    assert "Homes for everyone" in client.get(url).text
    action.status = Action.Status.ON_TRACK
    action.save()
    assert "No actions are at risk." in client.get(url).text
