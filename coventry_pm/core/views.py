import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import server_error as django_server_error

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.celery import app as celery_app
from coventry_pm.core import services
from coventry_pm.core.exceptions import ApplicationError
from coventry_pm.core.logs import request_id_var
from coventry_pm.core.selectors import (
    task_failures_open,
    task_failures_recently_resolved,
)

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database (and the broker, if one is configured) answer; 503
    naming the part that does not. Each check gives up within a few seconds
    (DATABASE_CONNECT_TIMEOUT, the broker's connect timeout)."""
    checks = {"database": _database_ok()}
    if settings.BROKER_CONFIGURED:
        checks["broker"] = _broker_ok()
    healthy = all(checks.values())
    if not healthy:
        logger.warning("health check failed", extra={"checks": checks})
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


# The errors that mean "the database is not there just now" (restarting, failing
# over, out of connections) rather than a bug; IntegrityError and the like stay 500s.
_UNAVAILABLE = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database is a 503 with Retry-After ("try again in a
    moment"), JSON under /api/, never a stack trace; anything else is Django's 500.

    The page is rendered without the request context, because the context
    processors read the database that is not answering.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, _UNAVAILABLE):
        return django_server_error(request)
    request_id = request_id_var.get()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": "The service is briefly unavailable. Try again shortly.",
                "code": "service_unavailable",
                "request_id": request_id,
            },
            status=503,
        )
    else:
        body = loader.get_template("core/unavailable.html").render(
            {"request_id": request_id}
        )
        response = HttpResponse(body, status=503)
    response["Retry-After"] = "5"
    return response


def _administrator(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not can_administer_performance(user):
        raise PermissionDenied
    return user


@never_cache
@require_GET
def task_failures(request: HttpRequest) -> HttpResponse:
    """The performance administrator's view of background work that failed or could
    not be queued, with the health of the database and the broker."""
    _administrator(request)
    return render(
        request,
        "core/task_failures.html",
        {
            "open": task_failures_open()[:200],
            "open_count": task_failures_open().count(),
            "resolved": task_failures_recently_resolved(),
            "broker_configured": settings.BROKER_CONFIGURED,
        },
    )


@require_POST
def task_failure_act(request: HttpRequest, pk: int) -> HttpResponse:
    user = _administrator(request)
    failure = get_object_or_404(task_failures_open(), pk=pk)
    try:
        if request.POST.get("action") == "requeue":
            services.task_failure_requeue(failure=failure, user=user)
            messages.success(request, f"Queued again: {failure.task_name}.")
        else:
            services.task_failure_dismiss(failure=failure, user=user)
            messages.success(request, f"Dismissed: {failure.task_name}.")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("core:task_failures")
