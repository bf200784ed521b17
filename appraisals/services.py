"""Writes for appraisals. Views, the API, tasks and commands call these; none of them
holds the rules.

Every service that changes an appraisal, objective or one-to-one asks the
workflow's one policy (appraisals/workflow.py) whether this person may take the
step now: PermissionDeniedError when they never may, ApplicationError when not now
(the appraisal is in another state, or signed). Then it checks the version the
person edited (ConflictError when someone else saved first). django-simple-history keeps
who changed what, and what it was before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from appraisals import workflow
from appraisals.models import (
    Appraisal,
    AppraisalObjective,
    AppraisalRating,
    Behaviour,
    CouncilValue,
    OneToOne,
    OneToOneObjectiveNote,
    Reminder,
    appraisal_year_for,
    default_due_dates,
    year_start,
)
from appraisals.permissions import (
    STAFF_ROLES,
    is_appraisee,
    is_line_manager_for,
    is_staff_member,
)
from appraisals.selectors import one_to_one_due, with_last_one_to_one
from coventry_pm.accounts.models import User
from coventry_pm.core.concurrency import check_version, lock_for_update
from coventry_pm.core.exceptions import ApplicationError
from coventry_pm.core.links import site_link
from scorecard.domain.periods import period_label
from scorecard.models import Metric, MetricValue, Perspective
from scorecard.services import metric_value_record


def _save(instance: models.Model, user: User | None) -> None:
    """Validate and save, recording who made the change in the history."""
    instance.full_clean()
    if user is not None:
        instance._history_user = user  # type: ignore[attr-defined]
    instance.save()


def _bump(
    instance: Appraisal | AppraisalObjective | OneToOne, user: User | None
) -> None:
    instance.version += 1
    _save(instance, user)


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


# --------------------------------------------------------------------------------
# Starting an appraisal
# --------------------------------------------------------------------------------

RATED: tuple[tuple[str, str], ...] = tuple(
    (AppraisalRating.Kind.VALUE, key) for key in CouncilValue.values
) + tuple((AppraisalRating.Kind.BEHAVIOUR, key) for key in Behaviour.values)


@transaction.atomic
def appraisal_start(
    *,
    employee: User,
    user: User,
    year: str | None = None,
    today: dt.date | None = None,
) -> Appraisal:
    """Start an employee's appraisal for a year (the current one by default), with
    their line manager as its manager, the default due dates, and an empty rating
    for each of the six values and six behaviours.

    The employee starts their own; their line manager may start it for them.
    """
    workflow.enforce_start(user, employee)
    year = year or appraisal_year_for(today or timezone.localdate())
    try:
        due = default_due_dates(year)
    except ValueError as error:
        raise ValidationError({"year": str(error)}) from error
    if Appraisal.objects.filter(employee=employee, year=year).exists():
        raise ApplicationError(
            f"{employee} already has an appraisal for {period_label(year)}."
        )
    manager = employee.line_manager
    appraisal = Appraisal(
        employee=employee,
        year=year,
        manager=manager if manager is not None and manager.pk != employee.pk else None,
        **due,
    )
    _save(appraisal, user)
    bulk_create_with_history(
        [
            AppraisalRating(appraisal=appraisal, kind=kind, key=key, sort_order=order)
            for order, (kind, key) in enumerate(RATED)
        ],
        AppraisalRating,
        default_user=user,
    )
    return appraisal


# --------------------------------------------------------------------------------
# The employee's part: objectives, ratings with evidence, development needs
# --------------------------------------------------------------------------------

OBJECTIVE_FIELDS = frozenset(
    {
        "title",
        "measure_of_success",
        "progress",
        "percent_complete",
        "action",
        "strategy",
        "priority",
    }
)
LINK_FIELDS = ("action", "strategy", "priority")


@transaction.atomic
def appraisal_objective_create(
    *,
    appraisal: Appraisal,
    user: User,
    title: str,
    measure_of_success: str,
    action: Any = None,
    strategy: Any = None,
    priority: Any = None,
    progress: str = "",
    percent_complete: int = 0,
) -> AppraisalObjective:
    """Add an objective, linked to exactly one action, key strategy or priority."""
    appraisal = lock_for_update(appraisal)
    workflow.enforce(user, appraisal, workflow.EDIT_OBJECTIVES)
    latest = appraisal.objectives.aggregate(order=Max("sort_order"))["order"]
    objective = AppraisalObjective(
        appraisal=appraisal,
        title=title.strip(),
        measure_of_success=measure_of_success.strip(),
        action=action,
        strategy=strategy,
        priority=priority,
        progress=progress,
        percent_complete=percent_complete,
        sort_order=(latest or 0) + 1,
    )
    _save(objective, user)
    return objective


@transaction.atomic
def appraisal_objective_update(
    *,
    objective: AppraisalObjective,
    user: User,
    expected_version: int,
    fields: Mapping[str, Any],
) -> AppraisalObjective:
    """Change an objective. Giving any of action, strategy or priority replaces the
    link: the other two are cleared unless also given."""
    unknown = set(fields) - OBJECTIVE_FIELDS
    if unknown:
        raise ValidationError(f"These cannot be changed: {', '.join(sorted(unknown))}.")
    objective = lock_for_update(objective)
    appraisal = objective.appraisal
    workflow.enforce(user, appraisal, workflow.EDIT_OBJECTIVES)
    check_version(objective, expected_version)
    if any(name in fields for name in LINK_FIELDS):
        for name in LINK_FIELDS:
            setattr(objective, name, fields.get(name))
    for name, value in fields.items():
        if name not in LINK_FIELDS:
            setattr(objective, name, value.strip() if isinstance(value, str) else value)
    _bump(objective, user)
    return objective


@dataclass(frozen=True)
class RatingInput:
    """A rating and its words: the employee's evidence, or the manager's comment."""

    rating: str = ""
    text: str = ""


@transaction.atomic
def appraisal_ratings_update(
    *,
    appraisal: Appraisal,
    user: User,
    expected_version: int,
    ratings: Mapping[str, RatingInput],
) -> Appraisal:
    """Record ratings against values and behaviours, keyed by their keys.

    The employee's rating needs evidence; the line manager's rating and comment sit
    beside it. Each changes only their own columns.
    """
    appraisal = lock_for_update(appraisal)
    workflow.enforce(user, appraisal, workflow.RATE)
    check_version(appraisal, expected_version)
    as_manager = is_line_manager_for(user, appraisal)
    existing = {rating.key: rating for rating in appraisal.ratings.all()}
    unknown = set(ratings) - set(existing)
    if unknown:
        raise ValidationError(
            {"ratings": f"Not a value or behaviour: {', '.join(sorted(unknown))}."}
        )
    errors: dict[str, str] = {}
    changed = False
    for key, given in ratings.items():
        row = existing[key]
        text = given.text.strip()
        if as_manager:
            before = (row.manager_rating, row.manager_comment)
            row.manager_rating, row.manager_comment = given.rating, text
            after = (row.manager_rating, row.manager_comment)
        else:
            if given.rating and not text:
                errors[key] = f"{row.get_key_display()}: give evidence for your rating."
                continue
            before = (row.rating, row.evidence)
            row.rating, row.evidence = given.rating, text
            after = (row.rating, row.evidence)
        if before != after:
            _save(row, user)
            changed = True
    if errors:
        raise ValidationError(errors)
    if changed:
        if as_manager:
            appraisal.manager = user
        _bump(appraisal, user)
    return appraisal


@transaction.atomic
def appraisal_development_needs_update(
    *, appraisal: Appraisal, user: User, expected_version: int, development_needs: str
) -> Appraisal:
    appraisal = lock_for_update(appraisal)
    workflow.enforce(user, appraisal, workflow.EDIT_DEVELOPMENT_NEEDS)
    check_version(appraisal, expected_version)
    appraisal.development_needs = development_needs.strip()
    _bump(appraisal, user)
    return appraisal


# --------------------------------------------------------------------------------
# One-to-ones
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveProgress:
    """Progress on one objective as discussed at a one-to-one."""

    objective_id: int
    note: str = ""
    percent_complete: int | None = None


def _record_progress(
    one_to_one: OneToOne, progress: Sequence[ObjectiveProgress], user: User
) -> None:
    objectives = {o.pk: o for o in one_to_one.appraisal.objectives.all()}
    existing = {n.objective_id: n for n in one_to_one.objective_notes.all()}
    for item in progress:
        objective = objectives.get(item.objective_id)
        if objective is None:
            raise ValidationError(
                {"objective_notes": "That objective belongs to another appraisal."}
            )
        note_text = item.note.strip()
        if not note_text and item.percent_complete is None:
            continue
        note = existing.get(objective.pk) or OneToOneObjectiveNote(
            one_to_one=one_to_one, objective=objective
        )
        note.note = note_text
        note.percent_complete = item.percent_complete
        _save(note, user)
        if (
            item.percent_complete is not None
            and item.percent_complete != objective.percent_complete
        ):
            objective.percent_complete = item.percent_complete
            _bump(objective, user)


def _check_date(date: dt.date, today: dt.date) -> None:
    if date > today:
        raise ValidationError(
            {
                "date": "Record a one-to-one once it has happened: the date is in the "
                "future."
            }
        )


@transaction.atomic
def one_to_one_record(
    *,
    appraisal: Appraisal,
    user: User,
    date: dt.date,
    notes: str,
    progress: Sequence[ObjectiveProgress] = (),
    today: dt.date | None = None,
) -> OneToOne:
    """Record a one-to-one (by the employee or their line manager) with progress on
    any of the objectives; a percentage given moves the objective's own."""
    appraisal = lock_for_update(appraisal)
    workflow.enforce(user, appraisal, workflow.RECORD_ONE_TO_ONE)
    _check_date(date, today or timezone.localdate())
    one_to_one = OneToOne(
        appraisal=appraisal, date=date, notes=notes.strip(), recorded_by=user
    )
    _save(one_to_one, user)
    _record_progress(one_to_one, progress, user)
    return one_to_one


