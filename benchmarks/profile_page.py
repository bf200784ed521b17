"""Where one page's time goes, on a database a benchmark left behind.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coventry_pm_bench_2000 \\
        .venv/bin/python benchmarks/profile_page.py /dashboards/service/ \\
        [--as bench-manager-1] [--requests 20] [--top 30] [--queries] [--sort tottime]

Signs in as the person named (none for a public page), warms the page up, then
profiles the requests with cProfile and prints the functions that took the most
time, cumulatively. The cache is emptied before every request unless ``--warm``.
With ``--queries``, prints each query of one request and its time instead.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from common import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--as", dest="username", default="")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--queries", action="store_true")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="keep what the pages cached between requests (the live pages' cache "
        "and the dashboards' verdict sections)",
    )
    parser.add_argument(
        "--sort", default="cumulative", help="pstats order: cumulative or tottime"
    )
    args = parser.parse_args()
    setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from coventry_pm.accounts.models import User

    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        if args.username:
            client.force_login(User.objects.get(username=args.username))
        cache.clear()
        response = client.get(args.url)
        if response.status_code != 200:
            raise SystemExit(f"{args.url} answered {response.status_code}")
        if args.queries:
            if not args.warm:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                client.get(args.url)
            for query in captured.captured_queries:
                print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:300]}")
            print(f"{len(captured)} queries")
            return
        profile = cProfile.Profile()
        begin = time.perf_counter()
        for _ in range(args.requests):
            if not args.warm:
                cache.clear()
            profile.enable()
            client.get(args.url)
            profile.disable()
        elapsed = (time.perf_counter() - begin) * 1000 / args.requests
        print(f"{args.url}: {elapsed:.1f} ms a request (profiled)")
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
