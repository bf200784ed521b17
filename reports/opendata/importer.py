"""The import: read files, then apply them to the database in full or not at all
(DESIGN.md sections 6 and 7).

Reading is reports.opendata.reader's (a file becomes records, or an error naming
its file, row and column). Applying is reports.opendata.apply's, one part for each
kind of thing a file states, each handing its rows to the scorecard's bulk
services, which hold the rules (revisions, checks, rounding, the fast path into
PostgreSQL). This module runs them in one transaction, refreshes the stored
verdicts of every metric touched, and works out what changed in each report year's
headline counts. A dry run takes the same path and rolls it back at the end, so a
preview shows exactly what applying would do.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from reports.models import ImportRun, OpenDataRow
from reports.opendata.apply.context import ImportContext
from reports.opendata.apply.facts import load_facts
from reports.opendata.apply.figures import load_figures
from reports.opendata.apply.metrics import MetricResolver
from reports.opendata.apply.plans import PlanStructure
from reports.opendata.changes import headline_changes, headline_counts, headline_years
from reports.opendata.outcome import FileOutcome, ImportReport, RowOutcome
from reports.opendata.reader import read_file
from reports.opendata.records import TIDY, ParsedFile, Problem
from scorecard.domain.periods import Period
from scorecard.services.verdicts import calculated_verdicts_refresh


@dataclass(frozen=True)
class SourceFile:
    """A file to import: its name (for messages) and how to open it."""

    name: str
    open: Callable[[], AbstractContextManager[IO[bytes]]]

    @classmethod
    def from_path(cls, path: Path | str) -> SourceFile:
        path = Path(path)
        return cls(name=path.name, open=lambda: path.open("rb"))


class _DryRun(Exception):
    def __init__(self, report: ImportReport):
        self.report = report


def read_files(
    files: Sequence[SourceFile], *, plan: str | None = None, year: str | None = None
) -> list[ParsedFile]:
    """Read and validate every file, oldest report year first. Raises
    OpenDataError naming the file, row and column of the first that cannot be
    read; nothing has been written then."""
    with _no_cycle_collection():
        parsed = []
        for source in files:
            with source.open() as stream:
                parsed.append(
                    read_file(name=source.name, stream=stream, plan=plan, year=year)
                )
    parsed.sort(key=_file_order)
    return parsed


def open_data_import(
    *,
    files: Sequence[SourceFile],
    plan: str | None = None,
    year: str | None = None,
    dry_run: bool = False,
    user: User | None = None,
    run: ImportRun | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Import open-data files (either council layout or tidy, CSV or Excel).

    Every file is read and validated first; then all are applied, oldest report
    year first, in one transaction, with the verdicts of every metric touched
    refreshed before it commits. The report lists the figures stored before that
    the files revise and the report years whose headline counts change. A dry run
    rolls the transaction back and returns what would have happened. Raises
    OpenDataError, naming the file, row and column, when a file cannot be
    imported; then nothing is changed. A real import is recorded as an ImportRun
    (``run``, when the upload page made one, else a new one), and everything it
    writes carries it.
    """
    try:
        with _no_cycle_collection(), transaction.atomic():
            started = time.perf_counter()
            parsed = read_files(files, plan=plan, year=year)
            read = time.perf_counter() - started
            report = _apply(
                parsed,
                plan=plan,
                year=year,
                dry_run=dry_run,
                user=user,
                run=run,
                today=today or timezone.localdate(),
            )
            report.time("read", read)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as done:
        return done.report
    return report


