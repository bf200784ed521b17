"""The plan and its strategies in the REST API (/api/v1/): plans, priorities,
objectives, strategies, action plans, actions, progress updates and case studies.

Plans, priorities and objectives are for staff and members (a 403 for anyone else);
strategies and what hangs from them are also for the partners named on a strategy's
board, who see only those strategies' records (a 404 for the rest).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import (
    can_administer_performance,
    can_read_plan,
)
from coventry_pm.core.api import (
    PLAN_READERS,
    READERS,
    REVIEWERS,
    ReadOnlyViewSet,
    ReturnSerializer,
    ReviewSerializer,
    ServiceCallMixin,
    StepPermission,
    WorkflowStepPermission,
    record_named,
    validated,
    write_responses,
)
from strategies import permissions, workflow
from strategies.filters import (
    ActionFilter,
    ActionPlanFilter,
    CaseStudyFilter,
    ObjectiveFilter,
    PlanFilter,
    PriorityFilter,
    ProgressUpdateFilter,
    StrategyFilter,
)
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
from strategies.selectors import (
    plans_visible_to,
    progress_updates_visible_to,
    strategies_visible_to,
    updates_awaiting_review,
)
from strategies.services import (
    progress_update_approve,
    progress_update_return,
    progress_update_submit,
)

# --- Output serializers ----------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer[Plan]):
    class Meta:
        model = Plan
        fields = [
            "id",
            "name",
            "period",
            "start_year",
            "end_year",
            "vision",
            "status",
            "version",
            "previous_version",
            "agreed_on",
        ]
        read_only_fields = fields


class PrioritySerializer(serializers.ModelSerializer[Priority]):
    class Meta:
        model = Priority
        fields = ["id", "plan", "kind", "title", "narrative", "sort_order"]
        read_only_fields = fields


class ObjectiveSerializer(serializers.ModelSerializer[Objective]):
    plan = serializers.IntegerField(source="priority.plan_id", read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "plan", "priority", "title", "narrative", "sort_order"]
        read_only_fields = fields


class StrategySerializer(serializers.ModelSerializer[Strategy]):
    owning_team_name = serializers.CharField(source="owning_team.name", read_only=True)
    service_name = serializers.CharField(
        source="owning_team.service.name", read_only=True
    )
    cabinet_member_name = serializers.StringRelatedField(
        source="cabinet_member", allow_null=True
    )
    priorities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    objectives = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Strategy
        fields = [
            "id",
            "title",
            "summary",
            "owning_team",
            "owning_team_name",
            "service_name",
            "cabinet_member",
            "cabinet_member_name",
            "board",
            "priorities",
            "objectives",
            "review_date",
            "status",
            "version",
        ]
        read_only_fields = fields


class ActionPlanSerializer(serializers.ModelSerializer[ActionPlan]):
    service_name = serializers.CharField(source="service.name", read_only=True)
    team_name = serializers.CharField(
        source="team.name", default=None, allow_null=True, read_only=True
    )
    metrics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "strategy",
            "title",
            "service",
            "service_name",
            "team",
            "team_name",
            "metrics",
        ]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer[Action]):
    strategy = serializers.IntegerField(
        source="action_plan.strategy_id", read_only=True
    )
    owner_name = serializers.StringRelatedField(source="owner", allow_null=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "action_plan",
            "strategy",
            "title",
            "description",
            "owner",
            "owner_name",
            "team",
            "start_date",
            "due_date",
            "resources",
            "status",
            "percent_complete",
            "version",
        ]
        read_only_fields = fields


class ProgressUpdateSerializer(serializers.ModelSerializer[ProgressUpdate]):
    author_name = serializers.StringRelatedField(source="author")
    reviewed_by_name = serializers.StringRelatedField(
        source="reviewed_by", allow_null=True
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "date",
            "status",
            "percent_complete",
            "narrative",
            "author",
            "author_name",
            "created_at",
            "approval",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
            "review_comment",
            "version",
        ]
        read_only_fields = fields


class CaseStudySerializer(serializers.ModelSerializer[CaseStudy]):
    author_name = serializers.StringRelatedField(source="author", allow_null=True)
    priorities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    strategies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    metrics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = CaseStudy
        fields = [
            "id",
            "title",
            "summary",
            "body",
            "date",
            "author",
            "author_name",
            "priorities",
            "strategies",
            "metrics",
            "is_published",
        ]
        read_only_fields = fields


# --- Scopes ----------------------------------------------------------------------


def visible_strategy_ids(user: User) -> QuerySet[Strategy, Any]:
    return strategies_visible_to(user).values("pk")


# --- Viewsets --------------------------------------------------------------------


class PlanViewSet(ReadOnlyViewSet):
    """The One Coventry Plan and its versions."""

    serializer_class = PlanSerializer
    permission_classes = PLAN_READERS
    filterset_class = PlanFilter
    ordering_fields = ["start_year", "version", "period"]
    ordering = ["-start_year", "-version"]

    def get_queryset(self) -> QuerySet[Plan]:
        return plans_visible_to(self.request.user)


class PriorityViewSet(ReadOnlyViewSet):
    """Delivery and enabling priorities of the plan."""

    serializer_class = PrioritySerializer
    permission_classes = PLAN_READERS
    filterset_class = PriorityFilter
    ordering_fields = ["sort_order", "title"]
    ordering = ["plan", "sort_order", "id"]

    def get_queryset(self) -> QuerySet[Priority]:
        return Priority.objects.filter(plan__in=plans_visible_to(self.request.user))


class ObjectiveViewSet(ReadOnlyViewSet):
    """Objectives under each priority."""

    serializer_class = ObjectiveSerializer
    permission_classes = PLAN_READERS
    filterset_class = ObjectiveFilter
    ordering_fields = ["sort_order", "title"]
    ordering = ["priority__plan", "priority__sort_order", "sort_order", "id"]

    def get_queryset(self) -> QuerySet[Objective]:
        return Objective.objects.filter(
            priority__plan__in=plans_visible_to(self.request.user)
        ).select_related("priority")


class StrategyViewSet(ReadOnlyViewSet):
    """Key strategies: staff and members see all; partners those naming them."""

    serializer_class = StrategySerializer
    permission_classes = READERS
    filterset_class = StrategyFilter
    ordering_fields = ["title", "review_date", "status"]
    ordering = ["title"]

    def get_queryset(self) -> QuerySet[Strategy]:
        return strategies_visible_to(self.request.user).prefetch_related(
            "priorities", "objectives"
        )


class ActionPlanViewSet(ReadOnlyViewSet):
    serializer_class = ActionPlanSerializer
    permission_classes = READERS
    filterset_class = ActionPlanFilter
    ordering_fields = ["title", "strategy"]
    ordering = ["strategy__title", "title"]

    def get_queryset(self) -> QuerySet[ActionPlan]:
        return (
            ActionPlan.objects.filter(
                strategy__in=visible_strategy_ids(self.request.user)
            )
            .select_related("service", "team")
            .prefetch_related("metrics")
        )


class ActionViewSet(ReadOnlyViewSet):
    serializer_class = ActionSerializer
    permission_classes = READERS
    filterset_class = ActionFilter
    ordering_fields = ["due_date", "title", "status", "percent_complete"]
    ordering = ["action_plan", "due_date", "id"]

    def get_queryset(self) -> QuerySet[Action]:
        return Action.objects.filter(
            action_plan__strategy__in=visible_strategy_ids(self.request.user)
        ).select_related("action_plan", "owner")


class ProgressUpdateInputSerializer(serializers.Serializer[Any]):
    action = serializers.IntegerField(help_text="The action's id.")
    version = serializers.IntegerField(
        min_value=1, help_text="The action's version you read; a stale one gets 409."
    )
    status = serializers.ChoiceField(choices=Action.Status.choices)
    percent_complete = serializers.IntegerField(min_value=0, max_value=100)
    narrative = serializers.CharField()
    date = serializers.DateField(required=False, help_text="Default: today.")


@extend_schema_view(
    list=extend_schema(summary="Progress updates on the actions you may see"),
)
class ProgressUpdateViewSet(ServiceCallMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Dated updates on actions, with their narrative. Approved ones for everyone
    who may see the action; the others for their author and the action's owners.
    An officer submits one (with the action's ``version``); the manager of the
    service approves it (the action takes its status) or returns it, with the
    update's ``version`` (a stale one is a 409 with the update as it is now)."""

    serializer_class = ProgressUpdateSerializer
    permission_classes = [*READERS, StepPermission, WorkflowStepPermission]
    # Refused before the body is read: a role that never updates actions, or
    # never reviews updates (403); then, for a new update, the action named
    # (404 hidden, 403 not theirs); for a review, the policy on the update.
    step_roles = {
        "create": (
            permissions.may_update_actions,
            "Only officers and managers update actions.",
        ),
        "approve": (
            permissions.may_review_updates,
            "Only the manager of an action's service approves or returns its "
            "updates, never their own.",
        ),
        "return_": (
            permissions.may_review_updates,
            "Only the manager of an action's service approves or returns its "
            "updates, never their own.",
        ),
    }
    workflow = workflow
    workflow_steps = {"approve": workflow.APPROVE, "return_": workflow.RETURN}
    filterset_class = ProgressUpdateFilter
    ordering_fields = ["date", "created_at"]
    ordering = ["action", "-date", "-created_at"]

    def get_queryset(self) -> QuerySet[ProgressUpdate]:
        return progress_updates_visible_to(self.request.user)

    def output(self, update: ProgressUpdate) -> dict[str, Any]:
        return ProgressUpdateSerializer(self.get_queryset().get(pk=update.pk)).data

    @extend_schema(
        summary="Submit an update on an action for approval",
        request=ProgressUpdateInputSerializer,
        responses=write_responses(ProgressUpdateSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actions = Action.objects.filter(
            action_plan__strategy__in=visible_strategy_ids(request.user)
        ).select_related("action_plan", "owner")
        action_ = record_named(request, actions, field="action", noun="action")
        workflow.require_permission(request.user, action_, workflow.UPDATE)
        data = validated(ProgressUpdateInputSerializer, request.data)
        update = self.call_service(
            progress_update_submit,
            action=action_,
            user=request.user,
            status=data["status"],
            percent_complete=data["percent_complete"],
            narrative=data["narrative"],
            date=data.get("date"),
            expected_version=data["version"],
            current=lambda: ActionSerializer(actions.get(pk=action_.pk)).data,
        )
        return Response(self.output(update), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Approve an update (the service's manager, never its author)",
        request=ReviewSerializer,
        responses=write_responses(ProgressUpdateSerializer),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        update = self.get_object()
        data = validated(ReviewSerializer, request.data)
        self.call_service(
            progress_update_approve,
            update=update,
            user=request.user,
            expected_version=data["version"],
            comment=data["comment"],
            current=lambda: self.output(update),
        )
        return Response(self.output(update))

    @extend_schema(
        summary="Return an update to its author with a comment",
        request=ReturnSerializer,
        responses=write_responses(ProgressUpdateSerializer),
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        update = self.get_object()
        data = validated(ReturnSerializer, request.data)
        self.call_service(
            progress_update_return,
            update=update,
            user=request.user,
            expected_version=data["version"],
            comment=data["comment"],
            current=lambda: self.output(update),
        )
        return Response(self.output(update))

    @extend_schema(
        summary="Updates waiting for your approval, oldest first",
        responses=ProgressUpdateSerializer(many=True),
    )
    @action(
        detail=False,
        methods=["get"],
        filterset_class=None,
        permission_classes=REVIEWERS,
    )
    def queue(self, request: Request) -> Response:
        page = self.paginate_queryset(
            updates_awaiting_review(request.user).select_related("reviewed_by")
        )
        return self.get_paginated_response(
            ProgressUpdateSerializer(page, many=True).data
        )


class CaseStudyViewSet(ReadOnlyViewSet):
    """Case studies and narratives beside the numbers: published ones (and, for
    the performance administrator, drafts too)."""

    serializer_class = CaseStudySerializer
    permission_classes = READERS
    filterset_class = CaseStudyFilter
    ordering_fields = ["date", "title"]
    ordering = ["-date", "title"]

    def get_queryset(self) -> QuerySet[CaseStudy]:
        user = self.request.user
        studies = CaseStudy.objects.select_related("author").prefetch_related(
            "priorities", "strategies", "metrics"
        )
        if not can_administer_performance(user):
            studies = studies.filter(is_published=True)
        if not can_read_plan(user):
            studies = studies.filter(
                pk__in=CaseStudy.objects.filter(
                    strategies__in=visible_strategy_ids(user)
                ).values("pk")
            )
        return studies
