"""The annual report's approval and publication: its one policy (STYLE.md rule 10).

A generated report is a draft. The performance administrator and a cabinet member
(two different people) approve it; the administrator, having approved, may ask the
cabinet members to approve (a notification, kept in the draft's history); with both
approvals it is approved, and the administrator publishes it. A published report is
corrected by a new run, published as the next version.

Built from the role rules in reports/permissions.py. The services enforce it
(``enforce``), the pages show only what ``allowed_actions`` returns, and the API
asks it through one object permission (reports/api.py). A refusal is a
PermissionDeniedError (403) when the person's roles never allow the step, an
ApplicationError (400) with the reason when they do but not now.

``todo_items(user)`` lists the reports waiting for this person: drafts to approve
(cabinet members and the administrator), a draft to ask a cabinet member about, and
approved reports to publish (the administrator).

The second policy here is the commentary on each priority and directorate (who
edits and signs it off): ``narrative_allowed_actions``, ``narrative_todo_items``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.urls import reverse

from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from coventry_pm.core.todo import TodoItem
from reports.models import ReportApprovalRequest, ReportNarrative, ReportSnapshot
from reports.permissions import (
    can_approve_as_cabinet,
    can_read_report,
    can_run_reports,
    directs,
    is_director,
)

# The states: a draft is one of three, by the approvals it has.
AWAITING_BOTH = "awaiting_both"
AWAITING_CABINET = "awaiting_cabinet"
AWAITING_ADMINISTRATOR = "awaiting_administrator"
APPROVED = ReportSnapshot.Status.APPROVED.value
PUBLISHED = ReportSnapshot.Status.PUBLISHED.value
SUPERSEDED = ReportSnapshot.Status.SUPERSEDED.value
STATES: tuple[str, ...] = (
    AWAITING_BOTH,
    AWAITING_CABINET,
    AWAITING_ADMINISTRATOR,
    APPROVED,
    PUBLISHED,
    SUPERSEDED,
)
DRAFT_STATES = (AWAITING_BOTH, AWAITING_CABINET, AWAITING_ADMINISTRATOR)

# Starting a run (a new report, or a correction of a published one).
RUN = "run"
# The steps on a report.
APPROVE = "approve"
REQUEST_APPROVAL = "request_approval"
PUBLISH = "publish"
CORRECT = "correct"
ACTIONS: tuple[str, ...] = (APPROVE, REQUEST_APPROVAL, PUBLISH, CORRECT)

# Where each step may be taken from, and where it leads.
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    APPROVE: {
        # The first approval, in the approver's capacity.
        AWAITING_BOTH: (AWAITING_CABINET, AWAITING_ADMINISTRATOR),
        AWAITING_CABINET: (APPROVED,),
        AWAITING_ADMINISTRATOR: (APPROVED,),
    },
    REQUEST_APPROVAL: {AWAITING_CABINET: (AWAITING_CABINET,)},
    PUBLISH: {APPROVED: (PUBLISHED,)},
    # A new run, published later as the next version; this one is then superseded.
    CORRECT: {PUBLISHED: (PUBLISHED, SUPERSEDED)},
}

# Whose roles allow each step at all (the view-level rule), and what the others
# are told.
RoleRule = Callable[[User | AnonymousUser], bool]
ROLE_RULES: dict[str, tuple[RoleRule, str]] = {
    RUN: (can_run_reports, "Only the performance administrator runs reports."),
    APPROVE: (
        lambda user: can_run_reports(user) or can_approve_as_cabinet(user),
        "Only the performance administrator and cabinet members approve reports.",
    ),
    REQUEST_APPROVAL: (
        can_run_reports,
        "Only the performance administrator asks for a report's approval.",
    ),
    PUBLISH: (
        can_run_reports,
        "Only the performance administrator publishes reports.",
    ),
    CORRECT: (
        can_run_reports,
        "Only the performance administrator runs reports.",
    ),
}


def state_of(snapshot: ReportSnapshot) -> str:
    if snapshot.status != ReportSnapshot.Status.DRAFT:
        return str(snapshot.status)
    admin = snapshot.approved_by_admin_id is not None
    cabinet = snapshot.approved_by_cabinet_id is not None
    if admin and not cabinet:
        return AWAITING_CABINET
    if cabinet and not admin:
        return AWAITING_ADMINISTRATOR
    return AWAITING_BOTH


def roles_allow(user: User | AnonymousUser, action: str) -> bool:
    """Whether this person's roles let them take the step on any report (what the
    API asks before the body is read, and the pages before the report)."""
    return ROLE_RULES[action][0](user)


def roles_allow_any(user: User | AnonymousUser) -> bool:
    """Whether this person takes part in approval and publication at all (they see
    the report's approval panel and its history, whatever its state)."""
    return any(roles_allow(user, action) for action in ACTIONS)


def approval_capacity(user: User | AnonymousUser, snapshot: ReportSnapshot) -> str:
    """In which capacity this person would approve the draft now: "admin",
    "cabinet", or "" when they may not (see ``refusal`` for why)."""
    if not isinstance(user, User):
        return ""
    if can_run_reports(user) and snapshot.approved_by_admin_id is None:
        return "" if snapshot.approved_by_cabinet_id == user.pk else "admin"
    if can_approve_as_cabinet(user) and snapshot.approved_by_cabinet_id is None:
        return "" if snapshot.approved_by_admin_id == user.pk else "cabinet"
    return ""


def _state_reason(user: User, snapshot: ReportSnapshot, action: str) -> str | None:
    status = snapshot.status
    if action == APPROVE:
        if status != ReportSnapshot.Status.DRAFT:
            return (
                f"This report is {snapshot.get_status_display().lower()}: only a "
                "draft is approved."
            )
        if approval_capacity(user, snapshot):
            return None
        if (
            can_run_reports(user)
            and snapshot.approved_by_admin_id is None
            and snapshot.approved_by_cabinet_id == user.pk
        ):
            return "You have approved it as a cabinet member."
        if (
            can_approve_as_cabinet(user)
            and snapshot.approved_by_cabinet_id is None
            and snapshot.approved_by_admin_id == user.pk
        ):
            return "You have approved it as the performance administrator."
        return "Your approval is already recorded."
    if action == REQUEST_APPROVAL:
        state = state_of(snapshot)
        if status != ReportSnapshot.Status.DRAFT:
            return "Only a draft waits for approval."
        if state == AWAITING_ADMINISTRATOR:
            return "A cabinet member has approved it: it waits for your approval."
        if state == AWAITING_BOTH:
            return "Approve the draft first, then ask a cabinet member to approve it."
        return None
    if action == PUBLISH:
        if status != ReportSnapshot.Status.APPROVED:
            return (
                "A report is published once the performance administrator and a "
                "cabinet member have approved it."
            )
        return None
    if action == CORRECT and status != ReportSnapshot.Status.PUBLISHED:
        return "Only the published version of a report is corrected."
    return None


def refusal(
    user: User | AnonymousUser, snapshot: ReportSnapshot, action: str
) -> ApplicationError | None:
    """None when this person may take the step on this report now; otherwise the
    refusal to raise (PermissionDeniedError: never; ApplicationError: not now)."""
    rule, message = ROLE_RULES[action]
    if not rule(user) or not can_read_report(user, snapshot):
        return PermissionDeniedError(message)
    reason = _state_reason(user, snapshot, action)  # type: ignore[arg-type]
    return ApplicationError(reason) if reason is not None else None


def allowed_actions(
    user: User | AnonymousUser, snapshot: ReportSnapshot
) -> frozenset[str]:
    """The steps this person may take on this report now."""
    return frozenset(a for a in ACTIONS if refusal(user, snapshot, a) is None)


def enforce(user: User | None, snapshot: ReportSnapshot, action: str) -> None:
    """Raise the refusal unless this person may take the step now (services)."""
    refused = refusal(user or AnonymousUser(), snapshot, action)
    if refused is not None:
        raise refused


def enforce_run(user: User | None) -> None:
    """Starting a run (a new report or a correction): the administrator's. None is
    the product itself (a command or a test)."""
    if user is not None and not roles_allow(user, RUN):
        raise PermissionDeniedError(ROLE_RULES[RUN][1])


# --------------------------------------------------------------------------------
# The approval history, and each person's to-do items
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEvent:
    when: dt.datetime
    who: str
    what: str


def approval_history(snapshot: ReportSnapshot) -> list[HistoryEvent]:
    """Who approved, asked for approval and published the report, and when, oldest
    first."""
    events = [
        HistoryEvent(snapshot.created_at, "", "Generated as a draft"),
    ]
    if snapshot.approved_by_admin_at:
        events.append(
            HistoryEvent(
                snapshot.approved_by_admin_at,
                str(snapshot.approved_by_admin or "Someone since removed"),
                "Approved as the performance administrator",
            )
        )
    for asked in snapshot.approval_requests.select_related(
        "requested_by"
    ).prefetch_related("recipients"):
        names = ", ".join(str(person) for person in asked.recipients.all())
        events.append(
            HistoryEvent(
                asked.requested_at,
                str(asked.requested_by or "Someone since removed"),
                f"Asked {names or 'the cabinet members'} to approve",
            )
        )
    if snapshot.approved_by_cabinet_at:
        events.append(
            HistoryEvent(
                snapshot.approved_by_cabinet_at,
                str(snapshot.approved_by_cabinet or "Someone since removed"),
                "Approved as a cabinet member",
            )
        )
    if snapshot.published_at:
        events.append(
            HistoryEvent(
                snapshot.published_at,
                str(snapshot.published_by or "Someone since removed"),
                "Published",
            )
        )
    return sorted(events, key=lambda event: event.when)


# The to-do list's heading for these steps (coventry_pm.core.todo).
LIST_HEADING = "Reports to approve or publish"


def todo_items(user: User | AnonymousUser) -> list[TodoItem]:
    """The reports waiting for this person: drafts to approve (the administrator
    and cabinet members), a draft the administrator has approved and not yet asked
    a cabinet member about, and approved reports to publish. Each links to the
    report's approval panel; an item goes once its step is done. One query."""
    if not roles_allow_any(user):
        return []
    snapshots = (
        ReportSnapshot.objects.filter(
            status__in=[ReportSnapshot.Status.DRAFT, ReportSnapshot.Status.APPROVED]
        )
        .select_related("plan")
        .annotate(
            asked=Exists(ReportApprovalRequest.objects.filter(snapshot=OuterRef("pk")))
        )
        .order_by("-created_at", "-pk")
    )
    items: list[TodoItem] = []
    for snapshot in snapshots:
        actions = allowed_actions(user, snapshot)
        url = f"{snapshot.get_absolute_url()}#publication-heading"
        label = ""
        if APPROVE in actions:
            label = f"Approve the draft {snapshot.name}"
        elif REQUEST_APPROVAL in actions and not snapshot.asked:
            label = f"Ask a cabinet member to approve the {snapshot.name}"
        elif PUBLISH in actions:
            label = f"Publish the {snapshot.name}"
        if label:
            items.append(TodoItem(group=LIST_HEADING, label=label, url=url))
    return items


# --------------------------------------------------------------------------------
# The commentary on each priority and directorate: edited, then signed off
# --------------------------------------------------------------------------------
#
# The report drafts a commentary for each priority and each directorate
# (reports.annual.narrative). The performance administrator edits and signs off a
# priority's; a directorate's director signs off their directorate's (the
# performance administrator where it has none), and either of them edits it. An
# edit after sign-off waits for a new sign-off, and the report shows the text as
# last signed off meanwhile. A version whose figures differ may be signed off
# again. Once the report is published its commentary stands: a correction (a new
# version) can carry new commentary.

NARRATIVE_DRAFTED = "drafted"
NARRATIVE_SIGNED_OFF = "signed_off"
NARRATIVE_EDITED = "edited_since_sign_off"
NARRATIVE_STATES: tuple[str, ...] = (
    NARRATIVE_DRAFTED,
    NARRATIVE_SIGNED_OFF,
    NARRATIVE_EDITED,
)
NARRATIVE_STATE_LABELS = {
    NARRATIVE_DRAFTED: "Draft — not signed off",
    NARRATIVE_SIGNED_OFF: "Signed off",
    NARRATIVE_EDITED: "Edited since it was signed off — not signed off",
}

EDIT_NARRATIVE = "edit_narrative"
SIGN_OFF_NARRATIVE = "sign_off_narrative"
NARRATIVE_ACTIONS: tuple[str, ...] = (EDIT_NARRATIVE, SIGN_OFF_NARRATIVE)
NARRATIVE_TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    EDIT_NARRATIVE: {
        NARRATIVE_DRAFTED: (NARRATIVE_DRAFTED,),
        NARRATIVE_SIGNED_OFF: (NARRATIVE_EDITED,),
        NARRATIVE_EDITED: (NARRATIVE_EDITED,),
    },
    SIGN_OFF_NARRATIVE: {
        NARRATIVE_DRAFTED: (NARRATIVE_SIGNED_OFF,),
        NARRATIVE_EDITED: (NARRATIVE_SIGNED_OFF,),
        # Again, against a version of the report whose figures it has not seen.
        NARRATIVE_SIGNED_OFF: (NARRATIVE_SIGNED_OFF,),
    },
}


