"""FilterSets for the scorecard (the API's query parameters).

A metric belongs to a plan, priority or objective as one of its headline metrics
(for a report year) or through the objectives it measures; those filters use
subqueries so each metric is listed once.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from rest_framework.exceptions import ValidationError

from coventry_pm.core.filters import IdFilter
from scorecard.domain.groups import year_start
from scorecard.domain.periods import Period
from scorecard.domain.vocabulary import Progress, TargetStatus
from scorecard.models import (
    Comment,
    ComparatorGroup,
    ComparatorValue,
    GroupMember,
    GroupVersion,
    HeadlineMembership,
    MemberValue,
    Metric,
    MetricValue,
    Perspective,
    Place,
    RecordedVerdict,
    Standing,
    Submission,
    Target,
)
from scorecard.selectors import plan_covering
from strategies.models import Plan

PROGRESS_CHOICES = [(p.value, p.label) for p in Progress]
TARGET_STATUS_CHOICES = [(t.value, t.label) for t in TargetStatus]


def plan_named(value: str) -> Plan | None:
    """A plan by id ("3") or by its period as files name it ("2022-30")."""
    if value.isdigit():
        return Plan.objects.filter(pk=int(value)).first()
    return Plan.objects.filter(period=value).order_by("-version").first()


def report_year(value: str) -> str:
    """A reporting year ("2024-25"), or a 400 saying what is expected."""
    try:
        parsed = Period.parse(value)
    except ValueError as error:
        raise ValidationError(
            {"year": f'A year such as "2024-25", not {value!r}.'}
        ) from error
    if parsed.frequency != "annual":
        raise ValidationError({"year": f'A year such as "2024-25", not {value!r}.'})
    return str(parsed)


def assessed_plan(year: str, plan: str | None) -> Plan:
    """The plan named by ``plan`` (id or period), else the plan covering the year."""
    if plan:
        found = plan_named(plan)
        if found is None:
            raise ValidationError({"plan": f"No plan {plan!r}."})
        return found
    try:
        return plan_covering(year)
    except Plan.DoesNotExist as error:
        raise ValidationError({"plan": f"No plan covers {year}."}) from error


class MetricFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(
        method="filter_in_plan",
        label="Plan id or period: its headline metrics and those measuring it",
    )
    year = django_filters.CharFilter(
        method="filter_in_plan",
        label='Report year ("2024-25"), with headline, plan, priority or objective',
    )
    headline = django_filters.BooleanFilter(
        method="filter_in_plan",
        label="Headline metrics (of the plan and year, when given) or the others",
    )
    priority = IdFilter(method="filter_in_plan", label="Priority id")
    objective = IdFilter(method="filter_in_plan", label="Objective id")
    perspective = django_filters.ChoiceFilter(choices=Perspective.choices)
    type = django_filters.ChoiceFilter(
        field_name="metric_type", choices=Metric.MetricType.choices
    )
    team = IdFilter(field_name="team", label="Team id")
    owner = IdFilter(field_name="owner", label="Owner's user id")
    portfolio = IdFilter(field_name="portfolio", label="Portfolio id")
    status = django_filters.ChoiceFilter(choices=Metric.Status.choices)
    frequency = django_filters.ChoiceFilter(choices=Metric.Frequency.choices)
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Metric
        fields = [
            "plan",
            "year",
            "headline",
            "priority",
            "objective",
            "perspective",
            "type",
            "team",
            "owner",
            "portfolio",
            "status",
            "frequency",
            "name",
        ]

    def filter_in_plan(
        self, queryset: QuerySet[Metric], name: str, value: Any
    ) -> QuerySet[Metric]:
        # Plan, year, headline, priority and objective combine into one condition,
        # applied once in filter_queryset.
        return queryset

    def membership_plan(self) -> Plan | None:
        """The plan whose headline membership the filters read (None: any plan)."""
        plan = self.form.cleaned_data.get("plan")
        if not plan:
            return None
        found = plan_named(plan)
        if found is None:
            raise ValidationError({"plan": f"No plan {plan!r}."})
        return found

    def restricts_to_plan(self) -> bool:
        """Whether ``plan`` on its own keeps only the plan's metrics."""
        return True

    def filter_queryset(self, queryset: QuerySet[Metric]) -> QuerySet[Metric]:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        year = data.get("year") or None
        if year:
            year = report_year(year)
        plan = self.membership_plan()
        headline = data.get("headline")
        priority = data.get("priority")
        objective = data.get("objective")

        memberships = HeadlineMembership.objects.filter(metric=OuterRef("pk"))
        if plan is not None:
            memberships = memberships.filter(plan=plan)
        if year:
            memberships = memberships.filter(report_year=year)
        if headline is not None:
            queryset = queryset.filter(
                Exists(memberships) if headline else ~Exists(memberships)
            )
        if plan is not None and headline is None and self.restricts_to_plan():
            queryset = queryset.filter(
                Exists(memberships) | Q(pk__in=self._measuring(plan=plan))
            )
        if priority is not None:
            queryset = queryset.filter(
                Exists(memberships.filter(priority=priority))
                | Q(pk__in=self._measuring(priority=priority))
            )
        if objective is not None:
            queryset = queryset.filter(
                Exists(memberships.filter(objective=objective))
                | Q(pk__in=self._measuring(objective=objective))
            )
        return queryset

    @staticmethod
    def _measuring(
        *,
        plan: Plan | None = None,
        priority: int | None = None,
        objective: int | None = None,
    ) -> QuerySet[Metric, Any]:
        """Metrics measuring the plan's (priority's) objectives, or the objective."""
        if plan is not None:
            condition = Q(objectives__priority__plan=plan)
        elif priority is not None:
            condition = Q(objectives__priority=priority)
        else:
            condition = Q(objectives=objective)
        return Metric.objects.filter(condition).values("pk")


