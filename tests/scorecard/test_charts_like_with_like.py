"""Charts compare like with like (issue 18): a comparator is drawn only at its own
frequency, a quarterly metric's yearly figure (its year aggregation) stands beside
yearly comparators, every chart says in words what its lines are, and a metric with
no figures gets a sentence instead of an empty chart, on the staff and public pages."""

import json
import re
from decimal import Decimal

import pytest

from scorecard import charts
from scorecard.domain.periods import Period
from scorecard.models import Metric
from scorecard.selectors import trend_series
from tests import factories

pytestmark = pytest.mark.django_db

QUARTERS = [f"{year} Q{q}" for year in ("2023-24", "2024-25") for q in (1, 2, 3, 4)]


def coventry_and_neighbours(unit="cases", **fields):
    """The issue's chart: quarterly figures of about 290 a year's total of some
    1,150, with yearly comparators of 1,087 and 1,119."""
    metric = factories.MetricFactory(
        code="HL1", name="Cases prevented", unit=unit, frequency="quarter", **fields
    )
    for period, value in zip(
        [*QUARTERS, "2025-26 Q1"], [*([280, 290, 300, 290] * 2), 295], strict=True
    ):
        factories.MetricValueFactory(
            metric=metric, period=period, value_text=str(value)
        )
    england = factories.ComparatorFactory(name="England")
    for period, value in (("2023-24", "1087"), ("2024-25", "1119")):
        factories.ComparatorValueFactory(metric=metric, period=period, value_text=value)
        factories.ComparatorValueFactory(
            metric=metric, comparator=england, period=period, value_text=value
        )
    return metric


def figure(text):
    return json.loads(text)


def frequencies(trace):
    return {Period.parse(x).frequency for x in trace["x"]}


def test_no_trace_sets_a_quarter_beside_a_yearly_comparator():
    metric = coventry_and_neighbours()
    drawn = charts.trend_charts(metric, trend_series(metric))
    assert len(drawn.charts) == 2
    for chart in drawn.charts:
        traces = figure(chart.figure)["data"]
        # One frequency on each chart's axis, for every trace on it.
        assert len(set().union(*(frequencies(t) for t in traces))) == 1
    in_year, yearly = (figure(c.figure)["data"] for c in drawn.charts)
    assert [t["name"] for t in in_year] == ["Coventry"]
    assert in_year[0]["x"][0] == "2023-24 Q1"
    assert max(in_year[0]["y"]) == 300
    names = [t["name"] for t in yearly]
    assert names == ["Coventry (yearly figure)", "England", "Statistical neighbours"]
    place = yearly[0]
    assert place["x"] == ["2023-24", "2024-25", "2025-26"]
    # The sum of each year's quarters; 2025-26 has one quarter, so no figure.
    assert place["y"] == [1160, 1160, None]
    # A comparator stands at its own years only.
    assert (yearly[1]["x"], yearly[1]["y"]) == (["2023-24", "2024-25"], [1087, 1119])


def test_the_chart_says_what_its_lines_are():
    metric = coventry_and_neighbours()
    in_year, yearly = charts.trend_charts(metric, trend_series(metric)).charts
    assert in_year.description == (
        "The solid line is Coventry's quarterly figure, 2023/24 Q1 to 2025/26 Q1. "
        "England and Statistical neighbours publish yearly figures only, so they are "
        "drawn beside Coventry's yearly figure in the next chart, never beside its "
        "quarters."
    )
    assert yearly.description == (
        "The solid line is Coventry's yearly figure, 2023/24 to 2024/25, the total "
        "of its 4 quarters; the broken lines, each with its own pattern and marker, "
        "are the yearly figures of England and Statistical neighbours. A year "
        "with a quarter missing has no yearly figure: no year to date is drawn."
    )
    assert yearly.notes == [
        "2025/26: no yearly figure. 3 periods of 4 have no figure, so the year is "
        "incomplete."
    ]
    assert yearly.columns == ["2023/24", "2024/25", "2025/26"]
    assert [(r.name, list(r.cells)) for r in yearly.rows] == [
        ("Coventry (yearly figure)", ["1,160", "1,160", "—"]),
        ("England", ["1,087", "1,119", "—"]),
        ("Statistical neighbours", ["1,087", "1,119", "—"]),
    ]


def test_a_percentage_s_year_is_its_mean_and_a_count_s_its_ratio():
    metric = coventry_and_neighbours(unit="%")
    [_, yearly] = charts.trend_charts(metric, trend_series(metric)).charts
    assert figure(yearly.figure)["data"][0]["y"][:2] == [290, 290]
    assert "the average of its 4 quarters" in yearly.description

    ratio = factories.MetricFactory(
        code="R1", unit="%", frequency="quarter", value_kind="count"
    )
    assert ratio.year_aggregation == "ratio"
    for period, (x, y) in zip(
        QUARTERS[:4], [(1, 10), (2, 10), (3, 10), (14, 20)], strict=True
    ):
        factories.MetricValueFactory(
            metric=ratio,
            period=period,
            value_text=f"{x} out of {y}",
            value_number=Decimal(100 * x) / y,
            numerator=x,
            denominator=y,
        )
    factories.ComparatorValueFactory(metric=ratio, period="2023-24", value_text="30")
    [_, yearly] = charts.trend_charts(ratio, trend_series(ratio)).charts
    # 100 × (1 + 2 + 3 + 14) / 50, where the mean of the quarters would be 37.5.
    assert figure(yearly.figure)["data"][0]["y"] == [40]


def test_comparators_of_the_metric_s_own_frequency_share_its_chart():
    metric = factories.MetricFactory(code="Q1", unit="number", frequency="quarter")
    for period in QUARTERS[:4]:
        factories.MetricValueFactory(metric=metric, period=period, value_text="5")
        factories.ComparatorValueFactory(metric=metric, period=period, value_text="6")
    drawn = charts.trend_charts(metric, trend_series(metric))
    [chart] = drawn.charts  # no yearly comparator, so no yearly chart
    traces = figure(chart.figure)["data"]
    assert [t["name"] for t in traces] == ["Coventry", "Statistical neighbours"]
    assert traces[1]["x"] == QUARTERS[:4]
    assert traces[1]["line"]["dash"] == "dash"
    assert "the dashed line is the quarterly figure of Statistical neighbours" in (
        chart.description
    )


def test_an_annual_metric_has_one_chart_with_its_comparators():
    metric = factories.MetricFactory(code="A1", unit="%", frequency="annual")
    for year, value in (("2022-23", "60"), ("2023-24", "61"), ("2024-25", "62")):
        factories.MetricValueFactory(metric=metric, period=year, value_text=value)
    factories.ComparatorValueFactory(metric=metric, period="2024-25", value_text="58")
    [chart] = charts.trend_charts(
        metric, trend_series(metric), target_level=Decimal(65)
    ).charts
    assert chart.description == (
        "The solid line is Coventry's yearly figure, 2022/23 to 2024/25; the dashed "
        "line is the yearly figure of Statistical neighbours; the dotted line is "
        "the target (65)."
    )
    assert [t["name"] for t in figure(chart.figure)["data"]] == [
        "Coventry",
        "Statistical neighbours",
        "Target (65)",
    ]


def test_a_metric_with_no_figures_has_a_sentence_not_a_chart():
    metric = factories.MetricFactory(code="E1", frequency="quarter")
    factories.ComparatorValueFactory(metric=metric, period="2024-25", value_text="1")
    drawn = charts.trend_charts(metric, trend_series(metric))
    assert drawn.charts == ()
    assert drawn.empty == "No figures have been published for this metric yet."


def drawn_charts(html):
    return re.findall(r'data-plotly-figure="([^"]+)"', html)


def test_the_staff_page_says_so_and_draws_no_empty_chart(client, insight):
    metric = factories.MetricFactory(code="E2", name="Not yet measured")
    client.force_login(insight)
    html = client.get(f"/metrics/{metric.code}/").content.decode()
    assert "No figures have been published for this metric yet." in html
    assert drawn_charts(html) == []


def test_the_staff_page_draws_both_charts_with_their_words(client, insight):
    metric = coventry_and_neighbours()
    client.force_login(insight)
    html = client.get(f"/metrics/{metric.code}/").content.decode()
    assert drawn_charts(html) == ["trend-data", "trend-year-data"]
    assert html.count('data-testid="chart-description"') == 2
    assert "publish yearly figures only" in html
    assert 'data-testid="year-aggregation">Sum: the year is the total' in html


@pytest.fixture
def public_plan():
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(plan=plan, title="Housing")
    quarterly = coventry_and_neighbours()
    empty = factories.MetricFactory(code="E3", name="Not yet measured")
    for metric in (quarterly, empty):
        factories.HeadlineMembershipFactory(
            plan=plan, report_year="2024-25", metric=metric, priority=priority
        )
    return quarterly, empty


def test_the_public_page_says_what_its_lines_are(client, public_plan):
    quarterly, empty = public_plan
    html = client.get(f"/performance/metrics/{quarterly.code}/").content.decode()
    assert drawn_charts(html) == ["trend-data", "trend-year-data"]
    assert "The solid line is Coventry&#x27;s yearly figure, 2023/24 to 2024/25" in html
    assert 'Its year\'s figure</dt><dd data-testid="year-aggregation">Sum' in html

    html = client.get(f"/performance/metrics/{empty.code}/").content.decode()
    assert "No figures have been published for this metric yet." in html
    assert drawn_charts(html) == []


def test_the_metric_api_gives_the_year_aggregation(client, insight):
    metric = factories.MetricFactory(code="API1", unit="%")
    client.force_login(insight)
    listed = client.get("/api/v1/metrics/", {"code": metric.code}).json()
    [row] = [r for r in listed["results"] if r["code"] == metric.code]
    assert row["year_aggregation"] == "mean"
    one = client.get(f"/api/v1/metrics/{metric.code}/").json()
    assert one["year_aggregation"] == "mean"
    assert Metric.objects.get(pk=metric.pk).year_aggregation == "mean"


def test_the_api_refuses_a_summed_percentage_and_defaults_a_blank_one(client, officer):
    client.force_login(officer)
    refused = client.post(
        "/api/v1/metrics/",
        {"name": "Share housed", "unit": "%", "year_aggregation": "sum"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "year_aggregation" in refused.content.decode()
    assert "never summed" in refused.content.decode()
    made = client.post(
        "/api/v1/metrics/",
        {"name": "Share housed", "unit": "%", "frequency": "quarter"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["year_aggregation"] == "mean"


def test_a_figure_published_for_the_whole_year_is_its_yearly_figure():
    metric = coventry_and_neighbours()
    # An outturn for a year without quarters, and one beside its quarters.
    factories.MetricValueFactory(metric=metric, period="2022-23", value_text="1000")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="1170")
    trend = trend_series(metric)
    in_year, yearly = charts.trend_charts(metric, trend).charts
    assert figure(in_year.figure)["data"][0]["x"][0] == "2023-24 Q1"  # quarters only
    place = figure(yearly.figure)["data"][0]
    assert place["x"] == ["2022-23", "2023-24", "2024-25", "2025-26"]
    assert place["y"] == [1000, 1160, 1170, None]
    assert "or the figure published for the whole year where there is one" in (
        yearly.description
    )
