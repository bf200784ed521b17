"""Entering figures, submitting them, and approving them (officers and managers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_review_work
from coventry_pm.core.errors import page_call, show_on_page
from coventry_pm.core.exceptions import ApplicationError, ConflictError
from scorecard import services, workflow
from scorecard.charts import trend_charts
from scorecard.domain.figures import figure_period_error
from scorecard.domain.periods import Period, period_label, read_period
from scorecard.forms import (
    ApproveForm,
    MetricProposalForm,
    ReturnForm,
    SubmissionForm,
)
from scorecard.models import Submission
from scorecard.permissions import can_enter_figures
from scorecard.selectors import (
    approval_queue,
    data_due_for,
    editable_metrics,
    metric_assessment_preview,
    submissions_visible_to,
    trend_series,
)
from scorecard.services.values import metric_figure_check
from strategies import workflow as strategies_workflow
from strategies.models import ProgressUpdate
from strategies.selectors import (
    actions_needing_update,
    progress_updates_visible_to,
    updates_awaiting_review,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def my_updates(request: HttpRequest) -> HttpResponse:
    """An officer's list of what is due, overdue and returned, metrics and actions."""
    user = _user(request)
    if not can_enter_figures(user):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "scorecard/my_updates.html",
        {
            "due": data_due_for(user, today=today),
            "actions": actions_needing_update(user, today=today),
            "waiting": submissions_visible_to(user).filter(
                created_by=user, status=Submission.Status.SUBMITTED
            ),
            # The action updates one sent, awaiting approval, beside the figures.
            "updates_waiting": progress_updates_visible_to(user)
            .filter(author=user, approval=ProgressUpdate.Approval.SUBMITTED)
            .select_related("action__action_plan__strategy")
            .order_by("created_at"),
            "today": today,
        },
    )


def _breakdowns(form: SubmissionForm) -> list[services.BreakdownEntry]:
    return [services.BreakdownEntry(*row) for row in form.breakdown_rows()]


def _save(
    request: HttpRequest, form: SubmissionForm, **kwargs: Any
) -> Submission | None:
    """Run submission_save with the form's data; on a refusal, put the reason on
    the form (the person's input stays in it) and return None."""
    data = form.cleaned_data
    try:
        return services.submission_save(
            user=_user(request),
            value_text=data["value_text"].strip(),
            numerator=data["numerator"],
            denominator=data["denominator"],
            lower_ci=data["lower_ci"],
            upper_ci=data["upper_ci"],
            note=data["note"],
            breakdowns=_breakdowns(form),
            progress_override=data["progress_override"],
            target_status_override=data["target_status_override"],
            override_reason=data["override_reason"],
            expected_version=data["version"],
            **kwargs,
        )
    except ValidationError as error:
        show_on_page(request, _breakdown_errors_placed(form, error), form=form)
    except ApplicationError as error:
        show_on_page(request, error, form=form)
    return None


def _breakdown_errors_placed(
    form: SubmissionForm, error: ValidationError
) -> ValidationError:
    """Put each refused breakdown figure beside its row's figure field; the service
    names them all under "breakdowns" as "ward, Foleshill: <why>". What is left
    (anything not matched to a row) goes back to be shown as before."""
    if not hasattr(error, "error_dict") or "breakdowns" not in error.error_dict:
        return error
    errors = error.message_dict
    rows = form.numbered_breakdown_rows()  # before add_error drops cleaned data
    unplaced: list[str] = []
    for message in errors.pop("breakdowns"):
        for index, (breakdown, group, _) in rows:
            prefix = f"{breakdown}, {group}: "
            if message.startswith(prefix):
                form.add_error(f"group_value_{index}", message.removeprefix(prefix))
                break
        else:
            unplaced.append(message)
    if unplaced:
        errors["breakdowns"] = unplaced
    return ValidationError(errors)


def submission_new(request: HttpRequest, code: str, period: str) -> HttpResponse:
    user = _user(request)
    metric = get_object_or_404(editable_metrics(user), code=code)
    try:
        read = read_period(period)
    except ValueError as error:
        raise Http404(str(error)) from error
    normalised = str(read)
    if normalised != period:
        # One address per period: "2024-25 q2" and "Q2 2024-25" are 2024-25 Q2.
        return redirect("scorecard:submission_new", code, normalised)
    existing = (
        Submission.objects.filter(metric=metric, period=period)
        .exclude(status=Submission.Status.APPROVED)
        .first()
    )
    if existing is not None:
        return redirect("scorecard:submission", existing.pk)
    form = SubmissionForm(request.POST or None, metric=metric)
    if request.method == "POST" and form.is_valid():
        submission = _save(request, form, metric=metric, period=period)
        if submission is not None:
            messages.success(
                request,
                "Saved as a draft"
                + _readings(metric, form)
                + ". Check the calculated verdict, then submit it.",
            )
            return redirect("scorecard:submission", submission.pk)
    # Said before anything is typed; on a post, submission_save refuses it.
    not_started = None
    if request.method != "POST":
        not_started = figure_period_error(read, today=timezone.localdate())
    return render(
        request,
        "scorecard/submission_form.html",
        {
            "form": form,
            "metric": metric,
            "period": period,
            "not_started": not_started,
            **_context(metric),
        },
    )


