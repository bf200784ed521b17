"""How a recovery code is stored: as a keyed hash, never as itself.

A keyed hash (HMAC-SHA256 under SECRET_KEY), not Django's password hashers, because:

- a recovery code is ten characters drawn at random from 31 (about 50 bits), not a
  password a person chose, so there is no dictionary for a slow hash to hold back;
  without the secret key, a copy of the database (a backup, a leaked dump) gives
  nothing to try codes against at all;
- a keyed hash is the same every time, so checking a code is one indexed lookup,
  where a salted password hash (PBKDF2, ~0.3 s each) would be checked against every
  one of a person's ten codes on every attempt: seconds a try, and a ready way to
  tie up the web workers;
- the comparison is done by the database on the hash, so no timing tells how much
  of a code was right.

Rotating SECRET_KEY keeps the codes working while the old key is in
SECRET_KEY_FALLBACKS (``recovery_code_hashes`` gives the hash under each key).

This module imports no model, so the migration that hashed the codes stored in
plain text before (accounts 0002) uses it too.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

_KEY_SALT = "coventry_pm.accounts.recovery_code"


def recovery_code_normalise(code: str) -> str:
    """A code as the person may type it ("ABCDE FGHJK", "abcdefghjk") in the form
    it is shown and hashed in ("abcde-fghjk")."""
    code = code.strip().replace(" ", "").lower()
    if len(code) == 10 and "-" not in code:
        code = f"{code[:5]}-{code[5:]}"
    return code


def recovery_code_hash(code: str, *, secret: str | bytes | None = None) -> str:
    """The stored form of a code (64 hex digits), under SECRET_KEY or ``secret``."""
    return salted_hmac(
        _KEY_SALT,
        recovery_code_normalise(code),
        secret=secret or settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()


def recovery_code_hashes(code: str) -> list[str]:
    """The code's hash under the secret key and under each key it replaced."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [recovery_code_hash(code, secret=key) for key in keys]
