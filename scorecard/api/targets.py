"""/api/v1/targets/: target rules; propose a target, endorse, agree and withdraw
a proposal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.core.api import (
    READERS,
    ReadOnlyViewSet,
    VersionSerializer,
    validated,
    write_responses,
)
from scorecard import services, workflow
from scorecard.api.helpers import (
    AGREERS,
    ENDORSERS,
    PROPOSAL_STEPS,
    TARGET_PROPOSERS,
    WITHDRAWERS,
    WORKFLOW_WRITERS,
    ProposalStepsMixin,
    metric_named,
)
from scorecard.api.serializers import TargetProposalSerializer, TargetSerializer
from scorecard.filters import TargetFilter
from scorecard.models import Target
from scorecard.selectors import of_visible_metrics


@extend_schema_view(
    list=extend_schema(summary="Target rules of the metrics you may see"),
)
class TargetViewSet(ProposalStepsMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Target rules, structured, with the text they were written as. Propose one,
    endorse (manager) and agree (the portfolio's cabinet member)."""

    record_argument = "target"  # the services' name for the record
    serializer_class = TargetSerializer
    permission_classes = [*READERS, *WORKFLOW_WRITERS]
    step_roles = {
        "create": TARGET_PROPOSERS,
        "endorse": ENDORSERS,
        "agree": AGREERS,
        "withdraw": WITHDRAWERS,
    }
    workflow = workflow
    workflow_steps = PROPOSAL_STEPS
    filterset_class = TargetFilter
    ordering_fields = ["period", "metric__code", "status"]
    ordering = ["metric__code", "period"]

    def get_queryset(self) -> QuerySet[Target]:
        return Target.objects.filter(
            of_visible_metrics(self.request.user)
        ).select_related("metric")

    def current(self, target: Target) -> Callable[[], dict[str, Any]]:
        return lambda: TargetSerializer(self.get_queryset().get(pk=target.pk)).data

    @extend_schema(
        summary="Propose a target for a period",
        request=TargetProposalSerializer,
        responses=write_responses(TargetSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        metric = metric_named(request, step=workflow.PROPOSE_TARGET)
        data = validated(TargetProposalSerializer, request.data)
        target = self.call_service(
            services.target_propose,
            metric=metric,
            period=data["period"],
            text=data["text"],
            user=request.user,
        )
        return Response(self.current(target)(), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Endorse a proposed target (the service's manager)",
        request=VersionSerializer,
        responses=write_responses(TargetSerializer),
    )
    @action(detail=True, methods=["post"])
    def endorse(self, request: Request, pk: str | None = None) -> Response:
        return self.proposal_step(request, services.target_endorse)

    @extend_schema(
        summary="Agree an endorsed target (the portfolio's cabinet member)",
        request=VersionSerializer,
        responses=write_responses(TargetSerializer),
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, pk: str | None = None) -> Response:
        return self.proposal_step(request, services.target_agree)

    @extend_schema(
        summary="Withdraw a target you proposed, before it is agreed",
        request=VersionSerializer,
        responses=write_responses(TargetSerializer),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self.proposal_step(request, services.target_withdraw)
