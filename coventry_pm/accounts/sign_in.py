"""Signing in: the password step (DESIGN.md section 7), then, for people who have
set it up or whose role needs it, the two-factor step; setting two-factor up."""

from __future__ import annotations

import math
import time
from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.http import urlencode as _urlencode
from django.views.decorators.http import require_http_methods

from coventry_pm.accounts import two_factor
from coventry_pm.accounts.forms import CodeForm, SignInForm
from coventry_pm.accounts.models import User
from coventry_pm.audit.models import AccessEvent
from coventry_pm.audit.services import access_event_record
from coventry_pm.core.views import too_many_requests

# How long a right password waits for its code.
PENDING_SECONDS = 5 * 60
# After repeated wrong codes django-otp holds each device back (1, 2, 4, 8 … s);
# a wait longer than this is the "too many attempts" page rather than the form.
THROTTLED_PAGE_SECONDS = 5


class SignInView(LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user: User = form.get_user()
        if two_factor.has_two_factor(user):
            # Not signed in yet: the session only remembers whose code to ask for.
            self.request.session[two_factor.PENDING_SIGN_IN_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": int(time.time()),
                "next": self.get_success_url(),
            }
            return redirect("two_factor_verify")
        response = super().form_valid(form)
        if two_factor.two_factor_required_for(user):
            messages.info(
                self.request,
                "Your role needs two-factor sign-in. Set it up now to carry on.",
            )
            setup = reverse("two_factor_setup")
            return redirect(f"{setup}?{_urlencode({'next': self.get_success_url()})}")
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "locked_out", False):
            response.status_code = 429
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["sso_provider"] = settings.OIDC_PROVIDER_NAME
        context["sso_failed"] = "sso" in self.request.GET
        return context


def _next_url(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(two_factor.PENDING_SIGN_IN_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(two_factor.PENDING_SIGN_IN_KEY, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user else None


@login_not_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponseBase:
    """The second step: a code from the authenticator app, or a recovery code."""
    pending = _pending_user(request)
    signed_in = request.user.is_authenticated
    if pending is not None:
        user, details = pending
        fallback = details["next"]
    elif signed_in and two_factor.has_two_factor(request.user):  # type: ignore[arg-type]
        user, details, fallback = request.user, {}, reverse(settings.LOGIN_REDIRECT_URL)  # type: ignore[assignment]
        if two_factor.is_verified(request):
            return redirect(_next_url(request, fallback))
    else:
        messages.info(request, "Sign in with your username and password first.")
        return redirect("login")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = two_factor.code_check(user=user, code=form.cleaned_data["code"])
        if device is not None:
            target = _next_url(request, fallback)
            if pending is not None:
                request.session.pop(two_factor.PENDING_SIGN_IN_KEY, None)
                user.otp_device = device  # type: ignore[attr-defined]
                auth_login(request, user, backend=details["backend"])
            else:
                django_otp.login(request, device)
            if device.name == two_factor.RECOVERY_NAME:
                left = two_factor.recovery_codes_left(user)
                messages.info(
                    request,
                    f"You signed in with a recovery code; {left} left. Make new ones "
                    "in your two-factor settings if you are running out.",
                )
            return redirect(target)
        access_event_record(
            kind=AccessEvent.Kind.TWO_FACTOR_FAILED, request=request, user=user
        )
        until = two_factor.throttled_until(user)
        wait = (until - timezone.now()).total_seconds() if until else 0
        if wait > THROTTLED_PAGE_SECONDS:
            return too_many_requests(
                request,
                retry_after=math.ceil(wait),
                message="Too many wrong codes in a row.",
            )
        form.add_error(
            "code", "That code is not right, or has been used. Try the newest one."
        )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


def _needs_code_first(request: HttpRequest) -> HttpResponseBase | None:
    """Someone with two-factor set up changes it only after passing it."""
    user: User = request.user  # type: ignore[assignment]
    if two_factor.has_two_factor(user) and not two_factor.is_verified(request):
        verify = reverse("two_factor_verify")
        return redirect(f"{verify}?{_urlencode({'next': request.path})}")
    return None


@require_http_methods(["GET", "POST"])
def two_factor_settings(request: HttpRequest) -> HttpResponseBase:
    """Whether two-factor is on; new recovery codes; turning it off (where the
    person's role allows)."""
    refused = _needs_code_first(request)
    if refused:
        return refused
    user: User = request.user  # type: ignore[assignment]
    required = two_factor.two_factor_required_for(user)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "recovery_codes" and two_factor.has_two_factor(user):
            codes = two_factor.recovery_codes_replace(user=user)
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": reverse("two_factor_settings")},
            )
        if action == "remove" and not required:
            two_factor.two_factor_remove(user=user)
            access_event_record(
                kind=AccessEvent.Kind.TWO_FACTOR_REMOVED, request=request, user=user
            )
            messages.info(request, "Two-factor sign-in is off.")
        return redirect("two_factor_settings")
    return render(
        request,
        "registration/two_factor_settings.html",
        {
            "enrolled": two_factor.has_two_factor(user),
            "required": required,
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponseBase:
    """Scan a QR code (or type the key) into an authenticator app, then confirm it
    with a code; the recovery codes are shown once."""
    refused = _needs_code_first(request)
    if refused:
        return refused
    user: User = request.user  # type: ignore[assignment]
    device = two_factor.pending_authenticator(user)
    if device is None or request.method == "GET":
        device = two_factor.authenticator_start(user=user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = two_factor.authenticator_confirm(
            device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            django_otp.login(request, device)
            access_event_record(
                kind=AccessEvent.Kind.TWO_FACTOR_ENROLLED, request=request, user=user
            )
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _next_url(request, reverse("home"))},
            )
        form.add_error("code", "That code is not right. Try the newest one.")
    key = device.bin_key
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device.config_url),
            "key": _base32(key),
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


def _base32(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
