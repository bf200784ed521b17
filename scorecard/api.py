"""The scorecard's REST API (/api/v1/): metrics, values, targets, comparators,
recorded verdicts, assessments, the headline summary, and the workflow of figures
(submissions) and proposals (metrics and targets agreed, comments).

Reads come from the selectors, scoped to the caller, so what they may not see is a
404; a kind of record a role may not list at all is a 403. Writes call one service
each; the API's exception handler turns the services' refusals into 400/403/409.

Who may write is refused before the body is validated (DESIGN.md section 4):
- ``StepPermission``: a role that can never take the step (scorecard/permissions.py's
  ``may_*`` rules) is a 403 before the body is read.
- A new record's metric, named in the body, is read first: one the caller may not
  see is a 404, one they may not act on a 403, before any other field is checked.
- ``WorkflowStepPermission``: a step on an existing record asks the workflow policy
  (scorecard/workflow.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from coventry_pm.accounts.models import User
from coventry_pm.accounts.permissions import can_administer_performance, is_member
from coventry_pm.core.api import (
    PLAN_READERS,
    READERS,
    REVIEWERS,
    ReadOnlyViewSet,
    ReturnSerializer,
    ReviewSerializer,
    ServiceCallMixin,
    StepPermission,
    VersionSerializer,
    WorkflowStepPermission,
    validated,
    write_responses,
)
from coventry_pm.core.exceptions import NotFoundError, PermissionDeniedError
from scorecard import permissions, services, workflow
from scorecard.domain.periods import Period, read_period
from scorecard.filters import (
    PROGRESS_CHOICES,
    TARGET_STATUS_CHOICES,
    AssessmentFilter,
    CommentFilter,
    ComparatorValueFilter,
    MetricFilter,
    MetricValueFilter,
    RecordedVerdictFilter,
    SubmissionFilter,
    TargetFilter,
    assessed_plan,
    report_year,
)
from scorecard.management.commands.assess import metric_json, reading_json
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
from scorecard.selectors import (
    MetricAssessment,
    approval_queue,
    headline_summary,
    metric_assessment_preview,
    metric_assessments,
    metrics_visible_to,
    of_visible_metrics,
    submissions_visible_to,
    unapproved_value_visibility,
    value_visibility,
)
from scorecard.services.values import metric_figure_check

# --- Output serializers ----------------------------------------------------------


# Who may take a workflow step, by role: asked before the request's body is read,
# so a person who may not gets 403 whatever they sent (the policy, and the services
# through it, ask again about the record).
PROPOSERS = (permissions.may_propose, "Only officers and managers propose metrics.")
TARGET_PROPOSERS = (
    permissions.may_propose,
    "Only officers and managers propose targets.",
)
ENDORSERS = (
    permissions.may_endorse,
    "Only the service's manager (or, for the manager's own proposals, the "
    "performance administrator) endorses a proposal.",
)
AGREERS = (
    permissions.may_agree,
    "Only the cabinet member for the portfolio agrees a proposal.",
)
WITHDRAWERS = (permissions.may_propose, "Only its proposer withdraws a proposal.")
FIGURE_REVIEWERS = (
    permissions.may_review_figures,
    "Only the manager of a metric's service approves or returns its figures, "
    "never their own.",
)
COMMENTERS = (
    permissions.may_comment,
    "Councillors and partners read comments; staff and cabinet members write them.",
)
PROPOSAL_STEPS = {
    "endorse": workflow.ENDORSE,
    "agree": workflow.AGREE,
    "withdraw": workflow.WITHDRAW,
}
WORKFLOW_WRITERS = [StepPermission, WorkflowStepPermission]


class EntersFigures(BasePermission):
    """Officers and managers: the people who enter, submit and approve figures.
    Which ones each may touch is the selectors' and the policy's business."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not permissions.can_enter_figures(request.user):
            raise PermissionDeniedError(
                "Only officers and managers enter and approve figures."
            )
        return True


