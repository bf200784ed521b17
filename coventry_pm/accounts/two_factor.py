"""Two-factor sign-in: a TOTP authenticator app (django-otp) and one-time recovery
codes. Who must use it is TWO_FACTOR_REQUIRED_ROLES; anyone may.

Recovery codes are stored as keyed hashes (RecoveryCode; why a keyed hash and not
a password hasher: coventry_pm.accounts.recovery_codes), on django-otp's static
device, which stands for them in the session and throttles repeated failures."""

from __future__ import annotations

import datetime
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coventry_pm.accounts.models import RecoveryCode, User
from coventry_pm.accounts.recovery_codes import (
    recovery_code_hash,
    recovery_code_hashes,
    recovery_code_normalise,
)

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
# The session key of a sign-in whose password was right and whose code is awaited.
PENDING_SIGN_IN_KEY = "two_factor_pending"
# Set by the single sign-on callback when the provider stands for the second step.
SIGNED_IN_BY_PROVIDER_KEY = "signed_in_by_provider"


def two_factor_required_for(user: User) -> bool:
    """Whether the person's roles make two-factor sign-in mandatory."""
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    if not required:
        return False
    return "*" in required or not user.role_keys.isdisjoint(required)


def authenticator_for(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return authenticator_for(user) is not None


def is_verified(request: HttpRequest) -> bool:
    """Whether this session passed a second step (a code, or a provider's)."""
    user = request.user
    if getattr(user, "otp_device", None) is not None:
        return True
    return bool(
        settings.OIDC_SATISFIES_TWO_FACTOR
        and request.session.get(SIGNED_IN_BY_PROVIDER_KEY)
    )


def authenticator_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the person (replacing any other
    unconfirmed one); it counts once confirm_authenticator accepts a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=False
    )


def pending_authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it. Returns fresh recovery codes
    (shown once), or None when the code is wrong. Any earlier authenticator goes."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save()
    return recovery_codes_replace(user=device.user)


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes for the person; the old ones stop working. The codes are
    returned to be shown this once: only their hashes are stored."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_NAME, "confirmed": True}
    )
    device.recovery_codes.all().delete()
    # Any code stored in plain text by django-otp's own admin never works.
    device.token_set.all().delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:  # distinct, as the constraint wants
        code = _recovery_code()
        if code not in codes:
            codes.append(code)
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=recovery_code_hash(code))
        for code in codes
    )
    return codes


def recovery_codes_left(user: User) -> int:
    left: int = RecoveryCode.objects.filter(
        device__user=user, device__confirmed=True
    ).count()
    return left


def recovery_code_use(*, device: StaticDevice, code: str) -> bool:
    """Accept one of the device's recovery codes and use it up; refuse it while the
    device is throttled (django-otp's delays, doubling with each failure)."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return False
    # The delete is the check: of two requests racing with one code, one wins.
    used, _ = RecoveryCode.objects.filter(
        device=device, code_hash__in=recovery_code_hashes(code)
    ).delete()
    if not used:
        device.throttle_increment()
        return False
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return True


def throttled_until(user: User) -> datetime.datetime | None:
    """When the person may next try a code, if every one of their devices is
    holding back after failures (django-otp's throttling); else None."""
    devices = [
        *TOTPDevice.objects.devices_for_user(user, confirmed=True),
        *StaticDevice.objects.devices_for_user(user, confirmed=True),
    ]
    until = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if allowed:
            return None
        until.append((details or {}).get("locked_until") or timezone.now())
    return max(until) if until else None


@transaction.atomic
def two_factor_remove(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def code_check(*, user: User, code: str) -> Device | None:
    """The device that accepts the code: the authenticator app's six digits, or one
    of the recovery codes (used up as it is accepted). Both devices throttle
    repeated failures."""
    code = code.strip().replace(" ", "").lower()
    if not code:
        return None
    totp = authenticator_for(user)
    if totp is not None and code.isdigit() and totp.verify_token(code):
        return totp
    # Recovery codes are shown as "abcde-fghjk"; accept them typed without the dash.
    code = recovery_code_normalise(code)
    for device in StaticDevice.objects.devices_for_user(user, confirmed=True):
        if recovery_code_use(device=device, code=code):
            return device
    return None


def qr_code_svg(text: str) -> str:
    """The text as an SVG QR code, drawn here (no outside service sees the secret)."""
    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    svg: str = image.to_string(encoding="unicode")
    return svg.replace(
        "<svg ", '<svg role="img" aria-label="QR code of the set-up key" ', 1
    )


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"
