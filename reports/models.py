"""Open-data publications and the imports that bring them in.

``OpenDataRow`` keeps a metric's place in a plan's published open-data file for a
report year: its sort order and the priority and objective the file lists it under,
whether or not it is a headline metric (headline membership itself is
scorecard.HeadlineMembership). ``ImportRun`` is the audit record of every import,
and, for the upload page, the preview waiting to be applied. ``ReportRun`` and
``ReportSnapshot`` are the annual report's generations and frozen versions;
``ReportNarrative`` is the commentary on one of its priorities or directorates, as
edited and signed off.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scorecard.domain.periods import period_label


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
        UNDONE = "undone", "Undone"

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded on the import page"
        COMMAND = "command", "import_open_data command"

    class Kind(models.TextChoices):
        OPEN_DATA = "open_data", "The council's open data or the tidy format"
        BENCHMARK = "benchmark", "Benchmarking figures for other places"

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
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OPEN_DATA)
    benchmark_source = models.ForeignKey(
        "BenchmarkSource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        help_text="For benchmarking figures: the source they came from.",
    )
    plan_period = models.CharField(
        "plan", max_length=9, blank=True, help_text='As files name it: "2022-30".'
    )
    report_year = models.CharField(max_length=7, blank=True)
    file_names = models.JSONField(default=list)
    summary = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:import_detail", args=[self.pk])


class BenchmarkSource(models.Model):
    """A source of other places' figures (Fingertips, LG Inform, ONS Explore Local
    Statistics, or any other long-format download), with the column mapping the
    performance administrator saved for it (reports.opendata.long_format)."""

    class Reader(models.TextChoices):
        FINGERTIPS = "fingertips", "Fingertips data download"
        LONG = "long", "Long format, through a column mapping"

    class Ids(models.TextChoices):
        FINGERTIPS = "fingertips", "Fingertips indicator IDs (kept on the metric)"
        LG_INFORM = "lg_inform", "LG Inform metric IDs (kept on the metric)"
        OWN = "own", "The source's own IDs or names (mapped here)"

    name = models.CharField(max_length=100, unique=True)
    reader = models.CharField(max_length=10, choices=Reader.choices)
    ids = models.CharField(
        "indicator IDs",
        max_length=10,
        choices=Ids.choices,
        default=Ids.OWN,
        help_text="How the source names its indicators, to find each one's metric.",
    )
    mapping = models.JSONField(
        default=dict, blank=True, help_text="ColumnMapping.as_dict() (long format)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SourceIndicator(models.Model):
    """A source's indicator (by its own ID, or its name when it has no ID) and the
    metric it is; ``metric`` is empty until someone maps it. Fingertips and LG
    Inform IDs are kept on the metric itself (Metric.fingertips_id, lg_inform_id);
    this records the ones a file brought, so the unmapped can be listed."""

    source = models.ForeignKey(
        BenchmarkSource, on_delete=models.CASCADE, related_name="indicators"
    )
    indicator_id = models.CharField(max_length=200)
    indicator_name = models.CharField(max_length=500, blank=True)
    metric = models.ForeignKey(
        "scorecard.Metric",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_indicators",
    )
    first_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "indicator_name", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "indicator_id"], name="unique_source_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.indicator_name or self.indicator_id}"


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


def report_title(period: str) -> str:
    """ "Annual performance report 2025/26" or "Half-year performance report
    2025/26 H1": the report of a period key ("2025-26", "2025-26 H1")."""
    kind = "Half-year" if " H" in period else "Annual"
    return f"{kind} performance report {period_label(period)}"


