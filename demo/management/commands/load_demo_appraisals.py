"""``manage.py load_demo_appraisals [--today YYYY-MM-DD]``: appraisals for the demo
sign-ins."""

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.appraisals import load_demo_appraisals


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date such as 2026-11-26") from None


class Command(BaseCommand):
    help = (
        "Create last year's and this year's appraisals for the demo sign-ins "
        "(officer, manager, insight, hr, employee), with objectives linked to the "
        "demo plan and one-to-ones, and record the appraisal completion metric. "
        "Safe to run again. Refuses to run under production settings."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=_day,
            help="The day to load as (default: today); sets which year is current.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "ENVIRONMENT", None) == "production":
            raise CommandError(
                "load_demo_appraisals refuses to run under production settings: it "
                "writes made-up appraisals for the demo sign-ins."
            )
        lines = load_demo_appraisals(today=options.get("today")).lines()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
