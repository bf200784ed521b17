"""Django's sign-in signals and changes to people's groups (their roles) recorded
as access events. These are the audit's own records, not domain logic."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import m2m_changed
from django.http import HttpRequest
from simple_history.models import HistoricalRecords

from coventry_pm.accounts.models import User
from coventry_pm.audit.models import AccessEvent
from coventry_pm.audit.services import access_event_record

SSO_BACKEND = "coventry_pm.accounts.sso.SingleSignOnBackend"


def sign_in_method(user: User) -> str:
    if getattr(user, "backend", "") == SSO_BACKEND:
        return "single sign-on"
    if getattr(user, "otp_device", None) is not None:
        return "password and two-factor code"
    return "password"


def on_logged_in(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    access_event_record(
        kind=AccessEvent.Kind.SIGN_IN,
        request=request,
        user=user,
        detail=sign_in_method(user),
    )


def on_login_failed(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    username = str(credentials.get("username") or "")
    access_event_record(
        kind=AccessEvent.Kind.SIGN_IN_FAILED,
        request=request,
        user=User.objects.filter(username=username).first() if username else None,
        username=username,
        detail=getattr(request, "sign_in_failure", "") if request else "",
    )


def on_logged_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        access_event_record(kind=AccessEvent.Kind.SIGN_OUT, request=request, user=user)


def _current_request() -> HttpRequest | None:
    # simple_history's middleware keeps the request being served, so a role given
    # in the admin is recorded with the administrator who gave it.
    return getattr(HistoricalRecords.context, "request", None)


def on_groups_changed(
    sender: Any,
    instance: User | Group,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action == "pre_clear":
        # Remember what is about to go, to record it once it has.
        related = instance.user_set if isinstance(instance, Group) else instance.groups
        instance._groups_before_clear = set(  # type: ignore[union-attr]
            related.values_list("pk", flat=True)
        )
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_groups_before_clear", set())
        kind = AccessEvent.Kind.ROLE_REMOVED
    elif action == "post_add":
        kind = AccessEvent.Kind.ROLE_ADDED
    elif action == "post_remove":
        kind = AccessEvent.Kind.ROLE_REMOVED
    else:
        return
    if not pk_set:
        return
    request = _current_request()
    actor = getattr(request, "user", None) if request is not None else None
    if not (isinstance(actor, User) and actor.is_authenticated):
        actor = None
    pairs: list[tuple[User, Group]]
    if isinstance(instance, Group):  # group.user_set.add(...): several people
        pairs = [(user, instance) for user in User.objects.filter(pk__in=pk_set)]
    else:  # user.groups.add(...): one person, several groups
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
    for user, group in pairs:
        access_event_record(
            kind=kind, request=request, user=user, actor=actor, detail=group.name
        )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="audit.sign_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit.sign_in_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit.sign_out")
    m2m_changed.connect(
        on_groups_changed, sender=User.groups.through, dispatch_uid="audit.roles"
    )


def disconnect() -> None:
    """For tests that show what happens without the audit."""
    user_logged_in.disconnect(dispatch_uid="audit.sign_in")
    user_login_failed.disconnect(dispatch_uid="audit.sign_in_failed")
    user_logged_out.disconnect(dispatch_uid="audit.sign_out")
    m2m_changed.disconnect(sender=User.groups.through, dispatch_uid="audit.roles")
