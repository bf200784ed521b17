from django.contrib import admin

from coventry_pm.core.models import TaskFailure


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "task_name", "kind", "resolution", "error"]
    list_filter = ["kind", "resolution"]
    search_fields = ["task_name", "task_id", "error"]
    readonly_fields = [f.name for f in TaskFailure._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
