"""Reads for the live performance pages: public, so approved figures of agreed
metrics of the agreed plan only, never drafts or proposals.

Every function here returns plain data (dataclasses, model instances) that the
views render and cache (performance/cache.py); none depends on who is asking.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F, Model, QuerySet
from django.utils import timezone

from coventry_pm.core.links import link
from performance.areas import name_key
from performance.maps import AreaMap, MapArea, MapFigure, draw_map
from performance.models import AreaLayout
from performance.opendata import publication_of, tidy_csv_of
from performance.schedule import ScheduleEntry, ScheduleState, schedule_entry
from reports.opendata.exporter import publication_for
from scorecard.calculation import reporting_point
from scorecard.domain.assessment import Summary, summarise, summary_sentence
from scorecard.domain.periods import Period, period_label
from scorecard.domain.vocabulary import Progress, TargetStatus
from scorecard.models import (
    CalculatedVerdict,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
)
from strategies.models import CaseStudy, Objective, Plan, Priority
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


def _columns(model: type[Model], alias: str) -> str:
    return ", ".join(
        f"{alias}.{connection.ops.quote_name(field.column)}"
        for field in model._meta.concrete_fields
        if field.column
    )


@functools.cache
def _plan_query() -> str:
    """The newest agreed plan once for each of its report years (once, with a
    NULL year, when it has none). Written once a process: only our own tables'
    and columns' names go into it."""
    plans = _table(Plan)
    return (
        f"SELECT DISTINCT {_columns(Plan, 'p')}, hm.report_year"  # noqa: S608
        f" FROM {plans} p LEFT OUTER JOIN {_table(HeadlineMembership)} hm"
        " ON hm.plan_id = p.id"
        f" WHERE p.id = (SELECT newest.id FROM {plans} newest"
        " WHERE newest.status = %s"
        " ORDER BY newest.start_year DESC, newest.version DESC LIMIT 1)"
    )


def public_plan_and_years() -> tuple[Plan | None, list[str]]:
    """``public_plan()`` and its ``public_years``, in one query (the ORM's
    compiling it cost more than running it)."""
    found = list(Plan.objects.raw(_plan_query(), [Plan.Status.AGREED.value]))
    if not found:
        return None, []
    years: set[str] = {
        year for plan in found if (year := getattr(plan, "report_year", None))
    }
    return found[0], sorted(years, reverse=True)


def public_metrics() -> QuerySet[Metric]:
    """Agreed metrics: proposals and retired metrics are not published."""
    return Metric.objects.filter(status=Metric.Status.AGREED)


def public_metric(code: str) -> Metric | None:
    """The agreed metric of that code, read without compiling a query."""
    found = list(
        Metric.objects.raw(_metric_query(), [code, Metric.Status.AGREED.value])
    )
    return found[0] if found else None


@functools.cache
def _metric_query() -> str:
    return (
        f"SELECT {_columns(Metric, 'm')} FROM {_table(Metric)} m"  # noqa: S608
        " WHERE m.code = %s AND m.status = %s"
    )


def public_priorities(plan: Plan) -> QuerySet[Priority]:
    return plan.priorities.all()


@functools.cache
def _priorities_query() -> str:
    return (
        f"SELECT {_columns(Priority, 'p')} FROM {_table(Priority)} p"  # noqa: S608
        " WHERE p.plan_id = %s ORDER BY p.sort_order, p.id"
    )


def _priorities(plan: Plan) -> list[Priority]:
    """``public_priorities(plan)``, in their order, read without compiling a
    query."""
    return list(Priority.objects.raw(_priorities_query(), [plan.pk]))


# --- the plan and its priorities ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class LiveMetric:
    """What the public tables show of a metric (read as columns, not as a model)."""

    pk: int
    code: str
    name: str
    unit: str

    def get_public_url(self) -> str:
        return link("performance:metric", self.code)


