"""The admin reads the scorecard's records; figures, targets and comparator values
are written only through scorecard.services (the pages, the API, imports), so each
write is checked against its metric and refreshes the stored verdicts. A metric's
definition may be edited here: saving it refreshes its verdicts."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from scorecard.models import (
    CalculatedVerdict,
    Comparator,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    HeadlineMembership,
    MemberValue,
    Metric,
    MetricValue,
    Place,
    RecordedVerdict,
    Standing,
    Target,
)
from scorecard.services.verdicts import calculated_verdicts_refresh


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and inspected here, written only through the services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("period", "text", "kind", "operator", "value", "flag", "status")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# The metric's choice of methods (scorecard.domain.readings.MethodChoice).
METHOD_FIELDS = ("progress_method", "trend_method", "variation_method", "method_reason")
YEAR_DESCRIPTION = (
    "A quarterly or monthly metric's chart sets its year's figure beside annual "
    "comparators, never its quarters or months. Its year is made this way; a year "
    "with a period missing has no year figure (no year to date)."
)
METHODS_DESCRIPTION = (
    "Each method is chosen by a rule from the series: the progress verdict uses "
    "confidence intervals when both figures have one and the change against the "
    "similarity band otherwise; an annual series gets the recent trend, a monthly "
    "or quarterly one the control chart. Set a method only with a reason: it is "
    "kept with the metric's history and shown with every verdict. Saving works the "
    "metric's verdicts out again."
)


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
    list_filter = (
        "perspective",
        "metric_type",
        "frequency",
        "status",
        "team",
        "progress_method",
        "trend_method",
        "variation_method",
    )
    search_fields = ("code", "name")
    filter_horizontal = ("objectives",)
    inlines = [TargetInline]
    # Each choice's label says what it does: read them side by side, not in a list.
    radio_fields = {
        "progress_method": admin.VERTICAL,
        "trend_method": admin.VERTICAL,
        "variation_method": admin.VERTICAL,
    }

    def get_fieldsets(self, request, obj=None):  # type: ignore[no-untyped-def]
        """The definition as before, then how its verdicts are reached, together."""
        fields = [
            f
            for f in self.get_fields(request, obj)
            if f not in METHOD_FIELDS and f != "year_aggregation"
        ]
        return [
            (None, {"fields": fields}),
            (
                "How the verdicts are reached",
                {
                    "fields": METHOD_FIELDS,
                    "description": METHODS_DESCRIPTION,
                },
            ),
            (
                "How a year's figure is made",
                {
                    "fields": ("year_aggregation",),
                    "description": YEAR_DESCRIPTION,
                },
            ),
        ]

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        # A changed direction, band, unit or method changes the metric's verdicts.
        calculated_verdicts_refresh(metric_ids=[form.instance.pk])


@admin.register(HeadlineMembership)
class HeadlineMembershipAdmin(admin.ModelAdmin):
    list_display = ("metric", "plan", "report_year", "priority", "sort_order")
    list_filter = ("plan", "report_year", "priority")
    autocomplete_fields = ("metric",)


@admin.register(MetricValue)
class MetricValueAdmin(ReadOnlyAdmin):
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
class TargetAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("metric", "period", "text", "kind", "flag", "status")
    list_filter = ("kind", "status")
    search_fields = ("metric__code", "metric__name", "text")
    autocomplete_fields = ("metric",)


@admin.register(Comparator)
class ComparatorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")


@admin.register(ComparatorValue)
class ComparatorValueAdmin(ReadOnlyAdmin):
    list_display = ("metric", "comparator", "period", "revision", "value_text")
    list_filter = ("comparator",)
    search_fields = ("metric__code", "metric__name")
    autocomplete_fields = ("metric",)


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "code")


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    fields = ("version", "position", "place")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(ReadOnlyAdmin):
    """Groups are changed on their own pages (scorecard:group_list), whose services
    refresh the standings; here they are only inspected."""

    list_display = ("name", "kind", "place", "comparator")
    list_filter = ("kind",)


@admin.register(MemberValue)
class MemberValueAdmin(ReadOnlyAdmin):
    list_display = ("metric", "place", "period", "revision", "value_text", "source")
    list_filter = ("source",)
    search_fields = ("metric__code", "place__name", "place__code")


@admin.register(Standing)
class StandingAdmin(ReadOnlyAdmin):
    list_display = ("metric", "group", "period", "rank", "out_of", "quartile", "band")
    list_filter = ("group",)
    search_fields = ("metric__code",)


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


@admin.register(CalculatedVerdict)
class CalculatedVerdictAdmin(ReadOnlyAdmin):
    list_display = (
        "metric",
        "period",
        "progress",
        "progress_code",
        "target_status",
        "target_code",
        "method",
        "engine_version",
        "stale",
        "calculated_at",
    )
    list_filter = ("progress", "target_status", "method", "stale", "engine_version")
    search_fields = ("metric__code", "metric__name", "period")
