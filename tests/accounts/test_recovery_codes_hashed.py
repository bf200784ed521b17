"""Recovery codes are stored as keyed hashes: shown once, kept nowhere in plain
text, checked by their hash, used up once, throttled, and the codes stored before
in plain text are hashed by a migration."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from coventry_pm.accounts import two_factor
from coventry_pm.accounts.models import RecoveryCode
from coventry_pm.accounts.recovery_codes import recovery_code_hash
from tests.security.conftest import code_for

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password"


@pytest.fixture
def enrolled(officer):
    """``officer`` with an authenticator app set up: (device, recovery codes)."""
    device = two_factor.authenticator_start(user=officer)
    codes = two_factor.authenticator_confirm(
        device=device, code=code_for(device, drift=-1)
    )
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def sign_in(client, username="officer"):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def stored_values(user):
    return list(
        RecoveryCode.objects.filter(device__user=user).values_list(
            "code_hash", flat=True
        )
    )


def test_no_code_is_stored_as_itself(officer, enrolled):
    _, codes = enrolled
    stored = stored_values(officer)
    assert len(stored) == two_factor.RECOVERY_CODE_COUNT
    assert not StaticToken.objects.filter(device__user=officer).exists()
    for code in codes:
        assert code not in stored
        assert code.replace("-", "") not in "".join(stored)
    assert sorted(stored) == sorted(recovery_code_hash(code) for code in codes)


def test_the_codes_are_distinct_and_shown_as_made(officer, enrolled):
    _, codes = enrolled
    assert len(set(codes)) == two_factor.RECOVERY_CODE_COUNT
    assert all(len(code) == 11 and code[5] == "-" for code in codes)


def test_a_code_is_accepted_by_its_hash_and_only_once(officer, enrolled):
    _, codes = enrolled
    device = two_factor.code_check(user=officer, code=codes[0])
    assert device is not None and device.name == two_factor.RECOVERY_NAME
    assert two_factor.recovery_codes_left(officer) == two_factor.RECOVERY_CODE_COUNT - 1
    assert two_factor.code_check(user=officer, code=codes[0]) is None


def test_a_code_typed_in_capitals_without_its_dash_is_accepted(officer, enrolled):
    _, codes = enrolled
    typed = codes[3].replace("-", " ").upper()
    assert two_factor.code_check(user=officer, code=typed) is not None


def test_a_code_made_under_the_old_secret_key_works_while_it_is_a_fallback(
    officer, enrolled, settings
):
    _, codes = enrolled
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789"
    settings.SECRET_KEY_FALLBACKS = [old]
    assert two_factor.code_check(user=officer, code=codes[4]) is not None
    settings.SECRET_KEY_FALLBACKS = []
    assert two_factor.code_check(user=officer, code=codes[5]) is None


def test_a_plain_token_added_beside_the_hashes_is_not_accepted(officer, enrolled):
    device = StaticDevice.objects.get(user=officer)
    StaticToken.objects.create(device=device, token="plain-token")
    assert two_factor.code_check(user=officer, code="plain-token") is None


def test_the_codes_are_shown_once_when_made_and_never_again(client, officer, enrolled):
    device, _ = enrolled
    sign_in(client)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    made = client.post(reverse("two_factor_settings"), {"action": "recovery_codes"})
    codes = made.context["codes"]
    assert all(code in made.content.decode() for code in codes)
    settings_page = client.get(reverse("two_factor_settings")).content.decode()
    assert not any(code in settings_page for code in codes)
    assert f"{two_factor.RECOVERY_CODE_COUNT}" in settings_page


def test_repeated_wrong_codes_are_throttled_to_a_429_page(client, officer, enrolled):
    _, codes = enrolled
    sign_in(client)
    # Eight failures in a row: django-otp holds each device back for 2**7 s.
    now = timezone.now()
    for device in StaticDevice.objects.filter(user=officer):
        device.throttling_failure_count = 8
        device.throttling_failure_timestamp = now
        device.save()
    totp = two_factor.authenticator_for(officer)
    totp.throttling_failure_count = 8
    totp.throttling_failure_timestamp = now
    totp.save()

    response = client.post(reverse("two_factor_verify"), {"code": codes[0]})

    assert response.status_code == 429
    assert 120 <= int(response["Retry-After"]) <= 128
    body = response.content.decode()
    assert "Too many wrong codes in a row." in body
    assert "wait 3 minutes" in body
    # Refused while throttled: the right code was not used up.
    assert two_factor.recovery_codes_left(officer) == two_factor.RECOVERY_CODE_COUNT


def test_one_wrong_code_is_the_form_again_not_the_429_page(client, officer, enrolled):
    sign_in(client)
    response = client.post(reverse("two_factor_verify"), {"code": "zzzzz-zzzzz"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()


def test_the_migration_hashes_the_codes_stored_in_plain_text(officer, enrolled):
    device = StaticDevice.objects.get(user=officer)
    RecoveryCode.objects.filter(device=device).delete()
    StaticToken.objects.bulk_create(
        [
            StaticToken(device=device, token="abcde-fghjk"),
            StaticToken(device=device, token="mnpqr-stuvw"),
        ]
    )
    migration = importlib.import_module(
        "coventry_pm.accounts.migrations.0002_recovery_codes_hashed"
    )

    migration.hash_plain_codes(django_apps, None)

    assert not StaticToken.objects.filter(device=device).exists()
    assert sorted(stored_values(officer)) == sorted(
        [recovery_code_hash("abcde-fghjk"), recovery_code_hash("mnpqr-stuvw")]
    )
    assert two_factor.code_check(user=officer, code="abcdefghjk") is not None


def test_removing_two_factor_removes_the_codes(officer, enrolled):
    two_factor.two_factor_remove(user=officer)
    assert not RecoveryCode.objects.filter(device__user=officer).exists()


def test_a_throttle_in_the_past_lets_the_code_through(officer, enrolled):
    _, codes = enrolled
    device = StaticDevice.objects.get(user=officer)
    device.throttling_failure_count = 3
    device.throttling_failure_timestamp = timezone.now() - datetime.timedelta(hours=1)
    device.save()
    assert two_factor.code_check(user=officer, code=codes[6]) is not None
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
