"""Server time of the pages that read verdicts, at scale, against the floor.

    .venv/bin/python benchmarks/dashboards.py [--scales 200 2000] [--years 10]
        [--requests 30] [--members 20]
    DATABASE_URL=postgres://…/coventry_pm_bench_2000 .venv/bin/python \
        benchmarks/dashboards.py --one 2000 --reuse   # the pages again, no seeding

For each scale it makes a fresh database (a SQLite file under var/bench/, or, with
DATABASE_URL set to a PostgreSQL server, a database per scale on it), runs
`seed_benchmark`, stores every metric's verdicts (timed: what an import or
`reassess --all` costs at that scale), then times requests through Django's test
client in this process, each page as a person who may read it:

- the floor: a login-required view that returns "ok", on the same stack;
- the service dashboard (a manager), the plan dashboard and the scorecard (a
  cabinet member), a metric's page, the metrics and values list endpoints;
- the benchmark panel (a headline metric's page, for its group and period) and
  the view per priority, with every metric's primary group a comparator group of
  ``--members`` places (20 by default; 0 leaves benchmarking out), each with a
  figure for every period;
- the live pages with their cache emptied before every request (uncached).

Prints p50 and p95 in milliseconds, each p95 divided by the floor's p95, and the
queries each page runs. Then the tidy export of every year, timed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import run_each_scale, setup_django


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]


def run_scale(
    metrics: int, years: int, requests: int, reuse: bool = False, members: int = 20
) -> None:
    setup_django()
    from django.contrib.auth.decorators import login_required
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import include, path

    from coventry_pm.accounts.models import User
    from reports.opendata.exporter import open_data_export
    from scorecard.models import (
        CalculatedVerdict,
        HeadlineMembership,
        Metric,
        Standing,
    )
    from scorecard.services.verdicts import calculated_verdicts_rebuild

    rebuild = 0.0
    if not reuse:
        call_command("migrate", verbosity=0)
        call_command(
            "seed_benchmark",
            metrics=metrics,
            years=years,
            members=members,
            verbosity=0,
        )
        start = time.perf_counter()
        calculated_verdicts_rebuild(everything=True)
        rebuild = time.perf_counter() - start
    stored = CalculatedVerdict.objects.count()
    standings = Standing.objects.count()
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a big write: without it the
        # planner would take the freshly seeded tables for empty ones.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    @login_required
    def minimal(request):  # type: ignore[no-untyped-def]
        return HttpResponse("ok")

    class Urls:
        urlpatterns = [
            path("bench/minimal/", minimal),
            path("", include("config.urls")),
        ]

    manager = User.objects.get(username="bench-manager-1")
    membership = HeadlineMembership.objects.select_related("plan", "priority").first()
    assert membership is not None and membership.priority is not None
    reader = manager  # seed_benchmark makes no cabinet member; managers read plans
    code = membership.metric.code
    team_metric = Metric.objects.filter(team__service__head=manager).first()
    assert team_metric is not None
    year = membership.report_year
    pages: list[tuple[str, str, User | None, bool]] = [
        ("floor: signed-in view", "/bench/minimal/", manager, False),
        ("service dashboard", f"/dashboards/service/?year={year}", manager, False),
        ("plan dashboard", f"/dashboards/plan/?year={year}", reader, False),
        ("scorecard", f"/scorecard/?year={year}", reader, False),
        ("metric page", f"/metrics/{team_metric.code}/?year={year}", manager, False),
        ("metrics list API", "/api/v1/metrics/", manager, False),
        ("values list API", "/api/v1/values/", manager, False),
        *(
            [
                (
                    "benchmark panel",
                    f"/metrics/{code}/?year={year}&group="
                    f"{membership.metric.primary_group_id}&period={year}",
                    reader,
                    False,
                ),
                (
                    "view per priority",
                    f"/priorities/{membership.priority.pk}/benchmarking/?year={year}"
                    "&sort=band",
                    reader,
                    False,
                ),
            ]
            if standings
            else []
        ),
        ("live: overview", "/performance/", None, True),
        ("live: progress", "/performance/progress/", None, True),
        (
            "live: priority",
            f"/performance/priorities/{membership.priority.pk}/",
            None,
            True,
        ),
        ("live: metric", f"/performance/metrics/{code}/", None, True),
    ]
    results: dict[str, tuple[float, float, int]] = {}
    with override_settings(
        ROOT_URLCONF=Urls, DEBUG=False, ALLOWED_HOSTS=["testserver"]
    ):
        for name, url, person, uncached in pages:
            client = Client()
            if person is not None:
                client.force_login(person)
            if uncached:
                cache.clear()
            client.get(url)  # warm up
            times = []
            queries = 0
            for _ in range(requests):
                if uncached:
                    cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    begin = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - begin) * 1000)
                queries = len(captured)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
            results[name] = (*_percentiles(times), queries)

    folder = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    open_data_export(year=year, fmt="tidy", out=folder, plan=None)
    export = time.perf_counter() - start
    rows = sum(1 for _ in next(folder.glob("*.csv")).open()) - 1

    floor = results["floor: signed-in view"][1]
    print(f"\n{metrics} metrics x {years} years ({requests} requests each)")
    if rebuild:
        print(
            f"verdicts stored: {stored:,} for {metrics:,} metrics in {rebuild:.1f} s "
            f"({stored / rebuild:,.0f} a second), with {standings:,} standings"
        )
    print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'p95/floor':>10} {'queries':>8}")
    for name, (p50, p95, queries) in results.items():
        print(f"{name:24} {p50:8.1f} {p95:8.1f} {p95 / floor:10.1f} {queries:8}")
    print(f"tidy export of every year: {rows:,} rows in {export:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--members",
        type=int,
        default=20,
        help="places in the comparator group every metric is compared with",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the pages on the database DATABASE_URL names, as an earlier run "
        "left it (no seeding), with --one SCALE",
    )
    args = parser.parse_args()
    if args.one:
        run_scale(
            args.one, args.years, args.requests, reuse=args.reuse, members=args.members
        )
        return
    run_each_scale(
        __file__,
        args.scales,
        [
            "--years",
            str(args.years),
            "--requests",
            str(args.requests),
            "--members",
            str(args.members),
        ],
    )


if __name__ == "__main__":
    main()