@dataclass(frozen=True, slots=True)
class LiveFigure:
    """A figure as the public tables show it: its text and period (copied onto the
    stored verdict that used it)."""

    period: str
    value_text: str


@dataclass(frozen=True, slots=True)
class LiveComparatorFigure:
    """The comparator's figure shown beside the metric's: whose, its period and
    text."""

    name: str
    period: str
    value_text: str


@dataclass(frozen=True, slots=True)
class LiveRow:
    """A headline metric's stored verdict for the year as the public tables show
    it: the figures it used, the target's words and the verdict shown (the
    recorded one where somebody recorded it, as ``MetricAssessment.progress_shown``
    and ``target_status_shown`` say), read as columns, with no model rows."""

    metric: LiveMetric
    priority_id: int | None
    current: LiveFigure | None
    previous: LiveFigure | None
    target_text: str | None  # None: no target was set
    comparator: LiveComparatorFigure | None
    progress_shown: Progress
    target_status_shown: TargetStatus


@dataclass(frozen=True)
class PriorityProgress:
    """A priority's progress report: the latest assessment of each of its headline
    metrics for the year, and the headline sentence."""

    priority: Priority
    rows: list[LiveRow]
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
    rows: list[LiveRow]
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


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _rows_query(years: int) -> str:
    """Each headline membership of a plan in ``years`` report years, of agreed
    metrics, in the plan's order, with its metric's code, name and unit and the
    columns a public table shows of the verdict stored for the report year (NULL
    where none was stored). Written once a process for each number of years: only
    our own tables' names go into it, and the values are parameters: the years,
    the plan, the status and the years again."""
    in_years = ", ".join(["%s"] * years)
    return (
        "SELECT hm.report_year, hm.metric_id, hm.priority_id,"  # noqa: S608
        " m.code, m.name, m.unit,"
        " v.id, v.period, v.progress, v.target_status, v.assessed_period,"
        " v.current_value_id, v.current_period, v.current_text,"
        " v.previous_value_id, v.previous_period, v.previous_text,"
        " v.target_id, v.target_text,"
        " v.shown_comparator_value_id, v.shown_comparator_name,"
        " v.shown_comparator_period, v.shown_comparator_text"
        f" FROM {_table(HeadlineMembership)} hm"
        f" INNER JOIN {_table(Metric)} m ON m.id = hm.metric_id"
        f" LEFT OUTER JOIN {_table(CalculatedVerdict)} v"
        " ON v.metric_id = hm.metric_id AND v.period = hm.report_year"
        # The same condition again, on the verdicts' own column: PostgreSQL then
        # reads the years' verdicts alone (at 2,000 metrics, 1.7 → 0.8 ms).
        f" AND v.period IN ({in_years})"
        " WHERE hm.plan_id = %s AND m.status = %s"
        f" AND hm.report_year IN ({in_years})"
        " ORDER BY hm.sort_order, hm.id"
    )


@functools.cache
def _recorded_query(years: int) -> str:
    """The recorded verdicts, oldest first, of the metrics ``_rows_query`` reads,
    for periods from one year to before another, recorded for the plan or for no
    plan: what ``scorecard.selectors._recorded`` reads for them."""
    return (
        "SELECT r.metric_id, r.period, r.progress, r.target_status"  # noqa: S608
        f" FROM {_table(RecordedVerdict)} r"
        " WHERE r.withdrawn_at IS NULL AND r.period >= %s AND r.period < %s"
        " AND (r.plan_id = %s OR r.plan_id IS NULL)"
        " AND r.metric_id IN (SELECT hm.metric_id"
        f" FROM {_table(HeadlineMembership)} hm"
        f" INNER JOIN {_table(Metric)} m ON m.id = hm.metric_id"
        " WHERE hm.plan_id = %s AND m.status = %s"
        f" AND hm.report_year IN ({', '.join(['%s'] * years)}))"
        " ORDER BY r.recorded_at, r.id"
    )


