"""Signing out of a single sign-on session ends the provider's session too (OpenID
Connect RP-initiated logout) where the provider has an end-session endpoint; where
it has none, signing out is local, as before. The provider's metadata is mocked."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from coventry_pm.accounts import sso
from coventry_pm.accounts.two_factor import SIGNED_IN_BY_PROVIDER_KEY
from coventry_pm.audit.models import AccessEvent
from tests.security.fake_oidc import FakeProvider

pytestmark = pytest.mark.django_db

METADATA_URL = "https://login.example.org/tenant/v2.0/.well-known/openid-configuration"
END_SESSION = "https://login.example.org/tenant/oauth2/v2.0/logout"
PRIYA = {
    "sub": "entra-object-1",
    "preferred_username": "priya.sharma@coventry.gov.uk",
    "groups": ["g-staff"],
}


@pytest.fixture
def provider(settings):
    """A fake provider (a real HTTP server) for the sign-in round trip."""
    with FakeProvider() as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        settings.OIDC_GROUP_ROLES = ["g-staff=employee"]
        settings.OIDC_OP_METADATA_URL = METADATA_URL
        settings.OIDC_OP_END_SESSION_ENDPOINT = ""
        yield fake


@pytest.fixture
def metadata(monkeypatch):
    """The provider's metadata, as its .well-known document would answer; the
    addresses asked for are kept in ``asked``."""
    answer = {"issuer": "https://login.example.org/tenant/v2.0"}
    asked = []

    def fetch(url):
        asked.append(url)
        if isinstance(answer.get("error"), Exception):
            raise answer["error"]
        return dict(answer)

    monkeypatch.setattr(sso, "provider_metadata_fetch", fetch)
    answer["asked"] = asked
    return answer


def sso_sign_in(client, provider, claims=PRIYA):
    start = client.get(reverse("oidc_authentication_init"), {"next": "/"})
    query = parse_qs(urlparse(start.url).query)
    code = provider.issue(
        nonce=query["nonce"][0],
        code_challenge=query["code_challenge"][0],
        claims=claims,
    )
    response = client.get(
        reverse("oidc_authentication_callback"),
        {"code": code, "state": query["state"][0]},
    )
    assert response.status_code == 302 and "sso=failed" not in response.url
    return response


def signed_in(client):
    return "_auth_user_id" in client.session


def test_signing_out_ends_the_providers_session_with_the_id_token_hint(
    client, provider, metadata
):
    metadata["end_session_endpoint"] = END_SESSION
    sso_sign_in(client, provider)
    id_token = client.session[sso.ID_TOKEN_SESSION_KEY]

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url.startswith(f"{END_SESSION}?")
    query = parse_qs(urlparse(response.url).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert query["client_id"] == [provider.settings()["OIDC_RP_CLIENT_ID"]]
    assert metadata["asked"] == [METADATA_URL]
    # Signed out here as well, and audited.
    assert not signed_in(client)
    assert sso.ID_TOKEN_SESSION_KEY not in client.session
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_OUT).exists()


def test_a_provider_without_an_end_session_endpoint_signs_out_locally(
    client, provider, metadata
):
    sso_sign_in(client, provider)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert not signed_in(client)


def test_metadata_that_cannot_be_read_signs_out_locally(client, provider, metadata):
    import requests

    metadata["error"] = requests.ConnectionError("provider down")
    sso_sign_in(client, provider)
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert not signed_in(client)


def test_the_metadata_is_read_once_not_at_every_sign_out(client, provider, metadata):
    metadata["end_session_endpoint"] = END_SESSION
    for _ in range(2):
        sso_sign_in(client, provider)
        assert client.post(reverse("logout")).url.startswith(END_SESSION)
    assert metadata["asked"] == [METADATA_URL]


def test_an_end_session_endpoint_given_in_settings_needs_no_metadata(
    client, provider, metadata, settings
):
    settings.OIDC_OP_END_SESSION_ENDPOINT = f"{END_SESSION}?tenant=x"
    sso_sign_in(client, provider)
    response = client.post(reverse("logout"))
    assert response.url.startswith(f"{END_SESSION}?tenant=x&id_token_hint=")
    assert metadata["asked"] == []


def test_a_password_sign_in_signs_out_locally(client, provider, metadata, officer):
    metadata["end_session_endpoint"] = END_SESSION
    client.post(reverse("login"), {"username": "officer", "password": "demo-password"})
    assert signed_in(client)
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert not signed_in(client)
    assert metadata["asked"] == []


def test_with_single_sign_on_off_signing_out_is_local(client, officer, settings):
    settings.OIDC_ENABLED = False
    client.force_login(officer)
    session = client.session
    session[SIGNED_IN_BY_PROVIDER_KEY] = True
    session[sso.ID_TOKEN_SESSION_KEY] = "left-over"
    session.save()
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert not signed_in(client)
