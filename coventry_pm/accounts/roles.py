"""Keeps each role's group, and the admin permissions of the roles that define the
plan, in step with the code. Runs after every migrate."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet

from coventry_pm.accounts.models import Role, User

# The performance administrator defines plans, strategies, metrics and targets in the
# admin; nothing in accounts (people, roles) and nothing about appraisals.
ADMIN_APPS = {Role.PERFORMANCE_ADMIN: ("strategies", "scorecard")}


def sync_roles(**kwargs: Any) -> None:
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        apps = ADMIN_APPS.get(role)
        if apps:
            group.permissions.set(
                Permission.objects.filter(content_type__app_label__in=apps)
            )


def people_with_role(role: str) -> QuerySet[User]:
    """Active people holding ``role`` (one of Role's keys), each once."""
    return User.objects.filter(is_active=True, groups__name=role).distinct()


def officers() -> QuerySet[User]:
    """Active officers: the people who owe figures (the data-due reminders)."""
    return people_with_role(Role.OFFICER)
