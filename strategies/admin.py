from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from coventry_pm.core.exceptions import ApplicationError
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
from strategies.services import plan_agree, plan_revise


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
    actions = ["revise", "agree"]

    @admin.action(description="Revise: make a new draft version")
    def revise(self, request: HttpRequest, queryset: QuerySet[Plan]) -> None:
        for plan in queryset:
            try:
                revision = plan_revise(plan=plan)
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, f"Made version {revision.version}.")

    @admin.action(description="Record agreement by Full Council today")
    def agree(self, request: HttpRequest, queryset: QuerySet[Plan]) -> None:
        for plan in queryset:
            try:
                plan_agree(plan=plan, agreed_on=timezone.localdate())
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, f"{plan} version {plan.version} agreed.")


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
