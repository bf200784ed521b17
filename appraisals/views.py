"""Appraisal pages: my appraisal, its forms, the team page and completion.

Thin: each view scopes what it reads with the selectors (an appraisal someone may
not read is a 404), asks the workflow (appraisals/workflow.py) whether the person may
take the step at all (a 403 before any form is read), calls one service for a
change, and shows the service's refusals through the one adapter
(coventry_pm.core.errors): a 403, or a message beside the form. What the pages
offer is what ``workflow.allowed_actions`` allows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from appraisals import permissions, selectors, services, workflow
from appraisals.forms import (
    DevelopmentNeedsForm,
    ObjectiveForm,
    OneToOneForm,
    RatingsForm,
    ReviewForm,
    VersionForm,
)
from appraisals.models import Appraisal, AppraisalRating, year_start
from coventry_pm.accounts.models import Directorate, Team, User
from coventry_pm.core.errors import page_call, show_on_page
from coventry_pm.core.exceptions import ApplicationError, ConflictError


def _user(request: HttpRequest) -> User:
    user = request.user
    if not permissions.can_use_appraisals(user):  # type: ignore[arg-type]
        raise PermissionDenied
    return user  # type: ignore[return-value]


def _appraisal(request: HttpRequest, pk: int) -> Appraisal:
    """The appraisal if this person may read it; a 404 otherwise, so whether it
    exists is not revealed."""
    user = request.user
    if not permissions.can_use_appraisals(user):  # type: ignore[arg-type]
        raise Http404
    return get_object_or_404(selectors.appraisal_detail(user), pk=pk)  # type: ignore[arg-type]


def _attempt(request: HttpRequest, form: Form, action: Callable[[], Any]) -> Any:
    """Run a service and return what it returns, or None when it refused: the one
    adapter (coventry_pm.core.errors) shows the refusal on the form, or the 403
    page for someone who may not make the change at all."""
    try:
        return action()
    except ConflictError as error:
        current = error.extra.get("current_version")
        if current is not None and form.is_bound:
            # Resubmitting after reading their version is a deliberate choice.
            form.data = form.data.copy()
            form.data["version"] = str(current)
        show_on_page(request, error, form=form)
    except (ApplicationError, ValidationError) as error:
        show_on_page(request, error, form=form)
    return None


def _today() -> Any:
    return timezone.localdate()


# --------------------------------------------------------------------------------
# My appraisal and its page
# --------------------------------------------------------------------------------


def mine(request: HttpRequest) -> HttpResponse:
    """This year's appraisal of the person signed in, or the page to start it."""
    user = _user(request)
    year = selectors.current_year()
    appraisal = selectors.own_appraisal(user, year)
    if appraisal is not None:
        return redirect(appraisal)
    return render(
        request,
        "appraisals/start.html",
        {
            "year": year,
            "earlier": selectors.own_appraisals(user),
            "can_start": workflow.may_start(user, user),
            "form": Form(),
        },
    )


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start this year's appraisal: your own, or (a line manager) a report's."""
    user = _user(request)
    employee = user
    if request.POST.get("employee"):
        try:
            employee_id = int(request.POST["employee"])
        except ValueError as error:
            raise Http404 from error
        if employee_id not in permissions.report_ids(user):
            raise Http404
        employee = get_object_or_404(User, pk=employee_id)
    # No form to show a refusal on: it is in the page's messages.
    appraisal = page_call(
        request, services.appraisal_start, employee=employee, user=user
    )
    if appraisal is not None:
        messages.success(request, f"The {appraisal.year} appraisal is started.")
        return redirect(appraisal)
    return redirect("appraisals:mine" if employee == user else "appraisals:team")


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = _appraisal(request, pk)
    user: User = request.user  # type: ignore[assignment]
    ratings = list(appraisal.ratings.all())
    one_to_ones = list(appraisal.one_to_ones.all())
    last = max((o.date for o in one_to_ones), default=None)
    objectives = list(appraisal.objectives.all())
    appraisal.has_objectives = bool(objectives)  # type: ignore[attr-defined]
    return render(
        request,
        "appraisals/detail.html",
        {
            "appraisal": appraisal,
            "objectives": objectives,
            "values": [r for r in ratings if r.kind == AppraisalRating.Kind.VALUE],
            "behaviours": [
                r for r in ratings if r.kind == AppraisalRating.Kind.BEHAVIOUR
            ],
            "one_to_ones": one_to_ones,
            "last_one_to_one": last,
            "one_to_one_due": None
            if appraisal.status == Appraisal.Status.SIGNED_OFF
            else selectors.one_to_one_due(appraisal, last),
            "one_to_one_overdue": selectors.one_to_one_overdue(
                appraisal, last, _today()
            ),
            "is_own": appraisal.employee_id == user.pk,
            "actions": workflow.allowed_actions(user, appraisal),
            "next_step": workflow.next_step(user, appraisal),
            "today": _today(),
            "other_years": selectors.appraisals_visible_to(user)
            .filter(employee_id=appraisal.employee_id)
            .exclude(pk=appraisal.pk),
            "version_form": VersionForm(
                initial={"version": appraisal.version}, auto_id=False
            ),
        },
    )


def _refuse_unless_may(user: User, appraisal: Appraisal, action: str) -> None:
    """A 403 for someone who may never take this step on this appraisal; one who
    may, but not now, is told why by the service when they submit."""
    if not workflow.may_ever(user, appraisal, action):
        raise PermissionDenied


# --------------------------------------------------------------------------------
# The employee's forms
# --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def objective_add(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = _appraisal(request, pk)
    user: User = request.user  # type: ignore[assignment]
    _refuse_unless_may(user, appraisal, workflow.EDIT_OBJECTIVES)
    form = ObjectiveForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            form,
            lambda: services.appraisal_objective_create(
                appraisal=appraisal, user=user, **form.service_fields()
            ),
        )
    ):
        messages.success(request, "Objective added.")
        return redirect(appraisal)
    return render(
        request,
        "appraisals/objective_form.html",
        {"appraisal": appraisal, "form": form, "title": "Add an objective"},
    )


@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if not permissions.can_use_appraisals(user):  # type: ignore[arg-type]
        raise Http404
    objective = get_object_or_404(selectors.objectives_visible_to(user), pk=pk)  # type: ignore[arg-type]
    appraisal = objective.appraisal
    _refuse_unless_may(user, appraisal, workflow.EDIT_OBJECTIVES)  # type: ignore[arg-type]
    if request.method == "POST":
        form = ObjectiveForm(request.POST)
        if form.is_valid() and _attempt(
            request,
            form,
            lambda: services.appraisal_objective_update(
                objective=objective,
                user=user,  # type: ignore[arg-type]
                expected_version=form.cleaned_data["version"] or 0,
                fields=form.service_fields(),
            ),
        ):
            messages.success(request, "Objective saved.")
            return redirect(appraisal)
        objective.refresh_from_db()
    else:
        form = ObjectiveForm(initial=ObjectiveForm.initial_for(objective))
    return render(
        request,
        "appraisals/objective_form.html",
        {
            "appraisal": appraisal,
            "form": form,
            "objective": objective,
            "title": "Change an objective",
        },
    )


@require_http_methods(["GET", "POST"])
def ratings(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = _appraisal(request, pk)
    user: User = request.user  # type: ignore[assignment]
    _refuse_unless_may(user, appraisal, workflow.RATE)
    as_manager = permissions.is_line_manager_for(user, appraisal)
    rows = list(appraisal.ratings.all())
    form = RatingsForm(
        request.POST or None,
        ratings=rows,
        as_manager=as_manager,
        initial={"version": appraisal.version},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            form,
            lambda: services.appraisal_ratings_update(
                appraisal=appraisal,
                user=user,
                expected_version=form.cleaned_data["version"],
                ratings=form.ratings(),
            ),
        )
    ):
        messages.success(request, "Ratings saved.")
        return redirect(appraisal)
    return render(
        request,
        "appraisals/ratings_form.html",
        {"appraisal": appraisal, "form": form, "as_manager": as_manager},
    )


@require_http_methods(["GET", "POST"])
def development(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = _appraisal(request, pk)
    user: User = request.user  # type: ignore[assignment]
    _refuse_unless_may(user, appraisal, workflow.EDIT_DEVELOPMENT_NEEDS)
    form = DevelopmentNeedsForm(
        request.POST or None,
        initial={
            "version": appraisal.version,
            "development_needs": appraisal.development_needs,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            form,
            lambda: services.appraisal_development_needs_update(
                appraisal=appraisal,
                user=user,
                expected_version=form.cleaned_data["version"],
                development_needs=form.cleaned_data["development_needs"],
            ),
        )
    ):
        messages.success(request, "Development needs saved.")
        return redirect(appraisal)
    return render(
        request,
        "appraisals/text_form.html",
        {
            "appraisal": appraisal,
            "form": form,
            "title": "Development needs",
            "saved": [("Saved now", appraisal.development_needs)],
        },
    )


@require_http_methods(["GET", "POST"])
def one_to_one_add(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = _appraisal(request, pk)
    user: User = request.user  # type: ignore[assignment]
    _refuse_unless_may(user, appraisal, workflow.RECORD_ONE_TO_ONE)
    form = OneToOneForm(request.POST or None, objectives=appraisal.objectives.all())
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            form,
            lambda: services.one_to_one_record(
                appraisal=appraisal,
                user=user,
                date=form.cleaned_data["date"],
                notes=form.cleaned_data["notes"],
                progress=form.progress(),
            ),
        )
    ):
        messages.success(request, "One-to-one recorded.")
        return redirect(appraisal)
    return render(
        request,
        "appraisals/one_to_one_form.html",
        {"appraisal": appraisal, "form": form},
    )


# --------------------------------------------------------------------------------
# The manager's steps, and sign-off
# --------------------------------------------------------------------------------

REVIEWS = {
    "mid-year": (
        "Mid-year review",
        "mid_year_review",
        services.appraisal_mid_year_review,
        workflow.MID_YEAR_REVIEW,
    ),
    "year-end": (
        "Year-end review",
        "year_end_review",
        services.appraisal_year_end_review,
        workflow.YEAR_END_REVIEW,
    ),
}


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    if stage not in REVIEWS:
        raise Http404
    title, field, service, step = REVIEWS[stage]
    appraisal = _appraisal(request, pk)
    user: User = request.user  # type: ignore[assignment]
    _refuse_unless_may(user, appraisal, step)
    form = ReviewForm(
        request.POST or None,
        initial={"version": appraisal.version, "review": getattr(appraisal, field)},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            form,
            lambda: service(
                appraisal=appraisal,
                user=user,
                expected_version=form.cleaned_data["version"],
                review=form.cleaned_data["review"],
            ),
        )
    ):
        messages.success(request, f"{title} saved.")
        return redirect(appraisal)
    return render(
        request,
        "appraisals/text_form.html",
        {
            "appraisal": appraisal,
            "form": form,
            "title": title,
            "saved": [("Saved now", getattr(appraisal, field))],
        },
    )


def _step(
    request: HttpRequest, pk: int, step: str, action: Callable[..., Any], done: str
) -> HttpResponse:
    """A step taken by a button on the appraisal's page; its refusal is shown there
    (in the page's messages)."""
    appraisal = _appraisal(request, pk)
    _refuse_unless_may(request.user, appraisal, step)  # type: ignore[arg-type]
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Reload the page and try again.")
    elif page_call(
        request,
        action,
        appraisal=appraisal,
        user=request.user,
        expected_version=form.cleaned_data["version"],
    ):
        messages.success(request, done)
    return redirect(appraisal)


@require_POST
def agree_objectives(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        workflow.AGREE_OBJECTIVES,
        services.appraisal_objectives_agree,
        "Objectives agreed.",
    )


@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, workflow.SIGN_OFF, services.appraisal_sign_off, "Appraisal signed."
    )


