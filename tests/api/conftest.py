"""API fixtures: a client signed in with a token, and one small Housing world.

``housing`` is the One Coventry Plan 2022-30 with one priority and objective, the
quarterly metric "Homelessness cases prevented and relieved" (owned by ``officer``,
in Housing Options, on the Housing and Communities portfolio) with approved figures
for 2023-24 and 2024-25 Q1, a Parks metric nobody in Housing may edit, the Housing
and Homelessness Strategy (its board names ``partner``) with an action plan and an
action, and a Cultural Strategy the partner may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from coventry_pm.accounts.models import Portfolio, User
from scorecard.models import Metric
from strategies.models import (
    Action,
    ActionPlan,
    Objective,
    Plan,
    Priority,
    Strategy,
)
from tests import factories


@pytest.fixture
def api():
    """``api(user)`` gives a client that sends the user's token (as a script
    would); ``api()`` an anonymous one."""

    def client_for(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@dataclass
class Housing:
    plan: Plan
    priority: Priority
    objective: Objective
    metric: Metric
    parks_metric: Metric
    strategy: Strategy
    other_strategy: Strategy
    action_plan: ActionPlan
    action: Action
    portfolio: Portfolio


@pytest.fixture
def housing(officer, manager, cabinet_member, partner, parks_team, other_officer):
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(
        plan=plan, title="Improving outcomes and tackling inequalities"
    )
    objective = factories.ObjectiveFactory(
        priority=priority, title="Preventing homelessness"
    )
    portfolio = Portfolio.objects.get(name="Housing and Communities")
    metric = factories.MetricFactory(
        code="HOU01",
        name="Homelessness cases prevented and relieved",
        unit="number",
        good_direction="up",
        frequency=Metric.Frequency.QUARTERLY,
        perspective="outcomes",
        metric_type=Metric.MetricType.OUTCOME,
        owner=officer,
        team=officer.team,
        portfolio=portfolio,
    )
    metric.objectives.add(objective)
    factories.HeadlineMembershipFactory(
        plan=plan, metric=metric, priority=priority, objective=objective
    )
    factories.MetricValueFactory(metric=metric, period="2023-24 Q4", value_text="280")
    factories.MetricValueFactory(metric=metric, period="2024-25 Q1", value_text="305")
    parks_metric = factories.MetricFactory(
        code="PRK01",
        name="Parks with a Green Flag",
        unit="number",
        perspective="quality",
        metric_type=Metric.MetricType.OUTPUT,
        owner=other_officer,
        team=parks_team,
    )
    factories.MetricValueFactory(metric=parks_metric, period="2023-24", value_text="9")
    factories.MetricValueFactory(metric=parks_metric, period="2024-25", value_text="9")

    strategy = factories.StrategyFactory(
        title="Housing and Homelessness Strategy",
        owning_team=officer.team,
        cabinet_member=cabinet_member,
    )
    strategy.priorities.add(priority)
    strategy.board_members.add(partner)
    factories.ChangeStepFactory(strategy=strategy).metrics.add(metric)
    other_strategy = factories.StrategyFactory(
        title="Cultural Strategy", owning_team=parks_team
    )
    action_plan = factories.ActionPlanFactory(
        strategy=strategy, title="Housing action plan 2024-25", team=officer.team
    )
    action_plan.metrics.add(metric)
    action = factories.ActionFactory(
        action_plan=action_plan,
        title="Open the new prevention hub",
        owner=officer,
        status=Action.Status.ON_TRACK,
    )
    return Housing(
        plan=plan,
        priority=priority,
        objective=objective,
        metric=metric,
        parks_metric=parks_metric,
        strategy=strategy,
        other_strategy=other_strategy,
        action_plan=action_plan,
        action=action,
        portfolio=portfolio,
    )
