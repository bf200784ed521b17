"""The edit rules of DESIGN.md section 4, table-driven."""

import pytest
from django.contrib.auth.models import AnonymousUser

from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_any_metric,
    can_read_plan,
)
from scorecard.permissions import can_edit_metric
from strategies.permissions import can_edit_action
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing_metric(officer):
    return factories.MetricFactory(team=officer.team)


@pytest.mark.parametrize(
    ("person", "may_edit"),
    [
        ("officer", True),
        ("manager", True),
        ("other_officer", False),
        ("employee", False),
        ("cabinet_member", False),
        ("councillor", False),
        ("hr", False),
        ("insight", False),
        ("partner", False),
    ],
)
def test_who_may_edit_a_housing_metric(request, housing_metric, person, may_edit):
    assert can_edit_metric(request.getfixturevalue(person), housing_metric) is may_edit


def test_an_officer_edits_a_metric_they_own_outside_their_team(other_officer):
    metric = factories.MetricFactory(owner=other_officer)
    assert can_edit_metric(other_officer, metric)


def test_a_manager_may_not_edit_outside_their_service(manager, parks_team):
    assert not can_edit_metric(manager, factories.MetricFactory(team=parks_team))


@pytest.mark.parametrize(
    ("person", "may_edit"),
    [
        ("officer", True),
        ("manager", True),
        ("other_officer", False),
        ("employee", False),
    ],
)
def test_who_may_edit_an_action_of_the_housing_action_plan(
    request, housing_team, person, may_edit
):
    action = factories.ActionFactory(action_plan__team=housing_team)
    assert can_edit_action(request.getfixturevalue(person), action) is may_edit


def test_an_inactive_account_may_do_nothing(officer, housing_metric):
    officer.is_active = False
    assert not can_read_plan(officer)
    assert not can_edit_metric(officer, housing_metric)


@pytest.mark.parametrize(
    ("person", "plan", "any_metric", "administer"),
    [
        ("employee", True, True, False),
        ("councillor", True, True, False),
        ("partner", False, True, False),
        ("insight", True, True, True),
        ("no_role_user", False, False, False),
    ],
)
def test_reading_rules(request, person, plan, any_metric, administer):
    user = request.getfixturevalue(person)
    assert can_read_plan(user) is plan
    assert can_read_any_metric(user) is any_metric
    assert can_administer_performance(user) is administer


def test_anonymous_may_do_nothing(db):
    anonymous = AnonymousUser()
    assert not can_read_plan(anonymous)
    assert not can_read_any_metric(anonymous)
    assert not can_edit_metric(anonymous, factories.MetricFactory())
