"""Reads for the scorecard: the latest approved figures of metrics, assessed.

Every page, the API, ``assess`` and the annual report call ``metric_assessments``,
which loads what a set of metrics needs in a fixed number of queries, then calls the
pure engine (scorecard.domain.assessment) once per metric.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from coventry_pm.accounts.models import Role, Team, User
from coventry_pm.accounts.permissions import can_read_plan, is_member, teams_managed_by
from scorecard.domain.assessment import (
    Assessment,
    MetricRule,
    Observation,
    Summary,
    assess,
    comparison_period,
    summarise,
    summary_sentence,
)
from scorecard.domain.periods import Period
from scorecard.domain.targets import TargetKind, TargetRule
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Submission,
    Target,
)
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


def metric_rule(metric: Metric) -> MetricRule:
    """The parts of a metric's definition the engine reads."""
    scale = tuple(metric.ordinal_scale) if metric.ordinal_scale else None
    return MetricRule(
        direction=Direction(metric.good_direction),
        unit=metric.unit,
        similarity_band=metric.similarity_band,
        similarity_relative=metric.similarity_relative,
        confidence_level=metric.confidence_level,
        scale=scale,
        statistic=metric.statistic,
        seasonal=metric.seasonal,
    )


def target_rule(target: Target) -> TargetRule:
    """The stored, structured rule (the text is kept beside it, never re-guessed)."""
    return TargetRule(
        text=target.text,
        kind=TargetKind(target.kind),
        operator=target.operator or None,
        value=target.value,
        aim=target.aim or None,
        change_unit=target.change_unit or None,
        comparator=target.comparator_name or None,
        comparator_relation=target.comparator_relation or None,
        grade=target.grade or None,
        baseline_period=target.baseline_period or None,
        flag=target.flag or None,
        direction=Direction(target.direction) if target.direction else None,
    )


def observation(value: MetricValue | ComparatorValue) -> Observation:
    if isinstance(value, MetricValue):
        return Observation(
            period=value.period,
            text=value.value_text,
            number=value.value_number,
            numerator=value.numerator,
            denominator=value.denominator,
            lower_ci=value.lower_ci,
            upper_ci=value.upper_ci,
        )
    return Observation(
        period=value.period, text=value.value_text, number=value.value_number
    )


@dataclass(frozen=True)
class MetricAssessment:
    """One metric for one year: its figures, the calculated verdict, and the recorded
    one where somebody recorded it."""

    metric: Metric
    year: str
    period: str
    current: MetricValue | None
    previous: MetricValue | None
    target: Target | None
    comparator: ComparatorValue | None
    assessment: Assessment
    recorded: RecordedVerdict | None
    membership: HeadlineMembership | None

    @property
    def headline(self) -> bool:
        return self.membership is not None

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
        return self.progress_recorded or self.progress

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


def _latest_revisions(values: Iterable[MetricValue]) -> dict[str, MetricValue]:
    """period → the latest revision (values arrive ordered by revision)."""
    latest: dict[str, MetricValue] = {}
    for value in values:
        latest[value.period] = value
    return latest


def _period_in_year(periods: Iterable[str], year: Period) -> str | None:
    """The latest period of a year that has a figure (the year itself if it has)."""
    in_year = sorted(
        (Period.parse(p) for p in periods if Period.parse(p).year() == year),
        key=lambda p: p.end_date(),
    )
    if not in_year:
        return None
    if year in in_year:
        return str(year)
    return str(in_year[-1])


def _comparator_for(
    values: Sequence[ComparatorValue], name: str | None, period: Period
) -> ComparatorValue | None:
    """The named comparator's figure for the period, else its latest earlier one.

    "national", "national average" and "England" name the national comparator,
    whatever it is called here."""
    candidates = [
        v
        for v in values
        if _names_comparator(name, v.comparator)
        and Period.parse(v.period).end_date() <= period.end_date()
    ]
    if name is None:
        # The comparator column shows the first non-national comparator.
        candidates = [
            v for v in candidates if v.comparator.kind == v.comparator.Kind.COMPARATOR
        ]
    exact = [v for v in candidates if v.period == str(period)]
    if exact:
        return exact[-1]
    candidates.sort(key=lambda v: (Period.parse(v.period).end_date(), v.revision))
    return candidates[-1] if candidates else None


NATIONAL_NAMES = ("national", "england")


def _names_comparator(name: str | None, comparator: Comparator) -> bool:
    if name is None:
        return True
    wanted = name.casefold()
    if any(word in wanted for word in NATIONAL_NAMES):
        return comparator.kind == Comparator.Kind.NATIONAL
    return wanted == comparator.name.casefold() or wanted in comparator.name.casefold()


# A comparator's latest earlier figure is looked for this many years back at most.
COMPARATOR_YEARS = 5


