"""The scorecard API's serializers: each record's output shape, the input each
write takes, and the JSON shape of a metric's assessment and its readings
(``metric_json``, ``reading_json``), which `assess --json` prints too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coventry_pm.core.api import VersionSerializer
from scorecard.domain.periods import Period, read_period
from scorecard.domain.readings import METHOD_CHOICE
from scorecard.filters import PROGRESS_CHOICES, TARGET_STATUS_CHOICES
from scorecard.models import (
    Comment,
    Comparator,
    ComparatorValue,
    Metric,
    MetricValue,
    RecordedVerdict,
    Submission,
    Target,
)
from scorecard.selectors import MetricAssessment, metric_assessment_preview
from scorecard.services.values import metric_figure_check

# --- A metric's assessment as JSON (`assess --json` prints it too) ---------------


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def metric_json(row: MetricAssessment) -> dict[str, Any]:
    """One metric's assessment for a year, as `assess --json` prints it (the API's
    assessments add the reasons, labels and flags: ``assessment_json``)."""
    recorded_progress = row.progress_recorded
    recorded_status = row.target_status_recorded
    return {
        "code": row.metric.code,
        "metric": row.metric.name,
        "priority": row.priority.title if row.priority else None,
        "perspective": row.metric.perspective,
        "headline": row.headline,
        "unit": row.metric.unit,
        "previous_period": row.previous.period if row.previous else None,
        "previous_value": row.previous.value_text if row.previous else None,
        "previous_number": _number(row.previous.value_number) if row.previous else None,
        "current_period": row.current.period if row.current else None,
        "current_value": row.current.value_text if row.current else None,
        "current_number": _number(row.current.value_number) if row.current else None,
        "progress": row.progress.value,
        "progress_recorded": recorded_progress.value if recorded_progress else None,
        "progress_shown": row.progress_shown.value,
        "target": row.target.text if row.target else None,
        "target_status": row.target_status.value,
        "target_status_recorded": recorded_status.value if recorded_status else None,
        "target_status_shown": row.target_status_shown.value,
        # How the calculated verdict was reached (added to the contract's keys).
        "method": row.assessment.method,
        "progress_code": row.assessment.progress_code,
        "progress_reason": row.assessment.progress_reason,
        "target_code": row.assessment.target_code,
        "target_reason": row.assessment.target_reason,
        "assessed_period": row.period,
        # The extra readings stored with the verdict (issue 15): the recent trend
        # of an annual series, the variation of a monthly or quarterly one.
        "recent_trend": reading_json(row.trend),
        "variation": reading_json(row.variation),
        # The methods the metric set rather than leave to the rule, with its
        # reason (null when it leaves them all to the rule).
        "method_choice": row.readings.get(METHOD_CHOICE),
        # How its in-year figures make a year's figure (added: issue 18).
        "year_aggregation": row.metric.year_aggregation,
    }


def reading_json(reading: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored reading as `assess --json` and the API give it: its method,
    outcome, reason code and reason, and for a control chart its assurance and
    whether its limits are provisional (None when there is no reading)."""
    if not reading:
        return None
    keys = ("method", "outcome", "code", "reason")
    extra = ("assurance", "assurance_reason", "limits_provisional")
    return {key: reading.get(key) for key in (*keys, *extra) if key in reading}


# --- Output serializers ----------------------------------------------------------


class MetricSerializer(serializers.ModelSerializer[Metric]):
    # Null for a metric with no owner, team or portfolio (yet).
    owner_name = serializers.StringRelatedField(source="owner", allow_null=True)
    team_name = serializers.CharField(
        source="team.name", default=None, allow_null=True, read_only=True
    )
    portfolio_name = serializers.CharField(
        source="portfolio.name", default=None, allow_null=True, read_only=True
    )
    objectives = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Metric
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "definition",
            "source",
            "perspective",
            "metric_type",
            "lead_lag",
            "nature",
            "delivery_mode",
            "good_direction",
            "frequency",
            "seasonal",
            "statutory",
            "equality_flag",
            "marmot_flag",
            "owner",
            "owner_name",
            "team",
            "team_name",
            "portfolio",
            "portfolio_name",
            "status",
            "proposed_by",
            "endorsed_by",
            "endorsed_at",
            "agreed_by",
            "agreed_at",
            "entry_lag_days",
            "similarity_band",
            "similarity_relative",
            "confidence_level",
            "statistic",
            "ordinal_scale",
            "progress_method",
            "trend_method",
            "variation_method",
            "method_reason",
            "year_aggregation",
            "lg_inform_id",
            "supporting_years",
            "objectives",
            "version",
        ]
        read_only_fields = fields


