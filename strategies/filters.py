import django_filters

from strategies.models import Action, CaseStudy, Objective, Priority, Strategy


class PriorityFilter(django_filters.FilterSet):
    class Meta:
        model = Priority
        fields = ["plan", "kind"]


class ObjectiveFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="priority__plan")

    class Meta:
        model = Objective
        fields = ["priority", "plan"]


class StrategyFilter(django_filters.FilterSet):
    priority = django_filters.NumberFilter(field_name="priorities")
    objective = django_filters.NumberFilter(field_name="objectives")
    team = django_filters.NumberFilter(field_name="owning_team")

    class Meta:
        model = Strategy
        fields = ["status", "priority", "objective", "team", "cabinet_member"]


class ActionFilter(django_filters.FilterSet):
    strategy = django_filters.NumberFilter(field_name="action_plan__strategy")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Action
        fields = ["action_plan", "strategy", "owner", "team", "status", "due_before"]


class CaseStudyFilter(django_filters.FilterSet):
    class Meta:
        model = CaseStudy
        fields = ["priorities", "strategies", "metrics"]
