"""Importing other places' figures (issue 19): a file from a benchmarking source
(Fingertips, or any long-format download through its column mapping) becomes
member figures (``MemberValue``) and places.

Like the open-data import (reports.services.imports), an upload is first a
preview: the file is kept with an ``ImportRun`` (kind benchmark) and the plan of
what would change (reports.opendata.benchmark_plan) is stored with it; nothing
else is written. Applying takes the stored plan, classifies its figures again
against the figures stored now, and writes it whole, or nothing when what it would
write differs from what the preview showed, or the plan has errors. Undoing
withdraws every figure the import wrote (``withdrawn_at``), so the revisions
before them stand again. Both refresh the verdicts, and so the standings, of the
metrics touched.

Only the performance administrator runs these (``user`` None: the command line).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.core.exceptions import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)
from reports.models import BenchmarkSource, ImportFile, ImportRun, SourceIndicator
from reports.opendata.benchmark_plan import (
    FINGERTIPS_FIELDS,
    BenchmarkPlan,
    MetricTarget,
    StoredFigure,
    benchmark_plan,
    indicator_key,
    reclassified,
    writes_of,
)
from reports.opendata.fingertips import (
    MISSING_COLUMN,
    UNREADABLE,
    ReadProblem,
    ReadResult,
    csv_rows,
    decode,
    read_fingertips,
    read_problem,
)
from reports.opendata.long_format import ColumnMapping, read, suggest_mapping
from reports.opendata.records import Problem
from reports.opendata.undo import UndoBlocker
from reports.services.imports import _upload_name
from scorecard.domain.standings import possessive
from scorecard.models import MemberValue, Metric, Place
from scorecard.services.verdicts import calculated_verdicts_refresh

# The upload page refuses files larger than this (the command takes any size).
MAX_FILE_BYTES = 20 * 1024 * 1024


class BenchmarkFileError(ApplicationError):
    """A file that cannot be read at all: the message names the row and column."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems[:5]))


def _require_administrator(user: User | None) -> None:
    if user is not None and not can_administer_performance(user):
        raise PermissionDeniedError(
            "Only the performance administrator imports other places' figures."
        )


# --- reading a source's file ---------------------------------------------------


def source_mapping(source: BenchmarkSource) -> ColumnMapping | None:
    """The long-format source's saved column mapping (None: not saved yet)."""
    if source.reader != BenchmarkSource.Reader.LONG or not source.mapping:
        return None
    return ColumnMapping.from_dict(source.mapping)


def source_read(
    source: BenchmarkSource, data: bytes
) -> tuple[ReadResult, dict[str, str]]:
    """The file read by the source's reader, and which header each field is read
    from (to name errors). A long-format source needs its mapping saved."""
    if source.reader == BenchmarkSource.Reader.FINGERTIPS:
        return read_fingertips(data), dict(FINGERTIPS_FIELDS)
    mapping = source_mapping(source)
    if mapping is None:
        raise ApplicationError(
            f"Say which columns of {possessive(source.name)} files hold what."
        )
    columns = mapping.headers()
    if mapping.interval_level == "99.8":
        for name in ("lower", "upper"):
            if name in columns:
                columns[f"{name}_99_8"] = columns.pop(name)
    return read(data, mapping), columns


def file_glimpse(data: bytes, rows: int = 5) -> tuple[list[str], list[list[str]]]:
    """The file's header and its first rows, as the mapping step shows them."""
    text, _ = decode(data)
    found = csv_rows(text)
    first = next(found, None)
    if first is None:
        return [], []
    header = [h.replace("\ufeff", "").strip() for h in first[1]]
    shown = []
    for _, cells in found:
        shown.append(cells)
        if len(shown) >= rows:
            break
    return header, shown


def _unreadable(result: ReadResult) -> list[ReadProblem]:
    """The errors that stop a file being read at all (no row of it is read)."""
    return [
        e
        for e in result.errors
        if e.row is None or e.kind in (MISSING_COLUMN, UNREADABLE, "mapping")
    ]


