"""Each person's to-do list (issue 16, item 3): every item appears for the right
person, links to where it is done, and disappears once it is done; the
navigation's count follows it."""

import datetime as dt

import pytest
from django.urls import reverse

from coventry_pm.core import todo
from coventry_pm.core.todo import TO_DO, WAITING, cached_count, grouped, todo_for
from scorecard.models import Metric, Submission
from scorecard.services.proposals import metric_agree, metric_endorse, metric_propose
from scorecard.services.submissions import (
    submission_approve,
    submission_return,
    submission_save,
    submission_submit,
)
from scorecard.todo import scorecard_todo
from strategies.services import progress_update_approve, progress_update_submit
from strategies.todo import strategies_todo
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def figures_and_actions_only(monkeypatch, request):
    """The figures' and the actions' items: the appraisals' and the reports' own
    are tested with their workflows (tests/appraisals, tests/reports)."""
    if "all_providers" in request.fixturenames:
        return
    monkeypatch.setattr(
        todo,
        "_PROVIDERS",
        [p for p in todo._PROVIDERS if p in (scorecard_todo, strategies_todo)],
    )


def labels(user, kind=None):
    return [i.label for i in todo_for(user) if kind is None or i.kind == kind]


def groups(user):
    return {g.title: [i.label for i in g.items] for g in grouped(todo_for(user))}


@pytest.fixture
def metric(officer, cabinet_member):
    return factories.MetricFactory(
        code="HO1",
        name="Households in temporary accommodation",
        team=officer.team,
        owner=officer,
        portfolio=cabinet_member.portfolios.get(),
    )


def submitted(officer, metric):
    draft = submission_save(
        user=officer,
        metric=metric,
        period="2024-25",
        value_text="42",
        today=dt.date(2025, 6, 1),
    )
    return submission_submit(
        submission=draft, user=officer, expected_version=draft.version
    )


def test_figures_to_approve_appear_for_the_manager_and_go_once_approved(
    officer, manager, metric, employee
):
    submission = submitted(officer, metric)
    item = next(i for i in todo_for(manager) if i.group == "Figures to approve")
    assert (
        item.label
        == "Approve or return: Households in temporary accommodation, 2024/25"
    )
    assert item.url == reverse("scorecard:submission", args=[submission.pk])
    assert item.kind == TO_DO
    assert cached_count(manager) == 1
    # The officer sees it waiting on someone else, not as something to do.
    assert groups(officer)["Your figures awaiting approval"] == [
        "Awaiting approval: Households in temporary accommodation, 2024/25"
    ]
    assert labels(officer, TO_DO) == []
    assert cached_count(officer) == 0
    # Nobody else is asked.
    assert todo_for(employee) == []

    submission_approve(
        submission=submission, user=manager, expected_version=submission.version
    )
    assert labels(manager) == []
    assert cached_count(manager) == 0
    assert labels(officer) == []


def test_returned_figures_are_the_officers_to_do_until_sent_again(
    officer, manager, metric
):
    submission = submitted(officer, metric)
    submission = submission_return(
        submission=submission,
        user=manager,
        expected_version=submission.version,
        comment="Use the end-of-March snapshot.",
    )
    assert groups(officer)["Figures returned to you"] == [
        "Correct and resubmit: Households in temporary accommodation, 2024/25"
    ]
    assert cached_count(officer) == 1
    assert labels(manager) == []

    submission_submit(
        submission=submission, user=officer, expected_version=submission.version
    )
    assert "Figures returned to you" not in groups(officer)
    assert cached_count(officer) == 0
    assert cached_count(manager) == 1


