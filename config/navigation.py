"""The main navigation (a context processor): only the places this person may go.

The composition root names every app's entries, in the order they are shown, and
asks each app's permission rules who sees them (ADR 0001: one list in one place,
rather than entries registered from each app, whose order would hang on the order
the apps load)."""

from django.http import HttpRequest
from django.urls import reverse

from appraisals.selectors import appraisal_navigation
from coventry_pm.accounts.models import Role
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_any_metric,
    can_read_plan,
    is_member,
)
from coventry_pm.core.todo import known_count
from scorecard.permissions import can_enter_figures, may_review_figures


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main navigation: only the places this person may go."""
    user = getattr(request, "user", None)
    if user is None or not is_member(user):
        return {}
    items = [("Home", reverse("home"))]
    if can_enter_figures(user):
        items += [("My updates", reverse("scorecard:my_updates"))]
    if may_review_figures(user):
        items += [("Approvals", reverse("scorecard:approvals"))]
    if may_review_figures(user) or can_administer_performance(user):
        items += [("Service dashboard", reverse("scorecard:service_dashboard"))]
    if can_read_plan(user):
        items += [
            ("The plan", reverse("strategies:plan_current")),
            ("Plan dashboard", reverse("scorecard:plan_dashboard")),
            ("Scorecard", reverse("scorecard:scorecard_current")),
        ]
    if can_read_any_metric(user):
        items += [
            ("Key strategies", reverse("strategies:strategy_list")),
            ("Metrics", reverse("scorecard:metric_list")),
        ]
    items += [("Reports", reverse("reports:report_list"))]
    items += appraisal_navigation(user)
    if can_administer_performance(user):
        items += [
            ("Import open data", reverse("reports:import_list")),
            ("Comparator groups", reverse("scorecard:group_list")),
            ("Other places' figures", reverse("reports:benchmark_list")),
            ("Review verdicts", reverse("reports:review")),
            ("Audit of access", reverse("audit:access_event_list")),
            ("Background tasks", reverse("core:task_failures")),
        ]
    if can_administer_performance(user) or user.is_staff:
        items += [("Administration", reverse("admin:index"))]
    path = request.path
    home = reverse("home")
    # How many things wait for this person (their to-do list, on the home page),
    # when known since the last change: the home page works it out.
    waiting = known_count(user) or 0
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "current": path == url or (url != "/" and path.startswith(url)),
                "count": waiting if url == home else 0,
            }
            for label, url in items
        ],
        "nav_roles": [Role(key).label for key in sorted(user.role_keys)],
    }