class MetricValueSerializer(serializers.ModelSerializer[MetricValue]):
    metric = serializers.CharField(source="metric.code")

    class Meta:
        model = MetricValue
        fields = [
            "id",
            "metric",
            "period",
            "period_label",
            "data_status",
            "revision",
            "scope",
            "breakdown",
            "breakdown_group",
            "value_text",
            "value_number",
            "numerator",
            "denominator",
            "lower_ci",
            "upper_ci",
            "note",
            "approval",
            "submission",
            "entered_at",
        ]
        read_only_fields = fields


class TargetSerializer(serializers.ModelSerializer[Target]):
    metric = serializers.CharField(source="metric.code")

    class Meta:
        model = Target
        fields = [
            "id",
            "metric",
            "period",
            "text",
            "kind",
            "operator",
            "value",
            "aim",
            "change_unit",
            "comparator_name",
            "comparator_relation",
            "grade",
            "baseline_period",
            "direction",
            "flag",
            "upper",
            "other_comparators",
            "parts",
            "deadline",
            "status",
            "set_by",
            "endorsed_by",
            "endorsed_at",
            "agreed_by",
            "agreed_at",
            "version",
        ]
        read_only_fields = fields


class ComparatorSerializer(serializers.ModelSerializer[Comparator]):
    class Meta:
        model = Comparator
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class ComparatorValueSerializer(serializers.ModelSerializer[ComparatorValue]):
    metric = serializers.CharField(source="metric.code")
    comparator_name = serializers.CharField(source="comparator.name")
    comparator_kind = serializers.CharField(source="comparator.kind")

    class Meta:
        model = ComparatorValue
        fields = [
            "id",
            "metric",
            "comparator",
            "comparator_name",
            "comparator_kind",
            "period",
            "period_label",
            "revision",
            "value_text",
            "value_number",
            "entered_at",
        ]
        read_only_fields = fields


