"""Links reversed once each, not once per table row.

A dashboard links every row to its metric; Django's ``reverse`` costs tens of
microseconds a call, which a page of a hundred rows pays in every column that
links. The URL configuration does not change while a process runs, so each
(name, arguments) pair is reversed once per script prefix, and the memory is
cleared whenever a test swaps the URL configuration.

``site_link`` is the one way an email or a PDF links back: the configured
``SITE_URL`` and the path.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=16384)
def _reverse(prefix: str, name: str, args: tuple[str | int, ...]) -> str:
    return reverse(name, args=args)


def link(name: str, *args: str | int) -> str:
    """``reverse(name, args=args)``, remembered."""
    return _reverse(get_script_prefix(), name, args)


def site_link(path: str) -> str:
    """An address to put in an email or a PDF: the configured site (SITE_URL) and
    a path ("/reports/3/"), never the address of whoever's request made it."""
    return f"{settings.SITE_URL.rstrip('/')}/{path.lstrip('/')}"


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: object) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _reverse.cache_clear()
