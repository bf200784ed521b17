"""Time to work out and store the standings (issue 19) at scale.

    .venv/bin/python benchmarks/standings.py [--scales 200 2000] [--members 20]

For each scale, a fresh database (see common.py) with `seed_benchmark` (N metrics,
Y years, every metric compared with a group of M places: N × Y × M member
figures), then, timed in this process, as the worker runs them after an import:
the standings of every metric (`standings_refresh`), the verdicts and the
standings together (`calculated_verdicts_refresh`, which refreshes the standings
first: the floor of this job is the verdicts alone, their difference), and one
metric's (what an officer's approved figure costs). Each is run twice and the
faster kept; prints the seconds, the rows and the machine's load average.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from common import run_each_scale, setup_django


def _best(work: Callable[[], int]) -> tuple[float, int]:
    from django.db import transaction

    times = []
    rows = 0
    for _ in range(2):
        start = time.perf_counter()
        with transaction.atomic():
            rows = work()
        times.append(time.perf_counter() - start)
    return min(times), rows


def run_scale(metrics: int, years: int, members: int) -> None:
    setup_django()
    from django.core.management import call_command

    from scorecard.models import MemberValue, Metric
    from scorecard.services.standings import standings_refresh
    from scorecard.services.verdicts import calculated_verdicts_refresh

    call_command("migrate", verbosity=0)
    call_command(
        "seed_benchmark", metrics=metrics, years=years, members=members, verbosity=0
    )
    ids = list(Metric.objects.values_list("pk", flat=True))
    load = os.getloadavg()[0]
    standings, stored = _best(lambda: standings_refresh(metric_ids=ids))
    both, verdicts = _best(lambda: calculated_verdicts_refresh(metric_ids=ids))
    one, _ = _best(lambda: calculated_verdicts_refresh(metric_ids=ids[:1]))
    print(
        f"\n{metrics} metrics x {years} years, {members} members "
        f"({MemberValue.objects.count():,} member figures; load average "
        f"{load:.1f}, {os.cpu_count()} cores)"
    )
    print(f"  standings of every metric   {standings:6.2f} s  ({stored:,} standings)")
    print(f"  verdicts and standings      {both:6.2f} s  ({verdicts:,} verdicts)")
    print(f"  verdicts alone (difference){both - standings:6.2f} s")
    print(f"  one metric's, both          {one * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_scale(args.one, args.years, args.members)
    else:
        run_each_scale(
            __file__,
            args.scales,
            ["--years", str(args.years), "--members", str(args.members)],
        )


if __name__ == "__main__":
    main()
