"""`import_benchmarks FILE --source NAME [--metric CODE] [--dry-run]`: import a
file of other places' figures from a benchmarking source (issue 19)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coventry_pm.core.exceptions import ApplicationError
from reports.models import BenchmarkSource
from reports.services.benchmarks import BenchmarkFileError, benchmark_file_import
from scorecard.models import Metric

# Past this many, the rest are counted, not printed.
PRINTED = 1000


class Command(BaseCommand):
    help = (
        "Import other places' figures from a benchmarking source's file (Fingertips "
        "or long format). Prints one summary line and the problems. A file that "
        "cannot be read changes nothing and exits non-zero, naming the row and "
        "column."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a CSV file")
        parser.add_argument(
            "--source", required=True, help="the source's name, as on the import page"
        )
        parser.add_argument(
            "--metric",
            help="the metric's code, for a file that names no indicator",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would change, and change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        source = BenchmarkSource.objects.filter(name__iexact=options["source"]).first()
        if source is None:
            names = ", ".join(BenchmarkSource.objects.values_list("name", flat=True))
            raise CommandError(
                f"No source named '{options['source']}'"
                + (f" (there are: {names})" if names else "")
                + "; add it on the import page first."
            )
        metric = None
        if options["metric"]:
            metric = Metric.objects.filter(code__iexact=options["metric"]).first()
            if metric is None:
                raise CommandError(f"No metric with the code '{options['metric']}'.")
        try:
            outcome = benchmark_file_import(
                data=path.read_bytes(),
                name=path.name,
                source=source,
                metric=metric,
                dry_run=options["dry_run"],
            )
        except BenchmarkFileError as error:
            for problem in error.problems[:PRINTED]:
                self.stderr.write(f"error: {problem}")
            raise CommandError(
                f"{path.name}: {len(error.problems)} errors; nothing was changed"
            ) from error
        except ApplicationError as error:
            raise CommandError(error.message) from error
        plan = outcome.plan
        prefix = "Dry run: would import" if options["dry_run"] else "Imported"
        run = f" (import {outcome.run.pk})" if outcome.run else ""
        self.stdout.write(f"{prefix} {path.name}{run}: {plan.summary_line()}")
        for indicator in plan.unmapped:
            self.stdout.write(
                f"not mapped: indicator {indicator.key} ({indicator.name}), "
                f"{indicator.rows} rows"
            )
        for reason, count in plan.left_out_counts.items():
            self.stdout.write(f"left out: {count} rows, {reason}")
        for warning in plan.warnings[:PRINTED]:
            self.stdout.write(f"warning: {warning}")
