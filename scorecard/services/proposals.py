"""Agreeing metrics and targets: proposed → endorsed (by the service's manager, or the
performance administrator when the manager proposed it) → agreed by the portfolio's
cabinet member, or withdrawn by its proposer. Only agreed ones are assessed and
reported. Who may take each step, and when, is the workflow's
(scorecard/workflow.py): the services ask it and nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import Team, User
from coventry_pm.accounts.permissions import teams_managed_by
from coventry_pm.core.concurrency import check_version, lock_for_update
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from scorecard import workflow
from scorecard.models import Comment, Metric, Target
from scorecard.permissions import can_propose_metric
from scorecard.services.targets import target_set
from scorecard.services.values import period_from_input
from scorecard.services.verdicts import calculated_verdicts_refresh


def _next_metric_code() -> str:
    codes = Metric.objects.filter(code__startswith="PM").values_list("code", flat=True)
    numbers = [int(c[2:]) for c in codes if c[2:].isdigit()]
    return f"PM{max(numbers, default=0) + 1:04d}"


def proposal_team_id(user: User) -> int | None:
    """The team a proposal is for when its proposer names none: their own, or, for
    a manager with no team of their own, the first of their service area's."""
    if user.team_id is not None:
        return user.team_id
    team = Team.objects.filter(teams_managed_by(user)).order_by("pk").first()
    return team.pk if team else None


@transaction.atomic
def metric_propose(*, user: User, team_id: int | None = None, **fields: Any) -> Metric:
    """An officer proposes a new metric for their team, a manager for a team of their
    service area (``team_id`` None: see proposal_team_id). Raises
    PermissionDeniedError for anyone else, ValidationError naming each bad field."""
    if team_id is None:
        team_id = proposal_team_id(user)
    if not can_propose_metric(user, team_id):
        raise PermissionDeniedError(
            "You may propose metrics for your own team or service area only."
        )
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
    record: Agreeable, *, user: User, expected_version: int | None, step: str
) -> Agreeable:
    """Take a proposal one step (endorse, agree, withdraw), keeping who did it and
    when where the record has a place for it (the history keeps every step)."""
    workflow.require_permission(user, record, step)
    check_version(record, expected_version)
    transition = workflow.require(user, record, step)
    assert transition.target is not None
    record.status = transition.target
    if step in (workflow.ENDORSE, workflow.AGREE):
        setattr(record, f"{step}d_by", user)
        setattr(record, f"{step}d_at", timezone.now())
    record.version += 1
    record.save()
    return record


@transaction.atomic
def metric_endorse(
    *, metric: Metric, user: User, expected_version: int | None
) -> Metric:
    return _advance(
        lock_for_update(metric),
        user=user,
        expected_version=expected_version,
        step=workflow.ENDORSE,
    )


@transaction.atomic
def metric_agree(*, metric: Metric, user: User, expected_version: int | None) -> Metric:
    return _advance(
        lock_for_update(metric),
        user=user,
        expected_version=expected_version,
        step=workflow.AGREE,
    )


@transaction.atomic
def metric_withdraw(
    *, metric: Metric, user: User, expected_version: int | None
) -> Metric:
    """Its proposer withdraws a metric not yet agreed; the history keeps it."""
    return _advance(
        lock_for_update(metric),
        user=user,
        expected_version=expected_version,
        step=workflow.WITHDRAW,
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
    workflow.require(user, metric, workflow.PROPOSE_TARGET)
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
    return _advance(
        _locked_target(target),
        user=user,
        expected_version=expected_version,
        step=workflow.ENDORSE,
    )


@transaction.atomic
def target_agree(*, target: Target, user: User, expected_version: int | None) -> Target:
    agreed = _advance(
        _locked_target(target),
        user=user,
        expected_version=expected_version,
        step=workflow.AGREE,
    )
    calculated_verdicts_refresh(metric_ids=[agreed.metric_id])
    return agreed


@transaction.atomic
def target_withdraw(
    *, target: Target, user: User, expected_version: int | None
) -> Target:
    """Its proposer withdraws a target not yet agreed; the history keeps it, and
    the period can be proposed again."""
    return _advance(
        _locked_target(target),
        user=user,
        expected_version=expected_version,
        step=workflow.WITHDRAW,
    )


def _locked_target(target: Target) -> Target:
    """The target's row locked, keeping the metric already read (it never
    changes), so the policy's questions do not read it again."""
    locked = lock_for_update(target)
    if Target.metric.is_cached(target) and locked.metric_id == target.metric_id:
        locked.metric = target.metric
    return locked


def comment_add(
    *, user: User, metric: Metric, text: str, target: Target | None = None
) -> Comment:
    """Staff and cabinet members who can read the metric comment on it (not on a
    withdrawn one)."""
    from scorecard.selectors import metrics_visible_to

    if not metrics_visible_to(user).filter(pk=metric.pk).exists():
        raise PermissionDeniedError("You may not comment on this metric.")
    workflow.require(user, metric, workflow.COMMENT)
    if target is not None and target.metric_id != metric.pk:
        raise ValidationError({"target": "The target belongs to another metric."})
    comment = Comment(metric=metric, target=target, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment
