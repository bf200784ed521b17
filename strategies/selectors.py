"""Reads for the plan and its strategies, scoped to the person asking."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from coventry_pm.accounts.models import Role, Team, User
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_plan,
    is_member,
    teams_managed_by,
)
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


def action_plans_visible_to(user: User) -> QuerySet[ActionPlan]:
    """Action plans of the strategies a person may see (``strategies_visible_to``),
    as the strategy's page lists them."""
    return ActionPlan.objects.filter(
        strategy__in=strategies_visible_to(user).values("pk")
    ).select_related("service", "team")


def actions_visible_to(user: User) -> QuerySet[Action]:
    """Actions of the strategies a person may see, as the strategy's page lists
    them (who may update one: ``editable_actions``)."""
    return Action.objects.filter(
        action_plan__strategy__in=strategies_visible_to(user).values("pk")
    ).select_related("action_plan", "owner")


def case_studies_visible_to(user: User) -> QuerySet[CaseStudy]:
    """Case studies a person may read: the published ones (drafts too for the
    performance administrator, who publishes them), of every strategy for staff
    and members and of their strategies for a partner; none otherwise."""
    studies = CaseStudy.objects.select_related("author")
    if not can_administer_performance(user):
        studies = studies.filter(is_published=True)
    if can_read_plan(user):
        return studies
    if is_member(user) and user.has_role(Role.PARTNER):
        return studies.filter(
            pk__in=CaseStudy.objects.filter(
                strategies__in=strategies_visible_to(user).values("pk")
            ).values("pk")
        )
    return studies.none()


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
                        # The latest update the reader may see: an update not
                        # yet approved is its author's and the action's editors'.
                        Prefetch(
                            "updates",
                            queryset=ProgressUpdate.objects.filter(
                                progress_update_visibility(user)
                            ).select_related("author"),
                        )
                    ),
                ),
            ),
        ),
        Prefetch("case_studies", queryset=case_studies_visible_to(user)),
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


UPDATE_EVERY_DAYS = 30


def actions_needing_update(user: User, *, today: dt.date) -> list[Action]:
    """Open actions a person owns (or their team owns) with no approved update in
    the last month, or due within a fortnight, and any with an update returned."""
    actions = actions_for(user).prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk"))
    )
    due = []
    for action in actions:
        updates = list(action.updates.all())
        latest = updates[0] if updates else None
        approved = [
            u for u in updates if u.approval == ProgressUpdate.Approval.APPROVED
        ]
        waiting = (
            latest is not None and latest.approval == ProgressUpdate.Approval.SUBMITTED
        )
        action.latest_update = latest  # type: ignore[attr-defined]
        stale = not approved or (today - approved[0].date).days > UPDATE_EVERY_DAYS
        soon = action.due_date is not None and (action.due_date - today).days <= 14
        returned = (
            latest is not None and latest.approval == ProgressUpdate.Approval.RETURNED
        )
        if not waiting and (stale or soon or returned):
            due.append(action)
    return due


def updates_reviewed_by(user: User) -> QuerySet[ProgressUpdate]:
    """Action updates from a manager's service area, in any state, but their own:
    those they review (a decision on one already decided is refused by its
    version or the workflow, not hidden)."""
    if not user.has_role(Role.MANAGER):
        return ProgressUpdate.objects.none()
    teams = Team.objects.filter(teams_managed_by(user))
    return (
        ProgressUpdate.objects.filter(
            Q(action__team__in=teams)
            | Q(action__team__isnull=True, action__action_plan__team__in=teams)
        )
        .exclude(author=user)
        .select_related("action__action_plan__strategy", "author")
    )


def updates_awaiting_review(user: User) -> QuerySet[ProgressUpdate]:
    """Action updates from a manager's service area awaiting their approval."""
    return (
        updates_reviewed_by(user)
        .filter(approval=ProgressUpdate.Approval.SUBMITTED)
        .order_by("created_at")
    )


def editable_actions(user: User) -> Q:
    """Actions a person may update: what they or their team own (officers), their
    service area's (managers). Mirrors permissions.can_edit_action."""
    condition = Q(pk__in=[])
    if user.has_role(Role.OFFICER):
        condition |= Q(owner=user)
        if user.team_id:
            condition |= Q(team=user.team_id) | Q(
                team__isnull=True, action_plan__team=user.team_id
            )
    if user.has_role(Role.MANAGER):
        teams = Team.objects.filter(teams_managed_by(user)).values("pk")
        condition |= Q(team__in=teams) | Q(
            team__isnull=True, action_plan__team__in=teams
        )
    return condition


def progress_update_visibility(user: User) -> Q:
    """A filter on the updates of actions a person may see: the approved ones,
    and those not yet approved only for their author and those who may update
    the action (its owners, and the service's managers who approve them)."""
    approved = Q(approval=ProgressUpdate.Approval.APPROVED)
    if not is_member(user):
        return approved
    editable = Action.objects.filter(editable_actions(user)).values("pk")
    return approved | Q(author=user) | Q(action__in=editable)


def progress_updates_visible_to(user: User) -> QuerySet[ProgressUpdate]:
    """Updates of the actions a person may see, as ``progress_update_visibility``
    allows them."""
    if not is_member(user):  # the schema generator asks as nobody
        return ProgressUpdate.objects.none()
    updates = ProgressUpdate.objects.filter(
        action__action_plan__strategy__in=strategies_visible_to(user).values("pk")
    )
    return updates.filter(progress_update_visibility(user)).select_related(
        "author", "reviewed_by"
    )
