"""Imports run from the upload page: preview, apply, undo. The import itself is
reports.opendata.importer.open_data_import; these keep its ImportRun."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from reports.models import ImportFile, ImportRun
from reports.opendata.importer import SourceFile, open_data_import
from reports.opendata.outcome import ImportReport
from reports.opendata.records import OpenDataError
from reports.opendata.undo import (
    listings_put_back,
    structure_remove_unused,
    undo_blockers,
)
from scorecard.models import MemberValue
from scorecard.services.bulk import import_writes_undo
from scorecard.services.verdicts import calculated_verdicts_refresh


def _upload_name(upload: UploadedFile[Any]) -> str:
    return (upload.name or "upload").rsplit("/", 1)[-1]


def _upload_opener(
    upload: UploadedFile[Any],
) -> Callable[[], AbstractContextManager[IO[bytes]]]:
    @contextlib.contextmanager
    def open_upload() -> Iterator[IO[bytes]]:
        # Not closed after reading: the file is kept with the run afterwards.
        upload.seek(0)
        yield upload.file  # type: ignore[misc]

    return open_upload


def _stored_opener(
    stored: ImportFile,
) -> Callable[[], AbstractContextManager[IO[bytes]]]:
    def open_stored() -> AbstractContextManager[IO[bytes]]:
        stored.file.open("rb")
        return stored.file  # a File is its own context manager

    return open_stored


def _sources(run: ImportRun) -> list[SourceFile]:
    return [
        SourceFile(name=stored.name, open=_stored_opener(stored))
        for stored in run.files.all()
    ]


def import_run_preview(
    *,
    files: Sequence[UploadedFile[Any]],
    plan: str = "",
    year: str = "",
    user: User,
) -> ImportRun:
    """Dry-run the uploaded files and, when they would import, keep them as a run
    waiting to be applied, with the preview: row by row what applying would
    create, revise and warn about, every figure stored before that it revises, and
    every report year whose headline counts it changes.

    Raises OpenDataError, naming the file, row and column, for a file that is not
    a readable CSV or Excel file or cannot be imported; nothing is recorded then.
    """
    report = open_data_import(
        files=[
            SourceFile(name=_upload_name(upload), open=_upload_opener(upload))
            for upload in files
        ],
        plan=plan or None,
        year=year or None,
        dry_run=True,
        user=user,
    )
    with transaction.atomic():
        run = ImportRun.objects.create(
            created_by=user,
            status=ImportRun.Status.PREVIEWED,
            source=ImportRun.Source.UPLOAD,
            plan_period=plan,
            report_year=year,
            file_names=[_upload_name(f) for f in files],
            summary=report.summary_line(),
            report=report.as_dict(),
        )
        for upload in files:
            upload.seek(0)
            ImportFile.objects.create(
                run=run, file=upload, name=_upload_name(upload), size=upload.size or 0
            )
    return run


def preview_report(run: ImportRun) -> ImportReport | None:
    return ImportReport.from_dict(run.report) if run.report else None


def _changes(report: ImportReport) -> tuple[int, list[str]]:
    return report.revisions_total, [str(c) for c in report.headline_changes]


class _Changed(Exception):
    def __init__(self, report: ImportReport):
        self.report = report


def import_run_apply(
    *, run: ImportRun, user: User, confirmed: bool = False
) -> ImportRun:
    """Apply a previewed import in full, or change nothing and say why.

    When the preview revises figures stored before or changes a report year's
    headline counts, applying needs ``confirmed`` (the person has checked them);
    and if applying now would change something else than the preview said (the
    data moved on since), nothing is applied and the run fails, asking for a new
    preview. Raises ApplicationError when the run is not waiting to be applied or
    the confirmation is missing.
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.PREVIEWED:
            raise ApplicationError(
                f"This import is {run.get_status_display().lower()}; only a preview "
                "waiting to be applied can be applied."
            )
        previewed = preview_report(run) or ImportReport()
        if previewed.needs_confirmation and not confirmed:
            raise ApplicationError(
                "Confirm that you have checked the changes to earlier figures and "
                "headline counts before applying."
            )
        try:
            with transaction.atomic():
                applied = open_data_import(
                    files=_sources(run),
                    plan=run.plan_period or None,
                    year=run.report_year or None,
                    user=user,
                    run=run,
                )
                if _changes(applied) != _changes(previewed):
                    raise _Changed(applied)
        except OpenDataError as error:
            message = error.message
        except _Changed as changed:
            count, _ = _changes(changed.report)
            message = (
                "The data has changed since this preview: applying now would revise "
                f"{count} earlier figures and change "
                f"{len(changed.report.headline_changes)} report years' headline "
                "counts. Nothing was changed; upload the files again for a new "
                "preview."
            )
        else:
            message = ""
    if message:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, error=message
        )
    run.refresh_from_db()
    for stored in run.files.all():
        stored.file.close()
    return run


@transaction.atomic
def import_run_undo(*, run: ImportRun, user: User, reason: str) -> ImportRun:
    """Undo an applied import as a whole: everything it wrote is withdrawn, so the
    figures and verdicts before it stand again; its targets, headline lists and
    listings go back to what they were; the metrics, priorities, objectives and
    plans it created that nothing else uses are retired or removed; the verdicts
    of every metric it touched are refreshed. The run records who undid it, when
    and why.

    Only the performance administrator may, with a reason, and only for the latest
    import to touch each of its metrics: raises PermissionDeniedError or
    ApplicationError (naming the later imports) otherwise.
    """
    if not can_administer_performance(user):
        raise PermissionDeniedError(
            "Only the performance administrator undoes imports."
        )
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why the import is being undone.")
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.APPLIED:
        raise ApplicationError(
            f"This import is {run.get_status_display().lower()}; only an applied "
            "import can be undone."
        )
    blockers = undo_blockers(run)
    if blockers:
        raise ApplicationError(
            "A later import touched the same metrics; undo it first: "
            + "; ".join(str(b) for b in blockers)
        )
    report = preview_report(run) or ImportReport()
    outcome = import_writes_undo(import_run_id=run.pk, user=user, reason=reason)
    # Other places' figures a tidy file brought (scope kind member) are withdrawn
    # too; the places, groups and versions it made stay, for the group pages.
    withdrawn = MemberValue.objects.filter(
        import_run_id=run.pk, withdrawn_at__isnull=True
    )
    member_metric_ids = set(withdrawn.values_list("metric_id", flat=True))
    withdrawn.update(withdrawn_at=timezone.now())
    listings_put_back(report)
    removed = structure_remove_unused(report)
    calculated_verdicts_refresh(
        metric_ids=outcome.metric_ids | set(report.metric_ids) | member_metric_ids
    )
    run.status = ImportRun.Status.UNDONE
    run.undone_by = user
    run.undone_at = timezone.now()
    run.undo_reason = reason
    run.report = {
        **run.report,
        "undo": {
            "summary": outcome.summary(),
            "kept": outcome.kept,
            "removed": removed,
        },
    }
    run.full_clean()
    run.save()
    return run
