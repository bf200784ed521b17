"""Where the home area stands in each comparator group, worked out and stored
(issue 19, item 3): the write side of ``scorecard.domain.standings``.

A standing is stored for each metric, period and group where the version of the
group in force for the period's year (``version_in_force``) has a member with a
figure for that metric and period. It is rebuilt, in the caller's transaction,
whenever an input changes: a member's figure (an import or its undo), the home
figure (``calculated_verdicts_refresh`` calls ``standings_refresh``), a group's
published figure, a membership or a version (``standings_refresh_for_groups``).

**The home figure** is the metric's own approved figure for the period (the latest
revision, no breakdown), with its interval where it has one. Where the metric has
no figure of its own for the period, the source's figure for the home area (a
member figure for ``settings.HOME_AREA_CODE``) stands in, and the reason says so.
Where the metric's own figure has no interval, the source's interval for the home
area is used only when the source's figure is the same number.

**The interval level** is 99.8% when the metric's confidence level is 0.998 (a
fraction, as the metric keeps it), else 95% (Fingertips' default).

**The benchmark** the interval is compared with is the group's own published
figure where it has one (England's, the region's: its comparator's figure for the
period, or the figure a source gave for the place the group stands for), else the
members' mean ("Statistical neighbours average").
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from coventry_pm.core.bulk import insert_rows
from scorecard.benchmarking import group_named
from scorecard.domain.groups import report_year_of, version_in_force
from scorecard.domain.standings import (
    PlaceFigure,
    compare_with_benchmark,
    possessive,
    standing,
)
from scorecard.domain.vocabulary import Direction
from scorecard.models import (
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupVersion,
    MemberValue,
    Metric,
    MetricValue,
    Place,
    Standing,
    Target,
)

CHUNK = 400
_PLACES = Decimal("0.000001")  # the decimal places a stored figure keeps

# The columns a standing is written with, in the order _metric_standings gives them.
_FIELDS = (
    "metric_id",
    "group_id",
    "version_id",
    "period",
    "home_number",
    "home_lower",
    "home_upper",
    "members",
    "counted",
    "rank",
    "out_of",
    "joint",
    "quartile",
    "band",
    "band_judgement",
    "band_words",
    "z",
    "mean",
    "median",
    "lower_quartile",
    "upper_quartile",
    "minimum",
    "maximum",
    "published_number",
    "comparison",
    "comparison_level",
    "benchmark_name",
    "benchmark_number",
    "reasons",
    "stale",
    "calculated_at",
)


def _quantised(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_PLACES)


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class _Groups:
    """Every group with a version, its versions, their members and the published
    figures' sources: a few rows, loaded once per refresh."""

    def __init__(self) -> None:
        self.groups = {g.pk: g for g in ComparatorGroup.objects.select_related("place")}
        self.versions: dict[int, list[tuple[str, GroupVersion]]] = defaultdict(list)
        for version in GroupVersion.objects.order_by("group_id", "number"):
            self.versions[version.group_id].append((version.from_year, version))
        self.members: dict[int, list[Place]] = defaultdict(list)
        for member in GroupMember.objects.select_related("place").order_by(
            "version_id", "position"
        ):
            self.members[member.version_id].append(member.place)

    def in_force(self, group_id: int, period: str) -> GroupVersion | None:
        try:
            return version_in_force(
                self.versions.get(group_id, []), report_year_of(period)
            )
        except ValueError:  # a period outside the years the product reports
            return None


class _Figure(NamedTuple):
    """A place's figure as the refresh reads it (a row of MemberValue, without
    building a model instance for each of thousands)."""

    value_number: Decimal | None
    lower_ci: Decimal | None
    upper_ci: Decimal | None
    lower_ci_998: Decimal | None
    upper_ci_998: Decimal | None
    source: str


class _Own(NamedTuple):
    """The metric's own figure for a period (a row of MetricValue)."""

    value_number: Decimal | None
    lower_ci: Decimal | None
    upper_ci: Decimal | None


def _interval(
    value: _Figure | None, level: str
) -> tuple[Decimal | None, Decimal | None]:
    if value is None:
        return None, None
    if level == "99.8":
        return value.lower_ci_998, value.upper_ci_998
    return value.lower_ci, value.upper_ci


def _source(figure: _Figure) -> str:
    """ "Fingertips'", "LG Inform's", or "the source's" for a figure with none."""
    return possessive(figure.source) if figure.source else "the source's"


