"""Pages of the annual report: the list, a run's progress, the report itself (its
overview, a page per priority, the wider basket), its files, the members' seminar
pack, and the approval and publication steps. Thin: services write, selectors
read, the snapshot is read as it was frozen; which steps a page offers is
reports/workflow.py's allowed_actions, and a step is refused (403) to anyone whose
roles never allow it before the report is looked up.

Published reports are public (no sign-in); a draft is a 404 to anyone who may not
read drafts, so its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coventry_pm.accounts.models import User
from coventry_pm.audit.services import record_export
from coventry_pm.core.errors import page_call, show_on_page
from coventry_pm.core.exceptions import ApplicationError
from reports import workflow
from reports.annual.content import metrics_for_priority, unassigned_rows
from reports.forms import ReportRunForm
from reports.models import ReportRun, ReportSnapshot
from reports.permissions import cabinet_members, can_read_seminar_pack
from reports.selectors import report_runs_recent, report_snapshots_visible_to
from reports.services.annual import (
    report_approval_request,
    report_approve,
    report_publish,
    report_run_start,
)


def can_run_reports(user: Any) -> bool:
    return workflow.roles_allow(user, workflow.RUN)


def _snapshot(request: HttpRequest, pk: int) -> ReportSnapshot:
    return get_object_or_404(report_snapshots_visible_to(request.user), pk=pk)


def _common(request: HttpRequest, snapshot: ReportSnapshot) -> dict[str, Any]:
    newest = None
    if snapshot.status == ReportSnapshot.Status.SUPERSEDED:
        newest = (
            report_snapshots_visible_to(request.user)
            .filter(
                plan_id=snapshot.plan_id,
                period=snapshot.period,
                status=ReportSnapshot.Status.PUBLISHED,
            )
            .first()
        )
    return {"snapshot": snapshot, "content": snapshot.content, "newest": newest}


@login_not_required
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportRunForm() if can_run_reports(request.user) else None
    return _list_page(request, form)


def _list_page(request: HttpRequest, form: ReportRunForm | None) -> HttpResponse:
    administrator = can_run_reports(request.user)
    return render(
        request,
        "reports/report_list.html",
        {
            "snapshots": report_snapshots_visible_to(request.user),
            "form": form,
            "runs": report_runs_recent() if administrator else [],
            "waiting": workflow.todo_items(request.user),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    """Queue a run (or a correction of a published report) and show its progress."""
    if not can_run_reports(request.user):
        raise PermissionDenied
    form = ReportRunForm(request.POST)
    if form.is_valid():
        run = page_call(
            request,
            report_run_start,
            form=form,
            plan=form.cleaned_data["plan"],
            period=form.cleaned_data["period"].strip(),
            change_note=form.cleaned_data["change_note"],
            user=request.user,
        )
        if run is not None:
            return redirect(run)
    return _list_page(request, form)


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_run_reports(request.user):
        raise PermissionDenied
    run = get_object_or_404(
        ReportRun.objects.select_related("plan", "started_by"), pk=pk
    )
    snapshot = ReportSnapshot.objects.filter(run=run).first()
    return render(
        request, "reports/run_detail.html", {"run": run, "snapshot": snapshot}
    )


def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress bar polls: status, per cent, stage, and where to go."""
    if not can_run_reports(request.user):
        raise PermissionDenied
    run = get_object_or_404(ReportRun, pk=pk)
    snapshot = ReportSnapshot.objects.filter(run=run).first()
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "progress": run.progress,
            "stage": run.stage,
            "error": run.error,
            "report_url": snapshot.get_absolute_url() if snapshot else None,
        }
    )