def _in_years(first: Period, last: Period) -> Q:
    """Periods of the financial years ``first`` to ``last`` ("2024-25" sorts before
    "2024-25 Q1", which sorts before "2025-26"), in a form an index can use."""
    return Q(period__gte=str(first.year()), period__lt=str(last.year().next()))


def _baselines(targets: Iterable[Target]) -> Q:
    named = Q(pk__in=[])
    for target in targets:
        if target.baseline_period:
            named |= Q(metric_id=target.metric_id, period=target.baseline_period)
    return named


def metric_assessments(
    *,
    metrics: Iterable[Metric],
    year: str,
    plan: Plan | None = None,
    as_at: dt.datetime | None = None,
    draft: MetricValue | None = None,
    up_to: str | None = None,
) -> list[MetricAssessment]:
    """Assess each metric for the reporting year ``year`` ("2024-25"), or, with
    ``up_to`` ("2024-25 H1"), at that point in the year: periods ending later are
    left out, as they were not known then.

    Uses approved place values only (no breakdowns), the latest revision of each
    period (or the latest entered by ``as_at``), the metric's target for the period
    (or for its year), and the newest recorded verdict for the plan and year. A
    comparator with no figure for the period is read at its latest figure in the
    five years before.
    ``draft`` (a figure not yet approved) is assessed as its metric's figure for
    its period, which is how an officer sees the verdict before submitting.
    Runs six queries whatever the number of metrics.
    """
    metric_list = list(metrics)
    ids = [m.pk for m in metric_list]
    year_period = Period.parse(year)

    targets: dict[tuple[int, str], Target] = {
        (t.metric_id, t.period): t
        for t in Target.objects.filter(
            _in_years(year_period, year_period),
            metric_id__in=ids,
            status=Target.Status.AGREED,
        )
    }
    # The year and the one before (every comparison period falls in them), plus
    # any baseline a relative-change target names.
    value_filter = Q(metric_id__in=ids) & (
        _in_years(Period(year_period.year_start - 1), year_period)
        | _baselines(targets.values())
    )
    value_filter &= Q(breakdown="", approval=MetricValue.Approval.APPROVED)
    comparator_filter = Q(metric_id__in=ids) & _in_years(
        Period(year_period.year_start - COMPARATOR_YEARS + 1), year_period
    )
    # A verdict recorded for the year, or for the period within it being assessed.
    verdict_filter = Q(metric_id__in=ids) & _in_years(year_period, year_period)
    if as_at is not None:
        value_filter &= Q(entered_at__lte=as_at)
        comparator_filter &= Q(entered_at__lte=as_at)
        verdict_filter &= Q(recorded_at__lte=as_at)

    values_by_metric: dict[int, list[MetricValue]] = defaultdict(list)
    for value in MetricValue.objects.filter(value_filter).order_by(
        "metric_id", "period", "revision"
    ):
        values_by_metric[value.metric_id].append(value)

    comparators = {c.pk: c for c in Comparator.objects.all()}
    comparators_by_metric: dict[int, list[ComparatorValue]] = defaultdict(list)
    for cv in ComparatorValue.objects.filter(comparator_filter).order_by(
        "metric_id", "comparator__kind", "comparator__name", "revision"
    ):
        cv.comparator = comparators[cv.comparator_id]  # few comparators: no join
        comparators_by_metric[cv.metric_id].append(cv)

    verdicts: dict[tuple[int, str], RecordedVerdict] = {}
    if plan is not None:
        verdict_filter &= Q(plan=plan) | Q(plan__isnull=True)
    for verdict in RecordedVerdict.objects.filter(verdict_filter).order_by(
        "recorded_at", "id"
    ):
        verdicts[(verdict.metric_id, verdict.period)] = verdict  # the newest wins

    memberships: dict[int, HeadlineMembership] = {}
    if plan is not None:
        memberships = {
            hm.metric_id: hm
            for hm in HeadlineMembership.objects.filter(
                plan=plan, report_year=year, metric_id__in=ids
            ).select_related("priority", "objective")
        }

    results = []
    cut_off = Period.parse(up_to).end_date() if up_to else None
    for metric in metric_list:
        latest = _latest_revisions(values_by_metric.get(metric.pk, []))
        if cut_off is not None:
            latest = {
                p: v for p, v in latest.items() if Period.parse(p).end_date() <= cut_off
            }
        period_text = _period_in_year(latest, year_period) or year
        if draft is not None and draft.metric_id == metric.pk:
            latest[draft.period] = draft
            period_text = draft.period
        period = Period.parse(period_text)
        current = latest.get(period_text)
        previous = latest.get(comparison_period(period_text, seasonal=metric.seasonal))
        target = targets.get((metric.pk, period_text)) or targets.get(
            (metric.pk, str(period.year()))
        )
        rule = target_rule(target) if target else None
        baseline = None
        if rule is not None and rule.kind == TargetKind.RELATIVE_CHANGE:
            baseline = (
                latest.get(rule.baseline_period) if rule.baseline_period else previous
            )
        metric_comparators = comparators_by_metric.get(metric.pk, [])
        comparator_for_target = None
        if rule is not None and rule.kind == TargetKind.COMPARATOR:
            comparator_for_target = _comparator_for(
                metric_comparators, rule.comparator, period
            )
        assessment = assess(
            metric=metric_rule(metric),
            period=period_text,
            current=observation(current) if current else None,
            previous=observation(previous) if previous else None,
            target=rule,
            baseline=observation(baseline) if baseline else None,
            comparator=(
                observation(comparator_for_target) if comparator_for_target else None
            ),
        )
        results.append(
            MetricAssessment(
                metric=metric,
                year=year,
                period=period_text,
                current=current,
                previous=previous,
                target=target,
                comparator=comparator_for_target
                or _comparator_for(metric_comparators, None, period),
                assessment=assessment,
                recorded=verdicts.get((metric.pk, period_text))
                or verdicts.get((metric.pk, year)),
                membership=memberships.get(metric.pk),
            )
        )
    return results


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


