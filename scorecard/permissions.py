"""Who may do what in the scorecard (DESIGN.md section 4): enter and submit figures,
approve or return them, propose metrics and targets, endorse and agree them, and
comment. Deny by default: every rule answers False unless it grants the access.

Two kinds of rule:
- ``may_*`` ask only the person's roles: could they ever take the step, on any
  record? The API asks them before it reads a request's body.
- ``can_*`` ask about one record (a metric, a proposal, a submission).

The workflow policy (scorecard/workflow.py) is built from these rules, with the
states each step starts from; services, pages and the API ask it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from coventry_pm.accounts.models import Role, User
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_plan,
    can_review_work,
    holds_portfolio,
    is_member,
    manages_team,
)

if TYPE_CHECKING:
    from scorecard.models import Metric, Submission

# Who comments on metrics and their proposals: the council's staff, and the cabinet
# members who agree them. Councillors and partners read, and write nothing.
COMMENTERS = (
    Role.EMPLOYEE,
    Role.OFFICER,
    Role.MANAGER,
    Role.HR,
    Role.PERFORMANCE_ADMIN,
    Role.CABINET_MEMBER,
)


# --- Whose work: the rules the figures and the plan's actions share -------------
# (strategies/permissions.py asks these too: an action is owned, and its updates
# reviewed, as a metric and its figures are.)


def owns_as_officer(user: User, owner_id: int | None, team_id: int | None) -> bool:
    """An officer who owns a record, or whose team does."""
    return user.has_role(Role.OFFICER) and (
        owner_id == user.pk or (team_id is not None and team_id == user.team_id)
    )


def can_review(
    user: User | AnonymousUser, *, author_id: int | None, team_id: int | None
) -> bool:
    """A manager approves or returns work from their service area, never their own
    (whatever other roles they hold)."""
    return is_member(user) and user.pk != author_id and manages_team(user, team_id)


# --- Roles: could the person ever take the step? ---------------------------------


def reads_plan_summary(user: User | AnonymousUser) -> bool:
    """Who is shown the plan's headline metrics summed up by priority (on the home
    page): the cabinet, councillors, performance administrators and managers."""
    return is_member(user) and user.has_role(
        Role.CABINET_MEMBER, Role.COUNCILLOR, Role.PERFORMANCE_ADMIN, Role.MANAGER
    )


def keeps_own_metrics(user: User | AnonymousUser) -> bool:
    """Officers own metrics (theirs and their team's)."""
    return is_member(user) and user.has_role(Role.OFFICER)


def can_enter_figures(user: User | AnonymousUser) -> bool:
    """Officers and managers enter and submit figures (which ones: can_edit_metric)."""
    return is_member(user) and user.has_role(Role.OFFICER, Role.MANAGER)


def may_propose(user: User | AnonymousUser) -> bool:
    """Officers and managers propose metrics and targets."""
    return can_enter_figures(user)


def may_review_figures(user: User | AnonymousUser) -> bool:
    """Managers approve or return figures (whose: can_review_submission)."""
    return can_review_work(user)


def may_endorse(user: User | AnonymousUser) -> bool:
    """Managers endorse their service's proposals; the performance administrator
    those a service's manager proposed."""
    return is_member(user) and user.has_role(Role.MANAGER, Role.PERFORMANCE_ADMIN)


def may_agree(user: User | AnonymousUser) -> bool:
    """Cabinet members agree their portfolio's proposals."""
    return holds_portfolio(user)


def may_comment(user: User | AnonymousUser) -> bool:
    return is_member(user) and user.has_role(*COMMENTERS)


def may_read_benchmarking(user: User | AnonymousUser) -> bool:
    """Who reads the comparator groups (their versions and members), the places,
    other places' figures and where Coventry stands among them, on the pages and
    in the API: every member of staff, cabinet member and councillor. Partners do
    not: they see only their strategies' records. (Managing the groups is the
    performance administrator's: can_administer_performance.)"""
    return can_read_plan(user)


def may_manage_groups(user: User | AnonymousUser) -> bool:
    """The performance administrator creates and edits comparator groups, uploads
    and removes their versions, and sets a metric's primary group."""
    return can_administer_performance(user)


# --- Records ---------------------------------------------------------------------


def can_edit_metric(user: User | AnonymousUser, metric: Metric) -> bool:
    """Officers edit what they or their team own; managers their service area."""
    if not is_member(user):
        return False
    return owns_as_officer(user, metric.owner_id, metric.team_id) or manages_team(
        user, metric.team_id
    )


def can_endorse(user: User | AnonymousUser, team_id: int | None) -> bool:
    """The manager of a team's service area: endorses its proposals (unless they
    made them: can_endorse_proposal) and proposes targets for its metrics."""
    return is_member(user) and manages_team(user, team_id)


def can_agree_for_portfolio(
    user: User | AnonymousUser, portfolio_id: int | None
) -> bool:
    """The cabinet member whose portfolio a metric sits in agrees it and its targets."""
    if not may_agree(user):
        return False
    assert isinstance(user, User)
    return portfolio_id is not None and user.portfolios.filter(pk=portfolio_id).exists()


def can_propose_metric(user: User | AnonymousUser, team_id: int | None) -> bool:
    """An officer proposes metrics for their own team; a manager for any team of
    their service area (a manager with no team of their own proposes for one)."""
    if not may_propose(user):
        return False
    assert isinstance(user, User)
    return team_id is not None and (
        team_id == user.team_id or manages_team(user, team_id)
    )


def can_propose_target(user: User | AnonymousUser, metric: Metric) -> bool:
    """Whoever may edit a metric, or endorse its proposals, proposes its targets."""
    return can_edit_metric(user, metric) or can_endorse(user, metric.team_id)


def can_endorse_proposal(
    user: User | AnonymousUser, *, proposer: User | None, team_id: int | None
) -> bool:
    """Nobody endorses their own proposal. The manager of the team's service area
    endorses it; when its proposer is that manager, the performance administrator
    does."""
    if not is_member(user) or (proposer is not None and proposer.pk == user.pk):
        return False
    if proposer is not None and manages_team(proposer, team_id):
        return can_administer_performance(user)
    return can_endorse(user, team_id)


def can_withdraw_proposal(
    user: User | AnonymousUser, *, proposer_id: int | None
) -> bool:
    """A proposal's author withdraws it."""
    return is_member(user) and proposer_id is not None and user.pk == proposer_id


def can_review_submission(user: User | AnonymousUser, submission: Submission) -> bool:
    """The manager of the metric's service area approves or returns its figures,
    never a submission they made or entered a figure of."""
    if not is_member(user) or user.pk == submission.created_by_id:
        return False
    if not can_review(
        user, author_id=submission.created_by_id, team_id=submission.metric.team_id
    ):
        return False
    return not submission.values.filter(entered_by=user).exists()