@transaction.atomic
def one_to_one_update(
    *,
    one_to_one: OneToOne,
    user: User,
    expected_version: int,
    date: dt.date | None = None,
    notes: str | None = None,
    progress: Sequence[ObjectiveProgress] = (),
    today: dt.date | None = None,
) -> OneToOne:
    one_to_one = lock_for_update(one_to_one)
    appraisal = one_to_one.appraisal
    workflow.enforce(user, appraisal, workflow.RECORD_ONE_TO_ONE)
    check_version(one_to_one, expected_version)
    if date is not None:
        _check_date(date, today or timezone.localdate())
        one_to_one.date = date
    if notes is not None:
        one_to_one.notes = notes.strip()
    _bump(one_to_one, user)
    _record_progress(one_to_one, progress, user)
    return one_to_one


# --------------------------------------------------------------------------------
# The manager's part: agreeing objectives, reviews; and sign-off by both
# --------------------------------------------------------------------------------


@transaction.atomic
def appraisal_objectives_agree(
    *,
    appraisal: Appraisal,
    user: User,
    expected_version: int,
    now: dt.datetime | None = None,
) -> Appraisal:
    appraisal = lock_for_update(appraisal)
    workflow.enforce(user, appraisal, workflow.AGREE_OBJECTIVES)
    check_version(appraisal, expected_version)
    appraisal.status = workflow.TRANSITIONS[workflow.AGREE_OBJECTIVES][1]
    appraisal.objectives_agreed_on = timezone.localtime(now).date()
    appraisal.manager = user
    _bump(appraisal, user)
    return appraisal


