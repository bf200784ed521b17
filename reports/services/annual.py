"""Writes for the annual report: start a run, generate its snapshot, approve, ask
the cabinet members for their approval, publish, and publish its open data.

Who may take which step when is reports/workflow.py: each step enforces it and
keeps no other guard.

A run writes nothing readers can see until its last step, one transaction that
saves the finished snapshot; a run that fails part-way removes what it wrote and
leaves the last good report in place. A published snapshot is never changed again:
a correction is a new run with a change note, published as the next version.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError, ConflictError
from coventry_pm.core.links import site_link
from reports import workflow
from reports.annual.content import ProgressCallback, report_content, split_period
from reports.annual.pdf import replaced_by_version, report_pdf
from reports.models import ReportApprovalRequest, ReportRun, ReportSnapshot
from reports.opendata.exporter import COUNCIL, TIDY, open_data_export
from reports.permissions import cabinet_members
from strategies.models import Plan

logger = logging.getLogger(__name__)

# A run is tried this many times (a worker that dies mid-run hands it back).
MAX_ATTEMPTS = 3


def report_run_start(
    *,
    plan: Plan,
    period: str,
    user: User | None,
    change_note: str = "",
    enqueue: bool = True,
) -> ReportRun:
    """Queue the report for a plan and a period ("2025-26" or "2025-26 H1").

    One run per plan and period at a time (ConflictError otherwise). Once a report
    for the period is published, a new run is a correction and needs a change
    note. The generation runs on the Celery worker after this commits (unless
    ``enqueue`` is false: the caller runs report_run_execute itself)."""
    workflow.enforce_run(user)
    try:
        year, half = split_period(period)
    except ValueError:
        raise ApplicationError(
            f'"{period}" is not a report period: write a year such as 2025/26, '
            "or a half year such as 2025/26 H1.",
            extra={"field": "period"},
        ) from None
    period = f"{year} {half}".strip()
    if not plan.covers(int(year[:4])):
        raise ApplicationError(
            f"The {plan} does not cover {year}.", extra={"field": "period"}
        )
    published = ReportSnapshot.objects.filter(
        plan=plan, period=period, status=ReportSnapshot.Status.PUBLISHED
    ).exists()
    if published and not change_note.strip():
        raise ApplicationError(
            f"The report for {period} is published. Say what the correction changes "
            "(the change note): it is shown with the new version.",
            extra={"field": "change_note"},
        )
    active = ReportRun.objects.filter(
        plan=plan, period=period, status__in=ReportRun.ACTIVE
    ).first()
    if active is not None:
        raise _already_running(active)
    try:
        with transaction.atomic():
            run = ReportRun.objects.create(
                plan=plan,
                period=period,
                started_by=user,
                change_note=change_note.strip(),
                stage="Waiting for the worker",
            )
    except IntegrityError:
        active = ReportRun.objects.filter(
            plan=plan, period=period, status__in=ReportRun.ACTIVE
        ).first()
        raise _already_running(active) from None
    if enqueue:
        from reports.tasks import generate_report_task

        transaction.on_commit(lambda: generate_report_task.delay(run.pk))
    return run


def _already_running(run: ReportRun | None) -> ConflictError:
    who = f" by {run.started_by}" if run and run.started_by else ""
    return ConflictError(
        f"The report for this period is already being generated (started{who}); "
        "wait for it to finish.",
        extra={"run": run.pk if run else None},
    )


def _progress(run_id: int) -> ProgressCallback:
    def record(percent: int, stage: str) -> None:
        ReportRun.objects.filter(pk=run_id).update(
            progress=percent, stage=stage, heartbeat_at=timezone.now()
        )

    return record


def report_run_execute(*, run_id: int) -> ReportSnapshot | None:
    """Generate the run's report (the Celery task's body). Safe to call again: a
    run that is no longer queued or running is left alone, and one handed back by
    a worker that died starts again, up to MAX_ATTEMPTS."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if not run.is_active:
            return None
        if run.attempts >= MAX_ATTEMPTS:
            run.status = ReportRun.Status.FAILED
            run.error = (
                f"Stopped after {run.attempts} attempts: the worker stopped while "
                "generating it. Nothing was published; start it again."
            )
            run.finished_at = timezone.now()
            run.save()
            _delete_run_files(run)
            return None
        _delete_run_files(run)  # what an attempt that died left behind
        run.status = ReportRun.Status.RUNNING
        run.attempts += 1
        run.progress = 0
        run.error = ""
        run.heartbeat_at = timezone.now()
        run.save()
    progress = _progress(run.pk)
    try:
        content = report_content(plan=run.plan, period=run.period, progress=progress)
        version = (
            ReportSnapshot.objects.filter(
                plan=run.plan, period=run.period, status__in=ReportSnapshot.PUBLIC
            ).count()
            + 1
        )
        progress(75, "Writing the open data")
        tidy, council = _open_data_files(run.plan, content["year"])
        progress(85, "Making the PDF")
        snapshot = ReportSnapshot(
            run=run,
            plan=run.plan,
            period=run.period,
            version=version,
            change_note=run.change_note,
            content=content,
        )
        pdf = report_pdf(snapshot)
        progress(97, "Saving the report")
        snapshot.pdf.save(_pdf_name(snapshot), ContentFile(pdf), save=False)
        snapshot.tidy_csv.save(tidy[0], ContentFile(tidy[1]), save=False)
        snapshot.council_csv.save(council[0], ContentFile(council[1]), save=False)
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run.pk)
            replaced = list(
                ReportSnapshot.objects.filter(
                    plan=run.plan,
                    period=run.period,
                    status__in=[
                        ReportSnapshot.Status.DRAFT,
                        ReportSnapshot.Status.APPROVED,
                    ],
                ).select_related("run__plan")
            )
            for old in replaced:
                old.delete()
                transaction.on_commit(partial(_delete_run_files, old.run))
            snapshot.save()
            run.status = ReportRun.Status.READY
            run.progress = 100
            run.stage = "Ready"
            run.finished_at = timezone.now()
            run.save()
        return snapshot
    except Exception as error:
        logger.exception("Report run %s failed", run.pk)
        _delete_run_files(run)
        stage = ReportRun.objects.values_list("stage", flat=True).get(pk=run.pk)
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED,
            error=f"Failed while {stage[:1].lower()}{stage[1:]}: "
            f"{error or type(error).__name__}. "
            "Nothing was published; the last good report is still in place.",
            finished_at=timezone.now(),
        )
        return None


def report_runs_fail_stalled(*, minutes: int = 15) -> int:
    """Fail runs whose worker has not reported for ``minutes`` (it died or was
    stopped); nothing of theirs was published. Returns how many."""
    stalled_before = timezone.now() - dt.timedelta(minutes=minutes)
    stalled = list(
        ReportRun.objects.filter(
            status=ReportRun.Status.RUNNING, heartbeat_at__lt=stalled_before
        ).select_related("plan")
    )
    ReportRun.objects.filter(pk__in=[run.pk for run in stalled]).update(
        status=ReportRun.Status.FAILED,
        error=f"The worker stopped reporting for {minutes} minutes while generating "
        "this report. Nothing was published; start it again.",
        finished_at=timezone.now(),
    )
    for run in stalled:
        _delete_run_files(run)
    return len(stalled)


def _open_data_files(plan: Plan, year: str) -> tuple[tuple[str, bytes], ...]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        (tidy,) = open_data_export(year=year, fmt=TIDY, out=out, plan=plan)
        (council,) = open_data_export(year=year, fmt=COUNCIL, out=out, plan=plan)
        return (tidy.name, tidy.read_bytes()), (council.name, council.read_bytes())


def _delete_run_files(run: ReportRun) -> None:
    """Remove the files a run wrote: a failed run's, or a draft's that a new run
    replaces (each run's are in a folder of their own)."""
    if default_storage.exists(run.file_folder):
        for name in default_storage.listdir(run.file_folder)[1]:
            default_storage.delete(f"{run.file_folder}/{name}")


def report_approve(*, snapshot: ReportSnapshot, user: User) -> ReportSnapshot:
    """Record the performance administrator's or a cabinet member's approval of a
    draft; with both (two different people) it is approved for publication."""
    with transaction.atomic():
        snapshot = ReportSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        workflow.enforce(user, snapshot, workflow.APPROVE)
        now = timezone.now()
        if workflow.approval_capacity(user, snapshot) == "admin":
            snapshot.approved_by_admin, snapshot.approved_by_admin_at = user, now
        else:
            snapshot.approved_by_cabinet, snapshot.approved_by_cabinet_at = user, now
        if snapshot.approved_by_admin and snapshot.approved_by_cabinet:
            snapshot.status = ReportSnapshot.Status.APPROVED
        snapshot.save()
    if snapshot.status == ReportSnapshot.Status.APPROVED:
        _rerender_pdf_on_commit([snapshot.pk])
    return snapshot