@dataclass(frozen=True)
class NarrativeSubject:
    """One commentary as the policy reads it: which priority or directorate, its
    director now (directorates; None where there is none), the report version it
    is read with, and its stored record (None until someone edits or signs it)."""

    scope: str
    key: int
    director_id: int | None
    snapshot: ReportSnapshot
    narrative: ReportNarrative | None


def _kept(sentences: list[dict[str, Any]]) -> list[str]:
    return [s["text"] for s in sentences if s["text"].strip()]


def narrative_state(narrative: ReportNarrative | None) -> str:
    """Drafted (never signed off), signed off, or edited since (its sentences
    are no longer those signed off)."""
    if narrative is None or narrative.signed_off_at is None:
        return NARRATIVE_DRAFTED
    if _kept(narrative.sentences) != _kept(narrative.signed_off_sentences):
        return NARRATIVE_EDITED
    return NARRATIVE_SIGNED_OFF


def narrative_signer(subject: NarrativeSubject) -> str:
    """Who signs this commentary off, in words."""
    if subject.scope == ReportNarrative.Scope.DIRECTORATE and subject.director_id:
        return "the directorate's director"
    return "the performance administrator"


def _narrative_role_refusal(
    user: User | AnonymousUser, subject: NarrativeSubject, action: str
) -> str | None:
    administrator = can_run_reports(user)
    if subject.scope == ReportNarrative.Scope.PRIORITY:
        if administrator:
            return None
        return (
            "Only the performance administrator edits and signs off the commentary "
            "on a priority."
        )
    director = directs(user, subject.director_id)
    if action == EDIT_NARRATIVE:
        if administrator or director:
            return None
        return (
            "Only the directorate's director and the performance administrator edit "
            "the commentary on a directorate."
        )
    if subject.director_id is None:
        if administrator:
            return None
        return (
            "This directorate has no director: the performance administrator signs "
            "off its commentary."
        )
    if director:
        return None
    return "Only the directorate's director signs off the commentary on it."


