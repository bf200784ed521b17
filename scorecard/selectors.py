"""Reads for the scorecard: metrics, their figures and their verdicts.

Every page, the API, ``assess``, exports and the annual report call
``metric_assessments``, which reads the stored CalculatedVerdict rows in a fixed
number of queries. The engine runs only in scorecard.calculation: when an input
changes (scorecard.services.verdicts), and for the preview of a figure not yet
approved (``metric_assessment_preview``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone

from coventry_pm.accounts.models import Role, Team, User
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_plan,
    is_member,
    teams_managed_by,
)
from scorecard import calculation
from scorecard.domain.assessment import (
    ENGINE_VERSION,
    Assessment,
    Summary,
    effective_direction,
    nothing_known,
    summarise,
    summary_sentence,
)
from scorecard.domain.periods import Period, frequency_of, period_label
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus
from scorecard.models import (
    CalculatedVerdict,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    Perspective,
    RecordedVerdict,
    Submission,
    Target,
)
from scorecard.permissions import can_edit_metric, can_enter_figures
from strategies.models import Objective, Plan, Priority


def metrics_visible_to(user: User) -> QuerySet[Metric]:
    """Metrics a person may read: all for staff and members, a partner's strategies'
    metrics for a partner, none otherwise."""
    metrics = Metric.objects.select_related("owner", "team", "portfolio")
    if can_read_plan(user):
        return metrics
    if is_member(user) and user.has_role(Role.PARTNER):
        return metrics.filter(
            Q(change_steps__strategy__board_members=user)
            | Q(action_plans__strategy__board_members=user)
        ).distinct()
    return metrics.none()


def of_visible_metrics(user: User) -> Q:
    """A filter on rows that belong to a metric: those of the metrics the person may
    read (``metrics_visible_to``), with no subquery for those who may read all."""
    if can_read_plan(user):
        return Q()
    return Q(metric__in=metrics_visible_to(user).values("pk"))


# Figures not yet approved (drafts, those awaiting approval or returned, and
# those withdrawn) are seen only by their author, the metric's other editors, its
# approvers and the performance administrator (DESIGN.md section 4). The approvers
# are the managers of the metric's service area, who are its editors too
# (``editable_metrics``). Pages and the API ask these three, never the roles.


def unapproved_value_visibility(user: User) -> Q:
    """A filter on figures not yet approved: those this person may see. Combine
    it with the approval (``value_visibility``); alone it matches approved ones
    too."""
    if not is_member(user):
        return Q(pk__in=[])
    if can_administer_performance(user):
        return Q()
    condition = Q(entered_by=user)
    if can_enter_figures(user):
        condition |= Q(metric__in=editable_metrics(user).values("pk"))
    return condition


def value_visibility(user: User) -> Q:
    """A filter on a metric's figures: the approved ones, and those not yet
    approved that this person may see (``unapproved_value_visibility``). It says
    nothing of the metric: ``values_visible_to`` adds that."""
    unapproved = unapproved_value_visibility(user)
    if not unapproved:  # Q() is everything, and ``Q(...) | Q()`` drops it
        return Q()
    return Q(approval=MetricValue.Approval.APPROVED) | unapproved


def values_visible_to(user: User) -> QuerySet[MetricValue]:
    """The figures a person may see: of the metrics they may read
    (``of_visible_metrics``), the approved ones and the unapproved ones the rule
    above allows them."""
    return MetricValue.objects.filter(of_visible_metrics(user)).filter(
        value_visibility(user)
    )


def sees_unapproved_values(
    user: User, metric: Metric, *, edits: bool | None = None
) -> bool:
    """Whether every unapproved figure of ``metric`` is this person's to see: the
    performance administrator, and the metric's editors and approvers. (Its
    authors see their own: ``unapproved_value_visibility``.) ``edits``: what
    ``can_edit_metric`` answered, when the caller asked it already."""
    if can_administer_performance(user):
        return True
    return can_edit_metric(user, metric) if edits is None else edits


@dataclass(frozen=True)
class FigureShown:
    """A figure as a list shows it, copied onto the stored verdict that used it."""

    period: str
    value_text: str
    value_number: Decimal | None


@dataclass(frozen=True)
class TargetShown:
    """A target's rule as a list shows it, copied onto the stored verdict."""

    text: str
    kind: str
    value: Decimal | None
    flag: str


@dataclass(frozen=True)
class ComparatorShown:
    name: str
    kind: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ComparatorFigureShown:
    """The comparator's figure shown beside the metric's, copied onto the verdict."""

    comparator: ComparatorShown
    period: str
    value_text: str
    value_number: Decimal | None