def metric_with_history(code: str) -> QuerySet[Metric]:
    return Metric.objects.filter(code=code).prefetch_related(
        Prefetch("values", queryset=MetricValue.objects.order_by("period", "revision")),
        Prefetch(
            "comparator_values",
            queryset=ComparatorValue.objects.select_related("comparator").order_by(
                "comparator__name", "period", "revision"
            ),
        ),
        Prefetch("targets", queryset=Target.objects.order_by("period")),
        Prefetch(
            "recorded_verdicts",
            queryset=RecordedVerdict.objects.select_related(
                "recorded_by", "plan"
            ).order_by("-recorded_at"),
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
    earlier = [
        (
            y,
            summary_of(
                metric_assessments(
                    metrics=headline_metrics(plan=plan, year=y),
                    year=y,
                    plan=plan,
                    up_to=up_to(y),
                )
            ),
        )
        for y in earlier_years
        if not all_metrics
    ]
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
        return f"{self.metric.name}, {self.period}: {when}"


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
    """Submissions a person made, or of metrics in their service area."""
    scope = Q(created_by=user) | Q(metric__in=editable_metrics(user))
    return Submission.objects.filter(scope).select_related(
        "metric__team", "created_by", "reviewed_by"
    )


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


def trend_series(metric: Metric, *, draft: MetricValue | None = None) -> TrendData:
    values = MetricValue.objects.filter(
        metric=metric, breakdown="", approval=MetricValue.Approval.APPROVED
    ).order_by("period", "revision")
    latest = _latest_revisions(values)
    if draft is not None:
        latest[draft.period] = draft
    periods = _own_frequency(metric, latest)
    by_comparator: dict[str, dict[str, Decimal | None]] = defaultdict(dict)
    for cv in (
        ComparatorValue.objects.filter(metric=metric)
        .select_related("comparator")
        .order_by("comparator__kind", "comparator__name", "period", "revision")
    ):
        by_comparator[cv.comparator.name][cv.period] = cv.value_number
    comparators = []
    at_period_end = False
    for name, series in by_comparator.items():
        points, placed = _on_periods(periods, series)
        comparators.append((name, points))
        at_period_end = at_period_end or placed
    return TrendData(
        periods=periods,
        place=[(p, latest[p].value_number) for p in periods],
        place_values=[latest[p] for p in periods],
        comparators=comparators,
        comparators_at_period_end=at_period_end,
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
        Metric.objects.filter(team__in=team_list, status=Metric.Status.AGREED)
    )
    first_entered: dict[tuple[int, str], dt.datetime] = {}
    for metric_id, period_text, entered_at in (
        MetricValue.objects.filter(metric__in=metrics, breakdown="")
        .values_list("metric_id", "period", "entered_at")
        .order_by("entered_at")
    ):
        first_entered.setdefault((metric_id, period_text), entered_at)
    window_start = today - dt.timedelta(days=round(months * 365 / 12))
    counts: dict[int, list[int]] = {t.pk: [0, 0] for t in team_list}
    for metric in metrics:
        owed = Period.containing(today, metric.frequency).previous()
        tally = counts[metric.team_id]  # type: ignore[index]
        while True:
            due = owed.end_date() + dt.timedelta(days=metric.entry_lag_days)
            if due < window_start:
                break
            if due < today:
                entered = first_entered.get((metric.pk, str(owed)))
                tally[0] += 1
                if entered is not None and timezone.localdate(entered) <= due:
                    tally[1] += 1
            owed = owed.previous()
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