def _rerender_pdf_on_commit(snapshot_ids: Sequence[int]) -> None:
    from reports.tasks import rerender_report_pdf_task

    for pk in snapshot_ids:
        transaction.on_commit(partial(rerender_report_pdf_task.delay, pk))


def _pdf_name(snapshot: ReportSnapshot) -> str:
    """ "coventry-performance-report-2025-26-v2.pdf" for a draft; after a change
    of state, the state follows ("…-v2-published.pdf", "…-v1-replaced.pdf")."""
    stem = f"coventry-performance-report-{snapshot.period.replace(' ', '-')}"
    state = {
        ReportSnapshot.Status.DRAFT: "",
        ReportSnapshot.Status.APPROVED: "-approved",
        ReportSnapshot.Status.PUBLISHED: "-published",
        ReportSnapshot.Status.SUPERSEDED: "-replaced",
    }[ReportSnapshot.Status(snapshot.status)]
    return f"{stem}-v{snapshot.version}{state}.pdf"


def report_pdf_rerender(*, snapshot_id: int) -> bool:
    """Print the report's PDF again from its frozen content with the status it has
    now ("Approved, not yet published", "Published …", "Replaced by version 2"):
    the task's body, queued on each change of state. Nothing else in the PDF
    changes. Returns whether it wrote a new PDF: not when the snapshot is gone, or
    its state moved on while this ran (the later change's own task prints that)."""
    snapshot = (
        ReportSnapshot.objects.select_related("run", "plan")
        .filter(pk=snapshot_id)
        .first()
    )
    if snapshot is None:
        return False
    replaced_by = replaced_by_version(snapshot)
    state = (snapshot.status, snapshot.published_at, replaced_by)
    pdf = report_pdf(snapshot, replaced_by=replaced_by)
    old_name = snapshot.pdf.name
    new_name = default_storage.save(
        f"{snapshot.run.file_folder}/{_pdf_name(snapshot)}", ContentFile(pdf)
    )
    with transaction.atomic():
        current = ReportSnapshot.objects.select_for_update().filter(pk=snapshot_id)
        now = current.first()
        if (
            now is None
            or (
                now.status,
                now.published_at,
                replaced_by_version(now),
            )
            != state
        ):
            transaction.on_commit(partial(default_storage.delete, new_name))
            return False
        current.update(pdf=new_name)
        if old_name and old_name != new_name:
            transaction.on_commit(partial(default_storage.delete, old_name))
    return True


def report_approval_request(
    *,
    snapshot: ReportSnapshot,
    user: User,
    recipients: Sequence[User] = (),
) -> ReportApprovalRequest:
    """The performance administrator, having approved a draft, asks cabinet
    members to approve it (``recipients``; every cabinet member when none are
    named). Kept in the draft's history; each is emailed once this commits. The
    draft then waits on their to-do lists (reports.workflow.todo_items) until one
    approves it."""
    with transaction.atomic():
        snapshot = ReportSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        workflow.enforce(user, snapshot, workflow.REQUEST_APPROVAL)
        everyone = list(cabinet_members())
        chosen = list(recipients) or everyone
        if {p.pk for p in chosen} - {p.pk for p in everyone}:
            raise ValidationError(
                {"recipients": "Only cabinet members are asked to approve."}
            )
        if not chosen:
            raise ApplicationError(
                "There is no cabinet member to ask: give someone the cabinet member "
                "role."
            )
        asked = ReportApprovalRequest.objects.create(
            snapshot=snapshot, requested_by=user, requested_at=timezone.now()
        )
        asked.recipients.set(chosen)
    from reports.tasks import (
        send_approval_requested_email_task,
    )

    transaction.on_commit(lambda: send_approval_requested_email_task.delay(asked.pk))
    return asked


def _site(path: str) -> str:
    return site_link(path)


def report_approval_requested_notify(*, request_id: int) -> int:
    """Email the cabinet members asked to approve a draft (the task's body).
    Returns how many were emailed; none once the draft has been approved or
    replaced by a new run."""
    asked = (
        ReportApprovalRequest.objects.select_related("snapshot", "requested_by")
        .filter(pk=request_id)
        .first()
    )
    if asked is None or asked.snapshot.approved_by_cabinet_id is not None:
        return 0
    snapshot = asked.snapshot
    emails = sorted(person.email for person in asked.recipients.all() if person.email)
    if not emails:
        return 0
    send_mail(
        subject=f"Approval requested: {snapshot.name}",
        message=(
            f"{asked.requested_by or 'The performance administrator'} has approved "
            f"the draft {snapshot.name} and asks a "
            "cabinet member to approve it before it is published.\n\n"
            f"Read and approve it: "
            f"{_site(reverse('reports:report_detail', args=[snapshot.pk]))}"
        ),
        from_email=None,
        recipient_list=emails,
    )
    return len(emails)


