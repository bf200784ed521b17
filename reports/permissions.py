"""Who may read, run, approve and publish the annual report (DESIGN.md section 4).

Everyone, signed in or not, reads published reports. Cabinet members, councillors
and the performance administrator read drafts and the members' seminar pack. The
performance administrator runs, approves, asks the cabinet members for their
approval and publishes; a cabinet member approves. The commentary on a priority is
the performance administrator's; a directorate's director signs off the
commentary on their directorate. When each may take each step is
reports/workflow.py, built from these rules.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from coventry_pm.accounts.models import Directorate, Role, User
from coventry_pm.accounts.permissions import can_administer_performance, is_member
from reports.models import ReportSnapshot

DRAFT_READERS = (Role.CABINET_MEMBER, Role.COUNCILLOR, Role.PERFORMANCE_ADMIN)


def can_read_drafts(user: User | AnonymousUser) -> bool:
    return is_member(user) and user.has_role(*DRAFT_READERS)


def can_read_report(user: User | AnonymousUser, snapshot: ReportSnapshot) -> bool:
    return snapshot.is_public or can_read_drafts(user)


def can_read_seminar_pack(user: User | AnonymousUser) -> bool:
    return can_read_drafts(user)


def can_run_reports(user: User | AnonymousUser) -> bool:
    return can_administer_performance(user)


def can_approve_as_cabinet(user: User | AnonymousUser) -> bool:
    return is_member(user) and user.has_role(Role.CABINET_MEMBER)


def cabinet_members() -> QuerySet[User]:
    """Who may approve a report as a cabinet member (and so is asked to)."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.CABINET_MEMBER)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def is_director(user: User | AnonymousUser) -> bool:
    """The director of some directorate (who signs off its commentary)."""
    return is_member(user) and Directorate.objects.filter(director=user).exists()


def directs(user: User | AnonymousUser, director_id: int | None) -> bool:
    """This person is the director named (a directorate's ``director_id``)."""
    return is_member(user) and director_id is not None and user.pk == director_id
