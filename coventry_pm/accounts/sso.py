"""Single sign-on through OpenID Connect (mozilla-django-oidc), e.g. Microsoft
Entra ID. Off unless OIDC_ENABLED; the provider's groups become roles through
OIDC_GROUP_ROLES. The password sign-in stays beside it.

Signing out of a session the provider signed in also ends the provider's session
(OpenID Connect RP-initiated logout), where the provider has an end-session
endpoint: OIDC_OP_END_SESSION_ENDPOINT, or the ``end_session_endpoint`` of its
metadata (OIDC_OP_METADATA_URL). Where it has none, signing out is local, as for a
password sign-in."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.contrib.auth.views import LogoutView
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from coventry_pm.accounts.models import Role, User
from coventry_pm.accounts.two_factor import SIGNED_IN_BY_PROVIDER_KEY

logger = logging.getLogger(__name__)


def group_roles() -> dict[str, set[str]]:
    """OIDC_GROUP_ROLES ("group=role, group=role") as group → role keys; entries
    naming no known role are ignored, with a warning."""
    known = set(Role.values)
    mapping: dict[str, set[str]] = {}
    for entry in settings.OIDC_GROUP_ROLES:
        group, _, role = entry.partition("=")
        group, role = group.strip(), role.strip()
        if role not in known:
            logger.warning("OIDC_GROUP_ROLES: %r names no role; ignored", entry)
            continue
        mapping.setdefault(group, set()).add(role)
    return mapping


def roles_from_claims(claims: dict[str, Any]) -> set[str]:
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = group_roles()
    return {role for group in groups for role in mapping.get(str(group), set())}


def user_roles_sync(*, user: User, roles: set[str]) -> None:
    """Give the person the roles the provider's groups map to, and take away the
    mapped roles they no longer hold; roles the mapping never names (given by hand,
    such as a partner) are left alone. Each change is an audited role change."""
    managed = {role for roles in group_roles().values() for role in roles}
    current = set(user.groups.values_list("name", flat=True))
    to_add = roles - current
    to_remove = (current & managed) - roles
    if to_add:
        user.groups.add(*Group.objects.filter(name__in=to_add))
    if to_remove:
        user.groups.remove(*Group.objects.filter(name__in=to_remove))
    user.__dict__.pop("_role_keys", None)


class SingleSignOnBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """People are matched on the provider's username claim (Entra ID:
    ``preferred_username``, their UPN), created on first sign-in, and given roles
    from their groups on every sign-in."""

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        # The library leaves the audience unchecked: an ID token is for this client.
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if kwargs.get("nonce") is not None and self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        return payload

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        # Entra ID puts groups in the ID token, not in the user-info answer.
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get(settings.OIDC_USERNAME_CLAIM))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        username = claims.get(settings.OIDC_USERNAME_CLAIM) or ""
        return User.objects.filter(username__iexact=username)

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"username {claims.get(settings.OIDC_USERNAME_CLAIM)}"

    def create_user(self, claims: dict[str, Any]) -> User:
        user = User.objects.create_user(
            claims[settings.OIDC_USERNAME_CLAIM], email=claims.get("email") or ""
        )
        return self.update_user(user, claims)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        user.first_name = claims.get("given_name") or user.first_name
        user.last_name = claims.get("family_name") or user.last_name
        user.email = claims.get("email") or user.email
        user.save(update_fields=["first_name", "last_name", "email"])
        user_roles_sync(user=user, roles=roles_from_claims(claims))
        return user


def _require_enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404("Single sign-on is not switched on.")


@method_decorator(login_not_required, name="dispatch")
class SingleSignOnStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider's sign-in page."""

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        _require_enabled()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]


@method_decorator(login_not_required, name="dispatch")
class SingleSignOnCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Where the provider sends the browser back; signs the person in."""

    def dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        _require_enabled()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]

    def login_success(self) -> HttpResponseBase:
        response: HttpResponseBase = super().login_success()
        self.request.session[SIGNED_IN_BY_PROVIDER_KEY] = True
        return response


# mozilla-django-oidc keeps the ID token here when OIDC_STORE_ID_TOKEN is on; it is
# the id_token_hint that tells the provider whose session to end.
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 (a session key, not a secret)
# The provider's metadata is read at most this often (seconds); a failure to read
# it is remembered for a shorter while, and that sign-out is local.
METADATA_CACHE_SECONDS = 60 * 60
METADATA_FAILURE_CACHE_SECONDS = 5 * 60


def provider_metadata_fetch(url: str) -> dict[str, Any]:
    """The provider's OpenID Connect metadata (.well-known/openid-configuration)."""
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    metadata: dict[str, Any] = response.json()
    return metadata


def end_session_endpoint() -> str:
    """Where the provider ends its session: OIDC_OP_END_SESSION_ENDPOINT, else the
    metadata's end_session_endpoint; "" when the provider has none (or its metadata
    cannot be read just now)."""
    if settings.OIDC_OP_END_SESSION_ENDPOINT:
        return str(settings.OIDC_OP_END_SESSION_ENDPOINT)
    url = settings.OIDC_OP_METADATA_URL
    if not url:
        return ""
    key = f"oidc-end-session:{url}"
    cached = cache.get(key)
    if cached is not None:
        return str(cached)
    try:
        endpoint = str(provider_metadata_fetch(url).get("end_session_endpoint") or "")
    except (requests.RequestException, ValueError):
        logger.warning("could not read the provider's metadata at %s", url)
        cache.set(key, "", METADATA_FAILURE_CACHE_SECONDS)
        return ""
    cache.set(key, endpoint, METADATA_CACHE_SECONDS)
    return endpoint


def provider_sign_out_url(request: HttpRequest) -> str:
    """The provider's end-session address for this session, with the ID token as
    the hint and the sign-in page to come back to; "" when the session was not
    signed in by the provider, or the provider cannot end sessions."""
    if not settings.OIDC_ENABLED or not request.session.get(SIGNED_IN_BY_PROVIDER_KEY):
        return ""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    endpoint = end_session_endpoint() if id_token else ""
    if not endpoint:
        return ""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(
                reverse(settings.LOGOUT_REDIRECT_URL)
            ),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class SignOutView(LogoutView):
    """Signing out: here always (the session ends and is audited); then, for a
    session the provider signed in, at the provider too, which sends the browser
    back to the sign-in page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Read before the session, which holds the ID token, is flushed.
        at_provider = provider_sign_out_url(request)
        response = super().post(request, *args, **kwargs)
        if at_provider:
            return HttpResponseRedirect(at_provider)
        return response
