"""Who may do what (DESIGN.md section 4): the rules every app shares. Roles are data;
the rules are code.

Only what is about people, their roles and their membership lives here: who is a
member, a partner or a portfolio holder, who reads the plan and the metrics, who
administers performance, who reviews work, and the organisation's lines of
responsibility (the teams in a manager's service area). Whose records and whose
work are the apps' (``scorecard/permissions.py``: ``owns_as_officer``,
``can_review``); each workflow's own rules are in its app's ``permissions.py``
(scorecard, strategies, appraisals, reports) and its policy in ``workflow.py``.

Deny by default: every rule answers False unless it grants the access. Querysets that
hide what a person may not see live in the selectors and use these rules, so what is
refused is a 404 or 403, never an empty page.
"""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from coventry_pm.accounts.models import Role, Team, User

# Staff and members who read the plan, strategies and published metrics. Partners are
# absent on purpose: they see only the strategies whose board names them.
PLAN_READERS = (
    Role.EMPLOYEE,
    Role.OFFICER,
    Role.MANAGER,
    Role.CABINET_MEMBER,
    Role.COUNCILLOR,
    Role.HR,
    Role.PERFORMANCE_ADMIN,
)


def is_member(user: User | AnonymousUser) -> TypeGuard[User]:
    """Signed in with an active account."""
    return isinstance(user, User) and user.is_active


def can_read_plan(user: User | AnonymousUser) -> bool:
    return is_member(user) and user.has_role(*PLAN_READERS)


def is_partner(user: User | AnonymousUser) -> bool:
    """A partner organisation's member: they see only the strategies whose board
    names them, and those strategies' metrics."""
    return is_member(user) and user.has_role(Role.PARTNER)


def can_read_any_metric(user: User | AnonymousUser) -> bool:
    """Staff and members, and partners (who see their strategies' metrics)."""
    return can_read_plan(user) or is_partner(user)


def holds_portfolio(user: User | AnonymousUser) -> bool:
    """A cabinet member, who answers for the metrics of their portfolios."""
    return is_member(user) and user.has_role(Role.CABINET_MEMBER)


def can_administer_performance(user: User | AnonymousUser) -> bool:
    return is_member(user) and user.has_role(Role.PERFORMANCE_ADMIN)


def can_review_work(user: User | AnonymousUser) -> bool:
    """Managers approve or return work (whose: can_review). Both the figures'
    and the action updates' approval queues are theirs."""
    return is_member(user) and user.has_role(Role.MANAGER)


def teams_managed_by(user: User) -> Q:
    """Teams a manager runs directly or through the service they head."""
    return Q(manager=user) | Q(service__head=user)


def manages_team(user: User, team_id: int | None) -> bool:
    """A manager whose service area (the teams they run, and those of the service
    they head) includes the team."""
    return (
        team_id is not None
        and user.has_role(Role.MANAGER)
        and Team.objects.filter(teams_managed_by(user), pk=team_id).exists()
    )
