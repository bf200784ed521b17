"""Two-factor sign-in (TOTP with recovery codes): the password step of DESIGN.md
section 7 first, the code after it; mandatory for the roles in
TWO_FACTOR_REQUIRED_ROLES."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coventry_pm.accounts import two_factor
from tests.security.conftest import code_for

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "demo-password"


def sign_in(client, username="officer", password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_the_sign_in_form_keeps_its_contract(client):
    page = client.get(LOGIN).content.decode()
    assert 'name="username"' in page
    assert 'name="password"' in page


def test_without_two_factor_a_password_signs_in(client, officer):
    response = sign_in(client)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_an_enrolled_person_is_asked_for_a_code_after_the_password(
    client, officer, enrolled
):
    response = sign_in(client)
    assert response.url == reverse("two_factor_verify")
    # Not signed in yet: the home page still sends them to sign in.
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home.url.startswith(LOGIN)


def test_a_right_code_completes_the_sign_in(client, officer, enrolled):
    device, _ = enrolled
    sign_in(client, next="/plan/")
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == "/plan/"
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused(client, officer, enrolled):
    sign_in(client)
    response = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_signs_in_once(client, officer, enrolled):
    _, codes = enrolled
    sign_in(client)
    response = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 302
    client.post(reverse("logout"))
    sign_in(client)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200  # used up


def test_a_recovery_code_may_be_typed_without_its_dash(client, officer, enrolled):
    _, codes = enrolled
    sign_in(client)
    code = codes[1].replace("-", "").upper()
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client):
    response = client.get(reverse("two_factor_verify"))
    assert response.status_code == 302
    assert response.url == LOGIN


def test_enrolment_shows_a_qr_code_drawn_here_and_confirms_with_a_code(client, officer):
    client.force_login(officer)
    page = client.get(reverse("two_factor_setup"))
    html = page.content.decode()
    assert "<svg" in html  # the QR code, inline: no outside service sees the key
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 200
    assert "Your recovery codes" in response.content.decode()
    assert len(response.context["codes"]) == two_factor.RECOVERY_CODE_COUNT
    assert two_factor.has_two_factor(officer)


def test_enrolment_refuses_a_wrong_code(client, officer):
    client.force_login(officer)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "123456"})
    assert "That code is not right" in response.content.decode()
    assert not two_factor.has_two_factor(officer)


def test_new_recovery_codes_replace_the_old(client, officer, enrolled):
    device, codes = enrolled
    sign_in(client)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    response = client.post(reverse("two_factor_settings"), {"action": "recovery_codes"})
    new = response.context["codes"]
    assert set(new).isdisjoint(codes)
    assert two_factor.code_check(user=officer, code=codes[2]) is None


def test_two_factor_is_mandatory_for_the_chosen_roles(client, settings, officer):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["officer"]
    response = sign_in(client)
    assert response.url.startswith(reverse("two_factor_setup"))
    # Until they set it up, every page sends them there and the API refuses.
    page = client.get("/plan/")
    assert page.status_code == 302
    assert page.url.startswith(reverse("two_factor_setup"))
    assert client.get("/api/v1/metrics/").status_code == 403


def test_mandatory_two_factor_leaves_other_roles_alone(client, settings, employee):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["officer"]
    response = sign_in(client, username="employee")
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_without_the_setting_two_factor_is_not_mandatory(client, settings, officer):
    settings.TWO_FACTOR_REQUIRED_ROLES = []
    assert sign_in(client).url == reverse("home")


def test_after_setting_it_up_the_required_person_carries_on(client, settings, officer):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["*"]
    sign_in(client)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert client.get(reverse("home")).status_code == 200


def test_a_session_signed_in_elsewhere_must_pass_the_code(client, officer, enrolled):
    """A session made without the second step (any other way in) is held at the
    code page, not let through."""
    client.force_login(officer)
    response = client.get("/plan/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
    assert client.get("/api/v1/metrics/").status_code == 403


def test_two_factor_cannot_be_changed_without_passing_it(client, officer, enrolled):
    client.force_login(officer)
    response = client.get(reverse("two_factor_setup"))
    assert response.url.startswith(reverse("two_factor_verify"))


def test_two_factor_cannot_be_turned_off_when_the_role_needs_it(
    client, settings, officer, enrolled
):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["officer"]
    device, _ = enrolled
    sign_in(client)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    client.post(reverse("two_factor_settings"), {"action": "remove"})
    assert two_factor.has_two_factor(officer)


def test_two_factor_can_be_turned_off_when_optional(client, officer, enrolled):
    device, _ = enrolled
    sign_in(client)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    client.post(reverse("two_factor_settings"), {"action": "remove"})
    assert not two_factor.has_two_factor(officer)


def test_the_admin_signs_in_through_the_same_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/admin/"


def test_the_audit_records_the_second_step(client, officer, enrolled):
    from coventry_pm.audit.models import AccessEvent

    device, _ = enrolled
    sign_in(client)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next one wait a second
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    kinds = list(
        AccessEvent.objects.filter(user=officer)
        .order_by("pk")
        .values_list("kind", "detail")
    )
    assert (AccessEvent.Kind.TWO_FACTOR_FAILED, "") in kinds
    assert kinds[-1] == (AccessEvent.Kind.SIGN_IN, "password and two-factor code")


def test_wrong_codes_slow_down_the_next_try(client, officer, enrolled):
    device, _ = enrolled
    sign_in(client)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 200  # refused: too soon after a wrong one
