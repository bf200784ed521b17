"""Agreement of calculated with recorded verdicts (scorecard.agreement), as
`assess --compare` prints it and the review page shows it."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scorecard.agreement import as_published, verdict_review
from scorecard.domain.vocabulary import Progress
from scorecard.models import MetricValue, RecordedVerdict
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Four headline metrics and one outside the headline, each with the council's
    recorded verdict for 2024-25 beside the one the rules calculate."""
    plan = factories.PlanFactory()
    rising = factories.MetricFactory(code="A1", name="Rising")  # improved, on target
    falling = factories.MetricFactory(code="A2", name="Falling")  # got worse
    flat = factories.MetricFactory(code="A3", name="Flat")  # got worse, off target
    unknown = factories.MetricFactory(code="A4", name="No figures")
    wider = factories.MetricFactory(code="B1", name="Wider basket")
    for order, metric in enumerate([rising, falling, flat, unknown]):
        factories.HeadlineMembershipFactory(plan=plan, metric=metric, sort_order=order)
    for metric, before, after in [
        (rising, "50", "60"),
        (falling, "60", "50"),
        (flat, "60", "50"),
        (wider, "60", "50"),
    ]:
        factories.MetricValueFactory(metric=metric, period="2023-24", value_text=before)
        factories.MetricValueFactory(metric=metric, period="2024-25", value_text=after)
    factories.TargetFactory(metric=rising, text="55+")
    factories.TargetFactory(metric=flat, text="55+")
    recorded = [
        (rising, "improved", "on_target"),  # agrees on both
        (falling, "similar", ""),  # recorded similar, calculated got worse
        (flat, "similar", "on_target"),  # both differ
        (unknown, "not_available", "no_target"),  # agrees; no target verdict
        (wider, "improved", "on_target"),  # not headline
    ]
    for metric, progress, status in recorded:
        factories.RecordedVerdictFactory(
            metric=metric, plan=plan, progress=progress, target_status=status
        )
    return plan


def test_rates_count_recorded_verdicts_and_on_or_off_target_only(plan):
    review = verdict_review(plan=plan, year="2024-25")
    assert [r.metric.code for r in review.rows] == ["A1", "A2", "A3", "A4", "B1"]
    headline = review.headline()
    assert [r.metric.code for r in headline.rows] == ["A1", "A2", "A3", "A4"]
    assert (headline.progress_agreeing, headline.progress_compared) == (2, 4)
    assert headline.progress_rate == 50
    # "No target" recorded is not a target verdict to agree with.
    assert (headline.target_status_agreeing, headline.target_status_compared) == (1, 2)
    assert headline.target_status_rate == 50
    assert [r.metric.code for r in headline.differences] == ["A2", "A3"]


def test_differences_are_grouped_by_kind_commonest_first(plan):
    kinds = verdict_review(plan=plan, year="2024-25").headline().kinds
    assert [str(k) for k in kinds] == [
        "progress: recorded similar, calculated got worse: 2",
        "target status: recorded on target, calculated off target: 1",
    ]
    assert [r.metric.code for r in kinds[0].rows] == ["A2", "A3"]


def test_the_wider_basket_counts_outside_the_headline(plan):
    review = verdict_review(plan=plan, year="2024-25")
    assert (review.progress_agreeing, review.progress_compared) == (2, 5)
    assert str(review.kinds[0]) == "progress: recorded similar, calculated got worse: 2"
    assert "progress: recorded improved, calculated got worse: 1" in [
        str(k) for k in review.kinds
    ]


def test_withdrawn_recorded_verdicts_are_not_compared(plan):
    from django.utils import timezone

    RecordedVerdict.objects.filter(metric__code="A2").update(
        withdrawn_at=timezone.now()
    )
    review = verdict_review(plan=plan, year="2024-25").headline()
    assert [r.metric.code for r in review.rows] == ["A1", "A3", "A4"]


def test_assess_compare_prints_agreement_and_kinds(plan):
    out = StringIO()
    call_command("assess", "--compare", "--as-published", stdout=out)
    assert out.getvalue().splitlines() == [
        f"2024-25 {plan}: 50% (2/4) of headline progress verdicts agree; "
        "50% (1/2) of target statuses marked on or off target agree",
        "  on the figures as published: 50% (2/4) of headline progress verdicts "
        "agree; 50% (1/2) of target statuses marked on or off target agree",
        "  progress: recorded similar, calculated got worse: 2",
        "  target status: recorded on target, calculated off target: 1",
    ]


def test_assess_compare_totals_several_years(plan):
    metric = factories.MetricFactory(code="C1")
    factories.HeadlineMembershipFactory(plan=plan, metric=metric, report_year="2023-24")
    factories.RecordedVerdictFactory(
        metric=metric, plan=plan, period="2023-24", progress="not_available"
    )
    out = StringIO()
    call_command("assess", "--compare", "--as-published", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2023-24 ")
    assert "100% (1/1) of headline progress verdicts agree" in lines[0]
    assert "none recorded of target statuses" in lines[0]
    assert lines[-2:] == [
        "All years: 60% (3/5) of headline progress verdicts agree; "
        "50% (1/2) of target statuses marked on or off target agree",
        "  on the figures as published: 60% (3/5) of headline progress verdicts "
        "agree; 50% (1/2) of target statuses marked on or off target agree",
    ]


def test_assess_compare_reads_stored_verdicts_unless_asked_as_published(plan):
    out = StringIO()
    call_command("assess", "--compare", stdout=out)
    assert "as published" not in out.getvalue()
    assert out.getvalue().splitlines()[0].startswith("2024-25 ")


def test_as_published_calculates_on_the_figures_when_the_verdict_was_recorded(
    plan,
):
    """The council said "improved" on 50 → 60; a later file revises 2024-25 to 45.
    Today's calculated verdict is "got worse"; on the figures as published it is
    "improved", as the council said."""
    rising = plan.headline_metrics.get(metric__code="A1").metric
    recorded = RecordedVerdict.objects.get(metric=rising)
    later = recorded.recorded_at + dt.timedelta(days=30)
    factories.MetricValueFactory(
        metric=rising, period="2024-25", value_text="45", revision=2
    )
    MetricValue.objects.filter(metric=rising, revision=2).update(entered_at=later)
    review = verdict_review(plan=plan, year="2024-25").headline()
    today = {r.metric.code: r for r in review.rows}
    assert today["A1"].progress == Progress.GOT_WORSE
    published = {r.metric.code: r for r in as_published(review).rows}
    assert published["A1"].progress == Progress.IMPROVED
    assert published["A1"].current.value_text == "60"
    assert published["A1"].recorded == today["A1"].recorded
    # Rows no figure was revised for are calculated as they are today.
    for code in ("A2", "A3", "A4"):
        assert published[code].progress == today[code].progress
    assert (review.progress_agreeing, as_published(review).progress_agreeing) == (
        1,
        2,
    )


def test_assess_compare_says_when_nothing_was_recorded(db):
    with pytest.raises(CommandError, match="No recorded verdicts to compare with"):
        call_command("assess", "--compare", stdout=StringIO())


def test_assess_without_year_or_compare_says_what_it_needs(db):
    with pytest.raises(CommandError, match="--year is required"):
        call_command("assess", stdout=StringIO())
