"""The import service: read files, then apply them to the database in full or not at
all (DESIGN.md sections 6 and 7).

A dry run and a real import take the same path inside one transaction; the dry run
rolls it back at the end, so a preview shows exactly what applying would do. Every
file is read and validated before anything is written. Figures are written in bulk
(COPY on PostgreSQL): a figure that differs from every stored revision of its period
becomes the next revision; one that matches a stored revision changes nothing, so
re-importing a file, or nine years of files, is a no-op.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coventry_pm.accounts.models import User
from reports.models import ImportRun, OpenDataRow
from reports.opendata.bulk import (
    COPY_ESCAPES,
    NULL,
    copy_text,
    insert_rows,
    row_writer,
)
from reports.opendata.headers import plan_years
from reports.opendata.outcome import FileOutcome, ImportReport, RowOutcome
from reports.opendata.reader import read_file
from reports.opendata.records import (
    TIDY,
    ComparatorCell,
    MetricEntry,
    OpenDataError,
    ParsedFile,
    Problem,
    ValueCell,
    YearFacts,
    fits_storage,
    stored,
)
from scorecard.domain.periods import Period
from scorecard.domain.targets import TargetKind
from scorecard.domain.values import ValueKind, parse_value
from scorecard.domain.vocabulary import Direction
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
    normalise_metric_name,
)
from scorecard.services import target_fields
from strategies.models import Objective, Plan, Priority

NEW_CODE_PREFIX = "OD"
_ENABLING_WORDS = re.compile(
    r"\b(council|councils|council's|financ\w*|resources?|enabl\w*|partner\w*|"
    r"workforce|organisation\w*)\b",
    re.IGNORECASE,
)
_SEX_GROUPS = frozenset({"female", "females", "male", "males", "women", "men"})
_CHUNK = 900  # ids per IN (…) query, inside SQLite's limit on parameters
TARGET_FIELDS = tuple(target_fields("None set"))

_VALUE_FIELDS = (
    "metric_id",
    "period",
    "period_label",
    "data_status",
    "revision",
    "scope",
    "breakdown",
    "breakdown_group",
    "value_text",
    "value_number",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "note",
    "approval",
    "entered_by_id",
    "entered_at",
)
_COMPARATOR_VALUE_FIELDS = (
    "comparator_id",
    "metric_id",
    "period",
    "period_label",
    "revision",
    "value_text",
    "value_number",
    "entered_at",
)
# What a stored revision is compared on: (text, label, data status, numbers…).
_Signature = tuple[object, ...]


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


def open_data_import(
    *,
    files: Sequence[SourceFile],
    plan: str | None = None,
    year: str | None = None,
    dry_run: bool = False,
    user: User | None = None,
    run: ImportRun | None = None,
) -> ImportReport:
    """Import open-data files (either council layout or tidy, CSV or Excel).

    Every file is read and validated first; then all are applied, oldest report year
    first, in one transaction. A dry run rolls the transaction back and returns what
    would have happened. Raises OpenDataError, naming the file, row and column, when
    a file cannot be imported; then nothing is changed. A real import is recorded
    as an ImportRun (``run``, when the upload page made one, else a new one).
    """
    with _no_cycle_collection():
        parsed = []
        for source in files:
            with source.open() as stream:
                parsed.append(
                    read_file(name=source.name, stream=stream, plan=plan, year=year)
                )
        parsed.sort(key=_file_order)
        try:
            with transaction.atomic():
                importer = _Importer(user=user, dry_run=dry_run)
                for parsed_file in parsed:
                    importer.apply(parsed_file)
                report = importer.report
                if dry_run:
                    raise _DryRun(report)
                _record_run(run, report, user=user, plan=plan, year=year)
        except _DryRun as done:
            return done.report
    return report


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
    run: ImportRun | None,
    report: ImportReport,
    *,
    user: User | None,
    plan: str | None,
    year: str | None,
) -> None:
    if run is None:
        run = ImportRun(source=ImportRun.Source.COMMAND, created_by=user)
    run.status = ImportRun.Status.APPLIED
    run.applied_at = timezone.now()
    run.plan_period = plan or ""
    run.report_year = year or ""
    run.file_names = [f.name for f in report.files]
    run.summary = report.summary_line()
    run.report = report.as_dict()
    run.error = ""
    run.full_clean()
    run.save()


def unit_key(unit: str) -> str:
    return " ".join(unit.split()).casefold()


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def _chunks(items: Iterable[Any], size: int = _CHUNK) -> Iterable[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _dimension(labels: Iterable[str]) -> str:
    folded = {label.casefold() for label in labels}
    return "sex" if folded <= _SEX_GROUPS else "group"


@dataclass
class _PendingFacts:
    """Facts of a file waiting to be written together at its end."""

    new_targets: list[Target] = dataclass_field(default_factory=list)
    changed_targets: dict[int, Target] = dataclass_field(default_factory=dict)
    verdicts: list[RecordedVerdict] = dataclass_field(default_factory=list)
    new_memberships: list[HeadlineMembership] = dataclass_field(default_factory=list)
    changed_memberships: dict[int, HeadlineMembership] = dataclass_field(
        default_factory=dict
    )
    removed_memberships: list[int] = dataclass_field(default_factory=list)
    new_listings: list[OpenDataRow] = dataclass_field(default_factory=list)
    changed_listings: dict[int, OpenDataRow] = dataclass_field(default_factory=dict)


class _Importer:
    """Applies read files one after another, keeping what it has looked up."""

    def __init__(self, *, user: User | None, dry_run: bool):
        self.user = user
        self.user_id = user.pk if user else None
        self.now = timezone.now()
        self.report = ImportReport(dry_run=dry_run)
        self.plans: dict[str, Plan] = {}
        self.covering: dict[str, Plan | None] = {}
        self.priorities: dict[tuple[int, str], Priority] = {}
        self.priority_plans: set[int] = set()
        self.objectives: dict[tuple[int, str], Objective] = {}
        self.comparators: dict[str, Comparator] | None = None
        self.by_code: dict[str, Metric] = {}
        self.by_identity: dict[tuple[str, str], list[Metric]] = defaultdict(list)
        self.loaded_names: set[str] = set()
        self.taken_codes: set[str] | None = None
        self.next_code = 0
        self.add_value: Callable[[Any], None] = _no_writer
        self.add_comparator_value: Callable[[Any], None] = _no_writer
        self.new_metrics: list[Metric] = []
        self.pending = _PendingFacts()
        # On PostgreSQL figures are written with COPY, as lines of its text format.
        self.copy_lines = connection.vendor == "postgresql"
        # Labels, scopes and groups repeat: each is escaped for COPY once.
        self.escaped: dict[str, str] = {}
        self.value_tail = "".join(
            "\t" + copy_text(value)
            for value in (
                "",
                MetricValue.Approval.APPROVED.value,
                self.user_id,
                self.now,
            )
        )

    # --- a file ----------------------------------------------------------------------

    def apply(self, parsed: ParsedFile) -> None:
        outcome = FileOutcome(
            name=parsed.name,
            layout=parsed.layout,
            plan=parsed.plan,
            report_year=parsed.report_year if parsed.layout != TIDY else None,
        )
        self.report.files.append(outcome)
        for warning in parsed.warnings:
            outcome.warn(warning)
        outcome.counts["rows_read"] += parsed.rows_read
        for period in parsed.plans_named:
            self._plan(period, outcome)

        resolved = self._resolve_metrics(parsed, outcome)
        metric_ids = [metric.pk for _, metric, _ in resolved]
        self.values = self._stored_values(metric_ids)
        self.comparator_values = self._stored_comparator_values(metric_ids)
        self._preload_facts(parsed, metric_ids)
        full_compare = parsed.layout == TIDY
        rows = []
        for entry, metric, action in resolved:
            row = RowOutcome(
                row=entry.row,
                last_row=max(entry.last_row, entry.row),
                metric=metric.name,
                unit=metric.unit,
                code=metric.code,
                action=action,
            )
            rows.append(row)
            outcome.counts[f"metrics_{action}"] += 1
            self._facts(entry, metric, parsed, outcome, row)
        outcome.rows = rows
        self._create_comparators(parsed, outcome)
        # No queries from here until the figures are written: on PostgreSQL they
        # stream through one COPY while the next ones are prepared.
        with row_writer(MetricValue, _VALUE_FIELDS) as self.add_value:
            for (entry, metric, _), row in zip(resolved, rows, strict=True):
                self._values(entry, metric, outcome, row, full_compare=full_compare)
        pending_comparators: list[tuple[object, ...]] = []
        self.add_comparator_value = pending_comparators.append
        for (entry, metric, _), row in zip(resolved, rows, strict=True):
            self._comparator_values(entry, metric, outcome, row, full_compare)
        insert_rows(ComparatorValue, _COMPARATOR_VALUE_FIELDS, pending_comparators)
        self._flush_facts(parsed)
        revised = (
            outcome.counts["values_revised"]
            + outcome.counts["comparator_values_revised"]
        )
        if revised and parsed.layout != TIDY and parsed.plan and parsed.report_year:
            self._warn_if_out_of_order(parsed, outcome)
        if parsed.layout != TIDY:
            by_row = {r.row: r for r in outcome.rows}
            for warning in parsed.warnings:
                if warning.row in by_row:
                    by_row[warning.row].warnings += 1

    def _warn(
        self, outcome: FileOutcome, row: RowOutcome | None, problem: Problem
    ) -> None:
        outcome.warn(problem)
        if row is not None:
            row.warnings += 1

    def _warn_if_out_of_order(self, parsed: ParsedFile, outcome: FileOutcome) -> None:
        plan = self.plans.get(parsed.plan or "")
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

    # --- plans, priorities, objectives -----------------------------------------------

    def _plan(self, period: str, outcome: FileOutcome) -> Plan:
        plan = self.plans.get(period)
        if plan is not None:
            return plan
        plan = Plan.objects.filter(period=period).order_by("-version").first()
        if plan is None:
            start, end = plan_years(period)
            plan = Plan(
                name="One Coventry Plan",
                period=period,
                start_year=start,
                end_year=end,
                status=Plan.Status.AGREED,
            )
            plan.full_clean()
            plan.save()
            outcome.counts["plans_created"] += 1
        self.plans[period] = plan
        return plan

    def _plan_for(
        self, key: str | None, year: str, outcome: FileOutcome, row: int
    ) -> Plan | None:
        if key is not None:
            return self._plan(key, outcome)
        if year not in self.covering:
            start = Period.parse(year).year_start
            covering = [
                p
                for p in Plan.objects.exclude(status=Plan.Status.DRAFT).order_by(
                    "-start_year", "-version"
                )
                if p.covers(start)
            ]
            self.covering[year] = covering[0] if covering else None
            if not covering:
                outcome.warn(
                    Problem(
                        outcome.name,
                        row,
                        None,
                        f"no plan covers {year} and the file names none: the "
                        f"headline, priority and verdict columns for {year} are not "
                        "recorded (name the plan with --plan or a plan column)",
                    )
                )
        return self.covering[year]

    def _priority(self, plan: Plan, title: str, outcome: FileOutcome) -> Priority:
        if plan.pk not in self.priority_plans:
            self.priority_plans.add(plan.pk)
            for existing in Priority.objects.filter(plan=plan):
                self.priorities.setdefault(
                    (plan.pk, _title_key(existing.title)), existing
                )
        key = (plan.pk, _title_key(title))
        priority = self.priorities.get(key)
        if priority is None:
            order = 1 + max(
                (
                    p.sort_order
                    for (pk, _), p in self.priorities.items()
                    if pk == plan.pk
                ),
                default=0,
            )
            # The 2022-30 plan's enabling priorities are about the council itself
            # ("Continued financial sustainability of the Council"); an administrator
            # can change the kind afterwards.
            enabling = _ENABLING_WORDS.search(title)
            priority = Priority(
                plan=plan,
                title=title,
                kind=Priority.Kind.ENABLING if enabling else Priority.Kind.DELIVERY,
                sort_order=order,
            )
            priority.full_clean()
            priority.save()
            outcome.counts["priorities_created"] += 1
            self.priorities[key] = priority
        return priority

    def _objective(
        self, priority: Priority, title: str, outcome: FileOutcome
    ) -> Objective:
        key = (priority.pk, _title_key(title))
        if key not in self.objectives:
            existing = [
                o
                for o in Objective.objects.filter(priority=priority)
                if _title_key(o.title) == key[1]
            ]
            if existing:
                self.objectives[key] = existing[0]
            else:
                order = 1 + max(
                    (o.sort_order for o in Objective.objects.filter(priority=priority)),
                    default=0,
                )
                objective = Objective(priority=priority, title=title, sort_order=order)
                objective.full_clean()
                objective.save()
                outcome.counts["objectives_created"] += 1
                self.objectives[key] = objective
        return self.objectives[key]

    # --- metrics ---------------------------------------------------------------------

    def _resolve_metrics(
        self, parsed: ParsedFile, outcome: FileOutcome
    ) -> list[tuple[MetricEntry, Metric, str]]:
        identities = {
            id(entry): (normalise_metric_name(entry.name), unit_key(entry.unit))
            for entry in parsed.metrics
        }
        names = {name for name, _ in identities.values() if name} - self.loaded_names
        for chunk in _chunks(sorted(names)):
            for metric in Metric.objects.filter(normalised_name__in=chunk).order_by(
                "pk"
            ):
                identity = (metric.normalised_name, unit_key(metric.unit))
                if metric not in self.by_identity[identity]:
                    self.by_identity[identity].append(metric)
                self.by_code[metric.code] = metric
        self.loaded_names |= names
        codes = {e.code for e in parsed.metrics if e.code} - set(self.by_code)
        for chunk in _chunks(sorted(codes)):
            for metric in Metric.objects.filter(code__in=chunk):
                self.by_code[metric.code] = metric
        self._reserve_codes(codes)

        resolved = []
        seen: Counter[tuple[str, str]] = Counter()
        first_row: dict[tuple[str, str], int] = {}
        for entry in parsed.metrics:
            identity = identities[id(entry)]
            occurrence = 1
            if parsed.layout != TIDY:
                seen[identity] += 1
                occurrence = seen[identity]
                first_row.setdefault(identity, entry.row)
                if occurrence > 1:
                    outcome.warn(
                        Problem(
                            parsed.name,
                            entry.row,
                            entry.name_column,
                            f"'{entry.name}' ({entry.unit or 'no unit'}) is also on "
                            f"row {first_row[identity]}: imported as a separate metric "
                            "with its own code",
                        )
                    )
            metric, action = self._metric_for(
                entry, identity, occurrence, parsed, outcome
            )
            resolved.append((entry, metric, action))
        if self.new_metrics:
            bulk_create_with_history(
                self.new_metrics,
                Metric,
                batch_size=500,
                default_user=self.user,
                default_change_reason=f"Imported from {parsed.name}",
            )
            self.new_metrics = []
        return resolved

    def _metric_for(
        self,
        entry: MetricEntry,
        identity: tuple[str, str],
        occurrence: int,
        parsed: ParsedFile,
        outcome: FileOutcome,
    ) -> tuple[Metric, str]:
        metric = self.by_code.get(entry.code) if entry.code else None
        if metric is not None and entry.name:
            stored_identity = (metric.normalised_name, unit_key(metric.unit))
            if stored_identity != identity:
                outcome.warn(
                    Problem(
                        parsed.name,
                        entry.row,
                        "metric_code",
                        f"the code {entry.code} is '{metric.name}' ({metric.unit}) in "
                        f"the database, not '{entry.name}' ({entry.unit}); the "
                        "figures are recorded for the code's metric",
                    )
                )
        if metric is None and entry.name:
            candidates = self.by_identity.get(identity, [])
            if len(candidates) >= occurrence:
                metric = candidates[occurrence - 1]
                if entry.code and metric.code != entry.code:
                    outcome.warn(
                        Problem(
                            parsed.name,
                            entry.row,
                            "metric_code",
                            f"the code {entry.code} is not known; '{entry.name}' "
                            f"matched the metric {metric.code} by name and unit",
                        )
                    )
        if metric is None:
            if not entry.name:
                raise OpenDataError(
                    Problem(
                        parsed.name,
                        entry.row,
                        "metric_code",
                        f"the code {entry.code} is not known and the row names no "
                        "metric to create",
                    )
                )
            metric = self._create_metric(entry, parsed)
            self.by_identity[identity].append(metric)
            self.by_code[metric.code] = metric
            return metric, "created"
        return metric, self._update_metric(metric, entry, parsed, outcome)

    def _reserve_codes(self, codes: Iterable[str]) -> None:
        if self.taken_codes is None:
            self.taken_codes = set(
                Metric.objects.filter(code__startswith=NEW_CODE_PREFIX).values_list(
                    "code", flat=True
                )
            )
            numbers = [
                int(code[len(NEW_CODE_PREFIX) :])
                for code in self.taken_codes
                if code[len(NEW_CODE_PREFIX) :].isdigit()
            ]
            self.next_code = max(numbers, default=0) + 1
        self.taken_codes.update(codes)

    def _new_code(self) -> str:
        assert self.taken_codes is not None
        while True:
            code = f"{NEW_CODE_PREFIX}{self.next_code:04d}"
            self.next_code += 1
            if code not in self.taken_codes and code not in self.by_code:
                self.taken_codes.add(code)
                return code

    def _create_metric(self, entry: MetricEntry, parsed: ParsedFile) -> Metric:
        """A new metric, validated; saved with the others of the file in one go."""
        code = entry.code
        if not code or len(code) > 20:
            code = self._new_code()
        metric = Metric(
            code=code,
            name=entry.name,
            normalised_name=normalise_metric_name(entry.name),
            unit=entry.unit,
            good_direction=entry.direction or Direction.NONE.value,
            equality_flag=bool(entry.equality_flag),
            marmot_flag=bool(entry.marmot_flag),
        )
        if entry.perspective:
            metric.perspective = entry.perspective
        self._validate(metric, parsed, entry.row, entry.name_column)
        self.new_metrics.append(metric)
        return metric

    def _update_metric(
        self,
        metric: Metric,
        entry: MetricEntry,
        parsed: ParsedFile,
        outcome: FileOutcome,
    ) -> str:
        changed = False
        if entry.direction and entry.direction != metric.good_direction:
            if metric.good_direction != Direction.NONE.value:
                outcome.warn(
                    Problem(
                        parsed.name,
                        entry.row,
                        None,
                        f"the good direction of '{metric.name}' changes from "
                        f"{metric.good_direction} to {entry.direction}",
                    )
                )
            metric.good_direction = entry.direction
            changed = True
        if entry.perspective and entry.perspective != metric.perspective:
            metric.perspective = entry.perspective
            changed = True
        for flag in ("equality_flag", "marmot_flag"):
            value = getattr(entry, flag)
            if value is not None and value != getattr(metric, flag):
                setattr(metric, flag, value)
                changed = True
        if not changed:
            return "unchanged"
        metric.version += 1
        self._full_clean(metric, parsed, entry.row, entry.name_column)
        metric.save()
        return "updated"

    def _validate(
        self, instance: Any, parsed: ParsedFile | str, row: int, column: str | None
    ) -> None:
        """full_clean without the checks that query the database: foreign keys
        point at rows this import holds, and uniqueness is kept by the importer."""
        foreign_keys = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        try:
            instance.clean_fields(exclude=foreign_keys)
            instance.clean()
        except ValidationError as error:
            name = parsed if isinstance(parsed, str) else parsed.name
            raise OpenDataError(
                Problem(name, row, column, f"cannot be saved: {_messages(error)}")
            ) from error

    def _full_clean(
        self, instance: Any, parsed: ParsedFile, row: int, column: str | None
    ) -> None:
        try:
            instance.full_clean()
        except ValidationError as error:
            messages = "; ".join(
                f"{field}: {' '.join(texts)}"
                for field, texts in error.message_dict.items()
            )
            raise OpenDataError(
                Problem(parsed.name, row, column, f"cannot be saved: {messages}")
            ) from error

    # --- facts of a report year ------------------------------------------------------

    def _preload_facts(self, parsed: ParsedFile, metric_ids: list[int]) -> None:
        years = {year for e in parsed.metrics for (_, year) in e.facts}
        self.targets: dict[tuple[int, str], Target] = {}
        self.verdicts: dict[tuple[int, int, str], RecordedVerdict] = {}
        self.memberships: dict[tuple[int, int, str], HeadlineMembership] = {}
        self.listings: dict[tuple[int, int, str], OpenDataRow] = {}
        if not years:
            return
        for chunk in _chunks(metric_ids):
            for target in Target.objects.filter(metric_id__in=chunk, period__in=years):
                self.targets[(target.metric_id, target.period)] = target
            for verdict in RecordedVerdict.objects.filter(
                metric_id__in=chunk,
                period__in=years,
                source=RecordedVerdict.Source.IMPORTED,
            ).order_by("recorded_at", "id"):
                self.verdicts[
                    (verdict.metric_id, verdict.plan_id or 0, verdict.period)
                ] = verdict
            for membership in HeadlineMembership.objects.filter(
                metric_id__in=chunk, report_year__in=years
            ):
                self.memberships[
                    (membership.metric_id, membership.plan_id, membership.report_year)
                ] = membership
            for listing in OpenDataRow.objects.filter(
                metric_id__in=chunk, report_year__in=years
            ):
                self.listings[
                    (listing.metric_id, listing.plan_id, listing.report_year)
                ] = listing

    def _facts(
        self,
        entry: MetricEntry,
        metric: Metric,
        parsed: ParsedFile,
        outcome: FileOutcome,
        row: RowOutcome,
    ) -> None:
        for (plan_key, year), facts in entry.facts.items():
            if facts.target:
                self._target(metric, year, facts, parsed, outcome, row)
            stated = (
                facts.listed
                or facts.headline is not None
                or facts.progress
                or facts.target_status
            )
            if not stated:
                continue
            plan = self._plan_for(plan_key, year, outcome, facts.row)
            if plan is None:
                continue
            priority = objective = None
            if facts.priority:
                priority = self._priority(plan, facts.priority, outcome)
            if facts.objective:
                if priority is not None:
                    objective = self._objective(priority, facts.objective, outcome)
                else:
                    self._warn(
                        outcome,
                        row,
                        Problem(
                            parsed.name,
                            facts.row,
                            None,
                            f"the objective '{facts.objective}' has no priority to "
                            "sit under; not recorded",
                        ),
                    )
            if facts.listed:
                self._listing(metric, plan, year, facts, priority, objective)
            if facts.headline is not None:
                self._headline(
                    metric, plan, year, facts, priority, objective, outcome, row
                )
            if facts.progress or facts.target_status:
                self._verdict(metric, plan, year, facts, parsed, outcome, row)

    def _listing(
        self,
        metric: Metric,
        plan: Plan,
        year: str,
        facts: YearFacts,
        priority: Priority | None,
        objective: Objective | None,
    ) -> None:
        key = (metric.pk, plan.pk, year)
        listing = self.listings.get(key)
        if listing is None:
            listing = OpenDataRow(plan=plan, report_year=year, metric=metric)
            self.listings[key] = listing
            self.pending.new_listings.append(listing)
        wanted: dict[str, object] = {"sort_order": facts.sort_order}
        if facts.priority is not None:
            wanted["priority_id"] = priority.pk if priority else None
        if facts.objective is not None or (
            # The newer layout names no objective: keep the one recorded unless
            # the priority it sits under changes.
            facts.priority is not None
            and listing.priority_id != (priority.pk if priority else None)
        ):
            wanted["objective_id"] = objective.pk if objective else None
        if self._assign(listing, wanted) and listing.pk is not None:
            self.pending.changed_listings[listing.pk] = listing

    @staticmethod
    def _assign(instance: Any, wanted: dict[str, object]) -> bool:
        changed = False
        for name, value in wanted.items():
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed = True
        return changed

    def _headline(
        self,
        metric: Metric,
        plan: Plan,
        year: str,
        facts: YearFacts,
        priority: Priority | None,
        objective: Objective | None,
        outcome: FileOutcome,
        row: RowOutcome,
    ) -> None:
        key = (metric.pk, plan.pk, year)
        membership = self.memberships.get(key)
        if not facts.headline:
            if membership is not None:
                del self.memberships[key]
                if membership.pk is None:
                    self.pending.new_memberships.remove(membership)
                else:
                    self.pending.removed_memberships.append(membership.pk)
                    self.pending.changed_memberships.pop(membership.pk, None)
                outcome.counts["headline_removed"] += 1
                row.headline = "removed"
            return
        created = membership is None
        if membership is None:
            membership = HeadlineMembership(plan=plan, report_year=year, metric=metric)
            self.memberships[key] = membership
            self.pending.new_memberships.append(membership)
        wanted: dict[str, object] = {}
        if facts.sort_order is not None or created:
            wanted["sort_order"] = facts.sort_order or 0
        if facts.priority is not None:
            wanted["priority_id"] = priority.pk if priority else None
        if facts.objective is not None or (
            # The newer layout names no objective: keep the one recorded unless
            # the priority it sits under changes.
            facts.priority is not None
            and membership.priority_id != (priority.pk if priority else None)
        ):
            wanted["objective_id"] = objective.pk if objective else None
        changed = self._assign(membership, wanted)
        if changed and membership.pk is not None:
            self.pending.changed_memberships[membership.pk] = membership
        if created or changed:
            outcome.counts["headline_added" if created else "headline_updated"] += 1
            row.headline = "added" if created else "updated"

    def _verdict(
        self,
        metric: Metric,
        plan: Plan,
        year: str,
        facts: YearFacts,
        parsed: ParsedFile,
        outcome: FileOutcome,
        row: RowOutcome,
    ) -> None:
        key = (metric.pk, plan.pk, year)
        newest = self.verdicts.get(key)
        progress = facts.progress or ""
        status = facts.target_status or ""
        if newest is not None and (newest.progress, newest.target_status) == (
            progress,
            status,
        ):
            outcome.counts["verdicts_unchanged"] += 1
            row.verdict = "unchanged"
            return
        verdict = RecordedVerdict(
            metric=metric,
            plan=plan,
            period=year,
            progress=progress,
            target_status=status,
            source=RecordedVerdict.Source.IMPORTED,
            reason=f"Imported from {parsed.name}, row {facts.row}",
            recorded_by=self.user,
        )
        self._validate(verdict, parsed, facts.row, None)
        self.pending.verdicts.append(verdict)
        self.verdicts[key] = verdict
        outcome.counts["verdicts_recorded"] += 1
        row.verdict = "recorded"

    def _target(
        self,
        metric: Metric,
        year: str,
        facts: YearFacts,
        parsed: ParsedFile,
        outcome: FileOutcome,
        row: RowOutcome,
    ) -> None:
        text = facts.target or ""
        target = self.targets.get((metric.pk, year))
        if target is not None and target.text == text:
            outcome.counts["targets_unchanged"] += 1
            row.target = "unchanged"
        else:
            if len(text) > 300:
                raise OpenDataError(
                    Problem(
                        parsed.name,
                        facts.row,
                        facts.target_column,
                        "the target is longer than 300 characters",
                        facts.target_column_number,
                    )
                )
            row.target = "changed" if target is not None else "set"
            if target is None:
                target = Target(metric=metric, period=year)
                self.targets[(metric.pk, year)] = target
                self.pending.new_targets.append(target)
            elif target.pk is not None:
                target.version += 1
                self.pending.changed_targets[target.pk] = target
            # As scorecard.services.target_set does, for many targets at once.
            for field, value in target_fields(
                text, unit=metric.unit, scale=metric.ordinal_scale
            ).items():
                setattr(target, field, value)
            target.status = Target.Status.AGREED
            target.set_by = self.user
            self._validate(target, parsed, facts.row, facts.target_column)
            outcome.counts["targets_set"] += 1
        message = None
        if target.kind == TargetKind.UNPARSED.value:
            message = (
                f"{target.flag}; kept as text and assessed as no target until "
                "someone structures it"
            )
        elif target.flag:
            message = f"the target '{text}' is read with a doubt: {target.flag}"
        elif (
            target.kind == TargetKind.THRESHOLD.value
            and not target.operator
            and not target.direction
            and metric.good_direction == Direction.NONE.value
        ):
            message = (
                f"the target '{text}' is a bare level and the metric has no good "
                "direction: it is ambiguous (no target) until someone sets the "
                "direction"
            )
        if message:
            outcome.counts["targets_flagged"] += 1
            if row.target == "unchanged":
                row.target = "flagged"
            self._warn(
                outcome,
                row,
                Problem(
                    parsed.name,
                    facts.row,
                    facts.target_column,
                    message,
                    facts.target_column_number,
                ),
            )

    def _flush_facts(self, parsed: ParsedFile) -> None:
        pending = self.pending
        reason = f"Imported from {parsed.name}"
        if pending.new_targets:
            bulk_create_with_history(
                pending.new_targets,
                Target,
                batch_size=500,
                default_user=self.user,
                default_change_reason=reason,
            )
        if pending.changed_targets:
            bulk_update_with_history(
                list(pending.changed_targets.values()),
                Target,
                fields=[*TARGET_FIELDS, "status", "set_by", "version"],
                batch_size=500,
                default_user=self.user,
                default_change_reason=reason,
            )
        RecordedVerdict.objects.bulk_create(pending.verdicts, batch_size=500)
        if pending.removed_memberships:
            HeadlineMembership.objects.filter(
                pk__in=pending.removed_memberships
            ).delete()
        HeadlineMembership.objects.bulk_create(pending.new_memberships, batch_size=500)
        HeadlineMembership.objects.bulk_update(
            list(pending.changed_memberships.values()),
            ["sort_order", "priority", "objective"],
            batch_size=500,
        )
        OpenDataRow.objects.bulk_create(pending.new_listings, batch_size=500)
        OpenDataRow.objects.bulk_update(
            list(pending.changed_listings.values()),
            ["sort_order", "priority", "objective"],
            batch_size=500,
        )
        self.pending = _PendingFacts()

    # --- figures ---------------------------------------------------------------------

    def _stored_values(
        self, metric_ids: list[int]
    ) -> dict[tuple[object, ...], list[tuple[int, _Signature]]]:
        stored_values: dict[tuple[object, ...], list[tuple[int, _Signature]]] = (
            defaultdict(list)
        )
        for chunk in _chunks(metric_ids):
            rows = (
                MetricValue.objects.filter(metric_id__in=chunk)
                .order_by("revision")
                .values_list(
                    "metric_id",
                    "period",
                    "scope",
                    "breakdown",
                    "breakdown_group",
                    "revision",
                    "value_text",
                    "period_label",
                    "data_status",
                    "value_number",
                    "numerator",
                    "denominator",
                    "lower_ci",
                    "upper_ci",
                )
            )
            for row in rows:
                stored_values[row[:5]].append((row[5], _normal(row[6:])))
        return stored_values

    def _stored_comparator_values(
        self, metric_ids: list[int]
    ) -> dict[tuple[object, ...], list[tuple[int, _Signature]]]:
        stored_values: dict[tuple[object, ...], list[tuple[int, _Signature]]] = (
            defaultdict(list)
        )
        for chunk in _chunks(metric_ids):
            rows = (
                ComparatorValue.objects.filter(metric_id__in=chunk)
                .order_by("revision")
                .values_list(
                    "comparator_id",
                    "metric_id",
                    "period",
                    "revision",
                    "value_text",
                    "period_label",
                    "value_number",
                )
            )
            for row in rows:
                stored_values[row[:3]].append((row[3], _normal(row[4:])))
        return stored_values

    @staticmethod
    def _decide(
        revisions: list[tuple[int, _Signature]],
        wanted: int | None,
        signature: _Signature,
        compare: int,
    ) -> tuple[int | None, bool]:
        """The revision to write (None: the figure is already stored) and whether
        the file's own revision number was overruled."""
        short = signature[:compare]
        latest = max((number for number, _ in revisions), default=0)
        if wanted is not None:
            stored_as = [s for number, s in revisions if number == wanted]
            if not stored_as:
                # A revision the database does not have yet: the file's history
                # is taken as it is, even where a figure returns to an earlier one.
                return latest + 1, False
            if stored_as[0][:compare] == short:
                return None, False
        if any(s[:compare] == short for _, s in revisions):
            return None, False
        return latest + 1, wanted is not None

    def _values(
        self,
        entry: MetricEntry,
        metric: Metric,
        outcome: FileOutcome,
        row: RowOutcome,
        *,
        full_compare: bool,
    ) -> None:
        cells = entry.values
        if any(cell.revision for cell in cells):
            cells = sorted(cells, key=lambda cell: cell.revision or 0)
        unit = metric.unit
        scale = metric.ordinal_scale
        metric_id = metric.pk
        stored_values = self.values
        fast = self.copy_lines and full_compare
        escaped = self.escaped
        add_value = self.add_value
        created = 0
        for cell in cells:
            parsed = None
            numbers = None
            if cell.numbers_given and (cell.number is not None or not cell.text):
                numbers = _plain_numbers(cell)
            if numbers is None:
                numbers, parsed = self._numbers(cell, unit, scale, outcome, row)
            text = cell.text
            label = cell.period_label
            scope = cell.scope
            breakdown = cell.breakdown
            group = cell.breakdown_group
            if (
                len(text) > 500
                or len(label) > 100
                or len(scope) > 100
                or len(breakdown) > 50
                or len(group) > 100
            ):
                self._check_lengths(cell, outcome.name)
            key = (metric_id, cell.period, scope, breakdown, group)
            if fast and key not in stored_values:
                # The common case of a big tidy file: a figure new to the database.
                stored_values[key] = [(1, (text, label, cell.data_status, *numbers))]
                created += 1
                add_value(
                    f"{metric_id}\t{cell.period}\t"
                    f"{escaped.get(label) or self._escape(label)}\t"
                    f"{cell.data_status}\t1\t"
                    f"{escaped.get(scope) or self._escape(scope)}\t"
                    f"{escaped.get(breakdown) or self._escape(breakdown)}\t"
                    f"{escaped.get(group) or self._escape(group)}\t"
                    f"{text.translate(COPY_ESCAPES)}\t"
                    + (
                        (NULL if numbers[0] is None else str(numbers[0])) + FOUR_NULLS
                        if numbers[1:] == FOUR_NONES
                        else "\t".join(NULL if n is None else str(n) for n in numbers)
                    )
                    + self.value_tail
                )
                continue
            self._record_value(
                metric,
                cell,
                breakdown,
                group,
                text,
                numbers,
                outcome,
                row,
                full_compare,
            )
            if (
                not full_compare
                and parsed is not None
                and parsed.kind is ValueKind.BREAKDOWN
                and not breakdown
            ):
                dimension = _dimension(label for label, _ in parsed.groups)
                for group_label, number in parsed.groups:
                    if len(group_label) > 100:
                        continue
                    self._record_value(
                        metric,
                        cell,
                        dimension,
                        group_label,
                        str(number),
                        (stored(number), None, None, None, None),
                        outcome,
                        row,
                        full_compare,
                    )
        if created:
            outcome.counts["values_created"] += created
            row.values_created += created

    def _numbers(
        self,
        cell: ValueCell,
        unit: str,
        scale: Sequence[str] | None,
        outcome: FileOutcome,
        row: RowOutcome,
    ) -> tuple[tuple[Decimal | None, ...], Any]:
        parsed = None
        number, numerator, denominator = cell.number, cell.numerator, cell.denominator
        if not cell.numbers_given or (number is None and cell.text):
            parsed = parse_value(cell.text, unit=unit, scale=scale)
            number = parsed.number
            numerator = numerator if numerator is not None else parsed.numerator
            denominator = denominator if denominator is not None else parsed.denominator
            if parsed.warning:
                message = parsed.warning
                if parsed.kind is ValueKind.TEXT:
                    message += "; kept as text"
                self._warn(
                    outcome,
                    row,
                    Problem(
                        outcome.name, cell.row, cell.column, message, cell.column_number
                    ),
                )
        result = []
        for name, value in (
            ("value", number),
            ("numerator", numerator),
            ("denominator", denominator),
            ("lower_ci", cell.lower_ci),
            ("upper_ci", cell.upper_ci),
        ):
            if value is not None and not fits_storage(value):
                self._warn(
                    outcome,
                    row,
                    Problem(
                        outcome.name,
                        cell.row,
                        cell.column,
                        f"the {name} {value} is too large to store as a number; "
                        "kept as text",
                        cell.column_number,
                    ),
                )
                value = None
            result.append(stored(value))
        return tuple(result), parsed

    @staticmethod
    def _check_lengths(cell: ValueCell, file: str) -> None:
        for what, text, limit in (
            ("value", cell.text, 500),
            ("period label", cell.period_label, 100),
            ("scope", cell.scope, 100),
            ("breakdown", cell.breakdown, 50),
            ("breakdown group", cell.breakdown_group, 100),
        ):
            if len(text) > limit:
                raise OpenDataError(
                    Problem(
                        file,
                        cell.row,
                        cell.column,
                        f"the {what} is longer than {limit} characters",
                        cell.column_number,
                    )
                )

    def _record_value(
        self,
        metric: Metric,
        cell: ValueCell,
        breakdown: str,
        group: str,
        text: str,
        numbers: tuple[Decimal | None, ...],
        outcome: FileOutcome,
        row: RowOutcome,
        full_compare: bool,
    ) -> None:
        metric_id = metric.pk
        key = (metric_id, cell.period, cell.scope, breakdown, group)
        signature = (text, cell.period_label, cell.data_status, *numbers)
        revisions = self.values[key]
        if revisions:
            revision, overruled = self._decide(
                revisions,
                cell.revision,
                signature,
                len(signature) if full_compare else 3,
            )
        else:
            revision, overruled = 1, False
        if revision is None:
            outcome.counts["values_unchanged"] += 1
            row.values_unchanged += 1
            return
        if overruled:
            self._warn(
                outcome,
                row,
                Problem(
                    outcome.name,
                    cell.row,
                    "revision",
                    f"revision {cell.revision} of {cell.period} differs from the "
                    f"stored revision {cell.revision}; recorded as revision {revision}",
                ),
            )
        revisions.append((revision, signature))
        if revision == 1:
            outcome.counts["values_created"] += 1
            row.values_created += 1
        else:
            outcome.counts["values_revised"] += 1
            row.values_revised += 1
        if self.copy_lines:
            escape = self._escape
            self.add_value(
                f"{metric_id}\t{cell.period}\t{escape(cell.period_label)}\t"
                f"{cell.data_status}\t{revision}\t{escape(cell.scope)}\t"
                f"{escape(breakdown)}\t{escape(group)}\t"
                f"{text.translate(COPY_ESCAPES)}\t"
                + "\t".join(NULL if n is None else str(n) for n in numbers)
                + self.value_tail
            )
            return
        self.add_value(
            (
                metric_id,
                cell.period,
                cell.period_label,
                cell.data_status,
                revision,
                cell.scope,
                breakdown,
                group,
                text,
                *numbers,
                "",
                MetricValue.Approval.APPROVED.value,
                self.user_id,
                self.now,
            )
        )

    def _escape(self, text: str) -> str:
        escaped = self.escaped.get(text)
        if escaped is None:
            escaped = self.escaped[text] = text.translate(COPY_ESCAPES)
        return escaped

    def _create_comparators(self, parsed: ParsedFile, outcome: FileOutcome) -> None:
        """Every comparator the file names, found or created before figures flow."""
        if self.comparators is None:
            self.comparators = {c.name.casefold(): c for c in Comparator.objects.all()}
        for entry in parsed.metrics:
            for cell in entry.comparators:
                key = cell.name.casefold()
                if key in self.comparators:
                    continue
                if len(cell.name) > 100:
                    raise OpenDataError(
                        Problem(
                            outcome.name,
                            cell.row,
                            cell.column,
                            "the comparator's name is longer than 100 characters",
                            cell.column_number,
                        )
                    )
                self.comparators[key] = Comparator.objects.create(
                    name=cell.name, kind=cell.kind
                )
                outcome.counts["comparators_created"] += 1

    def _comparator(
        self, cell: ComparatorCell, outcome: FileOutcome, row: RowOutcome
    ) -> Comparator:
        assert self.comparators is not None
        key = cell.name.casefold()
        comparator = self.comparators.get(key)
        if comparator is None:
            if len(cell.name) > 100:
                raise OpenDataError(
                    Problem(
                        outcome.name,
                        cell.row,
                        cell.column,
                        "the comparator's name is longer than 100 characters",
                        cell.column_number,
                    )
                )
            comparator = Comparator.objects.create(name=cell.name, kind=cell.kind)
            self.comparators[key] = comparator
            outcome.counts["comparators_created"] += 1
        elif comparator.kind != cell.kind:
            self._warn(
                outcome,
                row,
                Problem(
                    outcome.name,
                    cell.row,
                    cell.column,
                    f"'{comparator.name}' is a {comparator.kind} series in the "
                    f"database, here a {cell.kind} one; recorded under the stored one",
                    cell.column_number,
                ),
            )
        return comparator

    def _comparator_values(
        self,
        entry: MetricEntry,
        metric: Metric,
        outcome: FileOutcome,
        row: RowOutcome,
        full_compare: bool,
    ) -> None:
        cells = entry.comparators
        if any(cell.revision for cell in cells):
            cells = sorted(cells, key=lambda cell: cell.revision or 0)
        for cell in cells:
            comparator = self._comparator(cell, outcome, row)
            number = cell.number
            if not cell.numbers_given or (number is None and cell.text):
                parsed = parse_value(
                    cell.text, unit=metric.unit, scale=metric.ordinal_scale
                )
                number = parsed.number
                if parsed.kind is ValueKind.TEXT and parsed.warning:
                    self._warn(
                        outcome,
                        row,
                        Problem(
                            outcome.name,
                            cell.row,
                            cell.column,
                            parsed.warning + "; kept as text",
                            cell.column_number,
                        ),
                    )
            if number is not None and not fits_storage(number):
                number = None
            for what, text, limit in (
                ("value", cell.text, 500),
                ("period label", cell.period_label, 100),
            ):
                if len(text) > limit:
                    raise OpenDataError(
                        Problem(
                            outcome.name,
                            cell.row,
                            cell.column,
                            f"the {what} is longer than {limit} characters",
                            cell.column_number,
                        )
                    )
            number = stored(number)
            key = (comparator.pk, metric.pk, cell.period)
            signature = (cell.text, cell.period_label, number)
            revisions = self.comparator_values[key]
            revision, _ = self._decide(
                revisions, cell.revision, signature, 3 if full_compare else 2
            )
            if revision is None:
                outcome.counts["comparator_values_unchanged"] += 1
                row.comparators_unchanged += 1
                continue
            revisions.append((revision, signature))
            if revision == 1:
                outcome.counts["comparator_values_created"] += 1
                row.comparators_created += 1
            else:
                outcome.counts["comparator_values_revised"] += 1
                row.comparators_revised += 1
            self.add_comparator_value(
                (
                    comparator.pk,
                    metric.pk,
                    cell.period,
                    cell.period_label,
                    revision,
                    cell.text,
                    number,
                    self.now,
                )
            )


