"""The live pages built afresh (issue 14 item 6): the headline rows are read as
columns of the stored verdicts (performance.selectors._live_rows), with the
earlier years' counts from the same queries. They show what the signed-in pages'
reader (scorecard.selectors.headline_assessments, headline_counts) shows; their
queries stay flat as metrics, years, figures and recorded verdicts grow; and the
next request after a figure is approved or a verdict recorded shows it."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance import selectors
from scorecard.domain.assessment import summary_sentence
from scorecard.models import Metric
from scorecard.selectors import headline_assessments, headline_counts
from scorecard.services import submission_approve, submission_save, submission_submit
from tests import factories
from tests.performance.conftest import YEAR

# Query counts at scale (the same queries for many records as for few): a
# whole-system check, left out by make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EARLIER = ["2022-23", "2023-24"]


def _page(client, url: str) -> str:
    """The page, without the nonce each response has its own of."""
    return re.sub(r'nonce="[^"]*"', "", client.get(url).content.decode())


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _urls(live_plan) -> dict[str, str]:
    return {
        "overview": reverse("performance:overview"),
        "progress": reverse("performance:progress"),
        "priority": reverse("performance:priority", args=[live_plan["priority"].pk]),
    }


def _grow(live_plan, years: list[str], count: int = 4) -> None:
    """Headline metrics in each of ``years`` with figures, a target, a
    comparator and recorded verdicts (one for the plan, one for no plan); a
    metric not agreed; a priority with no metrics."""
    plan, priority = live_plan["plan"], live_plan["priority"]
    comparator = factories.ComparatorFactory(name="England")
    for _ in range(count):
        metric = factories.MetricFactory()
        for year in years:
            factories.HeadlineMembershipFactory(
                plan=plan, report_year=year, metric=metric, priority=priority
            )
            factories.MetricValueFactory(metric=metric, period=year, value_text="7")
            factories.TargetFactory(metric=metric, period=year, text="To increase")
            factories.ComparatorValueFactory(
                comparator=comparator, metric=metric, period=year, value_text="6"
            )
            factories.RecordedVerdictFactory(
                metric=metric, period=year, progress="got_worse", plan=plan
            )
            factories.RecordedVerdictFactory(
                metric=metric, period=year, target_status="off_target"
            )
    proposed = factories.MetricFactory(status=Metric.Status.PROPOSED)
    factories.HeadlineMembershipFactory(
        plan=plan, report_year=YEAR, metric=proposed, priority=priority
    )
    factories.PriorityFactory(
        plan=plan, title=f"Still to be given metrics ({plan.priorities.count()})"
    )


# The priority page draws its metrics' maps too (the areas file, its areas, the
# metrics, their breakdowns).
@pytest.mark.parametrize(
    ("name", "queries"), [("overview", 5), ("progress", 5), ("priority", 11)]
)
def test_an_uncached_live_page_runs_a_fixed_number_of_queries(
    client, live_plan, name, queries
):
    url = _urls(live_plan)[name]
    assert _queries(client, url) == queries
    _grow(live_plan, [*EARLIER, YEAR])
    _grow(live_plan, [YEAR], count=6)
    assert _queries(client, url) == queries


def _same(live_plan) -> None:
    """The live rows and counts equal what the signed-in pages' reader gives."""
    plan = live_plan["plan"]
    overview = selectors.live_overview(plan=plan, year=YEAR)
    expected = headline_assessments(plan=plan, year=YEAR, agreed_only=True)
    assert [r.metric.pk for r in overview.rows] == [r.metric.pk for r in expected]
    for row, assessed in zip(overview.rows, expected, strict=True):
        assert row.metric.code == assessed.metric.code
        assert row.metric.name == assessed.metric.name
        assert row.metric.get_public_url() == assessed.metric.get_public_url()
        assert row.priority_id == (assessed.priority.pk if assessed.priority else None)
        assert row.progress_shown == assessed.progress_shown
        assert row.target_status_shown == assessed.target_status_shown
        for mine, theirs in (
            (row.current, assessed.current),
            (row.previous, assessed.previous),
        ):
            assert ((mine.period, mine.value_text) if mine else None) == (
                (theirs.period, theirs.value_text) if theirs else None
            )
        assert row.target_text == (assessed.target.text if assessed.target else None)
        comparator = assessed.comparator
        assert (
            (row.comparator.name, row.comparator.period, row.comparator.value_text)
            if row.comparator
            else None
        ) == (
            (comparator.comparator.name, comparator.period, comparator.value_text)
            if comparator
            else None
        )
    years = set(plan.headline_metrics.values_list("report_year", flat=True))
    earlier = sorted(y for y in years if y < YEAR)[-2:]
    counts = headline_counts(plan=plan, years=earlier, agreed_only=True)
    sentence = summary_sentence(
        overview.summary,
        earlier=[(y.replace("-", "/"), counts[y]) for y in earlier],
    )
    assert overview.sentence == sentence


