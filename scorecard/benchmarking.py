"""Reading the stored standings (issue 19): the selectors every page, export,
report and API endpoint use to say where a metric stands among its comparators.

**The group shown** for a metric in a year (one rule, here): the group its agreed
target for the year names ("Better than statistical neighbours"), else its primary
group (``Metric.primary_group``), else none. The rank a report's table, the tidy
export's ``rank`` column and the view per priority show is that group's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from scorecard.domain.groups import names_group, report_year_of
from scorecard.domain.periods import period_label
from scorecard.domain.standings import (
    BandKind,
    Comparison,
    Judgement,
    PlaceFigure,
    Rank,
    _show,
    possessive,
    rank_among,
)
from scorecard.domain.vocabulary import Direction
from scorecard.models import (
    ComparatorGroup,
    GroupMember,
    HeadlineMembership,
    MemberValue,
    Metric,
    Standing,
    Target,
)


def _groups() -> list[ComparatorGroup]:
    return list(ComparatorGroup.objects.select_related("comparator"))


def _is_national(group: ComparatorGroup) -> bool:
    if group.kind == ComparatorGroup.Kind.NATIONAL:
        return True
    comparator = group.comparator
    return comparator is not None and comparator.kind == comparator.Kind.NATIONAL


def group_named(
    words: str, groups: Iterable[ComparatorGroup]
) -> ComparatorGroup | None:
    """The group a target's comparator words name (``names_group``), preferring
    one whose name is exactly the words."""
    found = [g for g in groups if names_group(words, g.name, national=_is_national(g))]
    exact = [g for g in found if g.name.casefold() == words.casefold()]
    return (exact or found or [None])[0]


def shown_group_ids(metrics: Collection[Metric], year: str) -> dict[int, int | None]:
    """metric id → the id of the group shown for it in ``year`` (see the module's
    docstring), or None. Two queries whatever the number of metrics."""
    groups = _groups()
    named = {
        t.metric_id: t.comparator_name
        for t in Target.objects.filter(
            metric__in=[m.pk for m in metrics],
            period=year,
            status=Target.Status.AGREED,
        )
        .exclude(comparator_name="")
        .only("metric_id", "comparator_name")
    }
    shown: dict[int, int | None] = {}
    for metric in metrics:
        group = group_named(named[metric.pk], groups) if metric.pk in named else None
        shown[metric.pk] = group.pk if group else metric.primary_group_id
    return shown


def shown_standings(metrics: Collection[Metric], period: str) -> dict[int, Standing]:
    """metric id → the stored standing, for ``period``, in the group shown for the
    metric in the period's year; a metric with no such standing is left out.
    Three queries whatever the number of metrics."""
    shown = shown_group_ids(metrics, report_year_of(period))
    wanted = {
        (metric_id, group_id) for metric_id, group_id in shown.items() if group_id
    }
    if not wanted:
        return {}
    found: dict[int, Standing] = {}
    for row in Standing.objects.filter(
        metric_id__in=[metric_id for metric_id, _ in wanted],
        group_id__in={group_id for _, group_id in wanted},
        period=period,
    ).select_related("group", "version"):
        if (row.metric_id, row.group_id) in wanted:
            found[row.metric_id] = row
    return found


def standings_of_metric(metric: Metric) -> list[Standing]:
    """Every stored standing of a metric, newest period first, then by group."""
    return list(
        Standing.objects.filter(metric=metric)
        .select_related("group", "version")
        .order_by("-period", "group__name")
    )


# ---------------------------------------------------------------------------
# The benchmark panel on a metric's page, and the view per priority
# ---------------------------------------------------------------------------

COMPARISON_WORDS = {
    Comparison.BETTER.value: "significantly better",
    Comparison.SIMILAR.value: "similar",
    Comparison.WORSE.value: "significantly worse",
    Comparison.HIGHER.value: "significantly higher",
    Comparison.LOWER.value: "significantly lower",
    Comparison.NOT_COMPARED.value: "not compared",
}
DIRECTION_WORDS = {
    Direction.UP: "Higher is better",
    Direction.DOWN: "Lower is better",
    Direction.NONE: "No direction is better",
}


def figure_text(number: Decimal | None) -> str:
    """A stored figure as a person reads it (41.200000 → "41.2"); "" for none."""
    return "" if number is None else _show(number)


def stat_text(number: Decimal | None) -> str:
    """A group statistic to at most two decimal places ("1140.14")."""
    if number is None:
        return "—"
    return figure_text(number.quantize(Decimal("0.01")))


def rank_of(standing: Standing) -> Rank:
    """The stored standing's rank as the domain words it ("joint 3rd of 16")."""
    return Rank(standing.rank, standing.out_of, standing.joint, standing.quartile, "")


