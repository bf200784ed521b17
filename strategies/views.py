"""Pages for the plan and its key strategies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from appraisals.selectors import objective_count_for_strategy
from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_read_any_metric, can_read_plan
from coventry_pm.core.errors import page_call
from scorecard.domain.assessment import summary_sentence
from scorecard.selectors import (
    by_priority,
    headline_assessments,
    metric_assessments,
    metrics_visible_to,
    summary_of,
)
from strategies import workflow
from strategies.forms import ActionUpdateForm, UpdateReviewForm
from strategies.models import Action
from strategies.permissions import can_edit_action
from strategies.selectors import (
    current_plan,
    plan_tree,
    plans_visible_to,
    report_years,
    strategies_visible_to,
    strategy_detail,
    updates_reviewed_by,
)
from strategies.services import (
    progress_update_approve,
    progress_update_return,
    progress_update_submit,
)


def plan_current(request: HttpRequest) -> HttpResponse:
    if not can_read_plan(request.user):
        raise PermissionDenied
    plan = current_plan()
    if plan is None:
        raise Http404("No plan has been set up yet.")
    return redirect(plan)


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The golden thread: priorities → objectives → strategies → headline metrics."""
    if not can_read_plan(request.user):
        raise PermissionDenied
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)  # type: ignore[arg-type]
    years = report_years(plan)
    year = request.GET.get("year") or (years[0] if years else "")
    if year and year not in years:
        raise Http404("The plan has no headline metrics for that year.")
    rows = headline_assessments(plan=plan, year=year) if year else []
    priorities = by_priority(rows, plan_tree(plan))
    unassigned = [r for r in rows if r.priority is None]
    summary = summary_of(rows)
    return render(
        request,
        "strategies/plan_detail.html",
        {
            "plan": plan,
            "year": year,
            "years": years,
            "priorities": priorities,
            "unassigned": unassigned,
            "summary": summary,
            "sentence": summary_sentence(summary),
            "versions": plan.revisions.all(),
        },
    )


def strategy_list(request: HttpRequest) -> HttpResponse:
    if not can_read_any_metric(request.user):
        raise PermissionDenied
    strategies = strategies_visible_to(request.user)  # type: ignore[arg-type]
    return render(request, "strategies/strategy_list.html", {"strategies": strategies})


def strategy_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = get_object_or_404(strategy_detail(request.user), pk=pk)  # type: ignore[arg-type]
    plan = current_plan()
    years = report_years(plan) if plan else []
    metric_ids = {
        m.pk for step in strategy.change_steps.all() for m in step.metrics.all()
    } | {m.pk for ap in strategy.action_plans.all() for m in ap.metrics.all()}
    rows = []
    if years:
        rows = metric_assessments(
            metrics=metrics_visible_to(request.user).filter(pk__in=metric_ids),  # type: ignore[arg-type]
            year=years[0],
            plan=plan,
        )
    assessed = {row.metric.pk: row for row in rows}
    steps = [
        {
            "step": step,
            "rows": [assessed[m.pk] for m in step.metrics.all() if m.pk in assessed],
        }
        for step in strategy.change_steps.all()
    ]
    return render(
        request,
        "strategies/strategy_detail.html",
        {
            "strategy": strategy,
            "staff_objective_count": objective_count_for_strategy(strategy),
            "steps": steps,
            "rows": rows,
            "year": years[0] if years else "",
        },
    )


def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer's update on an action: status, percentage and narrative, sent to
    their manager for approval."""
    user = request.user
    assert isinstance(user, User)
    action = get_object_or_404(
        Action.objects.select_related("action_plan__strategy", "owner"), pk=pk
    )
    if not can_edit_action(user, action):
        raise Http404("No action of yours has that number.")
    form = ActionUpdateForm(
        request.POST or None,
        initial={
            "status": action.status,
            "percent_complete": action.percent_complete,
            "version": action.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update = page_call(
            request,
            progress_update_submit,
            form=form,
            action=action,
            user=user,
            status=data["status"],
            percent_complete=data["percent_complete"],
            narrative=data["narrative"],
            expected_version=data["version"],
        )
        if update is None:
            action.refresh_from_db()  # a stale version: show it as it is now
        else:
            messages.success(request, f"Update on “{action}” sent for approval.")
            return redirect("scorecard:my_updates")
    return render(
        request,
        "strategies/action_update.html",
        {
            "action": action,
            "form": form,
            "updates": action.updates.select_related("author", "reviewed_by")[:10],
        },
    )


def update_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager approves or returns an action update: from the approvals page, or
    on the update's own page, where a refused decision comes back with why at the
    top of the form (after a stale version, the update as it is now)."""
    user = request.user
    assert isinstance(user, User)
    update = get_object_or_404(updates_reviewed_by(user), pk=pk)
    form = UpdateReviewForm(request.POST or None, initial={"version": update.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "approve":
            service, done = progress_update_approve, "Approved"
        else:
            service, done = progress_update_return, "Returned"
        reviewed = page_call(
            request,
            service,
            form=form,
            update=update,
            user=user,
            expected_version=data["version"],
            comment=data["comment"],
        )
        if reviewed is not None:
            messages.success(request, f"{done} the update on “{update.action}”.")
            return redirect("scorecard:approvals")
        update.refresh_from_db()
        # Decided again, it is a decision on the update as it is now.
        form.data = form.data.copy()
        form.data["version"] = str(update.version)
    return render(
        request,
        "strategies/update_review.html",
        {
            "update": update,
            "form": form,
            "allowed": workflow.allowed_actions(user, update),
        },
    )