def _review(
    *,
    appraisal: Appraisal,
    user: User,
    expected_version: int,
    review: str,
    now: dt.datetime | None,
    step: str,
    text_field: str,
    date_field: str,
) -> Appraisal:
    appraisal = lock_for_update(appraisal)
    workflow.enforce(user, appraisal, step)
    check_version(appraisal, expected_version)
    if not review.strip():
        raise ValidationError({"review": "Write the review."})
    setattr(appraisal, text_field, review.strip())
    setattr(appraisal, date_field, timezone.localtime(now).date())
    appraisal.status = workflow.TRANSITIONS[step][1]
    appraisal.manager = user
    _bump(appraisal, user)
    return appraisal


@transaction.atomic
def appraisal_mid_year_review(
    *,
    appraisal: Appraisal,
    user: User,
    expected_version: int,
    review: str,
    now: dt.datetime | None = None,
) -> Appraisal:
    """The line manager's mid-year review, once the objectives are agreed (and
    until the year-end review is written)."""
    return _review(
        appraisal=appraisal,
        user=user,
        expected_version=expected_version,
        review=review,
        now=now,
        step=workflow.MID_YEAR_REVIEW,
        text_field="mid_year_review",
        date_field="mid_year_reviewed_on",
    )


@transaction.atomic
def appraisal_year_end_review(
    *,
    appraisal: Appraisal,
    user: User,
    expected_version: int,
    review: str,
    now: dt.datetime | None = None,
) -> Appraisal:
    """The line manager's year-end review, after the mid-year review."""
    return _review(
        appraisal=appraisal,
        user=user,
        expected_version=expected_version,
        review=review,
        now=now,
        step=workflow.YEAR_END_REVIEW,
        text_field="year_end_review",
        date_field="year_end_reviewed_on",
    )