class ReportRun(models.Model):
    """One generation of the annual (or half-year) report for a plan and period:
    who started it, how far it has got, and the snapshot it made."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    plan = models.ForeignKey(
        "strategies.Plan", on_delete=models.PROTECT, related_name="report_runs"
    )
    period = models.CharField(max_length=10, help_text='"2025-26" or "2025-26 H1"')
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    stage = models.CharField(max_length=200, blank=True)
    change_note = models.TextField(
        blank=True, help_text="Why a published report is being corrected."
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_report_run_per_plan_and_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} report {self.period} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:run_detail", args=[self.pk])

    @property
    def name(self) -> str:
        """The report this run makes, by what it is ("Annual performance report
        2025/26, version 2"): its snapshot's name, or, before there is one, the
        version it will be published as (one more than those published)."""
        snapshot = getattr(self, "snapshot", None)
        if snapshot is not None:
            return str(snapshot.name)
        published = ReportSnapshot.objects.filter(
            plan_id=self.plan_id, period=self.period, status__in=ReportSnapshot.PUBLIC
        ).count()
        return f"{report_title(self.period)}, version {published + 1}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def file_folder(self) -> str:
        """Where the run writes its report's files (under MEDIA_ROOT)."""
        period = self.period.replace(" ", "-")
        return f"reports/{self.plan.period}/{period}/run-{self.pk}"


def _report_path(instance: "ReportSnapshot", filename: str) -> str:
    return f"{instance.run.file_folder}/{filename}"


class ReportSnapshot(models.Model):
    """A generated report, frozen: its content as data and its files. Drafts are
    read by members, approved by the performance administrator and a cabinet member,
    then published; a published snapshot never changes (a correction is a new
    version with a change note)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved, waiting to be published"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Published, replaced by a correction"

    PUBLIC = (Status.PUBLISHED, Status.SUPERSEDED)

    run = models.OneToOneField(
        ReportRun, on_delete=models.PROTECT, related_name="snapshot"
    )
    plan = models.ForeignKey(
        "strategies.Plan", on_delete=models.PROTECT, related_name="report_snapshots"
    )
    period = models.CharField(max_length=10)
    version = models.PositiveSmallIntegerField(default=1)
    change_note = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    content = models.JSONField()
    pdf = models.FileField(upload_to=_report_path)
    tidy_csv = models.FileField(upload_to=_report_path)
    council_csv = models.FileField(upload_to=_report_path)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by_admin = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="approved by (performance administrator)",
    )
    approved_by_admin_at = models.DateTimeField(null=True, blank=True)
    approved_by_cabinet = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="approved by (cabinet member)",
    )
    approved_by_cabinet_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    open_data_status = models.CharField(max_length=200, blank=True)
    open_data_commit = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-period", "-version", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "version"],
                condition=models.Q(status__in=["published", "superseded"]),
                name="one_published_report_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version}, {self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return report_title(self.period)

    @property
    def name(self) -> str:
        """What this report is, as pages, the PDF and email name it: "Annual
        performance report 2025/26, version 2"."""
        return f"{self.title}, version {self.version}"

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC


class ReportApprovalRequest(models.Model):
    """The performance administrator asking the cabinet members to approve a
    draft: who asked whom, and when (the draft's approval history keeps it)."""

    snapshot = models.ForeignKey(
        ReportSnapshot, on_delete=models.CASCADE, related_name="approval_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField()
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        help_text="The cabinet members asked.",
    )

    class Meta:
        ordering = ["snapshot", "requested_at", "id"]

    def __str__(self) -> str:
        return f"Approval of report {self.snapshot_id} requested {self.requested_at}"


class ReportNarrative(models.Model):
    """The commentary on one priority or directorate of a plan's report for a
    period: the sentences as edited (each keeping the figures it cites, from
    reports.annual.narrative), and the sentences as signed off, with the figures
    they cited then. Shared by every version of that report, so a version whose
    figures differ flags the signed-off sentences they changed. Who may edit and
    sign off is reports/workflow.py; the history keeps every change."""

    class Scope(models.TextChoices):
        PRIORITY = "priority", "Priority"
        DIRECTORATE = "directorate", "Directorate"

    plan = models.ForeignKey(
        "strategies.Plan", on_delete=models.PROTECT, related_name="report_narratives"
    )
    period = models.CharField(max_length=10, help_text='"2025-26" or "2025-26 H1"')
    scope = models.CharField(max_length=11, choices=Scope.choices)
    key = models.PositiveIntegerField(
        help_text="The priority's or directorate's id (0: no directorate)."
    )
    title = models.CharField(
        max_length=300, help_text="The priority's or directorate's name."
    )
    sentences = models.JSONField(
        default=list,
        blank=True,
        help_text="As edited: [{rule, text, drafted, figures}]. Empty: as drafted.",
    )
    edited_against = models.ForeignKey(
        ReportSnapshot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The report version the sentences were edited against.",
    )
    signed_off_sentences = models.JSONField(default=list, blank=True)
    signed_off_against = models.ForeignKey(
        ReportSnapshot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The report version whose figures were signed off.",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "period", "scope", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "scope", "key"],
                name="one_narrative_per_report_scope",
            )
        ]

    def __str__(self) -> str:
        return f"Commentary on {self.title} ({period_label(self.period)})"
