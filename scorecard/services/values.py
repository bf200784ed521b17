"""A metric's figures: each one recorded as the next revision, never an overwrite."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from coventry_pm.accounts.models import User
from scorecard.domain.periods import Period
from scorecard.domain.values import parse_value
from scorecard.models import Metric, MetricValue, Submission

STORED_PLACES = Decimal("0.000001")


def _stored(number: Decimal | None) -> Decimal | None:
    """Round to the six decimal places the database keeps."""
    return None if number is None else number.quantize(STORED_PLACES)


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
) -> MetricValue:
    """Record a figure as the next revision for its period, scope and breakdown.

    The text is kept as written and parsed into the metric's unit (a count "x out of
    y" also gives numerator and denominator). Earlier revisions are never changed.
    """
    Period.parse(period)  # a clear ValueError for a period that cannot be read
    parsed = parse_value(text, unit=metric.unit, scale=metric.ordinal_scale)
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
        value_number=_stored(parsed.number),
        numerator=numerator if numerator is not None else parsed.numerator,
        denominator=denominator if denominator is not None else parsed.denominator,
        lower_ci=lower_ci,
        upper_ci=upper_ci,
        note=note,
        approval=approval,
        submission=submission,
        entered_by=entered_by,
    )
    value.full_clean()
    value.save()
    return value
