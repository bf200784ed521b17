"""Agreeing metrics and targets: proposed → endorsed by the manager → agreed by the
portfolio's cabinet member. Only agreed ones are assessed and reported."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import Role, User
from coventry_pm.core.concurrency import check_version, lock_for_update
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from scorecard.models import Comment, Metric, Target
from scorecard.permissions import (
    can_agree_for_portfolio,
    can_edit_metric,
    can_endorse,
)
from scorecard.services.targets import target_set
from scorecard.services.values import period_from_input
from scorecard.services.verdicts import calculated_verdicts_refresh


def _next_metric_code() -> str:
    codes = Metric.objects.filter(code__startswith="PM").values_list("code", flat=True)
    numbers = [int(c[2:]) for c in codes if c[2:].isdigit()]
    return f"PM{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def metric_propose(*, user: User, team_id: int | None, **fields: Any) -> Metric:
    """An officer or manager proposes a new metric for their team."""
    if not (
        user.has_role(Role.OFFICER, Role.MANAGER)
        and (team_id == user.team_id or can_endorse(user, team_id))
    ):
        raise PermissionDeniedError("You may propose metrics for your own team only.")
    metric = Metric(
        code=_next_metric_code(),
        team_id=team_id,
        status=Metric.Status.PROPOSED,
        proposed_by=user,
        **fields,
    )
    metric.full_clean()
    metric.save()
    return metric


Agreeable = TypeVar("Agreeable", Metric, Target)


def _advance(
    record: Agreeable,
    *,
    user: User,
    expected_version: int | None,
    allowed: bool,
    refusal: str,
    step: str,
    out_of_order: str,
) -> Agreeable:
    """Move a proposal one step (proposed → endorsed, endorsed → agreed), keeping
    who did it and when."""
    check_version(record, expected_version)
    if not allowed:
        raise PermissionDeniedError(refusal)
    before, after = {
        "endorsed": (record.Status.PROPOSED, record.Status.ENDORSED),
        "agreed": (record.Status.ENDORSED, record.Status.AGREED),
    }[step]
    if record.status != before:
        raise ApplicationError(out_of_order)
    record.status = after
    setattr(record, f"{step}_by", user)
    setattr(record, f"{step}_at", timezone.now())
    record.version += 1
    record.save()
    return record


@transaction.atomic
def metric_endorse(
    *, metric: Metric, user: User, expected_version: int | None
) -> Metric:
    metric = lock_for_update(metric)
    return _advance(
        metric,
        user=user,
        expected_version=expected_version,
        allowed=can_endorse(user, metric.team_id),
        refusal="Only the service's manager endorses a metric.",
        step="endorsed",
        out_of_order="Only a proposed metric can be endorsed.",
    )


@transaction.atomic
def metric_agree(*, metric: Metric, user: User, expected_version: int | None) -> Metric:
    metric = lock_for_update(metric)
    return _advance(
        metric,
        user=user,
        expected_version=expected_version,
        allowed=can_agree_for_portfolio(user, metric.portfolio_id),
        refusal="Only the cabinet member for this metric's portfolio agrees it.",
        step="agreed",
        out_of_order="A metric is agreed after its manager endorses it.",
    )


@transaction.atomic
def target_propose(
    *,
    metric: Metric,
    period: str,
    text: str,
    user: User,
    today: dt.date | None = None,
) -> Target:
    """Propose a metric's target for a period (usually next year's). The period is
    read however it is written and must be one a target may be set for (see
    target_set); a ValidationError names the field otherwise."""
    if not (can_edit_metric(user, metric) or can_endorse(user, metric.team_id)):
        raise PermissionDeniedError("You may not propose targets for this metric.")
    period = str(period_from_input(period))
    existing = Target.objects.filter(metric=metric, period=period).first()
    if existing is not None and existing.status == Target.Status.AGREED:
        raise ApplicationError(
            f"The {period} target is already agreed; it can no longer be proposed."
        )
    return target_set(
        metric=metric,
        period=period,
        text=text,
        set_by=user,
        status=Target.Status.PROPOSED,
        today=today,
    )


@transaction.atomic
def target_endorse(
    *, target: Target, user: User, expected_version: int | None
) -> Target:
    target = lock_for_update(target)
    return _advance(
        target,
        user=user,
        expected_version=expected_version,
        allowed=can_endorse(user, target.metric.team_id),
        refusal="Only the service's manager endorses a target.",
        step="endorsed",
        out_of_order="Only a proposed target can be endorsed.",
    )


@transaction.atomic
def target_agree(*, target: Target, user: User, expected_version: int | None) -> Target:
    target = lock_for_update(target)
    agreed = _advance(
        target,
        user=user,
        expected_version=expected_version,
        allowed=can_agree_for_portfolio(user, target.metric.portfolio_id),
        refusal="Only the portfolio's cabinet member agrees a metric's targets.",
        step="agreed",
        out_of_order="A target is agreed after its manager endorses it.",
    )
    calculated_verdicts_refresh(metric_ids=[agreed.metric_id])
    return agreed


def comment_add(
    *, user: User, metric: Metric, text: str, target: Target | None = None
) -> Comment:
    """Any member of staff who can read the metric may comment on it."""
    from scorecard.selectors import metrics_visible_to

    if not metrics_visible_to(user).filter(pk=metric.pk).exists():
        raise PermissionDeniedError("You may not comment on this metric.")
    if target is not None and target.metric_id != metric.pk:
        raise ValidationError({"target": "The target belongs to another metric."})
    comment = Comment(metric=metric, target=target, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment
