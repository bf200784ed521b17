"""Appraisals: the golden thread's last link, from the plan to every employee.

Each employee has one appraisal a financial year: objectives linked to the plan (an
action, a key strategy or a priority), ratings with evidence against the council's
six values and six behaviours, development needs, a mid-year and a year-end review,
one-to-ones through the year, and sign-off by the employee and their line manager.

It is the most private data in the product (DESIGN.md section 4): who may read or
change it is in appraisals/permissions.py, and every query that shows it is scoped
in appraisals/selectors.py. Every change is kept by django-simple-history.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

YEAR_PATTERN = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{2})$")


def year_start(year: str) -> int:
    """The calendar year in which the financial year "2025-26" starts (2025)."""
    match = YEAR_PATTERN.match(year)
    if match is None:
        raise ValueError(f"'{year}' is not a financial year such as '2025-26'.")
    start = int(match["start"])
    if int(match["end"]) != (start + 1) % 100:
        raise ValueError(f"'{year}' is not a financial year: the years must follow.")
    return start


def appraisal_year_for(day: dt.date) -> str:
    """The financial year (April to March) a day falls in, written "2025-26"."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def default_due_dates(year: str) -> dict[str, dt.date]:
    """Objectives agreed by the end of May, the mid-year review by the end of
    October, the year-end review signed off by the end of April after the year."""
    start = year_start(year)
    return {
        "objectives_due": dt.date(start, 5, 31),
        "mid_year_due": dt.date(start, 10, 31),
        "year_end_due": dt.date(start + 1, 4, 30),
    }


def validate_financial_year(value: str) -> None:
    try:
        year_start(value)
    except ValueError as error:
        raise ValidationError(str(error)) from error


class CouncilValue(models.TextChoices):
    """The council's six values (DESIGN.md section 1)."""

    OPEN_AND_FAIR = "open_and_fair", "Open and fair"
    NURTURE_AND_DEVELOP = "nurture_and_develop", "Nurture and develop"
    ENGAGE_AND_EMPOWER = "engage_and_empower", "Engage and empower"
    CREATE_AND_INNOVATE = "create_and_innovate", "Create and innovate"
    OWN_AND_BE_ACCOUNTABLE = "own_and_be_accountable", "Own and be accountable"
    VALUE_AND_RESPECT = "value_and_respect", "Value and respect"


class Behaviour(models.TextChoices):
    """The council's six behaviours (DESIGN.md section 1)."""

    PUTTING_CUSTOMERS_FIRST = "putting_customers_first", "Putting customers first"
    BEING_ADAPTABLE = "being_adaptable", "Being adaptable"
    ALWAYS_IMPROVING = "always_improving", "Always improving"
    WORKING_TOGETHER = "working_together", "Working together"
    LEADING_BY_EXAMPLE = "leading_by_example", "Leading by example"
    UNDERSTANDING_HOW_WE_WORK = "understanding_how_we_work", "Understanding how we work"


