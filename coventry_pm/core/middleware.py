import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class LoginRequiredByDefaultMiddleware(LoginRequiredMiddleware):
    """Every page needs sign-in unless its view is marked ``@login_not_required``.

    The API is left to DRF, whose default permission is IsAuthenticated, so a script
    gets 401/403 rather than a redirect to the sign-in page.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


LAST_ACTIVITY_KEY = "last_activity"
# Write the time of the last request at most this often (seconds), so a busy page
# does not save its session on every request.
ACTIVITY_RESOLUTION = 60


def start_idle_clock(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Signing in starts the clock (connected to user_logged_in), so the first
    request after it does not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Signs a person out after SESSION_IDLE_TIMEOUT seconds without a request, and
    tells them why on the sign-in page."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        timeout = settings.SESSION_IDLE_TIMEOUT
        if timeout and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - int(last) > timeout:
                logout(request)
                return self._signed_out(request, timeout)
            if last is None or now - int(last) >= ACTIVITY_RESOLUTION:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _signed_out(request: HttpRequest, timeout: int) -> HttpResponseBase:
        message = (
            f"You were signed out after {timeout // 60} minutes without activity. "
            "Sign in again to carry on."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=401)
        messages.info(request, message)
        login = reverse("login")
        return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")


class TwoFactorRequiredMiddleware:
    """Someone signed in without a second step, whose role needs one (or who has
    set one up), reaches only the two-factor pages and signing out until they pass
    it: pages redirect there, the API answers 403."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        from coventry_pm.accounts import two_factor

        user = request.user
        if (
            user.is_authenticated
            and not self._exempt(request.path)
            and not two_factor.is_verified(request)
        ):
            enrolled = two_factor.has_two_factor(user)
            if enrolled or two_factor.two_factor_required_for(user):
                return self._refuse(request, enrolled=enrolled)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("two_factor_verify"),
            reverse("two_factor_settings"),
            reverse("two_factor_setup"),
            reverse("logout"),
            reverse("login"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(allowed) or path == "/healthz"

    @staticmethod
    def _refuse(request: HttpRequest, *, enrolled: bool) -> HttpResponseBase:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "Two-factor sign-in is needed: sign in with your code."},
                status=403,
            )
        target = reverse("two_factor_verify" if enrolled else "two_factor_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