def _no_writer(row: Any) -> None:
    raise RuntimeError("figures are written only inside a row writer")


_LIMIT = Decimal(10) ** 18
NO_NUMBERS: tuple[Decimal | None, ...] = (None, None, None, None, None)
FOUR_NULLS = "\t" + "\t".join([NULL] * 4)
FOUR_NONES = (None, None, None, None)
_PLACES = Decimal("0.000001")


def _plain_numbers(cell: ValueCell) -> tuple[Decimal | None, ...] | None:
    """The stored numbers of a tidy cell that states just its value's number, or
    None when the cell needs the general path (more numbers, or a number too big)."""
    number = cell.number
    if (
        cell.numerator is not None
        or cell.denominator is not None
        or cell.lower_ci is not None
        or cell.upper_ci is not None
    ):
        return None
    if number is None:
        return NO_NUMBERS
    if -_LIMIT < number < _LIMIT:
        return (number.quantize(_PLACES), None, None, None, None)
    return None


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items()
        )
    return " ".join(error.messages)


def _normal(signature: tuple[object, ...]) -> _Signature:
    """A stored row's signature, with numbers at the database's six places (SQLite
    hands them back as floats or shorter decimals)."""
    return tuple(
        stored(Decimal(str(v))) if isinstance(v, float | Decimal) else v
        for v in signature
    )