def _check_csv(data: bytes) -> None:
    try:
        text, _ = decode(data)
        for _ in zip(range(2), csv_rows(text), strict=False):
            pass
    except csv.Error as error:
        raise BenchmarkFileError(
            [
                read_problem(
                    None, None, f"the file is not a CSV file ({error})", UNREADABLE
                )
            ]
        ) from None


# --- the plan against the database ---------------------------------------------


def _metric_target(metric: Metric) -> MetricTarget:
    scale = metric.ordinal_scale
    return MetricTarget(
        id=metric.pk,
        code=metric.code,
        name=metric.name,
        value_kind=metric.value_kind,
        unit=metric.unit,
        scale=tuple(scale) if scale else None,
    )


def _by_id(source: BenchmarkSource) -> bool:
    return source.ids in (BenchmarkSource.Ids.FINGERTIPS, BenchmarkSource.Ids.LG_INFORM)


def _mapped_metrics(source: BenchmarkSource, keys: set[str]) -> dict[str, MetricTarget]:
    """Indicator key → the metric it is mapped to, for the keys mapped."""
    if not keys:
        return {}
    if _by_id(source):
        numbers = {int(k) for k in keys if k.isascii() and k.isdigit() and len(k) < 10}
        field = (
            "fingertips_id"
            if source.ids == BenchmarkSource.Ids.FINGERTIPS
            else "lg_inform_id"
        )
        return {
            str(getattr(metric, field)): _metric_target(metric)
            for metric in Metric.objects.filter(**{f"{field}__in": numbers})
        }
    return {
        row.indicator_id: _metric_target(row.metric)
        for row in SourceIndicator.objects.filter(
            source=source, indicator_id__in=keys, metric__isnull=False
        ).select_related("metric")
        if row.metric is not None
    }


def _stored_figures(
    metric_ids: set[int], periods: set[str], codes: set[str]
) -> tuple[dict[tuple[int, str, str], StoredFigure], dict[tuple[int, str, str], int]]:
    """(metric, period, place code) → the latest live figure, and → the highest
    revision stored (withdrawn or not): one query."""
    stored: dict[tuple[int, str, str], StoredFigure] = {}
    revisions: dict[tuple[int, str, str], int] = {}
    if not (metric_ids and codes and periods):
        return stored, revisions
    for row in (
        MemberValue.objects.filter(
            metric_id__in=metric_ids, period__in=periods, place__code__in=codes
        )
        .order_by("revision", "pk")
        .values(
            "metric_id",
            "period",
            "place__code",
            "revision",
            "withdrawn_at",
            "value_number",
            "value_text",
            "lower_ci",
            "upper_ci",
            "lower_ci_998",
            "upper_ci_998",
            "count",
            "denominator",
        )
    ):
        key = (row["metric_id"], row["period"], row["place__code"])
        revisions[key] = max(revisions.get(key, 0), row["revision"])
        if row["withdrawn_at"] is None:
            stored[key] = StoredFigure(
                revision=row["revision"],
                value_number=row["value_number"],
                value_text=row["value_text"],
                lower_ci=row["lower_ci"],
                upper_ci=row["upper_ci"],
                lower_ci_998=row["lower_ci_998"],
                upper_ci_998=row["upper_ci_998"],
                count=row["count"],
                denominator=row["denominator"],
            )
    return stored, revisions


def plan_now(plan: BenchmarkPlan) -> BenchmarkPlan:
    """A stored plan against the figures and places stored now (two queries)."""
    figures = [f for p in plan.metrics for f in p.figures]
    codes = {f.place_code for f in figures}
    stored, revisions = _stored_figures(
        {f.metric_id for f in figures}, {f.period for f in figures}, codes
    )
    places = dict(Place.objects.filter(code__in=codes).values_list("code", "name"))
    return reclassified(plan, stored, revisions, places)


