"""``manage.py load_demo``: the demo organisation, plan, scorecard and sign-ins."""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coventry_pm.core.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the One Coventry Plan 2022-30, key strategies with "
        "action plans, about forty metrics with five years of values, and the demo "
        "sign-ins (password demo-password). Safe to run again: it only adds what is "
        "missing and puts the sign-ins back as documented, keeping other changes "
        "made while exploring unless --refresh is given. Refuses to run under "
        "production settings."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Also put demo rows that people changed back to the demo content.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "ENVIRONMENT", None) == "production":
            raise CommandError(
                "load_demo refuses to run under production settings: it creates "
                "sign-ins whose password is published."
            )
        summary = load_demo(refresh=options["refresh"])
        first, *rest = summary.lines()
        self.stdout.write(self.style.SUCCESS(first))
        for line in rest:
            self.stdout.write(line)
