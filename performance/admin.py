from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from performance.models import Area, AreaLayout


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["name", "code", "column", "row"]
    readonly_fields = fields


@admin.register(AreaLayout)
class AreaLayoutAdmin(SimpleHistoryAdmin):
    """Read here; uploaded at /performance/areas/, which checks the whole file."""

    list_display = ["breakdown", "name", "kind", "uploaded_by", "uploaded_at"]
    readonly_fields = ["breakdown", "kind", "file_name", "uploaded_by", "uploaded_at"]
    inlines = [AreaInline]
