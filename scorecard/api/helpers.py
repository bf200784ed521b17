"""Shared by the scorecard's viewsets: who may take each workflow step (asked
before the body is read), who enters figures, and the metric a new record's body
names (``metric_named``: 404 hidden, 403 not theirs, before any other field)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.core.api import (
    ServiceCallMixin,
    StepPermission,
    VersionSerializer,
    WorkflowStepPermission,
    record_named,
    validated,
)
from coventry_pm.core.exceptions import PermissionDeniedError
from scorecard import permissions, workflow
from scorecard.models import Metric
from scorecard.selectors import metrics_visible_to

# Who may take a workflow step, by role: asked before the request's body is read,
# so a person who may not gets 403 whatever they sent (the policy, and the services
# through it, ask again about the record).
PROPOSERS = (permissions.may_propose, "Only officers and managers propose metrics.")
TARGET_PROPOSERS = (
    permissions.may_propose,
    "Only officers and managers propose targets.",
)
ENDORSERS = (
    permissions.may_endorse,
    "Only the service's manager (or, for the manager's own proposals, the "
    "performance administrator) endorses a proposal.",
)
AGREERS = (
    permissions.may_agree,
    "Only the cabinet member for the portfolio agrees a proposal.",
)
WITHDRAWERS = (permissions.may_propose, "Only its proposer withdraws a proposal.")
FIGURE_REVIEWERS = (
    permissions.may_review_figures,
    "Only the manager of a metric's service approves or returns its figures, "
    "never their own.",
)
COMMENTERS = (
    permissions.may_comment,
    "Councillors and partners read comments; staff and cabinet members write them.",
)
PROPOSAL_STEPS = {
    "endorse": workflow.ENDORSE,
    "agree": workflow.AGREE,
    "withdraw": workflow.WITHDRAW,
}
WORKFLOW_WRITERS = [StepPermission, WorkflowStepPermission]


class EntersFigures(BasePermission):
    """Officers and managers: the people who enter, submit and approve figures.
    Which ones each may touch is the selectors' and the policy's business."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not permissions.can_enter_figures(request.user):
            raise PermissionDeniedError(
                "Only officers and managers enter and approve figures."
            )
        return True


def metric_named(request: Request, *, step: str, field: str = "metric") -> Metric:
    """The metric a new record is for, named by its code in the body
    (coventry_pm.core.api.record_named): 404 if the caller may not see it (or
    there is none), 403 if they may not take ``step`` on it, before any other
    field is checked."""
    metric = record_named(
        request,
        metrics_visible_to(request.user),  # type: ignore[arg-type]
        field=field,
        noun="metric",
        by="code",
    )
    workflow.require_permission(request.user, metric, step)
    return metric


class ProposalStepsMixin(ServiceCallMixin):
    """A proposal's steps (endorse, agree, withdraw) on a metric or a target: the
    body's version, the step's service on the record, and the record as it is now
    (as a conflict answers it too). ``record_argument`` is the services' name for
    the record; ``current(record)`` is the viewset's."""

    record_argument: str

    def proposal_step(self, request: Request, service: Callable[..., Any]) -> Response:
        record = self.get_object()  # type: ignore[attr-defined]
        data = validated(VersionSerializer, request.data)
        self.call_service(
            service,
            user=request.user,
            expected_version=data["version"],
            current=self.current(record),  # type: ignore[attr-defined]
            **{self.record_argument: record},
        )
        return Response(self.current(record)())  # type: ignore[attr-defined]