def test_a_proposal_goes_to_the_manager_then_the_cabinet_member(
    officer, manager, cabinet_member, metric
):
    proposal = metric_propose(
        user=officer,
        team_id=officer.team_id,
        name="Rough sleepers helped into accommodation",
        unit="number",
        good_direction="up",
        frequency="annual",
        portfolio=cabinet_member.portfolios.get(),
    )
    proposal.refresh_from_db()
    assert proposal.status == Metric.Status.PROPOSED
    endorse = [i for i in todo_for(manager) if i.group == "Proposals to endorse"]
    assert [i.label for i in endorse] == [
        "Endorse or not: metric Rough sleepers helped into accommodation"
    ]
    assert endorse[0].url == proposal.get_absolute_url() + "#proposal"
    assert groups(officer)["Your proposals awaiting a decision"] == [
        "Awaiting endorsement: metric Rough sleepers helped into accommodation"
    ]
    assert todo_for(cabinet_member) == []

    proposal = metric_endorse(
        metric=proposal, user=manager, expected_version=proposal.version
    )
    assert labels(manager) == []
    assert labels(cabinet_member) == [
        "Agree or not: metric Rough sleepers helped into accommodation"
    ]
    assert cached_count(cabinet_member) == 1

    metric_agree(
        metric=proposal, user=cabinet_member, expected_version=proposal.version
    )
    assert labels(cabinet_member) == []
    assert cached_count(cabinet_member) == 0
    assert labels(officer) == []


def test_action_updates_to_approve_and_awaiting_approval(officer, manager):
    action = factories.ActionFactory(
        title="Open the new hostel",
        action_plan__team=officer.team,
        team=officer.team,
        owner=officer,
    )
    update = progress_update_submit(
        action=action,
        user=officer,
        status="on_track",
        percent_complete=40,
        narrative="Contractor appointed.",
        expected_version=action.version,
    )
    assert groups(manager)["Action updates to approve"] == [
        "Approve or return: the update on Open the new hostel"
    ]
    assert groups(officer)["Your action updates awaiting approval"] == [
        "Awaiting approval: the update on Open the new hostel"
    ]
    assert [i.kind for i in todo_for(officer)] == [WAITING]

    progress_update_approve(
        update=update, user=manager, expected_version=update.version
    )
    assert labels(manager) == []
    assert labels(officer) == []


def test_the_home_page_lists_the_items_and_the_navigation_counts_them(
    client, officer, manager, metric
):
    submitted(officer, metric)
    client.force_login(manager)
    page = client.get(reverse("home")).text
    assert 'data-testid="todo"' in page
    assert "Approve or return: Households in temporary accommodation, 2024/25" in page
    assert 'data-testid="todo-count">1<' in page

    client.force_login(officer)
    page = client.get(reverse("home")).text
    assert "Awaiting approval: Households in temporary accommodation, 2024/25" in page
    assert 'data-testid="todo-count"' not in page  # waiting is not counted


def test_nothing_waiting_says_so(client, councillor):
    client.force_login(councillor)
    page = client.get(reverse("home")).text
    assert "Nothing is waiting for you." in page
    assert Submission.objects.count() == 0


@pytest.fixture
def all_providers():
    """Every app's provider, as registered."""


def test_every_apps_steps_are_on_the_list(all_providers, employee):
    """The appraisals' and the reports' providers are registered beside the
    figures' and the actions'."""
    modules = {provider.__module__ for provider in todo._PROVIDERS}
    assert modules == {
        "scorecard.todo",
        "strategies.todo",
        "appraisals.workflow",
        "reports.workflow",
    }
    assert any(
        item.group == "Appraisal steps" and item.label.startswith("Start your")
        for item in todo_for(employee)
    )


def test_my_updates_lists_the_action_update_awaiting_approval(client, officer):
    action = factories.ActionFactory(
        title="Open the new hostel",
        action_plan__team=officer.team,
        team=officer.team,
        owner=officer,
    )
    client.force_login(officer)
    page = client.get(reverse("scorecard:my_updates")).text
    assert "Nothing is waiting for approval." in page
    progress_update_submit(
        action=action,
        user=officer,
        status="on_track",
        percent_complete=40,
        narrative="Contractor appointed.",
        expected_version=action.version,
    )
    page = client.get(reverse("scorecard:my_updates")).text
    assert "The update on the action “Open the new hostel”" in page
    assert "Nothing is waiting for approval." not in page
