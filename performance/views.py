"""The live performance pages (public: no sign-in) and the areas upload page.

Each public page renders its body from the selectors and caches it, keyed by the
data's fingerprint (performance/cache.py); the page around it (navigation, who is
signed in) is rendered for each request. Open-data downloads are cached the same
way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.audit.services import record_export
from performance import selectors
from performance.areas import AreaFileError
from performance.cache import cached, data_version
from performance.forms import AreaUploadForm
from performance.models import AreaLayout
from performance.services import area_layout_upload
from scorecard.charts import trend_charts
from scorecard.domain.periods import period_label
from scorecard.selectors import metric_assessments, trend_series
from strategies.models import Plan

public = login_not_required


def _plan_and_years(version: str) -> tuple[Plan | None, list[str]]:
    """The agreed plan and its report years (newest first), cached with the data."""

    return cached("plan-years", selectors.public_plan_and_years, version=version)


def _plan_and_year(request: HttpRequest, version: str) -> tuple[Plan, str]:
    plan, years = _plan_and_years(version)
    if plan is None:
        raise Http404("No plan has been agreed yet.")
    year = request.GET.get("year") or (years[0] if years else "")
    if not year or year not in years:
        raise Http404("No such report year.")
    return plan, year


def _published(code: str, version: str) -> bool:
    return cached(
        f"published:{code}",
        lambda: selectors.public_metric(code) is not None,
        version=version,
    )


def _page(
    request: HttpRequest,
    *,
    version: str,
    name: str,
    template: str,
    title: str | Callable[[dict[str, Any]], str],
    context: Callable[[], dict[str, Any] | None],
    charts: bool = False,
) -> HttpResponse:
    """The page, its title and body rendered from ``context()`` or read from the
    cache. A context of None is a 404 (remembered too, until the data changes)."""

    def build() -> tuple[str, str]:
        found = context()
        if found is None:
            return "", ""
        heading = title(found) if callable(title) else title
        return heading, render_to_string(template, found)

    # Keyed by what was validated (the page and its year), never by the raw query
    # string, so made-up parameters cannot fill the cache.
    heading, body = cached(name, build, version=version)
    if not body:
        raise Http404("Not published.")
    return render(
        request,
        "performance/page.html",
        {
            "title": heading,
            "body": mark_safe(body),  # noqa: S308 - our own template's output
            "charts": charts,
        },
    )


def _csv(request: HttpRequest, text: str, file_name: str) -> HttpResponse:
    # Public data: a download by someone signed in is an export the audit of
    # access records; an anonymous one is not a person's (and not recorded).
    if request.user.is_authenticated:
        record_export(request, file_name)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@public
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """/performance/: the plan's priorities with their headline metrics, the
    headline figures as infographics, and links to everything else."""
    version = data_version()
    plan, years = _plan_and_years(version)
    if plan is None or not years:
        return render(request, "performance/none.html", status=200)
    plan, year = _plan_and_year(request, version)

    def context() -> dict[str, Any]:
        return {
            "overview": selectors.live_overview(plan=plan, year=year, years=years),
            "years": years,
            "year": year,
        }

    return _page(
        request,
        version=version,
        name=f"overview:{year}",
        template="performance/overview.html",
        title=f"How Coventry is doing, {period_label(year)}",
        context=context,
    )


@public
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """Progress reports: the latest assessment of every headline metric, by
    priority, on one printable page."""
    version = data_version()
    plan, year = _plan_and_year(request, version)
    years = _plan_and_years(version)[1]
    return _page(
        request,
        version=version,
        name=f"progress:{year}",
        template="performance/progress.html",
        title=f"Progress report, {period_label(year)}",
        context=lambda: {
            "overview": selectors.live_overview(plan=plan, year=year, years=years),
            "year": year,
        },
    )


@public
@require_GET
def priority(request: HttpRequest, pk: int) -> HttpResponse:
    version = data_version()
    plan, year = _plan_and_year(request, version)
    years = _plan_and_years(version)[1]

    def context() -> dict[str, Any] | None:
        overview = selectors.live_overview(plan=plan, year=year, years=years)
        progress = next((p for p in overview.priorities if p.priority.pk == pk), None)
        if progress is None:
            return None
        chosen = progress.priority
        return {
            "plan": plan,
            "year": year,
            "progress": progress,
            "objectives": selectors.priority_objectives(chosen),
            "case_studies": selectors.priority_case_studies(chosen),
            "maps": selectors.maps_of([r.metric.pk for r in progress.rows]),
        }

    return _page(
        request,
        version=version,
        name=f"priority:{pk}:{year}",
        template="performance/priority.html",
        title=lambda found: str(found["progress"].priority.title),
        context=context,
    )


@public
@require_GET
def metric(request: HttpRequest, code: str) -> HttpResponse:
    """A metric's trend with its comparators and symbols, its maps and breakdowns,
    its publication schedule and its data."""
    version = data_version()
    plan, year = _plan_and_year(request, version)
    today = timezone.localdate()

    def context() -> dict[str, Any] | None:
        chosen = selectors.public_metric(code)
        if chosen is None:
            return None
        row = metric_assessments(metrics=[chosen], year=year, plan=plan)[0]
        # The metric's approved figures, read once for its trend, its breakdowns
        # and when it was last published.
        approved = selectors.approved_figures(chosen)
        trend = trend_series(chosen, approved=approved)
        target_level = (
            row.target.value if row.target and row.target.kind == "threshold" else None
        )
        breakdowns = selectors.latest_breakdowns(chosen, approved)
        layouts = selectors.area_layouts()
        drawn = [(b, selectors.breakdown_map(chosen, b, layouts)) for b in breakdowns]
        [schedule] = selectors.publication_schedule(
            today=today,
            plan=plan,
            year=year,
            metrics=[chosen],
            approved=approved,
            # metric_assessments read the plan's membership for the year.
            headline_ids={chosen.pk} if row.headline else set(),
        )
        return {
            "metric": chosen,
            "row": row,
            "year": year,
            "trend": trend,
            "trend_charts": trend_charts(chosen, trend, target_level),
            "breakdowns": drawn,
            "schedule": schedule,
            "case_studies": selectors.metric_case_studies(chosen),
        }

    return _page(
        request,
        version=version,
        # The publication schedule on the page changes with the day.
        name=f"metric:{code}:{year}:{today.isoformat()}",
        template="performance/metric.html",
        title=lambda found: str(found["metric"].name),
        context=context,
        charts=True,
    )


@public
@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    """When each metric's next figure is due and when it was last published."""
    version = data_version()
    plan, years = _plan_and_years(version)
    year = years[0] if years else None
    today = timezone.localdate()

    def context() -> dict[str, Any]:
        rows = selectors.publication_schedule(today=today, plan=plan, year=year)
        return {
            "rows": rows,
            "today": today,
            "overdue": sum(1 for r in rows if r.overdue),
        }

    return _page(
        request,
        version=version,
        # The schedule changes with the day as well as with the data.
        name=f"schedule:{today.isoformat()}",
        template="performance/schedule.html",
        title="Publication schedule",
        context=context,
    )


