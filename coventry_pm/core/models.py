"""Work the background worker could not do, kept for the performance administrator.

A task that failed after its retries, or that could not even be queued because the
broker was down, is recorded here rather than lost in a log file; the operations page
lists what is open and queues it again or dismisses it.
"""

from django.conf import settings
from django.db import models


class TaskFailure(models.Model):
    class Kind(models.TextChoices):
        FAILED = "failed", "Failed"
        NOT_QUEUED = "not_queued", "Not queued (broker unavailable)"

    class Resolution(models.TextChoices):
        OPEN = "", "Open"
        REQUEUED = "requeued", "Queued again"
        DISMISSED = "dismissed", "Dismissed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    task_name = models.CharField(max_length=255)
    task_id = models.CharField(max_length=255, blank=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    hostname = models.CharField(max_length=255, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(
        max_length=20, choices=Resolution.choices, default="", blank=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["resolution", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.get_kind_display()})"
