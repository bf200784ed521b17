"""``manage.py record_appraisal_completion [--year YYYY-YY]``: the Workforce metric
"Appraisals completed on time" from the appraisal records (the nightly task does the
same)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from appraisals.models import year_start
from appraisals.services import (
    appraisal_completion_metric_record,
    appraisal_completion_metrics_refresh,
)


class Command(BaseCommand):
    help = (
        'Record the Workforce metric "Appraisals completed on time" for a year (by '
        "default this year and last), as a new revision only when it has changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", help='A financial year such as "2025-26".')

    def handle(self, *args: Any, **options: Any) -> None:
        year = options.get("year")
        if year:
            try:
                year_start(year)
            except ValueError as error:
                raise CommandError(str(error)) from error
            recorded = [appraisal_completion_metric_record(year=year)]
        else:
            recorded = list(appraisal_completion_metrics_refresh())
        for value in recorded:
            if value is None:
                self.stdout.write(f"{year}: no appraisals, nothing recorded.")
                continue
            self.stdout.write(
                f"{value.metric.code} {value.period}: {value.value_text} "
                f"({value.numerator:.0f} of {value.denominator:.0f}, "
                f"{value.get_data_status_display().lower()}, revision {value.revision})"
            )
