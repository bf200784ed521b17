from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from coventry_pm.audit.models import AccessEvent
from coventry_pm.audit.selectors import recent_sign_in_failures
from coventry_pm.audit.services import access_event_record, client_address


class SignInForm(AuthenticationForm):
    """The sign-in contract of DESIGN.md section 7 (``username``, ``password``),
    refusing a username that has failed LOGIN_FAILURE_LIMIT times from this
    address within LOGIN_LOCKOUT_MINUTES before its password is even checked."""

    locked_out = False

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username and self._is_locked_out(username):
            self.locked_out = True
            access_event_record(
                kind=AccessEvent.Kind.LOCKED_OUT,
                request=self.request,
                username=username,
            )
            minutes = settings.LOGIN_LOCKOUT_MINUTES
            raise forms.ValidationError(
                "Too many failed sign-ins for this username. For your security it "
                f"is locked for {minutes} minutes: wait, then try again, or ask the "
                "IT service desk to reset your password.",
                code="locked_out",
            )
        return super().clean()

    def _is_locked_out(self, username: str) -> bool:
        limit = settings.LOGIN_FAILURE_LIMIT
        if not limit or self.request is None:
            return False
        window = datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        failures = recent_sign_in_failures(
            username=username,
            ip_address=client_address(self.request),
            since=timezone.now() - window,
        )
        count: int = failures.count()
        return bool(count >= limit)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The six digits your authenticator app shows, or a recovery code.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text"}
        ),
    )
