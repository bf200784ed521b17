"""Shared by every app's API module: the permission classes, the service-call
mixin, the version and review serializers, and the one error shape.

The error shape: ApplicationError and its subclasses become
{"detail": message, "code": …, **extra}, with its status (403: a permission
refusal; 409: a stale write); a Django ValidationError a 400 naming each field.
Both are coventry_pm.core.errors' (the one adapter, shared with the pages).

Permission classes refuse with a PermissionDeniedError, so a refusal has the same
shape whether the view, the policy or a service made it; ``StepPermission`` and
``WorkflowStepPermission`` are the two every workflow endpoint uses (an app's
roles before the body is read; the app's ``allowed_actions`` on the record).
A read refused for its query parameters (a filter or ?year= that cannot be read)
has the same shape, naming each parameter with its messages:
{"detail": "year: A year such as …", "code": "InvalidQuery", "year": ["A year …"]}.

The schema says so: ``document_query_errors`` (a drf-spectacular postprocessing
hook) gives every read with query parameters its 400, and ``version`` stays
required in PATCH bodies, as the views require it."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import (
    can_read_any_metric,
    can_read_plan,
    can_review_work,
)
from coventry_pm.core.errors import api_call, api_error_response
from coventry_pm.core.exceptions import NotFoundError, PermissionDeniedError

INVALID_QUERY = "InvalidQuery"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    answer = api_error_response(exc)
    if answer is not None:
        return answer
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
    """Calls one service (coventry_pm.core.errors.api_call): a ConflictError
    (stale ``version``) carries the record as it is now, so the caller can retry;
    the exception handler gives every refusal its status and the error shape."""

    def call_service(
        self,
        service: Callable[..., R],
        *,
        current: Callable[[], dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> R:
        return api_call(service, current=current, **kwargs)


Person = User | AnonymousUser


class StepPermission(BasePermission):
    """Refuses, before the request's body is read, anyone whose roles can never take
    the view's step (403). The view names each step's role rule in ``step_roles``
    ({action: (rule, refusal)}); an action it does not name is not refused here
    (reads keep their own permission classes; an unknown method is a 405)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        roles: Mapping[str, tuple[Callable[[Person], bool], str]] = getattr(
            view, "step_roles", {}
        )
        rule = roles.get(getattr(view, "action", None) or "")
        if rule is not None and not rule[0](request.user):
            raise PermissionDeniedError(rule[1])
        return True


class WorkflowStepPermission(BasePermission):
    """A workflow step on an existing record: the app's policy decides. The view
    names the policy's step for each action in ``workflow_steps`` ({action: step})
    and the policy as ``workflow`` (a module with ``permitted_actions`` and
    ``allowed_actions``). A person the policy never lets take the step on this
    record is refused (403) before the body is read; one who may, but not in the
    record's present state, is let through, and the service says why it cannot be
    done now (400), after a stale version (409)."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        steps: Mapping[str, str] = getattr(view, "workflow_steps", {})
        step = steps.get(getattr(view, "action", None) or "")
        if step is None:
            return True
        policy = view.workflow
        if step in policy.allowed_actions(request.user, obj):
            return True
        if step not in policy.permitted_actions(request.user, obj):
            raise PermissionDeniedError(policy.refusal(obj, step))
        return True


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


# --------------------------------------------------------------------------------
# A record named in the body, read before the rest of it
# --------------------------------------------------------------------------------

M = TypeVar("M", bound=Model)

# The largest id a database integer holds (PostgreSQL's bigint, SQLite's integer).
LARGEST_ID = 2**63 - 1


def named_in_body(request: Request, field: str) -> Any:
    """One field of the request's body, read before the rest is validated (the
    record it names decides whether the caller may write at all). A 400 naming
    the field when it is missing."""
    data = request.data
    value = data.get(field) if isinstance(data, Mapping) else None
    if value is None or value == "":
        raise DRFValidationError({field: ["This field is required."]})
    return value


def record_named(
    request: Request,
    records: QuerySet[M],
    *,
    field: str,
    noun: str,
    by: str = "pk",
) -> M:
    """The record a write is for, named in the body's ``field`` by its id (or by
    the text field ``by``, such as a metric's code), read from ``records`` (what
    the caller may see) before any other field is checked.

    A value of the wrong kind is a 400 naming the field: an id is a whole number
    (or its digits as text), never true/false, a fraction, a list or an object;
    a code is text. One no record can have (an id out of the database's range, a
    code with a NUL byte, which PostgreSQL refuses in text, or longer than its
    column) is asked of no database. A record that is not there and one the
    caller may not see are the same 404, saying only what was asked for."""
    value = named_in_body(request, field)
    if by == "pk":
        key: Any = _id_in(value)
        if key is None:
            raise DRFValidationError(
                {field: [f"Name the {noun} by its id, a whole number."]}
            )
        findable = 0 < key <= LARGEST_ID
    else:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise DRFValidationError(
                {field: [f"Name the {noun} by its {by}, as text."]}
            )
        key = str(value)
        max_length = records.model._meta.get_field(by).max_length or 0
        findable = "\x00" not in key and len(key) <= max_length
    record = records.filter(**{by: key}).first() if findable else None
    if record is None:
        shown = value if len(str(value)) <= 100 else f"{str(value)[:100]}…"
        message = f"No {noun} {shown!r}."
        raise NotFoundError(message, extra={field: [message]})
    return record


def _id_in(value: Any) -> int | None:
    """The whole number ``value`` is (an int, or its ASCII digits as text), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        # More digits than any id has: out of range, without converting (a text
        # of thousands of digits is more than int() converts).
        return int(value) if len(value) <= 20 else LARGEST_ID + 1
    return None


class ReadOnlyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Any]
):
    permission_classes = READERS
