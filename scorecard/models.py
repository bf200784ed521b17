"""Metrics, their values, targets, comparators and recorded verdicts.

One definition of a metric serves every plan, strategy and report that uses it.
Values and comparator figures are versioned: a revision is a new row with the next
``revision`` number, never an overwrite, and the latest revision is the one used.
The assessment itself is pure (scorecard.domain). Its result is stored once per
metric and period as a ``CalculatedVerdict``, refreshed by
``scorecard.services.verdicts`` whenever an input changes; every reader reads that.
Records an import wrote keep their ``import_run``, so the import can be undone.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from coventry_pm.core.links import link
from scorecard.domain.aggregation import (
    AGGREGATION_LABELS,
    PERIODS_IN_YEAR,
    aggregation_refusal,
    default_aggregation,
)
from scorecard.domain.aggregation import YearAggregation as Aggregation
from scorecard.domain.assessment import ENGINE_VERSION
from scorecard.domain.targets import TargetKind
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus


def normalise_metric_name(name: str) -> str:
    """The identity key of DESIGN.md section 6: case, spacing and punctuation folded."""
    folded = re.sub(r"[^a-z0-9%£]+", " ", name.casefold())
    return " ".join(folded.split())


class Perspective(models.TextChoices):
    OUTCOMES = "outcomes", "Outcomes"
    FINANCE = "finance", "Finance"
    WORKFORCE = "workforce", "Workforce"
    QUALITY = "quality", "Quality"


class Metric(models.Model):
    class MetricType(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        OUTPUT = "output", "Output"
        INPUT = "input", "Input"
        PERCEPTION = "perception", "Perception"

    class LeadLag(models.TextChoices):
        LEAD = "lead", "Lead"
        LAG = "lag", "Lag"

    class Nature(models.TextChoices):
        QUANTITATIVE = "quantitative", "Quantitative"
        QUALITATIVE = "qualitative", "Qualitative"

    class DeliveryMode(models.TextChoices):
        PROVIDES = "provides", "Directly provides"
        COMMISSIONS = "commissions", "Commissions"
        PARTNERSHIP = "partnership", "Delivers in partnership"
        CHAMPIONS = "champions", "Champions"

    class Frequency(models.TextChoices):
        ANNUAL = "annual", "Annual"
        HALF_YEARLY = "half_year", "Half-yearly"
        QUARTERLY = "quarter", "Quarterly"
        MONTHLY = "month", "Monthly"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ENDORSED = "endorsed", "Endorsed by the manager"
        AGREED = "agreed", "Agreed"
        RETIRED = "retired", "Retired"
        WITHDRAWN = "withdrawn", "Withdrawn by its proposer"

    class ValueKind(models.TextChoices):
        NUMBER = "number", "A number"
        COUNT = "count", "A count: x out of y"
        GRADE = "grade", "A grade on its scale"
        TEXT = "text", "Text (qualitative)"

    class Statistic(models.TextChoices):
        AUTO = "auto", "Read from the unit"
        PROPORTION = "proportion", "Proportion (Wilson interval)"
        COUNT = "count", "Count (exact Poisson interval)"
        RATE = "rate", "Rate (exact Poisson interval on the numerator)"
        NONE = "none", "No confidence interval"

    # How each method is chosen (scorecard.domain.readings.MethodChoice): by the
    # rule from the series, or set by the metric with a reason.
    class ProgressMethod(models.TextChoices):
        AUTO = (
            "auto",
            "By the rule: confidence intervals when both figures have one, "
            "otherwise the change against the similarity band",
        )
        CHANGE = (
            "change",
            "The change against the similarity band only, ignoring any intervals "
            "(change, not statistically tested)",
        )

    class TrendMethod(models.TextChoices):
        AUTO = "auto", "By the rule: for an annual series of five or more years"
        OFF = "off", "Off: do not work out the recent trend"

    class VariationMethod(models.TextChoices):
        AUTO = (
            "auto",
            "By the rule: for a monthly or quarterly series of ten or more points",
        )
        OFF = "off", "Off: do not draw the control chart"

    # How the in-year figures make a year's figure (scorecard.domain.aggregation).
    class YearAggregation(models.TextChoices):
        SUM = Aggregation.SUM.value, AGGREGATION_LABELS[Aggregation.SUM]
        MEAN = Aggregation.MEAN.value, AGGREGATION_LABELS[Aggregation.MEAN]
        LATEST = Aggregation.LATEST.value, AGGREGATION_LABELS[Aggregation.LATEST]
        RATIO = Aggregation.RATIO.value, AGGREGATION_LABELS[Aggregation.RATIO]

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=400)
    normalised_name = models.CharField(max_length=400, editable=False, db_index=True)
    unit = models.CharField(max_length=100, blank=True)
    definition = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    perspective = models.CharField(
        max_length=20, choices=Perspective.choices, default=Perspective.OUTCOMES
    )
    metric_type = models.CharField(
        max_length=20, choices=MetricType.choices, default=MetricType.OUTCOME
    )
    lead_lag = models.CharField(
        max_length=4, choices=LeadLag.choices, default=LeadLag.LAG
    )
    nature = models.CharField(
        max_length=20, choices=Nature.choices, default=Nature.QUANTITATIVE
    )
    value_kind = models.CharField(
        "kind of figure",
        max_length=10,
        choices=ValueKind.choices,
        default=ValueKind.NUMBER,
        help_text="What a figure for this metric is: checked on every entry.",
    )
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.PROVIDES
    )
    good_direction = models.CharField(
        max_length=4,
        choices=[(d.value, d.value.title()) for d in Direction],
        default=Direction.NONE.value,
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    seasonal = models.BooleanField(
        default=False,
        help_text="Compare with the same period a year earlier, not the one before.",
    )
    statutory = models.BooleanField(default=False)
    equality_flag = models.BooleanField("equality metric", default=False)
    marmot_flag = models.BooleanField("Marmot metric", default=False)
    lg_inform_id = models.PositiveIntegerField(
        "LG Inform metric ID",
        null=True,
        blank=True,
        help_text="The metric's ID on LG Inform (Local Government Association).",
    )
    fingertips_id = models.PositiveIntegerField(
        "Fingertips indicator ID",
        null=True,
        blank=True,
        unique=True,
        help_text="The indicator's ID on OHID's Fingertips public health profiles.",
    )
    primary_group = models.ForeignKey(
        "ComparatorGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="primary_for",
        help_text="The comparator group shown first, and ranked in the exports.",
    )
    supporting_years = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "The report years in which a plan lists the metric as supporting "
            'its headline metrics, by plan: {"2016-24": ["2017-18"]}.'
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="metrics_owned",
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="metrics",
    )
    portfolio = models.ForeignKey(
        "accounts.Portfolio",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="metrics",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.AGREED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    entry_lag_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Days after a period ends by which its figure is due.",
    )
    similarity_band = models.DecimalField(
        max_digits=14, decimal_places=4, default=Decimal(0)
    )
    similarity_relative = models.BooleanField(
        default=False,
        help_text="The band is a fraction of the previous value (0.05 = ±5%).",
    )
    confidence_level = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.95"),
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(Decimal("0.999")),
        ],
    )
    statistic = models.CharField(
        max_length=12, choices=Statistic.choices, default=Statistic.AUTO
    )
    ordinal_scale = models.JSONField(
        null=True,
        blank=True,
        help_text="For grades and ratings: the scale, best first.",
    )
    progress_method = models.CharField(
        "progress comparison",
        max_length=10,
        choices=ProgressMethod.choices,
        default=ProgressMethod.AUTO,
        help_text=(
            "How the headline progress verdict compares a figure with the one "
            "before. Choose the change only when the intervals given are not "
            "comparable from one period to the next."
        ),
    )
    trend_method = models.CharField(
        "recent trend",
        max_length=10,
        choices=TrendMethod.choices,
        default=TrendMethod.AUTO,
        help_text="The Fingertips recent trend shown beside the verdict.",
    )
    variation_method = models.CharField(
        "variation (control chart)",
        max_length=10,
        choices=VariationMethod.choices,
        default=VariationMethod.AUTO,
        help_text="The XmR control chart's variation and assurance.",
    )
    year_aggregation = models.CharField(
        "how a year's figure is made",
        max_length=6,
        choices=YearAggregation.choices,
        blank=True,
        help_text=(
            "How the in-year figures of a quarterly or monthly metric make its "
            "year's figure, the one drawn beside annual comparators. Left blank, "
            "it is set from the unit: a percentage or rate is a mean (a ratio "
            "when figures are x out of y), a count a sum, a grade its latest. "
            "A percentage or rate is never summed."
        ),
    )
    method_reason = models.TextField(
        "why the methods are set",
        blank=True,
        help_text=(
            "Required when any method is not left to the rule. Shown with every "
            "verdict of the metric."
        ),
    )
    objectives = models.ManyToManyField(
        "strategies.Objective", blank=True, related_name="metrics"
    )
    import_run = models.ForeignKey(
        "reports.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The import that created the metric, if one did.",
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        progress_method="auto",
                        trend_method="auto",
                        variation_method="auto",
                    )
                    | ~models.Q(method_reason="")
                ),
                name="metric_method_set_with_reason",
                violation_error_message=(
                    "Say why the metric does not leave its methods to the rule."
                ),
            ),
            # The database's half of Metric.clean's rule: a percentage is never
            # summed (a rate's units are read in Python only).
            models.CheckConstraint(
                condition=~(
                    models.Q(year_aggregation="sum")
                    & (
                        models.Q(unit__contains="%")
                        | models.Q(unit__icontains="percent")
                        | models.Q(unit__icontains="per cent")
                    )
                ),
                name="metric_percentage_never_summed",
                violation_error_message="A percentage is never summed over a year.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.normalised_name = normalise_metric_name(self.name)
        if not self.year_aggregation:
            self.year_aggregation = self.default_year_aggregation
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return link("scorecard:metric", self.code)

    def get_public_url(self) -> str:
        """The metric's live page (public once the metric is published)."""
        return link("performance:metric", self.code)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        scale = self.ordinal_scale
        if scale is not None and (
            not isinstance(scale, list) or not all(isinstance(g, str) for g in scale)
        ):
            errors["ordinal_scale"] = "List the grades, best first."
        self.method_reason = (self.method_reason or "").strip()
        if not self.methods_overridden:
            # Every method is the rule's again: a reason left would explain nothing
            # (the history keeps the one it had).
            self.method_reason = ""
        elif not self.method_reason:
            errors["method_reason"] = (
                "Say why the metric does not leave its methods to the rule."
            )
        if self.year_aggregation:
            refusal = aggregation_refusal(
                self.year_aggregation, unit=self.unit, value_kind=self.value_kind
            )
            if refusal:
                errors["year_aggregation"] = refusal
        if errors:
            raise ValidationError(errors)

    @property
    def default_year_aggregation(self) -> str:
        """The year aggregation the rule gives this metric's unit and kind."""
        return default_aggregation(
            unit=self.unit, value_kind=self.value_kind, statistic=self.statistic
        ).value

    @property
    def periods_in_year(self) -> int:
        """How many periods of the metric's frequency make a year."""
        return PERIODS_IN_YEAR.get(self.frequency, 1)

    @property
    def methods_overridden(self) -> bool:
        """The metric sets at least one method rather than leave it to the rule."""
        return (self.progress_method, self.trend_method, self.variation_method) != (
            self.ProgressMethod.AUTO,
            self.TrendMethod.AUTO,
            self.VariationMethod.AUTO,
        )


