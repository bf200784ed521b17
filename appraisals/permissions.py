"""Who may read and change appraisals (DESIGN.md section 4). Deny by default.

Appraisal content is private to the employee, their line-management chain and HR.
The employee keeps their objectives, evidence and one-to-ones; their line manager
(only the direct one) agrees objectives, writes the reviews and signs off; HR reads
everything and changes nothing. Cabinet members, councillors, partners, the
performance administrator and unrelated officers see no appraisal content: selectors
scope every queryset with these rules, so an appraisal they may not read is a 404, a
list page they may not use is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import AnonymousUser

from coventry_pm.accounts.models import Role, User
from coventry_pm.accounts.permissions import is_member

if TYPE_CHECKING:
    from appraisals.models import Appraisal

# People employed by the council, who have appraisals and may manage others'. Elected
# members and partners are absent on purpose: they never see appraisal content, even
# if someone records them as a line manager by mistake.
STAFF_ROLES = (
    Role.EMPLOYEE,
    Role.OFFICER,
    Role.MANAGER,
    Role.HR,
    Role.PERFORMANCE_ADMIN,
)

# How far down a line-management chain to look (a council has fewer levels).
MAX_CHAIN_DEPTH = 12


def is_staff_member(user: User | AnonymousUser) -> TypeGuard[User]:
    return is_member(user) and user.has_role(*STAFF_ROLES)


def is_hr(user: User | AnonymousUser) -> TypeGuard[User]:
    return is_member(user) and user.has_role(Role.HR)


def report_ids(user: User) -> set[int]:
    """Everyone below this person in the line-management chain (one query a level;
    stops on a loop)."""
    found: set[int] = set()
    frontier = {user.pk}
    for _ in range(MAX_CHAIN_DEPTH):
        below = set(
            User.objects.filter(line_manager_id__in=frontier)
            .exclude(pk__in=found | {user.pk})
            .values_list("pk", flat=True)
        )
        if not below:
            break
        found |= below
        frontier = below
    return found


def in_chain_of(user: User, employee: User) -> bool:
    """Whether ``user`` is one of ``employee``'s managers, at any level."""
    return any(manager.pk == user.pk for manager in employee.line_management_chain())


def can_use_appraisals(user: User | AnonymousUser) -> bool:
    """May open appraisal pages and list endpoints at all (their own, their reports',
    or everyone's for HR)."""
    return is_staff_member(user)


def can_read_appraisal(user: User | AnonymousUser, appraisal: Appraisal) -> bool:
    if is_hr(user):
        return True
    if not is_staff_member(user):
        return False
    return appraisal.employee_id == user.pk or in_chain_of(user, appraisal.employee)


def is_appraisee(user: User | AnonymousUser, appraisal: Appraisal) -> bool:
    return is_staff_member(user) and appraisal.employee_id == user.pk


def is_line_manager_for(user: User | AnonymousUser, appraisal: Appraisal) -> bool:
    """The employee's line manager now (not a manager further up the chain)."""
    return (
        is_staff_member(user)
        and appraisal.employee_id != user.pk
        and appraisal.employee.line_manager_id == user.pk
    )


def can_start_appraisal(user: User | AnonymousUser, employee: User) -> bool:
    """An employee starts their own; a line manager may start one for a report."""
    if not (is_staff_member(user) and is_staff_member(employee)):
        return False
    return employee.pk == user.pk or employee.line_manager_id == user.pk


def can_edit_objectives(user: User | AnonymousUser, appraisal: Appraisal) -> bool:
    return is_appraisee(user, appraisal)


def can_rate(user: User | AnonymousUser, appraisal: Appraisal) -> bool:
    """The employee rates themselves with evidence; the line manager adds theirs."""
    return is_appraisee(user, appraisal) or is_line_manager_for(user, appraisal)


def can_record_one_to_one(user: User | AnonymousUser, appraisal: Appraisal) -> bool:
    return is_appraisee(user, appraisal) or is_line_manager_for(user, appraisal)


def can_edit_development_needs(
    user: User | AnonymousUser, appraisal: Appraisal
) -> bool:
    return is_appraisee(user, appraisal) or is_line_manager_for(user, appraisal)


def can_review(user: User | AnonymousUser, appraisal: Appraisal) -> bool:
    """Agree objectives, write the mid-year and year-end reviews."""
    return is_line_manager_for(user, appraisal)


def can_sign_off(user: User | AnonymousUser, appraisal: Appraisal) -> bool:
    return is_appraisee(user, appraisal) or is_line_manager_for(user, appraisal)


def can_view_team_appraisals(user: User | AnonymousUser) -> bool:
    """HR, and anyone with people below them in the line-management chain."""
    if is_hr(user):
        return True
    return is_staff_member(user) and bool(report_ids(user))
