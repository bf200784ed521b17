"""Dashboards: a manager's service, and the plan for cabinet members and councillors.

Filters keep their state in the URL (GET), so a dashboard can be bookmarked and
shared as it is."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coventry_pm.accounts.models import Team, User
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_plan,
    teams_managed_by,
)
from coventry_pm.core.cache import built_once
from scorecard.domain.assessment import summary_sentence
from scorecard.domain.periods import Period
from scorecard.domain.vocabulary import TargetStatus
from scorecard.models import HeadlineMembership, Metric, MetricValue, Perspective
from scorecard.permissions import may_review_figures
from scorecard.reading import (
    digest,
    history_of,
    read_once,
    reading_and_figures_versions,
    reading_version,
    rendered_once,
    scalar,
)
from scorecard.selectors import (
    approval_queue,
    by_perspective,
    by_priority,
    data_collection_health,
    headline_assessments,
    inequalities,
    metric_assessments,
    sparklines,
    summary_of,
    verdicts_pending,
    years_with_figures,
)
from scorecard.views.pages import year_options
from scorecard.views.years import chosen_year
from strategies.models import (
    Action,
    CaseStudy,
    Plan,
    Strategy,
)
from strategies.selectors import (
    current_plan,
    plan_tree,
    report_years,
    updates_awaiting_review,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def service_dashboard(request: HttpRequest) -> HttpResponse:
    """A manager's service: the scorecard by perspective, trends, what is off
    target or at risk, approvals waiting and data-collection health per team."""
    user = _user(request)
    if can_administer_performance(user):
        teams = Team.objects.select_related("service")
    elif may_review_figures(user):
        teams = Team.objects.filter(teams_managed_by(user)).select_related("service")
    else:
        raise PermissionDenied
    # The teams one covers, read once: the service and team filters pick from them.
    every_team = list(teams)
    services = sorted(
        {team.service_id: team.service for team in every_team}.values(),
        key=lambda service: (service.name, service.pk),
    )
    service_id = request.GET.get("service", "")
    all_teams = every_team
    if service_id.isdigit():
        all_teams = [t for t in every_team if t.service_id == int(service_id)]
    team_id = request.GET.get("team", "")
    team_list = all_teams
    if team_id.isdigit():
        team_list = [t for t in all_teams if t.pk == int(team_id)]
    team_ids = sorted(team.pk for team in team_list)
    # The fingerprints in one query: the verdicts', the figures' (health) and the
    # actions' and their strategies' (every change is a row of their history; an
    # owner renamed shows within the cache's time, as scorecard.reading says).
    version, figures, actions = reading_and_figures_versions(
        scalar("MAX(history_id)", history_of(Action)),
        scalar("MAX(history_id)", history_of(Strategy)),
    )
    plan_id, _, years = read_once("current-plan", (), _current_plan, version=version)
    metrics = Metric.objects.filter(
        team__in=team_ids, status=Metric.Status.AGREED
    ).select_related("team")
    # The service's own figures reach beyond the plan's headline report years
    # (the year in progress, where figures are being approved): offer those too.
    # Open on the newest report year with an approved figure (a report year with
    # none yet would show only empty cards), else the newest year with one.
    with_figures = read_once(
        "service-years",
        team_ids,
        lambda: years_with_figures(metrics),
        version=version,
    )
    reported = [y for y in years if y in with_figures]
    year = chosen_year(request, [*reported, *with_figures, *years])
    years = year_options([*years, *with_figures], year)
    perspective = request.GET.get("perspective", "")
    if perspective in Perspective.values:
        metrics = metrics.filter(perspective=perspective)
    else:
        perspective = ""

    def verdict_sections() -> dict[str, Any]:
        plan = _plan(plan_id)
        rows = metric_assessments(metrics=metrics, year=year, plan=plan) if year else []
        off_target = [
            r for r in rows if r.target_status_shown == TargetStatus.OFF_TARGET
        ]
        return {
            "year": year,
            "perspective": perspective,
            "metric_count": len(rows),
            "with_figure": sum(1 for r in rows if r.current is not None),
            "newest_with_figures": with_figures[0] if with_figures else "",
            "perspectives": by_perspective(rows),
            "sentence": summary_sentence(summary_of(rows)),
            "sparklines": sparklines(r.metric for r in rows),
            "off_target": off_target,
            "off_target_count": len(off_target),
            "pending": verdicts_pending(rows),
        }

    today = timezone.localdate()
    # Health changes with any figure entered (a draft too) and with the day.
    health = built_once(
        f"health:{figures}:{today}:{digest(team_ids)}",
        lambda: data_collection_health(team_list, today=today),
    )
    due = sum(h.due for h in health)
    on_time = sum(h.on_time for h in health)
    return render(
        request,
        "scorecard/dashboard_service.html",
        {
            "year": year,
            "years": years,
            "services": services,
            "teams": all_teams,
            "service_id": service_id,
            "team_id": team_id,
            "perspective": perspective,
            "perspective_choices": Perspective.choices,
            # Who sees the same sections: the teams they cover, the year and the
            # filter.
            "verdicts": rendered_once(
                "service",
                (year, perspective, team_ids),
                "scorecard/_service_verdicts.html",
                verdict_sections,
                version=version,
            ),
            "at_risk": built_once(
                # Built again with the verdicts too, as the rest of the page is.
                f"at-risk:{version}:{actions}:{digest(team_ids)}",
                lambda: list(
                    Action.objects.filter(
                        team__in=team_ids,
                        status__in=[Action.Status.AT_RISK, Action.Status.OFF_TRACK],
                    ).select_related("action_plan__strategy", "owner")
                ),
            ),
            "approvals_waiting": _waiting(user),
            "health": health,
            "health_percent": round(100 * on_time / due) if due else None,
        },
    )


def _waiting(user: User) -> int:
    """Figures and action updates awaiting this manager's approval, not their own:
    what the approvals queue and the action updates' queue list (their selectors
    hold the rule), counted in one query."""
    if not may_review_figures(user):
        return 0
    figures = approval_queue(user).order_by().values_list("pk")
    updates = updates_awaiting_review(user).order_by().values_list("pk")
    return figures.union(updates, all=True).count()


def _current_plan() -> tuple[int | None, str, list[str]]:
    """The current plan's id, name and report years (plain values, shared once
    per version of the data: a plan's change and a headline membership's are in
    its fingerprint)."""
    plan = current_plan()
    return (plan.pk, str(plan), report_years(plan)) if plan else (None, "", [])


def _plan(plan_id: int | None) -> Plan | None:
    return Plan.objects.filter(pk=plan_id).first() if plan_id else None


def plan_dashboard(request: HttpRequest) -> HttpResponse:
    """The plan for cabinet members and councillors: a card per priority, every
    headline metric with its symbols and trend, narratives, case studies and the
    inequalities the breakdowns show."""
    user = _user(request)
    if not can_read_plan(user):
        raise PermissionDenied
    version = reading_version()
    plan_id, plan_name, years = read_once(
        "current-plan", (), _current_plan, version=version
    )
    # Open on the newest report year whose headline metrics have an approved
    # figure: a year not yet reported on would show only empty cards.
    with_figures = read_once(
        "plan-years-with-figures",
        (plan_id,),
        lambda: _plan_years_with_figures(plan_id, years),
        version=version,
    )
    year = chosen_year(request, [*with_figures, *years])
    portfolio_only = request.GET.get("portfolio") == "mine"
    portfolios = _portfolio_ids(user)

    def verdict_sections() -> dict[str, Any]:
        plan = _plan(plan_id)
        rows = headline_assessments(plan=plan, year=year) if plan and year else []
        if portfolio_only:
            rows = [r for r in rows if r.metric.portfolio_id in portfolios]
        priorities = by_priority(rows, plan_tree(plan) if plan else [])
        return {
            "year": year,
            "with_figure": sum(1 for r in rows if r.current is not None),
            "newest_with_figures": with_figures[0] if with_figures else "",
            "priorities": priorities,
            "rows": rows,
            "summary": summary_of(rows),
            "sentence": summary_sentence(summary_of(rows)),
            "sparklines": sparklines(r.metric for r in rows),
            "inequalities": inequalities((r.metric for r in rows), year=year)
            if year
            else [],
            "case_studies": CaseStudy.objects.filter(
                is_published=True, metrics__in=[r.metric.pk for r in rows]
            )
            .distinct()
            .prefetch_related("metrics")[:12],
        }

    # Who sees the same sections: the plan and year, and one's own portfolios
    # when only those are asked for.
    scope = (
        plan_id,
        year,
        sorted(portfolios) if portfolio_only else "every",
    )
    return render(
        request,
        "scorecard/dashboard_plan.html",
        {
            "plan": plan_name,
            "year": year,
            "years": year_options(years, year),
            "portfolio_only": portfolio_only,
            "has_portfolio": bool(portfolios),
            "verdicts": rendered_once(
                "plan",
                scope,
                "scorecard/_plan_verdicts.html",
                verdict_sections,
                version=version,
            ),
        },
    )


def _plan_years_with_figures(plan_id: int | None, years: list[str]) -> list[str]:
    """The plan's report years, newest first, in which one of that year's headline
    metrics has an approved figure for the year (one query)."""
    if plan_id is None:
        return []
    pairs = (
        HeadlineMembership.objects.filter(
            plan_id=plan_id, metric__values__approval=MetricValue.Approval.APPROVED
        )
        .order_by()
        .values_list("report_year", "metric__values__period")
        .distinct()
    )
    found = set()
    for report_year, period in pairs:
        with suppress(ValueError):
            if str(Period.parse(period).year()) == report_year:
                found.add(report_year)
    return [year for year in years if year in found]


def _portfolio_ids(user: User) -> set[int]:
    return set(user.portfolios.values_list("pk", flat=True))
