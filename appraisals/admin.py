"""Appraisals in the admin: for system administrators only.

No role is given admin permissions on this app (coventry_pm/accounts/roles.py), so the
performance administrator never sees appraisal content here. Lists show who, which
year and what stage, never content; changes go through the pages and the API, which
apply the rules, so the admin is read-only.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from appraisals.models import Appraisal, Reminder


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyAdmin):
    list_display = ("employee", "year", "status", "manager", "signed_off_at")
    list_filter = ("year", "status")
    list_select_related = ("employee", "manager")
    search_fields = ("employee__username", "employee__last_name")
    fields = (
        "employee",
        "year",
        "manager",
        "status",
        "objectives_due",
        "mid_year_due",
        "year_end_due",
        "objectives_agreed_on",
        "mid_year_reviewed_on",
        "year_end_reviewed_on",
        "employee_signed_off_at",
        "manager_signed_off_at",
        "manager_signed_off_by",
        "signed_off_at",
        "version",
    )


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("kind", "employee", "recipient", "year", "stage", "sent_on")
    list_filter = ("kind", "year")
    list_select_related = ("employee", "recipient")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
