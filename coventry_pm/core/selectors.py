"""Reads for the operations page."""

from django.db.models import QuerySet

from coventry_pm.core.models import TaskFailure


def task_failures_open() -> QuerySet[TaskFailure]:
    return TaskFailure.objects.filter(resolution="").select_related("resolved_by")


def task_failures_recently_resolved(*, limit: int = 20) -> QuerySet[TaskFailure]:
    return (
        TaskFailure.objects.exclude(resolution="")
        .select_related("resolved_by")
        .order_by("-resolved_at")[:limit]
    )