class Appraisal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OBJECTIVES_AGREED = "objectives_agreed", "Objectives agreed"
        MID_YEAR_DONE = "mid_year_done", "Mid-year review done"
        YEAR_END_DONE = "year_end_done", "Year-end review done"
        SIGNED_OFF = "signed_off", "Signed off"

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appraisals"
    )
    year = models.CharField(
        max_length=7,
        validators=[
            RegexValidator(YEAR_PATTERN, "Write the year as 2025-26."),
            validate_financial_year,
        ],
        help_text='The financial year, e.g. "2025-26".',
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appraisals_conducted",
        help_text="The line manager at the time of the appraisal.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    development_needs = models.TextField(blank=True)
    objectives_agreed_on = models.DateField(null=True, blank=True)
    mid_year_review = models.TextField(blank=True)
    mid_year_reviewed_on = models.DateField(null=True, blank=True)
    year_end_review = models.TextField(blank=True)
    year_end_reviewed_on = models.DateField(null=True, blank=True)
    employee_signed_off_at = models.DateTimeField(null=True, blank=True)
    manager_signed_off_at = models.DateTimeField(null=True, blank=True)
    manager_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(
        null=True, blank=True, help_text="When the second signature completed it."
    )
    objectives_due = models.DateField()
    mid_year_due = models.DateField()
    year_end_due = models.DateField(
        help_text="Signed off by this date counts as completed on time."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "employee__last_name", "employee__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="one_appraisal_per_employee_year"
            ),
            models.CheckConstraint(
                condition=models.Q(manager__isnull=True)
                | ~models.Q(manager=models.F("employee")),
                name="appraisal_manager_is_not_employee",
            ),
            models.CheckConstraint(
                condition=models.Q(manager_signed_off_by__isnull=True)
                | ~models.Q(manager_signed_off_by=models.F("employee")),
                name="appraisal_nobody_signs_as_both",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status="signed_off",
                        employee_signed_off_at__isnull=False,
                        manager_signed_off_at__isnull=False,
                        signed_off_at__isnull=False,
                    )
                    | (
                        ~models.Q(status="signed_off")
                        & models.Q(signed_off_at__isnull=True)
                    )
                ),
                name="appraisal_signed_off_has_both_signatures",
            ),
            models.CheckConstraint(
                condition=models.Q(objectives_due__lte=models.F("mid_year_due"))
                & models.Q(mid_year_due__lte=models.F("year_end_due")),
                name="appraisal_due_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        # Deliberately no content: this string appears in admin lists and messages.
        return f"Appraisal {self.year} of {self.employee}"

    def get_absolute_url(self) -> str:
        return reverse("appraisals:detail", args=[self.pk])

    def clean(self) -> None:
        if self.manager_id is not None and self.manager_id == self.employee_id:
            raise ValidationError(
                {"manager": "Nobody is their own appraising manager."}
            )

    @property
    def is_signed(self) -> bool:
        """Signed by at least one of the two: its content can no longer change."""
        return bool(self.employee_signed_off_at or self.manager_signed_off_at)

    @property
    def stage_due(self) -> dt.date | None:
        """When the next step of the appraisal is due (None once signed off)."""
        due: dict[str, dt.date] = {
            self.Status.DRAFT: self.objectives_due,
            self.Status.OBJECTIVES_AGREED: self.mid_year_due,
            self.Status.MID_YEAR_DONE: self.year_end_due,
            self.Status.YEAR_END_DONE: self.year_end_due,
        }
        return due.get(self.status)

    @property
    def next_step(self) -> str:
        steps: dict[str, str] = {
            self.Status.DRAFT: "Agree objectives",
            self.Status.OBJECTIVES_AGREED: "Mid-year review",
            self.Status.MID_YEAR_DONE: "Year-end review",
            self.Status.YEAR_END_DONE: "Sign-off",
        }
        return steps.get(self.status, "")

    def signed_off_on_time(self) -> bool:
        return self.signed_off_at is not None and (
            timezone.localtime(self.signed_off_at).date() <= self.year_end_due
        )


class AppraisalObjective(models.Model):
    """One objective, linked to exactly one action, key strategy or priority of the
    plan, so the golden thread runs plan → strategy → action plan → person."""

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(max_length=300)
    measure_of_success = models.TextField(
        help_text="How you and your manager will know it has been achieved."
    )
    progress = models.TextField(blank=True)
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)]
    )
    # PROTECT: a part of the plan that people's objectives support is not deleted
    # from under them.
    action = models.ForeignKey(
        "strategies.Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisal_objectives",
    )
    strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisal_objectives",
    )
    priority = models.ForeignKey(
        "strategies.Priority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraisal_objectives",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["appraisal", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        action__isnull=False,
                        strategy__isnull=True,
                        priority__isnull=True,
                    )
                    | models.Q(
                        action__isnull=True,
                        strategy__isnull=False,
                        priority__isnull=True,
                    )
                    | models.Q(
                        action__isnull=True,
                        strategy__isnull=True,
                        priority__isnull=False,
                    )
                ),
                name="objective_links_exactly_one_plan_item",
            ),
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100),
                name="objective_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        # No title: the admin lists protected objects by this string when someone
        # tries to delete a part of the plan, and that must not reveal content.
        return f"Appraisal objective {self.pk}"

    def clean(self) -> None:
        links = [self.action_id, self.strategy_id, self.priority_id]
        if sum(link is not None for link in links) != 1:
            raise ValidationError(
                "Link the objective to one action, key strategy or priority."
            )

    @property
    def link_kind(self) -> str:
        if self.action_id:
            return "action"
        if self.strategy_id:
            return "strategy"
        return "priority"

    @property
    def link(self) -> models.Model | None:
        return self.action or self.strategy or self.priority

    @property
    def link_label(self) -> str:
        return {
            "action": "Action",
            "strategy": "Key strategy",
            "priority": "Priority",
        }[self.link_kind]


