from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("period", "text", "kind", "operator", "value", "flag", "status")


@admin.register(Metric)
class MetricAdmin(SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "unit",
        "perspective",
        "good_direction",
        "frequency",
        "team",
        "status",
    )
    list_filter = ("perspective", "metric_type", "frequency", "status", "team")
    search_fields = ("code", "name")
    filter_horizontal = ("objectives",)
    inlines = [TargetInline]


@admin.register(HeadlineMembership)
class HeadlineMembershipAdmin(admin.ModelAdmin):
    list_display = ("metric", "plan", "report_year", "priority", "sort_order")
    list_filter = ("plan", "report_year", "priority")
    autocomplete_fields = ("metric",)


@admin.register(MetricValue)
class MetricValueAdmin(admin.ModelAdmin):
    list_display = (
        "metric",
        "period",
        "revision",
        "breakdown",
        "breakdown_group",
        "value_text",
        "data_status",
        "approval",
    )
    list_filter = ("approval", "data_status", "breakdown")
    search_fields = ("metric__code", "metric__name", "period")
    autocomplete_fields = ("metric",)


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("metric", "period", "text", "kind", "flag", "status")
    list_filter = ("kind", "status")
    search_fields = ("metric__code", "metric__name", "text")
    autocomplete_fields = ("metric",)


@admin.register(Comparator)
class ComparatorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")


@admin.register(ComparatorValue)
class ComparatorValueAdmin(admin.ModelAdmin):
    list_display = ("metric", "comparator", "period", "revision", "value_text")
    list_filter = ("comparator",)
    search_fields = ("metric__code", "metric__name")
    autocomplete_fields = ("metric",)


@admin.register(RecordedVerdict)
class RecordedVerdictAdmin(admin.ModelAdmin):
    list_display = (
        "metric",
        "plan",
        "period",
        "progress",
        "target_status",
        "source",
        "recorded_by",
        "recorded_at",
    )
    list_filter = ("source", "progress", "target_status")
    search_fields = ("metric__code", "metric__name")
    autocomplete_fields = ("metric",)
    readonly_fields = ("recorded_at",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Recorded verdicts are appended, never edited: a change is a new verdict.
        return obj is None and super().has_change_permission(request, obj)
