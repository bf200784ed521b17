"""The scorecard's workflows, in one place: their states, the steps between them, and
who may take each step now (``allowed_actions``).

- Figures (a Submission): draft → submitted → approved, or back to returned (and
  from there submitted again). Its officers edit and submit it; the manager of the
  metric's service approves or returns it, never their own.
- Proposals (a Metric or Target not yet agreed): proposed → endorsed → agreed, or
  withdrawn by its author before it is agreed. Nobody endorses their own proposal:
  the service's manager endorses it, or, when that manager proposed it, the
  performance administrator. The portfolio's cabinet member agrees it.
- On a metric, the records it starts: figures entered for it, a target proposed for
  it, a comment.

The services enforce this policy (``require``) and keep no other guard; the pages
show only the buttons it allows; the API asks it in one object-permission class.
Who may take a step is built from the rules in scorecard/permissions.py.

A step the person may take, but not in the record's present state, is refused with
an ApplicationError saying why (the API's 400); a step they may not take at all, a
PermissionDeniedError (403).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser

from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from scorecard import permissions as rules
from scorecard.models import Metric, Submission, Target

Person = User | AnonymousUser

# Steps on a submission.
EDIT = "edit"
SUBMIT = "submit"
APPROVE = "approve"
RETURN = "return"
# Steps on a proposal (a metric or a target).
ENDORSE = "endorse"
AGREE = "agree"
WITHDRAW = "withdraw"
# Records a metric starts.
ENTER_FIGURES = "enter_figures"
PROPOSE_TARGET = "propose_target"
COMMENT = "comment"


@dataclass(frozen=True)
class Transition:
    """A step: the states it starts from and the state it leads to (None: the
    record stays in its state, or the step makes a new record)."""

    step: str
    sources: frozenset[str]
    target: str | None
    out_of_order: str


_OPEN = frozenset({Submission.Status.DRAFT, Submission.Status.RETURNED})

SUBMISSION_TRANSITIONS: Mapping[str, Transition] = {
    t.step: t
    for t in (
        Transition(
            EDIT,
            _OPEN,
            None,
            "This submission is {status} and can no longer be changed.",
        ),
        Transition(
            SUBMIT,
            _OPEN,
            Submission.Status.SUBMITTED,
            "Only a draft or returned submission can be submitted.",
        ),
        Transition(
            APPROVE,
            frozenset({Submission.Status.SUBMITTED}),
            Submission.Status.APPROVED,
            "Only a submission awaiting approval can be reviewed.",
        ),
        Transition(
            RETURN,
            frozenset({Submission.Status.SUBMITTED}),
            Submission.Status.RETURNED,
            "Only a submission awaiting approval can be reviewed.",
        ),
    )
}

# Metric.Status and Target.Status share these values.
_PROPOSED, _ENDORSED = Metric.Status.PROPOSED, Metric.Status.ENDORSED


def _proposal_transitions(kind: str) -> Mapping[str, Transition]:
    return {
        t.step: t
        for t in (
            Transition(
                ENDORSE,
                frozenset({_PROPOSED}),
                Metric.Status.ENDORSED,
                f"Only a proposed {kind} can be endorsed.",
            ),
            Transition(
                AGREE,
                frozenset({_ENDORSED}),
                Metric.Status.AGREED,
                f"A {kind} is agreed after its manager endorses it.",
            ),
            Transition(
                WITHDRAW,
                frozenset({_PROPOSED, _ENDORSED}),
                Metric.Status.WITHDRAWN,
                f"Only a proposed or endorsed {kind} can be withdrawn.",
            ),
        )
    }


METRIC_TRANSITIONS: Mapping[str, Transition] = {
    **_proposal_transitions("metric"),
    # Records started on a metric: figures, target proposals and comments are
    # for metrics in use or on their way; not for a withdrawn one.
    **{
        step: Transition(
            step,
            frozenset(Metric.Status) - {Metric.Status.WITHDRAWN},
            None,
            "This metric was withdrawn by its proposer.",
        )
        for step in (ENTER_FIGURES, PROPOSE_TARGET, COMMENT)
    },
}
TARGET_TRANSITIONS: Mapping[str, Transition] = _proposal_transitions("target")

# Why a person may not take a step at all.
REFUSALS: Mapping[tuple[type[Any], str], str] = {
    (Submission, EDIT): "You may not enter figures for this metric.",
    (Submission, SUBMIT): "You may not submit figures for this metric.",
    (Submission, APPROVE): (
        "Only the manager of this metric's service can approve or return it, "
        "never their own submission."
    ),
    (Submission, RETURN): (
        "Only the manager of this metric's service can approve or return it, "
        "never their own submission."
    ),
    (Metric, ENDORSE): (
        "Only the service's manager endorses a metric, never their own proposal "
        "(the performance administrator endorses the manager's)."
    ),
    (Metric, AGREE): "Only the cabinet member for this metric's portfolio agrees it.",
    (Metric, WITHDRAW): "Only its proposer withdraws a proposed metric.",
    (Metric, ENTER_FIGURES): "You may not enter figures for this metric.",
    (Metric, PROPOSE_TARGET): "You may not propose targets for this metric.",
    (Metric, COMMENT): "You may not comment on this metric.",
    (Target, ENDORSE): (
        "Only the service's manager endorses a target, never their own proposal "
        "(the performance administrator endorses the manager's)."
    ),
    (Target, AGREE): "Only the portfolio's cabinet member agrees a metric's targets.",
    (Target, WITHDRAW): "Only its proposer withdraws a proposed target.",
}

Record = Submission | Metric | Target


def _submission_rules(
    user: Person, submission: Submission
) -> dict[str, Callable[[], bool]]:
    edits = lambda: rules.can_edit_metric(user, submission.metric)  # noqa: E731
    reviews = lambda: rules.can_review_submission(user, submission)  # noqa: E731
    return {EDIT: edits, SUBMIT: edits, APPROVE: reviews, RETURN: reviews}


def _proposal_rules(
    user: Person,
    *,
    proposer_id: int | None,
    proposer: Callable[[], User | None],
    team_id: int | None,
    portfolio_id: int | None,
) -> dict[str, Callable[[], bool]]:
    return {
        ENDORSE: lambda: (
            rules.may_endorse(user)
            and rules.can_endorse_proposal(user, proposer=proposer(), team_id=team_id)
        ),
        AGREE: lambda: rules.can_agree_for_portfolio(user, portfolio_id),
        WITHDRAW: lambda: rules.can_withdraw_proposal(user, proposer_id=proposer_id),
    }


def _rules(user: Person, record: Record) -> dict[str, Callable[[], bool]]:
    """Each step's rule for this person and record, whatever the record's state
    (each asked only when needed: most cost a query)."""
    if isinstance(record, Submission):
        return _submission_rules(user, record)
    if isinstance(record, Metric):
        metric = record
        return {
            **_proposal_rules(
                user,
                proposer_id=metric.proposed_by_id,
                proposer=lambda: metric.proposed_by,
                team_id=metric.team_id,
                portfolio_id=metric.portfolio_id,
            ),
            ENTER_FIGURES: lambda: rules.can_edit_metric(user, metric),
            PROPOSE_TARGET: lambda: (
                rules.may_propose(user) and rules.can_propose_target(user, metric)
            ),
            COMMENT: lambda: rules.may_comment(user),
        }
    target = record
    return _proposal_rules(
        user,
        proposer_id=target.set_by_id,
        proposer=lambda: target.set_by,
        team_id=target.metric.team_id,
        portfolio_id=target.metric.portfolio_id,
    )


def transitions_of(record: Record) -> Mapping[str, Transition]:
    if isinstance(record, Submission):
        return SUBMISSION_TRANSITIONS
    if isinstance(record, Metric):
        return METRIC_TRANSITIONS
    return TARGET_TRANSITIONS


def permitted_actions(user: Person, record: Record) -> frozenset[str]:
    """The steps this person may take on this record in some state: their roles
    and their part in it (author, manager, portfolio) allow them."""
    return frozenset(step for step, rule in _rules(user, record).items() if rule())


def allowed_actions(user: Person, record: Record) -> frozenset[str]:
    """The steps this person may take on this record now, in its present state.
    Pages show a button for each; nothing else."""
    transitions = transitions_of(record)
    rules_now = _rules(user, record)
    return frozenset(
        step
        for step, transition in transitions.items()
        if record.status in transition.sources and rules_now[step]()
    )


def refusal(record: Record, step: str) -> str:
    return REFUSALS[(type(record), step)]


def require(user: Person, record: Record, step: str) -> Transition:
    """The step's transition if the person may take it on the record now; otherwise
    PermissionDeniedError (they may not take it at all) or ApplicationError (not
    in the record's present state)."""
    transition = transitions_of(record)[step]
    if not _rules(user, record)[step]():
        raise PermissionDeniedError(refusal(record, step))
    if record.status not in transition.sources:
        label = record.get_status_display().lower()
        raise ApplicationError(transition.out_of_order.format(status=label))
    return transition


def require_permission(user: Person, record: Record, step: str) -> None:
    """PermissionDeniedError if the person may not take the step on the record in
    any state: asked before a write's fields are read, and before its record is
    locked and its version and state checked (then ``require``)."""
    if not _rules(user, record)[step]():
        raise PermissionDeniedError(refusal(record, step))