def test_the_live_rows_show_what_the_stored_verdicts_say(live_plan):
    _same(live_plan)
    _grow(live_plan, [*EARLIER, YEAR])
    # A metric with nothing stored for the year, but a verdict recorded for it.
    quiet = factories.MetricFactory()
    factories.HeadlineMembershipFactory(
        plan=live_plan["plan"], report_year=YEAR, metric=quiet
    )
    factories.RecordedVerdictFactory(metric=quiet, period=YEAR, progress="improved")
    _same(live_plan)


def test_a_recorded_verdict_shows_on_the_next_request(client, live_plan):
    url = _urls(live_plan)["progress"]
    assert "Got worse</span>: 0" in client.get(url).content.decode()
    factories.RecordedVerdictFactory(
        metric=live_plan["metric"],
        period=YEAR,
        progress="got_worse",
        plan=live_plan["plan"],
    )
    assert "Got worse</span>: 1" in client.get(url).content.decode()


@pytest.mark.parametrize("name", ["overview", "progress", "priority"])
def test_an_approved_figure_shows_on_the_next_request(
    client, live_plan, officer, manager, name
):
    metric = live_plan["metric"]
    metric.team, metric.owner = officer.team, officer
    metric.save()
    url = _urls(live_plan)[name]
    before = _page(client, url)
    assert "100% (1/1)" in before
    draft = submission_save(user=officer, metric=metric, period=YEAR, value_text="200")
    submitted = submission_submit(
        submission=draft, user=officer, expected_version=draft.version
    )
    # Not yet approved: the page the public sees stays as it was.
    assert _page(client, url) == before
    submission_approve(
        submission=submitted, user=manager, expected_version=submitted.version
    )
    after = _page(client, url)
    assert "0% (0/1)" in after
    assert "100% (1/1)" not in after
    if name != "overview":
        assert "200" in after


def test_an_uncached_metric_page_runs_a_fixed_number_of_queries(client, live_plan):
    """Its approved figures are read once for the trend, the breakdowns and when
    it was last published; more years, revisions, breakdowns and comparators
    read no more."""
    metric = live_plan["metric"]
    url = reverse("performance:metric", args=[metric.code])
    # The fingerprint, the plan and its years, the metric, its stored and
    # recorded verdicts and membership, its approved figures, its comparators'
    # figures, the areas files and their areas, its case studies.
    assert _queries(client, url) == 11
    comparator = factories.ComparatorFactory(name="West Midlands")
    for year in ["2020-21", "2021-22"]:
        factories.MetricValueFactory(metric=metric, period=year, value_text="280")
        factories.MetricValueFactory(
            metric=metric, period=year, revision=2, value_text="290"
        )
        factories.MetricValueFactory(
            metric=metric,
            period=year,
            breakdown="ward",
            breakdown_group="Canalside",
            value_text="30",
        )
        factories.ComparatorValueFactory(
            comparator=comparator, metric=metric, period=year, value_text="270"
        )
        factories.RecordedVerdictFactory(
            metric=metric, period=year, progress="similar", plan=live_plan["plan"]
        )
    factories.CaseStudyFactory(title="Told", is_published=True).metrics.add(metric)
    factories.CaseStudyFactory(title="Untold", is_published=False).metrics.add(metric)
    assert _queries(client, url) == 11
    page = client.get(url).content.decode()
    assert "290" in page  # the latest revision of an earlier year, in the trend
    assert "Canalside" in page  # the latest period's breakdown, on the map
    assert "<h3>Told</h3>" in page
    assert "Untold" not in page


def test_a_priority_shows_its_objectives_and_newest_published_stories(
    client, live_plan
):
    import datetime as dt

    priority = live_plan["priority"]
    for order, title in ((2, "Second objective"), (1, "First objective")):
        factories.ObjectiveFactory(priority=priority, title=title, sort_order=order)
    factories.ObjectiveFactory(
        priority=factories.PriorityFactory(plan=live_plan["plan"], title="Another"),
        title="Another priority's objective",
    )
    for day in range(1, 9):
        story = factories.CaseStudyFactory(
            title=f"Story {day}", date=dt.date(2024, 5, day), is_published=True
        )
        story.priorities.add(priority)
    hidden = factories.CaseStudyFactory(
        title="Not yet published", date=dt.date(2024, 6, 1), is_published=False
    )
    hidden.priorities.add(priority)
    page = _page(client, _urls(live_plan)["priority"])
    assert page.index("First objective") < page.index("Second objective")
    assert "Another priority's objective" not in page
    assert "Not yet published" not in page
    shown = re.findall(r"<h3>(Story \d)</h3>", page)
    assert shown == [f"Story {day}" for day in range(8, 2, -1)]
