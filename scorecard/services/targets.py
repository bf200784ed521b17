"""A metric's target rules: set from their text, structured, with the text kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from scorecard.domain.figures import (
    DIGITS_BEFORE_POINT,
    STORED_PLACES,
    TOO_LARGE,
    PlanSpan,
    target_period_error,
)
from scorecard.domain.targets import TargetKind, TargetRule, parse_target
from scorecard.models import Metric, Target
from scorecard.services.values import period_from_input
from scorecard.services.verdicts import calculated_verdicts_refresh
from strategies.models import Plan

LEVEL_TOO_LARGE = "the target's level is too large to store"


def target_fields(
    text: str, *, unit: str = "", scale: Sequence[str] | None = None
) -> dict[str, Any]:
    """The structured Target fields for a rule written as ``text`` (empty strings
    where the rule has nothing), keeping the text as written. The metric's unit and
    scale read "£1.2m" or "Good or better" the way the metric means them."""
    try:
        rule = parse_target(text, unit=unit, scale=scale)
    except ArithmeticError:
        # A level with too many digits for decimal arithmetic to scale
        # ("1000…000m"): kept as the text it is, flagged, never a server error.
        rule = TargetRule(text=text, kind=TargetKind.UNPARSED, flag=LEVEL_TOO_LARGE)
    if any(
        level is not None and abs(level) >= TOO_LARGE
        for level in (rule.value, rule.upper)
    ):
        rule = TargetRule(text=text, kind=TargetKind.UNPARSED, flag=LEVEL_TOO_LARGE)
    value = _stored(rule.value)
    return {
        "text": text,
        "kind": rule.kind.value,
        "operator": rule.operator or "",
        "value": value,
        "aim": rule.aim or "",
        "change_unit": rule.change_unit or "",
        "comparator_name": rule.comparator or "",
        "comparator_relation": rule.comparator_relation or "",
        "grade": rule.grade or "",
        "baseline_period": rule.baseline_period or "",
        "direction": rule.direction.value if rule.direction else "",
        "flag": rule.flag or "",
        "upper": _stored(rule.upper),
        "other_comparators": list(rule.other_comparators),
        "parts": list(rule.parts),
        "deadline": rule.deadline or "",
    }


def _stored(level: Decimal | None) -> Decimal | None:
    """A level kept to the column's six places, as a figure is ("0.0000001%" is 0,
    never "-0")."""
    if level is None:
        return None
    level = level.quantize(STORED_PLACES)
    return abs(level) if level == 0 else level


# The parts read from a target's text that are kept in columns of their own, in
# words, to say which one does not fit.
_READ_PARTS = {
    "comparator_name": "the comparator it names",
    "grade": "the grade it names",
    "baseline_period": "its baseline period",
    "change_unit": "its unit of change",
    "operator": "its comparison",
    "aim": "its aim",
    "comparator_relation": "its relation to the comparator",
    "direction": "its direction",
    "deadline": "the year it is due by",
}


def _refuse_parts_too_long(fields: dict[str, Any]) -> None:
    """Refuse, on the text, a target a part of which is longer than its column
    keeps ("Better than" a 120-character comparator name; the grade "Requires
    improvement" in a 10-character column), rather than let the model refuse a
    field the person never saw."""
    for name, part in _READ_PARTS.items():
        column = Target._meta.get_field(name)
        assert isinstance(column, models.CharField)
        read = str(fields[name])
        if column.max_length is not None and len(read) > column.max_length:
            shown = read if len(read) <= 40 else read[:37] + "…"
            raise ValidationError(
                {
                    "text": f"This target cannot be kept as written: {part} "
                    f"('{shown}') is longer than the {column.max_length} characters "
                    "kept for it."
                }
            )


def target_plans(metric: Metric) -> list[PlanSpan]:
    """The plans the metric is a headline metric of (any report year)."""
    plans = Plan.objects.filter(headline_metrics__metric=metric).distinct()
    return [PlanSpan(name=str(plan), end_year=plan.end_year) for plan in plans]


@transaction.atomic
def target_set(
    *,
    metric: Metric,
    period: str,
    text: str,
    set_by: User | None = None,
    status: str = Target.Status.AGREED,
    strict: bool = True,
    today: dt.date | None = None,
) -> Target:
    """Set (or replace) a metric's target rule for a period from its text. Text that
    cannot be parsed is kept and flagged; the history keeps what it was before.

    The period is stored normalised, so "2027/28" replaces the "2027-28" target:
    one target per metric and period. ``strict`` (a person setting it, the
    default): the period must be no later than a year after the end of the latest
    plan the metric is a headline metric of, or, for a metric in no plan, than
    the next financial year on ``today``. Not strict (published history
    being imported): any period that can be read. Raises ValidationError naming
    the field ("period", "text").
    """
    read = period_from_input(period)
    if strict:
        refusal = target_period_error(
            read, today=today or timezone.localdate(), plans=target_plans(metric)
        )
        if refusal is not None:
            raise ValidationError({"period": refusal})
    period = str(read)
    target = Target.objects.filter(metric=metric, period=period).first() or Target(
        metric=metric, period=period
    )
    fields = target_fields(text, unit=metric.unit, scale=metric.ordinal_scale)
    if fields["flag"] == LEVEL_TOO_LARGE:
        raise ValidationError(
            {
                "text": f"The target's level is too large: at most "
                f"{DIGITS_BEFORE_POINT} digits before the decimal point."
            }
        )
    _refuse_parts_too_long(fields)
    was_agreed = target.pk is not None and target.status == Target.Status.AGREED
    for field, value in fields.items():
        setattr(target, field, value)
    target.status = status
    target.set_by = set_by
    if status == Target.Status.PROPOSED:
        # A proposal made again (after it was withdrawn) starts afresh.
        target.endorsed_by = target.agreed_by = None
        target.endorsed_at = target.agreed_at = None
    if target.pk:
        target.version += 1
    target.full_clean()
    target.save()
    # Only agreed targets are assessed: a proposal changes a verdict only when it
    # replaces an agreed rule.
    if was_agreed or target.status == Target.Status.AGREED:
        calculated_verdicts_refresh(metric_ids=[metric.pk])
    return target