@dataclass(frozen=True)
class MetricAssessment:
    """One metric for one year: its figures, the calculated verdict, and the recorded
    one where somebody recorded it.

    ``stale`` says the stored verdict awaits a rebuild (an input changed, or the
    engine's rules did), so a page can say it is being recalculated."""

    metric: Metric
    year: str
    period: str
    # What the verdict used: copies kept on the stored verdict (the model rows
    # themselves for a preview), with the fields every reader shows.
    current: FigureShown | MetricValue | None
    previous: FigureShown | MetricValue | None
    target: TargetShown | Target | None
    comparator: ComparatorFigureShown | ComparatorValue | None
    assessment: Assessment
    recorded: RecordedVerdict | None
    membership: HeadlineMembership | None
    stale: bool = False
    # The recent trend and the variation stored with the verdict (see
    # scorecard.domain.readings): JSON, keyed "trend" and "variation".
    readings: dict[str, Any] = field(default_factory=dict)

    @property
    def headline(self) -> bool:
        return self.membership is not None

    @property
    def trend(self) -> dict[str, Any] | None:
        """The recent trend of an annual series (method, outcome, label, code,
        reason), when one was worked out."""
        return self.readings.get("trend")

    @property
    def variation(self) -> dict[str, Any] | None:
        """The control chart's reading of a monthly or quarterly series."""
        return self.readings.get("variation")

    @property
    def priority(self) -> Priority | None:
        return self.membership.priority if self.membership else None

    @property
    def objective(self) -> Objective | None:
        return self.membership.objective if self.membership else None

    @property
    def progress(self) -> Progress:
        return self.assessment.progress

    @property
    def target_status(self) -> TargetStatus:
        return self.assessment.target_status

    @property
    def progress_recorded(self) -> Progress | None:
        if self.recorded and self.recorded.progress:
            return Progress(self.recorded.progress)
        return None

    @property
    def target_status_recorded(self) -> TargetStatus | None:
        if self.recorded and self.recorded.target_status:
            return TargetStatus(self.recorded.target_status)
        return None

    @property
    def progress_shown(self) -> Progress:
        return shown_progress(self.recorded, self.progress)

    @property
    def target_status_shown(self) -> TargetStatus:
        return self.target_status_recorded or self.target_status

    @property
    def disagrees(self) -> bool:
        """The recorded verdict differs from what the rules calculate."""
        return (
            self.progress_recorded is not None
            and self.progress_recorded != self.progress
        ) or (
            self.target_status_recorded is not None
            and self.target_status_recorded != self.target_status
        )


def shown_progress(recorded: RecordedVerdict | None, calculated: str) -> Progress:
    """The progress a list shows and counts: the recorded verdict where somebody
    recorded one, the calculated verdict otherwise."""
    if recorded is not None and recorded.progress:
        return Progress(recorded.progress)
    return Progress(calculated)


def _stored_assessment(verdict: Any) -> Assessment:
    """The engine's value object, rebuilt from what was stored (no engine run)."""
    return Assessment(
        progress=Progress(verdict.progress),
        progress_reason=verdict.progress_reason,
        target_status=TargetStatus(verdict.target_status),
        target_reason=verdict.target_reason,
        direction=Direction(verdict.direction),
        comparator_period=verdict.comparator_period or None,
        flags=tuple(verdict.flags),
        progress_code=verdict.progress_code,
        target_code=verdict.target_code,
        method=verdict.method,
    )


def _recorded(
    ids: Collection[int], first: str, last: str, plan: Plan | None
) -> dict[tuple[int, str], RecordedVerdict]:
    """The newest recorded verdict of each metric and period in the years ``first``
    to ``last``, for the plan (or for no plan)."""
    verdict_filter = Q(metric_id__in=ids, withdrawn_at__isnull=True) & (
        calculation.in_years(Period.parse(first), Period.parse(last))
    )
    if plan is not None:
        verdict_filter &= Q(plan=plan) | Q(plan__isnull=True)
    verdicts: dict[tuple[int, str], RecordedVerdict] = {}
    for verdict in RecordedVerdict.objects.filter(verdict_filter).order_by(
        "recorded_at", "id"
    ):
        verdicts[(verdict.metric_id, verdict.period)] = verdict  # the newest wins
    return verdicts


def _recorded_for(
    verdicts: dict[tuple[int, str], RecordedVerdict],
    metric_id: int,
    period: str,
    year: str,
) -> RecordedVerdict | None:
    """The recorded verdict that stands beside a calculated one: recorded for the
    period assessed, or for the year."""
    return verdicts.get((metric_id, period)) or verdicts.get((metric_id, year))


