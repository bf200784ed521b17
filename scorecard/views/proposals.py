"""Agreeing metrics and targets: propose, comment, endorse (manager), agree (the
portfolio's cabinet member). Each button posts here and returns to the metric."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from coventry_pm.core.forms import add_service_errors
from scorecard import services
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


def _run(request: HttpRequest, action: object, done: str) -> None:
    try:
        action()  # type: ignore[operator]
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@require_POST
def metric_decide(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    metric = get_object_or_404(metrics_visible_to(user), code=code)
    decision = request.POST.get("decision")
    if decision == "endorse":
        _run(
            request,
            lambda: services.metric_endorse(
                metric=metric, user=user, expected_version=_version(request)
            ),
            "Endorsed: the cabinet member can now agree it.",
        )
    elif decision == "agree":
        _run(
            request,
            lambda: services.metric_agree(
                metric=metric, user=user, expected_version=_version(request)
            ),
            "Agreed: the metric is now used in assessments and reports.",
        )
    return redirect(metric)


@require_POST
def target_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    target = get_object_or_404(
        Target.objects.filter(metric__in=metrics_visible_to(user)), pk=pk
    )
    decision = request.POST.get("decision")
    if decision == "endorse":
        _run(
            request,
            lambda: services.target_endorse(
                target=target, user=user, expected_version=_version(request)
            ),
            f"Endorsed the {target.period} target.",
        )
    elif decision == "agree":
        _run(
            request,
            lambda: services.target_agree(
                target=target, user=user, expected_version=_version(request)
            ),
            f"Agreed the {target.period} target.",
        )
    return redirect(target.metric)


def target_propose(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    metric = get_object_or_404(metrics_visible_to(user), code=code)
    form = TargetProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_propose(
                metric=metric,
                period=form.cleaned_data["period"].strip(),
                text=form.cleaned_data["text"].strip(),
                user=user,
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
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
            lambda: services.comment_add(
                user=user, metric=metric, text=form.cleaned_data["text"], target=target
            ),
            "Comment added.",
        )
    else:
        messages.error(request, "Write a comment before sending it.")
    return redirect(metric)
