from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hub.models import HubPage


@admin.register(HubPage)
class HubPageAdmin(SimpleHistoryAdmin):
    """For the site's staff; the performance administrator edits guidance at
    /hub/<page>/edit/, which asks why and keeps the history."""

    list_display = ["title", "section", "sort_order", "updated_by", "updated_at"]
    list_filter = ["section"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_by", "updated_at", "version"]
