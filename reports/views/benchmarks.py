"""Pages for importing other places' figures (issue 19), for the performance
administrator: upload, map a long-format source's columns, map unmapped
indicators to metrics, preview, apply, undo. Thin: the services write
(reports.services.benchmarks), the selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.core.errors import show_on_page
from coventry_pm.core.exceptions import ApplicationError, ConflictError
from reports.forms import ImportUndoForm
from reports.models import BenchmarkSource, ImportRun
from reports.opendata.benchmark_forms import (
    NEW_SOURCE,
    BenchmarkUploadForm,
    ColumnMappingForm,
    IndicatorMappingForm,
)
from reports.opendata.benchmark_plan import (
    NEW,
    REVISED,
    UNCHANGED,
    BenchmarkPlan,
)
from reports.opendata.benchmark_selectors import benchmark_runs_recent
from reports.opendata.long_format import suggest_mapping
from reports.services.benchmarks import (
    BenchmarkFileError,
    IndicatorChoice,
    benchmark_indicators_map,
    benchmark_run_apply,
    benchmark_run_preview,
    benchmark_run_replan,
    benchmark_run_undo,
    benchmark_source_create,
    benchmark_source_mapping_save,
    benchmark_undo_blockers,
    file_glimpse,
    run_data,
    run_plan,
    source_mapping,
)
from scorecard.domain.standings import possessive
from scorecard.models import Place

# How many rows of each kind the preview shows (the counts cover them all).
SHOWN = 10


def _require_administrator(request: HttpRequest) -> None:
    if not can_administer_performance(request.user):
        raise PermissionDenied


def _run(pk: int) -> ImportRun:
    return get_object_or_404(
        ImportRun.objects.select_related("benchmark_source", "created_by", "undone_by"),
        pk=pk,
        kind=ImportRun.Kind.BENCHMARK,
    )


def _next_step(run: ImportRun) -> HttpResponse:
    """After an upload or a mapping: the step the run needs next."""
    plan = run_plan(run)
    if plan is None:
        return redirect("reports:benchmark_mapping", pk=run.pk)
    if plan.unmapped and not plan.writes:
        return redirect("reports:benchmark_indicators", pk=run.pk)
    return redirect("reports:benchmark_preview", pk=run.pk)


def benchmark_list(request: HttpRequest) -> HttpResponse:
    """The imports of other places' figures, newest first."""
    _require_administrator(request)
    return render(
        request,
        "reports/benchmarks/list.html",
        {"runs": benchmark_runs_recent()},
    )


def benchmark_import(request: HttpRequest) -> HttpResponse:
    """Upload a file from a source (or a new one) for a dry-run preview."""
    _require_administrator(request)
    if request.method == "POST":
        form = BenchmarkUploadForm(request.POST, request.FILES)
    else:
        form = BenchmarkUploadForm(initial={"new_reader": "", "new_ids": ""})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        user = request.user
        try:
            source = data["source_object"]
            if data["source"] == NEW_SOURCE:
                source = benchmark_source_create(
                    name=data["new_name"],
                    reader=data["new_reader"],
                    ids=data["new_ids"],
                    user=user,  # type: ignore[arg-type]
                )
            run = benchmark_run_preview(
                upload=data["file"],
                source=source,
                metric=data["metric"],
                user=user,  # type: ignore[arg-type]
            )
        except BenchmarkFileError as error:
            form.add_error("file", f"{error.message}. Nothing was recorded.")
        except ValidationError as error:
            form.add_error("new_name", "; ".join(error.messages))
        else:
            return _next_step(run)
    return render(
        request,
        "reports/benchmarks/import.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def benchmark_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """Which column of a long-format source's files holds what: pre-filled from
    the file's headers, with its first rows; saved on the source."""
    _require_administrator(request)
    run = _run(pk)
    source = run.benchmark_source
    if source is None or source.reader != BenchmarkSource.Reader.LONG:
        return redirect("reports:benchmark_preview", pk=run.pk)
    headers, rows = file_glimpse(run_data(run))
    mapping = source_mapping(source) or suggest_mapping(headers)
    form = ColumnMappingForm(
        request.POST if request.method == "POST" else None,
        headers=headers,
        initial_mapping=mapping,
        initial={"version": source.version},
    )
    if form.is_bound and form.is_valid():
        try:
            benchmark_source_mapping_save(
                source=source,
                mapping=form.mapping(),
                version=form.cleaned_data["version"],
                user=request.user,  # type: ignore[arg-type]
            )
            if run.status == ImportRun.Status.PREVIEWED:
                run = benchmark_run_replan(
                    run=run,
                    user=request.user,  # type: ignore[arg-type]
                )
        except ConflictError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, "; ".join(error.messages))
        else:
            messages.success(
                request,
                f"The columns of {possessive(source.name)} files are kept.",
            )
            return _next_step(run)
    return render(
        request,
        "reports/benchmarks/mapping.html",
        {"run": run, "source": source, "form": form, "headers": headers, "rows": rows},
        status=400 if form.is_bound else 200,
    )