def _readings(metric: Any, form: SubmissionForm) -> str:
    """How the saved figures were read, where shorthand was reinterpreted:
    " ('1,234' read as 1234)"; empty when every figure was taken as written."""
    written = [form.cleaned_data["value_text"].strip()] + [
        row[2] for row in form.breakdown_rows()
    ]
    said = [
        f"'{text}' {check.reading}"
        for text in written
        if (check := metric_figure_check(metric=metric, text=text)).reading
    ]
    return f" ({'; '.join(said)})" if said else ""


def _context(metric: Any, draft: Any = None) -> dict[str, Any]:
    """The trend (approved figures and comparators, with the draft figure) and the
    calculated verdict with the draft, for the person entering or reviewing it."""
    trend = trend_series(metric, draft=draft)
    row = None
    if draft is not None:
        year = str(Period.parse(draft.period).year())
        row = metric_assessment_preview(metric=metric, year=year, draft=draft)
    return {"row": row, "trend": trend, "trend_charts": trend_charts(metric, trend)}


# The review steps a manager posts, each from its own form and button.
_REVIEW_FORMS: dict[str, type[ApproveForm] | type[ReturnForm]] = {
    workflow.APPROVE: ApproveForm,
    workflow.RETURN: ReturnForm,
}


def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One submission: its figures, the calculated verdict and the recorded one, the
    trend; and a form for each step the workflow allows the person now (the
    officer edits and submits it, the manager approves or returns it)."""
    user = _user(request)
    submission = get_object_or_404(submissions_visible_to(user), pk=pk)
    metric = submission.metric
    allowed = workflow.allowed_actions(user, submission)
    posted = request.POST if request.method == "POST" else None
    # A review step is posted by its button: decision=approve or decision=return.
    step = posted.get("decision") if posted is not None else None
    if step is not None and step not in _REVIEW_FORMS:
        raise Http404("No such step.")
    if posted is not None:
        # Refused before the body is read (the 403 page).
        page_call(
            request,
            workflow.require_permission,
            user=user,
            record=submission,
            step=step or workflow.EDIT,
        )
    form = None
    stored = None
    if workflow.EDIT in allowed:
        if posted is not None and step is None:
            # Filled from the post: the stored figures are read only if the page
            # is shown again (a post that succeeds redirects).
            form = SubmissionForm(posted, metric=metric)
        else:
            stored = _stored(submission)
            form = SubmissionForm(
                initial=_initial(submission, stored[1], stored[2]), metric=metric
            )
    review_forms = {
        name: form_class(
            posted if step == name else None,
            initial={"version": submission.version},
            auto_id=f"{name}_%s",
        )
        for name, form_class in _REVIEW_FORMS.items()
        if name in allowed
    }
    conflict = None
    if request.method == "POST":
        try:
            outcome = _act(
                request, submission, form, review_forms.get(step or ""), step
            )
        except ConflictError as error:
            conflict = error.message
            submission.refresh_from_db()
            outcome = None
            for shown in (form, *review_forms.values()):
                if shown is not None:
                    shown.add_error(None, conflict)
        if outcome is not None:
            messages.success(request, outcome)
            target = (
                reverse("scorecard:approvals")
                if step is not None
                else reverse("scorecard:submission", args=[submission.pk])
            )
            return redirect(target)
    values, place, latest = stored or _stored(submission)
    return render(
        request,
        "scorecard/submission_detail.html",
        {
            "submission": submission,
            "metric": metric,
            "allowed": allowed,
            "place": place,
            "place_reading": _reading(metric, place),
            "breakdown_values": [v for k, v in sorted(latest.items()) if k[0]],
            "values": values,
            "form": form,
            "approve_form": review_forms.get(workflow.APPROVE),
            "return_form": review_forms.get(workflow.RETURN),
            "conflict": conflict,
            "history": submission.history.select_related("history_user")[:20],
            **_context(metric, draft=place),
        },
    )


def _stored(
    submission: Submission,
) -> tuple[list[Any], Any, dict[tuple[str, str], Any]]:
    """The submission's figures, every revision; the latest place figure; and the
    latest of each (breakdown, group)."""
    values = list(
        submission.values.order_by("breakdown", "breakdown_group", "revision")
    )
    latest: dict[tuple[str, str], Any] = {}
    for value in values:
        latest[(value.breakdown, value.breakdown_group)] = value
    return values, latest.get(("", "")), latest


def _reading(metric: Any, value: Any) -> str | None:
    """How a stored figure was read ("read as 1234"), None when taken as written."""
    if value is None:
        return None
    return metric_figure_check(metric=metric, text=value.value_text).reading


def _initial(
    submission: Submission, place: Any, latest: dict[tuple[str, str], Any]
) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "version": submission.version,
        "note": submission.note,
        "progress_override": submission.progress_override,
        "target_status_override": submission.target_status_override,
        "override_reason": submission.override_reason,
    }
    if place is not None:
        initial.update(
            value_text=place.value_text,
            numerator=place.numerator,
            denominator=place.denominator,
            lower_ci=place.lower_ci,
            upper_ci=place.upper_ci,
        )
    groups = [v for k, v in sorted(latest.items()) if k[0]]
    for index, value in enumerate(groups):
        initial[f"breakdown_{index}"] = value.breakdown
        initial[f"group_{index}"] = value.breakdown_group
        initial[f"group_value_{index}"] = value.value_text
    return initial


def _act(
    request: HttpRequest,
    submission: Submission,
    form: SubmissionForm | None,
    review_form: ApproveForm | ReturnForm | None,
    step: str | None,
) -> str | None:
    """Carry out the button pressed; a message on success, None to re-show (the
    refusal shown on its form, or in the page's messages when the step's form is
    not on the page)."""
    user = _user(request)
    name = f"{submission.metric.name}, {period_label(submission.period)}"
    if step is not None:
        if review_form is not None and not review_form.is_valid():
            return None
        data = review_form.cleaned_data if review_form is not None else {}
        review = (
            services.submission_approve
            if step == workflow.APPROVE
            else services.submission_return
        )
        try:
            review(
                submission=submission,
                user=user,
                expected_version=data.get("version"),
                comment=data.get("comment", ""),
            )
        except ConflictError:
            raise
        except (ApplicationError, ValidationError) as error:
            show_on_page(request, error, form=review_form)
            return None
        return f"{'Approved' if step == workflow.APPROVE else 'Returned'} {name}."
    if form is None:
        # Not editable now (submitted or approved): the policy says why.
        page_call(
            request, workflow.require, user=user, record=submission, step=workflow.EDIT
        )
        return None
    if not form.is_valid():
        return None
    saved = _save(
        request,
        form,
        metric=submission.metric,
        period=submission.period,
        submission=submission,
    )
    if saved is None:
        return None
    read = _readings(submission.metric, form)
    if "submit" in request.POST:
        try:
            services.submission_submit(
                submission=saved, user=user, expected_version=saved.version
            )
        except ConflictError:
            raise
        except (ApplicationError, ValidationError) as error:
            show_on_page(request, error, form=form)
            return None
        return f"Submitted{read}: it is awaiting approval."
    return f"Saved{read}."


@dataclass(frozen=True)
class QueuedFigure:
    """A submission in the approvals queue, with the verdict the rules give its
    figure and the one its officer recorded (an override or a confirmation), and
    why."""

    submission: Submission
    figure: str
    calculated: str
    recorded: str
    reason: str


def _queued_figure(submission: Submission) -> QueuedFigure:
    _, place, _ = _stored(submission)
    calculated = "No figure"
    if place is not None:
        year = str(Period.parse(submission.period).year())
        row = metric_assessment_preview(
            metric=submission.metric, year=year, draft=place
        )
        calculated = f"{row.progress.label}; {row.target_status.label}"
    recorded = "; ".join(
        label
        for label in (
            submission.get_progress_override_display(),
            submission.get_target_status_override_display(),
        )
        if label
    )
    return QueuedFigure(
        submission=submission,
        figure=place.value_text if place is not None else "",
        calculated=calculated,
        recorded=recorded,
        reason=submission.override_reason,
    )


def approvals(request: HttpRequest) -> HttpResponse:
    """A manager's queue: figures and action updates awaiting their approval, each
    figure with its calculated and recorded verdict; buttons only for the steps
    the workflow allows them."""
    user = _user(request)
    if not can_review_work(user):
        raise PermissionDenied
    updates = list(updates_awaiting_review(user))
    return render(
        request,
        "scorecard/approvals.html",
        {
            "figures": [_queued_figure(s) for s in approval_queue(user)],
            "updates": [
                (update, strategies_workflow.allowed_actions(user, update))
                for update in updates
            ],
        },
    )


def metric_propose(request: HttpRequest) -> HttpResponse:
    """An officer or manager proposes a new metric for their team."""
    user = _user(request)
    if not can_enter_figures(user):
        raise PermissionDenied
    form = MetricProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # No team named: the proposer's own, or one of a manager's service area
        # (services.proposal_team_id), as in the API.
        metric = page_call(
            request, services.metric_propose, form=form, user=user, **form.cleaned_data
        )
        if metric is not None:
            messages.success(
                request,
                "Proposed. Colleagues can comment; your manager endorses it and the "
                "cabinet member agrees it.",
            )
            return redirect(metric)
    return render(request, "scorecard/metric_propose.html", {"form": form})
