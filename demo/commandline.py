"""What the demo's commands share: the refusal under production settings (the demo
and the seeds make sign-ins whose password is published) and the ``--today``
option."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentTypeError

from django.conf import settings
from django.core.management.base import CommandError


def refuse_in_production(command: str, why: str) -> None:
    """Raise CommandError under production settings, before anything is written."""
    if getattr(settings, "ENVIRONMENT", None) == "production":
        raise CommandError(f"{command} refuses to run under production settings: {why}")


def parse_day(text: str) -> dt.date:
    """The ``--today`` option: a day such as 2026-11-26."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date such as 2026-11-26") from None