@transaction.atomic
def appraisal_sign_off(
    *,
    appraisal: Appraisal,
    user: User,
    expected_version: int,
    now: dt.datetime | None = None,
) -> Appraisal:
    """Sign the appraisal after the year-end review: the employee for themselves,
    the line manager as manager. Nobody signs as both. With both signatures it is
    signed off, and nothing in it changes again."""
    appraisal = lock_for_update(appraisal)
    workflow.enforce(user, appraisal, workflow.SIGN_OFF)
    check_version(appraisal, expected_version)
    moment = now or timezone.now()
    if is_appraisee(user, appraisal):
        appraisal.employee_signed_off_at = moment
    else:
        appraisal.manager_signed_off_at = moment
        appraisal.manager_signed_off_by = user
        appraisal.manager = user
    if appraisal.employee_signed_off_at and appraisal.manager_signed_off_at:
        appraisal.status = workflow.TRANSITIONS[workflow.SIGN_OFF][1]
        appraisal.signed_off_at = moment
    _bump(appraisal, user)
    return appraisal


# --------------------------------------------------------------------------------
# Into the scorecard: "Appraisals completed on time", a Workforce metric
# --------------------------------------------------------------------------------

COMPLETION_METRIC_CODE = "WF-APPRAISALS"
COMPLETION_METRIC_DEFAULTS: dict[str, Any] = {
    "name": "Appraisals completed on time",
    "unit": "%",
    "perspective": Perspective.WORKFORCE,
    "good_direction": "up",
    "frequency": Metric.Frequency.ANNUAL,
    "metric_type": Metric.MetricType.OUTPUT,
    "lead_lag": Metric.LeadLag.LEAD,
    "nature": Metric.Nature.QUANTITATIVE,
    "delivery_mode": Metric.DeliveryMode.PROVIDES,
    "status": Metric.Status.AGREED,
    "source": "Appraisal records, calculated by the product",
    "definition": (
        "Appraisals for the financial year signed off by both the employee and their "
        "line manager by the appraisal's due date, as a percentage of all appraisals "
        "started for that year. Provisional until the year's sign-off date has "
        "passed. Calculated from the appraisal records; no appraisal content is used."
    ),
}
PERCENT_PLACES = Decimal("0.1")


def completion_metric() -> Metric:
    metric, _ = Metric.objects.get_or_create(
        code=COMPLETION_METRIC_CODE, defaults=COMPLETION_METRIC_DEFAULTS
    )
    return metric


def completion_figures(year: str) -> tuple[int, int]:
    """(signed off on time, appraisals) for a year."""
    appraisals = list(
        Appraisal.objects.filter(year=year).only(
            "pk", "signed_off_at", "year_end_due", "status"
        )
    )
    return sum(a.signed_off_on_time() for a in appraisals), len(appraisals)


@transaction.atomic
def appraisal_completion_metric_record(
    *, year: str, today: dt.date | None = None
) -> MetricValue | None:
    """Record the year's "Appraisals completed on time" figure with its numerator
    and denominator, as a new revision only when it has changed. Provisional until
    the year's default sign-off date has passed. None when the year has no
    appraisals."""
    today = today or timezone.localdate()
    on_time, total = completion_figures(year)
    if not total:
        return None
    metric = completion_metric()
    percent = (Decimal(100 * on_time) / Decimal(total)).quantize(
        PERCENT_PLACES, rounding=ROUND_HALF_UP
    )
    text = f"{percent}%"
    status = (
        MetricValue.DataStatus.FINAL
        if today > default_due_dates(year)["year_end_due"]
        else MetricValue.DataStatus.PROVISIONAL
    )
    latest = (
        MetricValue.objects.filter(
            metric=metric, period=year, scope="Coventry", breakdown=""
        )
        .order_by("-revision")
        .first()
    )
    if latest is not None and (
        latest.value_text,
        latest.numerator,
        latest.denominator,
        latest.data_status,
    ) == (text, Decimal(on_time), Decimal(total), status):
        return latest
    return metric_value_record(
        metric=metric,
        period=year,
        text=text,
        numerator=Decimal(on_time),
        denominator=Decimal(total),
        data_status=status,
        note=f"Calculated from appraisal records on {_day(today)}.",
        today=today,
    )


def appraisal_completion_metrics_refresh(
    *, today: dt.date | None = None
) -> list[MetricValue]:
    """The current year's figure and last year's (late starts and sign-offs still
    move it until its sign-off date has passed)."""
    today = today or timezone.localdate()
    current = appraisal_year_for(today)
    start = year_start(current)
    previous = f"{start - 1}-{start % 100:02d}"
    recorded = []
    for year in (previous, current):
        value = appraisal_completion_metric_record(year=year, today=today)
        if value is not None:
            recorded.append(value)
    return recorded


