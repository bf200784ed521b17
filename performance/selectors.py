"""Reads for the live performance pages: public, so approved figures of agreed
metrics of the agreed plan only, never drafts or proposals.

Every function here returns plain data (dataclasses, model instances) that the
views render and cache (performance/cache.py); none depends on who is asking.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from performance.areas import name_key
from performance.maps import AreaMap, MapArea, MapFigure, draw_map
from performance.models import AreaLayout
from performance.opendata import publication_of, tidy_csv_of
from performance.schedule import ScheduleEntry, ScheduleState, schedule_entry
from reports.opendata.exporter import publication_for
from scorecard.domain.assessment import Summary, summary_sentence
from scorecard.domain.periods import Period
from scorecard.models import HeadlineMembership, Metric, MetricValue
from scorecard.selectors import (
    MetricAssessment,
    headline_assessments,
    headline_counts,
    summary_of,
)
from strategies.models import CaseStudy, Plan, Priority
from strategies.selectors import report_years

# How many earlier report years the headline sentence is compared with.
EARLIER_YEARS = 2


def public_plan() -> Plan | None:
    """The newest plan agreed by Full Council (drafts are never public)."""
    return (
        Plan.objects.filter(status=Plan.Status.AGREED)
        .order_by("-start_year", "-version")
        .first()
    )


def public_years(plan: Plan) -> list[str]:
    """The plan's report years, newest first."""
    return report_years(plan)


def public_metrics() -> QuerySet[Metric]:
    """Agreed metrics: proposals and retired metrics are not published."""
    return Metric.objects.filter(status=Metric.Status.AGREED)


def public_metric(code: str) -> Metric | None:
    return public_metrics().filter(code=code).first()


def public_priorities(plan: Plan) -> QuerySet[Priority]:
    return plan.priorities.all()


# --- the plan and its priorities ----------------------------------------------------


@dataclass(frozen=True)
class PriorityProgress:
    """A priority's progress report: the latest assessment of each of its headline
    metrics for the year, and the headline sentence."""

    priority: Priority
    rows: list[MetricAssessment]
    summary: Summary
    sentence: str

    @property
    def on_target(self) -> int:
        return sum(1 for r in self.rows if r.target_status_shown == "on_target")

    @property
    def off_target(self) -> int:
        return sum(1 for r in self.rows if r.target_status_shown == "off_target")


@dataclass(frozen=True)
class LiveOverview:
    plan: Plan
    year: str
    rows: list[MetricAssessment]
    summary: Summary
    sentence: str
    priorities: list[PriorityProgress]

    @property
    def on_target(self) -> int:
        return sum(1 for r in self.rows if r.target_status_shown == "on_target")

    @property
    def off_target(self) -> int:
        return sum(1 for r in self.rows if r.target_status_shown == "off_target")

    @property
    def with_target(self) -> int:
        return self.on_target + self.off_target


def _headline_rows(plan: Plan, year: str) -> list[MetricAssessment]:
    # The public pages name no owner, team or portfolio: read the metrics alone.
    return headline_assessments(plan=plan, year=year, agreed_only=True, public=True)


def live_overview(
    *, plan: Plan, year: str, years: Sequence[str] | None = None
) -> LiveOverview:
    """The plan's headline metrics for the year, assessed, by priority, with the
    headline sentence compared with the earlier report years (``years``, the
    plan's report years, when the caller has read them already)."""
    rows = _headline_rows(plan, year)
    summary = summary_of(rows)
    if years is None:
        years = public_years(plan)
    earlier_years = [y for y in years if y < year][:EARLIER_YEARS]
    counts = headline_counts(plan=plan, years=earlier_years, agreed_only=True)
    earlier = [
        (y.replace("-", "/"), counts[y])
        for y in reversed(earlier_years)  # oldest first, as the council writes it
    ]
    priorities = []
    for priority in public_priorities(plan):
        priority_rows = [r for r in rows if r.priority == priority]
        priority_summary = summary_of(priority_rows)
        priorities.append(
            PriorityProgress(
                priority=priority,
                rows=priority_rows,
                summary=priority_summary,
                sentence=summary_sentence(priority_summary),
            )
        )
    return LiveOverview(
        plan=plan,
        year=year,
        rows=rows,
        summary=summary,
        sentence=summary_sentence(summary, earlier=earlier),
        priorities=priorities,
    )


