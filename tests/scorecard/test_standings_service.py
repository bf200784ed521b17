"""Stored standings (scorecard.services.standings): the version in force for each
year, the home figure, and the refresh when a group changes."""

from decimal import Decimal

import pytest

from scorecard.models import GroupMember, Standing
from scorecard.services.standings import standings_refresh, standings_refresh_for_groups
from tests.factories import (
    ComparatorFactory,
    ComparatorGroupFactory,
    ComparatorValueFactory,
    GroupVersionFactory,
    MemberValueFactory,
    MetricFactory,
    MetricValueFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return [PlaceFactory(code=f"E0600000{n}", name=f"Town {n}") for n in range(1, 6)]


def _figures(metric, places, period, numbers):
    for place, number in zip(places, numbers, strict=False):
        MemberValueFactory(
            metric=metric, place=place, period=period, value_text=str(number)
        )


def test_each_year_uses_the_version_in_force(places):
    metric = MetricFactory(good_direction="up")
    group = ComparatorGroupFactory(name="Nearest neighbours")
    GroupVersionFactory(group=group, number=1, from_year="2019-20", places=places[:3])
    GroupVersionFactory(group=group, number=2, from_year="2023-24", places=places[2:])
    MetricValueFactory(metric=metric, period="2022-23", value_text="25")
    MetricValueFactory(metric=metric, period="2023-24", value_text="25")
    _figures(metric, places, "2022-23", [10, 20, 30, 40, 50])
    _figures(metric, places, "2023-24", [10, 20, 30, 40, 50])

    before = Standing.objects.get(metric=metric, period="2022-23")
    after = Standing.objects.get(metric=metric, period="2023-24")
    # 2022/23: towns 1–3 (10, 20, 30) and Coventry's 25: 2nd of 4.
    assert before.version.number == 1
    assert (before.rank, before.out_of, before.counted) == (2, 4, 3)
    assert before.median == Decimal(20)
    # 2023/24: towns 3–5 (30, 40, 50): Coventry is last of 4.
    assert after.version.number == 2
    assert (after.rank, after.out_of, after.quartile) == (4, 4, 4)
    assert after.mean == Decimal(40)
    assert "version 2" in after.reasons["version"]


def test_the_sources_home_figure_stands_in_and_the_reason_says_so(places):
    metric = MetricFactory(good_direction="down")
    home = PlaceFactory(code="E08000026", name="Coventry")
    GroupVersionFactory(from_year="2020-21", places=places[:2])
    MemberValueFactory(
        metric=metric,
        place=home,
        period="2022-23",
        value_text="12",
        lower_ci=Decimal(11),
        upper_ci=Decimal(13),
    )
    _figures(metric, places, "2022-23", [20, 30])

    found = Standing.objects.get(metric=metric)
    assert (found.rank, found.out_of) == (1, 3)
    assert found.home_number == Decimal(12)
    assert "no figure of its own" in found.reasons["home"]
    # Lower is better; the interval 11 to 13 is wholly below the average 25.
    assert found.comparison == "better"
    assert found.benchmark_name.endswith(" average")


def test_a_published_figure_is_the_benchmark(places):
    metric = MetricFactory(good_direction="up")
    england = ComparatorFactory(name="England", kind="national")
    group = ComparatorGroupFactory(name="Regional group", comparator=england)
    GroupVersionFactory(group=group, from_year="2020-21", places=places[:2])
    MetricValueFactory(
        metric=metric,
        period="2022-23",
        value_text="40",
        lower_ci=Decimal(38),
        upper_ci=Decimal(42),
    )
    ComparatorValueFactory(
        comparator=england, metric=metric, period="2022-23", value_text="35"
    )
    _figures(metric, places, "2022-23", [20, 30])

    found = Standing.objects.get(metric=metric, group=group)
    assert found.published_number == Decimal(35)
    assert found.benchmark_number == Decimal(35)
    assert found.comparison == "better"


def test_a_change_of_members_refreshes_the_standings(places):
    metric = MetricFactory(good_direction="up")
    MetricValueFactory(metric=metric, period="2022-23", value_text="25")
    version = GroupVersionFactory(from_year="2020-21", places=places[:2])
    _figures(metric, places, "2022-23", [10, 20, 30, 40])
    assert Standing.objects.get(metric=metric).rank == 1

    GroupMember.objects.create(version=version, place=places[3], position=3)
    assert standings_refresh_for_groups(group_ids=[version.group_id]) == 1
    found = Standing.objects.get(metric=metric)
    assert (found.rank, found.out_of) == (2, 4)


def test_no_member_with_a_figure_stores_nothing(places):
    metric = MetricFactory()
    GroupVersionFactory(from_year="2020-21", places=places[:2])
    MetricValueFactory(metric=metric, period="2022-23", value_text="25")
    MemberValueFactory(metric=metric, place=places[4], period="2022-23")
    assert standings_refresh(metric_ids=[metric.pk]) == 0


def test_the_group_shown_is_the_targets_else_the_primary(places):
    from scorecard.benchmarking import shown_group_ids, shown_standings
    from tests.factories import TargetFactory

    cipfa = ComparatorGroupFactory(name="CIPFA nearest neighbours")
    stat = ComparatorGroupFactory(name="Statistical neighbours", kind="statistical")
    GroupVersionFactory(group=cipfa, from_year="2020-21", places=places[:2])
    GroupVersionFactory(group=stat, from_year="2020-21", places=places[2:])
    targeted = MetricFactory(good_direction="up", primary_group=cipfa)
    TargetFactory(
        metric=targeted, period="2022-23", text="Better than statistical neighbours"
    )
    plain = MetricFactory(good_direction="up", primary_group=cipfa)
    bare = MetricFactory(good_direction="up")
    for metric in (targeted, plain, bare):
        MetricValueFactory(metric=metric, period="2022-23", value_text="25")
        _figures(metric, places, "2022-23", [10, 20, 30, 40, 50])

    assert shown_group_ids([targeted, plain, bare], "2022-23") == {
        targeted.pk: stat.pk,
        plain.pk: cipfa.pk,
        bare.pk: None,
    }
    found = shown_standings([targeted, plain, bare], "2022-23")
    assert set(found) == {targeted.pk, plain.pk}
    assert found[targeted.pk].group == stat
    assert (found[targeted.pk].rank, found[plain.pk].rank) == (4, 1)


def test_a_group_change_finds_the_targets_that_name_it_as_the_engine_reads_them():
    from scorecard.services.standings import metrics_of_groups
    from tests.factories import TargetFactory

    england = ComparatorFactory(name="England", kind="national")
    national = ComparatorGroupFactory(
        name="England", kind="national", comparator=england
    )
    neighbours = ComparatorGroupFactory(
        name="Statistical neighbours", kind="statistical"
    )
    by_words = MetricFactory()
    TargetFactory(
        metric=by_words, period="2024-25", text="Better than national average"
    )
    partly = MetricFactory()
    TargetFactory(metric=partly, period="2024-25", text="Better than neighbours")
    other = MetricFactory()
    TargetFactory(metric=other, period="2024-25", text="95%")

    assert metrics_of_groups([national.pk]) == [by_words.pk]
    assert metrics_of_groups([neighbours.pk]) == [partly.pk]


def test_a_metric_at_99_8_per_cent_is_compared_by_its_99_8_limits(places):
    metric = MetricFactory(good_direction="up", confidence_level=Decimal("0.998"))
    home = PlaceFactory(code="E08000026", name="Coventry")
    GroupVersionFactory(from_year="2020-21", places=places[:2])
    # The 95% interval (31 to 33) is wholly above the average 25; the 99.8% one
    # (20 to 40) includes it.
    MemberValueFactory(
        metric=metric,
        place=home,
        period="2022-23",
        value_text="32",
        lower_ci=Decimal(31),
        upper_ci=Decimal(33),
        lower_ci_998=Decimal(20),
        upper_ci_998=Decimal(40),
    )
    _figures(metric, places, "2022-23", [20, 30])
    found = Standing.objects.get(metric=metric)
    assert (found.comparison, found.comparison_level) == ("similar", "99.8")