# --------------------------------------------------------------------------------
# Reminders: appraisal due, one-to-one overdue
# --------------------------------------------------------------------------------

REMINDER_DAYS_AHEAD = 14
REMINDER_REPEAT_DAYS = 7


def _link(appraisal: Appraisal | None) -> str:
    path = appraisal.get_absolute_url() if appraisal else reverse("appraisals:mine")
    return site_link(path)


def _send_once(
    *,
    kind: str,
    employee: User,
    recipient: User,
    year: str,
    stage: str,
    today: dt.date,
    subject: str,
    body: str,
) -> bool:
    """Send a reminder unless the same one went to the same person this week.

    Reminders say what is due and when, never what the appraisal contains."""
    if not recipient.email or not recipient.is_active:
        return False
    if Reminder.objects.filter(
        kind=kind,
        employee=employee,
        recipient=recipient,
        year=year,
        stage=stage,
        sent_on__gt=today - dt.timedelta(days=REMINDER_REPEAT_DAYS),
    ).exists():
        return False
    greeting = f"Dear {recipient.first_name or recipient.username},\n\n"
    send_mail(subject, greeting + body, None, [recipient.email])
    Reminder.objects.create(
        kind=kind,
        employee=employee,
        recipient=recipient,
        year=year,
        stage=stage,
        sent_on=today,
    )
    return True


def _recipients(employee: User) -> list[User]:
    manager = employee.line_manager
    people = [employee]
    if manager is not None and manager.pk != employee.pk and is_staff_member(manager):
        people.append(manager)
    return people


def appraisal_due_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind each member of staff, and their line manager, when the next step of
    this year's appraisal is due within two weeks or overdue, or when it has not
    been started. Returns the number of emails sent."""
    today = today or timezone.localdate()
    year = appraisal_year_for(today)
    staff = (
        User.objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
        .select_related("line_manager")
        .distinct()
    )
    appraisals = {a.employee_id: a for a in Appraisal.objects.filter(year=year)}
    horizon = today + dt.timedelta(days=REMINDER_DAYS_AHEAD)
    sent = 0
    for person in staff:
        appraisal = appraisals.get(person.pk)
        if appraisal is None:
            stage, step = "not_started", "Start the appraisal and agree objectives"
            due = default_due_dates(year)["objectives_due"]
        elif appraisal.stage_due is None:
            continue
        else:
            stage, step, due = (
                appraisal.status,
                appraisal.next_step,
                appraisal.stage_due,
            )
        if due > horizon:
            continue
        when = "was due" if due < today else "is due"
        for recipient in _recipients(person):
            whose = "Your" if recipient.pk == person.pk else f"{person}'s"
            sent += _send_once(
                kind=Reminder.Kind.APPRAISAL_DUE,
                employee=person,
                recipient=recipient,
                year=year,
                stage=stage,
                today=today,
                subject=(
                    f"Appraisal {period_label(year)}: {step.lower()} {when} by "
                    f"{_day(due)}"
                ),
                body=(
                    f"{whose} appraisal for {period_label(year)}: {step.lower()} "
                    f"{when} by {_day(due)}.\n\nOpen it here: {_link(appraisal)}\n"
                ),
            )
    return sent


def one_to_one_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the line manager (and the employee) when a one-to-one is overdue on
    an appraisal that is not signed off. Returns the number of emails sent."""
    today = today or timezone.localdate()
    year = appraisal_year_for(today)
    appraisals = with_last_one_to_one(
        Appraisal.objects.filter(year=year)
        .exclude(status=Appraisal.Status.SIGNED_OFF)
        .select_related("employee__line_manager")
    )
    sent = 0
    for appraisal in appraisals:
        last = appraisal.last_one_to_one  # type: ignore[attr-defined]
        due = one_to_one_due(appraisal, last)
        if due >= today:
            continue
        person = appraisal.employee
        if not person.is_active:
            continue
        since = f"the last was on {_day(last)}" if last else "there has been none"
        for recipient in _recipients(person):
            whose = "your" if recipient.pk == person.pk else f"{person}'s"
            sent += _send_once(
                kind=Reminder.Kind.ONE_TO_ONE_OVERDUE,
                employee=person,
                recipient=recipient,
                year=year,
                stage="",
                today=today,
                subject=f"One-to-one overdue: {person}",
                body=(
                    f"A one-to-one for {whose} appraisal was due by "
                    f"{_day(due)}; {since}.\n\nRecord it here: "
                    f"{_link(appraisal)}\n"
                ),
            )
    return sent