def _home(
    own: _Own | None, source: _Figure | None, level: str
) -> tuple[PlaceFigure, str]:
    """The home area's figure and interval, and where they came from."""
    code, name = settings.HOME_AREA_CODE, settings.HOME_AREA_NAME
    if own is not None and own.value_number is not None:
        lower, upper = (own.lower_ci, own.upper_ci)
        said = f"{possessive(name)} figure is its own"
        same = source is not None and source.value_number == own.value_number
        if (lower is None or upper is None) and same and source is not None:
            lower, upper = _interval(source, level)
            if lower is not None:
                said += f", with {_source(source)} interval"
        return PlaceFigure(code, name, own.value_number, lower, upper), said
    if source is not None and source.value_number is not None:
        lower, upper = _interval(source, level)
        return (
            PlaceFigure(code, name, source.value_number, lower, upper),
            f"{name} has no figure of its own for the period, so "
            f"{_source(source)} figure for {name} is used",
        )
    return PlaceFigure(code, name, None), f"{name} has no figure for the period"


def _members(chunk: Sequence[int]) -> dict[tuple[int, str, int], _Figure]:
    """(metric, period, place) → the latest live revision of its figure."""
    found: dict[tuple[int, str, int], _Figure] = {}
    rows = (
        MemberValue.objects.filter(metric_id__in=chunk, withdrawn_at__isnull=True)
        .order_by("metric_id", "period", "place_id", "revision", "pk")
        .values_list("metric_id", "period", "place_id", *_Figure._fields)
    )
    for metric_id, period, place_id, *figure in rows:
        found[(metric_id, period, place_id)] = _Figure(*figure)
    return found


def _metric_standings(
    metric: Metric,
    groups: _Groups,
    members: dict[tuple[int, str, int], _Figure],
    periods: Collection[str],
    own: dict[tuple[int, str], _Own],
    published: dict[tuple[int, int, str], Decimal | None],
    home_place_id: int | None,
    now: dt.datetime,
) -> list[tuple[object, ...]]:
    direction = Direction(metric.good_direction)
    level = "99.8" if metric.confidence_level == Decimal("0.998") else "95"
    made: list[tuple[object, ...]] = []
    for period in sorted(periods):
        home_source = (
            members.get((metric.pk, period, home_place_id)) if home_place_id else None
        )
        home, home_said = _home(own.get((metric.pk, period)), home_source, level)
        for group_id, group in groups.groups.items():
            version = groups.in_force(group_id, period)
            if version is None:
                continue
            places = groups.members.get(version.pk, [])
            figures = []
            for place in places:
                row = members.get((metric.pk, period, place.pk))
                lower, upper = _interval(row, level)
                figures.append(
                    PlaceFigure(
                        place.code,
                        place.name,
                        row.value_number if row is not None else None,
                        lower,
                        upper,
                    )
                )
            if not any(f.value is not None and f.code != home.code for f in figures):
                continue
            published_number = None
            if group.comparator_id is not None:
                published_number = published.get(
                    (metric.pk, group.comparator_id, period)
                )
            if published_number is None and group.place_id is not None:
                row = members.get((metric.pk, period, group.place_id))
                if row is not None:
                    published_number = row.value_number
            found = standing(home, figures, direction)
            stats = found.statistics
            benchmark: Decimal | None
            if published_number is not None:
                benchmark_name, benchmark = group.name, published_number
            else:
                benchmark_name, benchmark = f"{group.name} average", stats.mean
            comparison = compare_with_benchmark(
                home,
                benchmark_name=benchmark_name,
                benchmark_value=benchmark,
                direction=direction,
                level=level,
            )
            made.append(
                (
                    metric.pk,
                    group_id,
                    version.pk,
                    period,
                    home.value,
                    home.lower,
                    home.upper,
                    len([p for p in places if p.code != home.code]),
                    stats.count,
                    found.rank.position,
                    found.rank.out_of,
                    found.rank.joint,
                    found.rank.quartile,
                    found.band.kind.value,
                    found.band.judgement.value if found.band.judgement else "",
                    found.band.words,
                    _quantised(found.band.z),
                    _quantised(stats.mean),
                    _quantised(stats.median),
                    _quantised(stats.lower_quartile),
                    _quantised(stats.upper_quartile),
                    _quantised(stats.minimum),
                    _quantised(stats.maximum),
                    published_number,
                    comparison.outcome.value,
                    comparison.level,
                    benchmark_name,
                    _quantised(benchmark),
                    json.dumps(
                        {
                            "home": home_said,
                            "version": f"{group.name}, {version.label}",
                            "statistics": stats.reason,
                            "rank": found.rank.reason,
                            "band": found.band.reason,
                            "comparison": comparison.reason,
                        }
                    ),
                    False,
                    now,
                )
            )
    return made