def comparison_words(standing: Standing) -> str:
    """ "significantly better than CIPFA nearest neighbours (average) at 95%" """
    words = COMPARISON_WORDS.get(standing.comparison, standing.comparison)
    if standing.comparison in ("", Comparison.NOT_COMPARED.value):
        return "not compared"
    if standing.comparison == Comparison.SIMILAR.value:
        return f"similar to {standing.benchmark_name}"
    return f"{words} than {standing.benchmark_name} at {standing.comparison_level}%"


@dataclass(frozen=True)
class PanelPlace:
    """One place on the panel: a member of the version in force, or the home area
    (which the standing ranks whether or not the group lists it)."""

    code: str
    name: str
    value: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    rank: int | None
    rank_words: str
    is_home: bool

    @property
    def text(self) -> str:
        return figure_text(self.value)

    @property
    def interval(self) -> str:
        """ "38.1 to 44.0", or "" without one."""
        if self.lower is None or self.upper is None:
            return ""
        return f"{figure_text(self.lower)} to {figure_text(self.upper)}"


@dataclass(frozen=True)
class BenchmarkPanel:
    """Everything the panel shows, as plain data: the choice of group and period,
    the standing, and the places in figure order (best first)."""

    metric: Metric
    groups: list[ComparatorGroup]
    group: ComparatorGroup
    periods: list[str]
    period: str
    standing: Standing
    places: list[PanelPlace]
    missing: list[PanelPlace]
    notice: str = ""

    @property
    def direction(self) -> Direction:
        return Direction(self.metric.good_direction)

    @property
    def rank(self) -> Rank:
        return rank_of(self.standing)

    @property
    def home(self) -> PanelPlace | None:
        return next((p for p in self.places if p.is_home), None)

    @property
    def comparison(self) -> str:
        return comparison_words(self.standing)

    @property
    def direction_words(self) -> str:
        return DIRECTION_WORDS[self.direction]

    @property
    def published_text(self) -> str:
        return figure_text(self.standing.published_number)

    @property
    def statistics_words(self) -> str:
        """ "14 of 15 members with a figure; median 38, mean 38.14, quartiles 30
        to 41.5, range 10 to 52" (the mean and quartiles to two places)."""
        s = self.standing
        said = f"{s.counted} of {s.members} member{'s' if s.members != 1 else ''}"
        said += " with a figure"
        if s.median is None:
            return said
        return (
            f"{said}; median {stat_text(s.median)}, mean {stat_text(s.mean)}, "
            f"quartiles {stat_text(s.lower_quartile)} to "
            f"{stat_text(s.upper_quartile)}, range {stat_text(s.minimum)} to "
            f"{stat_text(s.maximum)}"
        )

    @property
    def sentence(self) -> str:
        """The standing in one sentence: "Coventry is 3rd of 16 in CIPFA nearest
        neighbours for 2023/24 (quartile 1 of 4): close to most of the group."."""
        standing = self.standing
        name = settings.HOME_AREA_NAME
        where = f"in {self.group.name} for {period_label(self.period)}"
        if standing.home_number is None:
            return f"{name} has no figure {where}, so it is not ranked."
        if standing.rank is None:
            said = (
                f"{possessive(name)} figure is {figure_text(standing.home_number)} "
                f"{where}"
            )
        else:
            said = (
                f"{name} is {self.rank.words} {where} "
                f"(quartile {standing.quartile} of 4)"
            )
        if standing.band_words:
            said += f": {standing.band_words}"
        return said + "."


def _member_interval(
    value: MemberValue | None, level: str
) -> tuple[Decimal | None, Decimal | None]:
    if value is None:
        return None, None
    if level == "99.8":
        return value.lower_ci_998, value.upper_ci_998
    return value.lower_ci, value.upper_ci


def _in_figure_order(
    figures: list[PlaceFigure], home_code: str, direction: Direction
) -> list[PanelPlace]:
    """The places with a figure, best first, each ranked by the domain's rule
    (``rank_among``, as if it were the one ranked) so the table's ranks are the
    standing's. With no good direction they run highest first, unranked."""
    placed = []
    for figure in figures:
        others = [f for f in figures if f is not figure]
        rank = rank_among(figure, others, direction)
        placed.append(
            PanelPlace(
                code=figure.code,
                name=figure.name,
                value=figure.value,
                lower=figure.lower,
                upper=figure.upper,
                rank=rank.position,
                rank_words=rank.words if rank.position is not None else "",
                is_home=figure.code == home_code,
            )
        )

    def key(place: PanelPlace) -> tuple[Decimal, str]:
        assert place.value is not None
        value = -place.value if direction != Direction.DOWN else place.value
        return value, place.name

    return sorted(placed, key=key)


