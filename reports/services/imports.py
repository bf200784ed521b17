"""Writes for imports run from the upload page. The import itself is
reports.opendata.importer.open_data_import; these keep its ImportRun."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError
from reports.models import ImportFile, ImportRun
from reports.opendata.importer import SourceFile, open_data_import
from reports.opendata.records import OpenDataError


def _opener(stored: ImportFile) -> Callable[[], AbstractContextManager[IO[bytes]]]:
    def open_stored() -> AbstractContextManager[IO[bytes]]:
        stored.file.open("rb")
        return stored.file  # a File is its own context manager

    return open_stored


def _sources(run: ImportRun) -> list[SourceFile]:
    return [
        SourceFile(name=stored.name, open=_opener(stored)) for stored in run.files.all()
    ]


def import_run_preview(
    *,
    files: Sequence[UploadedFile[bytes]],
    plan: str = "",
    year: str = "",
    user: User,
) -> ImportRun:
    """Keep the uploaded files and dry-run them: the run shows, row by row, what
    applying would create, revise and warn about, or the error that stops it."""
    with transaction.atomic():
        run = ImportRun.objects.create(
            created_by=user,
            status=ImportRun.Status.PREVIEWED,
            source=ImportRun.Source.UPLOAD,
            plan_period=plan,
            report_year=year,
            file_names=[f.name for f in files],
        )
        for upload in files:
            name = (upload.name or "upload").rsplit("/", 1)[-1]
            ImportFile.objects.create(
                run=run, file=upload, name=name, size=upload.size or 0
            )
    try:
        report = open_data_import(
            files=_sources(run),
            plan=plan or None,
            year=year or None,
            dry_run=True,
            user=user,
        )
    except OpenDataError as error:
        run.status = ImportRun.Status.FAILED
        run.error = error.message
        run.save(update_fields=["status", "error"])
        return run
    run.summary = report.summary_line()
    run.report = report.as_dict()
    run.save(update_fields=["summary", "report"])
    return run


def import_run_apply(*, run: ImportRun, user: User) -> ImportRun:
    """Apply a previewed import in full, or change nothing and say why."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.PREVIEWED:
            raise ApplicationError(
                f"This import is {run.get_status_display().lower()}; only a preview "
                "waiting to be applied can be applied."
            )
        try:
            open_data_import(
                files=_sources(run),
                plan=run.plan_period or None,
                year=run.report_year or None,
                user=user,
                run=run,
            )
        except OpenDataError as error:
            failed = True
            message = error.message
        else:
            failed = False
    if failed:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, error=message
        )
        run.refresh_from_db()
        return run
    run.refresh_from_db()
    for stored in run.files.all():
        stored.file.close()
    return run