# --------------------------------------------------------------------------------
# Team appraisals and completion
# --------------------------------------------------------------------------------


def _year(request: HttpRequest) -> str:
    year = request.GET.get("year") or selectors.current_year()
    try:
        year_start(year)
    except ValueError as error:
        raise Http404("Not a financial year.") from error
    return year


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def team(request: HttpRequest) -> HttpResponse:
    """Appraisals of the people below a manager (HR: everyone), with overdue
    one-to-ones and steps."""
    user = _user(request)
    if not permissions.can_view_team_appraisals(user):
        raise PermissionDenied
    year = _year(request)
    team_id, directorate_id = _int(request, "team"), _int(request, "directorate")
    rows = selectors.team_appraisal_rows(
        user,
        year=year,
        today=_today(),
        team_id=team_id,
        directorate_id=directorate_id,
    )
    return render(
        request,
        "appraisals/team.html",
        {
            "year": year,
            "is_current_year": year == selectors.current_year(),
            "entries": _with_next_steps(user, rows),
            "overdue": [r for r in rows if r.one_to_one_overdue],
            "direct_reports": {
                r.person.pk for r in rows if r.person.line_manager_id == user.pk
            },
            "is_hr": permissions.is_hr(user),
            "teams": Team.objects.select_related("service")
            if permissions.is_hr(user)
            else [],
            "directorates": Directorate.objects.all()
            if permissions.is_hr(user)
            else [],
            "team_id": team_id,
            "directorate_id": directorate_id,
        },
    )