class RecordedVerdictSerializer(serializers.ModelSerializer[RecordedVerdict]):
    metric = serializers.CharField(source="metric.code")
    plan_period = serializers.CharField(
        source="plan.period", default=None, allow_null=True, read_only=True
    )
    progress = serializers.ChoiceField(
        choices=PROGRESS_CHOICES,
        allow_blank=True,
        read_only=True,
        help_text="Blank: only the target status was recorded.",
    )
    target_status = serializers.ChoiceField(
        choices=TARGET_STATUS_CHOICES,
        allow_blank=True,
        read_only=True,
        help_text="Blank: only the progress was recorded.",
    )
    # Null for a verdict imported with the published history.
    recorded_by_name = serializers.StringRelatedField(
        source="recorded_by", allow_null=True
    )

    class Meta:
        model = RecordedVerdict
        fields = [
            "id",
            "metric",
            "plan",
            "plan_period",
            "period",
            "progress",
            "target_status",
            "source",
            "reason",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


class SubmittedValueSerializer(serializers.ModelSerializer[MetricValue]):
    """A submitted figure; give the submission's metric as context["metric"]."""

    reading = serializers.SerializerMethodField(
        help_text='How shorthand was read into the unit ("read as 1234" for '
        '"1,234"); null when the figure was taken as written.'
    )

    class Meta:
        model = MetricValue
        fields = [
            "id",
            "revision",
            "breakdown",
            "breakdown_group",
            "value_text",
            "value_number",
            "reading",
            "numerator",
            "denominator",
            "lower_ci",
            "upper_ci",
            "approval",
        ]
        read_only_fields = fields

    def get_reading(self, value: MetricValue) -> str | None:
        metric = self.context.get("metric") or value.metric
        return metric_figure_check(metric=metric, text=value.value_text).reading


def latest_submitted_values(submission: Submission) -> list[MetricValue]:
    """The latest revision of each figure (place, then breakdowns), from the
    prefetched values, so a list of submissions costs no query per row."""
    latest: dict[tuple[str, str], MetricValue] = {}
    for value in sorted(submission.values.all(), key=lambda v: v.revision):
        latest[(value.breakdown, value.breakdown_group)] = value
    return [latest[key] for key in sorted(latest)]


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    metric = serializers.CharField(source="metric.code")
    metric_name = serializers.CharField(source="metric.name")
    progress_override = serializers.ChoiceField(
        choices=PROGRESS_CHOICES,
        allow_blank=True,
        read_only=True,
        help_text="Blank: the calculated progress stands.",
    )
    target_status_override = serializers.ChoiceField(
        choices=TARGET_STATUS_CHOICES,
        allow_blank=True,
        read_only=True,
        help_text="Blank: the calculated target status stands.",
    )
    created_by_name = serializers.StringRelatedField(source="created_by")
    # Null until someone reviews it.
    reviewed_by_name = serializers.StringRelatedField(
        source="reviewed_by", allow_null=True
    )
    values = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "metric",
            "metric_name",
            "period",
            "status",
            "note",
            "progress_override",
            "target_status_override",
            "override_reason",
            "values",
            "created_by",
            "created_by_name",
            "created_at",
            "submitted_at",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
            "review_comment",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(SubmittedValueSerializer(many=True))
    def get_values(self, submission: Submission) -> list[dict[str, Any]]:
        return SubmittedValueSerializer(
            latest_submitted_values(submission),
            many=True,
            context={"metric": submission.metric},
        ).data


class RecentTrendSerializer(serializers.Serializer[Any]):
    """The recent trend of an annual series stored with the verdict (OHID
    Fingertips' method: the five latest years), as `assess --json` gives it."""

    method = serializers.CharField(
        help_text="recent_trend_chi_squared (proportions) or "
        "recent_trend_weighted_regression."
    )
    outcome = serializers.CharField(
        help_text="increasing_and_getting_better, increasing_and_getting_worse, "
        "decreasing_and_getting_better, decreasing_and_getting_worse, increasing, "
        "decreasing, no_significant_change or cannot_be_calculated."
    )
    code = serializers.CharField(help_text="The reason code, e.g. significant.")
    reason = serializers.CharField(help_text="The reason in words.")


class VariationSerializer(serializers.Serializer[Any]):
    """The variation of a monthly or quarterly series stored with the verdict (an
    XmR control chart, NHS Making Data Count), as `assess --json` gives it."""

    method = serializers.CharField(help_text="spc_xmr.")
    outcome = serializers.CharField(
        help_text="The latest point's variation: special_cause_improving, "
        "special_cause_concerning, special_cause_no_direction, common_cause or "
        "cannot_be_calculated."
    )
    code = serializers.CharField(help_text="The reason code, e.g. beyond_limits.")
    reason = serializers.CharField(help_text="The reason in words.")
    assurance = serializers.CharField(
        help_text="consistently_passing, consistently_failing, hit_and_miss or "
        "none (against the target's level, where there is one)."
    )
    assurance_reason = serializers.CharField()
    limits_provisional = serializers.BooleanField(
        help_text="Fewer than twelve points: the limits are trial limits."
    )


class CalculatedVerdictSerializer(serializers.Serializer[Any]):
    """What the rules make of the submitted figure against the approved ones."""

    previous_period = serializers.CharField(allow_null=True)
    previous_value = serializers.CharField(allow_null=True)
    current_period = serializers.CharField(allow_null=True)
    current_value = serializers.CharField(allow_null=True)
    progress = serializers.ChoiceField(choices=PROGRESS_CHOICES)
    progress_label = serializers.CharField()
    progress_reason = serializers.CharField()
    target = serializers.CharField(allow_null=True)
    target_status = serializers.ChoiceField(choices=TARGET_STATUS_CHOICES)
    target_status_label = serializers.CharField()
    target_reason = serializers.CharField()
    recent_trend = RecentTrendSerializer(allow_null=True)
    variation = VariationSerializer(allow_null=True)


def calculated_verdict(submission: Submission) -> dict[str, Any] | None:
    """The verdict the rules give the submission's place figure (None without one)."""
    place = next(
        (v for v in latest_submitted_values(submission) if not v.breakdown), None
    )
    if place is None:
        return None
    year = str(Period.parse(submission.period).year())
    row = metric_assessment_preview(metric=submission.metric, year=year, draft=place)
    return {
        "previous_period": row.previous.period if row.previous else None,
        "previous_value": row.previous.value_text if row.previous else None,
        "current_period": row.current.period if row.current else None,
        "current_value": row.current.value_text if row.current else None,
        "progress": row.progress.value,
        "progress_label": row.progress.label,
        "progress_reason": row.assessment.progress_reason,
        "target": row.target.text if row.target else None,
        "target_status": row.target_status.value,
        "target_status_label": row.target_status.label,
        "target_reason": row.assessment.target_reason,
        "recent_trend": reading_json(row.trend),
        "variation": reading_json(row.variation),
    }


class SubmissionDetailSerializer(SubmissionSerializer):
    """One submission, with the verdict calculated for its figure (the list leaves
    it out: it costs an assessment per submission)."""

    calculated = serializers.SerializerMethodField()

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "calculated"]
        read_only_fields = fields

    @extend_schema_field(CalculatedVerdictSerializer(allow_null=True))
    def get_calculated(self, submission: Submission) -> dict[str, Any] | None:
        return calculated_verdict(submission)


