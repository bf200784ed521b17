"""Shared by every app's API module: the permission classes, the service-call
mixin, the version and review serializers, and the one error shape.

The error shape: ApplicationError and its subclasses become
{"detail": message, "code": …, **extra}, with its status (409: a stale write).
A read refused for its query parameters (a filter or ?year= that cannot be read)
has the same shape, naming each parameter with its messages:
{"detail": "year: A year such as …", "code": "InvalidQuery", "year": ["A year …"]}.

The schema says so: ``document_query_errors`` (a drf-spectacular postprocessing
hook) gives every read with query parameters its 400, and ``version`` stays
required in PATCH bodies, as the views require it."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from coventry_pm.accounts.permissions import (
    can_read_any_metric,
    can_read_plan,
    can_review_work,
    is_member,
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


INVALID_QUERY = "InvalidQuery"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        code = STATUS_FOR.get(type(exc), status.HTTP_400_BAD_REQUEST)
        return Response(
            {"detail": exc.message, "code": type(exc).__name__, **exc.extra},
            status=code,
        )
    request = context.get("request")
    if (
        isinstance(exc, DRFValidationError)
        and request is not None
        and request.method in SAFE_METHODS
    ):
        return Response(query_error_body(exc.detail), status=exc.status_code)
    return drf_exception_handler(exc, context)


def query_error_body(detail: Any) -> dict[str, Any]:
    """A read's refused query parameters in the one error shape: ``detail`` says
    what was wrong with each, and each parameter is a key holding its messages."""
    if isinstance(detail, dict):
        by_parameter = {
            str(name): [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for name, msgs in detail.items()
        }
    else:
        messages = detail if isinstance(detail, list) else [detail]
        by_parameter = {"non_field_errors": [str(m) for m in messages]}
    summary = " ".join(
        " ".join(msgs) if name == "non_field_errors" else f"{name}: {' '.join(msgs)}"
        for name, msgs in by_parameter.items()
    )
    # A parameter is never called detail or code; should one be, detail says it.
    fields = {k: v for k, v in by_parameter.items() if k not in ("detail", "code")}
    return {"detail": summary, "code": INVALID_QUERY, **fields}


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
        from coventry_pm.accounts.models import Role

        user = request.user
        return is_member(user) and user.has_role(Role.OFFICER, Role.MANAGER)


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


QUERY_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "A query parameter that cannot be read: detail says what was wrong, and "
        "each parameter refused is a key holding its messages."
    ),
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "enum": [INVALID_QUERY]},
    },
    "required": ["detail", "code"],
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

# Query parameters never refused with a 400: an unknown ordering is ignored, a
# page that is not there is a 404, and the schema view's own (format, lang) are
# not the API's.
_NEVER_REFUSED = {"page", "ordering", "format", "lang"}


def document_query_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the schema tells the truth about
    refusals the views make for every operation alike.

    - A read with query parameters it may refuse (filters, ?year=) answers 400
      in the one error shape (QueryError).
    - ``version`` is required in a PATCH body: drf-spectacular makes every field
      of a PATCH body optional, but a write without the version it read is a 400.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for operations in result.get("paths", {}).values():
        read = operations.get("get")
        if read is None:
            continue
        refusable = [
            p
            for p in read.get("parameters", [])
            if p.get("in") == "query" and p.get("name") not in _NEVER_REFUSED
        ]
        if refusable:
            schemas["QueryError"] = QUERY_ERROR_SCHEMA
            read.setdefault("responses", {})["400"] = {
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/QueryError"}
                    }
                },
                "description": "A query parameter could not be read.",
            }
    for name, schema in schemas.items():
        if name.startswith("Patched") and "version" in schema.get("properties", {}):
            required = schema.setdefault("required", [])
            if "version" not in required:
                required.append("version")
    return result


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