def plan_file(
    *,
    source: BenchmarkSource,
    data: bytes,
    metric: Metric | None = None,
    today: dt.date | None = None,
) -> BenchmarkPlan:
    """The plan of importing ``data`` from ``source`` now: reads the database
    (a few queries, whatever the file's size) and writes nothing."""
    result, columns = source_read(source, data)
    by_id = _by_id(source)
    keys = {indicator_key(r, by_id=by_id) for r in result.records} - {""}
    metrics = _mapped_metrics(source, keys)
    default = _metric_target(metric) if metric is not None else None
    metric_ids = {m.id for m in metrics.values()} | ({default.id} if default else set())
    codes = {r.area_code.strip().upper() for r in result.records}
    periods = {r.period.key for r in result.records if r.period.key}
    stored, revisions = _stored_figures(metric_ids, periods, codes)
    places = dict(Place.objects.filter(code__in=codes).values_list("code", "name"))
    return benchmark_plan(
        result,
        metrics=metrics,
        stored=stored,
        revisions=revisions,
        places=places,
        columns=columns,
        by_id=by_id,
        breakdowns=source.reader == BenchmarkSource.Reader.FINGERTIPS,
        default_metric=default,
        today=today or timezone.localdate(),
    )


# --- sources -------------------------------------------------------------------


@transaction.atomic
def benchmark_source_create(
    *, name: str, reader: str, ids: str, user: User | None
) -> BenchmarkSource:
    """A new source; a long-format one has its column mapping saved later."""
    _require_administrator(user)
    source = BenchmarkSource(name=name.strip(), reader=reader, ids=ids, created_by=user)
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def benchmark_source_mapping_save(
    *,
    source: BenchmarkSource,
    mapping: ColumnMapping,
    version: int,
    user: User | None,
) -> BenchmarkSource:
    """Save the long-format source's column mapping, so its next file skips the
    step. Raises ValidationError for a mapping that cannot be read by, and
    ConflictError when someone saved another since ``version``."""
    _require_administrator(user)
    source = BenchmarkSource.objects.select_for_update().get(pk=source.pk)
    if source.version != version:
        raise ConflictError(
            f"Someone changed {possessive(source.name)} column mapping since you "
            "opened it; check it again."
        )
    problems = mapping.problems()
    if problems:
        raise ValidationError("; ".join(problems))
    source.mapping = mapping.as_dict()
    source.version += 1
    source.full_clean()
    source.save()
    return source


# --- the import run ------------------------------------------------------------


def run_plan(run: ImportRun) -> BenchmarkPlan | None:
    """The plan stored with a run (None while its columns are not mapped)."""
    data = (run.report or {}).get("benchmark")
    return BenchmarkPlan.from_dict(data) if data else None


def run_metric(run: ImportRun) -> Metric | None:
    """The metric chosen for the rows that name no indicator."""
    code = (run.report or {}).get("metric", "")
    return Metric.objects.filter(code=code).first() if code else None


def run_data(run: ImportRun) -> bytes:
    stored = run.files.all()[0]
    with stored.file.open("rb") as handle:
        data: bytes = handle.read()
    return data


def _store_plan(run: ImportRun, plan: BenchmarkPlan | None) -> None:
    run.report = {
        **(run.report or {}),
        "benchmark": plan.as_dict() if plan is not None else None,
    }
    run.summary = plan.summary_line() if plan is not None else ""


def benchmark_run_preview(
    *,
    upload: UploadedFile[Any] | ContentFile[bytes],
    source: BenchmarkSource,
    metric: Metric | None = None,
    user: User | None,
    origin: str = ImportRun.Source.UPLOAD,
) -> ImportRun:
    """Keep the file as an import waiting to be applied, with its plan (a dry
    run: nothing else is written). A long-format source without a saved mapping
    gets no plan until the mapping is saved (``benchmark_run_replan``).

    Raises BenchmarkFileError, naming the row and column, for a file that cannot
    be read at all; nothing is recorded then."""
    _require_administrator(user)
    upload.seek(0)
    data = upload.read()
    _check_csv(data)
    plan = None
    if source.reader == BenchmarkSource.Reader.FINGERTIPS or source.mapping:
        result, _ = source_read(source, data)
        blocking = _unreadable(result)
        if blocking and source.reader == BenchmarkSource.Reader.FINGERTIPS:
            raise BenchmarkFileError(blocking)
        if not blocking:
            plan = plan_file(source=source, data=data, metric=metric)
    header, _ = file_glimpse(data)
    if not header:
        raise BenchmarkFileError(
            [read_problem(None, None, "the file is empty", UNREADABLE)]
        )
    name = (
        _upload_name(upload)
        if isinstance(upload, UploadedFile)
        else (upload.name or "upload.csv")
    )
    with transaction.atomic():
        run = ImportRun(
            created_by=user,
            status=ImportRun.Status.PREVIEWED,
            source=origin,
            kind=ImportRun.Kind.BENCHMARK,
            benchmark_source=source,
            file_names=[name],
            report={"metric": metric.code if metric else ""},
        )
        _store_plan(run, plan)
        run.full_clean()
        run.save()
        upload.seek(0)
        ImportFile.objects.create(run=run, file=upload, name=name, size=len(data))
    return run


