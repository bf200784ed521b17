"""The golden thread: plan → priorities → objectives → key strategies → action plans.

Plans are revised, never overwritten: a revision is a new Plan row pointing at the one
it replaces, so a reviewed version stays readable.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed by Full Council"
        SUPERSEDED = "superseded", "Superseded"

    name = models.CharField(max_length=200, default="One Coventry Plan")
    period = models.CharField(
        max_length=9, help_text='The plan period as files name it, e.g. "2022-30".'
    )
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    vision = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    previous_version = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    agreed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "version"], name="unique_plan_version"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("strategies:plan", args=[self.pk])

    def covers(self, year_start: int) -> bool:
        """Whether the financial year starting in ``year_start`` is in the plan."""
        return self.start_year <= year_start < self.end_year


class Priority(models.Model):
    class Kind(models.TextChoices):
        DELIVERY = "delivery", "Delivery priority"
        ENABLING = "enabling", "Enabling priority"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    narrative = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "sort_order", "id"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "title"], name="unique_priority_title"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategies:plan", args=[self.plan_id]) + f"#priority-{self.pk}"


class Objective(models.Model):
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(max_length=300)
    narrative = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["priority", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "title"], name="unique_objective_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Strategy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        UNDER_REVIEW = "under_review", "Under review"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=300, unique=True)
    summary = models.TextField(blank=True)
    owning_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="strategies"
    )
    cabinet_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategies_held",
    )
    board = models.CharField(
        max_length=300, blank=True, help_text="The board or partnership, if any."
    )
    board_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="strategy_boards",
        help_text="Partners named on the board see this strategy.",
    )
    priorities = models.ManyToManyField(Priority, blank=True, related_name="strategies")
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="strategies"
    )
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategies:strategy", args=[self.pk])


class ChangeStep(models.Model):
    """One link of a strategy's story of change, with the metrics that measure it."""

    class Kind(models.TextChoices):
        INPUT = "input", "Input"
        ACTIVITY = "activity", "Activity"
        OUTPUT = "output", "Output"
        OUTCOME = "outcome", "Outcome"

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="change_steps"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.TextField()
    sort_order = models.PositiveSmallIntegerField(default=0)
    metrics = models.ManyToManyField(
        "scorecard.Metric", blank=True, related_name="change_steps"
    )

    class Meta:
        ordering = ["strategy", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class ActionPlan(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(max_length=300)
    service = models.ForeignKey(
        "accounts.Service", on_delete=models.PROTECT, related_name="action_plans"
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    metrics = models.ManyToManyField(
        "scorecard.Metric", blank=True, related_name="action_plans"
    )

    class Meta:
        ordering = ["strategy", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        team = self.team if self.team_id else None
        if team is not None and team.service_id != self.service_id:
            raise ValidationError({"team": "The team must belong to the service."})


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        COMPLETE = "complete", "Complete"

    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_owned",
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    resources = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent_complete = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_plan", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100),
                name="action_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(due_date__gte=models.F("start_date")),
                name="action_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A dated update on an action, with its narrative, on its way to approval.

    The action takes the update's status and percentage when it is approved."""

    class Approval(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting approval"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    percent_complete = models.PositiveSmallIntegerField(default=0)
    narrative = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approval = models.CharField(
        max_length=10, choices=Approval.choices, default=Approval.APPROVED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100),
                name="update_percent_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} — {self.date}"


class CaseStudy(models.Model):
    """A narrative or case study that stands beside the numbers."""

    title = models.CharField(max_length=300)
    summary = models.CharField(max_length=500, blank=True)
    body = models.TextField()
    date = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="case_studies"
    )
    strategies = models.ManyToManyField(
        Strategy, blank=True, related_name="case_studies"
    )
    metrics = models.ManyToManyField(
        "scorecard.Metric", blank=True, related_name="case_studies"
    )
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title
