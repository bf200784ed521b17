"""Appraisal fixtures: the Housing action plan to link objectives to, a director
above ``manager`` (so the chain has two levels), and Alex's appraisal.

Who may read ``employee``'s appraisal: ``employee``, ``manager`` (line manager),
``director`` (manager's manager) and ``hr``. Everyone else is refused: ``officer``
(same team, not in the chain), ``other_officer``, ``cabinet_member``,
``councillor``, ``insight``, ``partner``, ``no_role_user``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from appraisals import services
from appraisals.models import Appraisal
from coventry_pm.accounts.models import User
from strategies.models import Action, Priority, Strategy
from tests import factories

YEAR = "2025-26"
# A day in the middle of YEAR, for services that take "today".
IN_YEAR = dt.date(2025, 11, 3)


@dataclass
class HousingPlan:
    priority: Priority
    strategy: Strategy
    actions: list[Action]
    other_strategy: Strategy


@pytest.fixture
def housing_plan(housing_team, officer):
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(
        plan=plan, title="Improving outcomes and tackling inequalities"
    )
    strategy = factories.StrategyFactory(
        title="Housing and Homelessness Strategy", owning_team=housing_team
    )
    strategy.priorities.add(priority)
    action_plan = factories.ActionPlanFactory(
        strategy=strategy,
        title="Housing and Homelessness Action Plan 2024-26",
        team=housing_team,
    )
    actions = [
        factories.ActionFactory(action_plan=action_plan, title=title, owner=officer)
        for title in (
            "Open homelessness prevention surgeries in the family hubs",
            "End the use of bed and breakfast for families beyond six weeks",
            "Launch a landlord incentive scheme for private rented homes",
        )
    ]
    other = factories.StrategyFactory(title="Green Space Strategy")
    factories.ActionFactory(action_plan__strategy=other, title="Plant 1,000 trees")
    return HousingPlan(priority, strategy, actions, other)


@pytest.fixture
def director(manager):
    """Manager's own line manager: reads the appraisals below, signs none of them."""
    user = factories.UserFactory(username="director", roles=["manager", "employee"])
    manager.line_manager = user
    manager.save()
    return user


@pytest.fixture
def appraisal(employee, manager, director) -> Appraisal:
    """Alex's (``employee``'s) appraisal for YEAR, with no objectives yet."""
    return services.appraisal_start(employee=employee, user=employee, year=YEAR)


@pytest.fixture
def objective(appraisal, employee, housing_plan):
    return services.appraisal_objective_create(
        appraisal=appraisal,
        user=employee,
        title="Give every family a written housing plan",
        measure_of_success="A plan within five working days for every family.",
        action=housing_plan.actions[0],
    )


def advance(appraisal: Appraisal, to: str, *, employee: User, manager: User):
    """Take an appraisal (with objectives) through the manager's steps to ``to``."""
    order = ["objectives_agreed", "mid_year_done", "year_end_done"]
    steps = {
        "objectives_agreed": lambda a: services.appraisal_objectives_agree(
            appraisal=a, user=manager, expected_version=a.version
        ),
        "mid_year_done": lambda a: services.appraisal_mid_year_review(
            appraisal=a,
            user=manager,
            expected_version=a.version,
            review="Good progress.",
        ),
        "year_end_done": lambda a: services.appraisal_year_end_review(
            appraisal=a, user=manager, expected_version=a.version, review="A good year."
        ),
    }
    for step in order[: order.index(to) + 1]:
        appraisal = steps[step](appraisal)
    return appraisal


@pytest.fixture
def api():
    """``api(user)``: a client sending the user's token, as a script would."""

    def client_for(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