def named_in_body(request: Request, field: str) -> Any:
    """One field of the request's body, read before the rest is validated (the
    record it names decides whether the caller may write at all). A 400 naming
    the field when it is missing."""
    data = request.data
    value = data.get(field) if isinstance(data, Mapping) else None
    if value is None or value == "":
        raise DRFValidationError({field: ["This field is required."]})
    return value


def metric_named(request: Request, *, step: str, field: str = "metric") -> Metric:
    """The metric a new record is for, named by its code in the body: 404 if the
    caller may not see it (or there is none), 403 if they may not take ``step``
    on it, before any other field is checked."""
    code = named_in_body(request, field)
    # A code no metric can have (a NUL byte, which PostgreSQL refuses in text,
    # or longer than the column) names none: asked of no database.
    text = str(code)
    max_length = Metric._meta.get_field("code").max_length or 0
    metric = (
        None
        if "\x00" in text or len(text) > max_length
        else metrics_visible_to(request.user).filter(code=text).first()
    )
    if metric is None:
        message = f"No metric {code!r}."
        raise NotFoundError(message, extra={field: [message]})
    workflow.require_permission(request.user, metric, step)
    return metric


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
            "portfolio",
            "team",
        ]


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


# --- Helpers ---------------------------------------------------------------------


def proposal_team(request: Request, user: User) -> int | None:
    """The team a proposed metric is for, read before the rest of the body, since
    it decides whether the caller may propose it (403 otherwise). None named: the
    caller's own team, or, for a manager with no team, one of their service
    area's, as the page chooses (services.proposal_team_id). A value that is no
    team id is left for the serializer to refuse (400)."""
    data = request.data
    named = data.get("team") if isinstance(data, Mapping) else None
    if named is None or named == "":
        team_id = services.proposal_team_id(user)
    else:
        try:
            team_id = int(str(named))
        except ValueError:
            return None
    if not permissions.can_propose_metric(user, team_id):
        raise PermissionDeniedError(
            "You may propose metrics for your own team or service area only."
        )
    return team_id


# --- Lists written from rows -----------------------------------------------------

# Serializer fields whose output is the column's value as the database gives it
# (text, choices, integers, booleans, JSON, a foreign key's id), and those whose
# output the field works out from it (decimals as text to their places, times in
# the council's zone).
AS_READ = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.IntegerField,
    serializers.JSONField,
    serializers.PrimaryKeyRelatedField,
)
WORKED_OUT = (serializers.DateTimeField, serializers.DecimalField)


class PagedRows:
    """What the paginator pages: the rows' page, and the queryset's count without
    the joins the rows' columns add (an inner join to metrics made counting
    20,000 values take twice as long)."""

    def __init__(self, queryset: QuerySet[Any], rows: QuerySet[Any]) -> None:
        self.queryset = queryset
        self.rows = rows
        self.ordered = rows.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> QuerySet[Any]:
        return self.rows[index]


class ListRows:
    """A read-only ModelSerializer's output for a list page, written from
    ``values()`` rows instead of model instances: the same JSON, field by field and
    in the same order, without building a model and calling every field for every
    row (most of a big list's time: issue 14, 2,000 metrics).

    Each field reads one column along its source ("metric.code" reads
    metric__code; a foreign key gives its id). The fields named in ``supplied``
    have no column: the view works out their values from each row.
    """

    def __init__(
        self,
        serializer_class: type[serializers.ModelSerializer[Any]],
        *,
        supplied: tuple[str, ...] = (),
    ) -> None:
        self.serializer_class = serializer_class
        self.supplied = supplied

    @cached_property
    def fields(self) -> list[tuple[str, str | None, Callable[[Any], Any] | None]]:
        """(name, column or None if supplied, how its value is written or None)."""
        fields = []
        for name, field in self.serializer_class().fields.items():
            if name in self.supplied:
                fields.append((name, None, None))
            elif isinstance(field, WORKED_OUT):
                fields.append(
                    (name, "__".join(field.source_attrs), field.to_representation)
                )
            elif isinstance(field, AS_READ):
                fields.append((name, "__".join(field.source_attrs), None))
            else:
                raise TypeError(
                    f"{name}: {type(field).__name__} is not read as a column"
                )
        return fields

    def rows(self, queryset: QuerySet[Any], *extra: str) -> PagedRows:
        """The queryset's rows as the columns the fields read, and ``extra``, for
        the paginator."""
        columns = [column for _, column, _ in self.fields if column is not None]
        return PagedRows(
            queryset, queryset.prefetch_related(None).values(*columns, *extra)
        )

    def data(
        self,
        rows: list[dict[str, Any]],
        **supplied: Callable[[dict[str, Any]], Any],
    ) -> list[dict[str, Any]]:
        written = []
        for row in rows:
            item: dict[str, Any] = {}
            for name, column, write in self.fields:
                if column is None:
                    item[name] = supplied[name](row)
                else:
                    value = row[column]
                    item[name] = (
                        value if value is None or write is None else write(value)
                    )
            written.append(item)
        return written


