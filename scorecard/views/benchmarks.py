"""Where we stand among other places (issue 19, item 4): the benchmark panel on a
metric's page, and the view per priority. Thin: ``scorecard.benchmarking`` reads,
``scorecard.dotplot`` draws."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from coventry_pm.accounts.permissions import can_administer_performance
from scorecard.benchmarking import (
    PRIORITY_SORTS,
    BenchmarkPanel,
    benchmark_panel,
    figure_text,
    priority_benchmark_years,
    priority_benchmarks,
)
from scorecard.domain.periods import Period, period_label
from scorecard.dotplot import Dot, Mark, dot_plot
from scorecard.models import Metric
from scorecard.permissions import may_read_benchmarking
from scorecard.views.years import chosen_year
from strategies.models import Priority


def _url(name: str) -> str:
    """The URL of a page another part builds, or "" while it is not there."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _picture(panel: BenchmarkPanel) -> str:
    standing = panel.standing
    published = None
    if standing.published_number is not None:
        published = Mark("Published figure", standing.published_number)
    median = (
        f" The group's median is {figure_text(standing.median)}."
        if standing.median is not None
        else ""
    )
    return dot_plot(
        dots=[
            Dot(p.code, p.name, p.value, p.lower, p.upper, p.is_home)
            for p in panel.places
            if p.value is not None
        ],
        direction=panel.direction.value,
        title=f"{panel.metric.name}: {panel.group.name}, {period_label(panel.period)}",
        description=f"{panel.sentence}{median} {panel.direction_words}. "
        "The table after the picture lists every figure.",
        unit=panel.metric.unit,
        median=standing.median,
        published=published,
        element_id="benchmark-plot",
    )


def benchmark_panel_context(request: HttpRequest, metric: Metric) -> dict[str, Any]:
    """What the metric page's "How we compare" section shows, for the group and
    period asked for (?group=, ?period=); a group or period with no standing is a
    404. Who reads benchmarking (may_read_benchmarking) sees it: a partner, who
    reads the metric's page, is shown no section (no query is made)."""
    if not may_read_benchmarking(request.user):
        return {"shown": False}
    asked_group = request.GET.get("group", "")
    asked_period = request.GET.get("period", "")
    if asked_group and not (asked_group.isascii() and asked_group.isdigit()):
        raise Http404("No such comparator group.")
    if asked_period:
        try:
            Period.parse(asked_period)
        except ValueError as error:
            raise Http404("No such period.") from error
    try:
        panel = benchmark_panel(
            metric,
            group=int(asked_group[:18]) if asked_group else None,
            period=asked_period or None,
        )
    except LookupError as error:
        raise Http404("The metric has no standing there.") from error
    admin = can_administer_performance(request.user)
    return {
        "shown": True,
        "panel": panel,
        "picture": mark_safe(_picture(panel)) if panel else "",  # noqa: S308 - ours, escaped
        "home_name": settings.HOME_AREA_NAME,
        "administers": admin,
        "groups_url": _url("scorecard:group_list") if admin else "",
        "import_url": _url("reports:benchmark_import") if admin else "",
    }


def priority_benchmarks_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Each headline metric of a priority with where we stand: rank, quartile,
    band and comparison in the group shown for it, sortable by column (?sort=,
    ?order=desc), for a report year (?year=, the newest with standings). Who
    reads benchmarking reads it (the plan dashboard's readers; not a partner)."""
    if not may_read_benchmarking(request.user):
        raise PermissionDenied
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    years = priority_benchmark_years(plan_id=priority.plan_id, priority_id=priority.pk)
    year = chosen_year(request, years)
    sort = request.GET.get("sort", "metric")
    if sort not in PRIORITY_SORTS:
        sort = "metric"
    descending = request.GET.get("order") == "desc"
    rows = (
        priority_benchmarks(
            plan_id=priority.plan_id,
            priority_id=priority.pk,
            year=year,
            sort=sort,
            descending=descending,
        )
        if year
        else []
    )
    columns = []
    for key, label in (
        ("metric", "Metric"),
        ("rank", "Rank"),
        ("quartile", "Quartile"),
        ("band", "Band"),
        ("comparison", "Compared with the benchmark"),
        ("group", "Group and version"),
    ):
        current = key == sort
        order = "asc" if current and descending else ("desc" if current else "asc")
        columns.append(
            {
                "key": key,
                "label": label,
                "sorted": ("descending" if descending else "ascending")
                if current
                else "",
                "query": f"?year={year}&sort={key}&order={order}",
            }
        )
    return render(
        request,
        "scorecard/benchmarks/priority.html",
        {
            "priority": priority,
            "plan": priority.plan,
            "year": year,
            "years": sorted({*years, year} - {""}, reverse=True),
            "rows": rows,
            "columns": columns,
            "sort": sort,
            "descending": descending,
            "home_name": settings.HOME_AREA_NAME,
            "with_standing": sum(1 for r in rows if r.standing is not None),
        },
    )
