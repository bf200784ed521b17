from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from strategies.models import (
    Action,
    ActionPlan,
    CaseStudy,
    ChangeStep,
    Objective,
    Plan,
    Priority,
    ProgressUpdate,
    Strategy,
)


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class ChangeStepInline(admin.TabularInline):
    model = ChangeStep
    extra = 0
    autocomplete_fields = ("metrics",)


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ("title", "owner", "due_date", "status", "percent_complete")
    autocomplete_fields = ("owner",)


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("name", "period", "version", "status")
    list_filter = ("status",)
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "kind", "sort_order")
    list_filter = ("plan", "kind")
    search_fields = ("title",)
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("title", "priority", "sort_order")
    list_filter = ("priority__plan", "priority")
    search_fields = ("title",)


@admin.register(Strategy)
class StrategyAdmin(SimpleHistoryAdmin):
    list_display = ("title", "owning_team", "cabinet_member", "status", "review_date")
    list_filter = ("status",)
    search_fields = ("title",)
    filter_horizontal = ("priorities", "objectives", "board_members")
    inlines = [ChangeStepInline]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "strategy", "service", "team")
    list_filter = ("strategy", "service")
    search_fields = ("title",)
    filter_horizontal = ("metrics",)
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "action_plan", "owner", "due_date", "status")
    list_filter = ("status", "action_plan__strategy")
    search_fields = ("title",)
    autocomplete_fields = ("owner",)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ("action", "date", "status", "percent_complete", "author")
    list_filter = ("status",)


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ("title", "date", "is_published")
    list_filter = ("is_published",)
    search_fields = ("title",)
    filter_horizontal = ("priorities", "strategies", "metrics")
