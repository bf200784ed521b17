"""`seed_benchmark --metrics N --years Y [--members M]`: synthetic data at scale,
for benchmarks.

Creates (or tops up) a "Benchmark" directorate with services and teams, a manager
per service, N agreed metrics spread across the teams and the four perspectives,
Y years of approved annual figures with targets and a comparator, and the first 75
metrics as the current plan's headline metrics for the last three years, all
written through the bulk services imports use (scorecard.services.bulk). The
stored verdicts are left to the caller (``reassess --all --here``, or the
benchmark, which times them). With ``--members M``, a comparator group of M
made-up places, each with a figure for every new metric's periods, is every new
metric's primary group. Refuses to run under production settings.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.benchmark import seed_benchmark
from demo.commandline import refuse_in_production


class Command(BaseCommand):
    help = "Synthetic metrics and values at scale, for the benchmark scripts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--metrics", type=int, required=True)
        parser.add_argument("--years", type=int, required=True)
        parser.add_argument("--last-year", default="2025-26")
        parser.add_argument(
            "--members",
            type=int,
            default=0,
            help="a comparator group of this many places, with their figures",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production(
            "seed_benchmark", "it creates sign-ins whose password is published."
        )
        self.stdout.write(
            seed_benchmark(
                metrics=options["metrics"],
                years=options["years"],
                last_year=options["last_year"],
                members=options["members"],
            )
        )
