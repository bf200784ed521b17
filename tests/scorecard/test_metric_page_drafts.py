"""Figures not yet approved on a metric's page (issue 16 item 2).

Unapproved figures (drafts, those awaiting approval, those returned) are seen only
by their author, the metric's other editors, its approvers and the performance
administrator (DESIGN.md section 4). The page shares what every reader sees alike
(scorecard.views.pages.metric_detail): that shared part holds approved figures
only, and a reader who may see a figure not yet approved has it added to their own
page, in one more query. A reader who may see none runs no more queries than
before.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard.models import Metric, MetricValue
from scorecard.selectors import submissions_visible_to, values_visible_to
from scorecard.services import (
    submission_approve,
    submission_return,
    submission_save,
    submission_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-25"
# The draft's figure: written nowhere else on the page (no date, count or id).
DRAFT = "4321"
SHOWN = "2024/25"  # the year as the table writes it
APPROVED_ROWS = [("2023/24", "1", "50", "Approved"), (SHOWN, "1", "60", "Approved")]
DRAFT_ROW = (SHOWN, "2", DRAFT, "Draft")


@pytest.fixture
def metric(officer, cabinet_member):
    """Housing Options' metric, owned by ``officer``, with two approved figures."""
    metric = factories.MetricFactory(
        code="H1",
        name="Homes let",
        unit="number",
        owner=officer,
        team=officer.team,
        portfolio=cabinet_member.portfolios.get(),
    )
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period=YEAR, value_text="60")
    return metric


@pytest.fixture
def team_officer(housing_team, manager):
    """Another officer of Housing Options: the metric's other editor."""
    return factories.UserFactory(
        username="team-officer",
        roles=["officer", "employee"],
        team=housing_team,
        line_manager=manager,
    )


@pytest.fixture
def draft(officer, metric):
    """``officer``'s draft of the year's figure: revision 2."""
    return submission_save(user=officer, metric=metric, period=YEAR, value_text=DRAFT)


def _page(client, person, metric: Metric):
    client.force_login(person)
    response = client.get(f"/metrics/{metric.code}/", {"year": YEAR})
    assert response.status_code == 200
    return response


def _value_rows(response) -> list[tuple[str, str, str, str]]:
    """The table of values and revisions: (period, revision, figure, approval)."""
    table = response.text.split("<h2>Values and revisions</h2>", 1)[1]
    table = table.split("</table>", 1)[0]
    return re.findall(
        r'<tr><td>([^<]*)</td><td>[^<]*</td><td class="num">(\d+)</td>'
        r'<td class="num">([^<]*)</td><td>[^<]*</td><td>([^<]*)</td>',
        table,
    )


# --- Who sees the draft ------------------------------------------------------------


def test_an_employee_does_not_see_an_officers_draft_on_the_metric_page(
    client, employee, metric, draft
):
    page = _page(client, employee, metric)
    assert _value_rows(page) == APPROVED_ROWS
    assert DRAFT not in page.text
    assert "<td>Draft</td>" not in page.text


@pytest.mark.parametrize("who", ["officer", "team_officer", "manager", "insight"])
def test_the_author_other_editors_approver_and_performance_admin_see_the_draft(
    client, request, metric, draft, who
):
    page = _page(client, request.getfixturevalue(who), metric)
    assert _value_rows(page) == [*APPROVED_ROWS, DRAFT_ROW]


@pytest.mark.parametrize(
    "who", ["employee", "other_officer", "cabinet_member", "councillor", "hr"]
)
def test_no_other_reader_sees_the_draft(client, request, metric, draft, who):
    page = _page(client, request.getfixturevalue(who), metric)
    assert _value_rows(page) == APPROVED_ROWS
    assert DRAFT not in page.text


def test_a_figure_awaiting_approval_or_returned_is_hidden_the_same_way(
    client, officer, manager, employee, metric, draft
):
    submitted = submission_submit(
        submission=draft, user=officer, expected_version=draft.version
    )
    waiting = (SHOWN, "2", DRAFT, "Awaiting approval")
    assert _value_rows(_page(client, manager, metric))[-1] == waiting
    assert _value_rows(_page(client, employee, metric)) == APPROVED_ROWS
    submission_return(
        submission=submitted,
        user=manager,
        comment="Check the count.",
        expected_version=submitted.version,
    )
    returned = (SHOWN, "2", DRAFT, "Returned")
    assert _value_rows(_page(client, officer, metric))[-1] == returned
    assert _value_rows(_page(client, employee, metric)) == APPROVED_ROWS


def test_an_approved_figure_shows_to_everyone(
    client, officer, manager, employee, metric, draft
):
    submitted = submission_submit(
        submission=draft, user=officer, expected_version=draft.version
    )
    submission_approve(
        submission=submitted, user=manager, expected_version=submitted.version
    )
    approved = (SHOWN, "2", DRAFT, "Approved")
    assert _value_rows(_page(client, employee, metric)) == [*APPROVED_ROWS, approved]


