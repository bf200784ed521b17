"""Reads for the plan and its strategies, scoped to the person asking."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from coventry_pm.accounts.models import Role, User
from coventry_pm.accounts.permissions import can_read_plan, is_member
from scorecard.models import HeadlineMembership
from strategies.models import (
    Action,
    ActionPlan,
    CaseStudy,
    ChangeStep,
    Objective,
    Plan,
    Priority,
    ProgressUpdate,
    Strategy,
)


def plans_visible_to(user: User) -> QuerySet[Plan]:
    if can_read_plan(user):
        return Plan.objects.all()
    return Plan.objects.none()


def current_plan() -> Plan | None:
    """The newest agreed plan (the newest of any status when none is agreed)."""
    agreed = Plan.objects.filter(status=Plan.Status.AGREED).first()
    return agreed or Plan.objects.exclude(status=Plan.Status.SUPERSEDED).first()


def report_years(plan: Plan) -> list[str]:
    """Years with headline metrics recorded for the plan, newest first."""
    years = (
        HeadlineMembership.objects.filter(plan=plan)
        .values_list("report_year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def plan_tree(plan: Plan) -> QuerySet[Priority]:
    """Priorities → objectives → strategies, in the plan's order."""
    return plan.priorities.prefetch_related(
        Prefetch(
            "objectives",
            queryset=Objective.objects.prefetch_related(
                Prefetch("strategies", queryset=Strategy.objects.order_by("title"))
            ),
        ),
        Prefetch("strategies", queryset=Strategy.objects.order_by("title")),
        Prefetch("case_studies", queryset=CaseStudy.objects.filter(is_published=True)),
    )


def strategies_visible_to(user: User) -> QuerySet[Strategy]:
    strategies = Strategy.objects.select_related(
        "owning_team__service", "cabinet_member"
    )
    if can_read_plan(user):
        return strategies
    if is_member(user) and user.has_role(Role.PARTNER):
        return strategies.filter(board_members=user).distinct()
    return strategies.none()


def strategy_detail(user: User) -> QuerySet[Strategy]:
    """A strategy with everything its page shows, for one query per relation."""
    return strategies_visible_to(user).prefetch_related(
        "priorities",
        "objectives",
        "board_members",
        Prefetch(
            "change_steps",
            queryset=ChangeStep.objects.prefetch_related("metrics"),
        ),
        Prefetch(
            "action_plans",
            queryset=ActionPlan.objects.select_related(
                "service", "team"
            ).prefetch_related(
                "metrics",
                Prefetch(
                    "actions",
                    queryset=Action.objects.select_related(
                        "owner", "team"
                    ).prefetch_related(
                        Prefetch(
                            "updates",
                            queryset=ProgressUpdate.objects.select_related("author"),
                        )
                    ),
                ),
            ),
        ),
        Prefetch("case_studies", queryset=CaseStudy.objects.filter(is_published=True)),
    )


def actions_for(user: User) -> QuerySet[Action]:
    """Actions a person owns or their team owns, soonest due first."""
    team_q = Q(team_id=user.team_id) | Q(
        team__isnull=True, action_plan__team_id=user.team_id
    )
    owned = Q(owner=user) | team_q if user.team_id else Q(owner=user)
    return (
        Action.objects.filter(owned)
        .exclude(status=Action.Status.COMPLETE)
        .select_related("action_plan__strategy", "owner")
        .order_by("due_date", "id")
    )
