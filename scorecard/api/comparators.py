"""/api/v1/comparators/ and /api/v1/comparator-values/: the places and groups
metrics are compared with, and their figures."""

from __future__ import annotations

from django.db.models import QuerySet

from coventry_pm.core.api import ReadOnlyViewSet
from scorecard.api.serializers import ComparatorSerializer, ComparatorValueSerializer
from scorecard.filters import ComparatorValueFilter
from scorecard.models import Comparator, ComparatorValue
from scorecard.selectors import of_visible_metrics


class ComparatorViewSet(ReadOnlyViewSet):
    """Places and groups metrics are compared with."""

    serializer_class = ComparatorSerializer
    queryset = Comparator.objects.all()
    filterset_fields = ["kind"]
    ordering_fields = ["name", "kind"]
    ordering = ["kind", "name"]


class ComparatorValueViewSet(ReadOnlyViewSet):
    """Comparators' figures for the metrics you may see, every revision."""

    serializer_class = ComparatorValueSerializer
    filterset_class = ComparatorValueFilter
    ordering_fields = ["period", "revision", "metric__code", "comparator__name"]
    ordering = ["metric__code", "comparator__name", "period", "revision"]

    def get_queryset(self) -> QuerySet[ComparatorValue]:
        return ComparatorValue.objects.filter(
            of_visible_metrics(self.request.user)
        ).select_related("metric", "comparator")
