"""FilterSets for the plan and its strategies (the API's query parameters).

Filters that follow a many-to-many relation use subqueries, so a record matching
twice is still listed once and a page keeps its size.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from coventry_pm.core.filters import IdFilter
from strategies.models import (
    Action,
    ActionPlan,
    CaseStudy,
    Objective,
    Plan,
    Priority,
    ProgressUpdate,
    Strategy,
)


class PlanFilter(django_filters.FilterSet):
    class Meta:
        model = Plan
        fields = ["period", "status"]


class PriorityFilter(django_filters.FilterSet):
    class Meta:
        model = Priority
        fields = ["plan", "kind"]


class ObjectiveFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="priority__plan", label="Plan id")

    class Meta:
        model = Objective
        fields = ["priority", "plan"]


def strategy_ids_in_plan(plan_id: int) -> QuerySet[Strategy, Any]:
    """Strategies that deliver any of the plan's priorities or objectives."""
    return Strategy.objects.filter(
        Q(priorities__plan=plan_id) | Q(objectives__priority__plan=plan_id)
    ).values("pk")


def strategy_ids_for_priority(priority_id: int) -> QuerySet[Strategy, Any]:
    return Strategy.objects.filter(
        Q(priorities=priority_id) | Q(objectives__priority=priority_id)
    ).values("pk")


class StrategyFilter(django_filters.FilterSet):
    plan = IdFilter(method="filter_plan", label="Plan id")
    priority = IdFilter(
        method="filter_priority",
        label="Priority id (directly or through one of its objectives)",
    )
    objective = IdFilter(method="filter_objective", label="Objective id")
    team = IdFilter(field_name="owning_team", label="Owning team id")

    class Meta:
        model = Strategy
        fields = ["status", "plan", "priority", "objective", "team", "cabinet_member"]

    def filter_plan(
        self, queryset: QuerySet[Strategy], name: str, value: int
    ) -> QuerySet[Strategy]:
        return queryset.filter(pk__in=strategy_ids_in_plan(value))

    def filter_priority(
        self, queryset: QuerySet[Strategy], name: str, value: int
    ) -> QuerySet[Strategy]:
        return queryset.filter(pk__in=strategy_ids_for_priority(value))

    def filter_objective(
        self, queryset: QuerySet[Strategy], name: str, value: int
    ) -> QuerySet[Strategy]:
        return queryset.filter(
            pk__in=Strategy.objects.filter(objectives=value).values("pk")
        )


class ActionPlanFilter(django_filters.FilterSet):
    plan = IdFilter(method="filter_plan", label="Plan id")
    priority = IdFilter(method="filter_priority", label="Priority id")

    class Meta:
        model = ActionPlan
        fields = ["strategy", "service", "team", "plan", "priority"]

    def filter_plan(
        self, queryset: QuerySet[ActionPlan], name: str, value: int
    ) -> QuerySet[ActionPlan]:
        return queryset.filter(strategy__in=strategy_ids_in_plan(value))

    def filter_priority(
        self, queryset: QuerySet[ActionPlan], name: str, value: int
    ) -> QuerySet[ActionPlan]:
        return queryset.filter(strategy__in=strategy_ids_for_priority(value))


def _action_team(team_id: int) -> Q:
    """An action's team is its own, else its action plan's."""
    return Q(team=team_id) | Q(team__isnull=True, action_plan__team=team_id)


class ActionFilter(django_filters.FilterSet):
    strategy = IdFilter(field_name="action_plan__strategy", label="Strategy id")
    plan = IdFilter(method="filter_plan", label="Plan id")
    priority = IdFilter(method="filter_priority", label="Priority id")
    team = IdFilter(
        method="filter_team", label="Team id (the action's, else its action plan's)"
    )
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Action
        fields = [
            "action_plan",
            "strategy",
            "plan",
            "priority",
            "owner",
            "team",
            "status",
            "due_before",
        ]

    def filter_plan(
        self, queryset: QuerySet[Action], name: str, value: int
    ) -> QuerySet[Action]:
        return queryset.filter(action_plan__strategy__in=strategy_ids_in_plan(value))

    def filter_priority(
        self, queryset: QuerySet[Action], name: str, value: int
    ) -> QuerySet[Action]:
        return queryset.filter(
            action_plan__strategy__in=strategy_ids_for_priority(value)
        )

    def filter_team(
        self, queryset: QuerySet[Action], name: str, value: int
    ) -> QuerySet[Action]:
        return queryset.filter(_action_team(value))


class ProgressUpdateFilter(django_filters.FilterSet):
    strategy = IdFilter(field_name="action__action_plan__strategy", label="Strategy id")
    action_plan = IdFilter(field_name="action__action_plan", label="Action plan id")
    team = IdFilter(method="filter_team", label="Team id")
    owner = IdFilter(field_name="action__owner", label="The action owner's user id")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ProgressUpdate
        fields = [
            "action",
            "action_plan",
            "strategy",
            "team",
            "owner",
            "author",
            "status",
            "approval",
            "date_after",
            "date_before",
        ]

    def filter_team(
        self, queryset: QuerySet[ProgressUpdate], name: str, value: int
    ) -> QuerySet[ProgressUpdate]:
        return queryset.filter(
            Q(action__team=value)
            | Q(action__team__isnull=True, action__action_plan__team=value)
        )


class CaseStudyFilter(django_filters.FilterSet):
    plan = IdFilter(method="filter_plan", label="Plan id")
    priority = IdFilter(method="filter_priority", label="Priority id")
    strategy = IdFilter(method="filter_strategy", label="Strategy id")
    metric = django_filters.CharFilter(method="filter_metric", label="Metric code")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = CaseStudy
        fields = [
            "plan",
            "priority",
            "strategy",
            "metric",
            "is_published",
            "date_after",
            "date_before",
        ]

    def _matching(
        self, queryset: QuerySet[CaseStudy], condition: Q
    ) -> QuerySet[CaseStudy]:
        return queryset.filter(pk__in=CaseStudy.objects.filter(condition).values("pk"))

    def filter_plan(
        self, queryset: QuerySet[CaseStudy], name: str, value: int
    ) -> QuerySet[CaseStudy]:
        return self._matching(
            queryset,
            Q(priorities__plan=value) | Q(strategies__in=strategy_ids_in_plan(value)),
        )

    def filter_priority(
        self, queryset: QuerySet[CaseStudy], name: str, value: int
    ) -> QuerySet[CaseStudy]:
        return self._matching(queryset, Q(priorities=value))

    def filter_strategy(
        self, queryset: QuerySet[CaseStudy], name: str, value: int
    ) -> QuerySet[CaseStudy]:
        return self._matching(queryset, Q(strategies=value))

    def filter_metric(
        self, queryset: QuerySet[CaseStudy], name: str, value: str
    ) -> QuerySet[CaseStudy]:
        return self._matching(queryset, Q(metrics__code=value))
