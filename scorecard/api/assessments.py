"""/api/v1/assessments/ and /api/v1/headline-summary/: each metric's assessment
for a year, and the headline summary the council publishes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.core.api import PLAN_READERS, READERS, validated
from scorecard.api.serializers import (
    AssessmentSerializer,
    HeadlineSummaryQuerySerializer,
    HeadlineSummarySerializer,
    assessment_json,
)
from scorecard.filters import AssessmentFilter, assessed_plan, report_year
from scorecard.models import Metric
from scorecard.selectors import headline_summary, metric_assessments, metrics_visible_to


@extend_schema_view(
    list=extend_schema(
        summary="Each metric's progress and target status for a year",
        responses=AssessmentSerializer(many=True),
    )
)
class AssessmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Any]):
    """The assessment of every metric you may see (or only the plan's headline
    metrics, with ``headline=true``) for a report year: the `assess --json` metric
    shape, with the reasons. ``plan`` chooses whose headline list and recorded
    verdicts are read (default: the plan covering the year)."""

    permission_classes = READERS
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssessmentFilter
    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Metric]:
        return metrics_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filterset = DjangoFilterBackend().get_filterset(
            request, self.get_queryset(), self
        )
        assert filterset is not None
        if not filterset.is_valid():
            raise DRFValidationError(filterset.errors)
        metrics = filterset.qs
        rows = metric_assessments(
            metrics=metrics, year=filterset.year_assessed, plan=filterset.plan_assessed
        )
        rows.sort(
            key=lambda row: (
                row.membership is None,
                row.membership.sort_order if row.membership else 0,
                row.metric.code,
            )
        )
        items = [
            assessment_json(row)
            for row in rows
            if filterset.keeps(row.progress_shown, row.target_status_shown)
        ]
        page = self.paginate_queryset(items)
        return self.get_paginated_response(page)


class HeadlineSummaryViewSet(viewsets.GenericViewSet[Any]):
    """The headline summary the council publishes for a plan and year: how many
    headline metrics have each progress verdict, and the sentence, compared with
    the plan's earlier report years."""

    permission_classes = PLAN_READERS
    pagination_class = None
    filter_backends: list[Any] = []
    serializer_class = HeadlineSummarySerializer

    @extend_schema(
        summary="The headline summary for a plan and year",
        parameters=[HeadlineSummaryQuerySerializer],
        # Its 400 (a bad ?year= or ?plan=) is every read's: see
        # coventry_pm.core.api.document_query_errors.
        responses={200: HeadlineSummarySerializer},
    )
    def list(self, request: Request) -> Response:
        query = validated(HeadlineSummaryQuerySerializer, request.query_params)
        year = report_year(query["year"])
        plan = assessed_plan(year, query.get("plan"))
        result = headline_summary(plan=plan, year=year, all_metrics=query["all"])
        return Response(
            {
                "year": year,
                "plan": plan.period,
                "plan_id": plan.pk,
                "summary": {**result.summary.as_dict(), "sentence": result.sentence},
            }
        )
