"""`seed_benchmark --metrics N --years Y`: synthetic data at scale, for benchmarks.

Creates (or tops up) a "Benchmark" directorate with services and teams, a manager
per service, N agreed metrics spread across the teams and the four perspectives,
Y years of approved annual figures with targets and a comparator, and the first 75
metrics as the current plan's headline metrics for the last three years. Refuses to
run under production settings.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from coventry_pm.accounts.models import Directorate, Role, Service, Team, User
from scorecard.domain.periods import Period
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    Perspective,
    Target,
)
from scorecard.services import target_fields
from strategies.models import Plan, Priority

SERVICES = 20
HEADLINE = 75
TARGETS = ["To increase", "To reduce", "95%", "<12%", "None set", "To maintain"]


class Command(BaseCommand):
    help = "Synthetic metrics and values at scale, for the benchmark scripts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--metrics", type=int, required=True)
        parser.add_argument("--years", type=int, required=True)
        parser.add_argument("--last-year", default="2025-26")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ENVIRONMENT == "production":
            raise CommandError("seed_benchmark refuses to run in production.")
        count, years = options["metrics"], options["years"]
        last = Period.parse(options["last_year"])
        periods = [str(Period(last.year_start - i)) for i in reversed(range(years))]
        rng = random.Random(2026)
        teams = self._organisation()
        plan = self._plan()
        priorities = list(plan.priorities.all())
        comparator, _ = Comparator.objects.get_or_create(name="Statistical neighbours")
        existing = Metric.objects.filter(code__startswith="BM").count()
        new = [
            Metric(
                code=f"BM{n:05d}",
                name=f"Benchmark metric {n}",
                normalised_name=f"benchmark metric {n}",
                unit=rng.choice(["%", "number", "rate per 1,000 population"]),
                perspective=list(Perspective.values)[n % 4],
                good_direction=rng.choice(["up", "down"]),
                team=teams[n % len(teams)],
                similarity_band=Decimal("0.5"),
            )
            for n in range(existing + 1, count + 1)
        ]
        Metric.objects.bulk_create(new, batch_size=1000)
        metrics = list(Metric.objects.filter(code__in=[m.code for m in new]))
        values, comparators, targets = [], [], []
        for metric in metrics:
            level = rng.uniform(20, 80)
            for period in periods:
                level = max(0.1, level + rng.gauss(0, 3))
                text = f"{level:.1f}"
                values.append(
                    MetricValue(
                        metric=metric,
                        period=period,
                        value_text=text,
                        value_number=Decimal(text),
                    )
                )
                other = f"{level + rng.gauss(0, 4):.1f}"
                comparators.append(
                    ComparatorValue(
                        comparator=comparator,
                        metric=metric,
                        period=period,
                        value_text=other,
                        value_number=Decimal(other),
                    )
                )
                fields = target_fields(rng.choice(TARGETS), unit=metric.unit)
                targets.append(Target(metric=metric, period=period, **fields))
        MetricValue.objects.bulk_create(values, batch_size=5000)
        ComparatorValue.objects.bulk_create(comparators, batch_size=5000)
        Target.objects.bulk_create(targets, batch_size=5000)
        headline = Metric.objects.filter(code__startswith="BM").order_by("code")
        for year in periods[-3:]:
            HeadlineMembership.objects.bulk_create(
                [
                    HeadlineMembership(
                        plan=plan,
                        report_year=year,
                        metric=metric,
                        priority=priorities[index % len(priorities)],
                        sort_order=index,
                    )
                    for index, metric in enumerate(headline[:HEADLINE])
                ],
                ignore_conflicts=True,
            )
        self.stdout.write(
            f"{Metric.objects.filter(code__startswith='BM').count()} benchmark "
            f"metrics, {len(values)} values added over {len(periods)} years."
        )

    def _organisation(self) -> list[Team]:
        directorate, _ = Directorate.objects.get_or_create(name="Benchmark")
        manager_group = Group.objects.get(name=Role.MANAGER)
        teams = []
        for n in range(1, SERVICES + 1):
            head, created = User.objects.get_or_create(username=f"bench-manager-{n}")
            if created:
                head.set_password("demo-password")
                head.save()
                head.groups.add(manager_group)
            service, _ = Service.objects.get_or_create(
                directorate=directorate, name=f"Benchmark service {n}", head=head
            )
            team, _ = Team.objects.get_or_create(
                service=service, name=f"Benchmark team {n}", manager=head
            )
            teams.append(team)
        return teams

    def _plan(self) -> Plan:
        plan = Plan.objects.filter(status=Plan.Status.AGREED).first()
        if plan is None:
            plan = Plan.objects.create(
                period="2022-30",
                start_year=2022,
                end_year=2030,
                status=Plan.Status.AGREED,
            )
        if not plan.priorities.exists():
            for n, kind in enumerate(["delivery"] * 3 + ["enabling"] * 2):
                Priority.objects.create(
                    plan=plan, kind=kind, title=f"Priority {n + 1}", sort_order=n
                )
        return plan