class AssessmentFilter(MetricFilter):
    """The metrics to assess, then the verdicts to keep.

    ``year`` is required; ``plan`` (id or period, default: the plan covering the
    year) is the plan whose headline membership and recorded verdicts are read; it
    does not narrow the metrics by itself. ``progress`` and ``target_status`` match
    the verdict shown (the recorded one where there is one).
    """

    year = django_filters.CharFilter(
        method="filter_in_plan", required=True, label='Report year, e.g. "2024-25"'
    )
    plan = django_filters.CharFilter(
        method="filter_in_plan",
        label="Plan id or period (default: the plan covering the year)",
    )
    progress = django_filters.MultipleChoiceFilter(
        choices=PROGRESS_CHOICES, method="filter_verdict", label="Progress shown"
    )
    target_status = django_filters.MultipleChoiceFilter(
        choices=TARGET_STATUS_CHOICES,
        method="filter_verdict",
        label="Target status shown",
    )

    class Meta(MetricFilter.Meta):
        fields = [*MetricFilter.Meta.fields, "progress", "target_status"]

    def filter_verdict(
        self, queryset: QuerySet[Metric], name: str, value: Any
    ) -> QuerySet[Metric]:
        # Verdicts are calculated, not stored: the view keeps the matching rows.
        return queryset

    @property
    def year_assessed(self) -> str:
        return report_year(self.form.cleaned_data["year"])

    @property
    def plan_assessed(self) -> Plan:
        cached: Plan | None = getattr(self, "_plan_assessed", None)
        if cached is None:
            cached = assessed_plan(
                self.year_assessed, self.form.cleaned_data.get("plan")
            )
            self._plan_assessed = cached
        return cached

    def membership_plan(self) -> Plan:
        return self.plan_assessed

    def restricts_to_plan(self) -> bool:
        # The plan chooses membership and verdicts; the wider basket is assessed
        # against it too.
        return False

    def keeps(self, progress: str, target_status: str) -> bool:
        wanted_progress = self.form.cleaned_data.get("progress") or []
        wanted_status = self.form.cleaned_data.get("target_status") or []
        return (not wanted_progress or progress in wanted_progress) and (
            not wanted_status or target_status in wanted_status
        )


class MetricValueFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(field_name="metric__code", label="Metric code")
    year = django_filters.CharFilter(
        field_name="period",
        lookup_expr="startswith",
        label='Periods of a year ("2024-25")',
    )
    perspective = django_filters.ChoiceFilter(
        field_name="metric__perspective", choices=Perspective.choices
    )
    type = django_filters.ChoiceFilter(
        field_name="metric__metric_type", choices=Metric.MetricType.choices
    )
    team = IdFilter(field_name="metric__team", label="Team id")
    owner = IdFilter(field_name="metric__owner", label="Owner's user id")
    approval = django_filters.ChoiceFilter(
        choices=MetricValue.Approval.choices,
        method="filter_approval",
        label="Approval (default approved; others only for metrics you may edit)",
    )
    has_breakdown = django_filters.BooleanFilter(
        method="filter_has_breakdown", label="Breakdown figures (true) or place (false)"
    )

    class Meta:
        model = MetricValue
        fields = [
            "metric",
            "period",
            "year",
            "scope",
            "breakdown",
            "breakdown_group",
            "data_status",
            "perspective",
            "type",
            "team",
            "owner",
            "approval",
            "has_breakdown",
            "submission",
        ]

    def filter_approval(
        self, queryset: QuerySet[MetricValue], name: str, value: str
    ) -> QuerySet[MetricValue]:
        return queryset.filter(approval=value)

    def filter_has_breakdown(
        self, queryset: QuerySet[MetricValue], name: str, value: bool
    ) -> QuerySet[MetricValue]:
        return (
            queryset.exclude(breakdown="") if value else queryset.filter(breakdown="")
        )


class TargetFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(field_name="metric__code", label="Metric code")
    year = django_filters.CharFilter(field_name="period", lookup_expr="startswith")
    perspective = django_filters.ChoiceFilter(
        field_name="metric__perspective", choices=Perspective.choices
    )
    team = IdFilter(field_name="metric__team", label="Team id")
    owner = IdFilter(field_name="metric__owner", label="Owner's user id")
    portfolio = IdFilter(field_name="metric__portfolio", label="Portfolio id")

    class Meta:
        model = Target
        fields = [
            "metric",
            "period",
            "year",
            "status",
            "kind",
            "perspective",
            "team",
            "owner",
            "portfolio",
        ]


class ComparatorValueFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(field_name="metric__code", label="Metric code")
    year = django_filters.CharFilter(field_name="period", lookup_expr="startswith")
    kind = django_filters.CharFilter(field_name="comparator__kind")

    class Meta:
        model = ComparatorValue
        fields = ["metric", "comparator", "kind", "period", "year"]


class RecordedVerdictFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(field_name="metric__code", label="Metric code")
    plan = django_filters.CharFilter(method="filter_plan", label="Plan id or period")
    progress = django_filters.MultipleChoiceFilter(choices=PROGRESS_CHOICES)
    target_status = django_filters.MultipleChoiceFilter(choices=TARGET_STATUS_CHOICES)
    perspective = django_filters.ChoiceFilter(
        field_name="metric__perspective", choices=Perspective.choices
    )

    class Meta:
        model = RecordedVerdict
        fields = [
            "metric",
            "plan",
            "period",
            "progress",
            "target_status",
            "source",
            "perspective",
        ]

    def filter_plan(
        self, queryset: QuerySet[RecordedVerdict], name: str, value: str
    ) -> QuerySet[RecordedVerdict]:
        plan = plan_named(value)
        return queryset.filter(plan=plan) if plan else queryset.none()


class SubmissionFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(field_name="metric__code", label="Metric code")
    team = IdFilter(field_name="metric__team", label="Team id")
    year = django_filters.CharFilter(field_name="period", lookup_expr="startswith")

    class Meta:
        model = Submission
        fields = ["metric", "period", "year", "status", "team", "created_by"]


class CommentFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(field_name="metric__code", label="Metric code")

    class Meta:
        model = Comment
        fields = ["metric", "target", "author"]


# --- Benchmarking (issue 19): places, groups, versions, standings, member figures