class CommentSerializer(serializers.ModelSerializer[Comment]):
    metric = serializers.CharField(source="metric.code")
    author_name = serializers.StringRelatedField(source="author")

    class Meta:
        model = Comment
        fields = [
            "id",
            "metric",
            "target",
            "author",
            "author_name",
            "text",
            "created_at",
        ]
        read_only_fields = fields


class AssessmentSerializer(serializers.Serializer[Any]):
    """One metric's assessment for a year: the `assess --json` metric shape, with the
    reasons the rules give for each verdict."""

    code = serializers.CharField()
    metric = serializers.CharField()
    priority = serializers.CharField(allow_null=True)
    objective = serializers.CharField(allow_null=True)
    perspective = serializers.CharField()
    headline = serializers.BooleanField()
    unit = serializers.CharField()
    previous_period = serializers.CharField(allow_null=True)
    previous_value = serializers.CharField(allow_null=True)
    previous_number = serializers.FloatField(allow_null=True)
    current_period = serializers.CharField(allow_null=True)
    current_value = serializers.CharField(allow_null=True)
    current_number = serializers.FloatField(allow_null=True)
    progress = serializers.ChoiceField(choices=PROGRESS_CHOICES)
    progress_recorded = serializers.ChoiceField(
        choices=PROGRESS_CHOICES, allow_null=True
    )
    progress_shown = serializers.ChoiceField(choices=PROGRESS_CHOICES)
    progress_shown_label = serializers.CharField()
    progress_reason = serializers.CharField()
    target = serializers.CharField(allow_null=True)
    target_status = serializers.ChoiceField(choices=TARGET_STATUS_CHOICES)
    target_status_recorded = serializers.ChoiceField(
        choices=TARGET_STATUS_CHOICES, allow_null=True
    )
    target_status_shown = serializers.ChoiceField(choices=TARGET_STATUS_CHOICES)
    target_status_shown_label = serializers.CharField()
    target_reason = serializers.CharField()
    comparator_period = serializers.CharField(
        allow_null=True, help_text="The comparator figure's period, when one was used."
    )
    flags = serializers.ListField(child=serializers.CharField())
    disagrees = serializers.BooleanField(
        help_text="The recorded verdict differs from the calculated one."
    )
    recorded_reason = serializers.CharField(allow_null=True)
    # How the calculated verdict was reached, and the extra readings stored with
    # it: the keys `assess --json` adds to the contract's.
    method = serializers.CharField()
    progress_code = serializers.CharField()
    target_code = serializers.CharField()
    assessed_period = serializers.CharField(
        help_text="The period the verdict is about (the year, or its latest period "
        "with a figure)."
    )
    recent_trend = RecentTrendSerializer(
        allow_null=True, help_text="Annual series of five or more years only."
    )
    variation = VariationSerializer(
        allow_null=True, help_text="Monthly and quarterly series only."
    )


def assessment_json(row: MetricAssessment) -> dict[str, Any]:
    """`assess --json`'s metric dict plus the reasons, labels and flags."""
    result = metric_json(row)
    result.update(
        objective=row.objective.title if row.objective else None,
        progress_shown_label=row.progress_shown.label,
        progress_reason=row.assessment.progress_reason,
        target_status_shown_label=row.target_status_shown.label,
        target_reason=row.assessment.target_reason,
        comparator_period=row.assessment.comparator_period,
        flags=list(row.assessment.flags),
        disagrees=row.disagrees,
        recorded_reason=row.recorded.reason if row.recorded else None,
    )
    return result


class SummarySerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    improved = serializers.IntegerField()
    similar = serializers.IntegerField()
    got_worse = serializers.IntegerField()
    cannot_say = serializers.IntegerField()
    not_available = serializers.IntegerField()
    directional = serializers.IntegerField()
    improved_or_similar = serializers.IntegerField()
    directional_pct = serializers.IntegerField(allow_null=True)
    sentence = serializers.CharField()


