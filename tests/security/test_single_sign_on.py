"""Single sign-on through OpenID Connect, against a fake provider (fake_oidc.py):
switched on by OIDC_ENABLED, the provider's groups mapped to roles, and the
password sign-in still beside it."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from coventry_pm.accounts.models import User
from coventry_pm.audit.models import AccessEvent
from tests.security.fake_oidc import FakeProvider

pytestmark = pytest.mark.django_db

GROUP_ROLES = ["g-housing-officers=officer", "g-staff=employee", "g-heads=manager"]


@pytest.fixture
def provider(settings):
    with FakeProvider() as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        settings.OIDC_GROUP_ROLES = GROUP_ROLES
        yield fake


def sso_sign_in(client, provider, claims, *, next_url="/plan/", audience=None):
    """The browser's round trip: to the provider and back with a code."""
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url})
    assert start.status_code == 302
    query = parse_qs(urlparse(start.url).query)
    assert start.url.startswith(f"{provider.url}/authorize?")
    assert query["code_challenge_method"] == ["S256"]
    extra = {"audience": audience} if audience else {}
    code = provider.issue(
        nonce=query["nonce"][0],
        code_challenge=query["code_challenge"][0],
        claims=claims,
        **extra,
    )
    return client.get(
        reverse("oidc_authentication_callback"),
        {"code": code, "state": query["state"][0]},
    )


PRIYA = {
    "sub": "entra-object-1",
    "preferred_username": "priya.sharma@coventry.gov.uk",
    "email": "priya.sharma@coventry.gov.uk",
    "given_name": "Priya",
    "family_name": "Sharma",
    "groups": ["g-housing-officers", "g-staff", "g-unmapped"],
}


def test_single_sign_on_creates_the_person_with_the_roles_of_their_groups(
    client, provider
):
    response = sso_sign_in(client, provider, PRIYA)
    assert response.status_code == 302
    assert response.url == "/plan/"
    user = User.objects.get(username="priya.sharma@coventry.gov.uk")
    assert user.get_full_name() == "Priya Sharma"
    assert user.role_keys == {"officer", "employee"}
    assert not user.has_usable_password()
    assert client.get(reverse("home")).status_code == 200


def test_the_provider_is_asked_for_the_token_with_the_secret_and_pkce(client, provider):
    sso_sign_in(client, provider, PRIYA)
    (request,) = provider.token_requests
    assert request["grant_type"] == "authorization_code"
    assert request["code_verifier"]


def test_roles_follow_the_groups_at_every_sign_in(client, provider):
    sso_sign_in(client, provider, PRIYA)
    client.post(reverse("logout"))
    promoted = {**PRIYA, "groups": ["g-heads", "g-staff"]}
    sso_sign_in(client, provider, promoted)
    user = User.objects.get(username="priya.sharma@coventry.gov.uk")
    assert user.role_keys == {"manager", "employee"}
    changes = AccessEvent.objects.filter(user=user).values_list("kind", "detail")
    assert (AccessEvent.Kind.ROLE_REMOVED, "officer") in changes
    assert (AccessEvent.Kind.ROLE_ADDED, "manager") in changes


def test_roles_the_mapping_never_names_are_left_alone(client, provider, partner):
    claims = {**PRIYA, "preferred_username": "partner", "groups": ["g-staff"]}
    sso_sign_in(client, provider, claims)
    partner.refresh_from_db()
    assert User.objects.get(pk=partner.pk).role_keys == {"partner", "employee"}


def test_an_existing_person_is_matched_on_their_username(client, provider, officer):
    claims = {**PRIYA, "preferred_username": "OFFICER"}
    sso_sign_in(client, provider, claims)
    assert User.objects.filter(username__iexact="officer").count() == 1
    assert client.get(reverse("home")).context["user"] == officer


def test_single_sign_on_is_recorded_in_the_audit(client, provider):
    sso_sign_in(client, provider, PRIYA)
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN)
    assert event.username == "priya.sharma@coventry.gov.uk"
    assert event.detail == "single sign-on"


def test_the_provider_stands_for_the_second_step(client, provider, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["*"]
    sso_sign_in(client, provider, PRIYA)
    assert client.get(reverse("home")).status_code == 200


def test_the_product_can_ask_sso_users_for_its_own_code_too(client, provider, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["*"]
    settings.OIDC_SATISFIES_TWO_FACTOR = False
    sso_sign_in(client, provider, PRIYA)
    response = client.get("/plan/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))


def test_a_token_for_another_client_is_refused(client, provider):
    response = sso_sign_in(client, provider, PRIYA, audience="another-app")
    assert response.status_code == 400  # SuspiciousOperation
    assert client.get(reverse("home")).status_code == 302  # not signed in
    assert not User.objects.filter(username=PRIYA["preferred_username"]).exists()


def test_a_replayed_state_is_refused(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    query = parse_qs(urlparse(start.url).query)
    code = provider.issue(
        nonce=query["nonce"][0],
        code_challenge=query["code_challenge"][0],
        claims=PRIYA,
    )
    callback = reverse("oidc_authentication_callback")
    forged = client.get(callback, {"code": code, "state": "not-the-state"})
    assert forged.status_code in (302, 400)
    assert client.get(reverse("home")).status_code == 302  # not signed in


def test_claims_without_a_username_are_refused(client, provider):
    claims = {k: v for k, v in PRIYA.items() if k != "preferred_username"}
    response = sso_sign_in(client, provider, claims)
    assert response.url == "/accounts/login/?sso=failed"


def test_the_sign_in_page_offers_single_sign_on_beside_the_password(client, provider):
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Microsoft Entra ID" in page
    assert 'name="username"' in page
    assert 'name="password"' in page


def test_the_password_still_works_with_single_sign_on_on(client, provider, officer):
    response = client.post(
        "/accounts/login/", {"username": "officer", "password": "demo-password"}
    )
    assert response.url == reverse("home")


def test_without_the_setting_there_is_no_single_sign_on(client, settings):
    settings.OIDC_ENABLED = False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
