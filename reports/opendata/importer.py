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
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from reports.models import ImportRun, OpenDataRow
from reports.opendata.apply.context import ImportContext, row_error
from reports.opendata.apply.facts import load_facts
from reports.opendata.apply.figures import load_figures
from reports.opendata.apply.metrics import MetricResolver, Resolved
from reports.opendata.apply.plans import PlanStructure
from reports.opendata.changes import headline_changes, headline_counts, headline_years
from reports.opendata.outcome import FileOutcome, ImportReport, RowOutcome
from reports.opendata.reader import read_file
from reports.opendata.records import TIDY, MetricEntry, ParsedFile, Problem
from scorecard.domain.periods import HALF_YEAR, Period
from scorecard.models import HeadlineMembership, Metric, RecordedVerdict, Target
from scorecard.services.bulk import (
    BulkRowError,
    MembershipRow,
    headline_memberships_set_bulk,
)
from scorecard.services.verdicts import calculated_verdicts_refresh

# A metric's source keeps what a file's LG Inform column says when it is no ID.
LG_INFORM_NOTE = "LG Inform: "


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
    metrics = _CouncilMetrics(context)
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
        report_year=parsed.report_period if parsed.layout != TIDY else None,
    )
    context.report.files.append(outcome)
    for warning in parsed.warnings:
        outcome.warn(warning)
    outcome.counts["rows_read"] += parsed.rows_read
    for period in parsed.plans_named:
        plans.plan(period, outcome)
    council = parsed.layout != TIDY and parsed.report_year is not None
    half_year = council and parsed.report_period != parsed.report_year
    if half_year:
        _keep_the_years_list(context, plans, parsed, outcome)

    resolved = metrics.resolve(parsed, outcome)
    if council:
        _fill_gaps_only(plans, parsed, resolved, outcome)
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
    if council and not half_year:
        _replace_the_years_list(context, plans, parsed, resolved, outcome)
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


def _listing_keys(parsed: ParsedFile) -> set[str | None]:
    """The plans (as the file names them) whose headline list for the report year
    the file states."""
    return {
        key
        for entry in parsed.metrics
        for (key, year), facts in entry.facts.items()
        if year == parsed.report_year and facts.headline is not None
    }


def _keep_the_years_list(
    context: ImportContext,
    plans: PlanStructure,
    parsed: ParsedFile,
    outcome: FileOutcome,
) -> None:
    """A half-year file does not change a headline list (or listing) its year's
    end-of-year file has recorded: that file states the year's list."""
    year = parsed.report_year or ""
    for key in sorted(_listing_keys(parsed), key=str):
        plan = plans.plan_for(key, year, outcome, 1)
        if plan is None or plan.pk is None:
            continue
        runs = set(
            HeadlineMembership.objects.filter(plan=plan, report_year=year)
            .order_by()
            .values_list("import_run_id", flat=True)
            .distinct()
        )
        if not _runs_that_imported(context, year, runs):
            continue
        for entry in parsed.metrics:
            facts = entry.facts.get((key, year))
            if facts is not None:
                facts.listed = False
                facts.headline = facts.supporting = None
                facts.priority = facts.objective = None
        outcome.warn(
            Problem(
                parsed.name,
                None,
                None,
                f"the {year} headline list of the {plan.name} {plan.period} was "
                f"recorded from the {year} end-of-year file: a half-year file does "
                "not change it, so this file's headline flags and listing are not "
                "recorded",
            )
        )


def _runs_that_imported(
    context: ImportContext, period: str, runs: Collection[int | None]
) -> set[int]:
    """Which of the import ``runs`` (this one included) imported a council file
    whose report period is ``period``."""
    ids = {pk for pk in runs if pk is not None and pk != context.run_id}
    found = {
        pk
        for pk, files in ImportRun.objects.filter(pk__in=ids).values_list(
            "pk", "report__files"
        )
        if any(
            isinstance(f, dict)
            and f.get("report_year") == period
            and f.get("layout") != TIDY
            for f in files or []
        )
    }
    if (
        context.run_id is not None
        and context.run_id in runs
        and any(
            f.report_year == period and f.layout != TIDY for f in context.report.files
        )
    ):
        found.add(context.run_id)
    return found


def _fill_gaps_only(
    plans: PlanStructure,
    parsed: ParsedFile,
    resolved: Sequence[Resolved],
    outcome: FileOutcome,
) -> None:
    """What a file states about a period other than its own (an earlier year's
    target or verdict, a half-year file's end-of-year target) is recorded only
    where nothing is recorded yet: it never replaces the period's own file's."""
    stated = [
        (metric, key, facts)
        for entry, metric, _ in resolved
        for key, facts in entry.facts.items()
        if not facts.own and (facts.target or facts.progress or facts.target_status)
    ]
    if not stated:
        return
    ids = sorted({metric.pk for metric, _, _ in stated})
    periods = {facts.year for _, _, facts in stated}
    targets = set(
        Target.objects.filter(metric_id__in=ids, period__in=periods).values_list(
            "metric_id", "period"
        )
    )
    verdicts = set(
        RecordedVerdict.objects.filter(
            metric_id__in=ids, period__in=periods, withdrawn_at__isnull=True
        ).values_list("metric_id", "plan_id", "period")
    )
    for metric, (key, period), facts in stated:
        if (metric.pk, period) in targets:
            facts.target = None
        plan = plans.plan_for(key, period, outcome, facts.row)
        plan_id = plan.pk if plan is not None else None
        if {(metric.pk, plan_id, period), (metric.pk, None, period)} & verdicts:
            facts.progress = facts.target_status = None


