"""`export_open_data --year YYYY-YY --format council|tidy --out DIR [--plan PERIOD]
[--excel]` (DESIGN.md section 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.management.options import parse_plan_option, parse_year_option
from reports.opendata.exporter import FORMATS, open_data_export
from scorecard.selectors import plan_covering
from strategies.models import Plan


class Command(BaseCommand):
    help = (
        "Write a year's open data: the council's wide layout (its own files' format) "
        "or the tidy format, one row per value."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help='e.g. "2024-25"')
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--out", required=True, help="the folder to write to")
        parser.add_argument(
            "--plan",
            help="the plan whose headline list and verdicts are published, e.g. "
            '"2022-30" (default: the plan that covers the year)',
        )
        parser.add_argument(
            "--excel", action="store_true", help="tidy only: an .xlsx copy as well"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = parse_year_option(options["year"])
        assert year is not None
        period = parse_plan_option(options["plan"])
        try:
            plan: Plan | None = plan_covering(year, period)
        except Plan.DoesNotExist as error:
            if period or options["fmt"] == "council":
                raise CommandError(str(error)) from error
            plan = None
        paths = open_data_export(
            year=year,
            fmt=options["fmt"],
            out=Path(options["out"]),
            plan=plan,
            excel=options["excel"],
        )
        for path in paths:
            self.stdout.write(str(path))
