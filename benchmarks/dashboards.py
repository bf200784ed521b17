"""Server time of the dashboards and the metrics API at scale.

    .venv/bin/python benchmarks/dashboards.py [--scales 200 2000] [--years 10]
        [--requests 30]

For each scale it makes a fresh database (a SQLite file under var/bench/, or, with
DATABASE_URL set to a PostgreSQL server, a database per scale on it), runs
`seed_benchmark`, then times requests through Django's test client as a signed-in
person: the manager's service dashboard, the cabinet's plan dashboard, the metrics
list endpoint, and a minimal signed-in view on the same stack (the floor). Prints
p50 and p95 in milliseconds, and the ratio of each p50 to the floor's.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import run_each_scale, setup_django


def run_scale(metrics: int, years: int, requests: int) -> None:
    setup_django()
    from django.contrib.auth.decorators import login_required
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path

    from coventry_pm.accounts.models import User

    call_command("migrate", verbosity=0)
    call_command("seed_benchmark", metrics=metrics, years=years, verbosity=0)

    @login_required
    def minimal(request):  # type: ignore[no-untyped-def]
        return HttpResponse("ok")

    class Urls:
        urlpatterns = [
            path("bench/minimal/", minimal),
            path("", include("coventry_pm.urls")),
        ]

    manager = User.objects.get(username="bench-manager-1")
    client = Client()
    client.force_login(manager)
    pages = {
        "minimal signed-in view (floor)": "/bench/minimal/",
        "service dashboard (manager)": "/dashboards/service/",
        "plan dashboard (cabinet)": "/dashboards/plan/",
        "metrics list endpoint": "/api/v1/metrics/",
    }
    results = {}
    with override_settings(
        ROOT_URLCONF=Urls, DEBUG=False, ALLOWED_HOSTS=["testserver"]
    ):
        for name, url in pages.items():
            client.get(url)  # warm up
            times = []
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
            times.sort()
            results[name] = (
                statistics.median(times),
                times[max(0, round(0.95 * len(times)) - 1)],
            )
    floor = results["minimal signed-in view (floor)"][0]
    print(f"\n{metrics} metrics x {years} years ({requests} requests each)")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'p50/floor':>10}")
    for name, (p50, p95) in results.items():
        print(f"{name:34} {p50:8.1f} {p95:8.1f} {p50 / floor:10.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_scale(args.one, args.years, args.requests)
        return
    run_each_scale(
        __file__,
        args.scales,
        ["--years", str(args.years), "--requests", str(args.requests)],
    )


if __name__ == "__main__":
    main()
