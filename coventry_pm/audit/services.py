"""Writing the audit of access. Every function adds one row and never fails the
request it is called from over a missing detail; rows older than the retention
period (ACCESS_AUDIT_RETENTION_DAYS) are deleted by access_events_delete_expired."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from coventry_pm.accounts.models import User
from coventry_pm.audit.models import AccessEvent

logger = logging.getLogger(__name__)

# Rows deleted a statement, so a first run over years of rows holds no long lock.
DELETE_BATCH = 5000


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


def access_events_delete_expired(
    *, days: int | None = None, now: datetime.datetime | None = None
) -> int:
    """Delete the access events older than the retention period: ``days`` (else
    ACCESS_AUDIT_RETENTION_DAYS) before ``now``. 0 keeps every row. Returns how
    many were deleted; deletes in batches, each its own statement."""
    days = settings.ACCESS_AUDIT_RETENTION_DAYS if days is None else days
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    expired = AccessEvent.objects.filter(at__lt=cutoff)
    deleted = 0
    while True:
        batch = list(expired.order_by("pk").values_list("pk", flat=True)[:DELETE_BATCH])
        if not batch:
            break
        count, _ = AccessEvent.objects.filter(pk__in=batch).delete()
        deleted += count
    if deleted:
        logger.info("access audit: deleted %s events older than %s days", deleted, days)
    return deleted
