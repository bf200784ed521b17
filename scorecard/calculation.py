"""Running the assessment engine on the database's figures: the one module that does.

Three callers may use it, and no others (a test makes the engine raise everywhere
else):

- ``scorecard.services.verdicts``, which stores what it finds as CalculatedVerdict
  rows whenever an input changes;
- the preview of a figure that is not yet approved (data entry and the approvals
  queue), through ``scorecard.selectors.metric_assessment_preview``;
- the import dry run, which refreshes verdicts inside a transaction it rolls back.

Every other reader reads the stored verdicts (``scorecard.selectors``).

What is assessed is a *reporting point*: a financial year ("2024-25"), or the
first half of one ("2024-25 H1", for the half-year report), when periods ending
later were not yet known. The period assessed is the latest one of the point's
year that has an approved figure by then (the year itself if it has one).

**A target against a group** ("Better than statistical neighbours", issue 19): when
the target's comparator words name a comparator group (``group_named``) and the
group has a stored standing for the metric and the period assessed, the target is
tested against the group's figure for that period, from the version of the group
in force for the period's year (the standing was worked out with that version):
its published figure where it has one (``Standing.published_number``), otherwise
the members' mean. The mean, not the median: a council's "average of statistical
neighbours" (LG Inform's, the Department for Education's) is the mean of the
members' figures, and so is the benchmark a standing compares with. The target's
reason names the group, its version and the figure used, and the verdict keeps
them in ``details["group"]``. Where the group has no standing for the period (no
member has a figure, or the words name a comparator with no members), the
comparator's published figure is used as before: its figure for the period, else
its latest earlier one. An analysis "as at" a past moment (``as_at``) uses the
published figures only: standings keep no history.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

from scorecard.benchmarking import group_named
from scorecard.domain.assessment import (
    COMPARISON_REACH,
    Assessment,
    MetricRule,
    Observation,
    assess,
    comparison_periods,
)
from scorecard.domain.groups import names_group
from scorecard.domain.periods import ANNUAL, HALF_YEAR, Period
from scorecard.domain.readings import TREND_YEARS, MethodChoice, readings
from scorecard.domain.targets import TargetKind, TargetRule
from scorecard.domain.values import ValueKind, is_percentage_unit, parse_value
from scorecard.domain.vocabulary import Direction, TargetStatus
from scorecard.models import (
    Comparator,
    ComparatorGroup,
    ComparatorValue,
    Metric,
    MetricValue,
    Standing,
    Target,
)

# A comparator's latest earlier figure is looked for this many years back at most.
COMPARATOR_YEARS = 5


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
        progress_method=metric.progress_method,
        method_reason=metric.method_reason if metric.methods_overridden else "",
    )


def method_choice(metric: Metric) -> MethodChoice:
    """Which methods the metric leaves to the rule and which it set, with why."""
    return MethodChoice(
        trend=metric.trend_method,
        variation=metric.variation_method,
        progress=metric.progress_method,
        reason=metric.method_reason if metric.methods_overridden else "",
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
        upper=target.upper,
        other_comparators=tuple(target.other_comparators or ()),
        parts=tuple(target.parts or ()),
        deadline=target.deadline or None,
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


def reporting_point(year: str, up_to: str | None = None) -> str:
    """The point a reader asks about: the year, or its first half when ``up_to``
    ends before the year does. Raises ValueError for any other cut-off."""
    year_period = Period.parse(year)
    if not up_to:
        return str(year_period)
    cut = Period.parse(up_to)
    if cut.end_date() >= year_period.end_date():
        return str(year_period)
    if cut == Period(year_period.year_start, HALF_YEAR, 1):
        return str(cut)
    raise ValueError(f"Verdicts are kept for years and their first half, not {up_to}")


def points_of_year(year: Period) -> tuple[str, str]:
    """The reporting points of a financial year: its first half, then the year."""
    return str(Period(year.year_start, HALF_YEAR, 1)), str(year)


@dataclass(frozen=True)
class Calculated:
    """The engine's verdict for one metric at one reporting point, with the figures
    it used."""

    metric: Metric
    point: str
    period: str  # the period assessed: the point's year, or its latest period
    current: MetricValue | None
    previous: MetricValue | None
    target: Target | None
    comparator_for_target: ComparatorValue | None
    comparator_shown: ComparatorValue | None
    assessment: Assessment
    # The recent trend or the variation (scorecard.domain.readings), and the group
    # a target was tested against ("group"; "groups" when it named several), as
    # stored in CalculatedVerdict.details.
    readings: dict[str, Any] = field(default_factory=dict)


def _has_figure(value: MetricValue, metric: Metric) -> bool:
    """A figure was given: a number, or text that does not mark one as missing
    ("n/a", "*", "-", an empty cell)."""
    if value.value_number is not None:
        return True
    return parse_value(value.value_text, unit=metric.unit).kind is not ValueKind.EMPTY


def latest_revisions(values: Iterable[MetricValue]) -> dict[str, MetricValue]:
    """period → the latest revision (values arrive ordered by revision)."""
    latest: dict[str, MetricValue] = {}
    for value in values:
        latest[value.period] = value
    return latest


def _period_in_year(
    in_year: Sequence[Period], year: Period, cut_off: dt.date | None
) -> str | None:
    """The latest period of a year that has a figure (the year itself if it has),
    of the year's periods with a figure (by end date), up to ``cut_off``."""
    if cut_off is not None:
        in_year = [p for p in in_year if p.end_date() <= cut_off]
    if not in_year:
        return None
    if year in in_year:
        return str(year)
    return str(in_year[-1])


