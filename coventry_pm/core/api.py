"""The API's one error shape: ApplicationError and its subclasses become
{"detail": message, "code": …, **extra}, with its status (409: a stale write)."""

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

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
