"""Pages for metrics and the plan's scorecard. Thin: selectors read, charts draw."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from coventry_pm.accounts.permissions import can_read_any_metric, can_read_plan
from coventry_pm.core.history import Change, change_history
from scorecard import charts, workflow
from scorecard.domain.assessment import summary_sentence
from scorecard.domain.periods import Period, period_label
from scorecard.models import (
    Comment,
    Metric,
    MetricValue,
    Perspective,
    Submission,
    Target,
)
from scorecard.permissions import can_edit_metric
from scorecard.reading import read_once, reading_version, rendered_once, scalar
from scorecard.selectors import (
    by_perspective,
    headline_assessments,
    metric_assessments,
    metric_with_history,
    metrics_visible_to,
    plan_covering,
    sees_unapproved_values,
    summary_of,
    trend_series,
    values_visible_to,
)
from scorecard.views.benchmarks import benchmark_panel_context
from scorecard.views.years import chosen_year
from strategies.models import Plan
from strategies.selectors import (
    case_studies_visible_to,
    current_plan,
    plans_visible_to,
    report_years,
)


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
    """A metric's page. What every reader sees alike (the assessment, the charts and
    tables of its approved figures, its definition, targets, comments and
    histories) is built once per version of the data and shared by everyone; what
    depends on who asks (the links and forms they may use, the figures not yet
    approved they may see, the case studies) is worked out on each request."""
    metric = get_object_or_404(
        # The metric alone: the people and teams it names are in what is shared.
        metrics_visible_to(request.user).select_related(None),  # type: ignore[arg-type]
        code=code,
    )
    # The year asked for, or "" for the newest with figures (chosen once they are
    # read): a ?year= that is not a year is a 404 before anything is built.
    asked = chosen_year(request, [])
    shared = read_once(
        # Named anew when what is shared changed: the parts cached before held
        # figures not yet approved, and must never be read again.
        "metric-page-approved",
        (metric.code, asked),
        lambda: _metric_shared(metric.code, asked),
        version=_metric_page_version(),
    )
    # The steps this reader may take now, from the workflow's policy: the
    # metric's (enter its figures, propose a target, comment; endorse, agree or
    # withdraw it while it is a proposal), and each open target's (read in one
    # query, only when a target is open).
    metric_actions = workflow.allowed_actions(request.user, metric)
    # Who edits it (enters its figures, or would but for its withdrawal) also
    # sees the figures not yet approved.
    may_enter = workflow.ENTER_FIGURES in metric_actions or (
        metric.status == Metric.Status.WITHDRAWN
        and can_edit_metric(request.user, metric)
    )
    open_targets = [t.pk for t in shared["targets"] if t.status in OPEN_PROPOSALS]
    target_actions = (
        {
            target.pk: workflow.allowed_actions(request.user, target)
            for target in Target.objects.filter(pk__in=open_targets).select_related(
                "metric"
            )
        }
        if open_targets
        else {}
    )
    nonce = str(request.csp_nonce)  # type: ignore[attr-defined]
    # Where we stand among other places: read live (a few queries), for the
    # group and period asked for.
    benchmarks = benchmark_panel_context(request, metric)
    return render(
        request,
        "scorecard/metric_detail.html",
        {
            "benchmarks": benchmarks,
            **{name: shared[name] for name in _SHARED_VALUES},
            **{name: _with_nonce(shared[name], nonce) for name in _SHARED_SECTIONS},
            "values": _values_table(request, metric, shared, edits=may_enter),
            "metric": metric,
            "metric_actions": metric_actions,
            "target_actions": target_actions,
            "entry_period": str(
                Period.containing(timezone.localdate(), metric.frequency).previous()
            ),
            # Publishing a case study is an edit no fingerprint sees: read live.
            "case_studies": case_studies_visible_to(request.user).filter(  # type: ignore[arg-type]
                metrics=metric
            ),
        },
    )


def _values_table(
    request: HttpRequest, metric: Metric, shared: dict[str, Any], *, edits: bool
) -> SafeString:
    """The table of values and revisions as this reader may see it: the shared
    one (approved figures only) for a reader who may see none of the figures not
    yet approved, and for one who may, the table again with them, read in one
    query. Whether a reader is one is known without a query: the shared part
    keeps who wrote the unapproved figures (never the figures themselves)."""
    user = request.user
    shown: SafeString = mark_safe(shared["values"])  # noqa: S308 - our template's
    if not shared["unapproved"]:
        return shown
    if not (
        sees_unapproved_values(user, metric, edits=edits)  # type: ignore[arg-type]
        or user.pk in shared["unapproved_authors"]
    ):
        return shown
    values = (
        values_visible_to(user)  # type: ignore[arg-type]
        .filter(metric=metric, breakdown="")
        .select_related("entered_by")
        .order_by("period", "revision")
    )
    table = render_to_string("scorecard/_metric_values.html", {"place_values": values})
    return mark_safe(table)  # noqa: S308 - our template's


def _metric_page_version() -> str:
    """The version of what a metric page shares: what the verdict pages read
    (verdicts, which every approved, revised or withdrawn figure renews;
    comparators; recorded verdicts; targets; definitions), and the figures not yet
    approved, whose authors it keeps (a new draft or revision is a new row, and a
    submission submitted, returned or approved writes its history); and the
    comments."""
    submissions = Submission.history.model
    return reading_version(
        scalar("MAX(id)", MetricValue),
        scalar("MAX(history_id)", submissions),
        # Comments are only ever added.
        scalar("MAX(id)", Comment),
    )


@dataclass(frozen=True)
class TargetShownOnPage:
    """A target as the metric page's table shows it: plain values, so it can be
    shared from the cache, with what the endorse and agree forms send."""

    pk: int
    version: int
    period: str
    text: str
    kind: str
    flag: str
    status: str
    status_label: str
    endorsed_by: str
    endorsed_at: dt.datetime | None
    agreed_by: str
    agreed_at: dt.datetime | None


# A shared section cannot carry a response's CSP nonce: it is rendered with this
# mark in the nonce's place, and each response writes its own nonce there. The mark
# is written unescaped, so no text the template escapes (a "<" becomes "&lt;") and
# no figure JSON (charts escape "<" too) can hold it.
_NONCE_MARK = "<csp-nonce>"


class _SharedRequest:
    """The request as a shared section sees it: the nonce's place, and nothing of
    who asked."""

    csp_nonce = mark_safe(_NONCE_MARK)  # noqa: S308 - a constant of ours


def _with_nonce(html: str, nonce: str) -> SafeString:
    return mark_safe(html.replace(_NONCE_MARK, nonce))  # noqa: S308 - our templates'


# What _metric_shared gives: plain values, and sections rendered from
# scorecard/_metric_<name>.html.
_SHARED_VALUES = ("year", "years", "proposed_by", "endorsed_by", "targets")
_SHARED_SECTIONS = ("figures", "comments", "records")
# Sections every reader may see only a part of: the shared part holds what all
# may see, and metric_detail adds the rest for those who may see it.
_READER_SECTIONS = ("values",)


def _metric_shared(code: str, asked: str) -> dict[str, Any]:
    """Everything on a metric's page that is the same for every reader, for the
    year ``asked`` (or the newest with figures): the year and the years offered,
    its targets, and the rendered sections. Plain values only."""
    metric = (
        metric_with_history(code)
        .select_related(
            "owner",
            "team__service",
            "portfolio",
            "proposed_by",
            "endorsed_by",
            "agreed_by",
        )
        .get()
    )
    values = list(metric.values.all())
    # Only approved figures are shared: the others are their author's, the
    # metric's editors' and approvers', and the performance administrator's
    # (scorecard.selectors.unapproved_value_visibility), added per reader.
    approved = [v for v in values if v.approval == MetricValue.Approval.APPROVED]
    unapproved = [v for v in values if v.approval != MetricValue.Approval.APPROVED]
    prefetch_related_objects(approved, "entered_by")
    trend = trend_series(metric)
    years = sorted({str(Period.parse(p).year()) for p in trend.periods}, reverse=True)
    year = asked or (years[0] if years else "")
    row = None
    if year:
        plan = _plan_for(year)
        row = metric_assessments(metrics=[metric], year=year, plan=plan)[0]
    target_level = None
    if row and row.target and row.target.kind == "threshold":
        target_level = row.target.value
    targets = list(metric.targets.all())
    prefetch_related_objects(targets, "endorsed_by", "agreed_by")
    context = {
        "request": _SharedRequest(),
        "metric": metric,
        "row": row,
        "trend": trend,
        # The control limits are the stored verdict's, as the chosen year's
        # verdict read them: never worked out here.
        "trend_charts": charts.trend_charts(
            metric, trend, target_level, row.variation if row else None
        ),
        "chart_limits": bool(
            row and charts.ControlLimits.from_reading(row.variation) is not None
        ),
        "breakdown_charts": _breakdown_charts(metric, approved),
        "strategies": {
            step.strategy for step in metric.change_steps.select_related("strategy")
        },
        "place_values": [v for v in approved if not v.breakdown],
        "changes": _changes(metric, targets),
        "verdicts": metric.recorded_verdicts.all(),
        "comments": metric.comments.select_related("author", "target"),
    }
    return {
        "year": year,
        "years": year_options(years, year),
        "proposed_by": str(metric.proposed_by or ""),
        "endorsed_by": str(metric.endorsed_by or ""),
        "targets": [_target_shown(target) for target in targets],
        # Whether any place figure is not yet approved, and who wrote those: ids,
        # so the page knows without a query whether a reader is an author.
        "unapproved": any(not v.breakdown for v in unapproved),
        "unapproved_authors": sorted(
            {v.entered_by_id for v in unapproved if not v.breakdown} - {None}
        ),
        **{
            name: render_to_string(f"scorecard/_metric_{name}.html", context)
            for name in (*_SHARED_SECTIONS, *_READER_SECTIONS)
        },
    }


def _breakdown_charts(
    metric: Metric, values: list[MetricValue]
) -> list[dict[str, Any]]:
    return [
        {
            "dimension": dimension,
            "period": period,
            "groups": groups,
            "figure": charts.breakdown_figure(
                title=f"{metric.name} by {dimension}, {period_label(period)}",
                unit=metric.unit,
                groups=[(g.breakdown_group, g.value_number) for g in groups],
            ),
        }
        for (dimension, period), groups in _latest_breakdowns(values).items()
    ]


def _changes(metric: Metric, targets: list[Target]) -> list[Change]:
    """The definition's and the targets' changes, newest first."""
    # Every target's history in one query, whatever the number of targets.
    target_history: dict[int, list[Any]] = defaultdict(list)
    for record in (
        Target.history.filter(metric_id=metric.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    ):
        target_history[record.id].append(record)
    return sorted(
        change_history(metric.history.all(), "Definition")
        + [
            change
            for target in targets
            for change in change_history(
                target_history.get(target.pk, []),
                f"Target {period_label(target.period)}",
            )
        ],
        key=lambda change: change.when,
        reverse=True,
    )


OPEN_PROPOSALS = frozenset({Metric.Status.PROPOSED, Metric.Status.ENDORSED})


def _target_shown(target: Target) -> TargetShownOnPage:
    return TargetShownOnPage(
        pk=target.pk,
        version=target.version,
        period=target.period,
        text=target.text,
        kind=target.kind,
        flag=target.flag,
        status=target.status,
        status_label=target.get_status_display(),
        endorsed_by=str(target.endorsed_by or ""),
        endorsed_at=target.endorsed_at,
        agreed_by=str(target.agreed_by or ""),
        agreed_at=target.agreed_at,
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