def benchmark_panel(
    metric: Metric, *, group: int | None = None, period: str | None = None
) -> BenchmarkPanel | None:
    """The benchmark panel of ``metric`` for a group (its id) and period, or None
    when the metric has no standings (no group has members with figures for it).

    With neither asked, the newest period with a standing, in the group shown for
    its year (``shown_group_ids``) when that group has a standing then, else the
    first group by name. A group or period asked for that has no standing raises
    ``LookupError``; a period the group has no standing for falls back to the
    group's newest, with a ``notice`` saying so. At most six queries whatever the
    number of metrics and members: the standings, the groups and the year's
    targets (the shown group, asked only when two groups have a standing for the
    period), the version's members, and their figures.
    """
    standings = list(
        Standing.objects.filter(metric=metric)
        .select_related("group", "version")
        .order_by("-period", "group__name", "group_id")
    )
    if not standings:
        return None
    groups = list({s.group_id: s.group for s in standings}.values())
    groups.sort(key=lambda g: (g.name.casefold(), g.pk))
    periods = sorted({s.period for s in standings}, reverse=True)
    by_key = {(s.group_id, s.period): s for s in standings}
    if group is not None and group not in {g.pk for g in groups}:
        raise LookupError(f"{metric.code} has no standing in group {group}")
    if period is not None and period not in periods:
        raise LookupError(f"{metric.code} has no standing for {period}")
    notice = ""
    if group is None:
        chosen_period = period or periods[0]
        in_period = [g for g in groups if (g.pk, chosen_period) in by_key]
        chosen = in_period[0]
        if len(in_period) > 1:  # which is shown matters only when there is a choice
            shown = shown_group_ids([metric], report_year_of(chosen_period))
            chosen = next((g for g in in_period if g.pk == shown[metric.pk]), chosen)
    else:
        chosen = next(g for g in groups if g.pk == group)
        own_periods = [p for p in periods if (chosen.pk, p) in by_key]
        chosen_period = period or own_periods[0]
        if (chosen.pk, chosen_period) not in by_key:
            notice = (
                f"{chosen.name} has no standing for {period_label(chosen_period)}, "
                f"so its newest, {period_label(own_periods[0])}, is shown."
            )
            chosen_period = own_periods[0]
    standing = by_key[(chosen.pk, chosen_period)]
    places, missing = _places(metric, standing)
    return BenchmarkPanel(
        metric=metric,
        groups=groups,
        group=chosen,
        periods=periods,
        period=chosen_period,
        standing=standing,
        places=places,
        missing=missing,
        notice=notice,
    )


def _places(
    metric: Metric, standing: Standing
) -> tuple[list[PanelPlace], list[PanelPlace]]:
    """The standing's places with a figure, best first (the home area among them
    with the figure the standing ranked), and the members without one. Two
    queries: the version's members, and their figures (the latest revision of
    each, leaving out those withdrawn)."""
    home_code, home_name = settings.HOME_AREA_CODE, settings.HOME_AREA_NAME
    members = [
        m.place
        for m in GroupMember.objects.filter(version_id=standing.version_id)
        .select_related("place")
        .order_by("position")
    ]
    latest: dict[int, MemberValue] = {}
    for row in MemberValue.objects.filter(
        metric=metric,
        period=standing.period,
        place_id__in=[p.pk for p in members if p.code != home_code],
        withdrawn_at__isnull=True,
    ).order_by("revision", "pk"):
        latest[row.place_id] = row
    level = standing.comparison_level or "95"
    figures: list[PlaceFigure] = []
    missing: list[PanelPlace] = []
    for place in members:
        if place.code == home_code:
            continue
        found = latest.get(place.pk)
        if found is None or found.value_number is None:
            missing.append(
                PanelPlace(place.code, place.name, None, None, None, None, "", False)
            )
            continue
        lower, upper = _member_interval(found, level)
        figures.append(
            PlaceFigure(place.code, place.name, found.value_number, lower, upper)
        )
    if standing.home_number is None:
        missing.append(
            PanelPlace(home_code, home_name, None, None, None, None, "", True)
        )
    else:
        figures.append(
            PlaceFigure(
                home_code,
                home_name,
                standing.home_number,
                standing.home_lower,
                standing.home_upper,
            )
        )
    direction = Direction(metric.good_direction)
    return _in_figure_order(figures, home_code, direction), missing


