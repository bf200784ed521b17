"""Pages of the annual report: the list, a run's progress, the report itself (its
overview, a page per priority and per directorate, the wider basket), its files,
the members' seminar pack, the approval and publication steps, and the commentary
on each priority and directorate (drafted by rule, edited, signed off). Thin:
services write, selectors read, the snapshot is read as it was frozen; which steps
a page offers is reports/workflow.py's allowed_actions, and a step is refused (403)
to anyone whose roles never allow it before the report is looked up.

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
from django.urls import reverse
from django.views.decorators.http import require_POST

from coventry_pm.accounts.models import User
from coventry_pm.audit.services import record_export
from coventry_pm.core.errors import page_call, show_on_page
from coventry_pm.core.exceptions import ApplicationError, ConflictError
from reports import workflow
from reports.annual import narrative as rules
from reports.annual.content import (
    directorate_entry,
    directorates,
    metrics_for_directorate,
    metrics_for_priority,
    unassigned_rows,
)
from reports.forms import NarrativeForm, ReportRunForm
from reports.models import ReportRun, ReportSnapshot
from reports.permissions import (
    cabinet_members,
    can_read_report,
    can_read_seminar_pack,
)
from reports.selectors import (
    directors_of,
    narrative_subject,
    narratives_of,
    report_runs_recent,
    report_snapshots_visible_to,
)
from reports.services.annual import (
    report_approval_request,
    report_approve,
    report_publish,
    report_run_start,
)
from reports.services.narratives import (
    report_narrative_sign_off,
    report_narrative_update,
    working_sentences,
)


def can_run_reports(user: Any) -> bool:
    return workflow.roles_allow(user, workflow.RUN)


def _snapshot(request: HttpRequest, pk: int) -> ReportSnapshot:
    return get_object_or_404(report_snapshots_visible_to(request.user), pk=pk)


class _Commentary:
    """The commentary of a report's priorities and directorates as a page shows
    it: the text as signed off (each sentence with links to its figures, and
    flagged where this version's figures differ from those signed off), and, to
    whoever may edit or sign it off, the draft. Two queries per page."""

    def __init__(
        self, user: Any, snapshot: ReportSnapshot, *, drafts: bool = True
    ) -> None:
        self.user = user
        self.snapshot = snapshot
        self.drafts = drafts
        self.narratives = narratives_of(snapshot)
        self.directors = directors_of(
            d["id"] for d in directorates(snapshot.content) if d["id"]
        )

    def _figure(self, figure: rules.Figure, base: str) -> dict[str, str]:
        if figure.get("code"):  # a metric's figure or its rank: its row
            href = f"{base}metric-{figure['code']}"
        else:
            href = f"{base}summary"
        return {"shown": rules.figure_shown(figure), "href": href}

    def _sentences(
        self, sentences: list[dict[str, Any]], base: str
    ) -> list[dict[str, Any]]:
        shown = []
        for sentence in sentences:
            if not sentence["text"].strip():
                continue
            changed = rules.changed_figures(
                self.snapshot.content,
                rules.Sentence(
                    rule=sentence["rule"],
                    text=sentence["text"],
                    figures=sentence["figures"],
                ),
            )
            shown.append(
                {
                    "text": sentence["text"],
                    "rule": sentence["rule"],
                    "figures": [self._figure(f, base) for f in sentence["figures"]],
                    "changed": [
                        {
                            "was": self._figure(was, base)["shown"],
                            "now": self._figure(now, base)["shown"]
                            if now
                            else "not in this version",
                        }
                        for was, now in changed
                    ],
                }
            )
        return shown

    def of(
        self, scope: str, entry: dict[str, Any], *, base: str
    ) -> dict[str, Any] | None:
        """None for a report made before the commentary (its priorities carry no
        id): it has none."""
        if "id" not in entry:
            return None
        key = int(entry["id"])
        subject = narrative_subject(
            self.snapshot, scope, key, self.narratives, self.directors
        )
        stored = subject.narrative
        may_sign = workflow.narrative_may_ever(
            self.user, subject, workflow.SIGN_OFF_NARRATIVE
        )
        may_edit = workflow.narrative_may_ever(
            self.user, subject, workflow.EDIT_NARRATIVE
        )
        state = workflow.narrative_state(stored)
        draft = None
        if (
            self.drafts
            and (may_sign or may_edit)
            and state != workflow.NARRATIVE_SIGNED_OFF
        ):
            draft = self._sentences(
                working_sentences(self.snapshot, scope, entry, stored), base
            )
        return {
            "scope": scope,
            "key": key,
            "state": state,
            "state_label": workflow.NARRATIVE_STATE_LABELS[state],
            "signed": self._sentences(stored.signed_off_sentences, base)
            if stored and stored.signed_off_at
            else [],
            "signed_by": stored.signed_off_by if stored else None,
            "signed_at": stored.signed_off_at if stored else None,
            "draft": draft,
            "signer": workflow.narrative_signer(subject),
            "url": reverse("reports:narrative", args=[self.snapshot.pk, scope, key])
            if may_edit or may_sign
            else "",
        }


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
    by = "directorate" if request.GET.get("by") == "directorate" else "priority"
    commentary = _Commentary(user, snapshot)
    context["view_by"] = by
    context["directorates"] = directorates(snapshot.content)
    context["cards"] = [
        (
            entry,
            commentary.of(
                scope,
                entry,
                base=reverse(
                    f"reports:report_{scope}",
                    args=[
                        snapshot.pk,
                        entry["number" if scope == "priority" else "id"],
                    ],
                )
                + "#",
            ),
        )
        for scope, entries in (
            ("priority", snapshot.content["priorities"]),
            ("directorate", context["directorates"]),
        )
        if scope == by
        for entry in entries
    ]
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
            "commentary": _Commentary(request.user, snapshot).of(
                rules.PRIORITY, priority, base="#"
            ),
        }
    )
    return render(request, "reports/report_priority.html", context)


@login_not_required
def report_directorate(request: HttpRequest, pk: int, key: int) -> HttpResponse:
    """The report read by directorate: its headline metrics (with their charts)
    and its wider basket, from the same rows as the priority pages."""
    snapshot = _snapshot(request, pk)
    entries = directorates(snapshot.content)
    directorate = directorate_entry(snapshot.content, key)
    if directorate is None:
        raise Http404("No such directorate in this report.")
    index = entries.index(directorate)
    headline, wider = metrics_for_directorate(snapshot.content, directorate)
    context = _common(request, snapshot)
    context.update(
        {
            "directorate": directorate,
            "headline": headline,
            "wider": wider,
            "charts": snapshot.content["charts"],
            "previous": entries[index - 1] if index > 0 else None,
            "next": entries[index + 1] if index + 1 < len(entries) else None,
            "position": index + 1,
            "directorate_count": len(entries),
            "commentary": _Commentary(request.user, snapshot).of(
                rules.DIRECTORATE, directorate, base="#"
            ),
        }
    )
    return render(request, "reports/report_directorate.html", context)


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
    commentary = _Commentary(request.user, snapshot, drafts=False)
    # Each part's metric rows are anchored apart ("p1-metric-H1"): a metric is
    # listed under its priority and again under its directorate.
    context["priorities"] = [
        (
            priority,
            metrics_for_priority(snapshot.content, priority),
            commentary.of(rules.PRIORITY, priority, base=f"#p{priority['number']}-"),
            f"p{priority['number']}-",
        )
        for priority in snapshot.content["priorities"]
    ]
    context["directorates"] = [
        (
            directorate,
            metrics_for_directorate(snapshot.content, directorate)[0],
            commentary.of(
                rules.DIRECTORATE, directorate, base=f"#d{directorate['id']}-"
            ),
            f"d{directorate['id']}-",
        )
        for directorate in directorates(snapshot.content)
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


def _narrative_subject(
    request: HttpRequest, pk: int, scope: str, key: int
) -> tuple[ReportSnapshot, dict[str, Any], workflow.NarrativeSubject]:
    """The report, its priority or directorate, and the commentary's subject, for
    whoever may read the report or take part in this commentary (a director
    reaches their directorate's commentary on a draft they may not otherwise
    read); a 404 to anyone else, as the report's own pages."""
    if scope not in rules.SCOPES:
        raise Http404("No such commentary.")
    snapshot = get_object_or_404(ReportSnapshot.objects.select_related("plan"), pk=pk)
    entry = rules.scope_entry(snapshot.content, scope, key)
    if entry is None:
        raise Http404("No such commentary in this report.")
    subject = narrative_subject(snapshot, scope, key)
    if not (
        can_read_report(request.user, snapshot)
        or workflow.narrative_may_ever(request.user, subject, workflow.EDIT_NARRATIVE)
        or workflow.narrative_may_ever(
            request.user, subject, workflow.SIGN_OFF_NARRATIVE
        )
    ):
        raise Http404("No such report.")
    return snapshot, entry, subject


def _refusal(
    request: HttpRequest, subject: workflow.NarrativeSubject, action: str
) -> str:
    refused = workflow.narrative_refusal(request.user, subject, action)
    return refused.message if refused else ""


def narrative(request: HttpRequest, pk: int, scope: str, key: int) -> HttpResponse:
    """The commentary on one priority or directorate: the drafted sentences with
    the figures each cites, the form to edit them, the sign-off, and the history."""
    snapshot, entry, subject = _narrative_subject(request, pk, scope, key)
    stored = subject.narrative
    sentences = working_sentences(snapshot, scope, entry, stored)
    version = stored.version if stored else 0
    form = NarrativeForm(sentences=sentences, initial={"version": version})
    theirs = False
    if request.method == "POST":
        if not workflow.narrative_may_ever(
            request.user, subject, workflow.EDIT_NARRATIVE
        ):
            raise PermissionDenied(_refusal(request, subject, workflow.EDIT_NARRATIVE))
        form = NarrativeForm(request.POST, sentences=sentences)
        if form.is_valid():
            try:
                report_narrative_update(
                    snapshot=snapshot,
                    scope=scope,
                    key=key,
                    texts=None if form.cleaned_data["redraft"] else form.texts(),
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictError as error:
                # Keep their words; show the commentary as it is now, and take
                # its version, so saving again is a deliberate overwrite.
                subject = narrative_subject(snapshot, scope, key)
                stored = subject.narrative
                data = request.POST.copy()
                data["version"] = str(stored.version if stored else 0)
                form = NarrativeForm(data, sentences=sentences)
                form.is_valid()
                show_on_page(request, error, form=form)
                theirs = True
            except (ApplicationError, ValidationError) as error:
                show_on_page(request, error, form=form)
            else:
                messages.success(
                    request,
                    "The commentary is saved. It waits for "
                    f"{workflow.narrative_signer(subject)}'s sign-off.",
                )
                return redirect(request.path)
    commentary = _Commentary(request.user, snapshot)
    page = (
        reverse("reports:report_priority", args=[snapshot.pk, entry["number"]])
        if scope == rules.PRIORITY
        else reverse("reports:report_directorate", args=[snapshot.pk, key])
    )
    context = _common(request, snapshot)
    context.update(
        {
            "scope": scope,
            "entry": entry,
            "title": entry["title"] if scope == rules.PRIORITY else entry["name"],
            "page_url": page,
            "form": form,
            "sentences": commentary._sentences(sentences, f"{page}#"),
            "shown": commentary.of(scope, entry, base=f"{page}#"),
            "actions": workflow.narrative_allowed_actions(request.user, subject),
            "refusals": {
                action: refused.message
                for action in workflow.NARRATIVE_ACTIONS
                if (
                    refused := workflow.narrative_refusal(request.user, subject, action)
                )
            },
            "stored": stored,
            "theirs": theirs,
            "history": stored.history.select_related("history_user")[:50]
            if stored
            else [],
        }
    )
    return render(
        request,
        "reports/narrative.html",
        context,
        status=409 if theirs else 400 if form.errors else 200,
    )


@require_POST
def narrative_sign_off(
    request: HttpRequest, pk: int, scope: str, key: int
) -> HttpResponse:
    snapshot, _entry, subject = _narrative_subject(request, pk, scope, key)
    if not workflow.narrative_may_ever(
        request.user, subject, workflow.SIGN_OFF_NARRATIVE
    ):
        raise PermissionDenied(_refusal(request, subject, workflow.SIGN_OFF_NARRATIVE))
    version = request.POST.get("version", "")
    signed = page_call(
        request,
        report_narrative_sign_off,
        snapshot=snapshot,
        scope=scope,
        key=key,
        user=request.user,
        expected_version=int(version) if version.isdigit() else -1,
    )
    if signed is not None:
        messages.success(request, "The commentary is signed off.")
    return redirect(reverse("reports:narrative", args=[pk, scope, key]))