def _previewed(run: ImportRun) -> ImportRun:
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.kind != ImportRun.Kind.BENCHMARK:
        raise ApplicationError("This is not an import of other places' figures.")
    if run.status != ImportRun.Status.PREVIEWED:
        raise ApplicationError(
            f"This import is {run.get_status_display().lower()}; only a preview "
            "waiting to be applied can be changed or applied."
        )
    return run


@transaction.atomic
def benchmark_run_replan(*, run: ImportRun, user: User | None) -> ImportRun:
    """Plan the kept file again against the data as it is now (after its columns
    or indicators were mapped)."""
    _require_administrator(user)
    run = _previewed(run)
    source = run.benchmark_source
    assert source is not None
    plan = None
    if source_mapping(source) is not None or (
        source.reader == BenchmarkSource.Reader.FINGERTIPS
    ):
        plan = plan_file(source=source, data=run_data(run), metric=run_metric(run))
    _store_plan(run, plan)
    run.save(update_fields=["report", "summary"])
    return run


@dataclass(frozen=True)
class IndicatorChoice:
    key: str
    name: str
    metric: Metric


@transaction.atomic
def benchmark_indicators_map(
    *, run: ImportRun, choices: Sequence[IndicatorChoice], user: User | None
) -> ImportRun:
    """Map each chosen indicator to its metric, the way the run's source names
    indicators: a Fingertips or LG Inform ID goes on the metric itself
    (``Metric.fingertips_id``, ``lg_inform_id``), any other source's ID or name on
    a ``SourceIndicator``; then plan the run again. Raises ValidationError
    (keyed by indicator) where a metric already has another ID of that kind, or
    an indicator is given to two metrics."""
    _require_administrator(user)
    run = _previewed(run)
    source = run.benchmark_source
    assert source is not None
    errors: dict[str, str] = {}
    given: dict[int, str] = {}
    for choice in choices:
        if choice.metric.pk in given:
            errors[choice.key] = (
                f"{choice.metric.code} is already chosen for {given[choice.metric.pk]}"
            )
        given[choice.metric.pk] = choice.key
    field = {
        BenchmarkSource.Ids.FINGERTIPS: "fingertips_id",
        BenchmarkSource.Ids.LG_INFORM: "lg_inform_id",
    }.get(BenchmarkSource.Ids(source.ids))
    for choice in choices:
        if choice.key in errors:
            continue
        if field is None:
            SourceIndicator.objects.update_or_create(
                source=source,
                indicator_id=choice.key[:200],
                defaults={
                    "indicator_name": choice.name[:500],
                    "metric": choice.metric,
                },
            )
            continue
        metric = Metric.objects.select_for_update().get(pk=choice.metric.pk)
        current = getattr(metric, field)
        if current is not None and str(current) != choice.key:
            label = "Fingertips ID" if field == "fingertips_id" else "LG Inform ID"
            errors[choice.key] = f"{metric.code} already has the {label} {current}"
            continue
        if not (choice.key.isascii() and choice.key.isdigit()):
            errors[choice.key] = f"'{choice.key}' is not a whole-number ID"
            continue
        setattr(metric, field, int(choice.key))
        metric.version += 1
        metric._change_reason = (  # type: ignore[attr-defined]
            f"Mapped to {possessive(source.name)} indicator {choice.key}"
        )
        metric._history_user = user  # type: ignore[attr-defined]
        try:
            metric.full_clean()
        except ValidationError as error:
            errors[choice.key] = "; ".join(error.messages)
            continue
        metric.save()
    if errors:
        raise ValidationError(errors)
    return benchmark_run_replan(run=run, user=user)


