"""/api/v1/recorded-verdicts/: verdicts confirmed, overridden or imported."""

from __future__ import annotations

from django.db.models import QuerySet

from coventry_pm.core.api import ReadOnlyViewSet
from scorecard.api.serializers import RecordedVerdictSerializer
from scorecard.filters import RecordedVerdictFilter
from scorecard.models import RecordedVerdict
from scorecard.selectors import of_visible_metrics


class RecordedVerdictViewSet(ReadOnlyViewSet):
    """Verdicts confirmed, overridden or imported: who, when and why."""

    serializer_class = RecordedVerdictSerializer
    filterset_class = RecordedVerdictFilter
    ordering_fields = ["period", "recorded_at", "metric__code"]
    ordering = ["metric__code", "period", "-recorded_at", "-id"]

    def get_queryset(self) -> QuerySet[RecordedVerdict]:
        return RecordedVerdict.objects.filter(
            of_visible_metrics(self.request.user)
        ).select_related("metric", "plan", "recorded_by")
