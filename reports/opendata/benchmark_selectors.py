"""Reading the benchmarking imports for the pages (issue 19)."""

from __future__ import annotations

from django.db.models import QuerySet

from reports.models import BenchmarkSource, ImportRun
from scorecard.models import Metric


def benchmark_runs_recent(limit: int = 20) -> QuerySet[ImportRun]:
    """The latest imports of other places' figures, newest first."""
    return (
        ImportRun.objects.filter(kind=ImportRun.Kind.BENCHMARK)
        .select_related("created_by", "benchmark_source")
        .order_by("-created_at", "-id")[:limit]
    )


def benchmark_sources() -> QuerySet[BenchmarkSource]:
    return BenchmarkSource.objects.order_by("name")


def metrics_to_choose() -> QuerySet[Metric]:
    """Every metric an indicator or a file may be mapped to, by code."""
    return Metric.objects.exclude(status=Metric.Status.RETIRED).order_by("code")
