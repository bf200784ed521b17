"""The audit of access, for the performance administrator (everyone else: 403)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.audit.models import AccessEvent
from coventry_pm.audit.selectors import access_events


class AccessEventFilter(forms.Form):
    kind = forms.ChoiceField(
        label="What happened",
        choices=[("", "Anything"), *AccessEvent.Kind.choices],
        required=False,
    )
    username = forms.CharField(label="Username contains", required=False)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def access_event_list(request: HttpRequest) -> HttpResponse:
    if not can_administer_performance(request.user):
        raise PermissionDenied
    form = AccessEventFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = access_events(
        kind=filters.get("kind", ""),
        username=filters.get("username", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/access_event_list.html",
        {
            "form": form,
            "page": page,
            "retention_days": settings.ACCESS_AUDIT_RETENTION_DAYS,
        },
    )
