"""The action updates' workflow, in one place: its states, the steps between them,
and who may take each step now (``allowed_actions``).

An officer (or manager) who may edit an action submits an update on it: the update
is submitted (awaiting approval), and one at a time per action. The manager of the
action's service approves it (the action takes its status and percentage) or returns
it with a comment; nobody reviews their own update. A returned update stays as it
was: the officer submits a new one.

The services enforce this policy (``require``) and keep no other guard; the pages
show only the buttons it allows; the API asks it in one object-permission class.
Who may take a step is built from the rules in strategies/permissions.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from strategies import permissions as rules
from strategies.models import Action, ProgressUpdate

Person = User | AnonymousUser

# A step on an action: submit an update on it.
UPDATE = "update"
# Steps on an update.
APPROVE = "approve"
RETURN = "return"


@dataclass(frozen=True)
class Transition:
    """A step: the states it starts from and the state it leads to."""

    step: str
    sources: frozenset[str]
    target: str
    out_of_order: str


UPDATE_TRANSITIONS: Mapping[str, Transition] = {
    t.step: t
    for t in (
        Transition(
            APPROVE,
            frozenset({ProgressUpdate.Approval.SUBMITTED}),
            ProgressUpdate.Approval.APPROVED,
            "Only an update awaiting approval can be reviewed.",
        ),
        Transition(
            RETURN,
            frozenset({ProgressUpdate.Approval.SUBMITTED}),
            ProgressUpdate.Approval.RETURNED,
            "Only an update awaiting approval can be reviewed.",
        ),
    )
}

AWAITING = "An update to this action is already awaiting approval."

REFUSALS: Mapping[str, str] = {
    UPDATE: "You may not update this action.",
    APPROVE: (
        "Only the manager of this action's service can approve or return it, "
        "never their own update."
    ),
    RETURN: (
        "Only the manager of this action's service can approve or return it, "
        "never their own update."
    ),
}

Record = Action | ProgressUpdate


def _awaiting(action: Action) -> bool:
    return action.updates.filter(approval=ProgressUpdate.Approval.SUBMITTED).exists()


def _rules(user: Person, record: Record) -> dict[str, Callable[[], bool]]:
    if isinstance(record, Action):
        action = record
        return {UPDATE: lambda: rules.can_edit_action(user, action)}
    update = record
    reviews = lambda: rules.can_review_update(user, update)  # noqa: E731
    return {APPROVE: reviews, RETURN: reviews}


def _in_state(record: Record, step: str) -> bool:
    if isinstance(record, Action):
        return not _awaiting(record)
    return record.approval in UPDATE_TRANSITIONS[step].sources


def permitted_actions(user: Person, record: Record) -> frozenset[str]:
    """The steps this person may take on this record in some state."""
    return frozenset(step for step, rule in _rules(user, record).items() if rule())


def allowed_actions(user: Person, record: Record) -> frozenset[str]:
    """The steps this person may take on this record now. Pages show a button for
    each; nothing else."""
    return frozenset(
        step
        for step, rule in _rules(user, record).items()
        if rule() and _in_state(record, step)
    )


def refusal(record: Record, step: str) -> str:
    return REFUSALS[step]


def require(user: Person, record: Record, step: str) -> None:
    """Nothing if the person may take the step on the record now; otherwise
    PermissionDeniedError (they may not take it at all) or ApplicationError (not
    in the record's present state)."""
    if not _rules(user, record)[step]():
        raise PermissionDeniedError(REFUSALS[step])
    if not _in_state(record, step):
        raise ApplicationError(
            AWAITING
            if isinstance(record, Action)
            else UPDATE_TRANSITIONS[step].out_of_order
        )


def require_permission(user: Person, record: Record, step: str) -> None:
    """PermissionDeniedError if the person may not take the step on the record in
    any state: asked before a write's fields are read, and before its record is
    locked and its version and state checked (then ``require``)."""
    if not _rules(user, record)[step]():
        raise PermissionDeniedError(REFUSALS[step])
