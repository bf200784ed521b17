"""/api/v1/places/, /groups/, /group-versions/, /standings/ and /member-values/:
benchmarking (issue 19), read-only.

- places: the places figures are published for, by ONS area code;
- groups: comparator groups, each with its versions and the version in force now;
- group-versions: a version's members in order, its model year and the report
  years it is used for (``scorecard.domain.groups.version_in_force``: the latest
  ``from_year`` on or before a year; the first version also for the years before);
- standings: where Coventry stands in a group for a metric and period, as stored
  by ``scorecard.services.standings`` (rank, quartile, band, the comparison with
  a benchmark, the group's statistics, the version and the reasons in words);
- member-values: other places' figures (scope kind ``member``), every revision.

Who may read: ``scorecard.permissions.may_read_benchmarking`` (staff, cabinet
members and councillors; not partners), the rule the group pages use too. Groups
are edited on their pages, not here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request

from coventry_pm.core.api import ReadOnlyViewSet
from scorecard.domain.groups import year_start
from scorecard.domain.periods import Period
from scorecard.domain.standings import ordinal
from scorecard.filters import (
    ComparatorGroupFilter,
    GroupVersionFilter,
    MemberValueFilter,
    PlaceFilter,
    StandingFilter,
)
from scorecard.models import (
    ComparatorGroup,
    GroupMember,
    GroupVersion,
    MemberValue,
    Place,
    Standing,
)
from scorecard.permissions import may_read_benchmarking


class ReadsBenchmarking(BasePermission):
    """Staff, cabinet members and councillors: not partners."""

    message = (
        "Your role does not give access to comparator groups and other places' figures."
    )

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_read_benchmarking(request.user)


BENCHMARK_READERS = [IsAuthenticated, ReadsBenchmarking]


def this_year() -> str:
    """The report year today is in ("2026-27")."""
    return str(Period.containing(timezone.localdate(), "annual"))


def year_before(year: str) -> str:
    start = year_start(year) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def with_years(versions: QuerySet[GroupVersion]) -> QuerySet[GroupVersion]:
    """Versions annotated with the next version's ``from_year`` (``next_from``),
    whether each is its group's first (``is_first``) and its member count."""
    later = GroupVersion.objects.filter(
        group_id=OuterRef("group_id"), from_year__gt=OuterRef("from_year")
    ).order_by("from_year")
    earlier = GroupVersion.objects.filter(
        group_id=OuterRef("group_id"), from_year__lt=OuterRef("from_year")
    )
    return versions.annotate(
        next_from=Subquery(later.values("from_year")[:1]),
        is_first=~Exists(earlier),
        member_count=Count("members", distinct=True),
    )


def years_used(version: GroupVersion) -> str:
    """ "2019-20 to 2023-24", "2024-25 onwards"; a first version also stands for
    the years before it ("every year to 2023-24", "every year")."""
    next_from = getattr(version, "next_from", None)
    first = getattr(version, "is_first", False)
    if next_from is None:
        return "every year" if first else f"{version.from_year} onwards"
    until = year_before(next_from)
    if first:
        return f"every year to {until}"
    if until == version.from_year:
        return version.from_year
    return f"{version.from_year} to {until}"


def in_force_for(version: GroupVersion, year: str) -> bool:
    next_from = getattr(version, "next_from", None)
    wanted = year_start(year)
    if next_from is not None and year_start(next_from) <= wanted:
        return False
    return bool(getattr(version, "is_first", False)) or (
        year_start(version.from_year) <= wanted
    )


# --- Serializers -------------------------------------------------------------


class PlaceSerializer(serializers.ModelSerializer[Place]):
    is_home = serializers.BooleanField(
        read_only=True, help_text="The council's own area (Coventry)."
    )

    class Meta:
        model = Place
        fields = ["id", "code", "name", "kind", "is_home"]
        read_only_fields = fields


