"""/api/v1/submissions/: an officer's figures on their way to approval (create,
change, submit, approve, return) and the approval queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.accounts.permissions import is_member
from coventry_pm.core.api import (
    REVIEWERS,
    ReturnSerializer,
    ReviewSerializer,
    ServiceCallMixin,
    VersionSerializer,
    validated,
    write_responses,
)
from scorecard import services, workflow
from scorecard.api.helpers import (
    FIGURE_REVIEWERS,
    WORKFLOW_WRITERS,
    EntersFigures,
    metric_named,
)
from scorecard.api.serializers import (
    SubmissionCreateSerializer,
    SubmissionDetailSerializer,
    SubmissionSerializer,
    SubmissionUpdateSerializer,
    latest_submitted_values,
)
from scorecard.filters import SubmissionFilter
from scorecard.models import MetricValue, Submission
from scorecard.selectors import approval_queue, submissions_visible_to


def submissions_with_values(user: Any) -> QuerySet[Submission]:
    if not is_member(user):  # the schema generator asks as nobody
        return Submission.objects.none()
    return submissions_visible_to(user).prefetch_related(
        Prefetch("values", queryset=MetricValue.objects.order_by("revision"))
    )


@extend_schema_view(
    list=extend_schema(summary="Submissions you made or may review"),
    retrieve=extend_schema(
        summary="One submission: its latest figures and the calculated verdict"
    ),
)
class SubmissionViewSet(
    ServiceCallMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """An officer's figures for a metric and period on their way to approval:
    create a draft, change it (with its ``version``), submit; the manager of the
    service approves or returns it. Nobody approves their own."""

    serializer_class = SubmissionSerializer
    permission_classes = [IsAuthenticated, EntersFigures, *WORKFLOW_WRITERS]
    step_roles = {"approve": FIGURE_REVIEWERS, "return_": FIGURE_REVIEWERS}
    workflow = workflow
    workflow_steps = {
        "update": workflow.EDIT,
        "partial_update": workflow.EDIT,
        "submit": workflow.SUBMIT,
        "approve": workflow.APPROVE,
        "return_": workflow.RETURN,
    }
    filterset_class = SubmissionFilter
    ordering_fields = ["submitted_at", "created_at", "period", "metric__code"]

    def get_queryset(self) -> QuerySet[Submission]:
        return submissions_with_values(self.request.user)

    def current(self, submission: Submission) -> Callable[[], dict[str, Any]]:
        return lambda: self.output(submission)

    def get_serializer_class(self) -> type[SubmissionSerializer]:
        if self.action == "list":
            return SubmissionSerializer
        return SubmissionDetailSerializer

    def output(self, submission: Submission) -> dict[str, Any]:
        return SubmissionDetailSerializer(
            self.get_queryset().get(pk=submission.pk)
        ).data

    @extend_schema(
        summary="Start a submission (a draft) of a metric's figures for a period",
        request=SubmissionCreateSerializer,
        responses=write_responses(SubmissionDetailSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        metric = metric_named(request, step=workflow.ENTER_FIGURES)
        data = validated(SubmissionCreateSerializer, request.data)
        data.pop("metric")
        submission = self.call_service(
            services.submission_save,
            user=request.user,
            metric=metric,
            **self.service_fields(data),
        )
        return Response(self.output(submission), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a draft or returned submission",
        request=SubmissionUpdateSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submission = self.get_object()
        partial = kwargs.get("partial", False)
        data = validated(SubmissionUpdateSerializer, request.data, partial=partial)
        if "version" not in data:
            raise DRFValidationError({"version": "This field is required."})
        fields = {**self.unchanged_fields(submission), **data}
        expected_version = fields.pop("version")
        saved = self.call_service(
            services.submission_save,
            user=request.user,
            metric=submission.metric,
            submission=submission,
            expected_version=expected_version,
            current=self.current(submission),
            **self.service_fields(fields),
        )
        return Response(self.output(saved))

    @extend_schema(
        summary="Change some fields of a draft or returned submission",
        request=SubmissionUpdateSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    @staticmethod
    def unchanged_fields(submission: Submission) -> dict[str, Any]:
        """What a partial update leaves as it is."""
        values = latest_submitted_values(submission)
        place = next((v for v in values if not v.breakdown), None)
        return {
            "period": submission.period,
            "value_text": place.value_text if place else "",
            "numerator": place.numerator if place else None,
            "denominator": place.denominator if place else None,
            "lower_ci": place.lower_ci if place else None,
            "upper_ci": place.upper_ci if place else None,
            "note": submission.note,
            "breakdowns": [
                {
                    "breakdown": v.breakdown,
                    "group": v.breakdown_group,
                    "value_text": v.value_text,
                }
                for v in values
                if v.breakdown
            ],
            "progress_override": submission.progress_override,
            "target_status_override": submission.target_status_override,
            "override_reason": submission.override_reason,
        }

    @staticmethod
    def service_fields(data: dict[str, Any]) -> dict[str, Any]:
        fields = dict(data)
        fields["breakdowns"] = [
            services.BreakdownEntry(
                breakdown=b["breakdown"], group=b["group"], value_text=b["value_text"]
            )
            for b in fields.get("breakdowns", [])
        ]
        return fields

    @extend_schema(
        summary="Send a submission for approval",
        request=VersionSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        submission = self.get_object()
        data = validated(VersionSerializer, request.data)
        saved = self.call_service(
            services.submission_submit,
            submission=submission,
            user=request.user,
            expected_version=data["version"],
            current=self.current(submission),
        )
        return Response(self.output(saved))

    @extend_schema(
        summary="Approve a submission (the service's manager, never its author)",
        request=ReviewSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        submission = self.get_object()
        data = validated(ReviewSerializer, request.data)
        saved = self.call_service(
            services.submission_approve,
            submission=submission,
            user=request.user,
            expected_version=data["version"],
            comment=data["comment"],
            current=self.current(submission),
        )
        return Response(self.output(saved))

    @extend_schema(
        summary="Return a submission to its officer with a comment",
        request=ReturnSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        submission = self.get_object()
        data = validated(ReturnSerializer, request.data)
        saved = self.call_service(
            services.submission_return,
            submission=submission,
            user=request.user,
            expected_version=data["version"],
            comment=data["comment"],
            current=self.current(submission),
        )
        return Response(self.output(saved))

    @extend_schema(
        summary="Submissions waiting for your approval, oldest first",
        responses=SubmissionSerializer(many=True),
    )
    @action(
        detail=False,
        methods=["get"],
        filterset_class=None,
        permission_classes=REVIEWERS,
    )
    def queue(self, request: Request) -> Response:
        submissions = approval_queue(request.user).prefetch_related(
            Prefetch("values", queryset=MetricValue.objects.order_by("revision"))
        )
        page = self.paginate_queryset(submissions)
        return self.get_paginated_response(SubmissionSerializer(page, many=True).data)
