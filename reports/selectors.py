"""Reads for the reports app: import runs and the annual reports a person may read.
(The review page's agreement of calculated and recorded verdicts is
scorecard.agreement.)"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from coventry_pm.accounts.models import User
from reports.models import ImportRun, ReportRun, ReportSnapshot
from reports.permissions import can_read_drafts


def import_runs_recent(limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by").prefetch_related("files")[
        :limit
    ]


def report_snapshots_visible_to(
    user: User | AnonymousUser,
) -> QuerySet[ReportSnapshot]:
    """Published reports (and replaced versions) for everyone; drafts too for
    cabinet members, councillors and the performance administrator."""
    snapshots = ReportSnapshot.objects.select_related(
        "plan", "approved_by_admin", "approved_by_cabinet", "published_by"
    )
    if can_read_drafts(user):
        return snapshots
    return snapshots.filter(status__in=ReportSnapshot.PUBLIC)


def report_runs_recent(limit: int = 10) -> QuerySet[ReportRun]:
    return ReportRun.objects.select_related("plan", "started_by")[:limit]


def report_versions(snapshot: ReportSnapshot) -> QuerySet[ReportSnapshot]:
    """Every readable version of the same plan and period, newest first."""
    return ReportSnapshot.objects.filter(
        plan_id=snapshot.plan_id, period=snapshot.period
    ).order_by("-version", "-created_at")