def _replace_the_years_list(
    context: ImportContext,
    plans: PlanStructure,
    parsed: ParsedFile,
    resolved: Sequence[Resolved],
    outcome: FileOutcome,
) -> None:
    """An end-of-year file states its year's whole headline list: the metrics the
    year's half-year file put in it that this one does not list leave it (a
    half-year file may name a metric differently, or list one the year drops)."""
    year = parsed.report_year or ""
    half = str(Period(Period.parse(year).year_start, HALF_YEAR, 1))
    listed = {metric.pk for _, metric, _ in resolved}
    for key in sorted(_listing_keys(parsed), key=str):
        plan = plans.plan_for(key, year, outcome, 1)
        if plan is None or plan.pk is None:
            continue
        others = list(
            HeadlineMembership.objects.filter(plan=plan, report_year=year)
            .exclude(metric_id__in=listed)
            .select_related("metric")
            .order_by("sort_order", "metric__code")
        )
        from_half = _runs_that_imported(
            context, half, {m.import_run_id for m in others}
        )
        leftovers = [m for m in others if m.import_run_id in from_half]
        if not leftovers:
            continue
        try:
            headline_memberships_set_bulk(
                rows=[
                    MembershipRow(
                        metric=m.metric,
                        plan_id=plan.pk,
                        report_year=year,
                        headline=False,
                    )
                    for m in leftovers
                ],
                changed_by=context.user,
                import_run_id=context.run_id,
                reason=context.reason(parsed.name),
            )
        except BulkRowError as error:
            raise row_error(parsed.name, error) from error
        outcome.counts["headline_removed"] += len(leftovers)
        context.metric_ids.update(m.metric_id for m in leftovers)
        named = ", ".join(m.metric.code for m in leftovers[:3])
        more = f" and {len(leftovers) - 3} more" if len(leftovers) > 3 else ""
        outcome.warn(
            Problem(
                parsed.name,
                None,
                None,
                f"{len(leftovers)} metrics in the {year} headline list of the "
                f"{plan.name} {plan.period} are not in this file (the {half} file "
                f"listed them): taken out of the list ({named}{more})",
            )
        )


class _CouncilMetrics(MetricResolver):
    """Resolves metrics as MetricResolver does, and keeps what a council file says
    of a metric beyond its name, direction and flags: its LG Inform ID (or the
    note that column holds instead) and the years a plan lists it as supporting."""

    def _create(self, entry: MetricEntry, parsed: ParsedFile) -> Metric:
        metric = super()._create(entry, parsed)
        _keep_council_fields(metric, entry)
        return metric

    def _update(
        self,
        metric: Metric,
        entry: MetricEntry,
        parsed: ParsedFile,
        outcome: FileOutcome,
    ) -> str:
        changed = _keep_council_fields(metric, entry)
        action = super()._update(metric, entry, parsed, outcome)
        if action != "unchanged" or not changed:
            return action
        return self._record_update(metric, entry, parsed)


def _keep_council_fields(metric: Metric, entry: MetricEntry) -> bool:
    """Set the metric's LG Inform ID, LG Inform note and supporting years from a
    file's row (unsaved). Returns whether anything changed."""
    changed = False
    if entry.lg_inform_id is not None and entry.lg_inform_id != metric.lg_inform_id:
        metric.lg_inform_id = entry.lg_inform_id
        changed = True
    if entry.lg_inform_note:
        parts = [
            part
            for part in metric.source.split("; ")
            if part and not part.startswith(LG_INFORM_NOTE)
        ]
        source = "; ".join([*parts, LG_INFORM_NOTE + entry.lg_inform_note])
        if source != metric.source and len(source) <= 300:
            metric.source = source
            changed = True
    supporting = {plan: list(years) for plan, years in metric.supporting_years.items()}
    for (plan, year), facts in entry.facts.items():
        if plan is None or facts.supporting is None:
            continue
        years = set(supporting.get(plan, []))
        if facts.supporting:
            years.add(year)
        else:
            years.discard(year)
        if years:
            supporting[plan] = sorted(years)
        else:
            supporting.pop(plan, None)
    if supporting != metric.supporting_years:
        metric.supporting_years = supporting
        changed = True
    return changed


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


def _file_order(parsed: ParsedFile) -> dt.date:
    """Oldest report period first: a year's half-year file before its end-of-year
    file."""
    period = parsed.report_period or parsed.report_year or parsed.latest_year
    return Period.parse(period).end_date() if period else dt.date.min


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
