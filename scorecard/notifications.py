"""Emails about figures: approval requested, submission returned, data due."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from coventry_pm.accounts.roles import officers
from coventry_pm.core.links import site_link
from scorecard.domain.periods import period_label
from scorecard.models import Submission
from scorecard.selectors import data_due_for


def _site(path: str) -> str:
    return site_link(path)


def approval_requested(*, submission_id: int) -> None:
    submission = (
        Submission.objects.select_related(
            "metric__team__service__head", "metric__team__manager", "created_by"
        )
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:  # deleted since: nothing to say
        return
    team = submission.metric.team
    reviewers = (
        {u for u in (team.manager, team.service.head) if team and u and u.email}
        if team
        else set()
    )
    reviewers.discard(submission.created_by)
    if not reviewers:
        return
    send_mail(
        subject=(
            f"Approval requested: {submission.metric.name}, "
            f"{period_label(submission.period)}"
        ),
        message=(
            f"{submission.created_by} has submitted {submission.metric.name} for "
            f"{period_label(submission.period)}.\n\n"
            f"Review it: {_site(reverse('scorecard:approvals'))}"
        ),
        from_email=None,
        recipient_list=sorted(u.email for u in reviewers),
    )


def submission_returned(*, submission_id: int) -> None:
    submission = (
        Submission.objects.select_related("metric", "created_by", "reviewed_by")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or not submission.created_by.email:
        return
    send_mail(
        subject=(
            f"Returned: {submission.metric.name}, {period_label(submission.period)}"
        ),
        message=(
            f"{submission.reviewed_by} returned your figures for "
            f"{submission.metric.name}, {period_label(submission.period)}:\n\n"
            f"“{submission.review_comment}”\n\n"
            f"Correct and resubmit: "
            f"{_site(reverse('scorecard:submission', args=[submission.pk]))}"
        ),
        from_email=None,
        recipient_list=[submission.created_by.email],
    )


def data_due_reminders(today: dt.date | None = None) -> int:
    """One email to each officer with figures due within a week or overdue."""
    today = today or timezone.localdate()
    sent = 0
    for officer in officers().exclude(email=""):
        items = [
            item
            for item in data_due_for(officer, today=today)
            if item.days_overdue > -7
        ]
        if not items:
            continue
        lines = "\n".join(f"- {item.describe()}" for item in items)
        send_mail(
            subject=f"Figures due: {len(items)} metric{'s' if len(items) != 1 else ''}",
            message=f"{lines}\n\nEnter them: {_site(reverse('scorecard:my_updates'))}",
            from_email=None,
            recipient_list=[officer.email],
        )
        sent += 1
    return sent
