"""Synthetic data at scale, for benchmarks (`manage.py seed_benchmark --metrics N
--years Y`).

Creates (or tops up) a "Benchmark" directorate with services and teams, a manager
per service, N agreed metrics spread across the teams and the four perspectives,
Y years of approved annual figures with targets and a comparator, and the first 75
metrics as the current plan's headline metrics for the last three years, all
written through the bulk services imports use (scorecard.services.bulk). The
stored verdicts are left to the caller (``reassess --all --here``, or the
benchmark, which times them).

With ``members`` (``--members 20``), a comparator group of that many made-up
places ("Benchmark neighbours", one version from the first year), the primary
group of every new metric, with a figure and a 95% interval for each member in
each of the metric's periods: what the benchmark panel and the view per
priority are measured on. The figures are written in bulk, as an import's are;
their standings are stored with the verdicts (``calculated_verdicts_refresh``
refreshes the standings first).
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from coventry_pm.accounts.models import Directorate, Service, Team, User
from demo.people import DEMO_PASSWORD
from scorecard.domain.periods import Period
from scorecard.models import (
    Comparator,
    ComparatorGroup,
    Metric,
    Perspective,
    Place,
)
from scorecard.services.bulk import (
    ComparatorFigureRow,
    FigureGroup,
    FigureRow,
    MemberFigureRow,
    MembershipRow,
    MetricComparatorFigures,
    TargetRow,
    comparator_values_record_bulk,
    headline_memberships_set_bulk,
    member_values_record_bulk,
    metric_values_record_bulk,
    metrics_create_bulk,
    targets_set_bulk,
)
from scorecard.services.comparators import comparators_ensure
from scorecard.services.groups import comparator_group_save, group_version_create
from strategies.models import Plan, Priority

SERVICES = 20
HEADLINE = 75
TARGETS = ["To increase", "To reduce", "95%", "<12%", "None set", "To maintain"]
COMPARATOR = "Statistical neighbours"
GROUP = "Benchmark neighbours"


@transaction.atomic
def seed_benchmark(
    *, metrics: int, years: int, last_year: str = "2025-26", members: int = 0
) -> str:
    """Create or top up the benchmark data (see the module docstring); returns
    the line the command prints."""
    count = metrics
    last = Period.parse(last_year)
    periods = [str(Period(last.year_start - i)) for i in reversed(range(years))]
    rng = random.Random(2026)
    teams = _organisation()
    plan = _plan()
    priorities = list(plan.priorities.all())
    comparator: Comparator = comparators_ensure(
        named=[(COMPARATOR, Comparator.Kind.COMPARATOR)]
    )[COMPARATOR.casefold()]
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
    group, places = _group(members, periods[0]) if members else (None, [])
    if group is not None:
        for metric in new:
            metric.primary_group = group
    # Through the bulk forms of the services an import uses: the same checks,
    # revisions and history as real data.
    metrics_create_bulk(metrics=new, reason="seed_benchmark")
    values, comparators, targets = [], [], []
    figures_of_members: list[MemberFigureRow] = []
    for metric in new:
        level = rng.uniform(20, 80)
        figures, others = [], []
        for period in periods:
            level = max(0.1, level + rng.gauss(0, 3))
            text = f"{level:.1f}"
            figures.append(
                FigureRow(
                    period=period,
                    text=text,
                    number=Decimal(text),
                    numbers_given=True,
                )
            )
            other = f"{level + rng.gauss(0, 4):.1f}"
            others.append(
                (
                    comparator,
                    ComparatorFigureRow(
                        period=period,
                        text=other,
                        number=Decimal(other),
                        numbers_given=True,
                    ),
                )
            )
            targets.append(TargetRow(metric, period, rng.choice(TARGETS)))
            figures_of_members += _member_figures(metric, period, level, places, rng)
        values.append(FigureGroup(metric=metric, figures=figures))
        comparators.append(MetricComparatorFigures(metric=metric, figures=others))
    written = metric_values_record_bulk(groups=values, compare_numbers=True)
    comparator_values_record_bulk(groups=comparators, compare_numbers=True)
    targets_set_bulk(rows=targets, reason="seed_benchmark")
    member_values_record_bulk(rows=figures_of_members)
    headline = list(Metric.objects.filter(code__startswith="BM").order_by("code"))
    headline_memberships_set_bulk(
        rows=[
            MembershipRow(
                metric=metric,
                plan_id=plan.pk,
                report_year=year,
                headline=True,
                sort_order=index,
                priority_id=priorities[index % len(priorities)].pk,
                priority_stated=True,
            )
            for year in periods[-3:]
            for index, metric in enumerate(headline[:HEADLINE])
        ],
        reason="seed_benchmark",
    )
    members_said = (
        f" {len(figures_of_members)} figures of {len(places)} places in {GROUP}."
        if group is not None
        else ""
    )
    return (
        f"{Metric.objects.filter(code__startswith='BM').count()} benchmark "
        f"metrics, {written.created} values added over {len(periods)} years."
        + members_said
    )


def _group(members: int, first_year: str) -> tuple[ComparatorGroup, list[Place]]:
    """The benchmark's comparator group of ``members`` made-up places (codes
    E069xxxxx, which no real area has), with one version from ``first_year``,
    made through the groups' services as the performance administrator makes
    them."""
    admin, made = User.objects.get_or_create(username="bench-insight")
    if made:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        admin.groups.add(Group.objects.get(name="performance_admin"))  # the key
    group = ComparatorGroup.objects.filter(name=GROUP).first()
    if group is None:
        group = comparator_group_save(
            user=admin,
            group=None,
            expected_version=None,
            name=GROUP,
            kind=ComparatorGroup.Kind.CIPFA,
            description="Made-up places, for the benchmark scripts.",
        )
    version = group.versions.filter(number=1).first()
    if version is None:
        lines = ["code,name,rank"] + [
            f"E069{n:05d},Benchmark place {n},{n}" for n in range(1, members + 1)
        ]
        version = group_version_create(
            user=admin,
            group=group,
            expected_version=group.version,
            data="\n".join(lines),
            from_year=first_year,
            ranked=True,
        )
    places = [m.place for m in version.members.select_related("place")]
    return group, places


def _member_figures(
    metric: Metric,
    period: str,
    level: float,
    places: list[Place],
    rng: random.Random,
) -> list[MemberFigureRow]:
    """Each place's figure near the metric's own, with a 95% interval."""
    made = []
    for place in places:
        figure = Decimal(f"{max(0.1, level * rng.uniform(0.7, 1.3)):.1f}")
        half = Decimal(f"{level * 0.04:.1f}")
        made.append(
            MemberFigureRow(
                metric_id=metric.pk,
                place_id=place.pk,
                period=period,
                text=str(figure),
                number=figure,
                lower_ci=figure - half,
                upper_ci=figure + half,
                source="seed_benchmark",
            )
        )
    return made


def _organisation() -> list[Team]:
    directorate, _ = Directorate.objects.get_or_create(name="Benchmark")
    manager_group = Group.objects.get(name="manager")  # the role's key
    teams = []
    for n in range(1, SERVICES + 1):
        head, created = User.objects.get_or_create(username=f"bench-manager-{n}")
        if created:
            head.set_password(DEMO_PASSWORD)
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


def _plan() -> Plan:
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
