"""Helpers for the security tests: a code from a person's authenticator app."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coventry_pm.accounts import two_factor


def code_for(device: TOTPDevice, *, drift: int = 0) -> str:
    """The code the person's app shows now (drift: steps later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


@pytest.fixture
def enrolled(officer):
    """``officer`` with an authenticator app set up: (device, recovery codes)."""
    device = two_factor.authenticator_start(user=officer)
    # The step before now, so the test may still use the code of this step.
    codes = two_factor.authenticator_confirm(
        device=device, code=code_for(device, drift=-1)
    )
    assert codes is not None
    device.refresh_from_db()
    return device, codes