def _apply(
    parsed: Sequence[ParsedFile],
    *,
    plan: str | None,
    year: str | None,
    dry_run: bool,
    user: User | None,
    run: ImportRun | None,
    today: dt.date,
) -> ImportReport:
    if run is None:
        # A dry run's own run is rolled back with everything else.
        run = ImportRun(
            source=ImportRun.Source.COMMAND,
            created_by=user,
            status=ImportRun.Status.PREVIEWED,
        )
        run.save()
    report = ImportReport(dry_run=dry_run)
    context = ImportContext(user=user, run_id=run.pk, report=report, today=today)
    before = headline_counts(headline_years())
    plans = PlanStructure(context)
    metrics = MetricResolver(context)
    for parsed_file in parsed:
        _apply_file(context, plans, metrics, parsed_file)
    started = time.perf_counter()
    calculated_verdicts_refresh(metric_ids=context.metric_ids, today=today)
    report.time("verdicts", time.perf_counter() - started)
    report.headline_changes = headline_changes(before)
    report.metric_ids = sorted(context.metric_ids)
    if not dry_run:
        _record_run(run, report, user=user, plan=plan, year=year)
    return report


def _apply_file(
    context: ImportContext,
    plans: PlanStructure,
    metrics: MetricResolver,
    parsed: ParsedFile,
) -> None:
    outcome = FileOutcome(
        name=parsed.name,
        layout=parsed.layout,
        plan=parsed.plan,
        report_year=parsed.report_year if parsed.layout != TIDY else None,
    )
    context.report.files.append(outcome)
    for warning in parsed.warnings:
        outcome.warn(warning)
    outcome.counts["rows_read"] += parsed.rows_read
    for period in parsed.plans_named:
        plans.plan(period, outcome)

    resolved = metrics.resolve(parsed, outcome)
    rows = []
    for entry, metric, action in resolved:
        rows.append(
            RowOutcome(
                row=entry.row,
                last_row=max(entry.last_row, entry.row),
                metric=metric.name,
                unit=metric.unit,
                code=metric.code,
                action=action,
            )
        )
        outcome.counts[f"metrics_{action}"] += 1
        if action != "unchanged":
            context.metric_ids.add(metric.pk)
    outcome.rows = rows
    load_facts(context, plans, parsed, resolved, rows, outcome)
    started = time.perf_counter()
    load_figures(context, parsed, resolved, rows, outcome)
    context.report.time("figures", time.perf_counter() - started)
    revised = (
        outcome.counts["values_revised"] + outcome.counts["comparator_values_revised"]
    )
    if revised and parsed.layout != TIDY and parsed.plan and parsed.report_year:
        _warn_if_out_of_order(plans, parsed, outcome)
    if parsed.layout != TIDY:
        by_row = {r.row: r for r in outcome.rows}
        for warning in parsed.warnings:
            if warning.row in by_row:
                by_row[warning.row].warnings += 1


def _warn_if_out_of_order(
    plans: PlanStructure, parsed: ParsedFile, outcome: FileOutcome
) -> None:
    plan = plans.plans.get(parsed.plan or "")
    if plan is None or plan.pk is None:
        return
    newer = (
        OpenDataRow.objects.filter(plan=plan, report_year__gt=parsed.report_year)
        .order_by("-report_year")
        .values_list("report_year", flat=True)
        .first()
    )
    if newer:
        outcome.warn(
            Problem(
                parsed.name,
                None,
                None,
                f"the file reports {parsed.report_year}, but {newer} has already "
                "been imported: the figures it revised are now the latest "
                "revisions (import files oldest first)",
            )
        )


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A big file is a million small objects that never form cycles; Python's cycle
    collector would walk them again and again as they are made. Paused meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _file_order(parsed: ParsedFile) -> int:
    year = parsed.report_year or parsed.latest_year
    return Period.parse(year).year_start if year else 0


def _record_run(
    run: ImportRun,
    report: ImportReport,
    *,
    user: User | None,
    plan: str | None,
    year: str | None,
) -> None:
    run.status = ImportRun.Status.APPLIED
    run.applied_at = timezone.now()
    if run.created_by is None:
        run.created_by = user
    run.plan_period = plan or ""
    run.report_year = year or ""
    run.file_names = [f.name for f in report.files]
    run.summary = report.summary_line()
    run.report = report.as_dict()
    run.error = ""
    run.full_clean()
    run.save()