def _names_comparator(name: str | None, comparator: Comparator) -> bool:
    return names_group(
        name, comparator.name, national=comparator.kind == Comparator.Kind.NATIONAL
    )


# The target kinds that read a comparator's figure.
_COMPARED_KINDS = frozenset({TargetKind.COMPARATOR, TargetKind.CLOSE_GAP})
# The statuses a comparator's figure decided (the reason then names the group).
_DECIDED = frozenset({TargetStatus.ON_TARGET, TargetStatus.OFF_TARGET})
# A mean is shown to at most this many decimal places.
_MOST_PLACES = 6


def _places(number: Decimal | None) -> int:
    """How many decimal places a figure is written with (48.2 → 1, 50 → 0)."""
    if number is None:
        return 0
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _written(number: Decimal) -> str:
    """A figure with no exponent and no trailing zeros: "48.2", "50"."""
    normal = number.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return f"{normal:f}"


def mean_shown(mean: Decimal, home: Decimal | None) -> str:
    """A group's mean as a reason writes it: to one decimal place more than the
    home figure (at least one), and never rounded onto the home figure it is
    compared with when it differs from it (48.24 beside 48.2 is "48.24", not
    "48.2"), to at most six places."""
    places = min(max(1, _places(home) + 1), _MOST_PLACES)
    while True:
        shown = mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if places >= _MOST_PLACES or home is None or shown != home or mean == home:
            return f"{shown:f}"
        places += 1


@dataclass(frozen=True)
class GroupFigure:
    """A group's figure a target is tested against: from its stored standing."""

    group: ComparatorGroup
    standing: Standing
    observation: Observation
    published: bool

    def words(self, unit: str) -> str:
        """ "the members' mean, 48.2, of 15 members", "its published figure, 35%"."""
        shown = self.observation.text
        if is_percentage_unit(unit) and not shown.endswith("%"):
            shown += "%"
        if self.published:
            return f"its published figure, {shown}"
        counted, members = self.standing.counted, self.standing.members
        whose = "member" if counted == 1 else "members"
        said = f"the members' mean, {shown}, of {counted} {whose}"
        if members > counted:
            said += f" with a figure (of {members})"
        return said

    def sentence(self, unit: str) -> str:
        """What the target's reason adds: the group, its version, the figure."""
        return (
            f"The group is {self.group.name}, {self.standing.version.label}; the "
            f"figure is {self.words(unit)}."
        )

    def details(self) -> dict[str, Any]:
        """The group, its version and the figure, as the verdict keeps them."""
        version = self.standing.version
        return {
            "id": self.group.pk,
            "name": self.group.name,
            "version": version.number,
            "version_label": version.label,
            "from_year": version.from_year,
            "period": self.standing.period,
            "figure": "published" if self.published else "mean",
            "number": self.observation.text,
            "members": self.standing.members,
            "counted": self.standing.counted,
        }


