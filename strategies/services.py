"""Writes for the plan. Reviewed versions are never overwritten: revising makes a
new version, and agreeing it supersedes (but keeps) the one before."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coventry_pm.accounts.models import User
from coventry_pm.core.concurrency import check_version, lock_for_update
from coventry_pm.core.exceptions import ApplicationError
from strategies import workflow
from strategies.models import Action, Objective, Plan, Priority, ProgressUpdate


@transaction.atomic
def plan_revise(*, plan: Plan) -> Plan:
    """A new draft version of the plan with copies of its priorities and objectives.

    The version revised stays as it is, readable, until the new one is agreed.
    """
    if plan.status == Plan.Status.DRAFT:
        raise ApplicationError("A draft can be edited as it is; revise an agreed plan.")
    if plan.revisions.filter(status=Plan.Status.DRAFT).exists():
        raise ApplicationError(f"{plan} already has a draft revision.")
    latest = Plan.objects.filter(period=plan.period).aggregate(v=Max("version"))["v"]
    revision = Plan(
        name=plan.name,
        period=plan.period,
        start_year=plan.start_year,
        end_year=plan.end_year,
        vision=plan.vision,
        status=Plan.Status.DRAFT,
        version=latest + 1,
        previous_version=plan,
    )
    revision.full_clean()
    revision.save()
    for priority in plan.priorities.prefetch_related("objectives"):
        copy = Priority.objects.create(
            plan=revision,
            kind=priority.kind,
            title=priority.title,
            narrative=priority.narrative,
            sort_order=priority.sort_order,
        )
        Objective.objects.bulk_create(
            Objective(
                priority=copy,
                title=objective.title,
                narrative=objective.narrative,
                sort_order=objective.sort_order,
            )
            for objective in priority.objectives.all()
        )
    return revision


@transaction.atomic
def plan_agree(*, plan: Plan, agreed_on: dt.date) -> Plan:
    """Record Full Council's agreement; the version it replaces is superseded."""
    if plan.status != Plan.Status.DRAFT:
        raise ApplicationError(f"{plan} version {plan.version} is not a draft.")
    plan.status = Plan.Status.AGREED
    plan.agreed_on = agreed_on
    plan.full_clean()
    plan.save()
    Plan.objects.filter(period=plan.period).exclude(pk=plan.pk).filter(
        status=Plan.Status.AGREED
    ).update(status=Plan.Status.SUPERSEDED)
    return plan


# Action updates: an officer submits; a manager approves (the action then takes the
# update's status and percentage) or returns it with a comment. Who may, and when,
# is the workflow's (strategies/workflow.py): the services ask it and nothing else.


@transaction.atomic
def progress_update_submit(
    *,
    action: Action,
    user: User,
    status: str,
    percent_complete: int,
    narrative: str,
    expected_version: int | None,
    date: dt.date | None = None,
) -> ProgressUpdate:
    """Submit an update on an action for approval. Raises ConflictError for a stale
    action ``version``, PermissionDeniedError for someone who may not update the
    action, ApplicationError while another update awaits approval, and
    ValidationError naming each bad field."""
    workflow.require_permission(user, action, workflow.UPDATE)
    action = lock_for_update(action)
    check_version(action, expected_version)
    workflow.require(user, action, workflow.UPDATE)
    update = ProgressUpdate(
        action=action,
        date=date or timezone.localdate(),
        status=status,
        percent_complete=percent_complete,
        narrative=narrative.strip(),
        author=user,
        approval=ProgressUpdate.Approval.SUBMITTED,
    )
    update.full_clean()
    update.save()
    return update


def _review(
    update: ProgressUpdate,
    user: User,
    step: str,
    expected_version: int | None,
    comment: str,
) -> ProgressUpdate:
    workflow.require_permission(user, update, step)
    update = lock_for_update(update)
    check_version(update, expected_version)
    workflow.require(user, update, step)
    update.approval = workflow.UPDATE_TRANSITIONS[step].target
    update.reviewed_by = user
    update.reviewed_at = timezone.now()
    update.review_comment = comment
    update.version += 1
    update.save()
    return update


@transaction.atomic
def progress_update_approve(
    *,
    update: ProgressUpdate,
    user: User,
    expected_version: int | None,
    comment: str = "",
) -> ProgressUpdate:
    """Approve an update: the action takes its status and percentage. Raises
    ConflictError for a stale update ``version``."""
    update = _review(update, user, workflow.APPROVE, expected_version, comment)
    action = lock_for_update(update.action)
    action.status = update.status
    action.percent_complete = update.percent_complete
    action.version += 1
    action.full_clean()
    action.save()
    return update


@transaction.atomic
def progress_update_return(
    *, update: ProgressUpdate, user: User, expected_version: int | None, comment: str
) -> ProgressUpdate:
    """Return an update to its author, saying what needs to change. Raises
    ConflictError for a stale update ``version``."""
    workflow.require_permission(user, update, workflow.RETURN)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    return _review(update, user, workflow.RETURN, expected_version, comment)