class AppraisalRating(models.Model):
    """A rating with evidence against one of the six values or six behaviours: the
    employee's own, and their manager's."""

    class Kind(models.TextChoices):
        VALUE = "value", "Value"
        BEHAVIOUR = "behaviour", "Behaviour"

    class Level(models.TextChoices):
        NOT_YET = "not_yet", "Not yet demonstrated"
        DEVELOPING = "developing", "Developing"
        DEMONSTRATED = "demonstrated", "Demonstrated"
        ROLE_MODEL = "role_model", "Role model"

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="ratings"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(
        max_length=30, choices=CouncilValue.choices + Behaviour.choices
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    rating = models.CharField(max_length=12, choices=Level.choices, blank=True)
    evidence = models.TextField(blank=True)
    manager_rating = models.CharField(max_length=12, choices=Level.choices, blank=True)
    manager_comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["appraisal", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "key"], name="one_rating_per_value_or_behaviour"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="value", key__in=CouncilValue.values)
                | models.Q(kind="behaviour", key__in=Behaviour.values),
                name="rating_key_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"Rating {self.pk}"


class OneToOne(models.Model):
    """A one-to-one between the employee and their manager, with progress notes on
    each objective."""

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="one_to_ones"
    )
    date = models.DateField()
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["appraisal", "-date", "-id"]
        verbose_name = "one-to-one"
        indexes = [models.Index(fields=["appraisal", "date"])]

    def __str__(self) -> str:
        return f"One-to-one {self.pk}"


class OneToOneObjectiveNote(models.Model):
    """Progress on one objective as discussed at a one-to-one."""

    one_to_one = models.ForeignKey(
        OneToOne, on_delete=models.CASCADE, related_name="objective_notes"
    )
    objective = models.ForeignKey(
        AppraisalObjective, on_delete=models.CASCADE, related_name="one_to_one_notes"
    )
    note = models.TextField(blank=True)
    percent_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["one_to_one", "objective__sort_order", "objective_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["one_to_one", "objective"], name="one_note_per_objective"
            ),
            models.CheckConstraint(
                condition=models.Q(percent_complete__isnull=True)
                | models.Q(percent_complete__lte=100),
                name="note_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"One-to-one note {self.pk}"

    def clean(self) -> None:
        if (
            self.one_to_one_id
            and self.objective_id
            and self.objective.appraisal_id != self.one_to_one.appraisal_id
        ):
            raise ValidationError(
                {"objective": "The objective belongs to another appraisal."}
            )


class Reminder(models.Model):
    """A reminder email sent, so the same reminder is not sent again within a week."""

    class Kind(models.TextChoices):
        APPRAISAL_DUE = "appraisal_due", "Appraisal due"
        ONE_TO_ONE_OVERDUE = "one_to_one_overdue", "One-to-one overdue"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    year = models.CharField(max_length=7)
    stage = models.CharField(max_length=20, blank=True)
    sent_on = models.DateField()

    class Meta:
        ordering = ["-sent_on", "id"]
        indexes = [models.Index(fields=["kind", "employee", "recipient", "sent_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder {self.sent_on}"
