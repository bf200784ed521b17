from django.contrib import admin

from reports.models import ImportFile, ImportRun, OpenDataRow


class ImportFileInline(admin.TabularInline):
    model = ImportFile
    extra = 0
    readonly_fields = ["name", "size", "file"]
    can_delete = False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "source", "created_by", "created_at", "summary"]
    list_filter = ["status", "source"]
    readonly_fields = [
        "created_by",
        "created_at",
        "applied_at",
        "status",
        "source",
        "plan_period",
        "report_year",
        "file_names",
        "summary",
        "report",
        "error",
    ]
    inlines = [ImportFileInline]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(OpenDataRow)
class OpenDataRowAdmin(admin.ModelAdmin):
    list_display = ["metric", "plan", "report_year", "sort_order", "priority"]
    list_filter = ["plan", "report_year"]
    search_fields = ["metric__name", "metric__code"]
    raw_id_fields = ["metric", "priority", "objective"]