def _year_of(value: str, name: str = "year") -> str:
    """A report year ("2024-25"), or a 400 naming the parameter."""
    try:
        year_start(value)
    except ValueError as error:
        raise ValidationError(
            {name: f'A year such as "2024-25", not {value!r}.'}
        ) from error
    return value.strip()


class PlaceFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label="Name holds (any case)"
    )

    class Meta:
        model = Place
        fields = ["kind", "name", "code"]


class ComparatorGroupFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label="Name holds (any case)"
    )

    class Meta:
        model = ComparatorGroup
        fields = ["kind", "name"]


class GroupVersionFilter(django_filters.FilterSet):
    """``year``: the version of each group in force for that report year (the
    latest from_year on or before it; the first version for the years before)."""

    group = IdFilter(field_name="group", label="Group id")
    year = django_filters.CharFilter(
        method="filter_in_force", label='In force for a report year ("2024-25")'
    )

    class Meta:
        model = GroupVersion
        fields = ["group", "number", "from_year", "year"]

    def filter_in_force(
        self, queryset: QuerySet[GroupVersion], name: str, value: str
    ) -> QuerySet[GroupVersion]:
        year = _year_of(value)
        later_start = Q(next_from__isnull=True) | Q(next_from__gt=year)
        return queryset.filter(
            (Q(from_year__lte=year) & later_start)
            | (Q(is_first=True) & Q(from_year__gt=year))
        )


class StandingFilter(django_filters.FilterSet):
    metric = django_filters.CharFilter(field_name="metric__code", label="Metric code")
    group = IdFilter(field_name="group", label="Group id")
    version = IdFilter(field_name="version", label="Group version id")
    year = django_filters.CharFilter(
        field_name="period",
        lookup_expr="startswith",
        label='Periods of a year ("2024-25")',
    )

    class Meta:
        model = Standing
        fields = [
            "metric",
            "group",
            "version",
            "period",
            "year",
            "quartile",
            "band",
            "comparison",
        ]


class MemberValueFilter(django_filters.FilterSet):
    """``group``: the figures of the places its version in force for each
    figure's year lists (scorecard.domain.groups.version_in_force)."""

    metric = django_filters.CharFilter(field_name="metric__code", label="Metric code")
    place = django_filters.CharFilter(field_name="place__code", label="ONS area code")
    year = django_filters.CharFilter(
        field_name="period",
        lookup_expr="startswith",
        label='Periods of a year ("2024-25")',
    )
    group = IdFilter(
        method="filter_group",
        label="Group id: its members' figures, by the version in force for each year",
    )
    latest = django_filters.BooleanFilter(
        method="filter_latest", label="Only the latest revision of each figure (true)"
    )

    class Meta:
        model = MemberValue
        fields = ["metric", "place", "period", "year", "source", "group", "latest"]

    def filter_group(
        self, queryset: QuerySet[MemberValue], name: str, value: int
    ) -> QuerySet[MemberValue]:
        versions = list(
            GroupVersion.objects.filter(group_id=value)
            .order_by("from_year")
            .values_list("pk", "from_year")
        )
        if not versions:
            return queryset.none()
        wanted = Q(pk__in=[])
        for position, (version_id, from_year) in enumerate(versions):
            years = Q()
            if position > 0:
                years &= Q(period__gte=from_year)
            if position + 1 < len(versions):
                years &= Q(period__lt=versions[position + 1][1])
            members = GroupMember.objects.filter(version_id=version_id).values(
                "place_id"
            )
            wanted |= years & Q(place_id__in=members)
        return queryset.filter(wanted)

    def filter_latest(
        self, queryset: QuerySet[MemberValue], name: str, value: bool
    ) -> QuerySet[MemberValue]:
        later = MemberValue.objects.filter(
            metric_id=OuterRef("metric_id"),
            period=OuterRef("period"),
            place_id=OuterRef("place_id"),
            revision__gt=OuterRef("revision"),
            withdrawn_at__isnull=True,
        )
        return (
            queryset.exclude(Exists(later)) if value else queryset.filter(Exists(later))
        )
