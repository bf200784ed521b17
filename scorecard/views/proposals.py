"""Agreeing metrics and targets: propose, comment, endorse (manager), agree (the
portfolio's cabinet member), withdraw (the proposer). Each button posts here and
returns to the metric; the buttons shown are scorecard.workflow.allowed_actions'.
Refusals are shown through coventry_pm.core.errors (the one adapter)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coventry_pm.accounts.models import User
from coventry_pm.core.errors import page_call
from scorecard import services
from scorecard.domain.periods import period_label
from scorecard.forms import CommentForm, TargetProposalForm
from scorecard.models import Target
from scorecard.selectors import metrics_visible_to


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _run(
    request: HttpRequest, service: Callable[..., Any], done: str, **kwargs: Any
) -> None:
    if page_call(request, service, **kwargs) is not None:
        messages.success(request, done)


# The buttons' decisions: the service each calls, and what is said when it is done.
METRIC_STEPS: dict[str, tuple[Callable[..., Any], str]] = {
    "endorse": (
        services.metric_endorse,
        "Endorsed: the cabinet member can now agree it.",
    ),
    "agree": (
        services.metric_agree,
        "Agreed: the metric is now used in assessments and reports.",
    ),
    "withdraw": (services.metric_withdraw, "Withdrawn: the proposal is closed."),
}
TARGET_STEPS: dict[str, tuple[Callable[..., Any], str]] = {
    "endorse": (services.target_endorse, "Endorsed the {period} target."),
    "agree": (services.target_agree, "Agreed the {period} target."),
    "withdraw": (services.target_withdraw, "Withdrew the {period} target."),
}


@require_POST
def metric_decide(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    metric = get_object_or_404(metrics_visible_to(user), code=code)
    step = METRIC_STEPS.get(request.POST.get("decision", ""))
    if step is not None:
        service, done = step
        _run(
            request,
            service,
            done,
            metric=metric,
            user=user,
            expected_version=_version(request),
        )
    return redirect(metric)


@require_POST
def target_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    target = get_object_or_404(
        Target.objects.filter(metric__in=metrics_visible_to(user)), pk=pk
    )
    step = TARGET_STEPS.get(request.POST.get("decision", ""))
    if step is not None:
        service, done = step
        _run(
            request,
            service,
            done.format(period=period_label(target.period)),
            target=target,
            user=user,
            expected_version=_version(request),
        )
    return redirect(target.metric)


def target_propose(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    metric = get_object_or_404(metrics_visible_to(user), code=code)
    form = TargetProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposed = page_call(
            request,
            services.target_propose,
            form=form,
            metric=metric,
            period=form.cleaned_data["period"].strip(),
            text=form.cleaned_data["text"].strip(),
            user=user,
        )
        if proposed is not None:
            messages.success(request, "Target proposed: your manager endorses it next.")
            return redirect(metric)
    return render(
        request, "scorecard/target_propose.html", {"form": form, "metric": metric}
    )


@require_POST
def comment_add(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    metric = get_object_or_404(metrics_visible_to(user), code=code)
    form = CommentForm(request.POST)
    if form.is_valid():
        target_id = request.POST.get("target")
        target = metric.targets.filter(pk=target_id).first() if target_id else None
        _run(
            request,
            services.comment_add,
            "Comment added.",
            user=user,
            metric=metric,
            text=form.cleaned_data["text"],
            target=target,
        )
    else:
        messages.error(request, "Write a comment before sending it.")
    return redirect(metric)
