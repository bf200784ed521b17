"""The annual report in the REST API (/api/v1/): report runs (start one, watch its
progress) for the performance administrator, and the reports a person may read,
with their approval and publication steps.

Refusals come before the body is read: a view-level permission refuses (403)
anyone whose roles never allow the step (reports/workflow.py ROLE_RULES); a report
they may not read is a 404; then one object permission asks the workflow whether
they may take the step on this report now (a 400 with the reason when not)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.core.api import (
    ErrorSerializer,
    ReadOnlyViewSet,
    ServiceCallMixin,
    validated,
    write_responses,
)
from reports import workflow
from reports.models import ReportRun, ReportSnapshot
from reports.permissions import cabinet_members
from reports.selectors import report_snapshots_visible_to
from reports.services.annual import (
    report_approval_request,
    report_approve,
    report_publish,
    report_run_start,
)
from strategies.models import Plan


class RunsReports(BasePermission):
    message = workflow.ROLE_RULES[workflow.RUN][1]

    def has_permission(self, request: Request, view: Any) -> bool:
        return workflow.roles_allow(request.user, workflow.RUN)


class ReportStepRoles(BasePermission):
    """A step on a report is refused (403) to anyone whose roles never allow it,
    before the report is looked up or the body read."""

    def has_permission(self, request: Request, view: Any) -> bool:
        step = view.workflow_steps.get(getattr(view, "action", None))
        if step is None:
            return True  # a read: the scoped queryset decides
        allowed = workflow.roles_allow(request.user, step)
        if not allowed:
            self.message = workflow.ROLE_RULES[step][1]
        return allowed


class ReportStepPermission(BasePermission):
    """The one object permission: the workflow says whether this person may take
    the step on this report now (a 403 when never, the reason when not now)."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        step = view.workflow_steps.get(getattr(view, "action", None))
        if step is None:
            return True
        refused = workflow.refusal(request.user, obj, step)
        if refused is not None:
            raise refused
        return True


class ReportRunSerializer(serializers.ModelSerializer[ReportRun]):
    # Null for a run nobody started (the scheduled ones).
    started_by = serializers.StringRelatedField(allow_null=True)
    report = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "plan",
            "period",
            "status",
            "progress",
            "stage",
            "change_note",
            "started_by",
            "started_at",
            "finished_at",
            "attempts",
            "error",
            "report",
        ]

    def get_report(self, run: ReportRun) -> int | None:
        snapshot = getattr(run, "snapshot", None)
        return snapshot.pk if snapshot else None


class ReportRunInputSerializer(serializers.Serializer[Any]):
    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.exclude(status=Plan.Status.DRAFT)
    )
    period = serializers.CharField(
        max_length=10, help_text='"2025-26", or a half year: "2025-26 H1".'
    )
    change_note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required once the period's report is published: the correction.",
    )


class ReportSerializer(serializers.ModelSerializer[ReportSnapshot]):
    title = serializers.CharField(read_only=True)
    # Null until the step is taken.
    approved_by_admin = serializers.StringRelatedField(allow_null=True)
    approved_by_cabinet = serializers.StringRelatedField(allow_null=True)
    published_by = serializers.StringRelatedField(allow_null=True)
    summary = serializers.SerializerMethodField()
    sentence = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = ReportSnapshot
        fields = [
            "id",
            "title",
            "plan",
            "period",
            "version",
            "status",
            "change_note",
            "created_at",
            "approved_by_admin",
            "approved_by_admin_at",
            "approved_by_cabinet",
            "approved_by_cabinet_at",
            "published_by",
            "published_at",
            "open_data_status",
            "summary",
            "sentence",
            "links",
        ]

    def get_summary(self, snapshot: ReportSnapshot) -> dict[str, Any]:
        """The headline counts, as `assess --json` names them."""
        summary: dict[str, Any] = snapshot.content["summary"]
        return summary

    def get_sentence(self, snapshot: ReportSnapshot) -> str:
        return str(snapshot.content["sentence"])

    def get_links(self, snapshot: ReportSnapshot) -> dict[str, str]:
        return {
            "html": snapshot.get_absolute_url(),
            "pdf": reverse("reports:report_pdf", args=[snapshot.pk]),
            "tidy_csv": reverse("reports:report_data", args=[snapshot.pk, "tidy"]),
            "council_csv": reverse(
                "reports:report_data", args=[snapshot.pk, "council"]
            ),
        }


