"""A metric's target rules: set from their text, structured, with the text kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from coventry_pm.accounts.models import User
from scorecard.domain.periods import Period
from scorecard.domain.targets import parse_target
from scorecard.models import Metric, Target
from scorecard.services.verdicts import calculated_verdicts_refresh


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
    try:
        Period.parse(period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from error
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
    # Only agreed targets are assessed; a proposal changes no verdict yet.
    if target.status == Target.Status.AGREED:
        calculated_verdicts_refresh(metric_ids=[metric.pk])
    return target
