"""The home page: what this person needs first when they sign in, from every app.

It lives in the composition root because it reads scorecard and strategies; which
sections a person is shown is asked of the apps' permission rules."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from appraisals.permissions import is_hr
from coventry_pm.accounts.models import Directorate, Team, User
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_plan,
    can_review_work,
    holds_portfolio,
    is_partner,
    teams_managed_by,
)
from coventry_pm.core.todo import grouped, remember_count, todo_for
from scorecard.domain.assessment import summary_sentence
from scorecard.models import Metric, Target
from scorecard.permissions import (
    can_enter_figures,
    keeps_own_metrics,
    reads_plan_summary,
)
from scorecard.selectors import (
    approval_queue,
    data_due_for,
    headline_metrics,
    metric_assessments,
    metrics_visible_to,
    summary_of,
)
from strategies.permissions import may_hold_actions, may_update_actions
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

    if plan and year and reads_plan_summary(user):
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
    today = timezone.localdate()
    if can_enter_figures(user):
        context["due"] = data_due_for(user, today=today)
    if may_update_actions(user):
        context["actions_due"] = actions_needing_update(user, today=today)
    if keeps_own_metrics(user):
        mine = metrics_visible_to(user).filter(Q(owner=user) | Q(team=user.team_id))
        context["my_metrics"] = assessed(mine)
    if may_hold_actions(user):
        context["my_actions"] = actions_for(user)[:20]
    if can_review_work(user):
        context["approvals_waiting"] = (
            approval_queue(user).count() + updates_awaiting_review(user).count()
        )
        teams = Team.objects.filter(teams_managed_by(user)).select_related("service")
        context["managed_teams"] = teams
        context["service_metrics"] = assessed(
            metrics_visible_to(user).filter(team__in=teams)
        )
    if holds_portfolio(user):
        context["portfolio_metrics"] = assessed(
            metrics_visible_to(user).filter(portfolio__cabinet_member=user)
        )
    if can_administer_performance(user):
        context["flagged_targets"] = Target.objects.exclude(flag="").select_related(
            "metric"
        )[:20]
        context["metric_count"] = Metric.objects.count()
    if is_hr(user):
        context["directorates"] = Directorate.objects.annotate(
            staff=Count("services__teams__members", distinct=True)
        )
    if is_partner(user):
        context["partner_strategies"] = strategies_visible_to(user)
    return render(request, "home.html", context)