class EmptySerializer(serializers.Serializer[Any]):
    pass


class ApprovalRequestInputSerializer(serializers.Serializer[Any]):
    cabinet_member = serializers.PrimaryKeyRelatedField(
        queryset=cabinet_members(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The cabinet member to ask; every cabinet member when left out.",
    )


class ApprovalRequestSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    report = serializers.IntegerField(source="snapshot_id")
    requested_by = serializers.StringRelatedField()
    requested_at = serializers.DateTimeField()
    recipients = serializers.StringRelatedField(many=True)


class ReportRunViewSet(ServiceCallMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Report runs: start one for a plan and period (one at a time per period) and
    poll it for its progress; when ready, ``report`` is the report's id."""

    serializer_class = ReportRunSerializer
    permission_classes = [IsAuthenticated, RunsReports]
    ordering = ["-started_at", "-id"]

    def get_queryset(self) -> QuerySet[ReportRun]:
        return ReportRun.objects.select_related("started_by", "snapshot")

    @extend_schema(
        summary="Start generating a report (runs on the Celery worker)",
        request=ReportRunInputSerializer,
        responses=write_responses(ReportRunSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(ReportRunInputSerializer, request.data)
        run = self.call_service(
            report_run_start,
            plan=data["plan"],
            period=data["period"].strip(),
            change_note=data["change_note"],
            user=request.user,
        )
        return Response(
            ReportRunSerializer(self.get_queryset().get(pk=run.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ReportViewSet(ServiceCallMixin, ReadOnlyViewSet):
    """Annual (and half-year) reports: published ones for everyone signed in,
    drafts too for cabinet members, councillors and the performance administrator.
    A draft is approved by the performance administrator and a cabinet member,
    then published by the performance administrator."""

    serializer_class = ReportSerializer
    permission_classes = [IsAuthenticated, ReportStepRoles, ReportStepPermission]
    ordering = ["-period", "-version"]
    workflow_steps = {
        "approve": workflow.APPROVE,
        "publish": workflow.PUBLISH,
        "request_approval": workflow.REQUEST_APPROVAL,
    }

    def get_queryset(self) -> QuerySet[ReportSnapshot]:
        return report_snapshots_visible_to(self.request.user)

    def _step(self, service: Any) -> Response:
        snapshot = self.get_object()
        self.call_service(service, snapshot=snapshot, user=self.request.user)
        return Response(ReportSerializer(self.get_queryset().get(pk=snapshot.pk)).data)

    @extend_schema(
        summary="Approve a draft (performance administrator or cabinet member)",
        request=EmptySerializer,
        responses={**write_responses(ReportSerializer), 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._step(report_approve)

    @extend_schema(
        summary="Publish an approved report (performance administrator)",
        request=EmptySerializer,
        responses={**write_responses(ReportSerializer), 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        return self._step(report_publish)

    @extend_schema(
        summary="Ask cabinet members to approve a draft (performance administrator, "
        "after approving it)",
        request=ApprovalRequestInputSerializer,
        responses={
            **write_responses(ApprovalRequestSerializer, created=True),
            409: ErrorSerializer,
        },
    )
    @action(detail=True, methods=["post"], url_path="request-approval")
    def request_approval(self, request: Request, pk: str | None = None) -> Response:
        snapshot = self.get_object()  # the refusals, before the body is read
        data = validated(ApprovalRequestInputSerializer, request.data)
        chosen = data.get("cabinet_member")
        asked = self.call_service(
            report_approval_request,
            snapshot=snapshot,
            user=request.user,
            recipients=[chosen] if chosen else [],
        )
        return Response(
            ApprovalRequestSerializer(asked).data, status=status.HTTP_201_CREATED
        )
