"""Reading the stored standings (issue 19): the selectors every page, export,
report and API endpoint use to say where a metric stands among its comparators.

**The group shown** for a metric in a year (one rule, here): the group its agreed
target for the year names ("Better than statistical neighbours"), else its primary
group (``Metric.primary_group``), else none. The rank a report's table, the tidy
export's ``rank`` column and the view per priority show is that group's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from scorecard.domain.groups import names_group, report_year_of
from scorecard.models import ComparatorGroup, Metric, Standing, Target


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