def _narrative_state_reason(subject: NarrativeSubject, action: str) -> str | None:
    if subject.snapshot.is_public:
        return (
            "This version of the report is published: its commentary stands as "
            "signed off. A correction (a new version) can carry new commentary."
        )
    if action == SIGN_OFF_NARRATIVE:
        narrative = subject.narrative
        if (
            narrative_state(narrative) == NARRATIVE_SIGNED_OFF
            and narrative is not None
            and narrative.signed_off_against_id == subject.snapshot.pk
        ):
            return "It is signed off already: edit it to change it."
    return None


def narrative_refusal(
    user: User | AnonymousUser, subject: NarrativeSubject, action: str
) -> ApplicationError | None:
    """None when this person may take the step on this commentary now; else the
    refusal (PermissionDeniedError: never; ApplicationError: not now)."""
    reason = _narrative_role_refusal(user, subject, action)
    if reason is not None:
        return PermissionDeniedError(reason)
    reason = _narrative_state_reason(subject, action)
    return ApplicationError(reason) if reason is not None else None


def narrative_allowed_actions(
    user: User | AnonymousUser, subject: NarrativeSubject
) -> frozenset[str]:
    """The steps this person may take on this commentary now."""
    return frozenset(
        a for a in NARRATIVE_ACTIONS if narrative_refusal(user, subject, a) is None
    )