def _recorded_and_memberships(
    ids: Sequence[int],
    year: str,
    plan: Plan | None,
    memberships: dict[int, HeadlineMembership] | None = None,
) -> tuple[dict[tuple[int, str], RecordedVerdict], dict[int, HeadlineMembership]]:
    """The newest recorded verdict of each metric and period in the year (for the
    plan, or for no plan), and the plan's headline memberships for the year (with
    their priority and objective, in the same query), unless the caller read them."""
    verdicts = _recorded(ids, year, year, plan)
    if memberships is None:
        memberships = {}
        if plan is not None:
            memberships = {
                hm.metric_id: hm
                for hm in HeadlineMembership.objects.filter(
                    plan=plan, report_year=year, metric_id__in=ids
                )
                .select_related("priority", "objective")
                .order_by()
            }
    return verdicts, memberships


def headline_memberships(
    *, plan: Plan, year: str, agreed_only: bool = False, public: bool = False
) -> list[HeadlineMembership]:
    """The plan's headline memberships for a report year, in the plan's order,
    each with its metric, priority and objective read in the same query. With
    ``agreed_only``, agreed metrics only; ``public`` reads no owner, team or
    portfolio (the live pages name none)."""
    related = ["metric", "priority", "objective"]
    if not public:
        related += ["metric__owner", "metric__team", "metric__portfolio"]
    memberships = HeadlineMembership.objects.filter(plan=plan, report_year=year)
    if agreed_only:
        memberships = memberships.filter(metric__status=Metric.Status.AGREED)
    return list(memberships.select_related(*related).order_by("sort_order", "id"))


def headline_assessments(
    *,
    plan: Plan,
    year: str,
    agreed_only: bool = False,
    public: bool = False,
    up_to: str | None = None,
) -> list[MetricAssessment]:
    """``metric_assessments`` of the plan's headline metrics for the year, in the
    plan's order: three queries (the memberships with their metrics, the stored
    verdicts, the recorded ones)."""
    memberships = headline_memberships(
        plan=plan, year=year, agreed_only=agreed_only, public=public
    )
    return metric_assessments(
        metrics=[hm.metric for hm in memberships],
        year=year,
        plan=plan,
        up_to=up_to,
        memberships={hm.metric_id: hm for hm in memberships},
    )


# What metric_assessments shows of a stored verdict: every column but its id, the
# time it was worked out, and the comparator figure the target was tested
# against (CalculatedVerdict's needs_rebuild is worked out from stale and
# engine_version).
_SHOWN_VERDICT_FIELDS = tuple(
    field.attname
    for field in CalculatedVerdict._meta.concrete_fields
    if field.attname not in {"id", "calculated_at", "comparator_value_id"}
)


def metric_assessments(
    *,
    metrics: Iterable[Metric],
    year: str,
    plan: Plan | None = None,
    up_to: str | None = None,
    memberships: dict[int, HeadlineMembership] | None = None,
) -> list[MetricAssessment]:
    """Each metric's stored verdict for the reporting year ``year`` ("2024-25"),
    or, with ``up_to`` ("2024-25 H1"), at the first half of it, with the figures it
    used, the newest recorded verdict for the plan and year, and the plan's
    headline membership. Never runs the engine: the verdicts were worked out when
    their inputs changed (scorecard.services.verdicts), and shown from what they
    copied of the figures they used, with no joins. Three queries whatever the
    number of metrics (two when the caller passes the plan's ``memberships``, as
    ``headline_assessments`` does).
    """
    metric_list = list(metrics)
    ids = [m.pk for m in metric_list]
    point = calculation.reporting_point(year, up_to)
    stored = {
        v.metric_id: v
        for v in CalculatedVerdict.objects.filter(metric_id__in=ids, period=point)
        # A dictionary: the model's order would join the metrics to sort them.
        .order_by()
        # Named rows, not model instances: a tidy export reads 20,000 of them.
        .values_list(*_SHOWN_VERDICT_FIELDS, named=True)
    }
    verdicts, memberships = _recorded_and_memberships(ids, year, plan, memberships)
    results = []
    for metric in metric_list:
        verdict = stored.get(metric.pk)
        if verdict is None:
            # Neither a figure nor a target in the year: nothing was stored.
            direction = effective_direction(calculation.metric_rule(metric), None)
            results.append(
                MetricAssessment(
                    metric=metric,
                    year=year,
                    period=year,
                    current=None,
                    previous=None,
                    target=None,
                    comparator=None,
                    assessment=nothing_known(year, direction),
                    recorded=_recorded_for(verdicts, metric.pk, year, year),
                    membership=memberships.get(metric.pk),
                )
            )
            continue
        period = verdict.assessed_period or point
        results.append(
            MetricAssessment(
                metric=metric,
                year=year,
                period=period,
                current=_figure(
                    verdict.current_value_id,
                    verdict.current_period,
                    verdict.current_text,
                    verdict.current_number,
                ),
                previous=_figure(
                    verdict.previous_value_id,
                    verdict.previous_period,
                    verdict.previous_text,
                    verdict.previous_number,
                ),
                target=TargetShown(
                    text=verdict.target_text,
                    kind=verdict.target_kind,
                    value=verdict.target_value,
                    flag=verdict.target_flag,
                )
                if verdict.target_id
                else None,
                comparator=ComparatorFigureShown(
                    comparator=ComparatorShown(
                        verdict.shown_comparator_name, verdict.shown_comparator_kind
                    ),
                    period=verdict.shown_comparator_period,
                    value_text=verdict.shown_comparator_text,
                    value_number=verdict.shown_comparator_number,
                )
                if verdict.shown_comparator_value_id
                else None,
                assessment=_stored_assessment(verdict),
                recorded=_recorded_for(verdicts, metric.pk, period, year),
                membership=memberships.get(metric.pk),
                stale=verdict.stale or verdict.engine_version != ENGINE_VERSION,
                readings=verdict.details or {},
            )
        )
    return results


