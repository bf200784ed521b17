"""Writes for the scorecard. Views, commands and tasks call these; none of them holds
the rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coventry_pm.accounts.models import Role, User
from coventry_pm.accounts.permissions import (
    can_agree_for_portfolio,
    can_edit_metric,
    can_endorse,
    can_review,
)
from coventry_pm.core.concurrency import check_version, lock_for_update
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from scorecard.domain.periods import Period
from scorecard.domain.targets import parse_target
from scorecard.domain.values import parse_value
from scorecard.models import (
    Comment,
    Metric,
    MetricValue,
    RecordedVerdict,
    Submission,
    Target,
)
from scorecard.tasks import (
    send_approval_requested_email_task,
    send_submission_returned_email_task,
)


def target_fields(
    text: str, *, unit: str = "", scale: Sequence[str] | None = None
) -> dict[str, Any]:
    """The structured Target fields for a rule written as ``text`` (empty strings
    where the rule has nothing), keeping the text as written. The metric's unit and
    scale read "£1.2m" or "Good or better" the way the metric means them."""
    rule = parse_target(text, unit=unit, scale=scale)
    return {
        "text": text,
        "kind": rule.kind.value,
        "operator": rule.operator or "",
        "value": rule.value,
        "aim": rule.aim or "",
        "change_unit": rule.change_unit or "",
        "comparator_name": rule.comparator or "",
        "comparator_relation": rule.comparator_relation or "",
        "grade": rule.grade or "",
        "baseline_period": rule.baseline_period or "",
        "direction": rule.direction.value if rule.direction else "",
        "flag": rule.flag or "",
    }


@transaction.atomic
def target_set(
    *,
    metric: Metric,
    period: str,
    text: str,
    set_by: User | None = None,
    status: str = Target.Status.AGREED,
) -> Target:
    """Set (or replace) a metric's target rule for a period from its text. Text that
    cannot be parsed is kept and flagged; the history keeps what it was before."""
    try:
        Period.parse(period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from error
    target = Target.objects.filter(metric=metric, period=period).first() or Target(
        metric=metric, period=period
    )
    fields = target_fields(text, unit=metric.unit, scale=metric.ordinal_scale)
    for field, value in fields.items():
        setattr(target, field, value)
    target.status = status
    target.set_by = set_by
    if target.pk:
        target.version += 1
    target.full_clean()
    target.save()
    return target


STORED_PLACES = Decimal("0.000001")


def _stored(number: Decimal | None) -> Decimal | None:
    """Round to the six decimal places the database keeps."""
    return None if number is None else number.quantize(STORED_PLACES)


@transaction.atomic
def metric_value_record(
    *,
    metric: Metric,
    period: str,
    text: str,
    entered_by: User | None = None,
    period_label: str = "",
    data_status: str = MetricValue.DataStatus.FINAL,
    scope: str = "Coventry",
    breakdown: str = "",
    breakdown_group: str = "",
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    lower_ci: Decimal | None = None,
    upper_ci: Decimal | None = None,
    note: str = "",
    approval: str = MetricValue.Approval.APPROVED,
    submission: Submission | None = None,
) -> MetricValue:
    """Record a figure as the next revision for its period, scope and breakdown.

    The text is kept as written and parsed into the metric's unit (a count "x out of
    y" also gives numerator and denominator). Earlier revisions are never changed.
    """
    Period.parse(period)  # a clear ValueError for a period that cannot be read
    parsed = parse_value(text, unit=metric.unit, scale=metric.ordinal_scale)
    key = {
        "metric": metric,
        "period": period,
        "scope": scope,
        "breakdown": breakdown,
        "breakdown_group": breakdown_group,
    }
    latest = (
        MetricValue.objects.select_for_update()
        .filter(**key)
        .aggregate(revision=Max("revision"))["revision"]
    )
    value = MetricValue(
        **key,
        revision=(latest or 0) + 1,
        period_label=period_label,
        data_status=data_status,
        value_text=text,
        value_number=_stored(parsed.number),
        numerator=numerator if numerator is not None else parsed.numerator,
        denominator=denominator if denominator is not None else parsed.denominator,
        lower_ci=lower_ci,
        upper_ci=upper_ci,
        note=note,
        approval=approval,
        submission=submission,
        entered_by=entered_by,
    )
    value.full_clean()
    value.save()
    return value


# Submissions: an officer enters, submits; a manager approves or returns.


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
    ids = [v.pk for v in _latest_values(submission).values()]
    MetricValue.objects.filter(pk__in=ids).update(approval=approval)


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
) -> Submission:
    """Create or change a draft (or returned) submission of a metric's figures.

    A changed figure is a new revision; an unchanged one is left alone. Raises
    PermissionDeniedError for someone who may not edit the metric, ApplicationError
    when the submission is no longer open, ConflictError for a stale version and
    ValidationError for bad fields (a period that cannot be read, an override with
    no reason).
    """
    if not can_edit_metric(user, metric):
        raise PermissionDeniedError("You may not enter figures for this metric.")
    try:
        Period.parse(period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from error
    if not value_text.strip():
        raise ValidationError({"value_text": "Enter the figure."})
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
        submission = lock_for_update(submission)
        check_version(submission, expected_version)
        if submission.status not in _OPEN:
            raise ApplicationError(
                f"This submission is {submission.get_status_display().lower()} "
                "and can no longer be changed."
            )
        submission.version += 1
    submission.note = note
    submission.progress_override = progress_override
    submission.target_status_override = target_status_override
    submission.override_reason = override_reason
    submission.full_clean()
    submission.save()

    latest = _latest_values(submission)
    entries = [("", "", value_text, numerator, denominator, lower_ci, upper_ci)] + [
        (b.breakdown, b.group, b.value_text, None, None, None, None) for b in breakdowns
    ]
    for breakdown, group, text, num, den, low, high in entries:
        current = latest.get((breakdown, group))
        if current is not None and (
            current.value_text,
            current.numerator,
            current.denominator,
            current.lower_ci,
            current.upper_ci,
        ) == (text, num, den, low, high):
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
        )
    return submission


@transaction.atomic
def submission_submit(
    *, submission: Submission, user: User, expected_version: int | None
) -> Submission:
    """Send a draft or returned submission to the manager for approval."""
    submission = lock_for_update(submission)
    check_version(submission, expected_version)
    if not can_edit_metric(user, submission.metric):
        raise PermissionDeniedError("You may not submit figures for this metric.")
    if submission.status not in _OPEN:
        raise ApplicationError("Only a draft or returned submission can be submitted.")
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.version += 1
    submission.save()
    _set_values_approval(submission, MetricValue.Approval.SUBMITTED)
    transaction.on_commit(
        lambda: send_approval_requested_email_task.delay(submission.pk)
    )
    return submission


def _check_reviewer(submission: Submission, user: User) -> None:
    if (
        user.pk == submission.created_by_id
        or submission.values.filter(entered_by=user).exists()
    ):
        raise PermissionDeniedError("Nobody approves their own submission.")
    if not can_review(
        user, author_id=submission.created_by_id, team_id=submission.metric.team_id
    ):
        raise PermissionDeniedError(
            "Only the manager of this metric's service can approve or return it."
        )
    if submission.status != Submission.Status.SUBMITTED:
        raise ApplicationError("Only a submission awaiting approval can be reviewed.")


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
    submission = lock_for_update(submission)
    check_version(submission, expected_version)
    _check_reviewer(submission, user)
    submission.status = Submission.Status.APPROVED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.review_comment = comment
    submission.version += 1
    submission.save()
    _set_values_approval(submission, MetricValue.Approval.APPROVED)
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
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change."})
    submission = lock_for_update(submission)
    check_version(submission, expected_version)
    _check_reviewer(submission, user)
    submission.status = Submission.Status.RETURNED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.review_comment = comment
    submission.version += 1
    submission.save()
    _set_values_approval(submission, MetricValue.Approval.RETURNED)
    transaction.on_commit(
        lambda: send_submission_returned_email_task.delay(submission.pk)
    )
    return submission


# Agreeing metrics and targets: proposed → endorsed by the manager → agreed by the
# portfolio's cabinet member. Only agreed ones are assessed and reported.


def _next_metric_code() -> str:
    codes = Metric.objects.filter(code__startswith="PM").values_list("code", flat=True)
    numbers = [int(c[2:]) for c in codes if c[2:].isdigit()]
    return f"PM{max(numbers, default=0) + 1:04d}"


@transaction.atomic
def metric_propose(*, user: User, team_id: int | None, **fields: Any) -> Metric:
    """An officer or manager proposes a new metric for their team."""
    if not (
        user.has_role(Role.OFFICER, Role.MANAGER)
        and (team_id == user.team_id or can_endorse(user, team_id))
    ):
        raise PermissionDeniedError("You may propose metrics for your own team only.")
    metric = Metric(
        code=_next_metric_code(),
        team_id=team_id,
        status=Metric.Status.PROPOSED,
        proposed_by=user,
        **fields,
    )
    metric.full_clean()
    metric.save()
    return metric


Agreeable = TypeVar("Agreeable", Metric, Target)


def _advance(
    record: Agreeable,
    *,
    user: User,
    expected_version: int | None,
    allowed: bool,
    refusal: str,
    step: str,
    out_of_order: str,
) -> Agreeable:
    """Move a proposal one step (proposed → endorsed, endorsed → agreed), keeping
    who did it and when."""
    check_version(record, expected_version)
    if not allowed:
        raise PermissionDeniedError(refusal)
    before, after = {
        "endorsed": (record.Status.PROPOSED, record.Status.ENDORSED),
        "agreed": (record.Status.ENDORSED, record.Status.AGREED),
    }[step]
    if record.status != before:
        raise ApplicationError(out_of_order)
    record.status = after
    setattr(record, f"{step}_by", user)
    setattr(record, f"{step}_at", timezone.now())
    record.version += 1
    record.save()
    return record


@transaction.atomic
def metric_endorse(
    *, metric: Metric, user: User, expected_version: int | None
) -> Metric:
    metric = lock_for_update(metric)
    return _advance(
        metric,
        user=user,
        expected_version=expected_version,
        allowed=can_endorse(user, metric.team_id),
        refusal="Only the service's manager endorses a metric.",
        step="endorsed",
        out_of_order="Only a proposed metric can be endorsed.",
    )


@transaction.atomic
def metric_agree(*, metric: Metric, user: User, expected_version: int | None) -> Metric:
    metric = lock_for_update(metric)
    return _advance(
        metric,
        user=user,
        expected_version=expected_version,
        allowed=can_agree_for_portfolio(user, metric.portfolio_id),
        refusal="Only the cabinet member for this metric's portfolio agrees it.",
        step="agreed",
        out_of_order="A metric is agreed after its manager endorses it.",
    )


@transaction.atomic
def target_propose(*, metric: Metric, period: str, text: str, user: User) -> Target:
    """Propose a metric's target for a period (usually next year's)."""
    if not (can_edit_metric(user, metric) or can_endorse(user, metric.team_id)):
        raise PermissionDeniedError("You may not propose targets for this metric.")
    existing = Target.objects.filter(metric=metric, period=period).first()
    if existing is not None and existing.status == Target.Status.AGREED:
        raise ApplicationError(
            f"The {period} target is already agreed; it can no longer be proposed."
        )
    return target_set(
        metric=metric,
        period=period,
        text=text,
        set_by=user,
        status=Target.Status.PROPOSED,
    )


@transaction.atomic
def target_endorse(
    *, target: Target, user: User, expected_version: int | None
) -> Target:
    target = lock_for_update(target)
    return _advance(
        target,
        user=user,
        expected_version=expected_version,
        allowed=can_endorse(user, target.metric.team_id),
        refusal="Only the service's manager endorses a target.",
        step="endorsed",
        out_of_order="Only a proposed target can be endorsed.",
    )


@transaction.atomic
def target_agree(*, target: Target, user: User, expected_version: int | None) -> Target:
    target = lock_for_update(target)
    return _advance(
        target,
        user=user,
        expected_version=expected_version,
        allowed=can_agree_for_portfolio(user, target.metric.portfolio_id),
        refusal="Only the portfolio's cabinet member agrees a metric's targets.",
        step="agreed",
        out_of_order="A target is agreed after its manager endorses it.",
    )


def comment_add(
    *, user: User, metric: Metric, text: str, target: Target | None = None
) -> Comment:
    """Any member of staff who can read the metric may comment on it."""
    from scorecard.selectors import metrics_visible_to

    if not metrics_visible_to(user).filter(pk=metric.pk).exists():
        raise PermissionDeniedError("You may not comment on this metric.")
    if target is not None and target.metric_id != metric.pk:
        raise ValidationError({"target": "The target belongs to another metric."})
    comment = Comment(metric=metric, target=target, author=user, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment
