"""``manage.py load_demo_appraisals [--today YYYY-MM-DD]``: appraisals for the demo
sign-ins."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from demo.appraisals import load_demo_appraisals
from demo.commandline import parse_day, refuse_in_production


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
            type=parse_day,
            help="The day to load as (default: today); sets which year is current.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production(
            "load_demo_appraisals",
            "it writes made-up appraisals for the demo sign-ins.",
        )
        lines = load_demo_appraisals(today=options.get("today")).lines()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