def _with_next_steps(
    user: User, rows: list[selectors.TeamRow]
) -> list[tuple[selectors.TeamRow, workflow.Step | None]]:
    """Each row with the step of its appraisal that is this person's to take now
    (at most one query, for which drafts have objectives, however many rows)."""
    # Only a line manager agrees objectives: the drafts of their direct reports.
    drafts = [
        row.appraisal.pk
        for row in rows
        if row.appraisal is not None
        and row.appraisal.status == Appraisal.Status.DRAFT
        and row.person.line_manager_id == user.pk
    ]
    with_objectives = (
        set(
            Appraisal.objects.filter(pk__in=drafts, objectives__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        )
        if drafts
        else set()
    )
    entries: list[tuple[selectors.TeamRow, workflow.Step | None]] = []
    for row in rows:
        step = None
        if row.appraisal is not None:
            row.appraisal.employee = row.person  # already read: no query a row
            row.appraisal.has_objectives = row.appraisal.pk in with_objectives  # type: ignore[attr-defined]
            step = workflow.next_step(user, row.appraisal)
        entries.append((row, step))
    return entries


def completion(request: HttpRequest) -> HttpResponse:
    """Completion of appraisals and one-to-ones by directorate and team: all staff
    for HR, the people below them for a manager. Counts only."""
    user = _user(request)
    if not permissions.can_view_team_appraisals(user):
        raise PermissionDenied
    year = _year(request)
    return render(
        request,
        "appraisals/completion.html",
        {
            "report": selectors.completion_report(user, year=year, today=_today()),
            "year": year,
            "is_hr": permissions.is_hr(user),
            "interval": selectors.ONE_TO_ONE_INTERVAL_DAYS,
        },
    )