def _shown(
    recorded: dict[tuple[int, str], tuple[str, str]],
    metric_id: int,
    period: str,
    year: str,
    progress: str,
    target_status: str,
) -> tuple[Progress, TargetStatus]:
    """The verdict shown: the newest recorded one for the period assessed, or for
    the year, where it says anything; the calculated one otherwise."""
    found = recorded.get((metric_id, period)) or recorded.get((metric_id, year))
    recorded_progress, recorded_status = found or ("", "")
    return (
        Progress(recorded_progress or progress),
        TargetStatus(recorded_status or target_status),
    )


def _figure(pk: int | None, period: str, text: str) -> LiveFigure | None:
    return LiveFigure(period, text) if pk else None


def _live_rows(
    plan: Plan, year: str, earlier_years: Sequence[str]
) -> tuple[list[LiveRow], dict[str, Summary]]:
    """The year's headline rows of agreed metrics, in the plan's order, and the
    headline counts of each of ``earlier_years`` (what ``headline_counts`` gives):
    two queries of columns, however many years and metrics (the memberships with
    their metrics and stored verdicts, joined; the recorded verdicts), each
    written once a process rather than compiled by the ORM on every request (that
    took longer than reading the rows)."""
    years = [year, *earlier_years]
    scope: list[str | int] = [plan.pk, Metric.Status.AGREED.value, *years]
    with connection.cursor() as cursor:
        cursor.execute(_rows_query(len(years)), [*years, *scope])
        read = cursor.fetchall()
        cursor.execute(
            _recorded_query(len(years)),
            [
                str(Period.parse(min(years)).year()),
                str(Period.parse(max(years)).year().next()),
                plan.pk,
                *scope,
            ],
        )
        recorded = {
            (metric_id, period): (progress, status)  # the newest wins
            for metric_id, period, progress, status in cursor.fetchall()
        }
    # A report year not written as its reporting point ("2024/25") cannot be
    # joined to its verdict by name: read those apart (never, in practice).
    points = {reporting_point(y): y for y in years if reporting_point(y) != y}
    apart: dict[tuple[int, str], tuple[Any, ...]] = {}
    if points:
        for verdict in CalculatedVerdict.objects.filter(
            metric_id__in={row[1] for row in read}, period__in=points
        ).values_list("metric_id", *_VERDICT_COLUMNS):
            apart[(verdict[0], points[verdict[2]])] = verdict[1:]
    rows: list[LiveRow] = []
    earlier: dict[str, list[Progress]] = {y: [] for y in earlier_years}
    for row in read:
        report_year, metric_id, priority_id, code, name, unit = row[:6]
        (
            _,
            point,
            progress,
            target_status,
            assessed_period,
            current_id,
            current_period,
            current_text,
            previous_id,
            previous_period,
            previous_text,
            target_id,
            target_text,
            comparator_id,
            comparator_name,
            comparator_period,
            comparator_text,
        ) = apart.get((metric_id, report_year)) or row[6:]
        if point is None:
            # Neither a figure nor a target in the year: nothing was stored.
            progress_shown, status_shown = _shown(
                recorded,
                metric_id,
                report_year,
                report_year,
                Progress.NOT_AVAILABLE,
                TargetStatus.NO_TARGET,
            )
        else:
            progress_shown, status_shown = _shown(
                recorded,
                metric_id,
                assessed_period or point,
                report_year,
                progress,
                target_status,
            )
        if report_year != year:
            earlier[report_year].append(progress_shown)
            continue
        rows.append(
            LiveRow(
                metric=LiveMetric(metric_id, code, name, unit),
                priority_id=priority_id,
                current=_figure(current_id, current_period, current_text),
                previous=_figure(previous_id, previous_period, previous_text),
                target_text=target_text if target_id else None,
                comparator=LiveComparatorFigure(
                    comparator_name, comparator_period, comparator_text
                )
                if comparator_id
                else None,
                progress_shown=progress_shown,
                target_status_shown=status_shown,
            )
        )
    return rows, {y: summarise(progress) for y, progress in earlier.items()}


