"""Submissions: an officer enters figures and submits them; a manager approves or
returns them. Only approved figures reach dashboards, reports and exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from coventry_pm.core.concurrency import check_version, lock_for_update
from coventry_pm.core.exceptions import ApplicationError
from scorecard import workflow
from scorecard.domain.figures import figure_period_error
from scorecard.domain.periods import Period
from scorecard.models import Metric, MetricValue, RecordedVerdict, Submission
from scorecard.services.values import (
    metric_figure_check,
    metric_value_record,
    period_from_input,
)
from scorecard.services.verdicts import calculated_verdicts_refresh


@dataclass(frozen=True)
class BreakdownEntry:
    breakdown: str
    group: str
    value_text: str


_OPEN = (Submission.Status.DRAFT, Submission.Status.RETURNED)


def _latest_values(submission: Submission) -> dict[tuple[str, str], MetricValue]:
    latest: dict[tuple[str, str], MetricValue] = {}
    for value in submission.values.order_by("revision"):
        latest[(value.breakdown, value.breakdown_group)] = value
    return latest


def _set_values_approval(submission: Submission, approval: str) -> None:
    """The latest revision of each of the submission's figures takes ``approval``
    (their ids read in one query, without building the rows)."""
    latest: dict[tuple[str, str], int] = {}
    for pk, breakdown, group in submission.values.order_by("revision").values_list(
        "pk", "breakdown", "breakdown_group"
    ):
        latest[(breakdown, group)] = pk
    MetricValue.objects.filter(pk__in=latest.values()).update(approval=approval)


def _lock(submission: Submission) -> Submission:
    """The submission's row locked until the transaction ends, keeping the metric
    the caller already read (the row's metric never changes), so the permission
    checks that follow do not read it again."""
    locked = lock_for_update(submission)
    if (
        Submission.metric.is_cached(submission)
        and locked.metric_id == submission.metric_id
    ):
        locked.metric = submission.metric
    return locked


@transaction.atomic
def submission_save(
    *,
    user: User,
    metric: Metric,
    period: str,
    value_text: str,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    lower_ci: Decimal | None = None,
    upper_ci: Decimal | None = None,
    note: str = "",
    breakdowns: Sequence[BreakdownEntry] = (),
    progress_override: str = "",
    target_status_override: str = "",
    override_reason: str = "",
    submission: Submission | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Submission:
    """Create or change a draft (or returned) submission of a metric's figures.

    A changed figure is a new revision; an unchanged one is left alone. The period
    is stored normalised ("2024/25 Q2" is "2024-25 Q2"). Raises
    PermissionDeniedError for someone who may not edit the metric, ApplicationError
    when the submission is no longer open, ConflictError for a stale version and
    ValidationError naming each bad field before anything is written: a period
    that cannot be read or has not started by ``today`` ("period"), a figure its
    metric does not take or out of its unit's bounds ("value_text", "numerator",
    "denominator", "lower_ci", "upper_ci", "breakdowns"), an override with no
    reason ("override_reason").
    """
    workflow.require(user, metric, workflow.ENTER_FIGURES)
    read = period_from_input(period)
    period = str(read)
    today = today or timezone.localdate()
    place = metric_figure_check(
        metric=metric,
        text=value_text,
        numerator=numerator,
        denominator=denominator,
        lower_ci=lower_ci,
        upper_ci=upper_ci,
    )
    errors: dict[str, list[str]] = {
        field: [message] for field, message in place.errors.items()
    }
    if not value_text.strip():
        errors["value_text"] = [f"Enter the figure. {place.error}"]
    if (too_early := figure_period_error(read, today=today)) is not None:
        errors["period"] = [too_early]
    for entry in breakdowns:
        figure = metric_figure_check(metric=metric, text=entry.value_text)
        if not figure.ok:
            errors.setdefault("breakdowns", []).append(
                f"{entry.breakdown}, {entry.group}: {figure.error}"
            )
    if errors:
        raise ValidationError(errors)
    if submission is None:
        if Submission.objects.filter(
            metric=metric,
            period=period,
            status__in=[*_OPEN, Submission.Status.SUBMITTED],
        ).exists():
            raise ApplicationError(
                f"There is already a submission for {metric.code} {period}; "
                "change that one instead."
            )
        submission = Submission(metric=metric, period=period, created_by=user)
    else:
        submission = _lock(submission)
        workflow.require_permission(user, submission, workflow.EDIT)
        check_version(submission, expected_version)
        workflow.require(user, submission, workflow.EDIT)
        submission.version += 1
    submission.note = note
    submission.progress_override = progress_override
    submission.target_status_override = target_status_override
    submission.override_reason = override_reason
    new = submission.pk is None
    # The metric and the people are rows just read (and the database refuses a
    # missing one): full_clean need not query each to check it exists.
    submission.full_clean(exclude=["metric", "created_by", "reviewed_by"])
    submission.save()

    latest = {} if new else _latest_values(submission)
    entries = [("", "", value_text, numerator, denominator, lower_ci, upper_ci)] + [
        (b.breakdown, b.group, b.value_text, None, None, None, None) for b in breakdowns
    ]
    for breakdown, group, text, num, den, low, high in entries:
        current = latest.get((breakdown, group))
        # A count gives its own numerator and denominator: compare what would be
        # stored, so saving the same figure again makes no new revision.
        stored = metric_figure_check(
            metric=metric,
            text=text,
            numerator=num,
            denominator=den,
            lower_ci=low,
            upper_ci=high,
        )
        if current is not None and (
            current.value_text,
            current.numerator,
            current.denominator,
            current.lower_ci,
            current.upper_ci,
        ) == (
            text,
            stored.numerator,
            stored.denominator,
            stored.lower_ci,
            stored.upper_ci,
        ):
            continue
        metric_value_record(
            metric=metric,
            period=period,
            text=text,
            entered_by=user,
            breakdown=breakdown,
            breakdown_group=group,
            numerator=num,
            denominator=den,
            lower_ci=low,
            upper_ci=high,
            note=note if not breakdown else "",
            approval=MetricValue.Approval.DRAFT,
            submission=submission,
            today=today,
        )
    return submission


@transaction.atomic
def submission_submit(
    *, submission: Submission, user: User, expected_version: int | None
) -> Submission:
    """Send a draft or returned submission to the manager for approval."""
    submission = _lock(submission)
    workflow.require_permission(user, submission, workflow.SUBMIT)
    check_version(submission, expected_version)
    workflow.require(user, submission, workflow.SUBMIT)
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.version += 1
    submission.save()
    _set_values_approval(submission, MetricValue.Approval.SUBMITTED)
    from scorecard.tasks import send_approval_requested_email_task

    transaction.on_commit(
        lambda: send_approval_requested_email_task.delay(submission.pk)
    )
    return submission


@transaction.atomic
def submission_approve(
    *,
    submission: Submission,
    user: User,
    expected_version: int | None,
    comment: str = "",
) -> Submission:
    """Approve: the figures reach dashboards and reports, and an overridden (or
    confirmed) verdict is recorded with who asked for it and why."""
    submission = _lock(submission)
    workflow.require_permission(user, submission, workflow.APPROVE)
    check_version(submission, expected_version)
    workflow.require(user, submission, workflow.APPROVE)
    submission.status = Submission.Status.APPROVED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.review_comment = comment
    submission.version += 1
    submission.save()
    _set_values_approval(submission, MetricValue.Approval.APPROVED)
    # The approved figures change the metric's verdicts: stored before anyone reads.
    calculated_verdicts_refresh(metric_ids=[submission.metric_id])
    if submission.progress_override or submission.target_status_override:
        _record_submitted_verdict(submission)
    return submission


def _record_submitted_verdict(submission: Submission) -> RecordedVerdict:
    from scorecard.selectors import metric_assessments, plan_covering
    from strategies.models import Plan

    year = str(Period.parse(submission.period).year())
    try:
        plan: Plan | None = plan_covering(year)
    except Plan.DoesNotExist:
        plan = None
    calculated = metric_assessments(metrics=[submission.metric], year=year, plan=plan)[
        0
    ]
    same = (
        not submission.progress_override
        or submission.progress_override == calculated.progress
    ) and (
        not submission.target_status_override
        or submission.target_status_override == calculated.target_status
    )
    verdict = RecordedVerdict(
        metric=submission.metric,
        plan=plan,
        period=submission.period,
        progress=submission.progress_override,
        target_status=submission.target_status_override,
        source=RecordedVerdict.Source.CONFIRMED
        if same
        else RecordedVerdict.Source.OVERRIDDEN,
        reason=submission.override_reason,
        recorded_by=submission.created_by,
    )
    verdict.full_clean()
    verdict.save()
    return verdict


@transaction.atomic
def submission_return(
    *, submission: Submission, user: User, expected_version: int | None, comment: str
) -> Submission:
    """Send a submission back to its officer with a comment saying what to change."""
    workflow.require_permission(user, submission, workflow.RETURN)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    submission = _lock(submission)
    check_version(submission, expected_version)
    workflow.require(user, submission, workflow.RETURN)
    submission.status = Submission.Status.RETURNED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.review_comment = comment
    submission.version += 1
    submission.save()
    _set_values_approval(submission, MetricValue.Approval.RETURNED)
    from scorecard.tasks import send_submission_returned_email_task

    transaction.on_commit(
        lambda: send_submission_returned_email_task.delay(submission.pk)
    )
    return submission