def _write(plan: BenchmarkPlan, run: ImportRun, source_name: str) -> int:
    """Write the plan's places and figures (nothing else); returns the figures.
    Each figure was checked against its metric when planned (check_figure) and its
    texts cut to their columns, so they are written in bulk without full_clean
    (which costs a third of a second for a few thousand rows)."""
    wanted = {f.place_code: f.place_name for f in plan.writes}
    known = dict(Place.objects.filter(code__in=wanted).values_list("code", "pk"))
    new = [
        Place(code=p.code, name=p.name[:150], kind=p.kind)
        for p in plan.new_places
        if p.code not in known
    ]
    for place in new:
        place.full_clean(validate_unique=False, validate_constraints=False)
    Place.objects.bulk_create(new)
    known.update(
        Place.objects.filter(code__in=[p.code for p in new]).values_list("code", "pk")
    )
    rows = []
    for figure in plan.writes:
        value = MemberValue(
            metric_id=figure.metric_id,
            place_id=known[figure.place_code],
            period=figure.period,
            period_label=figure.period_label,
            revision=figure.revision,
            value_text=figure.value_text,
            value_number=figure.value_number,
            lower_ci=figure.lower_ci,
            upper_ci=figure.upper_ci,
            lower_ci_998=figure.lower_ci_998,
            upper_ci_998=figure.upper_ci_998,
            count=figure.count,
            denominator=figure.denominator,
            note=figure.note,
            source=source_name[:100],
            import_run=run,
        )
        rows.append(value)
    MemberValue.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def benchmark_run_apply(*, run: ImportRun, user: User | None) -> ImportRun:
    """Apply a previewed import whole, or nothing: the preview's plan is
    classified again against the figures stored now, and if it would write
    anything other than the preview showed, nothing is written and the run fails,
    saying why (a plan with errors is refused). Refreshes the verdicts and
    standings of the metrics it wrote for.
    Raises ApplicationError when the run is not waiting to be applied."""
    _require_administrator(user)
    message = ""
    with transaction.atomic():
        run = _previewed(run)
        previewed = run_plan(run)
        if previewed is None:
            raise ApplicationError(
                "Say which columns of the file hold what before applying it."
            )
        if not previewed.ok:
            raise ApplicationError(
                f"The file has {len(previewed.errors)} errors; correct them and "
                "upload it again. Nothing was changed."
            )
        source = run.benchmark_source
        assert source is not None
        plan = plan_now(previewed)
        if writes_of(plan) != writes_of(previewed):
            message = (
                "The figures stored have changed since this preview: applying now "
                f"would write {len(plan.writes)} figures, not the "
                f"{len(previewed.writes)} shown. Nothing was changed; upload the "
                "file again for a new preview."
            )
        else:
            written = _write(plan, run, source.name)
            calculated_verdicts_refresh(metric_ids=plan.metric_ids)
            run.status = ImportRun.Status.APPLIED
            run.applied_at = timezone.now()
            run.report = {**run.report, "written": written}
            run.save()
    if message:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, error=message
        )
        run.refresh_from_db()
    return run


def benchmark_undo_blockers(run: ImportRun) -> list[UndoBlocker]:
    """The later applied benchmark imports that share metrics with ``run``
    (undoing ``run`` first would pull figures they rely on), oldest first."""
    if run.status != ImportRun.Status.APPLIED or run.applied_at is None:
        return []
    plan = run_plan(run)
    mine = set(plan.metric_ids) if plan else set()
    blockers = []
    for other in ImportRun.objects.filter(
        kind=ImportRun.Kind.BENCHMARK,
        status=ImportRun.Status.APPLIED,
        applied_at__gt=run.applied_at,
    ).order_by("applied_at", "pk"):
        other_plan = run_plan(other)
        shared = mine & set(other_plan.metric_ids if other_plan else ())
        if shared:
            metrics = list(Metric.objects.filter(pk__in=shared).order_by("code"))
            blockers.append(UndoBlocker(run=other, metrics=metrics))
    return blockers


