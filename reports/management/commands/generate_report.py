"""`generate_report --year YYYY-YY [--plan PERIOD]` (DESIGN.md section 7): runs the
annual report job, waits until it is ready, and prints the report's URL."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coventry_pm.core.exceptions import ApplicationError
from reports.management.options import parse_plan_option, parse_year_option
from reports.models import ReportRun, ReportSnapshot
from reports.services.annual import report_run_execute, report_run_start
from scorecard.selectors import plan_covering
from strategies.models import Plan


class Command(BaseCommand):
    help = (
        "Generate the annual performance report (a draft to approve and publish), "
        "wait until it is ready and print its URL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help='e.g. "2025-26"')
        parser.add_argument(
            "--plan",
            help='the plan\'s period, e.g. "2022-30" (default: the plan '
            "that covers the year)",
        )
        parser.add_argument(
            "--half", choices=["H1"], help="the half-year report instead"
        )
        parser.add_argument(
            "--change-note",
            default="",
            help="for a report already published: what the correction changes",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="run it on the Celery worker and wait (default: in this process)",
        )
        parser.add_argument("--timeout", type=int, default=30 * 60, help="seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        year = parse_year_option(options["year"])
        assert year is not None
        try:
            plan = plan_covering(year, parse_plan_option(options["plan"]))
        except Plan.DoesNotExist as error:
            raise CommandError(str(error)) from error
        period = f"{year} {options['half']}" if options["half"] else year
        try:
            run = report_run_start(
                plan=plan,
                period=period,
                user=None,
                change_note=options["change_note"],
                enqueue=options["queue"],
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        if options["queue"]:
            run = self._wait(run, options["timeout"])
        else:
            report_run_execute(run_id=run.pk)
            run.refresh_from_db()
        if run.status != ReportRun.Status.READY:
            raise CommandError(run.error or f"The run ended {run.status}.")
        snapshot = ReportSnapshot.objects.get(run=run)
        self.stdout.write(settings.SITE_URL.rstrip("/") + snapshot.get_absolute_url())

    def _wait(self, run: ReportRun, timeout: int) -> ReportRun:
        deadline = time.monotonic() + timeout
        shown = None
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if (run.progress, run.stage) != shown:
                shown = (run.progress, run.stage)
                self.stderr.write(f"{run.progress:3d}% {run.stage}")
            if not run.is_active:
                return run
            time.sleep(1)
        raise CommandError(
            f"The report was not ready after {timeout} seconds (run {run.pk}, "
            f"{run.progress}%). Is a Celery worker running?"
        )
