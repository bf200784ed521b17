"""Keeps each role's group, and the admin permissions of the roles that define the
plan, in step with the code. Runs after every migrate."""

from typing import Any

from django.contrib.auth.models import Group, Permission

from coventry_pm.accounts.models import Role

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
