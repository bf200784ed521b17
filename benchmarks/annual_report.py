"""Time to generate the annual report at scale.

    .venv/bin/python benchmarks/annual_report.py [--scales 75 2000] [--years 10]

For each scale, a fresh database (see common.py) with `seed_benchmark` (N agreed
metrics, 75 of them headline, Y years of approved annual figures, targets and a
comparator) and its stored verdicts (`reassess --all --here`, not timed: the worker
keeps them up to date as figures are approved), then one run of the report job in
this process, as the worker runs it: prints the seconds each stage took and the
total, the size and pages of the PDF, and the machine's load average before it.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time

from common import run_each_scale, setup_django


def run_scale(metrics: int, years: int) -> None:
    setup_django()
    from django.core.management import call_command

    from reports.models import ReportSnapshot
    from reports.services import annual
    from scorecard.selectors import plan_covering

    call_command("migrate", verbosity=0)
    call_command("seed_benchmark", metrics=metrics, years=years, verbosity=0)
    call_command("reassess", all=True, here=True, verbosity=0)
    stages: list[tuple[str, float]] = []
    record = annual._progress

    def timed(run_id: int):  # type: ignore[no-untyped-def]
        write = record(run_id)

        def progress(percent: int, stage: str) -> None:
            if not stages or stages[-1][0] != stage:
                stages.append((stage, time.perf_counter()))
            write(percent, stage)

        return progress

    annual._progress = timed
    year = "2025-26"
    run = annual.report_run_start(
        plan=plan_covering(year), period=year, user=None, enqueue=False
    )
    load = os.getloadavg()[0]
    start = time.perf_counter()
    snapshot = annual.report_run_execute(run_id=run.pk)
    total = time.perf_counter() - start
    if snapshot is None:
        run.refresh_from_db()
        raise SystemExit(f"The run failed: {run.error}")
    snapshot = ReportSnapshot.objects.get(pk=snapshot.pk)
    print(
        f"\n{metrics} metrics x {years} years: report generated in {total:.1f} s "
        f"(load average before {load:.1f}, {os.cpu_count()} cores)"
    )
    marks = [*stages, ("end", start + total)]
    for (stage, began), (_, ended) in itertools.pairwise(marks):
        print(f"  {stage:34} {ended - began:6.1f} s")
    print(
        f"  PDF {snapshot.pdf.size / 1e6:.1f} MB; "
        f"{snapshot.content['summary']['total']} headline metrics, "
        f"{len(snapshot.content['wider_basket'])} in the wider basket"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[75, 2000])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_scale(args.one, args.years)
        return
    run_each_scale(__file__, args.scales, ["--years", str(args.years)])


if __name__ == "__main__":
    main()
