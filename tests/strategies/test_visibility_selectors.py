"""Who sees which case studies, action plans, actions and action updates: the
rules in strategies.selectors, which the strategy and metric pages ask and the API
is to ask (issue 16 item 2; the pages and endpoints are compared in
tests/api/test_parity.py)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from strategies.models import Action, ProgressUpdate
from strategies.selectors import (
    action_plans_visible_to,
    actions_visible_to,
    case_studies_visible_to,
    progress_updates_visible_to,
    strategy_detail,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(officer, partner):
    """A Housing strategy whose board names ``partner``, with an action of
    ``officer``'s and a published and a draft case study."""
    strategy = factories.StrategyFactory(title="Housing", owning_team=officer.team)
    strategy.board_members.add(partner)
    plan = factories.ActionPlanFactory(strategy=strategy, team=officer.team)
    factories.ActionFactory(action_plan=plan, owner=officer, title="Open the hub")
    for title, published in (("Published", True), ("Draft", False)):
        factories.CaseStudyFactory(title=title, is_published=published).strategies.add(
            strategy
        )
    return strategy


@pytest.fixture
def other_strategy(parks_team):
    strategy = factories.StrategyFactory(title="Culture", owning_team=parks_team)
    plan = factories.ActionPlanFactory(strategy=strategy, team=parks_team)
    factories.ActionFactory(action_plan=plan, title="Open the gallery")
    factories.CaseStudyFactory(title="Culture story", is_published=True).strategies.add(
        strategy
    )
    return strategy


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("insight", {"Published", "Draft", "Culture story"}),
        ("employee", {"Published", "Culture story"}),
        ("councillor", {"Published", "Culture story"}),
        ("partner", {"Published"}),
        ("no_role_user", set()),
    ],
)
def test_case_studies_drafts_only_for_the_performance_administrator(
    request, strategy, other_strategy, who, titles
):
    person = request.getfixturevalue(who)
    shown = set(case_studies_visible_to(person).values_list("title", flat=True))
    assert shown == titles


def test_nobody_signed_in_sees_no_case_study_action_or_plan(strategy):
    nobody = AnonymousUser()
    assert not case_studies_visible_to(nobody).exists()
    assert not action_plans_visible_to(nobody).exists()
    assert not actions_visible_to(nobody).exists()


def test_a_partner_sees_only_their_strategies_plans_and_actions(
    partner, employee, strategy, other_strategy
):
    assert set(actions_visible_to(partner).values_list("title", flat=True)) == {
        "Open the hub"
    }
    assert set(action_plans_visible_to(partner).values_list("strategy", flat=True)) == {
        strategy.pk
    }
    assert actions_visible_to(employee).count() == 2
    assert action_plans_visible_to(employee).count() == 2


@pytest.fixture
def updates(strategy, officer):
    action = Action.objects.get(title="Open the hub")
    for day, narrative, approval in (
        (1, "Site found.", ProgressUpdate.Approval.APPROVED),
        (2, "Lease delayed.", ProgressUpdate.Approval.SUBMITTED),
    ):
        ProgressUpdate.objects.create(
            action=action,
            date=dt.date(2024, 7, day),
            status=Action.Status.ON_TRACK,
            percent_complete=10,
            narrative=narrative,
            author=officer,
            approval=approval,
        )
    return action


@pytest.mark.parametrize(
    ("who", "latest"),
    [
        ("officer", "Lease delayed."),
        ("manager", "Lease delayed."),
        ("employee", "Site found."),
        ("insight", "Site found."),
        ("partner", "Site found."),
        ("other_officer", "Site found."),
    ],
)
def test_the_strategy_page_shows_the_latest_update_the_reader_may_see(
    request, strategy, updates, who, latest
):
    person = request.getfixturevalue(who)
    page = strategy_detail(person).get(pk=strategy.pk)
    action = page.action_plans.all()[0].actions.all()[0]
    assert action.updates.all()[0].narrative == latest
    assert (
        progress_updates_visible_to(person).filter(action=updates).first()
        == (action.updates.all()[0])
    )
