"""/api/v1/comments/: colleagues' comments on metrics and their targets."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.core.api import (
    READERS,
    ServiceCallMixin,
    StepPermission,
    validated,
    write_responses,
)
from scorecard import services, workflow
from scorecard.api.helpers import COMMENTERS, metric_named
from scorecard.api.serializers import CommentInputSerializer, CommentSerializer
from scorecard.filters import CommentFilter
from scorecard.models import Comment, Target
from scorecard.selectors import of_visible_metrics


class CommentViewSet(
    ServiceCallMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """Colleagues' comments on metrics and their proposed targets."""

    serializer_class = CommentSerializer
    permission_classes = [*READERS, StepPermission]
    step_roles = {"create": COMMENTERS}
    filterset_class = CommentFilter
    ordering_fields = ["created_at"]
    ordering = ["created_at", "id"]

    def get_queryset(self) -> QuerySet[Comment]:
        return Comment.objects.filter(
            of_visible_metrics(self.request.user)
        ).select_related("metric", "author")

    @extend_schema(
        summary="Comment on a metric or one of its targets",
        request=CommentInputSerializer,
        responses=write_responses(CommentSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        metric = metric_named(request, step=workflow.COMMENT)
        data = validated(CommentInputSerializer, request.data)
        target = None
        if data.get("target") is not None:
            target = Target.objects.filter(pk=data["target"], metric=metric).first()
            if target is None:
                raise DRFValidationError({"target": "No such target of this metric."})
        comment = self.call_service(
            services.comment_add,
            user=request.user,
            metric=metric,
            text=data["text"],
            target=target,
        )
        return Response(
            CommentSerializer(self.get_queryset().get(pk=comment.pk)).data,
            status=status.HTTP_201_CREATED,
        )