@public
@require_GET
def maps(request: HttpRequest) -> HttpResponse:
    """Every breakdown by area that an areas file covers, each with its table."""
    return _page(
        request,
        version=data_version(),
        name="maps",
        template="performance/maps.html",
        title="Maps",
        context=lambda: {
            "maps": selectors.maps_for(selectors.metrics_with_area_breakdowns())
        },
    )


# --- open data ---------------------------------------------------------------------


@public
@require_GET
def download_all(request: HttpRequest) -> HttpResponse:
    version = data_version()
    plan, year = _plan_and_year(request, version)
    text = cached(
        f"csv:all:{year}",
        lambda: selectors.tidy_csv(plan=plan, year=year),
        version=version,
    )
    return _csv(request, text, f"coventry-performance-{year}-tidy.csv")


@public
@require_GET
def download_priority(request: HttpRequest, pk: int) -> HttpResponse:
    version = data_version()
    plan, year = _plan_and_year(request, version)

    def build() -> str:
        chosen = selectors.public_priorities(plan).filter(pk=pk).first()
        if chosen is None:
            return ""
        codes = list(
            chosen.headline_memberships.filter(plan=plan, report_year=year)
            .order_by("sort_order")
            .values_list("metric__code", flat=True)
        )
        return selectors.tidy_csv(plan=plan, year=year, codes=codes)

    text = cached(f"csv:priority:{pk}:{year}", build, version=version)
    if not text:
        raise Http404("No such priority in the current plan.")
    return _csv(request, text, f"coventry-performance-{year}-priority-{pk}-tidy.csv")


@public
@require_GET
def download_metric(request: HttpRequest, code: str) -> HttpResponse:
    version = data_version()
    plan, year = _plan_and_year(request, version)
    if not _published(code, version):
        raise Http404("No such published metric.")
    text = cached(
        f"csv:metric:{code}:{year}",
        lambda: selectors.tidy_csv(plan=plan, year=year, codes=[code]),
        version=version,
    )
    return _csv(request, text, f"coventry-performance-{code}-{year}-tidy.csv")


SCHEDULE_COLUMNS = (
    "metric_code",
    "metric",
    "frequency",
    "headline",
    "last_period",
    "last_value",
    "published_on",
    "next_period",
    "next_due",
    "state",
    "days_overdue",
)


@public
@require_GET
def download_schedule(request: HttpRequest) -> HttpResponse:
    version = data_version()
    plan, years = _plan_and_years(version)
    today = timezone.localdate()

    def build() -> str:
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(SCHEDULE_COLUMNS)
        for row in selectors.publication_schedule(
            today=today, plan=plan, year=years[0] if years else None
        ):
            writer.writerow(
                [
                    row.metric.code,
                    row.metric.name,
                    row.metric.frequency,
                    "TRUE" if row.headline else "FALSE",
                    row.last_period or "",
                    row.last_value,
                    row.published_on.isoformat() if row.published_on else "",
                    row.entry.next_period,
                    row.entry.next_due.isoformat(),
                    row.entry.state.value,
                    str(row.entry.days_overdue),
                ]
            )
        return stream.getvalue()

    text = cached(f"csv:schedule:{today.isoformat()}", build, version=version)
    return _csv(request, text, f"coventry-publication-schedule-{today.isoformat()}.csv")


# --- areas (performance administrator) -------------------------------------------


def areas(request: HttpRequest) -> HttpResponse:
    """The areas files behind the maps; upload one to add or replace a layout."""
    user = request.user
    if not can_administer_performance(user):
        raise PermissionDenied
    assert isinstance(user, User)
    form = AreaUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            layout = area_layout_upload(
                breakdown=form.cleaned_data["breakdown"],
                name=form.cleaned_data["name"],
                data=upload.read(),
                file_name=upload.name or "",
                name_property=form.cleaned_data["name_property"],
                user=user,
            )
        except AreaFileError as error:
            for problem in error.problems:
                form.add_error("file", str(problem))
        else:
            messages.success(
                request,
                f"{layout.name}: {layout.areas.count()} areas saved. The maps use "
                "them now.",
            )
            return redirect("performance:areas")
    layouts = AreaLayout.objects.select_related("uploaded_by").prefetch_related("areas")
    return render(
        request,
        "performance/areas.html",
        {"form": form, "layouts": layouts},
        status=400 if form.errors else 200,
    )