def _figure(
    pk: int | None, period: str, text: str, number: Decimal | None
) -> FigureShown | None:
    return FigureShown(period, text, number) if pk else None


def metric_assessment_preview(
    *, metric: Metric, year: str, draft: MetricValue, plan: Plan | None = None
) -> MetricAssessment:
    """The verdict a figure not yet approved would get, worked out now: one of the
    two places the engine runs on request (data entry and the approvals queue)."""
    found = calculation.calculate_for_year([metric], year=year, draft=draft)[0]
    verdicts, memberships = _recorded_and_memberships([metric.pk], year, plan)
    return MetricAssessment(
        metric=metric,
        year=year,
        period=found.period,
        current=found.current,
        previous=found.previous,
        target=found.target,
        comparator=found.comparator_shown,
        assessment=found.assessment,
        recorded=_recorded_for(verdicts, metric.pk, found.period, year),
        membership=memberships.get(metric.pk),
        readings=found.readings,
    )


def verdicts_pending(rows: Iterable[MetricAssessment]) -> bool:
    """Some of these verdicts await a rebuild on the worker."""
    return any(row.stale for row in rows)


def headline_metrics(*, plan: Plan, year: str) -> QuerySet[Metric]:
    """The plan's headline metrics for a report year, in the plan's order."""
    return (
        Metric.objects.filter(
            headline_memberships__plan=plan, headline_memberships__report_year=year
        )
        .select_related("owner", "team", "portfolio")
        .order_by("headline_memberships__sort_order")
    )


def summary_of(rows: Iterable[MetricAssessment]) -> Summary:
    """Counts of the verdict shown (recorded where there is one)."""
    return summarise(row.progress_shown for row in rows)


def by_perspective(rows: Sequence[MetricAssessment]) -> list[dict[str, Any]]:
    """The rows of each perspective of the balanced scorecard, with the counts of
    each progress and target status shown and the headline sentence."""
    result = []
    for key, label in Perspective.choices:
        in_perspective = [r for r in rows if r.metric.perspective == key]
        progress = Counter(r.progress_shown for r in in_perspective)
        status = Counter(r.target_status_shown for r in in_perspective)
        result.append(
            {
                "key": key,
                "label": label,
                "rows": in_perspective,
                "sentence": summary_sentence(summary_of(in_perspective)),
                "progress_counts": [(p, progress[p]) for p in Progress],
                "target_counts": [(t, status[t]) for t in TargetStatus],
            }
        )
    return result


def by_priority(
    rows: Sequence[MetricAssessment], priorities: Iterable[Priority]
) -> list[dict[str, Any]]:
    """The rows of each priority (through the plan's headline memberships), with
    their summary and headline sentence."""
    result = []
    for priority in priorities:
        priority_rows = [r for r in rows if r.priority == priority]
        summary = summary_of(priority_rows)
        result.append(
            {
                "priority": priority,
                "rows": priority_rows,
                "summary": summary,
                "sentence": summary_sentence(summary),
            }
        )
    return result


