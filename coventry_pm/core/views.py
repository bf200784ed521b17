import logging
import sys

from celery import current_app as celery_app
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

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_administer_performance
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

# The error pages' JSON under /api/, for a URL no endpoint answers (DRF answers
# its own endpoints' errors, in the API's error shape, before these are reached).
_API_ERRORS = {
    403: ("You do not have permission to perform this action.", "permission_denied"),
    404: ("Not found.", "not_found"),
    429: ("Request was throttled.", "throttled"),
    500: ("A server error occurred.", "server_error"),
}

# The last resort: the 500 page itself could not be rendered (a broken template).
_BARE_500 = (
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, something went wrong – Coventry performance</title></head>"
    '<body><main id="main"><h1>Sorry, something went wrong</h1>'
    "<p>Try again in a few minutes. If it keeps happening, tell the insight team "
    "and quote reference <code>{request_id}</code>.</p>"
    '<p><a href="/">Go to your home page</a></p></main></body></html>'
)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int, **extra: object) -> JsonResponse:
    detail, code = _API_ERRORS[status]
    return JsonResponse({"detail": detail, "code": code, **extra}, status=status)


def _error_page(
    request: HttpRequest, template: str, status: int, context: dict[str, object]
) -> HttpResponse:
    return render(
        request,
        template,
        {"support_email": settings.SUPPORT_EMAIL, **context},
        status=status,
    )


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: the product's page (sign in, or go home), JSON under /api/. A
    refusal that says why (a service's PermissionDeniedError, which page_call
    raises as PermissionDenied with its message) says it on the page."""
    if _is_api(request):
        return _api_error(403)
    reason = str(exception) if isinstance(exception, PermissionDenied) else ""
    return _error_page(request, "403.html", 403, {"reason": reason})


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form refused for its CSRF token (expired, or from
    another session) is the 403 page saying to reload and send it again."""
    if _is_api(request):
        return _api_error(403)
    return _error_page(request, "403.html", 403, {"csrf_failed": True})


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the product's page (go home, sign in), JSON under /api/. A
    hidden object is a 404 too, so the page does not say whether it exists."""
    if _is_api(request):
        return _api_error(404)
    return _error_page(request, "404.html", 404, {})


def too_many_requests(
    request: HttpRequest, *, retry_after: int | None = None, message: str = ""
) -> HttpResponse:
    """The 429 page of anything throttled (two-factor codes): how long to wait,
    with Retry-After when that is known; JSON under /api/."""
    response: HttpResponse
    if _is_api(request):
        response = _api_error(429)
    else:
        minutes = -(-retry_after // 60) if retry_after else None
        response = _error_page(
            request, "429.html", 429, {"message": message, "retry_minutes": minutes}
        )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database is a 503 with Retry-After ("try again in a
    moment"); anything else is the product's 500 page with the request id to
    quote. JSON under /api/; never a stack trace.

    Both pages are rendered without the request context: the context processors
    read the database, which may be what failed. Should the 500 page itself fail
    to render, a bare page still gives the request id.
    """
    error = sys.exc_info()[1]
    request_id = request_id_var.get()
    if not isinstance(error, _UNAVAILABLE):
        if _is_api(request):
            return _api_error(500, request_id=request_id)
        try:
            body = loader.get_template("500.html").render(
                {"request_id": request_id, "support_email": settings.SUPPORT_EMAIL}
            )
        except Exception:
            logger.exception("the 500 page could not be rendered")
            body = _BARE_500.format(request_id=request_id)
        return HttpResponse(body, status=500)
    if _is_api(request):
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
            {"request_id": request_id, "support_email": settings.SUPPORT_EMAIL}
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