class VersionSummarySerializer(serializers.ModelSerializer[GroupVersion]):
    """A version as a group lists it."""

    label = serializers.CharField(read_only=True)
    until_year = serializers.SerializerMethodField(
        help_text="The last report year it is used for; null while in force."
    )
    years_used = serializers.SerializerMethodField()
    in_force_now = serializers.SerializerMethodField()
    members = serializers.IntegerField(source="member_count", read_only=True)

    class Meta:
        model = GroupVersion
        fields = [
            "id",
            "number",
            "label",
            "model_year",
            "from_year",
            "until_year",
            "years_used",
            "in_force_now",
            "ranked",
            "members",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_until_year(self, version: GroupVersion) -> str | None:
        next_from = getattr(version, "next_from", None)
        return year_before(next_from) if next_from else None

    def get_years_used(self, version: GroupVersion) -> str:
        return years_used(version)

    def get_in_force_now(self, version: GroupVersion) -> bool:
        return in_force_for(version, self.context.get("year") or this_year())


class MemberSerializer(serializers.ModelSerializer[GroupMember]):
    code = serializers.CharField(source="place.code", read_only=True)
    name = serializers.CharField(source="place.name", read_only=True)
    kind = serializers.CharField(source="place.kind", read_only=True)

    class Meta:
        model = GroupMember
        fields = ["position", "code", "name", "kind"]
        read_only_fields = fields


class GroupVersionSerializer(VersionSummarySerializer):
    """A version with its members, in the source's order."""

    group = serializers.PrimaryKeyRelatedField(read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    members = MemberSerializer(many=True, read_only=True)  # type: ignore[assignment]
    member_count = serializers.IntegerField(read_only=True)

    class Meta(VersionSummarySerializer.Meta):
        fields = [
            "id",
            "group",
            "group_name",
            "number",
            "label",
            "model_year",
            "from_year",
            "until_year",
            "years_used",
            "in_force_now",
            "ranked",
            "note",
            "member_count",
            "members",
        ]
        read_only_fields = fields


class ComparatorGroupSerializer(serializers.ModelSerializer[ComparatorGroup]):
    place = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The ONS code of the place the group's own figure is for.",
    )
    published_figures = serializers.CharField(
        source="comparator.name",
        default=None,
        allow_null=True,
        read_only=True,
        help_text="The comparator series holding the group's published figures "
        "(/api/v1/comparator-values/), as the council's files name it.",
    )
    versions = VersionSummarySerializer(many=True, read_only=True)
    version_in_force = serializers.SerializerMethodField(
        help_text="The version in force for this report year (null: no version)."
    )

    class Meta:
        model = ComparatorGroup
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "source",
            "place",
            "published_figures",
            "versions",
            "version_in_force",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_version_in_force(self, group: ComparatorGroup) -> dict[str, Any] | None:
        year = self.context.get("year") or this_year()
        for version in group.versions.all():
            if in_force_for(version, year):
                return VersionSummarySerializer(version, context=self.context).data
        return None


class StandingVersionSerializer(serializers.ModelSerializer[GroupVersion]):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = GroupVersion
        fields = ["id", "number", "label", "model_year", "from_year"]
        read_only_fields = fields


class StatisticsSerializer(serializers.Serializer[Standing]):
    """The members' figures summed up (Coventry is not in them)."""

    members = serializers.IntegerField(help_text="Members in the version.")
    counted = serializers.IntegerField(help_text="Members with a figure.")
    mean = serializers.DecimalField(24, 6, allow_null=True)
    median = serializers.DecimalField(24, 6, allow_null=True)
    lower_quartile = serializers.DecimalField(24, 6, allow_null=True)
    upper_quartile = serializers.DecimalField(24, 6, allow_null=True)
    minimum = serializers.DecimalField(24, 6, allow_null=True)
    maximum = serializers.DecimalField(24, 6, allow_null=True)
    published_number = serializers.DecimalField(
        24,
        6,
        allow_null=True,
        help_text="The group's own figure, where a source publishes one.",
    )


class BenchmarkSerializer(serializers.Serializer[Standing]):
    name = serializers.CharField(source="benchmark_name")
    number = serializers.DecimalField(24, 6, source="benchmark_number", allow_null=True)


class ReasonsSerializer(serializers.Serializer[dict[str, str]]):
    home = serializers.CharField(required=False)
    version = serializers.CharField(required=False)
    statistics = serializers.CharField(required=False)
    rank = serializers.CharField(required=False)
    band = serializers.CharField(required=False)
    comparison = serializers.CharField(required=False)


def rank_words(standing: Standing) -> str:
    """ "joint 3rd of 16", "1st of 16", or "" with no rank."""
    if standing.rank is None:
        return ""
    joint = "joint " if standing.joint else ""
    return f"{joint}{ordinal(standing.rank)} of {standing.out_of}"


class StandingSerializer(serializers.ModelSerializer[Standing]):
    metric = serializers.CharField(source="metric.code", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    group_version = StandingVersionSerializer(source="version", read_only=True)
    rank_words = serializers.SerializerMethodField(
        help_text='"joint 3rd of 16"; blank with no rank.'
    )
    statistics = StatisticsSerializer(source="*", read_only=True)
    benchmark = BenchmarkSerializer(source="*", read_only=True)
    reasons = ReasonsSerializer(read_only=True)

    class Meta:
        model = Standing
        fields = [
            "id",
            "metric",
            "group",
            "group_name",
            "group_version",
            "period",
            "home_number",
            "home_lower",
            "home_upper",
            "rank",
            "out_of",
            "joint",
            "rank_words",
            "quartile",
            "band",
            "band_judgement",
            "band_words",
            "z",
            "comparison",
            "comparison_level",
            "benchmark",
            "statistics",
            "reasons",
            "stale",
            "calculated_at",
        ]
        read_only_fields = fields

    def get_rank_words(self, standing: Standing) -> str:
        return rank_words(standing)


class MemberValueSerializer(serializers.ModelSerializer[MemberValue]):
    metric = serializers.CharField(source="metric.code", read_only=True)
    place = serializers.CharField(source="place.code", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True)
    place_kind = serializers.CharField(source="place.kind", read_only=True)

    class Meta:
        model = MemberValue
        fields = [
            "id",
            "metric",
            "place",
            "place_name",
            "place_kind",
            "period",
            "period_label",
            "revision",
            "value_text",
            "value_number",
            "lower_ci",
            "upper_ci",
            "lower_ci_998",
            "upper_ci_998",
            "count",
            "denominator",
            "note",
            "source",
            "entered_at",
        ]
        read_only_fields = fields


# --- Viewsets ----------------------------------------------------------------


class BenchmarkingViewSet(ReadOnlyViewSet):
    permission_classes = BENCHMARK_READERS

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "year": this_year()}


class PlaceViewSet(BenchmarkingViewSet):
    """Places figures are published for, by ONS area code."""

    serializer_class = PlaceSerializer
    queryset = Place.objects.all()
    filterset_class = PlaceFilter
    lookup_field = "code"
    ordering_fields = ["name", "code", "kind"]
    ordering = ["name", "code"]


class ComparatorGroupViewSet(BenchmarkingViewSet):
    """Comparator groups, each with its versions and the version in force now."""

    serializer_class = ComparatorGroupSerializer
    filterset_class = ComparatorGroupFilter
    ordering_fields = ["name", "kind"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[ComparatorGroup]:
        return ComparatorGroup.objects.select_related(
            "place", "comparator"
        ).prefetch_related(
            Prefetch(
                "versions",
                queryset=with_years(GroupVersion.objects.order_by("number")),
            )
        )


class GroupVersionViewSet(BenchmarkingViewSet):
    """Versions of the groups: members in order and the years each is used for."""

    serializer_class = GroupVersionSerializer
    filterset_class = GroupVersionFilter
    ordering_fields = ["from_year", "number"]
    ordering = ["group__name", "number"]

    def get_queryset(self) -> QuerySet[GroupVersion]:
        return with_years(
            GroupVersion.objects.select_related("group").prefetch_related(
                Prefetch(
                    "members",
                    queryset=GroupMember.objects.select_related("place").order_by(
                        "position"
                    ),
                )
            )
        )


class StandingViewSet(BenchmarkingViewSet):
    """Where Coventry stands in each group, for each metric and period."""

    serializer_class = StandingSerializer
    filterset_class = StandingFilter
    ordering_fields = ["period", "metric__code", "group__name", "rank", "quartile"]
    ordering = ["metric__code", "period", "group__name"]

    def get_queryset(self) -> QuerySet[Standing]:
        return Standing.objects.select_related("metric", "group", "version")


class MemberValueViewSet(BenchmarkingViewSet):
    """Other places' figures (scope kind member), every revision; an undone
    import's figures are left out."""

    serializer_class = MemberValueSerializer
    filterset_class = MemberValueFilter
    ordering_fields = ["period", "revision", "metric__code", "place__name"]
    ordering = ["metric__code", "period", "place__name", "revision"]

    def get_queryset(self) -> QuerySet[MemberValue]:
        return MemberValue.objects.filter(withdrawn_at__isnull=True).select_related(
            "metric", "place"
        )