def headline_counts(
    *, plan: Plan, years: Collection[str], half: str = "", agreed_only: bool = False
) -> dict[str, Summary]:
    """The headline counts of each of the plan's report ``years`` (at that ``half``
    of each, "H1", when given): what ``summary_of`` gives for the year's headline
    rows, read without building them. Three queries, however many years and
    metrics; a year with no headline metrics counts nothing. With ``agreed_only``,
    agreed metrics only (the live pages)."""
    if not years:
        return {}
    memberships = HeadlineMembership.objects.filter(plan=plan, report_year__in=years)
    if agreed_only:
        memberships = memberships.filter(metric__status=Metric.Status.AGREED)
    pairs = list(memberships.order_by().values_list("metric_id", "report_year"))
    ids = {metric_id for metric_id, _ in pairs}
    points = {
        calculation.reporting_point(y, f"{y} {half}" if half else None): y
        for y in years
    }
    calculated = {
        (metric_id, points[point]): (progress, assessed or point)
        for metric_id, point, progress, assessed in CalculatedVerdict.objects.filter(
            metric_id__in=ids, period__in=points
        )
        .order_by()
        .values_list("metric_id", "period", "progress", "assessed_period")
    }
    recorded = _recorded(ids, min(years), max(years), plan)
    shown: dict[str, list[Progress]] = {y: [] for y in years}
    for metric_id, year in pairs:
        progress, period = calculated.get(
            (metric_id, year), (Progress.NOT_AVAILABLE, year)
        )
        shown[year].append(
            shown_progress(_recorded_for(recorded, metric_id, period, year), progress)
        )
    return {year: summarise(progress) for year, progress in shown.items()}


def metric_with_history(code: str) -> QuerySet[Metric]:
    return Metric.objects.filter(code=code).prefetch_related(
        Prefetch("values", queryset=MetricValue.objects.order_by("period", "revision")),
        Prefetch(
            "comparator_values",
            queryset=ComparatorValue.objects.filter(withdrawn_at__isnull=True)
            .select_related("comparator")
            .order_by("comparator__name", "period", "revision"),
        ),
        Prefetch("targets", queryset=Target.objects.order_by("period")),
        Prefetch(
            "recorded_verdicts",
            queryset=RecordedVerdict.objects.filter(withdrawn_at__isnull=True)
            .select_related("recorded_by", "plan")
            .order_by("-recorded_at"),
        ),
    )


def plan_covering(year: str, period: str | None = None) -> Plan:
    """The plan named by its period ("2022-30"), or the newest plan covering the
    year. Raises Plan.DoesNotExist with no match."""
    if period:
        named = Plan.objects.filter(period=period).order_by("-version").first()
        if named is None:
            raise Plan.DoesNotExist(f"No plan has the period {period}.")
        return named
    plans = Plan.objects.exclude(status=Plan.Status.DRAFT).order_by(
        "-start_year", "-version"
    )
    year_start = Period.parse(year).year_start
    for plan in plans:
        if plan.covers(year_start):
            return plan
    raise Plan.DoesNotExist(f"No plan covers {year}.")


@dataclass(frozen=True)
class HeadlineSummary:
    year: str
    summary: Summary
    sentence: str
    rows: list[MetricAssessment]
    earlier: list[tuple[str, Summary]]  # the plan's earlier report years, oldest first


def headline_summary(
    *, plan: Plan, year: str, all_metrics: bool = False, half: str = ""
) -> HeadlineSummary:
    """The headline summary of DESIGN.md section 2 for a plan and year, its sentence
    compared with the plan's earlier report years. With ``half`` ("H1"), at that
    half of each year."""
    metrics = (
        Metric.objects.all() if all_metrics else headline_metrics(plan=plan, year=year)
    )

    def up_to(y: str) -> str | None:
        return f"{y} {half}" if half else None

    rows = metric_assessments(metrics=metrics, year=year, plan=plan, up_to=up_to(year))
    summary = summary_of(rows)
    earlier_years = sorted(
        set(
            HeadlineMembership.objects.filter(plan=plan, report_year__lt=year)
            .order_by()
            .values_list("report_year", flat=True)
            .distinct()
        )
    )
    earlier = (
        []
        if all_metrics
        else list(headline_counts(plan=plan, years=earlier_years, half=half).items())
    )
    return HeadlineSummary(
        year=year,
        summary=summary,
        sentence=summary_sentence(
            summary, earlier=[(y.replace("-", "/"), s) for y, s in earlier]
        ),
        rows=rows,
        earlier=earlier,
    )


# Data entry: what is due, what waits for approval.


