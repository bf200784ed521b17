"""``manage.py load_demo``: the demo organisation, plan, scorecard and sign-ins."""

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.commandline import parse_day, refuse_in_production
from demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the One Coventry Plan 2022-30, key strategies with "
        "action plans, about forty metrics with five years of values, and the demo "
        "sign-ins (password demo-password). The figures run to the latest complete "
        "financial year before --today, so what is due follows the day it is loaded "
        "on. Safe to run again: it only adds what is missing (on a later day, the "
        "newer periods) and puts the sign-ins back as documented, keeping other "
        "changes made while exploring unless --refresh is given. Refuses to run "
        "under production settings."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Also put demo rows that people changed back to the demo content.",
        )
        parser.add_argument(
            "--today",
            type=parse_day,
            metavar="YYYY-MM-DD",
            help="Load the demo as on this day (default: today).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production(
            "load_demo", "it creates sign-ins whose password is published."
        )
        summary = load_demo(refresh=options["refresh"], today=options["today"])
        first, *rest = summary.lines()
        self.stdout.write(self.style.SUCCESS(first))
        for line in rest:
            self.stdout.write(line)
        # Appraisals need the sign-ins and the plan, so they come last.
        call_command("load_demo_appraisals", today=options["today"], stdout=self.stdout)
