"""/api/v1/values/: the figures of the metrics the caller may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.accounts.permissions import can_administer_performance
from coventry_pm.core.api import ReadOnlyViewSet
from scorecard import permissions
from scorecard.api.rows import ListRows
from scorecard.api.serializers import MetricValueSerializer
from scorecard.filters import MetricValueFilter
from scorecard.models import MetricValue
from scorecard.selectors import (
    of_visible_metrics,
    unapproved_value_visibility,
    value_visibility,
)

VALUE_ROWS = ListRows(MetricValueSerializer)


class MetricValueViewSet(ReadOnlyViewSet):
    """Figures of the metrics you may see: approved ones, every revision. Those who
    may edit a metric also see its drafts, submitted and returned figures with
    ``?approval=``."""

    serializer_class = MetricValueSerializer
    filterset_class = MetricValueFilter
    ordering_fields = ["period", "revision", "entered_at", "metric__code"]
    ordering = ["metric__code", "period", "breakdown", "breakdown_group", "revision"]

    def get_queryset(self) -> QuerySet[MetricValue]:
        user = self.request.user
        values = MetricValue.objects.filter(of_visible_metrics(user)).select_related(
            "metric"
        )
        approval = self.request.query_params.get("approval")
        if (
            self.action == "list"
            and approval
            and approval != MetricValue.Approval.APPROVED
        ):
            if not (
                permissions.can_enter_figures(user) or can_administer_performance(user)
            ):
                raise PermissionDenied(
                    "Only those who enter figures see figures not yet approved."
                )
            # The same rule as the metric page's (scorecard.selectors).
            return values.exclude(approval=MetricValue.Approval.APPROVED).filter(
                unapproved_value_visibility(user)
            )
        if self.action == "retrieve":
            return values.filter(value_visibility(user))
        return values.filter(approval=MetricValue.Approval.APPROVED)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(VALUE_ROWS.rows(values))
        assert page is not None
        return self.get_paginated_response(VALUE_ROWS.data(page))
