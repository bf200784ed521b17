"""What the action updates' workflow leaves waiting for a person
(coventry_pm.core.todo): updates to approve, kept only when
``strategies.workflow.allowed_actions`` lets the person approve them now; actions
whose latest update was returned, to update again; and, shown but not counted, the
person's own updates awaiting approval."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from coventry_pm.core.todo import WAITING, TodoItem
from strategies import workflow
from strategies.models import Action, ProgressUpdate
from strategies.selectors import updates_awaiting_review

LIMIT = 50

APPROVE_UPDATES = "Action updates to approve"
RETURNED = "Action updates returned to you"
AWAITING_APPROVAL = "Your action updates awaiting approval"


def strategies_todo(user: Any) -> Iterator[TodoItem]:
    for update in updates_awaiting_review(user)[:LIMIT]:
        if workflow.APPROVE in workflow.allowed_actions(user, update):
            yield TodoItem(
                group=APPROVE_UPDATES,
                label=f"Approve or return: the update on {update.action.title}",
                # Updates are approved on the approvals page, beside figures.
                url=reverse("scorecard:approvals"),
                due=update.date,
            )
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    returned = (
        Action.objects.annotate(
            latest_approval=Subquery(latest.values("approval")[:1]),
            latest_author=Subquery(latest.values("author")[:1]),
        )
        .filter(latest_approval=ProgressUpdate.Approval.RETURNED, latest_author=user.pk)
        .select_related("action_plan", "team")
        .order_by("pk")[:LIMIT]
    )
    for action in returned:
        if workflow.UPDATE in workflow.allowed_actions(user, action):
            yield TodoItem(
                group=RETURNED,
                label=f"Send a new update: {action.title}",
                url=reverse("strategies:action_update", args=[action.pk]),
            )
    mine = (
        ProgressUpdate.objects.filter(
            approval=ProgressUpdate.Approval.SUBMITTED, author=user
        )
        .select_related("action")
        .order_by("date", "pk")[:LIMIT]
    )
    for update in mine:
        yield TodoItem(
            group=AWAITING_APPROVAL,
            label=f"Awaiting approval: the update on {update.action.title}",
            url=reverse("scorecard:my_updates"),
            kind=WAITING,
            due=update.date,
        )
