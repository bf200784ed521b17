"""Each role's home page: what this person needs first when they sign in."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coventry_pm.accounts.models import Directorate, Role, Team, User
from coventry_pm.accounts.permissions import can_read_plan, teams_managed_by
from coventry_pm.core.todo import grouped, remember_count, todo_for
from scorecard.domain.assessment import summary_sentence
from scorecard.models import Metric, Target
from scorecard.selectors import (
    approval_queue,
    data_due_for,
    headline_metrics,
    metric_assessments,
    metrics_visible_to,
    summary_of,
)
from strategies.selectors import (
    actions_for,
    actions_needing_update,
    current_plan,
    report_years,
    strategies_visible_to,
    updates_awaiting_review,
)


def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    plan = current_plan() if can_read_plan(user) else None
    year = (report_years(plan) or [""])[0] if plan else ""
    context: dict[str, object] = {
        "plan": plan,
        "year": year,
        "sections": [],
    }
    # Everything waiting for this person, from every app's workflow (and its
    # count, kept for the navigation).
    items = todo_for(user)
    remember_count(user, items)
    context["todo_groups"] = grouped(items)

    def assessed(metrics):  # type: ignore[no-untyped-def]
        return metric_assessments(metrics=metrics, year=year, plan=plan) if year else []

    if (
        plan
        and year
        and user.has_role(
            Role.CABINET_MEMBER, Role.COUNCILLOR, Role.PERFORMANCE_ADMIN, Role.MANAGER
        )
    ):
        rows = assessed(headline_metrics(plan=plan, year=year))
        cards = []
        for priority in plan.priorities.all():
            priority_rows = [r for r in rows if r.priority == priority]
            summary = summary_of(priority_rows)
            cards.append(
                {
                    "priority": priority,
                    "summary": summary,
                    "sentence": summary_sentence(summary),
                }
            )
        context["priority_cards"] = cards
        context["plan_sentence"] = summary_sentence(summary_of(rows))
    if user.has_role(Role.OFFICER, Role.MANAGER):
        today = timezone.localdate()
        context["due"] = data_due_for(user, today=today)
        context["actions_due"] = actions_needing_update(user, today=today)
    if user.has_role(Role.OFFICER):
        mine = metrics_visible_to(user).filter(Q(owner=user) | Q(team=user.team_id))
        context["my_metrics"] = assessed(mine)
    if user.has_role(Role.OFFICER, Role.EMPLOYEE, Role.MANAGER):
        context["my_actions"] = actions_for(user)[:20]
    if user.has_role(Role.MANAGER):
        context["approvals_waiting"] = (
            approval_queue(user).count() + updates_awaiting_review(user).count()
        )
        teams = Team.objects.filter(teams_managed_by(user)).select_related("service")
        context["managed_teams"] = teams
        context["service_metrics"] = assessed(
            metrics_visible_to(user).filter(team__in=teams)
        )
    if user.has_role(Role.CABINET_MEMBER):
        context["portfolio_metrics"] = assessed(
            metrics_visible_to(user).filter(portfolio__cabinet_member=user)
        )
    if user.has_role(Role.PERFORMANCE_ADMIN):
        context["flagged_targets"] = Target.objects.exclude(flag="").select_related(
            "metric"
        )[:20]
        context["metric_count"] = Metric.objects.count()
    if user.has_role(Role.HR):
        context["directorates"] = Directorate.objects.annotate(
            staff=Count("services__teams__members", distinct=True)
        )
    if user.has_role(Role.PARTNER):
        context["partner_strategies"] = strategies_visible_to(user)
    return render(request, "accounts/home.html", context)
