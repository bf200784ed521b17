"""The appraisal workflow's one policy (STYLE.md rule 10): its states, its steps and
who may take which step now.

Built from the role rules in appraisals/permissions.py. The services enforce it
(``enforce``), the pages and templates show only what ``allowed_actions`` returns,
and the API asks it through one object-permission class (appraisals/api.py).

A refusal comes in two kinds, so a person is told the right thing:
- PermissionDeniedError: this person may never take the step on this appraisal
  (not the employee, not the line manager): a 403.
- ApplicationError: they may, but not now (the appraisal is in another state, or
  they have already signed): a 400 with the reason.

``todo_items(user)`` lists the steps waiting for a person (their own appraisal and
those of the people they line-manage), each linked to the page where it is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from appraisals import permissions
from appraisals.models import Appraisal, appraisal_year_for, default_due_dates
from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from coventry_pm.core.todo import TodoItem
from scorecard.domain.periods import period_label

Status = Appraisal.Status

# The states, in order; SIGNED_OFF is final. Between YEAR_END_DONE and SIGNED_OFF
# an appraisal may carry one of the two signatures: it is then closed to every
# change but the other signature.
STATES: tuple[str, ...] = tuple(Status.values)

# The steps.
START = "start"
EDIT_OBJECTIVES = "edit_objectives"
RATE = "rate"
RECORD_ONE_TO_ONE = "record_one_to_one"
EDIT_DEVELOPMENT_NEEDS = "edit_development_needs"
AGREE_OBJECTIVES = "agree_objectives"
MID_YEAR_REVIEW = "mid_year_review"
YEAR_END_REVIEW = "year_end_review"
SIGN_OFF = "sign_off"

# Steps on an existing appraisal (START is asked of a person, not an appraisal).
ACTIONS: tuple[str, ...] = (
    EDIT_OBJECTIVES,
    RATE,
    RECORD_ONE_TO_ONE,
    EDIT_DEVELOPMENT_NEEDS,
    AGREE_OBJECTIVES,
    MID_YEAR_REVIEW,
    YEAR_END_REVIEW,
    SIGN_OFF,
)

# The steps that move the status: from which states, to which.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    AGREE_OBJECTIVES: ((Status.DRAFT,), Status.OBJECTIVES_AGREED),
    MID_YEAR_REVIEW: (
        (Status.OBJECTIVES_AGREED, Status.MID_YEAR_DONE),
        Status.MID_YEAR_DONE,
    ),
    YEAR_END_REVIEW: (
        (Status.MID_YEAR_DONE, Status.YEAR_END_DONE),
        Status.YEAR_END_DONE,
    ),
    # With the second signature; the first leaves the status as it is.
    SIGN_OFF: ((Status.YEAR_END_DONE,), Status.SIGNED_OFF),
}

# Who may ever take each step on an appraisal (the role rule), and what they are
# told when they may not.
Rule = Callable[[User | AnonymousUser, Appraisal], bool]
ROLE_RULES: dict[str, tuple[Rule, str]] = {
    EDIT_OBJECTIVES: (
        permissions.can_edit_objectives,
        "Only the employee writes their objectives.",
    ),
    RATE: (
        permissions.can_rate,
        "Only the employee and their line manager record ratings.",
    ),
    RECORD_ONE_TO_ONE: (
        permissions.can_record_one_to_one,
        "Only the employee and their line manager record one-to-ones.",
    ),
    EDIT_DEVELOPMENT_NEEDS: (
        permissions.can_edit_development_needs,
        "Only the employee and their line manager record development needs.",
    ),
    AGREE_OBJECTIVES: (
        permissions.can_review,
        "Only the employee's line manager agrees their objectives.",
    ),
    MID_YEAR_REVIEW: (
        permissions.can_review,
        "Only the employee's line manager reviews their appraisal.",
    ),
    YEAR_END_REVIEW: (
        permissions.can_review,
        "Only the employee's line manager reviews their appraisal.",
    ),
    SIGN_OFF: (
        permissions.can_sign_off,
        "Only the employee and their line manager sign the appraisal.",
    ),
}

# Steps that change the appraisal's content: closed once anyone has signed.
CONTENT_STEPS = frozenset(
    {
        EDIT_OBJECTIVES,
        RATE,
        RECORD_ONE_TO_ONE,
        EDIT_DEVELOPMENT_NEEDS,
        AGREE_OBJECTIVES,
        MID_YEAR_REVIEW,
        YEAR_END_REVIEW,
    }
)


def has_objectives(appraisal: Appraisal) -> bool:
    """Whether the appraisal has objectives to agree. A list page may set
    ``appraisal.has_objectives`` for many at once (one query, not one each)."""
    known = getattr(appraisal, "has_objectives", None)
    if known is not None:
        return bool(known)
    return appraisal.objectives.exists()


def _closed_reason(appraisal: Appraisal) -> str | None:
    if appraisal.status == Status.SIGNED_OFF:
        return (
            f"The {appraisal.year} appraisal has been signed off; it can no longer "
            "be changed."
        )
    if appraisal.is_signed:
        return (
            f"The {appraisal.year} appraisal has been signed by one of you; only the "
            "other signature can be added now."
        )
    return None


def _state_reason(user: User, appraisal: Appraisal, action: str) -> str | None:
    """Why a person who may take the step cannot take it now (None: they can)."""
    status = appraisal.status
    if action == SIGN_OFF:
        if status == Status.SIGNED_OFF:
            return "The appraisal is already signed off."
        if status != Status.YEAR_END_DONE:
            return "The appraisal is signed after the year-end review."
        if permissions.is_appraisee(user, appraisal):
            if appraisal.employee_signed_off_at:
                return "You have already signed this appraisal."
        elif appraisal.manager_signed_off_at:
            return "The manager has already signed this appraisal."
        return None
    closed = _closed_reason(appraisal)
    if closed is not None:
        return closed
    if action == AGREE_OBJECTIVES:
        if status != Status.DRAFT:
            return "The objectives have already been agreed."
        if not has_objectives(appraisal):
            return "There are no objectives to agree yet."
    elif action == MID_YEAR_REVIEW and status not in TRANSITIONS[action][0]:
        return (
            "The mid-year review follows agreed objectives and comes before the "
            "year-end review."
        )
    elif action == YEAR_END_REVIEW and status not in TRANSITIONS[action][0]:
        return "The year-end review follows the mid-year review."
    return None


def refusal(
    user: User | AnonymousUser, appraisal: Appraisal, action: str
) -> ApplicationError | None:
    """None when this person may take the step now; otherwise the refusal to raise
    (PermissionDeniedError: never; ApplicationError: not now)."""
    rule, message = ROLE_RULES[action]
    if not rule(user, appraisal):
        return PermissionDeniedError(message)
    reason = _state_reason(user, appraisal, action)  # type: ignore[arg-type]
    return ApplicationError(reason) if reason is not None else None


def allowed_actions(user: User | AnonymousUser, appraisal: Appraisal) -> frozenset[str]:
    """The steps this person may take on this appraisal now."""
    return frozenset(a for a in ACTIONS if refusal(user, appraisal, a) is None)


def may_ever(user: User | AnonymousUser, appraisal: Appraisal, action: str) -> bool:
    """Whether this person's place on the appraisal lets them take the step at all
    (whatever its state): what the API's object permission asks."""
    return not isinstance(refusal(user, appraisal, action), PermissionDeniedError)