def priority_case_studies(priority: Priority) -> list[CaseStudy]:
    return list(priority.case_studies.filter(is_published=True)[:6])


# --- a metric ------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """The latest approved figures of one breakdown dimension of a metric."""

    dimension: str
    period: str
    groups: list[MetricValue]  # in the order the figures were entered

    @property
    def ordered(self) -> list[MetricValue]:
        return sorted(
            self.groups,
            key=lambda v: (v.value_number is None, -(v.value_number or Decimal(0))),
        )


def latest_breakdowns(metric: Metric) -> list[Breakdown]:
    """For each breakdown dimension, the approved figures (latest revisions) of
    the latest period that has any. One query."""
    return latest_breakdowns_of([metric]).get(metric.pk, [])


def latest_breakdowns_of(metrics: list[Metric]) -> dict[int, list[Breakdown]]:
    """``latest_breakdowns`` of each metric, by metric id, in one query."""
    latest: dict[tuple[int, str, str], dict[str, MetricValue]] = defaultdict(dict)
    for value in (
        MetricValue.objects.filter(
            metric__in=metrics, approval=MetricValue.Approval.APPROVED
        )
        .exclude(breakdown="")
        .order_by("metric_id", "period", "revision", "id")
    ):
        key = (value.metric_id, value.breakdown, value.period)
        latest[key][value.breakdown_group] = value
    chosen: dict[tuple[int, str], str] = {}
    for metric_id, dimension, period in latest:
        current = chosen.get((metric_id, dimension))
        if current is None or (
            Period.parse(period).end_date() > Period.parse(current).end_date()
        ):
            chosen[(metric_id, dimension)] = period
    found: dict[int, list[Breakdown]] = defaultdict(list)
    for (metric_id, dimension), period in sorted(chosen.items()):
        groups = list(latest[(metric_id, dimension, period)].values())
        found[metric_id].append(Breakdown(dimension, period, groups))
    return dict(found)


def area_layouts() -> dict[str, AreaLayout]:
    """Uploaded layouts by breakdown dimension, with their areas."""
    return {
        layout.breakdown: layout
        for layout in AreaLayout.objects.prefetch_related("areas")
    }


@dataclass(frozen=True)
class BreakdownMap:
    metric: Metric
    breakdown: Breakdown
    layout: AreaLayout
    drawing: AreaMap
    map_id: str

    @property
    def title(self) -> str:
        return (
            f"{self.metric.name} by {self.breakdown.dimension}, {self.breakdown.period}"
        )


def breakdown_map(
    metric: Metric, breakdown: Breakdown, layouts: dict[str, AreaLayout]
) -> BreakdownMap | None:
    """The breakdown drawn on its areas, when an areas file covers its dimension."""
    layout = layouts.get(name_key(breakdown.dimension))
    if layout is None:
        return None
    areas = [
        MapArea(
            name=area.name,
            code=area.code,
            column=area.column,
            row=area.row,
            polygons=area.geometry or (),
        )
        for area in layout.areas.all()
    ]
    if not areas:
        return None
    figures = {
        name_key(v.breakdown_group): MapFigure(v.value_number, v.value_text)
        for v in breakdown.groups
    }
    map_id = f"map-{metric.code}-{breakdown.dimension}".replace(" ", "-").lower()
    title = f"{metric.name} by {breakdown.dimension}, {breakdown.period}"
    return BreakdownMap(
        metric=metric,
        breakdown=breakdown,
        layout=layout,
        drawing=draw_map(areas=areas, figures=figures, title=title, map_id=map_id),
        map_id=map_id,
    )


