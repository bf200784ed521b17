"""Reads for the Hub: its pages, the library of metric definitions, and the
dashboards and strategies each person may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from coventry_pm.accounts.models import Role, User
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_plan,
)
from hub.models import HubPage
from reports.permissions import can_read_seminar_pack
from reports.selectors import report_snapshots_visible_to
from scorecard.models import Metric
from scorecard.selectors import metrics_visible_to
from strategies.models import Strategy
from strategies.selectors import strategies_visible_to


def hub_pages() -> QuerySet[HubPage]:
    return HubPage.objects.select_related("updated_by")


def metric_library(user: User) -> QuerySet[Metric]:
    """Agreed metric definitions this person may read (a partner: their
    strategies' metrics)."""
    return (
        metrics_visible_to(user)
        .filter(status=Metric.Status.AGREED)
        .prefetch_related("objectives")
        .order_by("perspective", "name")
    )


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    description: str


def dashboards_for(user: User) -> list[Link]:
    """The dashboards and packs this person may open, in the order they would
    reach for them (DESIGN.md section 4)."""
    links: list[Link] = []
    if user.has_role(Role.OFFICER, Role.MANAGER):
        links.append(
            Link(
                "My updates",
                reverse("scorecard:my_updates"),
                "Figures and actions you owe, overdue first.",
            )
        )
    if user.has_role(Role.MANAGER, Role.PERFORMANCE_ADMIN):
        links.append(
            Link(
                "Service dashboard",
                reverse("scorecard:service_dashboard"),
                "Your service's scorecard, what is off target, approvals and "
                "data-collection health.",
            )
        )
    if can_read_plan(user):
        links.append(
            Link(
                "Plan dashboard",
                reverse("scorecard:plan_dashboard"),
                "Each priority's headline metrics, trends, case studies and "
                "inequalities.",
            )
        )
        links.append(
            Link(
                "Balanced scorecard",
                reverse("scorecard:scorecard_current"),
                "The plan's metrics by perspective.",
            )
        )
    if can_read_seminar_pack(user):
        latest = report_snapshots_visible_to(user).first()
        if latest is not None:
            links.append(
                Link(
                    "Members' seminar pack",
                    reverse("reports:seminar", args=[latest.pk]),
                    f"The seminar pack of the {latest.title}.",
                )
            )
    links.append(
        Link(
            "Annual performance reports",
            reverse("reports:report_list"),
            "Published reports (and drafts, for members and the insight team).",
        )
    )
    if can_administer_performance(user):
        links.append(
            Link(
                "Areas for maps",
                reverse("performance:areas"),
                "Upload the ward layout or boundaries the live pages' maps use.",
            )
        )
    links.append(
        Link(
            "Live performance pages",
            reverse("performance:overview"),
            "What the public sees: approved figures, the publication schedule "
            "and maps.",
        )
    )
    return links


def partner_strategies(user: User) -> QuerySet[Strategy]:
    """The strategies whose board names this partner."""
    if not user.has_role(Role.PARTNER) or can_read_plan(user):
        return Strategy.objects.none()
    return strategies_visible_to(user).order_by("title")