def enforce(user: User, appraisal: Appraisal, action: str) -> None:
    """Raise the refusal unless this person may take the step now (services)."""
    refused = refusal(user, appraisal, action)
    if refused is not None:
        raise refused


def enforce_start(user: User, employee: User) -> None:
    if not permissions.can_start_appraisal(user, employee):
        raise PermissionDeniedError(
            "You may start your own appraisal, or one for someone you line-manage."
        )


def may_start(user: User | AnonymousUser, employee: User) -> bool:
    return permissions.can_start_appraisal(user, employee)


def may_start_any(user: User | AnonymousUser) -> bool:
    """Whether this person's roles let them start any appraisal (their own)."""
    return permissions.is_staff_member(user)


# --------------------------------------------------------------------------------
# The next step, and each person's to-do items
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A step someone can take now: ``page`` is where it is done; ``url`` is where
    its form goes (the same page, or, for a step that is one button on the
    appraisal's page, the address the button posts to)."""

    action: str
    label: str
    url: str
    page: str
    due: dt.date | None = None
    is_post: bool = False

    def is_overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


# The to-do list's heading for these steps (coventry_pm.core.todo).
LIST_HEADING = "Appraisal steps"


def _form_step(action: str, label: str, page: str, due: dt.date) -> Step:
    """A step done on a page of its own: its form is on that page."""
    return Step(action, label, page, page, due)


def _whose(user: User, appraisal: Appraisal, own: str, theirs: str) -> str:
    if appraisal.employee_id == user.pk:
        return own
    return theirs.format(name=appraisal.employee)


def next_step(user: User | AnonymousUser, appraisal: Appraisal) -> Step | None:
    """The step of the appraisal's current stage that is this person's to take now
    (None when the next move is someone else's, or there is none)."""
    if not isinstance(user, User):
        return None
    actions = allowed_actions(user, appraisal)
    detail = appraisal.get_absolute_url()
    status = appraisal.status
    if SIGN_OFF in actions:
        return Step(
            SIGN_OFF,
            _whose(user, appraisal, "Sign your appraisal", "Sign {name}'s appraisal"),
            f"{detail}#sign-off",
            f"{detail}#sign-off",
            appraisal.year_end_due,
        )
    if status == Status.DRAFT:
        if AGREE_OBJECTIVES in actions:
            return Step(
                AGREE_OBJECTIVES,
                f"Agree {appraisal.employee}'s objectives",
                reverse("appraisals:agree_objectives", args=[appraisal.pk]),
                f"{detail}#objectives",
                appraisal.objectives_due,
                is_post=True,
            )
        if EDIT_OBJECTIVES in actions and not has_objectives(appraisal):
            return _form_step(
                EDIT_OBJECTIVES,
                "Write your objectives",
                reverse("appraisals:objective_add", args=[appraisal.pk]),
                appraisal.objectives_due,
            )
        return None
    if status == Status.OBJECTIVES_AGREED and MID_YEAR_REVIEW in actions:
        return _form_step(
            MID_YEAR_REVIEW,
            f"Write {appraisal.employee}'s mid-year review",
            reverse("appraisals:review", args=[appraisal.pk, "mid-year"]),
            appraisal.mid_year_due,
        )
    if status == Status.MID_YEAR_DONE and YEAR_END_REVIEW in actions:
        return _form_step(
            YEAR_END_REVIEW,
            f"Write {appraisal.employee}'s year-end review",
            reverse("appraisals:review", args=[appraisal.pk, "year-end"]),
            appraisal.year_end_due,
        )
    return None


def todo_items(
    user: User | AnonymousUser, *, today: dt.date | None = None
) -> list[TodoItem]:
    """The appraisal steps waiting for this person this year: starting and writing
    their own objectives and signing their own appraisal; for a line manager,
    agreeing, reviewing and signing their reports'. Each links to the page where
    it is done; an item goes once its step is done. Two queries, plus one for the
    objectives of the appraisals in draft."""
    if not isinstance(user, User) or not permissions.is_staff_member(user):
        return []
    today = today or timezone.localdate()
    year = appraisal_year_for(today)
    appraisals = list(
        Appraisal.objects.filter(year=year)
        .filter(
            # Own, or of someone this person line-manages directly (the reviewer).
            employee_id__in=_own_and_reports(user)
        )
        .select_related("employee")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )
    drafts = [a.pk for a in appraisals if a.status == Status.DRAFT]
    with_objectives = set(
        Appraisal.objects.filter(pk__in=drafts, objectives__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
        if drafts
        else []
    )
    items: list[TodoItem] = []
    if not any(a.employee_id == user.pk for a in appraisals) and may_start(user, user):
        objectives_due = default_due_dates(year)["objectives_due"]
        items.append(
            TodoItem(
                group=LIST_HEADING,
                label=f"Start your {period_label(year)} appraisal",
                url=reverse("appraisals:mine"),
                due=objectives_due,
                overdue=objectives_due < today,
            )
        )
    for appraisal in appraisals:
        appraisal.has_objectives = appraisal.pk in with_objectives  # type: ignore[attr-defined]
        step = next_step(user, appraisal)
        if step is None:
            continue
        items.append(
            TodoItem(
                group=LIST_HEADING,
                label=step.label,
                url=step.page,
                due=step.due,
                overdue=step.is_overdue(today),
            )
        )
    return items


def _own_and_reports(user: User) -> list[int]:
    return [
        user.pk,
        *User.objects.filter(line_manager=user).values_list("pk", flat=True),
    ]
