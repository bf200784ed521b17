"""`assess --year YYYY-YY [--plan PERIOD] [--all] --json` (DESIGN.md section 7), and
`assess --compare [--year YYYY-YY] [--plan PERIOD] [--as-published]`: how often the
calculated verdicts agree with the recorded (published) ones, year by year, with the
differences grouped by kind. It reads the stored verdicts; ``--as-published`` adds
the same figure on the figures as each verdict's file published them, which runs
the engine (an analysis, like an import's dry run)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scorecard.agreement import (
    VerdictReview,
    as_published,
    rate,
    review_choices,
    verdict_review,
)
from scorecard.api.serializers import metric_json
from scorecard.domain.periods import Period
from scorecard.selectors import headline_summary, plan_covering
from strategies.models import Plan


class Command(BaseCommand):
    help = "Assess a plan's metrics for a reporting year and print the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", help='e.g. "2024-25" (with --compare: every year when omitted)'
        )
        parser.add_argument("--plan", help='the plan period, e.g. "2022-30"')
        parser.add_argument(
            "--all", action="store_true", help="the wider basket too, not only headline"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--compare",
            action="store_true",
            help="print how often the calculated verdicts agree with the recorded "
            "ones, per year, and the differences by kind",
        )
        parser.add_argument(
            "--as-published",
            action="store_true",
            help="with --compare: also the agreement on the figures as they stood "
            "when each verdict was recorded (runs the assessment engine)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["compare"]:
            self._compare(options["year"], options["plan"], options["as_published"])
            return
        year = options["year"]
        if not year:
            raise CommandError('--year is required, e.g. --year "2024-25"')
        try:
            if Period.parse(year).frequency != "annual":
                raise ValueError
        except ValueError as error:
            raise CommandError(
                f'--year must be a year such as "2024-25", not {year!r}'
            ) from error
        try:
            plan = plan_covering(year, options["plan"])
        except Plan.DoesNotExist as error:
            raise CommandError(
                f"No plan {options['plan'] or 'covers ' + year}: {error}"
            ) from error
        result = headline_summary(plan=plan, year=year, all_metrics=options["all"])
        summary = result.summary
        payload = {
            "year": year,
            "plan": plan.period,
            "summary": {
                "total": summary.total,
                "improved": summary.improved,
                "similar": summary.similar,
                "got_worse": summary.got_worse,
                "cannot_say": summary.cannot_say,
                "not_available": summary.not_available,
                "directional": summary.directional,
                "improved_or_similar": summary.improved_or_similar,
                "directional_pct": summary.directional_pct,
                "sentence": result.sentence,
            },
            "metrics": [metric_json(row) for row in result.rows],
        }
        if options["json"]:
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{plan} — {year}")
        for row in result.rows:
            self.stdout.write(
                f"{row.metric.code:10} {row.progress_shown.symbol} "
                f"{row.progress_shown.label:14} {row.target_status_shown.label:22} "
                f"{row.metric.name}"
                + (f" (calculated: {row.progress.label})" if row.disagrees else "")
            )
        self.stdout.write(result.sentence)

    def _compare(
        self, year: str | None, plan_period: str | None, then: bool = False
    ) -> None:
        chosen = [
            (plan, y)
            for plan, years in review_choices()
            if not plan_period or plan.period == plan_period
            for y in sorted(years)
            if not year or y == year
        ]
        if not chosen:
            raise CommandError(
                "No recorded verdicts to compare with"
                + (f" for {plan_period}" if plan_period else "")
                + (f" in {year}" if year else "")
                + ": import the published history first."
            )
        # Progress agreeing, compared; target status likewise: on the stored
        # verdicts, then on the figures as each verdict's file published them.
        totals = [0] * 8
        compared = 0
        for plan, report_year in chosen:
            review = verdict_review(plan=plan, year=report_year).headline()
            if not review.rows:
                continue  # verdicts recorded for metrics outside the headline list
            compared += 1
            counts = _counts(review) + (
                _counts(as_published(review)) if then else [0] * 4
            )
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            self.stdout.write(f"{report_year} {plan}: {_agreement(*counts[:4])}")
            if then:
                self.stdout.write(
                    f"  on the figures as published: {_agreement(*counts[4:])}"
                )
            for kind in review.kinds:
                self.stdout.write(f"  {kind}")
        if compared > 1:
            self.stdout.write(f"All years: {_agreement(*totals[:4])}")
            if then:
                self.stdout.write(
                    f"  on the figures as published: {_agreement(*totals[4:])}"
                )


def _counts(review: VerdictReview) -> list[int]:
    return [
        review.progress_agreeing,
        review.progress_compared,
        review.target_status_agreeing,
        review.target_status_compared,
    ]


def _share(part: int, whole: int) -> str:
    shown = rate(part, whole)
    return f"{shown}% ({part}/{whole})" if shown is not None else "none recorded"


def _agreement(
    progress_agreeing: int,
    progress_compared: int,
    target_agreeing: int,
    target_compared: int,
) -> str:
    return (
        f"{_share(progress_agreeing, progress_compared)} of headline progress "
        f"verdicts agree; {_share(target_agreeing, target_compared)} of target "
        "statuses marked on or off target agree"
    )
