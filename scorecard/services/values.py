"""A metric's figures: each one recorded as the next revision, never an overwrite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coventry_pm.accounts.models import User
from scorecard.domain.figures import (
    STORED_PLACES,
    FigureCheck,
    check_figure,
    figure_period_error,
)
from scorecard.domain.periods import Period, read_period
from scorecard.models import Metric, MetricValue, Submission
from scorecard.services.verdicts import calculated_verdicts_refresh

__all__ = [
    "STORED_PLACES",
    "metric_figure_check",
    "metric_value_record",
    "period_from_input",
]


def period_from_input(text: str, *, field: str = "period") -> Period:
    """The period however it is written (read_period), or a ValidationError on
    ``field`` saying what is expected. Services store ``str()`` of it, so "2027/28"
    and "2027-28" are one period."""
    try:
        return read_period(text)
    except ValueError as error:
        raise ValidationError({field: str(error)}) from None


def metric_figure_check(
    *,
    metric: Metric,
    text: str,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    lower_ci: Decimal | None = None,
    upper_ci: Decimal | None = None,
) -> FigureCheck:
    """A written figure checked against the metric's kind of figure, unit and scale
    (scorecard.domain.figures.check_figure)."""
    return check_figure(
        text,
        kind=metric.value_kind,
        unit=metric.unit,
        scale=metric.ordinal_scale,
        numerator=numerator,
        denominator=denominator,
        lower_ci=lower_ci,
        upper_ci=upper_ci,
    )


@transaction.atomic
def metric_value_record(
    *,
    metric: Metric,
    period: str,
    text: str,
    entered_by: User | None = None,
    period_label: str = "",
    data_status: str = MetricValue.DataStatus.FINAL,
    scope: str = "Coventry",
    breakdown: str = "",
    breakdown_group: str = "",
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    lower_ci: Decimal | None = None,
    upper_ci: Decimal | None = None,
    note: str = "",
    approval: str = MetricValue.Approval.APPROVED,
    submission: Submission | None = None,
    strict: bool = True,
    today: dt.date | None = None,
) -> MetricValue:
    """Record a figure as the next revision for its period, scope and breakdown.

    The text is kept as written and read into the metric's unit (a count "x out of
    y" also gives numerator and denominator); the period is stored normalised
    ("2024/25" is kept as "2024-25"). Earlier revisions are never changed.

    ``strict`` (a person typing it, the default): a figure its metric does not
    take, out of its unit's bounds or too large to store, or for a period that has
    not started by ``today``, is refused with a ValidationError naming the field
    ("value_text", "period", "numerator", "denominator", "lower_ci", "upper_ci").
    Not strict (a published file being imported): such a figure is kept as text
    with no number, so nothing is lost and nothing wrong is assessed; the caller
    warns with check_figure's message. A period that cannot be read is refused
    either way.
    """
    read = period_from_input(period)
    check = metric_figure_check(
        metric=metric,
        text=text,
        numerator=numerator,
        denominator=denominator,
        lower_ci=lower_ci,
        upper_ci=upper_ci,
    )
    too_early = figure_period_error(read, today=today or timezone.localdate())
    if strict and (too_early or not check.ok):
        errors = dict(check.errors)
        if too_early:
            errors["period"] = too_early
        raise ValidationError(errors)
    period = str(read)
    key = {
        "metric": metric,
        "period": period,
        "scope": scope,
        "breakdown": breakdown,
        "breakdown_group": breakdown_group,
    }
    latest = (
        MetricValue.objects.select_for_update()
        .filter(**key)
        .aggregate(revision=Max("revision"))["revision"]
    )
    value = MetricValue(
        **key,
        revision=(latest or 0) + 1,
        period_label=period_label,
        data_status=data_status,
        value_text=text,
        value_number=None if too_early else check.number,
        numerator=check.numerator,
        denominator=check.denominator,
        lower_ci=check.lower_ci,
        upper_ci=check.upper_ci,
        note=note,
        approval=approval,
        submission=submission,
        entered_by=entered_by,
    )
    value.full_clean()
    value.save()
    if approval == MetricValue.Approval.APPROVED:
        calculated_verdicts_refresh(metric_ids=[metric.pk])
    return value