# What ``_rows_query`` reads of a stored verdict, by name (for a year read apart).
_VERDICT_COLUMNS = (
    "id",
    "period",
    "progress",
    "target_status",
    "assessed_period",
    "current_value_id",
    "current_period",
    "current_text",
    "previous_value_id",
    "previous_period",
    "previous_text",
    "target_id",
    "target_text",
    "shown_comparator_value_id",
    "shown_comparator_name",
    "shown_comparator_period",
    "shown_comparator_text",
)


def live_overview(
    *, plan: Plan, year: str, years: Sequence[str] | None = None
) -> LiveOverview:
    """The plan's headline metrics for the year, with their stored verdicts, by
    priority, with the headline sentence compared with the earlier report years
    (``years``, the plan's report years, when the caller has read them already).
    Four queries (five without ``years``): the rows and the earlier years' counts
    come from the same three (``_live_rows``), the priorities from the fourth."""
    if years is None:
        years = public_years(plan)
    earlier_years = [y for y in years if y < year][:EARLIER_YEARS]
    rows, counts = _live_rows(plan, year, earlier_years)
    summary = summarise(row.progress_shown for row in rows)
    earlier = [
        (y.replace("-", "/"), counts[y])
        for y in reversed(earlier_years)  # oldest first, as the council writes it
    ]
    priorities = []
    for priority in _priorities(plan):
        priority_rows = [r for r in rows if r.priority_id == priority.pk]
        priority_summary = summarise(r.progress_shown for r in priority_rows)
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


@functools.cache
def _case_studies_query(of: str, limit: int | None) -> str:
    """Published case studies linked to one priority or metric (``of``: the link
    table's column), newest first."""
    field = {"priority": "priorities", "metric": "metrics"}[of]
    through = getattr(CaseStudy, field).through._meta.db_table
    return (
        f"SELECT {_columns(CaseStudy, 'c')} FROM {_table(CaseStudy)} c"  # noqa: S608
        f" INNER JOIN {connection.ops.quote_name(through)} link"
        " ON link.casestudy_id = c.id"
        f" WHERE link.{of}_id = %s AND c.is_published = %s"
        " ORDER BY c.date DESC, c.title" + (f" LIMIT {int(limit)}" if limit else "")
    )


def priority_case_studies(priority: Priority) -> list[CaseStudy]:
    """A priority's published case studies, newest first, six at most."""
    query = _case_studies_query("priority", 6)
    return list(CaseStudy.objects.raw(query, [priority.pk, True]))


def metric_case_studies(metric: Metric) -> list[CaseStudy]:
    """A metric's published case studies, newest first."""
    query = _case_studies_query("metric", None)
    return list(CaseStudy.objects.raw(query, [metric.pk, True]))


@functools.cache
def _objectives_query() -> str:
    return (
        f"SELECT {_columns(Objective, 'o')} FROM {_table(Objective)} o"  # noqa: S608
        " WHERE o.priority_id = %s ORDER BY o.sort_order, o.id"
    )


def priority_objectives(priority: Priority) -> list[Objective]:
    """A priority's objectives, in the plan's order."""
    return list(Objective.objects.raw(_objectives_query(), [priority.pk]))


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


def latest_breakdowns(
    metric: Metric, approved: Sequence[MetricValue] | None = None
) -> list[Breakdown]:
    """For each breakdown dimension, the approved figures (latest revisions) of
    the latest period that has any. One query, none when the caller passes the
    metric's ``approved`` figures (``approved_figures``)."""
    return latest_breakdowns_of([metric], approved).get(metric.pk, [])