@login_not_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _snapshot(request, pk)
    user = request.user
    actions = workflow.allowed_actions(user, snapshot)
    context = _common(request, snapshot)
    context.update(
        {
            "history_chart": {
                "svg": snapshot.content["history_chart"],
                "periods": [y["year"] for y in snapshot.content["history"]],
                "series": [
                    {
                        "name": "Improved or similar (%)",
                        "values": [
                            y["directional_pct"] for y in snapshot.content["history"]
                        ],
                    }
                ],
            },
            "unassigned": unassigned_rows(snapshot.content),
            "versions": report_snapshots_visible_to(user).filter(
                plan_id=snapshot.plan_id, period=snapshot.period
            ),
            "actions": actions,
            # Whoever takes part in approval keeps the panel and its history in
            # every state (it does not vanish once their own step is done).
            "approval_panel": workflow.roles_allow_any(user),
            "approval_history": workflow.approval_history(snapshot)
            if workflow.roles_allow_any(user)
            else [],
            "cabinet_members": cabinet_members()
            if workflow.REQUEST_APPROVAL in actions
            else [],
            "can_read_seminar": can_read_seminar_pack(user),
        }
    )
    return render(request, "reports/report_detail.html", context)


@login_not_required
def report_priority(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    snapshot = _snapshot(request, pk)
    priorities = snapshot.content["priorities"]
    if not 1 <= number <= len(priorities):
        raise Http404("No such priority in this report.")
    priority = priorities[number - 1]
    context = _common(request, snapshot)
    context.update(
        {
            "priority": priority,
            "priority_count": len(priorities),
            "groups": metrics_for_priority(snapshot.content, priority),
            "charts": snapshot.content["charts"],
            "previous": priorities[number - 2] if number > 1 else None,
            "next": priorities[number] if number < len(priorities) else None,
        }
    )
    return render(request, "reports/report_priority.html", context)


@login_not_required
def report_wider(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _snapshot(request, pk)
    context = _common(request, snapshot)
    context["page"] = Paginator(snapshot.content["wider_basket"], 100).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/report_wider.html", context)


def _download(
    request: HttpRequest, field: FieldFile, content_type: str
) -> FileResponse:
    if not field.name or not field.storage.exists(field.name):
        raise Http404("The file is missing.")
    # A download by someone signed in is an export the audit of access records;
    # the public's downloads of a published report are not a person's.
    if request.user.is_authenticated:
        record_export(request, field.name.rsplit("/", 1)[-1])
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=field.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )


@login_not_required
def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, _snapshot(request, pk).pdf, "application/pdf")


@login_not_required
def report_data(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    snapshot = _snapshot(request, pk)
    files = {"tidy": snapshot.tidy_csv, "council": snapshot.council_csv}
    if fmt not in files:
        raise Http404("The open data comes as tidy or council.")
    return _download(request, files[fmt], "text/csv; charset=utf-8")


def seminar(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_read_seminar_pack(request.user):
        raise PermissionDenied
    snapshot = _snapshot(request, pk)
    context = _common(request, snapshot)
    context["priorities"] = [
        (priority, metrics_for_priority(snapshot.content, priority))
        for priority in snapshot.content["priorities"]
    ]
    return render(request, "reports/seminar.html", context)


def _workflow_step(
    request: HttpRequest,
    pk: int,
    step: str,
    service: Callable[..., Any],
    done: str,
    **arguments: Any,
) -> HttpResponse:
    """One step on a report: refused (403) to anyone whose roles never allow it,
    before the report is looked up (a 404 if they may not read it); a step not
    allowed now is a message on the report's page."""
    if not workflow.roles_allow(request.user, step):
        raise PermissionDenied
    snapshot = _snapshot(request, pk)
    try:
        service(snapshot=snapshot, user=request.user, **arguments)
    except (ApplicationError, ValidationError) as error:
        show_on_page(request, error)
    else:
        messages.success(request, done)
    return redirect(f"{snapshot.get_absolute_url()}#publication-heading")


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_step(
        request, pk, workflow.APPROVE, report_approve, "Your approval is recorded."
    )


@require_POST
def request_approval(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask a cabinet member (or every one) to approve the draft."""
    chosen = request.POST.get("cabinet_member", "")
    recipients: list[User] = []
    if chosen.isdigit():
        recipients = list(cabinet_members().filter(pk=int(chosen)))
        if not recipients:
            raise Http404("No such cabinet member.")
    return _workflow_step(
        request,
        pk,
        workflow.REQUEST_APPROVAL,
        report_approval_request,
        "Asked for approval: the cabinet member is emailed, and the draft waits "
        "on their list.",
        recipients=recipients,
    )


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow_step(
        request,
        pk,
        workflow.PUBLISH,
        report_publish,
        "Published: anyone can now read the report, and its open data is being "
        "published.",
    )
