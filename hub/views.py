"""The Performance Hub (signed in): guidance pages, the library of metric
definitions, and links to each person's dashboards. The performance administrator
edits the guidance here; everyone signed in reads it and its history."""

from __future__ import annotations

import difflib
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_any_metric,
    is_member,
)
from coventry_pm.core.errors import show_on_page
from coventry_pm.core.exceptions import ApplicationError, ConflictError
from hub import selectors
from hub.forms import HubPageForm
from hub.markdown import render_markdown
from hub.models import HubPage
from hub.services import hub_page_save
from scorecard.models import Perspective


def _member(request: HttpRequest) -> User:
    user = request.user
    if not is_member(user):
        raise PermissionDenied
    return user


def index(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    pages = list(selectors.hub_pages())
    sections = [
        (label, [p for p in pages if p.section == key])
        for key, label in HubPage.Section.choices
    ]
    return render(
        request,
        "hub/index.html",
        {
            "sections": [(label, items) for label, items in sections if items],
            "dashboards": selectors.dashboards_for(user),
            "strategies": selectors.partner_strategies(user),
            "may_read_metrics": can_read_any_metric(user),
            "may_edit": can_administer_performance(user),
        },
    )


def page(request: HttpRequest, slug: str) -> HttpResponse:
    _member(request)
    chosen = get_object_or_404(selectors.hub_pages(), slug=slug)
    return render(
        request,
        "hub/page.html",
        {
            "page": chosen,
            "body": render_markdown(chosen.body),
            "may_edit": can_administer_performance(request.user),
        },
    )


def _edit(request: HttpRequest, chosen: HubPage | None) -> HttpResponse:
    user = _member(request)
    if not can_administer_performance(user):
        raise PermissionDenied
    initial: dict[str, Any] = {"version": chosen.version} if chosen else {}
    theirs: HubPage | None = None
    form = HubPageForm(request.POST or None, instance=chosen, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version",)}
        reason = data.pop("reason")
        try:
            saved = hub_page_save(
                user=user,
                page=chosen,
                expected_version=form.cleaned_data.get("version"),
                reason=reason,
                **data,
            )
        except ConflictError as error:
            # Keep what they typed, show the other person's version, and take the
            # current version so that saving again is a deliberate overwrite.
            assert chosen is not None
            chosen.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(chosen.version)
            form = HubPageForm(data, instance=chosen)
            form.is_valid()
            show_on_page(request, error, form=cast(forms.Form, form))
            theirs = chosen
        except (ApplicationError, ValidationError) as error:
            show_on_page(request, error, form=cast(forms.Form, form))
        else:
            messages.success(request, f"“{saved.title}” saved.")
            return redirect(saved)
    return render(
        request,
        "hub/edit.html",
        {
            "form": form,
            "page": chosen,
            "preview": render_markdown(form["body"].value() or "")
            if request.method == "POST"
            else None,
            "theirs": theirs,
            "theirs_body": render_markdown(theirs.body) if theirs else None,
        },
        status=400 if form.errors else 200,
    )


def page_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, get_object_or_404(HubPage, slug=slug))


def page_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version of a page: who, when, why, and what changed in its text."""
    _member(request)
    chosen = get_object_or_404(HubPage, slug=slug)
    versions = list(
        chosen.history.select_related("history_user").order_by("history_id")
    )
    changes = []
    before = None
    for version in versions:
        lines: list[str] = []
        if before is not None:
            lines = list(
                difflib.unified_diff(
                    before.body.splitlines(),
                    version.body.splitlines(),
                    lineterm="",
                    n=1,
                )
            )[2:]
            if before.title != version.title:
                lines.insert(0, f"Title: “{before.title}” → “{version.title}”")
        changes.append({"version": version, "diff": lines})
        before = version
    changes.reverse()
    return render(request, "hub/history.html", {"page": chosen, "changes": changes})


def metric_library(request: HttpRequest) -> HttpResponse:
    """The library of metric definitions: one definition serves every strategy and
    report that uses it."""
    user = _member(request)
    if not can_read_any_metric(user):
        raise PermissionDenied
    metrics = selectors.metric_library(user)
    perspective = request.GET.get("perspective", "")
    if perspective in Perspective.values:
        metrics = metrics.filter(perspective=perspective)
    query = request.GET.get("q", "").strip()
    if query:
        metrics = metrics.filter(name__icontains=query)
    metric_list = list(metrics)
    grouped = [
        (label, [m for m in metric_list if m.perspective == key])
        for key, label in Perspective.choices
    ]
    return render(
        request,
        "hub/metric_library.html",
        {
            "groups": [(label, items) for label, items in grouped if items],
            "count": len(metric_list),
            "perspectives": Perspective.choices,
            "perspective": perspective,
            "query": query,
        },
    )