@dataclass(frozen=True)
class DueItem:
    """A figure an officer owes: the period, when it was due, and any submission of
    it that is still open (a draft, or one returned to them)."""

    metric: Metric
    period: str
    due_date: dt.date
    days_overdue: int  # negative: days left
    submission: Submission | None

    @property
    def state(self) -> str:
        if self.submission is not None and (
            self.submission.status == Submission.Status.RETURNED
        ):
            return "returned"
        return "overdue" if self.days_overdue > 0 else "due"

    def describe(self) -> str:
        when = (
            f"overdue by {self.days_overdue} day{'s' if self.days_overdue != 1 else ''}"
            if self.days_overdue > 0
            else f"due by {self.due_date:%-d %B %Y}"
        )
        if self.state == "returned":
            when = "returned to you"
        return f"{self.metric.name}, {period_label(self.period)}: {when}"


def editable_metrics(user: User) -> QuerySet[Metric]:
    """Metrics a person enters figures for: their own and their team's (officers),
    their service area's (managers)."""
    scope = Q(pk__in=[])
    if user.has_role(Role.OFFICER):
        scope |= Q(owner=user)
        if user.team_id:
            scope |= Q(team_id=user.team_id)
    if user.has_role(Role.MANAGER):
        scope |= Q(team__in=Team.objects.filter(teams_managed_by(user)))
    return Metric.objects.filter(scope).select_related("team", "owner", "portfolio")


def data_due_for(user: User, *, today: dt.date) -> list[DueItem]:
    """For each agreed metric the person owns or their team owns: the last two
    periods that have ended (one for annual metrics), unless an approved or
    submitted figure exists for them; plus anything returned. Most overdue first."""
    metrics = list(editable_metrics(user).filter(status=Metric.Status.AGREED))
    if user.has_role(Role.OFFICER) and not user.has_role(Role.MANAGER):
        metrics = [m for m in metrics if m.owner_id in (None, user.pk)]
    wanted: dict[tuple[int, str], Metric] = {}
    for metric in metrics:
        period = Period.containing(today, metric.frequency).previous()
        for _ in range(1 if metric.frequency == "annual" else 2):
            wanted[(metric.pk, str(period))] = metric
            period = period.previous()
    ids = {m.pk for m in metrics}
    done = set(
        MetricValue.objects.filter(
            metric_id__in=ids,
            breakdown="",
            approval__in=[
                MetricValue.Approval.APPROVED,
                MetricValue.Approval.SUBMITTED,
            ],
        ).values_list("metric_id", "period")
    )
    open_submissions = {
        (s.metric_id, s.period): s
        for s in Submission.objects.filter(
            metric_id__in=ids,
            status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED],
        )
    }
    items = []
    for (metric_id, period_text), metric in wanted.items():
        submission = open_submissions.pop((metric_id, period_text), None)
        if (metric_id, period_text) in done and submission is None:
            continue
        due = Period.parse(period_text).end_date() + dt.timedelta(
            days=metric.entry_lag_days
        )
        items.append(DueItem(metric, period_text, due, (today - due).days, submission))
    for (metric_id, period_text), submission in open_submissions.items():
        metric = next(m for m in metrics if m.pk == metric_id)
        due = Period.parse(period_text).end_date() + dt.timedelta(
            days=metric.entry_lag_days
        )
        items.append(DueItem(metric, period_text, due, (today - due).days, submission))
    items.sort(key=lambda item: (item.state != "returned", -item.days_overdue))
    return items


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    """Submissions a person made, or of metrics they edit or approve (officers:
    their own and their team's; managers: their service area's). The performance
    administrator sees their figures (``unapproved_value_visibility``) but not the
    submissions, which are the officers' and approvers' work (the access matrix
    declares a 404)."""
    submissions = Submission.objects.select_related(
        "metric__team", "created_by", "reviewed_by"
    )
    if not is_member(user):
        return submissions.none()
    scope = Q(created_by=user)
    if can_enter_figures(user):
        scope |= Q(metric__in=editable_metrics(user))
    return submissions.filter(scope)


def approval_queue(user: User) -> QuerySet[Submission]:
    """Submissions awaiting this manager's approval: their service area's, never
    their own."""
    if not user.has_role(Role.MANAGER):
        return Submission.objects.none()
    teams = Team.objects.filter(teams_managed_by(user))
    return (
        Submission.objects.filter(
            status=Submission.Status.SUBMITTED, metric__team__in=teams
        )
        .exclude(created_by=user)
        .select_related("metric__team", "created_by")
        .order_by("submitted_at")
    )


@dataclass(frozen=True)
class TrendData:
    """A metric's figures over time: the latest approved revision of each period
    (plus a draft being entered), and each comparator's, on the same periods."""

    periods: list[str]
    place: list[tuple[str, Decimal | None]]
    place_values: list[MetricValue]
    comparators: list[tuple[str, list[tuple[str, Decimal | None]]]]
    # True when a comparator figure stands at the last period of a longer one (an
    # annual figure at Q4 of a quarterly metric), so the page can say so.
    comparators_at_period_end: bool = False
    # Each comparator's figures at their own periods, oldest first: what the charts
    # draw, so an annual comparator is never set beside a quarter (issue 18).
    comparators_own: list[tuple[str, list[tuple[str, Decimal | None]]]] = field(
        default_factory=list
    )
    # The place's approved figures published for whole years, when the metric's
    # own periods are shorter (an outturn beside the quarters): its yearly figure.
    place_years: list[tuple[str, Decimal | None]] = field(default_factory=list)