def approved_figures(metric: Metric) -> list[MetricValue]:
    """Every approved figure of a metric, of every breakdown, by period, revision
    and id, each with the day its submission was reviewed (``reviewed_at``, None
    for an imported one): what its live page's trend, breakdowns and publication
    read, in one query."""
    return list(
        MetricValue.objects.filter(
            metric=metric, approval=MetricValue.Approval.APPROVED
        )
        .annotate(reviewed_at=F("submission__reviewed_at"))
        .order_by("period", "revision", "id")
    )


def latest_breakdowns_of(
    metrics: list[Metric], approved: Sequence[MetricValue] | None = None
) -> dict[int, list[Breakdown]]:
    """``latest_breakdowns`` of each metric, by metric id, in one query (none with
    the ``approved`` figures of the one metric, read already)."""
    latest: dict[tuple[int, str, str], dict[str, MetricValue]] = defaultdict(dict)
    values: Iterable[MetricValue] = (
        MetricValue.objects.filter(
            metric__in=metrics, approval=MetricValue.Approval.APPROVED
        )
        .exclude(breakdown="")
        .order_by("metric_id", "period", "revision", "id")
        if approved is None
        else [v for v in approved if v.breakdown]
    )
    for value in values:
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
            f"{self.metric.name} by {self.breakdown.dimension}, "
            f"{period_label(self.breakdown.period)}"
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
    title = f"{metric.name} by {breakdown.dimension}, {period_label(breakdown.period)}"
    return BreakdownMap(
        metric=metric,
        breakdown=breakdown,
        layout=layout,
        drawing=draw_map(areas=areas, figures=figures, title=title, map_id=map_id),
        map_id=map_id,
    )


def maps_for(metrics: list[Metric]) -> list[BreakdownMap]:
    """Every breakdown of these metrics that an areas file covers, drawn."""
    return _maps(area_layouts(), metrics)


def maps_of(ids: Sequence[int]) -> list[BreakdownMap]:
    """``maps_for`` the metrics with these ids, in that order; the metrics are read
    only when some areas file has been uploaded (one query, none without)."""
    layouts = area_layouts()
    if not layouts:
        return []
    found = Metric.objects.in_bulk(list(ids))
    return _maps(layouts, [found[pk] for pk in ids if pk in found])


def _maps(layouts: dict[str, AreaLayout], metrics: list[Metric]) -> list[BreakdownMap]:
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
    approved: Sequence[MetricValue] | None = None,
    headline_ids: set[int] | None = None,
) -> list[ScheduleRow]:
    """Each agreed metric: its latest published figure (the latest period of its
    own frequency with an approved figure, and the day it was approved or
    imported), and when its next figure is due. Overdue first (most overdue
    first), then by due date. Two queries. ``metrics``: only these (agreed) ones;
    ``approved``: the one metric's figures (``approved_figures``) and
    ``headline_ids`` the plan's headline metrics for the year, when the caller
    has read them (no query then)."""
    if metrics is None:
        metrics = list(public_metrics().order_by("code"))
    latest: dict[int, dict[str, tuple[str, dt.datetime]]] = defaultdict(dict)
    figures: Iterable[tuple[int, str, str, dt.datetime, dt.datetime | None]] = (
        MetricValue.objects.filter(
            metric__in=metrics,
            breakdown="",
            approval=MetricValue.Approval.APPROVED,
        )
        .order_by("metric_id", "period", "revision")
        .values_list(
            "metric_id", "period", "value_text", "entered_at", "submission__reviewed_at"
        )
        if approved is None
        else [
            (v.metric_id, v.period, v.value_text, v.entered_at, v.reviewed_at)  # type: ignore[attr-defined]
            for v in approved
            if not v.breakdown
        ]
    )
    for metric_id, period, value_text, entered_at, reviewed_at in figures:
        latest[metric_id][period] = (value_text, reviewed_at or entered_at)
    if headline_ids is None:
        headline_ids = set()
        if plan is not None and year:
            headline_ids = set(
                HeadlineMembership.objects.filter(
                    plan=plan, report_year=year
                ).values_list("metric_id", flat=True)
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
