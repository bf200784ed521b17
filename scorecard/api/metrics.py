"""/api/v1/metrics/: metric definitions; propose a metric, endorse, agree and
withdraw a proposal."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.accounts.models import User
from coventry_pm.core.api import (
    READERS,
    ReadOnlyViewSet,
    VersionSerializer,
    validated,
    write_responses,
)
from coventry_pm.core.exceptions import PermissionDeniedError
from scorecard import permissions, services, workflow
from scorecard.api.helpers import (
    AGREERS,
    ENDORSERS,
    PROPOSAL_STEPS,
    PROPOSERS,
    WITHDRAWERS,
    WORKFLOW_WRITERS,
    ProposalStepsMixin,
)
from scorecard.api.rows import ListRows
from scorecard.api.serializers import MetricProposalSerializer, MetricSerializer
from scorecard.filters import MetricFilter
from scorecard.models import Metric
from scorecard.selectors import metrics_visible_to


def proposal_team(request: Request, user: User) -> int | None:
    """The team a proposed metric is for, read before the rest of the body, since
    it decides whether the caller may propose it (403 otherwise). None named: the
    caller's own team, or, for a manager with no team, one of their service
    area's, as the page chooses (services.proposal_team_id). A value that is no
    team id is left for the serializer to refuse (400)."""
    data = request.data
    named = data.get("team") if isinstance(data, Mapping) else None
    if named is None or named == "":
        team_id = services.proposal_team_id(user)
    else:
        try:
            team_id = int(str(named))
        except ValueError:
            return None
    if not permissions.can_propose_metric(user, team_id):
        raise PermissionDeniedError(
            "You may propose metrics for your own team or service area only."
        )
    return team_id


def objective_ids(metric_ids: list[int]) -> dict[int, list[int]]:
    """Each metric's objectives' ids, in the objectives' order (as
    ``metric.objectives.all()`` gives them), in one query for a page."""
    ids: dict[int, list[int]] = {}
    links = (
        Metric.objectives.through.objects.filter(metric_id__in=metric_ids)
        .order_by("objective")
        .values_list("metric_id", "objective_id")
    )
    for metric_id, objective_id in links:
        ids.setdefault(metric_id, []).append(objective_id)
    return ids


def owner_name(row: dict[str, Any]) -> str | None:
    """The owner as ``str(user)`` names them, from the columns it reads."""
    if row["owner"] is None:
        return None
    return str(
        User(
            username=row["owner__username"],
            first_name=row["owner__first_name"],
            last_name=row["owner__last_name"],
        )
    )


OWNER_NAME_COLUMNS = ("owner__username", "owner__first_name", "owner__last_name")
METRIC_ROWS = ListRows(MetricSerializer, supplied=("owner_name", "objectives"))


@extend_schema_view(
    list=extend_schema(summary="Metrics you may see"),
    retrieve=extend_schema(summary="One metric, by code"),
)
class MetricViewSet(ProposalStepsMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Metric definitions; propose a new one, endorse (manager) and agree (the
    portfolio's cabinet member) proposals."""

    record_argument = "metric"  # the services' name for the record
    serializer_class = MetricSerializer
    permission_classes = [*READERS, *WORKFLOW_WRITERS]
    step_roles = {
        "create": PROPOSERS,
        "endorse": ENDORSERS,
        "agree": AGREERS,
        "withdraw": WITHDRAWERS,
    }
    workflow = workflow
    workflow_steps = PROPOSAL_STEPS
    filterset_class = MetricFilter
    lookup_field = "code"
    ordering_fields = ["code", "name", "perspective", "metric_type", "status"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Metric]:
        return metrics_visible_to(self.request.user).prefetch_related("objectives")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        metrics = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(METRIC_ROWS.rows(metrics, *OWNER_NAME_COLUMNS))
        assert page is not None
        objectives = objective_ids([row["id"] for row in page])
        return self.get_paginated_response(
            METRIC_ROWS.data(
                page,
                owner_name=owner_name,
                objectives=lambda row: objectives.get(row["id"], []),
            )
        )

    def current(self, metric: Metric) -> Callable[[], dict[str, Any]]:
        return lambda: MetricSerializer(self.get_queryset().get(pk=metric.pk)).data

    @extend_schema(
        summary="Propose a metric",
        request=MetricProposalSerializer,
        responses=write_responses(MetricSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        assert isinstance(user, User)
        team_id = proposal_team(request, user)
        fields = validated(MetricProposalSerializer, request.data)
        fields.pop("team", None)
        metric = self.call_service(
            services.metric_propose, user=user, team_id=team_id, **fields
        )
        return Response(
            MetricSerializer(self.get_queryset().get(pk=metric.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Endorse a proposed metric (the service's manager)",
        request=VersionSerializer,
        responses=write_responses(MetricSerializer),
    )
    @action(detail=True, methods=["post"])
    def endorse(self, request: Request, code: str | None = None) -> Response:
        return self.proposal_step(request, services.metric_endorse)

    @extend_schema(
        summary="Agree an endorsed metric (the portfolio's cabinet member)",
        request=VersionSerializer,
        responses=write_responses(MetricSerializer),
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, code: str | None = None) -> Response:
        return self.proposal_step(request, services.metric_agree)

    @extend_schema(
        summary="Withdraw a metric you proposed, before it is agreed",
        request=VersionSerializer,
        responses=write_responses(MetricSerializer),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, code: str | None = None) -> Response:
        return self.proposal_step(request, services.metric_withdraw)
