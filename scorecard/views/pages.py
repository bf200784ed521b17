"""Pages for metrics and the plan's scorecard. Thin: selectors read, charts draw."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from coventry_pm.accounts.permissions import (
    can_agree_for_portfolio,
    can_edit_metric,
    can_endorse,
    can_read_any_metric,
    can_read_plan,
)
from coventry_pm.core.history import change_history
from scorecard import charts
from scorecard.domain.assessment import summary_sentence
from scorecard.domain.periods import Period
from scorecard.models import MetricValue, Perspective, Target
from scorecard.reading import rendered_once
from scorecard.selectors import (
    by_perspective,
    headline_assessments,
    metric_assessments,
    metric_with_history,
    metrics_visible_to,
    plan_covering,
    summary_of,
    trend_series,
)
from strategies.models import Plan
from strategies.selectors import current_plan, plans_visible_to, report_years


def chosen_year(request: HttpRequest, years: list[str]) -> str:
    """The ?year= asked for (a financial year, written as "2024-25"), or the
    newest of ``years``; anything that is not a year is a 404."""
    year = request.GET.get("year") or (years[0] if years else "")
    if year and year not in years:
        try:
            period = Period.parse(year)
        except ValueError as error:
            raise Http404("No such reporting year.") from error
        if period != period.year():
            raise Http404("No such reporting year.")
        year = str(period)
    return year


def year_options(years: Iterable[str], year: str) -> list[str]:
    """The years a Reporting year list offers, newest first: ``years`` and the
    year the page shows, so the list never names another year than the page."""
    return sorted({*years, year} - {""}, reverse=True)


def metric_list(request: HttpRequest) -> HttpResponse:
    """The library of metric definitions, filterable."""
    if not can_read_any_metric(request.user):
        raise PermissionDenied
    metrics = metrics_visible_to(request.user).order_by("code")  # type: ignore[arg-type]
    perspective = request.GET.get("perspective", "")
    if perspective in Perspective.values:
        metrics = metrics.filter(perspective=perspective)
    query = request.GET.get("q", "").strip()
    if query:
        metrics = metrics.filter(name__icontains=query)
    page = Paginator(metrics, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "scorecard/metric_list.html",
        {
            "page": page,
            "perspectives": Perspective.choices,
            "perspective": perspective,
            "query": query,
        },
    )


def metric_detail(request: HttpRequest, code: str) -> HttpResponse:
    metric = get_object_or_404(
        metric_with_history(code).filter(
            pk__in=metrics_visible_to(request.user).values("pk")  # type: ignore[arg-type]
        )
    )
    values = list(metric.values.all())
    trend = trend_series(metric)
    years = sorted({str(Period.parse(p).year()) for p in trend.periods}, reverse=True)
    year = chosen_year(request, years)
    plan = None
    row = None
    if year:
        plan = _plan_for(year)
        row = metric_assessments(metrics=[metric], year=year, plan=plan)[0]
    target_level = None
    if row and row.target and row.target.kind == "threshold":
        target_level = row.target.value

    # Every target's history in one query, whatever the number of targets.
    target_history: dict[int, list[Any]] = defaultdict(list)
    for record in (
        Target.history.filter(metric_id=metric.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    ):
        target_history[record.id].append(record)
    breakdowns = _latest_breakdowns(values)
    breakdown_charts = [
        {
            "dimension": dimension,
            "period": period,
            "groups": groups,
            "figure": charts.breakdown_figure(
                title=f"{metric.name} by {dimension}, {period}",
                unit=metric.unit,
                groups=[(g.breakdown_group, g.value_number) for g in groups],
            ),
        }
        for (dimension, period), groups in breakdowns.items()
    ]
    return render(
        request,
        "scorecard/metric_detail.html",
        {
            "metric": metric,
            "row": row,
            "year": year,
            "years": year_options(years, year),
            "plan": plan,
            "place_values": [v for v in values if not v.breakdown],
            "trend": trend,
            "trend_figure": charts.trend_chart(metric, trend, target_level),
            "breakdown_charts": breakdown_charts,
            "verdicts": metric.recorded_verdicts.all(),
            "targets": metric.targets.all(),
            "case_studies": metric.case_studies.filter(is_published=True),
            "may_enter": can_edit_metric(request.user, metric),
            "may_endorse": can_endorse(request.user, metric.team_id),
            "may_agree": can_agree_for_portfolio(request.user, metric.portfolio_id),
            "entry_period": str(
                Period.containing(timezone.localdate(), metric.frequency).previous()
            ),
            "comments": metric.comments.select_related("author", "target"),
            "changes": sorted(
                change_history(metric.history.all(), "Definition")
                + [
                    change
                    for target in metric.targets.all()
                    for change in change_history(
                        target_history.get(target.pk, []), f"Target {target.period}"
                    )
                ],
                key=lambda change: change.when,
                reverse=True,
            ),
            "strategies": {step.strategy for step in metric.change_steps.all()},
        },
    )


def _plan_for(year: str) -> Plan | None:
    """The plan that covers the year, else the current plan."""
    try:
        return plan_covering(year)
    except Plan.DoesNotExist:
        return current_plan()


def _latest_breakdowns(
    values: list[MetricValue],
) -> dict[tuple[str, str], list[MetricValue]]:
    """For each dimension, the groups of its latest period (latest revisions)."""
    by_dimension: dict[str, dict[str, dict[str, MetricValue]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for value in values:
        if value.breakdown and value.approval == MetricValue.Approval.APPROVED:
            by_dimension[value.breakdown][value.period][value.breakdown_group] = value
    result = {}
    for dimension, periods in sorted(by_dimension.items()):
        period = max(periods, key=lambda p: Period.parse(p).end_date())
        result[(dimension, period)] = list(periods[period].values())
    return result


def plan_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's balanced scorecard: every metric of the year by perspective."""
    if not can_read_plan(request.user):
        raise PermissionDenied
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)  # type: ignore[arg-type]
    years = report_years(plan)
    year = chosen_year(request, years)
    scope = request.GET.get("scope", "headline")
    if scope != "all":
        scope = "headline"

    def verdict_sections() -> dict[str, Any]:
        if not year:
            rows = []
        elif scope == "all":
            rows = metric_assessments(
                metrics=metrics_visible_to(request.user),  # type: ignore[arg-type]
                year=year,
                plan=plan,
            )
        else:
            rows = headline_assessments(plan=plan, year=year)
        perspectives = by_perspective(rows)
        return {
            "perspectives": perspectives,
            "summary": summary_of(rows),
            "sentence": summary_sentence(summary_of(rows)),
        }

    # The headline metrics are the same for everyone who may read the plan; the
    # wider basket is what each person may see.
    audience = request.user.pk if scope == "all" else "plan readers"
    return render(
        request,
        "scorecard/scorecard.html",
        {
            "plan": plan,
            "year": year,
            "years": year_options(years, year),
            "scope": scope,
            "verdicts": rendered_once(
                "scorecard",
                (plan.pk, year, scope, audience),
                "scorecard/_scorecard_verdicts.html",
                verdict_sections,
            ),
        },
    )


def plan_scorecard_current(request: HttpRequest) -> HttpResponse:
    plan = current_plan()
    if plan is None:
        raise Http404("No plan has been set up yet.")
    return plan_scorecard(request, plan.pk)
