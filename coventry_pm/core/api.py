"""Shared by every app's API module: the permission classes, the service-call
mixin, the version and review serializers, and the one error shape.

The error shape: ApplicationError and its subclasses become
{"detail": message, "code": …, **extra}, with its status (409: a stale write)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from coventry_pm.accounts.permissions import (
    can_enter_figures,
    can_read_any_metric,
    can_read_plan,
    can_review_work,
)
from coventry_pm.core.exceptions import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)

STATUS_FOR = {
    ConflictError: status.HTTP_409_CONFLICT,
    PermissionDeniedError: status.HTTP_403_FORBIDDEN,
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        code = STATUS_FOR.get(type(exc), status.HTTP_400_BAD_REQUEST)
        return Response(
            {"detail": exc.message, "code": type(exc).__name__, **exc.extra},
            status=code,
        )
    return drf_exception_handler(exc, context)


class CanReadPlan(BasePermission):
    """Staff and members: the plan, its priorities and objectives, the summary."""

    message = "Your role does not give access to the plan."

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_read_plan(request.user)


class CanReadMetrics(BasePermission):
    """Staff and members, and partners (who see their strategies' records)."""

    message = "Your role does not give access to metrics and strategies."

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_read_any_metric(request.user)


class EntersFigures(BasePermission):
    """Officers and managers: the people who enter, submit and approve figures.
    Which ones each may touch is the selectors' and services' business."""

    message = "Only officers and managers enter and approve figures."

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_enter_figures(request.user)


class ReviewsWork(BasePermission):
    """Managers: approval queues. Which submissions each may review is the
    selectors' and services' business."""

    message = "Only managers approve or return work."

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_review_work(request.user)


READERS = [IsAuthenticated, CanReadMetrics]
REVIEWERS = [IsAuthenticated, ReviewsWork]
PLAN_READERS = [IsAuthenticated, CanReadPlan]

R = TypeVar("R")


class ServiceCallMixin:
    """Calls one service and gives its refusals the API's error shape: a Django
    ValidationError becomes a 400 with field messages; a ConflictError (stale
    ``version``) a 409 carrying the record as it is now, so the caller can retry."""

    def call_service(
        self,
        service: Callable[..., R],
        *,
        current: Callable[[], dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> R:
        try:
            return service(**kwargs)
        except DjangoValidationError as error:
            raise DRFValidationError(serializers.as_serializer_error(error)) from error
        except ConflictError as error:
            if current is not None:
                error.extra["current"] = current()
            raise


class VersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; a stale one gets 409."
    )


class ReviewSerializer(VersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnSerializer(VersionSerializer):
    comment = serializers.CharField(help_text="What needs to change.")


class ConflictSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.CharField()
    current_version = serializers.IntegerField()
    current = serializers.DictField(help_text="The record as it is now.")


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)


def write_responses(output: Any, *, created: bool = False) -> dict[int, Any]:
    return {
        (201 if created else 200): output,
        400: OpenApiResponse(description="A field or rule refused the write."),
        403: ErrorSerializer,
        404: ErrorSerializer,
        409: ConflictSerializer,
    }


def validated(
    serializer_class: type[serializers.Serializer[Any]], data: Any, **kw: Any
) -> dict[str, Any]:
    serializer = serializer_class(data=data, **kw)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ReadOnlyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Any]
):
    permission_classes = READERS
