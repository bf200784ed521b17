"""`import_open_data FILE… [--plan PERIOD] [--year YYYY-YY] [--dry-run]`
(DESIGN.md section 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.management.options import parse_plan_option, parse_year_option
from reports.opendata.importer import SourceFile, open_data_import
from reports.opendata.records import OpenDataError

# Past this many, the rest are counted, not printed.
PRINTED_WARNINGS = 1000


class Command(BaseCommand):
    help = (
        "Import council open-data files (either layout) or tidy files (CSV or Excel). "
        "Prints the earlier figures it revises and the report years whose headline "
        "counts change, then one summary line and the warnings. A file that cannot "
        "be read changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="CSV or Excel files")
        parser.add_argument(
            "--plan",
            help='whose headline and verdict columns to read, e.g. "2022-30" '
            "(default: the newest plan in the file)",
        )
        parser.add_argument(
            "--year",
            help='the report year of the verdicts, e.g. "2024-25" (default: the '
            "latest end-of-year period in the file)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would change, and change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = parse_plan_option(options["plan"])
        year = parse_year_option(options["year"])
        sources = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            sources.append(SourceFile.from_path(path))
        try:
            report = open_data_import(
                files=sources, plan=plan, year=year, dry_run=options["dry_run"]
            )
        except OpenDataError as error:
            raise CommandError(error.message) from error
        # What it changes that was there before, then the one summary line.
        for line in report.change_lines():
            self.stdout.write(line)
        self.stdout.write(report.summary_line())
        warnings = report.warnings
        for warning in warnings[:PRINTED_WARNINGS]:
            self.stdout.write(f"warning: {warning}")
        hidden = report.warnings_total - min(len(warnings), PRINTED_WARNINGS)
        if hidden > 0:
            self.stdout.write(f"… and {hidden} more warnings")