def narrative_may_ever(
    user: User | AnonymousUser, subject: NarrativeSubject, action: str
) -> bool:
    """Whether this person's place lets them take the step on this commentary
    at all (whatever the report's state): what the services ask first."""
    return _narrative_role_refusal(user, subject, action) is None


def enforce_narrative_role(
    user: User | None, subject: NarrativeSubject, action: str
) -> None:
    """Raise PermissionDeniedError unless the person may ever take the step."""
    reason = _narrative_role_refusal(user or AnonymousUser(), subject, action)
    if reason is not None:
        raise PermissionDeniedError(reason)


def enforce_narrative(
    user: User | None, subject: NarrativeSubject, action: str
) -> None:
    """Raise the refusal unless the person may take the step now (services)."""
    refused = narrative_refusal(user or AnonymousUser(), subject, action)
    if refused is not None:
        raise refused


def takes_part_in_narratives(user: User | AnonymousUser) -> bool:
    """The performance administrator and directors (who reach the commentary
    pages of a draft they may not otherwise read)."""
    return can_run_reports(user) or is_director(user)


NARRATIVE_LIST_HEADING = "Report commentary to sign off"


def narrative_todo_items(user: User | AnonymousUser) -> list[TodoItem]:
    """The commentary waiting for this person's sign-off, on the reports not yet
    published: each priority's (the performance administrator), each
    directorate's (its director, or the administrator where it has none). Four
    queries, whatever the number of reports."""
    if not takes_part_in_narratives(user):
        return []
    from reports.selectors import narrative_subjects_waiting  # the reads

    items = []
    for subject, title in narrative_subjects_waiting():
        if SIGN_OFF_NARRATIVE not in narrative_allowed_actions(user, subject):
            continue
        snapshot = subject.snapshot
        items.append(
            TodoItem(
                group=NARRATIVE_LIST_HEADING,
                label=f"Sign off the commentary on {title}: {snapshot.name}",
                url=reverse(
                    "reports:narrative",
                    args=[snapshot.pk, subject.scope, subject.key],
                ),
            )
        )
    return items
