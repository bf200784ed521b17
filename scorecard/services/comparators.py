"""Comparators and their figures: each figure recorded as the next revision of the
comparator's figure for a metric and period, never an overwrite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from scorecard.domain.figures import figure_period_error
from scorecard.domain.groups import group_kind_for_comparator
from scorecard.models import Comparator, ComparatorGroup, ComparatorValue, Metric
from scorecard.services.values import metric_figure_check, period_from_input
from scorecard.services.verdicts import calculated_verdicts_refresh


@transaction.atomic
def comparators_ensure(*, named: Iterable[tuple[str, str]]) -> dict[str, Comparator]:
    """The comparators named (name, kind), found by name whatever its case or
    created with that kind; keyed by the casefolded name."""
    found = {c.name.casefold(): c for c in Comparator.objects.all()}
    for name, kind in named:
        key = name.casefold()
        if key in found:
            continue
        comparator = Comparator(name=name, kind=kind)
        comparator.full_clean()
        comparator.save()
        comparator_group_ensure(comparator=comparator)
        found[key] = comparator
    return found


def comparator_group_ensure(*, comparator: Comparator) -> ComparatorGroup:
    """The comparator group whose published figures are ``comparator``'s: a named
    comparator series is a group with published figures (and, until someone
    uploads its members, none)."""
    try:
        return comparator.group
    except ComparatorGroup.DoesNotExist:
        pass
    group = ComparatorGroup.objects.filter(name__iexact=comparator.name).first()
    if group is None:
        group = ComparatorGroup(
            name=comparator.name,
            kind=group_kind_for_comparator(
                comparator.name, comparator.kind == Comparator.Kind.NATIONAL
            ),
        )
    if group.comparator_id is None:
        group.comparator = comparator
        group.full_clean()
        group.save()
    return group


@transaction.atomic
def comparator_value_record(
    *,
    metric: Metric,
    comparator: Comparator,
    period: str,
    text: str,
    period_label: str = "",
    strict: bool = True,
    today: dt.date | None = None,
) -> ComparatorValue:
    """Record a comparator's figure for a metric as its next revision, checked
    against the metric's kind of figure and unit as the metric's own figures are
    (metric_value_record): ``strict`` refuses a figure it does not take, or for a
    period that has not started, with a ValidationError naming the field; not
    strict keeps it as text with no number. Refreshes the metric's verdicts (a
    comparator target reads it)."""
    read = period_from_input(period)
    check = metric_figure_check(metric=metric, text=text)
    too_early = figure_period_error(read, today=today or timezone.localdate())
    if strict and (too_early or not check.ok):
        errors = {"value_text": check.error} if check.error else {}
        if too_early:
            errors["period"] = too_early
        raise ValidationError(errors)
    latest = (
        ComparatorValue.objects.select_for_update()
        .filter(comparator=comparator, metric=metric, period=str(read))
        .aggregate(revision=Max("revision"))["revision"]
    )
    value = ComparatorValue(
        comparator=comparator,
        metric=metric,
        period=str(read),
        period_label=period_label,
        revision=(latest or 0) + 1,
        value_text=text,
        value_number=None if too_early else check.number,
    )
    value.full_clean()
    value.save()
    calculated_verdicts_refresh(metric_ids=[metric.pk])
    return value