class HeadlineSummarySerializer(serializers.Serializer[Any]):
    year = serializers.CharField()
    plan = serializers.CharField(help_text="The plan's period, e.g. 2022-30.")
    plan_id = serializers.IntegerField()
    summary = SummarySerializer()


class HeadlineSummaryQuerySerializer(serializers.Serializer[Any]):
    year = serializers.CharField(help_text='The report year, e.g. "2024-25".')
    plan = serializers.CharField(
        required=False,
        help_text="Plan id or period (default: the plan covering the year).",
    )
    all = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Every metric, not only the plan's headline metrics.",
    )


# --- Input serializers -----------------------------------------------------------


class BreakdownInputSerializer(serializers.Serializer[Any]):
    breakdown = serializers.CharField(max_length=50, help_text="The dimension: sex.")
    group = serializers.CharField(max_length=100, help_text="The group: female.")
    value_text = serializers.CharField(max_length=500)


class SubmissionChangeSerializer(serializers.Serializer[Any]):
    """A submission's figures and the verdict the officer confirms or overrides."""

    value_text = serializers.CharField(
        max_length=500,
        help_text='The figure as written: "291", "68.1%", "23 out of 35".',
    )
    numerator = serializers.DecimalField(
        max_digits=24, decimal_places=6, required=False, allow_null=True
    )
    denominator = serializers.DecimalField(
        max_digits=24, decimal_places=6, required=False, allow_null=True
    )
    lower_ci = serializers.DecimalField(
        max_digits=24, decimal_places=6, required=False, allow_null=True
    )
    upper_ci = serializers.DecimalField(
        max_digits=24, decimal_places=6, required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True)
    breakdowns = BreakdownInputSerializer(many=True, required=False)
    progress_override = serializers.ChoiceField(
        choices=PROGRESS_CHOICES, required=False, allow_blank=True
    )
    target_status_override = serializers.ChoiceField(
        choices=TARGET_STATUS_CHOICES, required=False, allow_blank=True
    )
    override_reason = serializers.CharField(required=False, allow_blank=True)


def normalised_period(value: str) -> str:
    """A period however it is written ("2024/25 Q2", "Q2 2024-25"), normalised
    ("2024-25 Q2"); a 400 on the field saying what is expected otherwise."""
    try:
        return str(read_period(value))
    except ValueError as error:
        raise serializers.ValidationError(str(error)) from None


class SubmissionCreateSerializer(SubmissionChangeSerializer):
    metric = serializers.CharField(max_length=20, help_text="The metric's code.")
    period = serializers.CharField(
        max_length=40,
        help_text='e.g. "2024-25 Q2" (also 2024/25 Q2, Q2 2024-25); stored normalised.',
    )

    def validate_period(self, value: str) -> str:
        return normalised_period(value)


class SubmissionUpdateSerializer(SubmissionChangeSerializer, VersionSerializer):
    pass


class MetricProposalSerializer(serializers.ModelSerializer[Metric]):
    """A new metric, proposed by an officer or manager for their team."""

    team = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The team the metric belongs to (default: your own).",
    )

    class Meta:
        model = Metric
        fields = [
            "name",
            "unit",
            "definition",
            "source",
            "perspective",
            "metric_type",
            "lead_lag",
            "nature",
            "value_kind",
            "delivery_mode",
            "good_direction",
            "frequency",
            "seasonal",
            "year_aggregation",
            "portfolio",
            "team",
        ]
        extra_kwargs = {
            "year_aggregation": {
                "help_text": (
                    "How the in-year figures make a year's figure: sum, mean, "
                    "latest or ratio. Left out or blank, it is set from the unit "
                    "(a percentage or rate is never summed)."
                )
            }
        }


class TargetProposalSerializer(serializers.Serializer[Any]):
    metric = serializers.CharField(max_length=20, help_text="The metric's code.")
    period = serializers.CharField(
        max_length=40,
        help_text='e.g. "2025-26" (also 2025/26, FY 25/26); stored normalised.',
    )
    text = serializers.CharField(
        max_length=300, help_text='The rule as written: "95%", "To increase".'
    )

    def validate_period(self, value: str) -> str:
        return normalised_period(value)


class CommentInputSerializer(serializers.Serializer[Any]):
    metric = serializers.CharField(max_length=20, help_text="The metric's code.")
    target = serializers.IntegerField(
        required=False, allow_null=True, help_text="A target of that metric, if any."
    )
    text = serializers.CharField()
