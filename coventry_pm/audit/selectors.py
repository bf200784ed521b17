from __future__ import annotations

import datetime

from django.db.models import QuerySet

from coventry_pm.audit.models import AccessEvent


def access_events(
    *,
    kind: str = "",
    username: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AccessEvent]:
    """Access events, newest first, narrowed by kind, person and dates (inclusive)."""
    events = AccessEvent.objects.select_related("user", "actor")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__icontains=username)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


def recent_sign_in_failures(
    *, username: str, ip_address: str | None, since: datetime.datetime
) -> QuerySet[AccessEvent]:
    """Failed sign-ins for one username (as typed, any case) from one address."""
    return AccessEvent.objects.filter(
        kind=AccessEvent.Kind.SIGN_IN_FAILED,
        username__iexact=username,
        ip_address=ip_address,
        at__gte=since,
    )
