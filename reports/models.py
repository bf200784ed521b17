"""Open-data publications and the imports that bring them in.

``OpenDataRow`` keeps a metric's place in a plan's published open-data file for a
report year: its sort order and the priority and objective the file lists it under,
whether or not it is a headline metric (headline membership itself is
scorecard.HeadlineMembership). ``ImportRun`` is the audit record of every import,
and, for the upload page, the preview waiting to be applied.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class OpenDataRow(models.Model):
    plan = models.ForeignKey(
        "strategies.Plan", on_delete=models.CASCADE, related_name="open_data_rows"
    )
    report_year = models.CharField(max_length=7, help_text='e.g. "2024-25"')
    metric = models.ForeignKey(
        "scorecard.Metric", on_delete=models.CASCADE, related_name="open_data_rows"
    )
    sort_order = models.PositiveIntegerField(null=True, blank=True)
    priority = models.ForeignKey(
        "strategies.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="open_data_rows",
    )
    objective = models.ForeignKey(
        "strategies.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="open_data_rows",
    )

    class Meta:
        ordering = ["plan", "report_year", "sort_order", "metric__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "report_year", "metric"], name="unique_open_data_row"
            )
        ]
        verbose_name = "open-data row"

    def __str__(self) -> str:
        return f"{self.metric.code} in {self.plan} {self.report_year}"


def _upload_path(instance: "ImportFile", filename: str) -> str:
    return f"imports/{instance.run_id}/{filename}"


class ImportRun(models.Model):
    """One import: who ran it, on which files, and what it did (or would do)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed, waiting to be applied"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed: nothing changed"

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded on the import page"
        COMMAND = "command", "import_open_data command"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    plan_period = models.CharField(
        "plan", max_length=9, blank=True, help_text='As files name it: "2022-30".'
    )
    report_year = models.CharField(max_length=7, blank=True)
    file_names = models.JSONField(default=list)
    summary = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:import_detail", args=[self.pk])


class ImportFile(models.Model):
    """An uploaded file, kept under MEDIA_ROOT until its import is applied."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_upload_path)
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["run", "id"]

    def __str__(self) -> str:
        return self.name
