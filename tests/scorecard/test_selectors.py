"""metric_assessments: which figures, targets and verdicts reach the engine."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scorecard.calculation import calculate_for_year
from scorecard.charts import trend_charts
from scorecard.domain.vocabulary import Progress, TargetStatus
from scorecard.models import MetricValue
from scorecard.selectors import headline_summary, metric_assessments, trend_series
from tests import factories

pytestmark = pytest.mark.django_db


def assess_one(metric, year="2024-25", **kwargs):
    return metric_assessments(metrics=[metric], year=year, **kwargs)[0]


def test_compares_the_year_end_with_the_previous_year_end():
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="72.2")
    factories.MetricValueFactory(metric=metric, period="2024-25 H1", value_text="80")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="74.7")
    row = assess_one(metric)
    assert row.previous.value_text == "72.2"
    assert row.current.value_text == "74.7"
    assert row.progress == Progress.IMPROVED


def test_uses_the_latest_revision_and_as_at_the_one_entered_then():
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    first = factories.MetricValueFactory(
        metric=metric, period="2024-25", value_text="40"
    )
    factories.MetricValueFactory(
        metric=metric, period="2024-25", value_text="60", revision=2
    )
    MetricValue.objects.filter(pk=first.pk).update(
        entered_at=timezone.now() - dt.timedelta(days=30)
    )
    MetricValue.objects.filter(revision=2).update(entered_at=timezone.now())
    MetricValue.objects.filter(period="2023-24").update(
        entered_at=timezone.now() - dt.timedelta(days=60)
    )
    assert assess_one(metric).progress == Progress.IMPROVED
    as_at = timezone.now() - dt.timedelta(days=10)
    then = calculate_for_year([metric], year="2024-25", as_at=as_at)[0]
    assert then.assessment.progress == Progress.GOT_WORSE


def test_ignores_values_that_are_not_approved():
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(
        metric=metric,
        period="2024-25",
        value_text="60",
        approval=MetricValue.Approval.SUBMITTED,
    )
    row = assess_one(metric)
    assert row.current is None
    assert row.progress == Progress.NOT_AVAILABLE


def test_ignores_breakdowns_when_assessing_the_place():
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="50")
    factories.MetricValueFactory(
        metric=metric,
        period="2024-25",
        value_text="90",
        breakdown="sex",
        breakdown_group="female",
    )
    assert assess_one(metric).current.value_text == "50"


def test_a_seasonal_quarterly_metric_compares_with_the_same_quarter_last_year():
    metric = factories.MetricFactory(
        good_direction="up", unit="number", frequency="quarter", seasonal=True
    )
    factories.MetricValueFactory(metric=metric, period="2023-24 Q2", value_text="300")
    factories.MetricValueFactory(metric=metric, period="2024-25 Q1", value_text="400")
    factories.MetricValueFactory(metric=metric, period="2024-25 Q2", value_text="291")
    row = assess_one(metric)
    assert row.period == "2024-25 Q2"
    assert row.previous.period == "2023-24 Q2"
    assert row.progress == Progress.GOT_WORSE


def test_target_of_the_year_is_used_and_its_status_worked_out():
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="90")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="96")
    factories.TargetFactory(metric=metric, period="2024-25", text="95%")
    factories.TargetFactory(metric=metric, period="2023-24", text="99%")
    row = assess_one(metric)
    assert row.target.text == "95%"
    assert row.target_status == TargetStatus.ON_TARGET


def test_a_comparator_target_uses_the_comparators_latest_earlier_figure():
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="61")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="61.5")
    factories.TargetFactory(text="Better than statistical neighbours", metric=metric)
    factories.ComparatorValueFactory(metric=metric, period="2023-24", value_text="62.3")
    row = assess_one(metric)
    assert row.comparator.period == "2023-24"
    assert row.target_status == TargetStatus.OFF_TARGET
    assert "2023-24" in row.assessment.target_reason


def test_the_newest_recorded_verdict_is_shown_and_the_disagreement_flagged():
    plan = factories.PlanFactory()
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="60")
    factories.RecordedVerdictFactory(metric=metric, plan=plan, progress="similar")
    factories.RecordedVerdictFactory(metric=metric, plan=plan, progress="cannot_say")
    row = assess_one(metric, plan=plan)
    assert row.progress == Progress.IMPROVED
    assert row.progress_recorded == Progress.CANNOT_SAY
    assert row.progress_shown == Progress.CANNOT_SAY
    assert row.disagrees


def test_query_count_stays_flat_as_metrics_grow(django_assert_max_num_queries):
    plan = factories.PlanFactory()

    def make(n):
        for _ in range(n):
            metric = factories.MetricFactory()
            factories.HeadlineMembershipFactory(plan=plan, metric=metric)
            factories.MetricValueFactory(metric=metric, period="2023-24")
            factories.MetricValueFactory(metric=metric, period="2024-25")
            factories.TargetFactory(metric=metric, text="To increase")
            factories.ComparatorValueFactory(metric=metric)

    def count():
        metrics = plan.headline_metrics.values_list("metric", flat=True)
        from scorecard.models import Metric

        with CaptureQueriesContext(connection) as ctx:
            metric_assessments(
                metrics=Metric.objects.filter(pk__in=metrics), year="2024-25", plan=plan
            )
        return len(ctx)

    make(2)
    small = count()
    make(20)
    assert count() == small


def test_headline_summary_counts_the_verdicts_shown_and_compares_earlier_years():
    plan = factories.PlanFactory()
    for year, before, now in [("2023-24", "50", "60"), ("2024-25", "60", "55")]:
        metric = factories.MetricFactory(good_direction="up")
        factories.HeadlineMembershipFactory(plan=plan, metric=metric, report_year=year)
        previous = "2022-23" if year == "2023-24" else "2023-24"
        factories.MetricValueFactory(metric=metric, period=previous, value_text=before)
        factories.MetricValueFactory(metric=metric, period=year, value_text=now)
    result = headline_summary(plan=plan, year="2024-25")
    assert result.summary.got_worse == 1
    assert result.summary.directional_pct == 0
    assert result.sentence.startswith("0% (0/1) of directional metrics")
    assert "100% (1/1) in 2023/24" in result.sentence


@pytest.mark.parametrize(
    "text",
    [
        "Equal to or better than national average",
        "Better than England",
        "Below (better than) national average",
    ],
)
def test_national_comparator_targets_use_the_national_figure(text):
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="60")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="70")
    factories.TargetFactory(metric=metric, text=text)
    national = factories.ComparatorFactory(name="England", kind="national")
    factories.ComparatorValueFactory(
        metric=metric, comparator=national, value_text="65"
    )
    factories.ComparatorValueFactory(metric=metric, value_text="99")  # neighbours
    row = assess_one(metric)
    assert row.comparator.comparator.name == national.name
    assert row.target_status != TargetStatus.NOT_AVAILABLE


def test_earlier_years_are_each_named_once_in_the_sentence():
    plan = factories.PlanFactory()
    for year in ["2022-23", "2023-24", "2024-25"]:
        for _ in range(3):
            metric = factories.MetricFactory()
            factories.HeadlineMembershipFactory(
                plan=plan, metric=metric, report_year=year
            )
    sentence = headline_summary(plan=plan, year="2024-25").sentence
    assert sentence.count("2022/23") == 1
    assert sentence.count("2023/24") == 1


def test_a_quarterly_trend_shows_each_annual_comparator_figure_at_its_year_end():
    metric = factories.MetricFactory(frequency="quarter")
    for period, text in [
        ("2023-24 Q3", "70"),
        ("2023-24 Q4", "72"),
        ("2024-25 Q1", "74"),
        ("2024-25 Q4", "75"),
    ]:
        factories.MetricValueFactory(metric=metric, period=period, value_text=text)
    factories.ComparatorValueFactory(metric=metric, period="2023-24", value_text="60")
    factories.ComparatorValueFactory(metric=metric, period="2024-25", value_text="65")

    trend = trend_series(metric)

    assert trend.comparators == [
        (
            "Statistical neighbours",
            [
                ("2023-24 Q3", None),
                ("2023-24 Q4", Decimal("60")),
                ("2024-25 Q1", None),
                ("2024-25 Q4", Decimal("65")),
            ],
        )
    ]
    assert trend.comparators_at_period_end


def test_a_trend_matches_comparator_figures_of_its_own_periods_exactly():
    metric = factories.MetricFactory(frequency="annual")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="50")
    factories.ComparatorValueFactory(metric=metric, period="2024-25", value_text="40")
    factories.ComparatorValueFactory(metric=metric, period="2020-21", value_text="30")

    trend = trend_series(metric)

    assert trend.comparators == [
        ("Statistical neighbours", [("2024-25", Decimal("40"))])
    ]
    assert not trend.comparators_at_period_end


def test_a_quarterly_metric_page_shows_the_comparator_beside_the_yearly_figure():
    metric = factories.MetricFactory(
        frequency="quarter", name="Cases prevented", unit="cases"
    )
    for quarter, text in [("Q1", "70"), ("Q2", "72"), ("Q3", "74"), ("Q4", "75")]:
        factories.MetricValueFactory(
            metric=metric, period=f"2024-25 {quarter}", value_text=text
        )
    factories.ComparatorValueFactory(metric=metric, period="2024-25", value_text="65")
    trend = trend_series(metric)
    html = render_to_string(
        "includes/trend.html",
        {"metric": metric, "trend": trend, "trend_charts": trend_charts(metric, trend)},
    )
    # The comparator's row is in the yearly table only, beside Coventry's year
    # (70 + 72 + 74 + 75, the sum of a count's quarters).
    assert html.count('<th scope="row">Statistical neighbours</th>') == 1
    yearly = html[html.index("Cases prevented (cases), yearly figures") :]
    assert '<th scope="row">Coventry (yearly figure)</th><td class="num">291</td>' in (
        yearly
    )
    row = yearly[yearly.index('<th scope="row">Statistical neighbours</th>') :]
    assert '<td class="num">65</td>' in row[: row.index("</tr>")]
    assert "never beside its quarters" in html


@pytest.mark.parametrize(
    ("earlier", "compared_with", "note"),
    [
        ({"2023-24": "70", "2022-23": "60"}, "70", ""),
        # The year before has no figure, or one marked missing: the latest earlier
        # figure within three years stands in, and the reason says so.
        ({"2022-23": "60"}, "60", "compared with 2022/23: no figure for 2023/24"),
        (
            {"2023-24": "n/a", "2021-22": "65"},
            "65",
            "compared with 2021/22: no figure for 2023/24",
        ),
        ({"2020-21": "50"}, None, ""),  # four years back: out of reach
    ],
)
def test_progress_compares_with_the_latest_earlier_figure_within_three_years(
    earlier, compared_with, note
):
    metric = factories.MetricFactory(good_direction="up")
    for period, text in earlier.items():
        number = None if text == "n/a" else Decimal(text)
        factories.MetricValueFactory(
            metric=metric, period=period, value_text=text, value_number=number
        )
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="74.7")
    row = assess_one(metric)
    if compared_with is None:
        assert row.previous is None
        assert row.progress == Progress.CANNOT_SAY
        return
    assert row.previous.value_text == compared_with
    assert row.progress == Progress.IMPROVED
    assert note in row.assessment.progress_reason
    if not note:
        assert "compared with" not in row.assessment.progress_reason