def standings_refresh(*, metric_ids: Collection[int]) -> int:
    """Work out and store the standings of ``metric_ids`` from the current data,
    in the caller's transaction, replacing what was stored. Returns how many
    standings are stored."""
    ids = sorted(set(metric_ids))
    if not ids:
        return 0
    groups = _Groups()
    home_place_id = (
        Place.objects.filter(code=settings.HOME_AREA_CODE)
        .values_list("pk", flat=True)
        .first()
    )
    now = timezone.now()
    stored = 0
    for chunk in _chunks(ids):
        Standing.objects.filter(metric_id__in=chunk).delete()
        if not groups.versions:
            continue
        members = _members(chunk)
        if not members:
            continue
        periods: dict[int, set[str]] = defaultdict(set)
        for metric_id, period, _place in members:
            periods[metric_id].add(period)
        # A superset (every period any metric of the chunk has), read once: the
        # lookups below take only the periods each metric has.
        wanted = Q(
            metric_id__in=list(periods),
            period__in=sorted(set().union(*periods.values())),
        )
        own: dict[tuple[int, str], _Own] = {}
        for metric_id, period, *figure in (
            MetricValue.objects.filter(
                wanted, breakdown="", approval=MetricValue.Approval.APPROVED
            )
            .order_by("metric_id", "period", "revision", "pk")
            .values_list("metric_id", "period", *_Own._fields)
        ):
            own[(metric_id, period)] = _Own(*figure)
        published: dict[tuple[int, int, str], Decimal | None] = {}
        for metric_id, comparator_id, period, number in (
            ComparatorValue.objects.filter(wanted, withdrawn_at__isnull=True)
            .order_by("metric_id", "comparator_id", "period", "revision")
            .values_list("metric_id", "comparator_id", "period", "value_number")
        ):
            published[(metric_id, comparator_id, period)] = number
        made: list[tuple[object, ...]] = []
        for metric in Metric.objects.filter(pk__in=list(periods)).only(
            "pk", "good_direction", "confidence_level"
        ):
            made.extend(
                _metric_standings(
                    metric,
                    groups,
                    members,
                    periods[metric.pk],
                    own,
                    published,
                    home_place_id,
                    now,
                )
            )
        insert_rows(Standing, _FIELDS, made)
        stored += len(made)
    return stored


def metrics_of_groups(group_ids: Collection[int]) -> list[int]:
    """The metrics whose standings or verdicts a change to these groups can move:
    those with a figure for a place in any of their versions, with a published
    figure of theirs, or with a target naming one of them."""
    ids = list(group_ids)
    places = GroupMember.objects.filter(version__group_id__in=ids).values("place_id")
    found = set(
        MemberValue.objects.filter(place_id__in=places)
        .order_by()
        .values_list("metric_id", flat=True)
        .distinct()
    )
    found |= set(
        Standing.objects.filter(group_id__in=ids).values_list("metric_id", flat=True)
    )
    comparators = [
        c
        for c in ComparatorGroup.objects.filter(pk__in=ids).values_list(
            "comparator_id", flat=True
        )
        if c is not None
    ]
    found |= set(
        ComparatorValue.objects.filter(comparator_id__in=comparators)
        .order_by()
        .values_list("metric_id", flat=True)
        .distinct()
    )
    # A target names a group by the words the engine reads (names_group): every
    # wording in use is checked against the changed groups, so "national average"
    # and "statistical neighbours" find their groups as the verdicts do.
    changed = list(
        ComparatorGroup.objects.filter(pk__in=ids).select_related("comparator")
    )
    wordings = set(
        Target.objects.exclude(comparator_name="")
        .order_by()
        .values_list("comparator_name", flat=True)
        .distinct()
    )
    naming = [
        words
        for words in wordings
        if any(group_named(words, [group]) is not None for group in changed)
    ]
    if naming:
        found |= set(
            Target.objects.filter(comparator_name__in=naming)
            .values_list("metric_id", flat=True)
            .distinct()
        )
    return sorted(found)


def standings_refresh_for_groups(*, group_ids: Collection[int]) -> int:
    """Refresh the standings and the verdicts of every metric a change to these
    groups (a membership, a version, the group itself) can move, in the caller's
    transaction. Returns how many metrics were refreshed."""
    from scorecard.services.verdicts import calculated_verdicts_refresh

    metric_ids = metrics_of_groups(group_ids)
    # calculated_verdicts_refresh refreshes the standings first.
    calculated_verdicts_refresh(metric_ids=metric_ids)
    return len(metric_ids)
