"""Steps of the worker fault (scripts/faults/worker.sh), on the annual report run.

report_run.py start YEAR             queue a report run; print its id
report_run.py wait-running ID        until the worker is part-way through it
report_run.py wait-done ID SECONDS   until it is ready or failed
report_run.py check ID               never half-published: print the outcome
"""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.load")
django.setup()

from reports.models import ReportRun, ReportSnapshot  # noqa: E402
from reports.services.annual import report_run_start  # noqa: E402
from scorecard.selectors import plan_covering  # noqa: E402


def start(year: str) -> int:
    plan = plan_covering(year, None)
    ReportRun.objects.filter(status__in=ReportRun.ACTIVE).update(
        status=ReportRun.Status.FAILED, error="Cleared by the fault script."
    )
    run = report_run_start(plan=plan, period=year, user=None)
    print(run.pk)
    return 0


def wait_running(run_id: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if run.status == ReportRun.Status.RUNNING and run.progress >= 5:
            print(f"running: {run.progress}% ({run.stage}), attempt {run.attempts}")
            return 0
        if not run.is_active:
            print(f"finished before it could be interrupted: {run.status}")
            return 1
        time.sleep(0.1)
    print("the worker did not start the run", file=sys.stderr)
    return 1


def wait_done(run_id: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if not run.is_active:
            return 0
        time.sleep(0.5)
    run = ReportRun.objects.get(pk=run_id)
    print(f"still {run.status} after {seconds} s ({run.stage})", file=sys.stderr)
    return 1


def check(run_id: int) -> int:
    run = ReportRun.objects.get(pk=run_id)
    snapshots = list(ReportSnapshot.objects.filter(run=run))
    print(
        f"run {run.pk}: {run.status} after {run.attempts} attempt(s), "
        f"{len(snapshots)} snapshot(s){'; ' + run.error if run.error else ''}"
    )
    if run.status == ReportRun.Status.READY:
        ok = len(snapshots) == 1 and all(
            s.status == ReportSnapshot.Status.DRAFT and s.pdf and s.tidy_csv
            for s in snapshots
        )
    elif run.status == ReportRun.Status.FAILED:
        ok = not snapshots
    else:
        ok = False
    print("never half-published: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "start":
        sys.exit(start(args[0]))
    if command == "wait-running":
        sys.exit(wait_running(int(args[0])))
    if command == "wait-done":
        sys.exit(wait_done(int(args[0]), float(args[1])))
    sys.exit(check(int(args[0])))