def report_publish(*, snapshot: ReportSnapshot, user: User) -> ReportSnapshot:
    """Publish an approved report: from now on anyone reads it and it never
    changes. An earlier published version stays readable, marked as replaced.
    Its open data is then published by the worker."""
    with transaction.atomic():
        snapshot = ReportSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        workflow.enforce(user, snapshot, workflow.PUBLISH)
        if ReportRun.objects.filter(
            plan=snapshot.plan, period=snapshot.period, status__in=ReportRun.ACTIVE
        ).exists():
            raise ConflictError(
                "A new run of this report is in progress: wait for it to finish."
            )
        earlier = ReportSnapshot.objects.filter(
            plan=snapshot.plan,
            period=snapshot.period,
            status=ReportSnapshot.Status.PUBLISHED,
        )
        replaced = list(earlier.values_list("pk", flat=True))
        earlier.update(status=ReportSnapshot.Status.SUPERSEDED)
        snapshot.status = ReportSnapshot.Status.PUBLISHED
        snapshot.published_by = user
        snapshot.published_at = timezone.now()
        snapshot.open_data_status = "Waiting for the worker"
        snapshot.save()
        ReportRun.objects.filter(pk=snapshot.run_id).update(
            status=ReportRun.Status.PUBLISHED
        )
    from reports.tasks import publish_open_data_task

    transaction.on_commit(lambda: publish_open_data_task.delay(snapshot.pk))
    # Each PDF prints its new status: this one "Published", those it replaces
    # "Replaced by version n".
    _rerender_pdf_on_commit([snapshot.pk, *replaced])
    return snapshot


def _git(folder: Path, *args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise OSError("git is not installed, so the open data cannot be committed.")
    # No shell, and every argument is the product's own or a setting.
    result = subprocess.run(  # noqa: S603
        [git, "-C", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise OSError(f"git {args[0]} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def open_data_publish(*, snapshot_id: int) -> str:
    """Copy a published report's open data into OPEN_DATA_DIR/<plan>/<year>/ and,
    when OPEN_DATA_REPOSITORY names a git repository, commit it there and push.
    Returns the commit (or "" without a repository). Raises OSError to be retried."""
    snapshot = ReportSnapshot.objects.select_related("plan").get(pk=snapshot_id)
    folder = Path(settings.OPEN_DATA_DIR)
    repository = settings.OPEN_DATA_REPOSITORY
    try:
        if repository:
            if not (folder / ".git").exists():
                if folder.exists():
                    shutil.rmtree(folder)
                folder.parent.mkdir(parents=True, exist_ok=True)
                _git(folder.parent, "clone", "--quiet", repository, folder.name)
            else:
                _git(folder, "pull", "--quiet", "--ff-only")
        target = folder / snapshot.plan.period / snapshot.content["year"]
        target.mkdir(parents=True, exist_ok=True)
        for field in (snapshot.tidy_csv, snapshot.council_csv):
            with field.open("rb") as source:
                (target / Path(str(field.name)).name).write_bytes(source.read())
        commit = ""
        if repository:
            _git(folder, "add", "--all")
            if _git(folder, "status", "--porcelain"):
                message = f"Open data for {snapshot.period} ({snapshot.title}, "
                message += f"version {snapshot.version})"
                if snapshot.change_note:
                    message += f"\n\n{snapshot.change_note}"
                _git(
                    folder,
                    "-c",
                    f"user.name={settings.OPEN_DATA_COMMIT_NAME}",
                    "-c",
                    f"user.email={settings.OPEN_DATA_COMMIT_EMAIL}",
                    "commit",
                    "--quiet",
                    "-m",
                    message,
                )
                _git(folder, "push", "--quiet", "origin", "HEAD")
            commit = _git(folder, "rev-parse", "HEAD")
    except (OSError, subprocess.SubprocessError) as error:
        ReportSnapshot.objects.filter(pk=snapshot_id).update(
            open_data_status=f"Not published yet: {error}"
        )
        raise OSError(str(error)) from error
    where = f"committed {commit[:10]} to {repository}" if commit else f"in {target}"
    ReportSnapshot.objects.filter(pk=snapshot_id).update(
        open_data_status=(
            f"Published {date_format(timezone.localtime(), 'DATETIME_FORMAT')}, {where}"
        ),
        open_data_commit=commit,
    )
    return commit