def test_an_author_who_no_longer_edits_the_metric_still_sees_their_draft(
    client, officer, employee, parks_team, metric, draft
):
    Metric.objects.filter(pk=metric.pk).update(owner=None)
    officer.team = parks_team
    officer.save()
    assert _value_rows(_page(client, officer, metric)) == [*APPROVED_ROWS, DRAFT_ROW]
    assert _value_rows(_page(client, employee, metric)) == APPROVED_ROWS


# --- The shared part holds approved figures only -----------------------------------


def test_an_editor_building_the_shared_part_shares_no_draft(
    client, officer, employee, metric, draft
):
    assert DRAFT_ROW in _value_rows(_page(client, officer, metric))  # built here
    page = _page(client, employee, metric)  # shared
    assert _value_rows(page) == APPROVED_ROWS
    assert DRAFT not in page.text


def test_a_reader_building_the_shared_part_keeps_the_draft_from_its_editors(
    client, officer, employee, metric, draft
):
    assert _value_rows(_page(client, employee, metric)) == APPROVED_ROWS  # built
    assert _value_rows(_page(client, officer, metric)) == [*APPROVED_ROWS, DRAFT_ROW]


def test_a_new_draft_shows_to_its_author_on_the_next_request(
    client, officer, employee, metric
):
    assert _value_rows(_page(client, officer, metric)) == APPROVED_ROWS
    submission_save(user=officer, metric=metric, period=YEAR, value_text=DRAFT)
    assert _value_rows(_page(client, officer, metric))[-1] == DRAFT_ROW
    assert _value_rows(_page(client, employee, metric)) == APPROVED_ROWS


# --- The page stays fast -----------------------------------------------------------


def _queries(client, person, metric: Metric, *, shared: bool) -> int:
    url = f"/metrics/{metric.code}/?year={YEAR}"
    client.force_login(person)
    cache.clear()
    if shared:
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("shared", [False, True], ids=["built", "shared"])
@pytest.mark.parametrize("who", ["employee", "cabinet_member", "other_officer"])
def test_a_reader_who_may_see_no_draft_runs_no_more_queries_for_one(
    client, request, officer, metric, shared, who
):
    person = request.getfixturevalue(who)
    before = _queries(client, person, metric, shared=shared)
    submission_save(user=officer, metric=metric, period=YEAR, value_text=DRAFT)
    assert _queries(client, person, metric, shared=shared) == before


@pytest.mark.parametrize("shared", [False, True], ids=["built", "shared"])
@pytest.mark.parametrize("who", ["officer", "team_officer", "manager", "insight"])
def test_a_reader_who_may_see_the_draft_runs_one_more_query_at_most(
    client, request, officer, metric, shared, who
):
    person = request.getfixturevalue(who)
    before = _queries(client, person, metric, shared=shared)
    submission_save(user=officer, metric=metric, period=YEAR, value_text=DRAFT)
    assert _queries(client, person, metric, shared=shared) <= before + 1


# --- The rule, as the selectors give it --------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_draft"),
    [
        ("officer", True),
        ("team_officer", True),
        ("manager", True),
        ("insight", True),
        ("employee", False),
        ("other_officer", False),
        ("cabinet_member", False),
        ("councillor", False),
        ("hr", False),
        ("no_role_user", False),
    ],
)
def test_values_visible_to_shows_unapproved_figures_only_to_whom_the_rule_allows(
    request, metric, draft, who, sees_draft
):
    person = request.getfixturevalue(who)
    shown = set(
        values_visible_to(person)
        .filter(metric=metric)
        .values_list("value_text", "approval")
    )
    approved = {("50", "approved"), ("60", "approved")}
    if who == "no_role_user":
        approved = set()  # reads no metric at all
    assert shown == (approved | {(DRAFT, "draft")} if sees_draft else approved)


def test_nobody_signed_in_sees_no_figure(metric, draft):
    assert not values_visible_to(AnonymousUser()).exists()


def test_a_partner_sees_the_approved_figures_of_their_strategies_metrics(
    partner, metric, draft
):
    assert not values_visible_to(partner).exists()
    strategy = factories.StrategyFactory()
    strategy.board_members.add(partner)
    factories.ChangeStepFactory(strategy=strategy).metrics.add(metric)
    assert set(values_visible_to(partner).values_list("value_text", flat=True)) == {
        "50",
        "60",
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("officer", True),
        ("team_officer", True),
        ("manager", True),
        ("employee", False),
        ("other_officer", False),
        ("cabinet_member", False),
        ("hr", False),
    ],
)
def test_submissions_are_seen_by_those_who_see_their_figures(request, draft, who, sees):
    person = request.getfixturevalue(who)
    assert submissions_visible_to(person).filter(pk=draft.pk).exists() is sees
    figure = MetricValue.objects.get(submission=draft)
    assert values_visible_to(person).filter(pk=figure.pk).exists() is sees


def test_the_performance_administrator_sees_the_figures_not_the_submission(
    insight, draft
):
    # The access matrix declares the submission pages a 404 for them.
    assert not submissions_visible_to(insight).filter(pk=draft.pk).exists()
    figure = MetricValue.objects.get(submission=draft)
    assert values_visible_to(insight).filter(pk=figure.pk).exists()
