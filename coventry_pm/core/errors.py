"""The one adapter between the services' refusals and the people who see them.

A service refuses with one of four errors (STYLE.md rule 8):

- Django's ValidationError: fields that cannot be kept, each named;
- ConflictError: the write was based on a stale version of the record;
- PermissionDeniedError: the person may not take the step;
- NotFoundError: a record named in the request that the person may not see;
- ApplicationError: any other rule of the product (a step out of order, a
  duplicate).

On a page (``page_call``): the field messages go beside their fields (or at the top
of the form), a conflict or another rule's message at the top of the form (beside
its field, when the rule names one in ``extra["field"]``), or, with
no form, in the page's messages; a permission refusal is the 403 page.

In the API (``api_error_response``, called by the API's exception handler): each
is a status and the one error shape, {"detail": …, "code": …, **extra}, and a
ValidationError is a 400 naming each field with its messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from rest_framework import serializers, status
from rest_framework.response import Response

from coventry_pm.core.exceptions import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from coventry_pm.core.forms import add_service_errors

R = TypeVar("R")

STATUS_FOR: dict[type[ApplicationError], int] = {
    ConflictError: status.HTTP_409_CONFLICT,
    PermissionDeniedError: status.HTTP_403_FORBIDDEN,
    NotFoundError: status.HTTP_404_NOT_FOUND,
}


def status_for(error: ApplicationError) -> int:
    """The HTTP status of a service's refusal (400 for a rule not listed)."""
    for kind, code in STATUS_FOR.items():
        if isinstance(error, kind):
            return int(code)
    return int(status.HTTP_400_BAD_REQUEST)


# --- Pages -----------------------------------------------------------------------


def show_on_page(
    request: HttpRequest, error: Exception, *, form: forms.Form | None = None
) -> None:
    """Show a service's refusal on the page: on the form when there is one, in the
    page's messages otherwise. A permission refusal is raised as Django's
    PermissionDenied (the 403 page), a hidden record as Http404; anything else
    is not a refusal and is raised again."""
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(error.message) from error
    if isinstance(error, NotFoundError):
        raise Http404(error.message) from error
    if isinstance(error, DjangoValidationError):
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, " ".join(error.messages))
    elif isinstance(error, ApplicationError):
        if form is not None:
            # A rule about one field names it (extra "field"): shown beside it.
            field = error.extra.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.error(request, error.message)
    else:
        raise error


def page_call(
    request: HttpRequest,
    service: Callable[..., R],
    *,
    form: forms.Form | None = None,
    **kwargs: Any,
) -> R | None:
    """Call one service for a page: its result, or None when it refused (and the
    refusal is shown, see show_on_page)."""
    try:
        return service(**kwargs)
    except (ApplicationError, DjangoValidationError) as error:
        show_on_page(request, error, form=form)
        return None


# --- The API ---------------------------------------------------------------------


def api_error_response(error: Exception) -> Response | None:
    """The API's answer to a service's refusal (None: not one of them)."""
    if isinstance(error, ApplicationError):
        return Response(
            {"detail": error.message, "code": type(error).__name__, **error.extra},
            status=status_for(error),
        )
    if isinstance(error, DjangoValidationError):
        return Response(
            serializers.as_serializer_error(error),
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None


def api_call(
    service: Callable[..., R],
    *,
    current: Callable[[], dict[str, Any]] | None = None,
    **kwargs: Any,
) -> R:
    """Call one service for the API. A ConflictError (stale ``version``) carries
    the record as it is now (``current``), so the caller can retry; every refusal
    is answered by api_error_response through the exception handler."""
    try:
        return service(**kwargs)
    except ConflictError as error:
        if current is not None:
            error.extra["current"] = current()
        raise