def _on_periods(
    periods: Sequence[str], figures: dict[str, Decimal | None]
) -> tuple[list[tuple[str, Decimal | None]], bool]:
    """A comparator's figures on the place's periods: the figure for the same
    period, else one for a longer period ending on the same day (comparators
    publish annual figures; a quarterly metric shows each at its year's Q4).
    Also says whether any figure was placed that way."""
    by_end: dict[dt.date, Decimal | None] = {}
    for period, number in figures.items():
        with suppress(ValueError):
            by_end[Period.parse(period).end_date()] = number
    points: list[tuple[str, Decimal | None]] = []
    placed = False
    for period in periods:
        if period in figures:
            points.append((period, figures[period]))
            continue
        try:
            number = by_end.get(Period.parse(period).end_date())
        except ValueError:
            number = None
        placed = placed or number is not None
        points.append((period, number))
    return points, placed


def trend_series(
    metric: Metric,
    *,
    draft: MetricValue | None = None,
    approved: Sequence[MetricValue] | None = None,
) -> TrendData:
    """The metric's trend. ``approved``: its approved figures (any breakdown),
    ordered by period and revision, when the caller has read them already."""
    values: Iterable[MetricValue]
    if approved is None:
        values = MetricValue.objects.filter(
            metric=metric, breakdown="", approval=MetricValue.Approval.APPROVED
        ).order_by("period", "revision")
    else:
        values = [v for v in approved if not v.breakdown]
    latest = calculation.latest_revisions(values)
    if draft is not None:
        latest[draft.period] = draft
    periods = _own_frequency(metric, latest)
    by_comparator: dict[str, dict[str, Decimal | None]] = defaultdict(dict)
    for name, period, number in (
        ComparatorValue.objects.filter(metric=metric, withdrawn_at__isnull=True)
        .order_by("comparator__kind", "comparator__name", "period", "revision")
        .values_list("comparator__name", "period", "value_number")
    ):
        by_comparator[name][period] = number
    comparators = []
    at_period_end = False
    for name, series in by_comparator.items():
        points, placed = _on_periods(periods, series)
        comparators.append((name, points))
        at_period_end = at_period_end or placed
    comparators_own = [
        (name, [(p, series[p]) for p in _by_end(series)])
        for name, series in by_comparator.items()
    ]
    return TrendData(
        periods=periods,
        place=[(p, latest[p].value_number) for p in periods],
        place_values=[latest[p] for p in periods],
        comparators=comparators,
        comparators_at_period_end=at_period_end,
        comparators_own=comparators_own,
        place_years=[
            (p, value.value_number)
            for p, value in latest.items()
            if p not in periods
            and value.approval == MetricValue.Approval.APPROVED
            and frequency_of(p) == Metric.Frequency.ANNUAL
        ],
    )


# Dashboards.


