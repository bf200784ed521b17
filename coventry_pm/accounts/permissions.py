"""Who may do what (DESIGN.md section 4). Roles are data; the rules are here.

Deny by default: every rule answers False unless it grants the access. Querysets that
hide what a person may not see live in the selectors and use these rules, so what is
refused is a 404 or 403, never an empty page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from coventry_pm.accounts.models import Role, Team, User

if TYPE_CHECKING:
    from scorecard.models import Metric
    from strategies.models import Action

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


def can_read_any_metric(user: User | AnonymousUser) -> bool:
    """Staff and members, and partners (who see their strategies' metrics)."""
    return can_read_plan(user) or (is_member(user) and user.has_role(Role.PARTNER))


def can_enter_figures(user: User | AnonymousUser) -> bool:
    """Officers and managers enter and submit figures (which ones: can_edit_metric)."""
    return is_member(user) and user.has_role(Role.OFFICER, Role.MANAGER)


def can_review_work(user: User | AnonymousUser) -> bool:
    """Managers approve or return work (whose: can_review)."""
    return is_member(user) and user.has_role(Role.MANAGER)


def teams_managed_by(user: User) -> Q:
    """Teams a manager runs directly or through the service they head."""
    return Q(manager=user) | Q(service__head=user)


def _in_service_area(user: User, team_id: int | None) -> bool:
    return (
        team_id is not None
        and user.has_role(Role.MANAGER)
        and Team.objects.filter(teams_managed_by(user), pk=team_id).exists()
    )


def _owned_by_officer(user: User, owner_id: int | None, team_id: int | None) -> bool:
    return user.has_role(Role.OFFICER) and (
        owner_id == user.pk or (team_id is not None and team_id == user.team_id)
    )


def can_edit_metric(user: User | AnonymousUser, metric: Metric) -> bool:
    """Officers edit what they or their team own; managers their service area."""
    if not is_member(user):
        return False
    return _owned_by_officer(user, metric.owner_id, metric.team_id) or (
        _in_service_area(user, metric.team_id)
    )


def can_edit_action(user: User | AnonymousUser, action: Action) -> bool:
    if not is_member(user):
        return False
    team_id = action.team_id or action.action_plan.team_id
    return _owned_by_officer(user, action.owner_id, team_id) or (
        _in_service_area(user, team_id)
    )


def can_administer_performance(user: User | AnonymousUser) -> bool:
    return is_member(user) and user.has_role(Role.PERFORMANCE_ADMIN)


def can_review(
    user: User | AnonymousUser, *, author_id: int | None, team_id: int | None
) -> bool:
    """A manager approves or returns work from their service area, never their own
    (whatever other roles they hold)."""
    return is_member(user) and user.pk != author_id and _in_service_area(user, team_id)


def can_agree_for_portfolio(
    user: User | AnonymousUser, portfolio_id: int | None
) -> bool:
    """The cabinet member whose portfolio a metric sits in agrees it and its targets."""
    if not (is_member(user) and user.has_role(Role.CABINET_MEMBER)):
        return False
    return portfolio_id is not None and user.portfolios.filter(pk=portfolio_id).exists()


def can_endorse(user: User | AnonymousUser, team_id: int | None) -> bool:
    """The manager of the metric's service area endorses a proposal."""
    return is_member(user) and _in_service_area(user, team_id)
