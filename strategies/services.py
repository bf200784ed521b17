"""Writes for the plan. Reviewed versions are never overwritten: revising makes a
new version, and agreeing it supersedes (but keeps) the one before."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from coventry_pm.core.exceptions import ApplicationError
from strategies.models import Objective, Plan, Priority


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