class HeadlineMembership(models.Model):
    """A metric is a plan's headline metric for one report year, in an order, under
    a priority. Importing one year never touches another year's rows."""

    plan = models.ForeignKey(
        "strategies.Plan", on_delete=models.CASCADE, related_name="headline_metrics"
    )
    report_year = models.CharField(max_length=7, help_text='e.g. "2024-25"')
    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="headline_memberships"
    )
    priority = models.ForeignKey(
        "strategies.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headline_memberships",
    )
    objective = models.ForeignKey(
        "strategies.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headline_memberships",
    )
    sort_order = models.PositiveIntegerField(default=0)
    import_run = models.ForeignKey(
        "reports.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "report_year", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "report_year", "metric"],
                name="unique_headline_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} in {self.plan} {self.report_year}"


class Submission(models.Model):
    """An officer's figures for one metric and period (the place figure and any
    breakdowns), with the verdict they confirm or override, on its way to approval.

    Only approved figures reach dashboards, reports and exports. Nobody approves their
    own submission. The history keeps every step: who, when, and what it was before.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting approval"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="submissions"
    )
    period = models.CharField(max_length=12)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(blank=True)
    progress_override = models.CharField(
        max_length=20, blank=True, choices=[(p.value, p.label) for p in Progress]
    )
    target_status_override = models.CharField(
        max_length=20,
        blank=True,
        choices=[(t.value, t.label) for t in TargetStatus],
    )
    override_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
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
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["status", "metric"])]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.period} ({self.get_status_display()})"

    def clean(self) -> None:
        overridden = self.progress_override or self.target_status_override
        if overridden and not self.override_reason.strip():
            raise ValidationError(
                {"override_reason": "Say why you are overriding the verdict."}
            )


class MetricValue(models.Model):
    """One revision of a metric's figure for a period (and scope and breakdown)."""

    class DataStatus(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        REVISED = "revised", "Revised"
        ESTIMATED = "estimated", "Estimated"
        FINAL = "final", "Final"

    class Approval(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting approval"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Indexed by unique_metric_value_revision, which starts with it.
    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="values", db_index=False
    )
    period = models.CharField(max_length=12, help_text='"2024-25", "2024-25 Q2" …')
    period_label = models.CharField(max_length=100, blank=True)
    data_status = models.CharField(
        max_length=12, choices=DataStatus.choices, default=DataStatus.FINAL
    )
    revision = models.PositiveIntegerField(default=1)
    scope = models.CharField(max_length=100, default="Coventry")
    breakdown = models.CharField(
        max_length=50, blank=True, help_text="The dimension, e.g. sex, ward."
    )
    breakdown_group = models.CharField(max_length=100, blank=True)
    value_text = models.CharField(max_length=500, blank=True)
    value_number = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    numerator = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    denominator = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    lower_ci = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    upper_ci = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    note = models.TextField(blank=True)
    approval = models.CharField(
        max_length=10, choices=Approval.choices, default=Approval.APPROVED
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="values",
        help_text="The submission that entered it; none for imported figures.",
        db_index=False,  # metric_value_submission
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # metric_value_entered_by
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    import_run = models.ForeignKey(
        "reports.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["metric", "period", "breakdown", "breakdown_group", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "metric",
                    "period",
                    "scope",
                    "breakdown",
                    "breakdown_group",
                    "revision",
                ],
                name="unique_metric_value_revision",
            ),
            models.CheckConstraint(
                condition=models.Q(breakdown="") | ~models.Q(breakdown_group=""),
                name="breakdown_has_group",
            ),
        ]
        # Every index is written once per figure: a million-row import pays for
        # each. unique_metric_value_revision serves lookups by metric and by metric
        # and period. No one looks up the figures with no submission or no person
        # (imported ones), so those are left out of the two indexes.
        indexes = [
            models.Index(
                fields=["submission"],
                condition=models.Q(submission__isnull=False),
                name="metric_value_submission",
            ),
            models.Index(
                fields=["entered_by"],
                condition=models.Q(entered_by__isnull=False),
                name="metric_value_entered_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.period}: {self.value_text}"


class Target(models.Model):
    """The target rule of a metric for a period: structured, with its original text.

    Text that cannot be parsed is kept with a flag and assessed as no target."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ENDORSED = "endorsed", "Endorsed by the manager"
        AGREED = "agreed", "Agreed"
        WITHDRAWN = "withdrawn", "Withdrawn by its proposer"

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=12)
    text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        max_length=20, choices=[(k.value, k.value) for k in TargetKind]
    )
    operator = models.CharField(max_length=2, blank=True)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    aim = models.CharField(max_length=10, blank=True)
    change_unit = models.CharField(max_length=10, blank=True)
    comparator_name = models.CharField(max_length=100, blank=True)
    comparator_relation = models.CharField(max_length=20, blank=True)
    grade = models.CharField(max_length=10, blank=True)
    baseline_period = models.CharField(max_length=12, blank=True)
    direction = models.CharField(
        max_length=4,
        blank=True,
        help_text='A good direction the text states ("Maintain or increase").',
    )
    flag = models.CharField(max_length=300, blank=True)
    upper = models.DecimalField(
        max_digits=24,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="A range's high end (value is its low end).",
    )
    other_comparators = models.JSONField(
        default=list,
        blank=True,
        help_text="Further comparators that must all hold, beside comparator_name.",
    )
    parts = models.JSONField(
        default=list,
        blank=True,
        help_text='The parts whose figures a level is for, added together ("A&B").',
    )
    deadline = models.CharField(
        max_length=12, blank=True, help_text='The year a level is due by ("2020").'
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.AGREED
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    import_run = models.ForeignKey(
        "reports.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period"], name="unique_target_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.period}: {self.text or self.kind}"


class Comparator(models.Model):
    """A place or group a metric is compared with (statistical neighbours, England)."""

    class Kind(models.TextChoices):
        COMPARATOR = "comparator", "Comparator"
        NATIONAL = "national", "National"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(
        max_length=12, choices=Kind.choices, default=Kind.COMPARATOR
    )

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class ComparatorValue(models.Model):
    comparator = models.ForeignKey(
        Comparator, on_delete=models.PROTECT, related_name="values"
    )
    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="comparator_values"
    )
    period = models.CharField(max_length=12)
    period_label = models.CharField(max_length=100, blank=True)
    revision = models.PositiveIntegerField(default=1)
    value_text = models.CharField(max_length=500, blank=True)
    value_number = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    import_run = models.ForeignKey(
        "reports.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the import that wrote it is undone."
    )

    class Meta:
        ordering = ["metric", "comparator", "period", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparator", "metric", "period", "revision"],
                name="unique_comparator_value_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.comparator} {self.metric.code} {self.period}"


class Place(models.Model):
    """A place figures are published for, by its ONS area code (E08000026)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        REGION = "region", "Region"
        NATION = "nation", "Nation"
        WARD = "ward", "Ward"

    code = models.CharField(
        "ONS area code", max_length=12, unique=True, help_text="E08000026"
    )
    name = models.CharField(max_length=150)
    kind = models.CharField(
        max_length=16, choices=Kind.choices, default=Kind.LOCAL_AUTHORITY
    )

    class Meta:
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_home(self) -> bool:
        """The council's own area (settings.HOME_AREA_CODE)."""
        return self.code == settings.HOME_AREA_CODE


class ComparatorGroup(models.Model):
    """A group of places a metric is compared with: CIPFA nearest neighbours,
    statistical neighbours, the region, England, or a group of the council's own.

    Its members are in its versions (GroupVersion): a group is re-based from time
    to time, and each year is compared with the version in force for it. A group
    may also have figures of its own, as a source publishes them (England's, the
    region's): those are its comparator's figures (``comparator``), kept beside
    the figure computed from its members. Every named comparator of the first wave
    became a group with published figures and no members (migration 0015)."""

    class Kind(models.TextChoices):
        CIPFA = "cipfa", "CIPFA nearest neighbours"
        STATISTICAL = "statistical", "Statistical neighbours"
        REGION = "region", "Region"
        NATIONAL = "national", "National"
        CUSTOM = "custom", "A group of our own"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CUSTOM)
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the list comes from (CIPFA's nearest neighbour model …).",
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_standing_for",
        help_text="The place the group's own figure is for (England, the region).",
    )
    comparator = models.OneToOneField(
        Comparator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group",
        help_text="The group's own published figures, as the council's files name it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupVersion(models.Model):
    """One version of a group's members, used from a report year onwards
    (scorecard.domain.groups.version_in_force says which version a year uses)."""

    group = models.ForeignKey(
        ComparatorGroup, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(help_text="1 for the first list, 2 …")
    model_year = models.CharField(
        max_length=12,
        blank=True,
        help_text='The year the source built the list in ("2019 model").',
    )
    from_year = models.CharField(
        max_length=7, help_text='The first report year it is used for: "2024-25".'
    )
    ranked = models.BooleanField(
        default=False,
        help_text="The members are in the source's rank order, nearest first.",
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"], name="unique_group_version_number"
            ),
            models.UniqueConstraint(
                fields=["group", "from_year"], name="unique_group_version_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group.name}, {self.label}"

    @property
    def label(self) -> str:
        """ "version 2 (2024 model), from 2024/25" """
        model = f" ({self.model_year} model)" if self.model_year else ""
        start = self.from_year.replace("-", "/")
        return f"version {self.number}{model}, from {start}"


class GroupMember(models.Model):
    """A place in a version of a group, at its position in the source's list."""

    version = models.ForeignKey(
        GroupVersion, on_delete=models.CASCADE, related_name="members"
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.PositiveIntegerField(
        help_text="Its place in the list: the source's rank when the list is ranked."
    )

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "place"], name="unique_group_member"
            ),
            models.UniqueConstraint(
                fields=["version", "position"], name="unique_group_member_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.place.name}"


class MemberValue(models.Model):
    """A place's figure for a metric and period, as a benchmarking source published
    it (scope kind ``member``): the figures a group's members are compared by. One
    figure serves every group the place is a member of. Revisions, like a
    metric's own figures: a later file's different figure is the next revision."""

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="member_values"
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(max_length=12)
    period_label = models.CharField(
        max_length=100, blank=True, help_text="The source's own period ('2022/23')."
    )
    revision = models.PositiveIntegerField(default=1)
    value_text = models.CharField(max_length=500, blank=True)
    value_number = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    lower_ci = models.DecimalField(
        "lower 95% limit", max_digits=24, decimal_places=6, null=True, blank=True
    )
    upper_ci = models.DecimalField(
        "upper 95% limit", max_digits=24, decimal_places=6, null=True, blank=True
    )
    lower_ci_998 = models.DecimalField(
        "lower 99.8% limit", max_digits=24, decimal_places=6, null=True, blank=True
    )
    upper_ci_998 = models.DecimalField(
        "upper 99.8% limit", max_digits=24, decimal_places=6, null=True, blank=True
    )
    count = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True, help_text="Numerator."
    )
    denominator = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    note = models.CharField(max_length=300, blank=True, help_text="The source's note.")
    source = models.CharField(
        max_length=100, blank=True, help_text='"Fingertips", "LG Inform" …'
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    import_run = models.ForeignKey(
        "reports.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the import that wrote it is undone."
    )

    class Meta:
        ordering = ["metric", "period", "place", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period", "place", "revision"],
                name="unique_member_value_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.place.name} {self.metric.code} {self.period}"


class Standing(models.Model):
    """Where the home area stands in a comparator group for a metric and period:
    worked out by scorecard.domain.standings when a member's figure, the home
    figure, a membership or a version changes (scorecard.services.standings), and
    read by every page, export and report. It keeps what it used: the version,
    the group's statistics, the figures and the reasons in words."""

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="standings"
    )
    group = models.ForeignKey(
        ComparatorGroup, on_delete=models.CASCADE, related_name="standings"
    )
    version = models.ForeignKey(
        GroupVersion, on_delete=models.CASCADE, related_name="standings"
    )
    period = models.CharField(max_length=12)
    home_number = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    home_lower = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    home_upper = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    members = models.PositiveIntegerField(help_text="Members in the version.")
    counted = models.PositiveIntegerField(help_text="Members with a figure.")
    rank = models.PositiveIntegerField(null=True, blank=True)
    out_of = models.PositiveIntegerField(default=0)
    joint = models.BooleanField(default=False)
    quartile = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=12, blank=True)
    band_judgement = models.CharField(max_length=8, blank=True)
    band_words = models.CharField(max_length=200, blank=True)
    z = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    mean = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    median = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    lower_quartile = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    upper_quartile = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    minimum = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    maximum = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    published_number = models.DecimalField(
        max_digits=24,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="The group's own figure, where a source publishes one.",
    )
    comparison = models.CharField(max_length=12, blank=True)
    comparison_level = models.CharField(max_length=4, blank=True)
    benchmark_name = models.CharField(max_length=100, blank=True)
    benchmark_number = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    reasons = models.JSONField(
        default=dict, blank=True, help_text="statistics, rank, band, comparison."
    )
    stale = models.BooleanField(default=False)
    calculated_at = models.DateTimeField()

    class Meta:
        ordering = ["metric", "period", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "group", "period"], name="unique_standing"
            )
        ]
        indexes = [models.Index(fields=["group", "period"])]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.period} in {self.group.name}"


class RecordedVerdict(models.Model):
    """A verdict confirmed, overridden or imported. Rows are appended, never edited:
    the newest for a metric, plan and period is the one shown."""

    class Source(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed by an officer"
        OVERRIDDEN = "overridden", "Overridden by an officer"
        IMPORTED = "imported", "Imported with the published history"

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="recorded_verdicts"
    )
    plan = models.ForeignKey(
        "strategies.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recorded_verdicts",
    )
    period = models.CharField(max_length=12)
    progress = models.CharField(
        max_length=20, blank=True, choices=[(p.value, p.label) for p in Progress]
    )
    target_status = models.CharField(
        max_length=20,
        blank=True,
        choices=[(t.value, t.label) for t in TargetStatus],
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    import_run = models.ForeignKey(
        "reports.ImportRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the import that wrote it is undone."
    )

    class Meta:
        ordering = ["metric", "period", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["metric", "period"])]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.period}: {self.progress or '—'}"

    def clean(self) -> None:
        if not (self.progress or self.target_status):
            raise ValidationError("Record a progress verdict, a target status or both.")
        if self.source == self.Source.OVERRIDDEN and not self.reason.strip():
            raise ValidationError({"reason": "Say why the verdict is overridden."})


