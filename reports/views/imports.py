"""Pages for the performance administrator: importing open data, and reviewing
where the calculated verdicts differ from the recorded ones. Thin: services write,
selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.core.errors import show_on_page
from coventry_pm.core.exceptions import ApplicationError
from reports.forms import ImportApplyForm, ImportUndoForm, ImportUploadForm
from reports.models import ImportRun
from reports.opendata.outcome import ImportReport
from reports.opendata.records import LAYOUTS, OpenDataError
from reports.opendata.undo import undo_blockers
from reports.selectors import import_runs_recent
from reports.services.imports import (
    import_run_apply,
    import_run_preview,
    import_run_undo,
)
from scorecard.agreement import review_choices, verdict_review


def _require_administrator(request: HttpRequest) -> None:
    if not can_administer_performance(request.user):
        raise PermissionDenied


def import_list(request: HttpRequest) -> HttpResponse:
    """Upload files for a dry-run preview; the recent imports below. A file that
    cannot be read or imported is refused on the form, and nothing is recorded."""
    _require_administrator(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
    else:
        form = ImportUploadForm()
    if form.is_bound and form.is_valid():
        try:
            run = import_run_preview(
                files=form.cleaned_data["files"],
                plan=form.cleaned_data["plan"],
                year=form.cleaned_data["year"],
                user=request.user,  # type: ignore[arg-type]
            )
        except OpenDataError as error:
            form.add_error("files", f"{error.message} Nothing was recorded.")
        else:
            return redirect(run)
    return render(
        request,
        "reports/import_list.html",
        {"form": form, "runs": import_runs_recent()},
    )


def _apply_form(report: ImportReport | None, data: object = None) -> ImportApplyForm:
    return ImportApplyForm(
        data,  # type: ignore[arg-type]
        revisions=report.revisions_total if report else 0,
        years=len(report.headline_changes) if report else 0,
    )


def _detail(
    request: HttpRequest,
    run: ImportRun,
    *,
    apply_form: ImportApplyForm | None = None,
    undo_form: ImportUndoForm | None = None,
) -> HttpResponse:
    report = ImportReport.from_dict(run.report) if run.report else None
    files = []
    if report is not None:
        for outcome in report.files:
            files.append(
                {
                    "outcome": outcome,
                    "layout": LAYOUTS.get(outcome.layout, outcome.layout),
                    "rows_hidden": max(outcome.rows_total - len(outcome.rows), 0),
                    "warnings_hidden": max(
                        outcome.warnings_total - len(outcome.warnings), 0
                    ),
                }
            )
    can_apply = run.status == ImportRun.Status.PREVIEWED
    applied = run.status == ImportRun.Status.APPLIED
    forms = [f for f in (apply_form, undo_form) if f is not None and f.errors]
    return render(
        request,
        "reports/import_detail.html",
        {
            "run": run,
            "report": report,
            "totals": report.totals if report else {},
            "files": files,
            "can_apply": can_apply,
            "apply_form": apply_form or (_apply_form(report) if can_apply else None),
            "revisions_hidden": (
                report.revisions_total - len(report.revisions) if report else 0
            ),
            "blockers": undo_blockers(run) if applied else [],
            "undo_form": undo_form or (ImportUndoForm() if applied else None),
            "form_errors": [
                (field, error)
                for form in forms
                for field in form
                for error in field.errors
            ],
            "undo": run.report.get("undo") if run.report else None,
        },
    )


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview (or the applied result) of one import, file by file, row by row:
    the earlier figures it revises and the headline counts it changes first."""
    _require_administrator(request)
    run = get_object_or_404(
        ImportRun.objects.select_related("created_by", "undone_by"), pk=pk
    )
    if run.kind == ImportRun.Kind.BENCHMARK:  # other places' figures: its own page
        return redirect("reports:benchmark_preview", pk=run.pk)
    return _detail(request, run)


@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    run = get_object_or_404(ImportRun, pk=pk)
    report = ImportReport.from_dict(run.report) if run.report else None
    form = _apply_form(report, request.POST)
    if run.status == ImportRun.Status.PREVIEWED and not form.is_valid():
        return _detail(request, run, apply_form=form)
    try:
        run = import_run_apply(
            run=run,
            user=request.user,  # type: ignore[arg-type]
            confirmed=bool(form.is_valid() and form.cleaned_data["confirm"]),
        )
    except ApplicationError as error:
        show_on_page(request, error)
        return redirect(run)
    if run.status == ImportRun.Status.APPLIED:
        messages.success(request, f"Import applied. {run.summary}")
    else:
        messages.error(request, "The import failed and changed nothing.")
    return redirect(run)


@require_POST
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo an applied import as a whole, with a reason (performance administrator)."""
    _require_administrator(request)
    run = get_object_or_404(ImportRun, pk=pk)
    form = ImportUndoForm(request.POST)
    if not form.is_valid():
        return _detail(request, run, undo_form=form)
    try:
        run = import_run_undo(
            run=run,
            user=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as error:
        show_on_page(request, error)
        return redirect(run)
    messages.success(request, f"Import {run.pk} undone.")
    return redirect(run)


def verdict_review_page(request: HttpRequest) -> HttpResponse:
    """Where the engine's calculated verdict differs from the recorded one."""
    _require_administrator(request)
    choices = review_choices()
    plan_period = request.GET.get("plan", "")
    year = request.GET.get("year", "")
    review = None
    chosen = None
    if choices:
        chosen = next(
            (plan for plan, _ in choices if plan.period == plan_period), choices[0][0]
        )
        years = dict((plan.pk, y) for plan, y in choices)[chosen.pk]
        if year and year not in years:
            raise Http404("No verdicts were recorded for that year.")
        year = year or years[0]
        review = verdict_review(plan=chosen, year=year)
    show_all = request.GET.get("show") == "all"
    return render(
        request,
        "reports/review.html",
        {
            "choices": choices,
            "plan": chosen,
            "year": year,
            "review": review,
            "show_all": show_all,
            "rows": (
                (review.rows if show_all else review.differences) if review else []
            ),
        },
    )
