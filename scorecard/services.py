"""Writes for the scorecard. Views, commands and tasks call these; none of them holds
the rules."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from coventry_pm.accounts.models import User
from scorecard.domain.periods import Period
from scorecard.domain.targets import parse_target
from scorecard.domain.values import parse_value
from scorecard.models import Metric, MetricValue, Target


def target_fields(
    text: str, *, unit: str = "", scale: Sequence[str] | None = None
) -> dict[str, Any]:
    """The structured Target fields for a rule written as ``text`` (empty strings
    where the rule has nothing), keeping the text as written. The metric's unit and
    scale read "£1.2m" or "Good or better" the way the metric means them."""
    rule = parse_target(text, unit=unit, scale=scale)
    return {
        "text": text,
        "kind": rule.kind.value,
        "operator": rule.operator or "",
        "value": rule.value,
        "aim": rule.aim or "",
        "change_unit": rule.change_unit or "",
        "comparator_name": rule.comparator or "",
        "comparator_relation": rule.comparator_relation or "",
        "grade": rule.grade or "",
        "baseline_period": rule.baseline_period or "",
        "direction": rule.direction.value if rule.direction else "",
        "flag": rule.flag or "",
    }


@transaction.atomic
def target_set(
    *,
    metric: Metric,
    period: str,
    text: str,
    set_by: User | None = None,
    status: str = Target.Status.AGREED,
) -> Target:
    """Set (or replace) a metric's target rule for a period from its text. Text that
    cannot be parsed is kept and flagged; the history keeps what it was before."""
    target = Target.objects.filter(metric=metric, period=period).first() or Target(
        metric=metric, period=period
    )
    fields = target_fields(text, unit=metric.unit, scale=metric.ordinal_scale)
    for field, value in fields.items():
        setattr(target, field, value)
    target.status = status
    target.set_by = set_by
    if target.pk:
        target.version += 1
    target.full_clean()
    target.save()
    return target


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
        entered_by=entered_by,
    )
    value.full_clean()
    value.save()
    return value