class CalculatedVerdict(models.Model):
    """The engine's verdict for a metric and period, worked out once when an input
    changed (scorecard.services.verdicts) and read by every page, export and report.

    It keeps how it was reached: the method, a reason code and the reason in words
    for progress and for target status, the figures and periods it used, and the
    version of the engine that reached it (a new version marks every row stale).
    """

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="calculated_verdicts"
    )
    period = models.CharField(max_length=12)
    progress = models.CharField(
        max_length=20, choices=[(p.value, p.label) for p in Progress]
    )
    progress_code = models.CharField(max_length=40)
    progress_reason = models.TextField()
    target_status = models.CharField(
        max_length=20, choices=[(t.value, t.label) for t in TargetStatus]
    )
    target_code = models.CharField(max_length=40)
    target_reason = models.TextField()
    method = models.CharField(max_length=40)
    direction = models.CharField(max_length=4)
    assessed_period = models.CharField(
        max_length=12, blank=True, help_text="The period the verdict is about."
    )
    # The figures it used. Ids point at the rows; what a list shows of them (period,
    # text, number; the target's rule; the comparator's name) is copied, so a page
    # never has to fetch them, and so the verdict says what it saw.
    current_value = models.ForeignKey(
        MetricValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    current_period = models.CharField(max_length=12, blank=True)
    current_text = models.CharField(max_length=500, blank=True)
    current_number = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    previous_value = models.ForeignKey(
        MetricValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    previous_period = models.CharField(max_length=12, blank=True)
    previous_text = models.CharField(max_length=500, blank=True)
    previous_number = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    target = models.ForeignKey(
        Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_text = models.CharField(max_length=300, blank=True)
    target_kind = models.CharField(max_length=20, blank=True)
    target_value = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    target_flag = models.CharField(max_length=300, blank=True)
    comparator_value = models.ForeignKey(
        ComparatorValue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The comparator the target was tested against.",
    )
    comparator_period = models.CharField(max_length=12, blank=True)
    shown_comparator_value = models.ForeignKey(
        ComparatorValue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The comparator shown beside the figure.",
    )
    shown_comparator_name = models.CharField(max_length=100, blank=True)
    shown_comparator_kind = models.CharField(max_length=12, blank=True)
    shown_comparator_period = models.CharField(max_length=12, blank=True)
    shown_comparator_text = models.CharField(max_length=500, blank=True)
    shown_comparator_number = models.DecimalField(
        max_digits=24, decimal_places=6, null=True, blank=True
    )
    flags = models.JSONField(default=list, blank=True)
    details = models.JSONField(
        default=dict, blank=True, help_text="Further readings (trend, variation)."
    )
    engine_version = models.CharField(max_length=20)
    stale = models.BooleanField(
        default=False, help_text="An input changed; a rebuild is queued."
    )
    calculated_at = models.DateTimeField()

    class Meta:
        ordering = ["metric", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period"], name="unique_calculated_verdict"
            )
        ]
        # What the pages' fingerprint reads (scorecard.reading): the newest
        # verdict, and any marked stale, found without reading the table.
        indexes = [
            models.Index(fields=["calculated_at"], name="verdict_calculated_at"),
            models.Index(
                fields=["id"], name="verdict_stale", condition=models.Q(stale=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.period}: {self.progress}"

    @property
    def needs_rebuild(self) -> bool:
        """Marked stale, or reached by another version of the rules."""
        return self.stale or self.engine_version != ENGINE_VERSION


# The stored verdicts ``CalculatedVerdict.needs_rebuild`` describes, as a filter.
VERDICTS_NEEDING_REBUILD = models.Q(stale=True) | ~models.Q(
    engine_version=ENGINE_VERSION
)


class Comment(models.Model):
    """A colleague's comment on a proposed metric or target (DESIGN.md section 1:
    metrics are set in consultation with frontline staff)."""

    metric = models.ForeignKey(
        Metric, on_delete=models.CASCADE, related_name="comments"
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author} on {self.metric.code}"