# The band from best to worst (by its judgement), for sorting: a band with no
# judgement (a metric with no good direction) sits with "close to".
_BAND_ORDER = {
    (Judgement.BETTER.value, True): 0,
    (Judgement.BETTER.value, False): 1,
    ("", False): 2,
    (Judgement.WORSE.value, False): 3,
    (Judgement.WORSE.value, True): 4,
}
_WELL = {BandKind.WELL_ABOVE.value, BandKind.WELL_BELOW.value}
_COMPARISON_ORDER = {
    Comparison.BETTER.value: 0,
    Comparison.HIGHER.value: 1,
    Comparison.SIMILAR.value: 2,
    Comparison.LOWER.value: 3,
    Comparison.WORSE.value: 4,
}
PRIORITY_SORTS = ("metric", "rank", "quartile", "band", "comparison", "group")


@dataclass(frozen=True)
class PriorityBenchmark:
    """A headline metric of a priority with its shown standing for the year (None
    when it has none: no group shown for it, or no members with figures)."""

    metric: Metric
    standing: Standing | None

    @property
    def rank_words(self) -> str:
        if self.standing is None:
            return ""
        return rank_of(self.standing).words

    @property
    def comparison(self) -> str:
        return "" if self.standing is None else comparison_words(self.standing)

    def sort_key(self, column: str) -> tuple[object, ...]:
        name = (self.metric.name.casefold(), self.metric.code)
        standing = self.standing
        if column == "metric" or standing is None:
            return name
        big = 10**9
        rank = (standing.rank or big, -standing.out_of)
        if column == "rank":
            return (*rank, *name)
        if column == "quartile":
            return (standing.quartile or big, *rank, *name)
        if column == "band":
            if standing.band == BandKind.NOT_BANDED.value or not standing.band:
                order = 5
            else:
                order = _BAND_ORDER.get(
                    (standing.band_judgement, standing.band in _WELL), 2
                )
            return (order, *rank, *name)
        if column == "comparison":
            return (_COMPARISON_ORDER.get(standing.comparison, 5), *rank, *name)
        return (standing.group.name.casefold(), *name)


def priority_benchmark_years(*, plan_id: int, priority_id: int) -> list[str]:
    """The report years, newest first, in which a headline metric of the priority
    has a standing for a period of that year (one query)."""
    pairs = (
        Standing.objects.filter(
            metric__headline_memberships__plan_id=plan_id,
            metric__headline_memberships__priority_id=priority_id,
        )
        .order_by()
        .values_list("metric__headline_memberships__report_year", "period")
        .distinct()
    )
    found = set()
    for year, period in pairs:
        try:
            if report_year_of(period) == year:
                found.add(year)
        except ValueError:
            continue
    return sorted(found, reverse=True)


def priority_benchmarks(
    *,
    plan_id: int,
    priority_id: int,
    year: str,
    sort: str = "metric",
    descending: bool = False,
) -> list[PriorityBenchmark]:
    """Each headline metric of the priority for ``year`` with its shown standing:
    in the group ``shown_group_ids`` gives for the year, for the year itself (an
    annual figure) or else the newest period within it. Sorted by ``sort`` (one
    of ``PRIORITY_SORTS``); metrics with no standing come last either way. Four
    queries whatever the number of metrics: the memberships, the groups and the
    year's targets (the shown group), and the standings."""
    if sort not in PRIORITY_SORTS:
        raise ValueError(f"no such column to sort by: {sort!r}")
    metrics = [
        m.metric
        for m in HeadlineMembership.objects.filter(
            plan_id=plan_id, priority_id=priority_id, report_year=year
        )
        .select_related("metric")
        .order_by("sort_order", "id")
    ]
    shown = shown_group_ids(metrics, year)
    wanted = {(mid, gid) for mid, gid in shown.items() if gid}
    found: dict[int, Standing] = {}
    if wanted:
        for row in (
            Standing.objects.filter(
                metric_id__in=[mid for mid, _ in wanted],
                group_id__in={gid for _, gid in wanted},
                period__startswith=year,
            )
            .select_related("group", "version")
            .order_by("period")
        ):
            if (row.metric_id, row.group_id) not in wanted:
                continue
            if report_year_of(row.period) != year:
                continue
            # The year's own figure wins over a part of the year; else the newest.
            if found.get(row.metric_id) is None or found[row.metric_id].period != year:
                found[row.metric_id] = row
    rows = [PriorityBenchmark(m, found.get(m.pk)) for m in metrics]
    with_standing = sorted(
        (r for r in rows if r.standing is not None),
        key=lambda r: r.sort_key(sort),
        reverse=descending,
    )
    without = sorted(
        (r for r in rows if r.standing is None), key=lambda r: r.sort_key("metric")
    )
    return with_standing + without
