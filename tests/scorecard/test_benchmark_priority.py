"""The view per priority (scorecard:priority_benchmarks, selector
scorecard.benchmarking.priority_benchmarks): each headline metric's shown
standing, sortable; who may see it; and the panel's and the view's queries, flat
as metrics and members grow."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scorecard.benchmarking import (
    benchmark_panel,
    priority_benchmark_years,
    priority_benchmarks,
)
from scorecard.models import MemberValue, MetricValue
from scorecard.services.standings import standings_refresh
from tests.factories import (
    ComparatorGroupFactory,
    GroupVersionFactory,
    HeadlineMembershipFactory,
    MetricFactory,
    PlaceFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db
YEAR = "2024-25"


def seed(priority, *, metrics, members, homes=None, directions=None):
    """``metrics`` headline metrics of ``priority`` for YEAR, each with a primary
    group of ``members`` places (figures 1 … members) and Coventry's figure from
    ``homes`` (default: the middle). Written in bulk, then the standings."""
    group = ComparatorGroupFactory(name=f"Neighbours of {members}")
    towns = [
        PlaceFactory(code=f"E09{members:02d}{n:04d}", name=f"Town {n:02d}")
        for n in range(1, members + 1)
    ]
    GroupVersionFactory(group=group, number=1, from_year="2020-21", places=towns)
    made = []
    for index in range(metrics):
        direction = (directions or ["up"])[index % len(directions or ["up"])]
        metric = MetricFactory(
            code=f"B{members:02d}{index:04d}",
            name=f"Metric {index:04d}",
            good_direction=direction,
            primary_group=group,
        )
        HeadlineMembershipFactory(
            plan=priority.plan,
            priority=priority,
            metric=metric,
            report_year=YEAR,
            sort_order=index,
        )
        home = (homes or [Decimal(members) / 2 + Decimal("0.5")])[
            index % len(homes or [0])
        ]
        MetricValue.objects.create(
            metric=metric,
            period=YEAR,
            value_text=str(home),
            value_number=home,
            approval=MetricValue.Approval.APPROVED,
        )
        MemberValue.objects.bulk_create(
            MemberValue(
                metric=metric,
                place=town,
                period=YEAR,
                value_text=str(n),
                value_number=Decimal(n),
                lower_ci=Decimal(n) - 1,
                upper_ci=Decimal(n) + 1,
            )
            for n, town in enumerate(towns, start=1)
        )
        made.append(metric)
    standings_refresh(metric_ids=[m.pk for m in made])
    return made


@pytest.fixture
def priority():
    return PriorityFactory(title="Tackling inequalities")


def test_each_metric_has_its_shown_standing_and_the_rest_come_last(priority):
    # Up is good; towns 1…4; Coventry 4.5, 0.5 and 2.5: 1st, 5th and 3rd of 5.
    seed(
        priority,
        metrics=3,
        members=4,
        homes=[Decimal("4.5"), Decimal("0.5"), Decimal("2.5")],
    )
    HeadlineMembershipFactory(
        plan=priority.plan,
        priority=priority,
        metric=MetricFactory(name="Aaa with no group"),
        report_year=YEAR,
    )
    rows = priority_benchmarks(
        plan_id=priority.plan_id, priority_id=priority.pk, year=YEAR, sort="rank"
    )
    assert [r.rank_words for r in rows] == ["1st of 5", "3rd of 5", "5th of 5", ""]
    assert rows[-1].standing is None
    rows = priority_benchmarks(
        plan_id=priority.plan_id,
        priority_id=priority.pk,
        year=YEAR,
        sort="rank",
        descending=True,
    )
    assert [r.rank_words for r in rows] == ["5th of 5", "3rd of 5", "1st of 5", ""]
    by_quartile = priority_benchmarks(
        plan_id=priority.plan_id, priority_id=priority.pk, year=YEAR, sort="quartile"
    )
    assert [r.standing.quartile for r in by_quartile[:3]] == [1, 3, 4]
    by_band = priority_benchmarks(
        plan_id=priority.plan_id, priority_id=priority.pk, year=YEAR, sort="band"
    )
    judgements = [r.standing.band_judgement for r in by_band[:3]]
    assert judgements.index("better") < judgements.index("worse")
    assert priority_benchmark_years(
        plan_id=priority.plan_id, priority_id=priority.pk
    ) == [YEAR]


def test_an_unknown_sort_is_refused_by_the_selector(priority):
    with pytest.raises(ValueError, match="no such column"):
        priority_benchmarks(
            plan_id=priority.plan_id, priority_id=priority.pk, year=YEAR, sort="x"
        )


def _get(client, user, priority, **params):
    client.force_login(user)
    url = reverse("scorecard:priority_benchmarks", args=[priority.pk])
    return client.get(url, params)


def test_the_page_sorts_by_a_header_link_and_marks_the_sorted_column(
    client, councillor, priority
):
    seed(priority, metrics=2, members=4, homes=[Decimal("0.5"), Decimal("4.5")])
    html = _get(client, councillor, priority, sort="rank").content.decode()
    assert html.count("aria-sort=") == 1
    assert (
        'aria-sort="ascending"><a href="?year=2024-25&amp;sort=rank&amp;order=desc"'
        in html
    )
    assert html.index("1st of 5") < html.index("5th of 5")
    html = _get(
        client, councillor, priority, sort="rank", order="desc"
    ).content.decode()
    assert 'aria-sort="descending"' in html
    assert html.index("5th of 5") < html.index("1st of 5")
    assert 'data-label="Quartile"' in html  # reflows on a phone


def test_a_priority_with_no_standings_says_so(client, cabinet_member, priority):
    html = _get(client, cabinet_member, priority).content.decode()
    assert "None of this priority's headline metrics has a standing" in html


def test_a_year_that_is_not_a_year_is_a_404(client, cabinet_member, priority):
    assert _get(client, cabinet_member, priority, year="soon").status_code == 404


def test_a_partner_is_refused(client, partner, priority):
    assert _get(client, partner, priority).status_code == 403


def test_the_public_is_sent_to_sign_in(client, priority):
    url = reverse("scorecard:priority_benchmarks", args=[priority.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Queries, flat as metrics and members grow ------------------------------------


def _queries(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def test_the_panels_queries_do_not_grow_with_members_or_metrics(priority):
    small = seed(priority, metrics=2, members=5)[0]
    other = PriorityFactory(plan=priority.plan, title="Another")
    big = seed(other, metrics=40, members=20)[0]
    assert len(benchmark_panel(big).places) == 21
    assert _queries(lambda: benchmark_panel(small)) == _queries(
        lambda: benchmark_panel(big)
    )
    assert _queries(lambda: benchmark_panel(big)) <= 6


def test_the_views_queries_do_not_grow_with_metrics_or_members(priority):
    seed(priority, metrics=2, members=5)
    other = PriorityFactory(plan=priority.plan, title="Another")
    seed(other, metrics=40, members=20)

    def rows(p):
        return lambda: priority_benchmarks(
            plan_id=p.plan_id, priority_id=p.pk, year=YEAR, sort="band"
        )

    assert len(rows(other)()) == 40
    assert _queries(rows(priority)) == _queries(rows(other)) <= 4


def test_the_pages_queries_do_not_grow(client, cabinet_member, priority):
    small = seed(priority, metrics=2, members=5)
    other = PriorityFactory(plan=priority.plan, title="Another")
    big = seed(other, metrics=40, members=20)
    client.force_login(cabinet_member)

    def page(url):
        client.get(url)  # the session and caches warmed
        return _queries(lambda: client.get(url))

    view = "scorecard:priority_benchmarks"
    assert page(reverse(view, args=[priority.pk])) == page(
        reverse(view, args=[other.pk])
    )
    metric = "scorecard:metric"
    assert page(reverse(metric, args=[small[0].code])) == page(
        reverse(metric, args=[big[0].code])
    )


def test_the_plan_dashboard_and_the_plan_link_to_it(client, cabinet_member, priority):
    seed(priority, metrics=1, members=3)
    client.force_login(cabinet_member)
    url = reverse("scorecard:priority_benchmarks", args=[priority.pk])
    dashboard = client.get(reverse("scorecard:plan_dashboard"), {"year": YEAR})
    assert f'href="{url}?year={YEAR}"' in dashboard.content.decode()
    plan = client.get(reverse("strategies:plan", args=[priority.plan_id]))
    assert f'href="{url}"' in plan.content.decode()
