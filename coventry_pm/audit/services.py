"""Writing the audit of access. Every function adds one row and never fails the
request it is called from over a missing detail."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from coventry_pm.accounts.models import User
from coventry_pm.audit.models import AccessEvent


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from, as the web server saw it (behind a proxy,
    the proxy's: SECURE_PROXY_SSL_HEADER's proxy is trusted for the scheme only)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def access_event_record(
    *,
    kind: str,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    actor: User | None = None,
    detail: str = "",
) -> AccessEvent:
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        actor=actor,
        ip_address=client_address(request),
        detail=detail[:500],
    )


def record_export(
    request_or_user: HttpRequest | User | AnonymousUser | None, what: str
) -> AccessEvent:
    """Record that someone downloaded data: call it from every view, API action or
    command that hands out an export (``what`` says which: "open data 2024-25,
    council CSV"). An anonymous download (the public open-data pages) is recorded
    with no user."""
    request = request_or_user if isinstance(request_or_user, HttpRequest) else None
    who = getattr(request, "user", None) if request is not None else request_or_user
    user = who if isinstance(who, User) and who.is_authenticated else None
    return access_event_record(
        kind=AccessEvent.Kind.EXPORT, request=request, user=user, detail=what
    )
