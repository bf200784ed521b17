"""Who may do what with the plan's actions (DESIGN.md section 4): update an action's
progress, approve or return an update. Deny by default.

``may_*`` ask only the person's roles (the API asks them before it reads a request's
body); ``can_*`` ask about one record. The workflow policy (strategies/workflow.py)
is built from these rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from coventry_pm.accounts.models import Role, User
from coventry_pm.accounts.permissions import (
    can_review_work,
    is_member,
    manages_team,
)
from scorecard.permissions import can_review, owns_as_officer

if TYPE_CHECKING:
    from strategies.models import Action, ProgressUpdate


def may_hold_actions(user: User | AnonymousUser) -> bool:
    """Officers, employees and managers are given actions of the plan to carry
    out (theirs are listed on their home page)."""
    return is_member(user) and user.has_role(Role.OFFICER, Role.EMPLOYEE, Role.MANAGER)


def may_update_actions(user: User | AnonymousUser) -> bool:
    """Officers and managers update actions (which ones: can_edit_action)."""
    return is_member(user) and user.has_role(Role.OFFICER, Role.MANAGER)


def may_review_updates(user: User | AnonymousUser) -> bool:
    """Managers approve or return updates (whose: can_review_update)."""
    return can_review_work(user)


def action_team_id(action: Action) -> int | None:
    """The team responsible for an action: its own, or its action plan's."""
    return action.team_id or action.action_plan.team_id


def can_edit_action(user: User | AnonymousUser, action: Action) -> bool:
    """Officers update the actions they or their team own; managers those of their
    service area."""
    if not is_member(user):
        return False
    team_id = action_team_id(action)
    return owns_as_officer(user, action.owner_id, team_id) or manages_team(
        user, team_id
    )


def can_review_update(user: User | AnonymousUser, update: ProgressUpdate) -> bool:
    """The manager of the action's service area, never the update's author."""
    return (
        is_member(user)
        and user.pk != update.author_id
        and can_review(
            user, author_id=update.author_id, team_id=action_team_id(update.action)
        )
    )