def benchmark_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicators the file brought that no metric is mapped to, with a metric
    to choose for each; the preview is planned again after."""
    _require_administrator(request)
    run = _run(pk)
    plan = run_plan(run)
    if plan is None:
        return redirect("reports:benchmark_mapping", pk=run.pk)
    form = IndicatorMappingForm(
        request.POST if request.method == "POST" else None, indicators=plan.unmapped
    )
    if form.is_bound and form.is_valid():
        try:
            benchmark_indicators_map(
                run=run,
                choices=[
                    IndicatorChoice(indicator.key, indicator.name, metric)
                    for indicator, metric in form.chosen()
                ],
                user=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            for key, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(form.field_of(key), message)
        except ApplicationError as error:
            show_on_page(request, error)
            return redirect("reports:benchmark_preview", pk=run.pk)
        else:
            return redirect("reports:benchmark_preview", pk=run.pk)
    assert run.benchmark_source is not None
    return render(
        request,
        "reports/benchmarks/indicators.html",
        {
            "run": run,
            "source": run.benchmark_source,
            "form": form,
            "where": run.benchmark_source.get_ids_display(),
        },
        status=400 if form.is_bound else 200,
    )


def _sections(plan: BenchmarkPlan) -> list[dict[str, object]]:
    sections = []
    for metric_plan in plan.metrics:
        kinds = []
        for change, title in (
            (NEW, "New figures"),
            (REVISED, "Revised figures (the next revision; the earlier is kept)"),
            (UNCHANGED, "Unchanged figures (nothing written)"),
        ):
            rows = metric_plan.of(change)
            if rows:
                kinds.append(
                    {
                        "change": change,
                        "title": title,
                        "count": len(rows),
                        "rows": rows[:SHOWN],
                        "hidden": max(len(rows) - SHOWN, 0),
                    }
                )
        sections.append(
            {"metric": metric_plan.metric, "counts": metric_plan.counts, "kinds": kinds}
        )
    return sections


def _preview(
    request: HttpRequest, run: ImportRun, *, undo_form: ImportUndoForm | None = None
) -> HttpResponse:
    plan = run_plan(run)
    applied = run.status == ImportRun.Status.APPLIED
    left_out = plan.left_out if plan else []
    return render(
        request,
        "reports/benchmarks/preview.html",
        {
            "run": run,
            "source": run.benchmark_source,
            "plan": plan,
            "sections": _sections(plan) if plan else [],
            "counts": plan.counts if plan else {},
            "left_out_counts": plan.left_out_counts if plan else {},
            "left_out": left_out[:SHOWN],
            "left_out_hidden": max(len(left_out) - SHOWN, 0),
            "new_places": [
                {"code": p.code, "name": p.name, "kind": Place.Kind(p.kind).label}
                for p in (plan.new_places[:20] if plan else [])
            ],
            "new_places_hidden": max(len(plan.new_places) - 20, 0) if plan else 0,
            "can_apply": bool(
                run.status == ImportRun.Status.PREVIEWED
                and plan is not None
                and plan.ok
                and plan.writes
            ),
            "blockers": benchmark_undo_blockers(run) if applied else [],
            "undo_form": undo_form or (ImportUndoForm() if applied else None),
            "form_errors": [
                (field, error) for field in (undo_form or []) for error in field.errors
            ],
            "undo": (run.report or {}).get("undo"),
            "mapping_url": (
                reverse("reports:benchmark_mapping", args=[run.pk])
                if run.benchmark_source
                and run.benchmark_source.reader == BenchmarkSource.Reader.LONG
                else ""
            ),
        },
        status=400 if undo_form is not None else 200,
    )


def benchmark_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What applying would change (or did), per metric; every error by row and
    column; Apply and Cancel."""
    _require_administrator(request)
    return _preview(request, _run(pk))


@require_POST
def benchmark_apply(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    run = _run(pk)
    try:
        run = benchmark_run_apply(run=run, user=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        show_on_page(request, error)
        return redirect("reports:benchmark_preview", pk=run.pk)
    if run.status == ImportRun.Status.APPLIED:
        messages.success(request, f"Import applied. {run.summary}")
    else:
        messages.error(request, "The import failed and changed nothing.")
    return redirect("reports:benchmark_preview", pk=run.pk)


@require_POST
def benchmark_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo an applied import as a whole, with a reason, once confirmed."""
    _require_administrator(request)
    run = _run(pk)
    form = ImportUndoForm(request.POST)
    if not form.is_valid():
        return _preview(request, run, undo_form=form)
    try:
        run = benchmark_run_undo(
            run=run,
            user=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
    except ApplicationError as error:
        show_on_page(request, error)
        return redirect("reports:benchmark_preview", pk=run.pk)
    messages.success(request, f"Import {run.pk} undone.")
    return redirect("reports:benchmark_preview", pk=run.pk)
