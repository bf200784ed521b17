"""Reads for the reports app: import runs, calculated against recorded verdicts for
the review page, and the annual reports a person may read."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from coventry_pm.accounts.models import User
from reports.models import ImportRun, ReportRun, ReportSnapshot
from reports.permissions import can_read_drafts
from scorecard.models import Metric, RecordedVerdict
from scorecard.selectors import MetricAssessment, metric_assessments
from strategies.models import Plan


def import_runs_recent(limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by").prefetch_related("files")[
        :limit
    ]


@dataclass(frozen=True)
class VerdictReview:
    """Every metric with a recorded verdict for a plan's report year, assessed."""

    plan: Plan
    year: str
    rows: list[MetricAssessment]

    @property
    def differences(self) -> list[MetricAssessment]:
        return [row for row in self.rows if row.disagrees]

    @property
    def progress_compared(self) -> int:
        return sum(1 for row in self.rows if row.progress_recorded is not None)

    @property
    def progress_agreeing(self) -> int:
        return sum(
            1
            for row in self.rows
            if row.progress_recorded is not None
            and row.progress_recorded == row.progress
        )

    @property
    def target_status_compared(self) -> int:
        return sum(1 for row in self.rows if row.target_status_recorded is not None)

    @property
    def target_status_agreeing(self) -> int:
        return sum(
            1
            for row in self.rows
            if row.target_status_recorded is not None
            and row.target_status_recorded == row.target_status
        )

    @property
    def agreeing(self) -> int:
        return len(self.rows) - len(self.differences)

    @staticmethod
    def rate(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def progress_rate(self) -> int | None:
        return self.rate(self.progress_agreeing, self.progress_compared)

    @property
    def target_status_rate(self) -> int | None:
        return self.rate(self.target_status_agreeing, self.target_status_compared)

    @property
    def agreement_rate(self) -> int | None:
        return self.rate(self.agreeing, len(self.rows))


def verdict_review(*, plan: Plan, year: str) -> VerdictReview:
    """Metrics whose verdict for the plan and year was recorded (imported, confirmed
    or overridden), each with the engine's calculated verdict beside it."""
    metric_ids = (
        RecordedVerdict.objects.filter(plan=plan, period=year)
        .values_list("metric_id", flat=True)
        .distinct()
    )
    metrics = Metric.objects.filter(pk__in=metric_ids).order_by("code")
    rows = [
        row
        for row in metric_assessments(metrics=metrics, year=year, plan=plan)
        if row.recorded is not None
    ]
    return VerdictReview(plan=plan, year=year, rows=rows)


def review_choices() -> list[tuple[Plan, list[str]]]:
    """Plans with recorded verdicts, and their years, newest first."""
    years: dict[int, set[str]] = {}
    for plan_id, period in (
        RecordedVerdict.objects.filter(plan__isnull=False)
        .values_list("plan_id", "period")
        .distinct()
    ):
        years.setdefault(plan_id, set()).add(period)
    plans = Plan.objects.filter(pk__in=years).order_by("-start_year", "-version")
    return [(plan, sorted(years[plan.pk], reverse=True)) for plan in plans]


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
