"""The metric page shows the recent trend and the variation stored with the chosen
year's verdict, in words (issue 15): method, outcome, reason, assurance and
whether the limits are provisional; and its chart draws the stored limits."""

import json
import re
from decimal import Decimal

import pytest

from scorecard.domain.periods import with_period_labels
from scorecard.models import CalculatedVerdict, Metric
from tests import factories

pytestmark = pytest.mark.django_db

YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
QUARTERS = [
    f"{year} Q{q}" for year in ("2022-23", "2023-24", "2024-25") for q in range(1, 5)
]
# The last quarter is far above the limits, and down is good.
QUARTER_VALUES = [*(["50", "52", "49", "51"] * 2), "49", "51", "50", "90"]


@pytest.fixture
def proportion():
    metric = factories.MetricFactory(
        code="P1", name="Pupils reading well", unit="%", good_direction="up"
    )
    for year, share in zip(YEARS, [10, 12, 14, 16, 18], strict=True):
        factories.MetricValueFactory(
            metric=metric,
            period=year,
            value_text=str(share),
            numerator=Decimal(share * 10),
            denominator=Decimal(1000),
        )
    return metric


def quarterly(code, values, periods=QUARTERS):
    metric = factories.MetricFactory(
        code=code,
        name="Days waited",
        unit="number",
        good_direction="down",
        frequency=Metric.Frequency.QUARTERLY,
    )
    for period, value in zip(periods, values, strict=True):
        factories.MetricValueFactory(metric=metric, period=period, value_text=value)
    return metric


def page(client, person, metric, year="2024-25"):
    client.force_login(person)
    response = client.get(f"/metrics/{metric.code}/", {"year": year})
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    """The page's words, without tags and with spaces squashed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def chart(html):
    found = re.search(
        r'<script[^>]*type="application/json" id="trend-data">(.*?)</script>',
        html,
        re.S,
    )
    assert found
    return json.loads(found[1])


def test_the_recent_trend_is_shown_in_words(client, insight, proportion):
    html = page(client, insight, proportion)
    words = text_of(html)
    trend = CalculatedVerdict.objects.get(metric=proportion, period="2024-25").details[
        "trend"
    ]
    assert "Recent trend for 2024/25" in words
    assert "Recent trend Increasing and getting better (2020/21 to 2024/25)" in words
    assert f"Why {with_period_labels(trend['reason'])}" in words
    assert "Recent trend: chi-squared test for trend in proportions" in words
    assert 'data-outcome="increasing_and_getting_better"' in html
    # An annual series has no control chart, so no limits on the chart.
    assert "Variation and assurance" not in words
    names = [trace["name"] for trace in chart(html)["data"]]
    assert not any(name.startswith("Process limits") for name in names)


def test_the_variation_and_assurance_are_shown_in_words(client, insight):
    metric = quarterly("W1", QUARTER_VALUES)
    variation = CalculatedVerdict.objects.get(metric=metric, period="2024-25").details[
        "variation"
    ]
    html = page(client, insight, metric)
    words = text_of(html)
    assert "Variation and assurance for 2024/25 Q4" in words
    assert "Variation Special cause variation, concerning" in words
    assert f"Why {with_period_labels(variation['reason'])}" in words
    assert f"Assurance {variation['assurance_label']}" in words
    assert f"Why {with_period_labels(variation['assurance_reason'])}" in words
    assert "Statistical process control (XmR chart, Making Data Count)" in words
    assert "lower process limit" in words and "upper process limit" in words
    assert "(from 12 figures, 2022/23 Q1 to 2024/25 Q4)" in words
    assert (
        "Special cause, concerning: 2024/25 Q4 (90, outside the process limits)"
    ) in words
    assert f"lower process limit {variation['lower_limit']:.2f}" in words
    assert "limits provisional" not in words.lower()
    # The chart draws the same stored limits.
    data = chart(html)["data"]
    traces = {trace["name"]: trace for trace in data}
    limits = [t for t in data if t.get("legendgroup") == "limits"]
    assert {t["y"][0] for t in limits} == {
        variation["lower_limit"],
        variation["upper_limit"],
    }
    assert traces["Special cause, concerning"]["x"] == ["2024-25 Q4"]
    described = "the grey lines are the control chart&#x27;s mean and process limits"
    assert described in words


def test_limits_from_fewer_than_twelve_figures_are_said_to_be_provisional(
    client, insight
):
    metric = quarterly("W2", QUARTER_VALUES[:10], QUARTERS[2:])
    words = text_of(page(client, insight, metric))
    assert "Variation Common cause variation (limits provisional)" in words
    assert "Limits provisional: worked out from fewer than twelve figures" in words


def test_an_earlier_year_shows_that_years_reading(client, insight, proportion):
    words = text_of(page(client, insight, proportion, year="2023-24"))
    assert "Recent trend for 2023/24" in words
    assert "Recent trend Cannot be calculated" in words


def test_the_page_shows_what_was_stored_not_a_new_reckoning(
    client, insight, proportion
):
    stored = CalculatedVerdict.objects.get(metric=proportion, period="2024-25")
    trend = {
        **stored.details["trend"],
        "label": "No significant change",
        "reason": "A reason only the stored verdict holds.",
    }
    CalculatedVerdict.objects.filter(pk=stored.pk).update(details={"trend": trend})
    words = text_of(page(client, insight, proportion))
    assert "Recent trend No significant change" in words
    assert "A reason only the stored verdict holds." in words


def test_a_metric_with_no_reading_shows_no_readings_panel(client, insight):
    metric = factories.MetricFactory(code="H1", unit="number", good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2024-25 H1", value_text="5")
    words = text_of(page(client, insight, metric))
    assert "Recent trend for" not in words
    assert "Variation and assurance for" not in words


def test_the_readings_need_a_reader_who_may_see_the_metric(client, proportion):
    response = client.get(f"/metrics/{proportion.code}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