def maps_for(metrics: list[Metric]) -> list[BreakdownMap]:
    """Every breakdown of these metrics that an areas file covers, drawn."""
    layouts = area_layouts()
    if not layouts:
        return []
    found = []
    breakdowns = latest_breakdowns_of(metrics)
    for metric in metrics:
        for breakdown in breakdowns.get(metric.pk, []):
            drawn = breakdown_map(metric, breakdown, layouts)
            if drawn is not None:
                found.append(drawn)
    return found


def metrics_with_area_breakdowns() -> list[Metric]:
    dimensions = list(AreaLayout.objects.values_list("breakdown", flat=True))
    if not dimensions:
        return []
    ids = (
        MetricValue.objects.filter(
            breakdown__in=dimensions, approval=MetricValue.Approval.APPROVED
        )
        .values_list("metric_id", flat=True)
        .distinct()
    )
    return list(public_metrics().filter(pk__in=ids).order_by("code"))


# --- the publication schedule ----------------------------------------------------


@dataclass(frozen=True)
class ScheduleRow:
    metric: Metric
    headline: bool
    last_period: str | None
    last_value: str
    published_on: dt.date | None
    entry: ScheduleEntry

    @property
    def overdue(self) -> bool:
        return self.entry.state == ScheduleState.OVERDUE


def publication_schedule(
    *,
    today: dt.date,
    plan: Plan | None,
    year: str | None,
    metrics: list[Metric] | None = None,
) -> list[ScheduleRow]:
    """Each agreed metric: its latest published figure (the latest period of its
    own frequency with an approved figure, and the day it was approved or
    imported), and when its next figure is due. Overdue first (most overdue
    first), then by due date. Two queries. ``metrics``: only these (agreed) ones."""
    if metrics is None:
        metrics = list(public_metrics().order_by("code"))
    latest: dict[int, dict[str, tuple[str, dt.datetime]]] = defaultdict(dict)
    for metric_id, period, value_text, entered_at, reviewed_at in (
        MetricValue.objects.filter(
            metric__in=metrics,
            breakdown="",
            approval=MetricValue.Approval.APPROVED,
        )
        .order_by("metric_id", "period", "revision")
        .values_list(
            "metric_id", "period", "value_text", "entered_at", "submission__reviewed_at"
        )
    ):
        latest[metric_id][period] = (value_text, reviewed_at or entered_at)
    headline_ids: set[int] = set()
    if plan is not None and year:
        headline_ids = set(
            HeadlineMembership.objects.filter(plan=plan, report_year=year).values_list(
                "metric_id", flat=True
            )
        )
    rows = []
    for metric in metrics:
        periods = latest.get(metric.pk, {})
        own = [p for p in periods if Period.parse(p).frequency == metric.frequency]
        last = max(own, key=lambda p: Period.parse(p).end_date()) if own else None
        value_text, when = periods[last] if last else ("", None)
        rows.append(
            ScheduleRow(
                metric=metric,
                headline=metric.pk in headline_ids,
                last_period=last,
                last_value=value_text,
                published_on=timezone.localdate(when) if when else None,
                entry=schedule_entry(
                    frequency=metric.frequency,
                    entry_lag_days=metric.entry_lag_days,
                    last_published=last,
                    today=today,
                ),
            )
        )
    rows.sort(
        key=lambda r: (
            not r.overdue,
            -r.entry.days_overdue,
            r.entry.next_due,
            r.metric.name,
        )
    )
    return rows


# --- open data -------------------------------------------------------------------


def tidy_csv(*, plan: Plan | None, year: str, codes: list[str] | None = None) -> str:
    """The year's open data in the tidy format (DESIGN.md section 6), written by
    the open-data exporter (approved figures only), limited to agreed metrics and,
    when given, to ``codes`` (in that order)."""
    if codes is None:
        publication = publication_for(year=year, plan=plan, all_years=True)
        agreed = set(public_metrics().values_list("code", flat=True))
        publication = replace(
            publication, metrics=[m for m in publication.metrics if m.code in agreed]
        )
    else:
        found = {m.code: m for m in public_metrics().filter(code__in=codes)}
        metrics = [found[code] for code in codes if code in found]
        publication = publication_of(year=year, plan=plan, metrics=metrics)
    return tidy_csv_of(publication)