@transaction.atomic
def benchmark_run_undo(*, run: ImportRun, user: User | None, reason: str) -> ImportRun:
    """Undo an applied import: every figure it wrote is withdrawn
    (``withdrawn_at``), so the revisions before them stand again, and the
    verdicts and standings of its metrics are refreshed. The places it created
    stay (a group may name them). Only the latest import to touch each of its
    metrics, with a reason."""
    _require_administrator(user)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why the import is being undone.")
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.kind != ImportRun.Kind.BENCHMARK or run.status != ImportRun.Status.APPLIED:
        raise ApplicationError(
            f"This import is {run.get_status_display().lower()}; only an applied "
            "import can be undone."
        )
    blockers = benchmark_undo_blockers(run)
    if blockers:
        raise ApplicationError(
            "A later import touched the same metrics; undo it first: "
            + "; ".join(str(b) for b in blockers)
        )
    written = MemberValue.objects.filter(import_run=run)
    metric_ids = set(written.values_list("metric_id", flat=True).distinct())
    withdrawn = written.filter(withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    calculated_verdicts_refresh(metric_ids=metric_ids)
    run.status = ImportRun.Status.UNDONE
    run.undone_by = user
    run.undone_at = timezone.now()
    run.undo_reason = reason
    run.report = {
        **run.report,
        "undo": {"summary": f"{withdrawn} figures withdrawn", "kept": []},
    }
    run.full_clean()
    run.save()
    return run


# --- the command line ----------------------------------------------------------


@dataclass
class CommandOutcome:
    plan: BenchmarkPlan
    run: ImportRun | None


def benchmark_file_import(
    *,
    data: bytes,
    name: str,
    source: BenchmarkSource,
    metric: Metric | None = None,
    dry_run: bool = False,
) -> CommandOutcome:
    """The import_benchmarks command: plan the file, and unless ``dry_run`` keep
    it as a run and apply it, all in one transaction. A long-format source with
    no saved mapping reads through ``suggest_mapping`` (saved when applied).
    Raises BenchmarkFileError, changing nothing, when the file cannot be read or
    has errors."""
    _check_csv(data)
    with transaction.atomic():
        if source.reader == BenchmarkSource.Reader.LONG and not source.mapping:
            header, _ = file_glimpse(data)
            suggested = suggest_mapping(header)
            if dry_run:
                source = BenchmarkSource(
                    name=source.name,
                    reader=source.reader,
                    ids=source.ids,
                    mapping=suggested.as_dict(),
                )
            else:
                source = benchmark_source_mapping_save(
                    source=source,
                    mapping=suggested,
                    version=source.version,
                    user=None,
                )
        result, _ = source_read(source, data)
        if result.errors:
            raise BenchmarkFileError(result.errors)
        plan = plan_file(source=source, data=data, metric=metric)
        if not plan.ok:
            raise BenchmarkFileError(plan.errors)
        if dry_run:
            return CommandOutcome(plan, None)
        run = benchmark_run_preview(
            upload=ContentFile(data, name=name),
            source=source,
            metric=metric,
            user=None,
            origin=ImportRun.Source.COMMAND,
        )
        run = benchmark_run_apply(run=run, user=None)
        if run.status != ImportRun.Status.APPLIED:
            raise ApplicationError(run.error)
        return CommandOutcome(run_plan(run) or plan, run)


__all__ = [
    "BenchmarkFileError",
    "IndicatorChoice",
    "benchmark_file_import",
    "benchmark_indicators_map",
    "benchmark_run_apply",
    "benchmark_run_preview",
    "benchmark_run_replan",
    "benchmark_run_undo",
    "benchmark_source_create",
    "benchmark_source_mapping_save",
    "benchmark_undo_blockers",
    "file_glimpse",
    "plan_file",
]