def _group_figure(
    inputs: Inputs,
    metric: Metric,
    name: str | None,
    period: str,
    home: Decimal | None,
) -> GroupFigure | None:
    """The group the words name, with its figure for ``period`` from its stored
    standing; None when the words name no group or it has no standing then."""
    if not name or not inputs.groups:
        return None
    group = group_named(name, inputs.groups)
    if group is None:
        return None
    standing = inputs.standings.get((metric.pk, group.pk, period))
    if standing is None:
        return None
    published = standing.published_number is not None
    number = standing.published_number if published else standing.mean
    if number is None:
        return None
    text = _written(number) if published else mean_shown(number, home)
    return GroupFigure(
        group=group,
        standing=standing,
        observation=Observation(period=period, text=text, number=number),
        published=published,
    )


def _comparator_for(
    values: Sequence[ComparatorValue], name: str | None, period: Period
) -> ComparatorValue | None:
    """The named comparator's figure for the period, else its latest earlier one
    in the COMPARATOR_YEARS before.

    "national", "national average" and "England" name the national comparator,
    whatever it is called here."""
    earliest = Period(period.year_start - COMPARATOR_YEARS + 1).start_date()
    candidates = [
        v
        for v in values
        if _names_comparator(name, v.comparator)
        and earliest <= Period.parse(v.period).end_date() <= period.end_date()
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


def in_years(first: Period, last: Period) -> Q:
    """Periods of the financial years ``first`` to ``last`` ("2024-25" sorts before
    "2024-25 Q1", which sorts before "2025-26"), in a form an index can use."""
    return Q(period__gte=str(first.year()), period__lt=str(last.year().next()))


@dataclass
class Inputs:
    """Everything the engine reads for a set of metrics over a span of years:
    approved place figures (latest revision per period), agreed targets,
    comparator figures, and the standings of the groups the targets name. Loaded
    in five queries."""

    values: dict[int, list[MetricValue]]
    targets: dict[tuple[int, str], Target]
    comparators: dict[int, list[ComparatorValue]]
    # Every comparator group, and the stored standings of the groups the targets
    # name: (metric, group, period) → standing, with its version.
    groups: list[ComparatorGroup] = field(default_factory=list)
    standings: dict[tuple[int, int, str], Standing] = field(default_factory=dict)
    # Worked out once a metric, for every point it is assessed at.
    _latest: dict[int, dict[str, MetricValue]] = field(default_factory=dict)
    _by_year: dict[int, dict[Any, list[Period]]] = field(default_factory=dict)
    _by_frequency: dict[int, dict[Any, list[Period]]] = field(default_factory=dict)
    _texts: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    _observed: dict[int, Observation] = field(default_factory=dict)

    def latest(self, metric_id: int) -> dict[str, MetricValue]:
        """period → the metric's latest revision (do not change it)."""
        found = self._latest.get(metric_id)
        if found is None:
            found = latest_revisions(self.values.get(metric_id, []))
            self._latest[metric_id] = found
        return found

    def periods_in_year(self, metric_id: int, year: Period) -> list[Period]:
        """The periods of ``year`` with a figure of the metric, by end date."""
        return self._grouped(self._by_year, metric_id, Period.year).get(year, [])

    def periods_of_frequency(self, metric_id: int, frequency: str) -> list[Period]:
        """The periods of ``frequency`` with a figure of the metric, by end date."""
        grouped = self._grouped(self._by_frequency, metric_id, _frequency)
        return grouped.get(frequency, [])

    def texts_of_frequency(self, metric_id: int, frequency: str) -> list[str]:
        """periods_of_frequency written out (the keys of ``latest``)."""
        texts = self._texts.get((metric_id, frequency))
        if texts is None:
            texts = [str(p) for p in self.periods_of_frequency(metric_id, frequency)]
            self._texts[(metric_id, frequency)] = texts
        return texts

    def observed(self, value: MetricValue) -> Observation:
        """observation(value), made once for a stored figure: a monthly metric's
        every verdict reads its whole series."""
        if value.pk is None or value.approval != MetricValue.Approval.APPROVED:
            return observation(value)  # a draft being previewed: never kept
        found = self._observed.get(value.pk)
        if found is None:
            found = self._observed[value.pk] = observation(value)
        return found

    def _grouped(
        self,
        cache: dict[int, dict[Any, list[Period]]],
        metric_id: int,
        key: Callable[[Period], Any],
    ) -> dict[Any, list[Period]]:
        """The metric's periods with a figure, grouped by ``key``, each group by end
        date; worked out once a metric."""
        grouped = cache.get(metric_id)
        if grouped is None:
            grouped = defaultdict(list)
            for text in self.latest(metric_id):
                period = Period.parse(text)
                grouped[key(period)].append(period)
            for periods in grouped.values():
                periods.sort(key=_end)
            cache[metric_id] = grouped
        return grouped


def _frequency(period: Period) -> str:
    return period.frequency


def _end(period: Period) -> dt.date:
    return period.end_date()


def load_inputs(
    metric_ids: Sequence[int],
    *,
    first: Period,
    last: Period,
    as_at: dt.datetime | None = None,
) -> Inputs:
    """The inputs for assessing ``metric_ids`` at points in the years ``first`` to
    ``last``: values from COMPARISON_REACH years (TREND_YEARS − 1 when more) before
    ``first`` (every period progress may compare with, the years the recent trend
    reads, and, in practice, every baseline),
    comparators from COMPARATOR_YEARS before. ``as_at`` leaves out what was
    entered after it."""
    value_filter = Q(
        metric_id__in=metric_ids,
        breakdown="",
        approval=MetricValue.Approval.APPROVED,
    )
    target_filter = Q(metric_id__in=metric_ids, status=Target.Status.AGREED)
    comparator_filter = Q(metric_id__in=metric_ids, withdrawn_at__isnull=True)
    # Back far enough for the comparable earlier value and the recent trend.
    reach = max(COMPARISON_REACH, TREND_YEARS - 1)
    value_filter &= in_years(Period(first.year_start - reach), last)
    target_filter &= in_years(first, last)
    comparator_filter &= in_years(Period(first.year_start - COMPARATOR_YEARS + 1), last)
    if as_at is not None:
        value_filter &= Q(entered_at__lte=as_at)
        comparator_filter &= Q(entered_at__lte=as_at)

    targets = {(t.metric_id, t.period): t for t in Target.objects.filter(target_filter)}
    # A relative-change target may name a baseline earlier than the year before.
    early_baselines = Q(pk__in=[])
    for target in targets.values():
        if target.baseline_period:
            try:
                baseline = Period.parse(target.baseline_period)
            except ValueError:
                continue
            if baseline.year_start < first.year_start - 1:
                early_baselines |= Q(
                    metric_id=target.metric_id, period=target.baseline_period
                )
    values: dict[int, list[MetricValue]] = defaultdict(list)
    for value in MetricValue.objects.filter(
        value_filter
        | (early_baselines & Q(breakdown="", approval=MetricValue.Approval.APPROVED))
    ).order_by("metric_id", "period", "revision", "pk"):
        # pk last: two place figures of one period and revision (files name the
        # place differently) are read in the order they were written, not in
        # whatever order the database finds them after an update moved them.
        values[value.metric_id].append(value)

    names = {c.pk: c for c in Comparator.objects.all()}
    comparators: dict[int, list[ComparatorValue]] = defaultdict(list)
    for cv in ComparatorValue.objects.filter(comparator_filter).order_by(
        "metric_id", "comparator__kind", "comparator__name", "revision"
    ):
        cv.comparator = names[cv.comparator_id]  # few comparators: no join
        comparators[cv.metric_id].append(cv)
    groups: list[ComparatorGroup] = []
    standings: dict[tuple[int, int, str], Standing] = {}
    if as_at is None:
        groups, standings = _named_standings(targets.values(), first=first, last=last)
    return Inputs(
        values=values,
        targets=targets,
        comparators=comparators,
        groups=groups,
        standings=standings,
    )


def _named_standings(
    targets: Iterable[Target], *, first: Period, last: Period
) -> tuple[list[ComparatorGroup], dict[tuple[int, int, str], Standing]]:
    """Every group, and the standings (with their version) of the groups the
    targets' comparator words name, for the periods a target may be tested
    against (back as far as a comparator's figure is looked for): two queries."""
    groups = list(ComparatorGroup.objects.select_related("comparator"))
    if not groups:
        return groups, {}
    wanted: dict[int, set[int]] = defaultdict(set)
    for target in targets:
        if target.kind not in _COMPARED_KINDS:
            continue
        for name in (target.comparator_name, *(target.other_comparators or ())):
            group = group_named(name, groups) if name else None
            if group is not None:
                wanted[group.pk].add(target.metric_id)
    if not wanted:
        return groups, {}
    metric_ids = sorted({m for ids in wanted.values() for m in ids})
    standings: dict[tuple[int, int, str], Standing] = {}
    for row in (
        Standing.objects.filter(
            in_years(Period(first.year_start - COMPARATOR_YEARS + 1), last),
            metric_id__in=metric_ids,
            group_id__in=sorted(wanted),
        )
        .select_related("version")
        .only(
            "metric_id",
            "group_id",
            "period",
            "members",
            "counted",
            "mean",
            "published_number",
            "version",
            "version__number",
            "version__model_year",
            "version__from_year",
        )
        .order_by()
    ):
        if row.metric_id in wanted[row.group_id]:
            standings[(row.metric_id, row.group_id, row.period)] = row
    return groups, standings


def calculate(
    metric: Metric,
    inputs: Inputs,
    *,
    point: str,
    draft: MetricValue | None = None,
) -> Calculated:
    """The engine's verdict for ``metric`` at ``point`` from ``inputs`` (which must
    span the point's year). ``draft``, a figure not yet approved, stands as the
    metric's figure for its period: how an officer sees the verdict before
    submitting."""
    at = Period.parse(point)
    year_period = at.year()
    figures = inputs.latest(metric.pk)
    # At the first half, the figures of periods that end after it are not known.
    cut_off = at.end_date() if at != year_period else None
    period_text = _period_in_year(
        inputs.periods_in_year(metric.pk, year_period), year_period, cut_off
    ) or str(year_period)
    if draft is not None and draft.metric_id != metric.pk:
        draft = None
    if draft is not None:
        period_text = draft.period

    def figure(text: str | None) -> MetricValue | None:
        if draft is not None and text == draft.period:
            return draft  # the draft stands as its period's figure
        value = figures.get(text) if text else None
        if value is None or cut_off is None:
            return value
        return value if Period.parse(value.period).end_date() <= cut_off else None

    period = Period.parse(period_text)
    current = figure(period_text)
    # The comparable earlier value: the comparison period's figure, else the latest
    # earlier one within reach (the reason then says which it was).
    previous = next(
        (
            found
            for earlier in comparison_periods(period_text, seasonal=metric.seasonal)
            if (found := figure(earlier)) is not None and _has_figure(found, metric)
        ),
        None,
    )
    target = inputs.targets.get((metric.pk, period_text)) or inputs.targets.get(
        (metric.pk, str(period.year()))
    )
    rule = target_rule(target) if target else None
    baseline = None
    if rule is not None and rule.kind == TargetKind.RELATIVE_CHANGE:
        baseline = figure(rule.baseline_period) if rule.baseline_period else previous
    metric_comparators = inputs.comparators.get(metric.pk, [])
    comparator_for_target = None
    named_comparator = None  # the named comparator's figure, shown beside ours
    comparator = None
    # A rule naming several comparators takes each one's figure; a gap to close
    # also takes the comparator's figure for the period the gap is measured from.
    further: dict[str, Observation | None] = {}
    earlier_comparator = None
    # The groups whose figure the target was tested against (see the docstring).
    used: list[GroupFigure] = []
    home = current.value_number if current is not None else None
    if rule is not None and rule.kind in _COMPARED_KINDS:
        named_comparator = _comparator_for(metric_comparators, rule.comparator, period)
        in_group = _group_figure(inputs, metric, rule.comparator, period_text, home)
        if in_group is not None:
            used.append(in_group)
            comparator = in_group.observation
            comparator_for_target = _same_figure(named_comparator, in_group)
        else:
            comparator_for_target = named_comparator
            comparator = observation(named_comparator) if named_comparator else None
        for name in rule.other_comparators:
            other = _group_figure(inputs, metric, name, period_text, home)
            if other is not None:
                used.append(other)
                further[name] = other.observation
                continue
            named = _comparator_for(metric_comparators, name, period)
            further[name] = observation(named) if named else None
        gap_from = baseline or previous
        if rule.kind == TargetKind.CLOSE_GAP and gap_from is not None:
            earlier = _group_figure(
                inputs, metric, rule.comparator, gap_from.period, gap_from.value_number
            )
            if earlier is not None:
                used.append(earlier)
                earlier_comparator = earlier.observation
            else:
                before = _comparator_for(
                    metric_comparators, rule.comparator, Period.parse(gap_from.period)
                )
                earlier_comparator = observation(before) if before else None
    rule_of_metric = metric_rule(metric)
    assessment = assess(
        metric=rule_of_metric,
        period=period_text,
        current=observation(current) if current else None,
        previous=observation(previous) if previous else None,
        target=rule,
        baseline=observation(baseline) if baseline else None,
        comparator=comparator,
        comparators=further or None,
        earlier_comparator=earlier_comparator,
    )
    # The group is named where its figure decided the target, in the reason and
    # in the details alike.
    used = used if assessment.target_status in _DECIDED else []
    if used:
        said = " ".join(g.sentence(metric.unit) for g in used)
        reason = assessment.target_reason.rstrip()
        joined = f"{reason} {said}" if reason.endswith(".") else f"{reason}. {said}"
        assessment = replace(assessment, target_reason=joined)
    series = _series(metric, inputs, period, figure)
    found_readings = readings(
        metric=rule_of_metric,
        series=series,
        direction=assessment.direction,
        target=rule,
        choice=method_choice(metric),
    )
    if used:
        found_readings = {**found_readings, "group": used[0].details()}
        if len(used) > 1:
            found_readings["groups"] = [g.details() for g in used]
    return Calculated(
        metric=metric,
        point=point,
        period=period_text,
        current=current,
        previous=previous,
        target=target,
        comparator_for_target=comparator_for_target,
        # The list's comparator column shows the named comparator, as before.
        comparator_shown=named_comparator
        or _comparator_for(metric_comparators, None, period),
        assessment=assessment,
        readings=found_readings,
    )


def _same_figure(
    named: ComparatorValue | None, in_group: GroupFigure
) -> ComparatorValue | None:
    """The named comparator's figure when it is the group's published figure the
    target was tested against (the verdict then points at it), else None."""
    if (
        named is None
        or not in_group.published
        or named.comparator_id != in_group.group.comparator_id
        or named.period != in_group.standing.period
        or named.value_number != in_group.standing.published_number
    ):
        return None
    return named


def _series(
    metric: Metric,
    inputs: Inputs,
    period: Period,
    figure: Callable[[str | None], MetricValue | None],
) -> list[Observation]:
    """The metric's figures of ``period``'s frequency up to and including it, oldest
    first, as ``figure`` reads them (a draft standing as its period's figure; none
    after a half-year point): what the recent trend and the control chart read.
    For an annual series only the latest TREND_YEARS figures, all the recent trend
    reads."""
    periods = inputs.periods_of_frequency(metric.pk, period.frequency)
    every = inputs.texts_of_frequency(metric.pk, period.frequency)
    texts = every[: bisect_right(periods, period.end_date(), key=_end)]
    if not texts or texts[-1] != str(period):
        texts = [*texts, str(period)]  # a draft's period may have no figure yet
    wanted = TREND_YEARS if period.frequency == ANNUAL else len(texts)
    found: list[MetricValue] = []
    for text in reversed(texts):  # the latest first, as far back as wanted
        value = figure(text)
        if value is not None and _has_figure(value, metric):
            found.append(value)
            if len(found) == wanted:
                break
    return [inputs.observed(value) for value in reversed(found)]


def calculate_for_year(
    metrics: Sequence[Metric],
    *,
    year: str,
    up_to: str | None = None,
    draft: MetricValue | None = None,
    as_at: dt.datetime | None = None,
) -> list[Calculated]:
    """The engine's verdicts for ``metrics`` at one reporting point, loading their
    inputs in three queries. For the previews and the verdict refresh only."""
    point = reporting_point(year, up_to)
    year_period = Period.parse(year)
    inputs = load_inputs(
        [m.pk for m in metrics], first=year_period, last=year_period, as_at=as_at
    )
    return [calculate(m, inputs, point=point, draft=draft) for m in metrics]


def years_with_inputs(inputs: Inputs, metric_id: int) -> set[int]:
    """The financial years (by their first calendar year) in which a metric has an
    approved figure or an agreed target."""
    years = set()
    for value in inputs.values.get(metric_id, []):
        years.add(Period.parse(value.period).year_start)
    for metric, period in inputs.targets:
        if metric == metric_id:
            years.add(Period.parse(period).year_start)
    return years