def objective_ids(metric_ids: list[int]) -> dict[int, list[int]]:
    """Each metric's objectives' ids, in the objectives' order (as
    ``metric.objectives.all()`` gives them), in one query for a page."""
    ids: dict[int, list[int]] = {}
    links = (
        Metric.objectives.through.objects.filter(metric_id__in=metric_ids)
        .order_by("objective")
        .values_list("metric_id", "objective_id")
    )
    for metric_id, objective_id in links:
        ids.setdefault(metric_id, []).append(objective_id)
    return ids


def owner_name(row: dict[str, Any]) -> str | None:
    """The owner as ``str(user)`` names them, from the columns it reads."""
    if row["owner"] is None:
        return None
    return str(
        User(
            username=row["owner__username"],
            first_name=row["owner__first_name"],
            last_name=row["owner__last_name"],
        )
    )


OWNER_NAME_COLUMNS = ("owner__username", "owner__first_name", "owner__last_name")
METRIC_ROWS = ListRows(MetricSerializer, supplied=("owner_name", "objectives"))
VALUE_ROWS = ListRows(MetricValueSerializer)


# --- Read-only viewsets ----------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Metrics you may see"),
    retrieve=extend_schema(summary="One metric, by code"),
)
class MetricViewSet(ServiceCallMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Metric definitions; propose a new one, endorse (manager) and agree (the
    portfolio's cabinet member) proposals."""

    serializer_class = MetricSerializer
    permission_classes = [*READERS, *WORKFLOW_WRITERS]
    step_roles = {
        "create": PROPOSERS,
        "endorse": ENDORSERS,
        "agree": AGREERS,
        "withdraw": WITHDRAWERS,
    }
    workflow = workflow
    workflow_steps = PROPOSAL_STEPS
    filterset_class = MetricFilter
    lookup_field = "code"
    ordering_fields = ["code", "name", "perspective", "metric_type", "status"]
    ordering = ["code"]

    def get_queryset(self) -> QuerySet[Metric]:
        return metrics_visible_to(self.request.user).prefetch_related("objectives")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        metrics = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(METRIC_ROWS.rows(metrics, *OWNER_NAME_COLUMNS))
        assert page is not None
        objectives = objective_ids([row["id"] for row in page])
        return self.get_paginated_response(
            METRIC_ROWS.data(
                page,
                owner_name=owner_name,
                objectives=lambda row: objectives.get(row["id"], []),
            )
        )

    def current(self, metric: Metric) -> Callable[[], dict[str, Any]]:
        return lambda: MetricSerializer(self.get_queryset().get(pk=metric.pk)).data

    @extend_schema(
        summary="Propose a metric",
        request=MetricProposalSerializer,
        responses=write_responses(MetricSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        assert isinstance(user, User)
        team_id = proposal_team(request, user)
        fields = validated(MetricProposalSerializer, request.data)
        fields.pop("team", None)
        metric = self.call_service(
            services.metric_propose, user=user, team_id=team_id, **fields
        )
        return Response(
            MetricSerializer(self.get_queryset().get(pk=metric.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Endorse a proposed metric (the service's manager)",
        request=VersionSerializer,
        responses=write_responses(MetricSerializer),
    )
    @action(detail=True, methods=["post"])
    def endorse(self, request: Request, code: str | None = None) -> Response:
        metric = self.get_object()
        data = validated(VersionSerializer, request.data)
        self.call_service(
            services.metric_endorse,
            metric=metric,
            user=request.user,
            expected_version=data["version"],
            current=self.current(metric),
        )
        return Response(self.current(metric)())

    @extend_schema(
        summary="Agree an endorsed metric (the portfolio's cabinet member)",
        request=VersionSerializer,
        responses=write_responses(MetricSerializer),
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, code: str | None = None) -> Response:
        metric = self.get_object()
        data = validated(VersionSerializer, request.data)
        self.call_service(
            services.metric_agree,
            metric=metric,
            user=request.user,
            expected_version=data["version"],
            current=self.current(metric),
        )
        return Response(self.current(metric)())

    @extend_schema(
        summary="Withdraw a metric you proposed, before it is agreed",
        request=VersionSerializer,
        responses=write_responses(MetricSerializer),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, code: str | None = None) -> Response:
        metric = self.get_object()
        data = validated(VersionSerializer, request.data)
        self.call_service(
            services.metric_withdraw,
            metric=metric,
            user=request.user,
            expected_version=data["version"],
            current=self.current(metric),
        )
        return Response(self.current(metric)())


class MetricValueViewSet(ReadOnlyViewSet):
    """Figures of the metrics you may see: approved ones, every revision. Those who
    may edit a metric also see its drafts, submitted and returned figures with
    ``?approval=``."""

    serializer_class = MetricValueSerializer
    filterset_class = MetricValueFilter
    ordering_fields = ["period", "revision", "entered_at", "metric__code"]
    ordering = ["metric__code", "period", "breakdown", "breakdown_group", "revision"]

    def get_queryset(self) -> QuerySet[MetricValue]:
        user = self.request.user
        values = MetricValue.objects.filter(of_visible_metrics(user)).select_related(
            "metric"
        )
        approval = self.request.query_params.get("approval")
        if (
            self.action == "list"
            and approval
            and approval != MetricValue.Approval.APPROVED
        ):
            if not (
                permissions.can_enter_figures(user) or can_administer_performance(user)
            ):
                raise PermissionDenied(
                    "Only those who enter figures see figures not yet approved."
                )
            # The same rule as the metric page's (scorecard.selectors).
            return values.exclude(approval=MetricValue.Approval.APPROVED).filter(
                unapproved_value_visibility(user)
            )
        if self.action == "retrieve":
            return values.filter(value_visibility(user))
        return values.filter(approval=MetricValue.Approval.APPROVED)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(VALUE_ROWS.rows(values))
        assert page is not None
        return self.get_paginated_response(VALUE_ROWS.data(page))


@extend_schema_view(
    list=extend_schema(summary="Target rules of the metrics you may see"),
)
class TargetViewSet(ServiceCallMixin, mixins.CreateModelMixin, ReadOnlyViewSet):
    """Target rules, structured, with the text they were written as. Propose one,
    endorse (manager) and agree (the portfolio's cabinet member)."""

    serializer_class = TargetSerializer
    permission_classes = [*READERS, *WORKFLOW_WRITERS]
    step_roles = {
        "create": TARGET_PROPOSERS,
        "endorse": ENDORSERS,
        "agree": AGREERS,
        "withdraw": WITHDRAWERS,
    }
    workflow = workflow
    workflow_steps = PROPOSAL_STEPS
    filterset_class = TargetFilter
    ordering_fields = ["period", "metric__code", "status"]
    ordering = ["metric__code", "period"]

    def get_queryset(self) -> QuerySet[Target]:
        return Target.objects.filter(
            of_visible_metrics(self.request.user)
        ).select_related("metric")

    def current(self, target: Target) -> Callable[[], dict[str, Any]]:
        return lambda: TargetSerializer(self.get_queryset().get(pk=target.pk)).data

    @extend_schema(
        summary="Propose a target for a period",
        request=TargetProposalSerializer,
        responses=write_responses(TargetSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        metric = metric_named(request, step=workflow.PROPOSE_TARGET)
        data = validated(TargetProposalSerializer, request.data)
        target = self.call_service(
            services.target_propose,
            metric=metric,
            period=data["period"],
            text=data["text"],
            user=request.user,
        )
        return Response(self.current(target)(), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Endorse a proposed target (the service's manager)",
        request=VersionSerializer,
        responses=write_responses(TargetSerializer),
    )
    @action(detail=True, methods=["post"])
    def endorse(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        data = validated(VersionSerializer, request.data)
        self.call_service(
            services.target_endorse,
            target=target,
            user=request.user,
            expected_version=data["version"],
            current=self.current(target),
        )
        return Response(self.current(target)())

    @extend_schema(
        summary="Agree an endorsed target (the portfolio's cabinet member)",
        request=VersionSerializer,
        responses=write_responses(TargetSerializer),
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        data = validated(VersionSerializer, request.data)
        self.call_service(
            services.target_agree,
            target=target,
            user=request.user,
            expected_version=data["version"],
            current=self.current(target),
        )
        return Response(self.current(target)())

    @extend_schema(
        summary="Withdraw a target you proposed, before it is agreed",
        request=VersionSerializer,
        responses=write_responses(TargetSerializer),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        target = self.get_object()
        data = validated(VersionSerializer, request.data)
        self.call_service(
            services.target_withdraw,
            target=target,
            user=request.user,
            expected_version=data["version"],
            current=self.current(target),
        )
        return Response(self.current(target)())


class ComparatorViewSet(ReadOnlyViewSet):
    """Places and groups metrics are compared with."""

    serializer_class = ComparatorSerializer
    queryset = Comparator.objects.all()
    filterset_fields = ["kind"]
    ordering_fields = ["name", "kind"]
    ordering = ["kind", "name"]


class ComparatorValueViewSet(ReadOnlyViewSet):
    """Comparators' figures for the metrics you may see, every revision."""

    serializer_class = ComparatorValueSerializer
    filterset_class = ComparatorValueFilter
    ordering_fields = ["period", "revision", "metric__code", "comparator__name"]
    ordering = ["metric__code", "comparator__name", "period", "revision"]

    def get_queryset(self) -> QuerySet[ComparatorValue]:
        return ComparatorValue.objects.filter(
            of_visible_metrics(self.request.user)
        ).select_related("metric", "comparator")


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


@extend_schema_view(
    list=extend_schema(
        summary="Each metric's progress and target status for a year",
        responses=AssessmentSerializer(many=True),
    )
)
class AssessmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Any]):
    """The assessment of every metric you may see (or only the plan's headline
    metrics, with ``headline=true``) for a report year: the `assess --json` metric
    shape, with the reasons. ``plan`` chooses whose headline list and recorded
    verdicts are read (default: the plan covering the year)."""

    permission_classes = READERS
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssessmentFilter
    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Metric]:
        return metrics_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        filterset = DjangoFilterBackend().get_filterset(
            request, self.get_queryset(), self
        )
        assert filterset is not None
        if not filterset.is_valid():
            raise DRFValidationError(filterset.errors)
        metrics = filterset.qs
        rows = metric_assessments(
            metrics=metrics, year=filterset.year_assessed, plan=filterset.plan_assessed
        )
        rows.sort(
            key=lambda row: (
                row.membership is None,
                row.membership.sort_order if row.membership else 0,
                row.metric.code,
            )
        )
        items = [
            assessment_json(row)
            for row in rows
            if filterset.keeps(row.progress_shown, row.target_status_shown)
        ]
        page = self.paginate_queryset(items)
        return self.get_paginated_response(page)


class HeadlineSummaryViewSet(viewsets.GenericViewSet[Any]):
    """The headline summary the council publishes for a plan and year: how many
    headline metrics have each progress verdict, and the sentence, compared with
    the plan's earlier report years."""

    permission_classes = PLAN_READERS
    pagination_class = None
    filter_backends: list[Any] = []
    serializer_class = HeadlineSummarySerializer

    @extend_schema(
        summary="The headline summary for a plan and year",
        parameters=[HeadlineSummaryQuerySerializer],
        # Its 400 (a bad ?year= or ?plan=) is every read's: see
        # coventry_pm.core.api.document_query_errors.
        responses={200: HeadlineSummarySerializer},
    )
    def list(self, request: Request) -> Response:
        query = validated(HeadlineSummaryQuerySerializer, request.query_params)
        year = report_year(query["year"])
        plan = assessed_plan(year, query.get("plan"))
        result = headline_summary(plan=plan, year=year, all_metrics=query["all"])
        return Response(
            {
                "year": year,
                "plan": plan.period,
                "plan_id": plan.pk,
                "summary": {**result.summary.as_dict(), "sentence": result.sentence},
            }
        )


# --- Workflow: submissions, comments ---------------------------------------------


def submissions_with_values(user: Any) -> QuerySet[Submission]:
    if not is_member(user):  # the schema generator asks as nobody
        return Submission.objects.none()
    return submissions_visible_to(user).prefetch_related(
        Prefetch("values", queryset=MetricValue.objects.order_by("revision"))
    )


@extend_schema_view(
    list=extend_schema(summary="Submissions you made or may review"),
    retrieve=extend_schema(
        summary="One submission: its latest figures and the calculated verdict"
    ),
)
class SubmissionViewSet(
    ServiceCallMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """An officer's figures for a metric and period on their way to approval:
    create a draft, change it (with its ``version``), submit; the manager of the
    service approves or returns it. Nobody approves their own."""

    serializer_class = SubmissionSerializer
    permission_classes = [IsAuthenticated, EntersFigures, *WORKFLOW_WRITERS]
    step_roles = {"approve": FIGURE_REVIEWERS, "return_": FIGURE_REVIEWERS}
    workflow = workflow
    workflow_steps = {
        "update": workflow.EDIT,
        "partial_update": workflow.EDIT,
        "submit": workflow.SUBMIT,
        "approve": workflow.APPROVE,
        "return_": workflow.RETURN,
    }
    filterset_class = SubmissionFilter
    ordering_fields = ["submitted_at", "created_at", "period", "metric__code"]

    def get_queryset(self) -> QuerySet[Submission]:
        return submissions_with_values(self.request.user)

    def current(self, submission: Submission) -> Callable[[], dict[str, Any]]:
        return lambda: self.output(submission)

    def get_serializer_class(self) -> type[SubmissionSerializer]:
        if self.action == "list":
            return SubmissionSerializer
        return SubmissionDetailSerializer

    def output(self, submission: Submission) -> dict[str, Any]:
        return SubmissionDetailSerializer(
            self.get_queryset().get(pk=submission.pk)
        ).data

    @extend_schema(
        summary="Start a submission (a draft) of a metric's figures for a period",
        request=SubmissionCreateSerializer,
        responses=write_responses(SubmissionDetailSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        metric = metric_named(request, step=workflow.ENTER_FIGURES)
        data = validated(SubmissionCreateSerializer, request.data)
        data.pop("metric")
        submission = self.call_service(
            services.submission_save,
            user=request.user,
            metric=metric,
            **self.service_fields(data),
        )
        return Response(self.output(submission), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a draft or returned submission",
        request=SubmissionUpdateSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submission = self.get_object()
        partial = kwargs.get("partial", False)
        data = validated(SubmissionUpdateSerializer, request.data, partial=partial)
        if "version" not in data:
            raise DRFValidationError({"version": "This field is required."})
        fields = {**self.unchanged_fields(submission), **data}
        expected_version = fields.pop("version")
        saved = self.call_service(
            services.submission_save,
            user=request.user,
            metric=submission.metric,
            submission=submission,
            expected_version=expected_version,
            current=self.current(submission),
            **self.service_fields(fields),
        )
        return Response(self.output(saved))

    @extend_schema(
        summary="Change some fields of a draft or returned submission",
        request=SubmissionUpdateSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    @staticmethod
    def unchanged_fields(submission: Submission) -> dict[str, Any]:
        """What a partial update leaves as it is."""
        values = latest_submitted_values(submission)
        place = next((v for v in values if not v.breakdown), None)
        return {
            "period": submission.period,
            "value_text": place.value_text if place else "",
            "numerator": place.numerator if place else None,
            "denominator": place.denominator if place else None,
            "lower_ci": place.lower_ci if place else None,
            "upper_ci": place.upper_ci if place else None,
            "note": submission.note,
            "breakdowns": [
                {
                    "breakdown": v.breakdown,
                    "group": v.breakdown_group,
                    "value_text": v.value_text,
                }
                for v in values
                if v.breakdown
            ],
            "progress_override": submission.progress_override,
            "target_status_override": submission.target_status_override,
            "override_reason": submission.override_reason,
        }

    @staticmethod
    def service_fields(data: dict[str, Any]) -> dict[str, Any]:
        fields = dict(data)
        fields["breakdowns"] = [
            services.BreakdownEntry(
                breakdown=b["breakdown"], group=b["group"], value_text=b["value_text"]
            )
            for b in fields.get("breakdowns", [])
        ]
        return fields

    @extend_schema(
        summary="Send a submission for approval",
        request=VersionSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        submission = self.get_object()
        data = validated(VersionSerializer, request.data)
        saved = self.call_service(
            services.submission_submit,
            submission=submission,
            user=request.user,
            expected_version=data["version"],
            current=self.current(submission),
        )
        return Response(self.output(saved))

    @extend_schema(
        summary="Approve a submission (the service's manager, never its author)",
        request=ReviewSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        submission = self.get_object()
        data = validated(ReviewSerializer, request.data)
        saved = self.call_service(
            services.submission_approve,
            submission=submission,
            user=request.user,
            expected_version=data["version"],
            comment=data["comment"],
            current=self.current(submission),
        )
        return Response(self.output(saved))

    @extend_schema(
        summary="Return a submission to its officer with a comment",
        request=ReturnSerializer,
        responses=write_responses(SubmissionDetailSerializer),
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        submission = self.get_object()
        data = validated(ReturnSerializer, request.data)
        saved = self.call_service(
            services.submission_return,
            submission=submission,
            user=request.user,
            expected_version=data["version"],
            comment=data["comment"],
            current=self.current(submission),
        )
        return Response(self.output(saved))

    @extend_schema(
        summary="Submissions waiting for your approval, oldest first",
        responses=SubmissionSerializer(many=True),
    )
    @action(
        detail=False,
        methods=["get"],
        filterset_class=None,
        permission_classes=REVIEWERS,
    )
    def queue(self, request: Request) -> Response:
        submissions = approval_queue(request.user).prefetch_related(
            Prefetch("values", queryset=MetricValue.objects.order_by("revision"))
        )
        page = self.paginate_queryset(submissions)
        return self.get_paginated_response(SubmissionSerializer(page, many=True).data)


class CommentViewSet(
    ServiceCallMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """Colleagues' comments on metrics and their proposed targets."""

    serializer_class = CommentSerializer
    permission_classes = [*READERS, StepPermission]
    step_roles = {"create": COMMENTERS}
    filterset_class = CommentFilter
    ordering_fields = ["created_at"]
    ordering = ["created_at", "id"]

    def get_queryset(self) -> QuerySet[Comment]:
        return Comment.objects.filter(
            of_visible_metrics(self.request.user)
        ).select_related("metric", "author")

    @extend_schema(
        summary="Comment on a metric or one of its targets",
        request=CommentInputSerializer,
        responses=write_responses(CommentSerializer, created=True),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        metric = metric_named(request, step=workflow.COMMENT)
        data = validated(CommentInputSerializer, request.data)
        target = None
        if data.get("target") is not None:
            target = Target.objects.filter(pk=data["target"], metric=metric).first()
            if target is None:
                raise DRFValidationError({"target": "No such target of this metric."})
        comment = self.call_service(
            services.comment_add,
            user=request.user,
            metric=metric,
            text=data["text"],
            target=target,
        )
        return Response(
            CommentSerializer(self.get_queryset().get(pk=comment.pk)).data,
            status=status.HTTP_201_CREATED,
        )
