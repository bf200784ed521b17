"""What the scorecard's workflows leave waiting for a person (coventry_pm.core.todo):
figures to approve and proposals to endorse or agree, each kept only when
``scorecard.workflow.allowed_actions`` lets the person take that step now; figures
returned to them; and, shown but not counted, what of theirs waits on someone
else (figures awaiting approval, proposals awaiting endorsement or agreement)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse

from coventry_pm.core.todo import WAITING, TodoItem
from scorecard import workflow
from scorecard.domain.periods import period_label
from scorecard.models import Metric, Submission, Target
from scorecard.selectors import approval_queue

# Enough for a home page: a longer queue is worked from its own page.
LIMIT = 50

APPROVE_FIGURES = "Figures to approve"
RETURNED = "Figures returned to you"
TO_ENDORSE = "Proposals to endorse"
TO_AGREE = "Metrics and targets to agree"
AWAITING_APPROVAL = "Your figures awaiting approval"
AWAITING_DECISION = "Your proposals awaiting a decision"


def _submission(item: Submission) -> str:
    return f"{item.metric.name}, {period_label(item.period)}"


def _submission_url(item: Submission) -> str:
    return reverse("scorecard:submission", args=[item.pk])


def _proposal_url(record: Metric | Target) -> str:
    metric = record.metric if isinstance(record, Target) else record
    anchor = "#targets" if isinstance(record, Target) else "#proposal"
    return metric.get_absolute_url() + anchor


def _proposal(record: Metric | Target) -> str:
    if isinstance(record, Target):
        return (
            f"target for {record.metric.name}, {period_label(record.period)}: "
            f"{record.text}"
        )
    return f"metric {record.name}"


def scorecard_todo(user: Any) -> Iterator[TodoItem]:
    metrics, targets = _open_proposals()
    yield from _figures_to_approve(user)
    yield from _returned(user)
    yield from _proposals(user, [*metrics, *targets])
    yield from _awaiting(user, [*metrics, *targets])


def _figures_to_approve(user: Any) -> Iterator[TodoItem]:
    for item in approval_queue(user)[:LIMIT]:
        if workflow.APPROVE in workflow.allowed_actions(user, item):
            yield TodoItem(
                group=APPROVE_FIGURES,
                label=f"Approve or return: {_submission(item)}",
                url=_submission_url(item),
                due=item.submitted_at.date() if item.submitted_at else None,
            )


def _returned(user: Any) -> Iterator[TodoItem]:
    returned = (
        Submission.objects.filter(status=Submission.Status.RETURNED)
        .filter(Q(created_by=user) | Q(metric__owner=user))
        .select_related("metric__team", "metric__portfolio")
        .order_by("reviewed_at", "pk")[:LIMIT]
    )
    for item in returned:
        if workflow.SUBMIT in workflow.allowed_actions(user, item):
            yield TodoItem(
                group=RETURNED,
                label=f"Correct and resubmit: {_submission(item)}",
                url=_submission_url(item),
                due=item.reviewed_at.date() if item.reviewed_at else None,
            )


def _open_proposals() -> tuple[list[Metric], list[Target]]:
    open_states = [Metric.Status.PROPOSED, Metric.Status.ENDORSED]
    metrics = list(
        Metric.objects.filter(status__in=open_states)
        .select_related("team__service", "portfolio")
        .order_by("pk")[:LIMIT]
    )
    targets = list(
        Target.objects.filter(status__in=open_states)
        .select_related("metric__team__service", "metric__portfolio")
        .order_by("pk")[:LIMIT]
    )
    return metrics, targets


def _proposals(user: Any, records: list[Metric | Target]) -> Iterator[TodoItem]:
    for record in records:
        allowed = workflow.allowed_actions(user, record)
        if workflow.ENDORSE in allowed:
            yield TodoItem(
                group=TO_ENDORSE,
                label=f"Endorse or not: {_proposal(record)}",
                url=_proposal_url(record),
            )
        elif workflow.AGREE in allowed:
            yield TodoItem(
                group=TO_AGREE,
                label=f"Agree or not: {_proposal(record)}",
                url=_proposal_url(record),
            )


def _awaiting(user: Any, records: list[Metric | Target]) -> Iterator[TodoItem]:
    submitted = (
        Submission.objects.filter(status=Submission.Status.SUBMITTED, created_by=user)
        .select_related("metric")
        .order_by("submitted_at", "pk")[:LIMIT]
    )
    for item in submitted:
        yield TodoItem(
            group=AWAITING_APPROVAL,
            label=f"Awaiting approval: {_submission(item)}",
            url=_submission_url(item),
            kind=WAITING,
            due=item.submitted_at.date() if item.submitted_at else None,
        )
    for record in records:
        author = (
            record.set_by_id if isinstance(record, Target) else record.proposed_by_id
        )
        if author != user.pk:
            continue
        waiting_on = (
            "endorsement" if record.status == Metric.Status.PROPOSED else "agreement"
        )
        yield TodoItem(
            group=AWAITING_DECISION,
            label=f"Awaiting {waiting_on}: {_proposal(record)}",
            url=_proposal_url(record),
            kind=WAITING,
        )