def years_with_figures(metrics: QuerySet[Metric]) -> list[str]:
    """The financial years in which any of ``metrics`` has an approved figure,
    newest first, in one query."""
    periods = (
        MetricValue.objects.filter(
            metric__in=metrics, approval=MetricValue.Approval.APPROVED
        )
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    years = set()
    for period in periods:
        with suppress(ValueError):
            years.add(str(Period.parse(period).year()))
    return sorted(years, reverse=True)


def _by_end(periods: Iterable[str]) -> list[str]:
    """The periods that can be read, by the day they end (the longer first)."""
    readable = []
    for period in periods:
        with suppress(ValueError):
            parsed = Period.parse(period)
            readable.append((parsed.end_date(), -len(period), period))
    return [p for *_, p in sorted(readable)]


def _own_frequency(metric: Metric, periods: Iterable[str]) -> list[str]:
    """The periods of the metric's own frequency (a quarterly metric's quarters,
    not its annual totals), oldest first; all of them if it has none of those."""
    ordered = sorted(periods, key=lambda p: Period.parse(p).end_date())
    own = [p for p in ordered if Period.parse(p).frequency == metric.frequency]
    return own or ordered


def sparklines(
    metrics: Iterable[Metric], *, last: int = 8
) -> dict[int, list[tuple[str, Decimal | None]]]:
    """The last few approved place figures of each metric, oldest first, in one
    query (periods of the metric's own frequency, latest revisions)."""
    by_id = {m.pk: m for m in metrics}
    latest: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for metric_id, period, number in (
        MetricValue.objects.filter(
            metric_id__in=list(by_id),
            breakdown="",
            approval=MetricValue.Approval.APPROVED,
        )
        .order_by("metric_id", "period", "revision")
        .values_list("metric_id", "period", "value_number")
    ):
        latest[metric_id][period] = number
    return {
        metric_id: [
            (p, by_period[p]) for p in _own_frequency(by_id[metric_id], by_period)
        ][-last:]
        for metric_id, by_period in latest.items()
    }


@dataclass(frozen=True)
class TeamHealth:
    """Data-collection health: of the figures a team owed in the last year, how
    many arrived by their due date."""

    team: Team
    due: int
    on_time: int

    @property
    def percent(self) -> int | None:
        if not self.due:
            return None
        return int(
            Decimal(100 * self.on_time / self.due).quantize(Decimal(1), "ROUND_HALF_UP")
        )


def data_collection_health(
    teams: Iterable[Team], *, today: dt.date, months: int = 12
) -> list[TeamHealth]:
    """For each team: figures whose due date fell in the last ``months`` months, and
    how many were first entered (any revision) on or before it."""
    team_list = list(teams)
    metrics = list(
        Metric.objects.filter(team__in=team_list, status=Metric.Status.AGREED).only(
            "pk", "team_id", "frequency", "entry_lag_days"
        )
    )
    window_start = today - dt.timedelta(days=round(months * 365 / 12))
    owed_figures: list[tuple[Metric, str, dt.date]] = []
    for metric in metrics:
        owed = Period.containing(today, metric.frequency).previous()
        while True:
            due = owed.end_date() + dt.timedelta(days=metric.entry_lag_days)
            if due < window_start:
                break
            if due < today:
                owed_figures.append((metric, str(owed), due))
            owed = owed.previous()
    # When each figure owed was first entered (any revision), in one query of the
    # window's periods only.
    first_entered = {
        (row["metric_id"], row["period"]): row["first"]
        for row in MetricValue.objects.filter(
            metric_id__in=[m.pk for m in metrics],
            period__in={period for _, period, _ in owed_figures},
            breakdown="",
        )
        .order_by()
        .values("metric_id", "period")
        .annotate(first=Min("entered_at"))
    }
    counts: dict[int, list[int]] = {t.pk: [0, 0] for t in team_list}
    for metric, period, due in owed_figures:
        tally = counts[metric.team_id]  # type: ignore[index]
        entered = first_entered.get((metric.pk, period))
        tally[0] += 1
        if entered is not None and timezone.localdate(entered) <= due:
            tally[1] += 1
    return [TeamHealth(t, *counts[t.pk]) for t in team_list]


@dataclass(frozen=True)
class Inequality:
    """The spread of a metric across the groups of one breakdown in one period."""

    metric: Metric
    dimension: str
    period: str
    groups: list[MetricValue]  # best first, by the metric's good direction

    @property
    def best(self) -> MetricValue:
        return self.groups[0]

    @property
    def worst(self) -> MetricValue:
        return self.groups[-1]

    @property
    def gap(self) -> Decimal | None:
        if self.best.value_number is None or self.worst.value_number is None:
            return None
        return abs(self.best.value_number - self.worst.value_number)


def inequalities(metrics: Iterable[Metric], *, year: str) -> list[Inequality]:
    """For each metric and breakdown, the groups of the latest period in the year
    with figures, ordered best to worst. One query."""
    metric_list = list(metrics)
    by_key: dict[tuple[int, str], dict[str, dict[str, MetricValue]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    year_period = Period.parse(year)
    for value in (
        MetricValue.objects.filter(
            metric__in=metric_list,
            approval=MetricValue.Approval.APPROVED,
            period__startswith=year,
            value_number__isnull=False,
        )
        .exclude(breakdown="")
        .order_by("revision")
    ):
        if Period.parse(value.period).year() == year_period:
            by_key[(value.metric_id, value.breakdown)][value.period][
                value.breakdown_group
            ] = value
    found = []
    for metric in metric_list:
        for (metric_id, dimension), periods in sorted(by_key.items()):
            if metric_id != metric.pk:
                continue
            period = max(periods, key=lambda p: Period.parse(p).end_date())
            groups = sorted(
                periods[period].values(),
                key=lambda v: v.value_number or Decimal(0),
                reverse=metric.good_direction != Direction.DOWN,
            )
            if len(groups) > 1:
                found.append(Inequality(metric, dimension, period, groups))
    return found
