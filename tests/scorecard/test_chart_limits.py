"""The trend chart draws a control chart's mean and process limits, labelled, with
its special-cause points marked by shape and named in their hover text (issue 15),
from the variation reading stored with the verdict."""

import json
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from scorecard import charts
from scorecard.charts import ControlLimits, Series
from scorecard.domain.trend import figure_text
from scorecard.selectors import trend_series
from tests import factories

PERIODS = [f"2024-25 Q{q}" for q in range(1, 5)] + [
    f"2025-26 Q{q}" for q in range(1, 5)
]
READING = {
    "method": "spc_xmr",
    "outcome": "special_cause_concerning",
    "limits_provisional": True,
    "mean": 50.25,
    "lower_limit": 44.2,
    "upper_limit": 56.3,
    "points": [
        {"period": p, "value": v, "variation": "common_cause", "rules": []}
        for p, v in zip(PERIODS[:-2], [50, 51, 49, 50, 52, 49], strict=True)
    ]
    + [
        {
            "period": PERIODS[-2],
            "value": 40.0,
            "variation": "special_cause_improving",
            "rules": ["beyond_limits"],
        },
        {
            "period": PERIODS[-1],
            "value": 60.0,
            "variation": "special_cause_concerning",
            "rules": ["beyond_limits", "two_of_three"],
        },
    ],
}


def figure_with(reading):
    text = charts.trend_figure(
        title="Waiting: trend",
        unit="days",
        place=Series("Coventry", [(p, Decimal(50)) for p in PERIODS]),
        limits=ControlLimits.from_reading(reading),
    )
    figure = json.loads(text)
    # Plotly's graph objects accept every property (they raise on any unknown).
    assert figure == json.loads(go.Figure(figure).to_json())
    return figure


def by_name(figure):
    return {trace.get("name"): trace for trace in figure["data"]}


def test_the_limits_are_drawn_with_the_stored_numbers():
    traces = figure_with(READING)["data"]
    mean, upper, lower = traces[1:4]
    assert mean["name"] == "Mean (50.25)"
    assert mean["y"] == [50.25] * len(PERIODS)
    assert upper["y"] == [56.3] * len(PERIODS)
    assert lower["y"] == [44.2] * len(PERIODS)
    assert upper["x"] == PERIODS and lower["x"] == PERIODS
    # One legend entry for both limits, saying they are provisional.
    assert upper["name"] == "Process limits, provisional (44.2 to 56.3)"
    assert (upper["showlegend"], lower["showlegend"]) == (True, False)
    assert upper["line"]["dash"] == "dashdot"
    assert figure_with(READING)["layout"]["yaxis"]["rangemode"] == "normal"
    assert "Upper process limit, provisional: 56.3" in upper["hovertemplate"]
    assert "Lower process limit, provisional: 44.2" in lower["hovertemplate"]


def test_special_cause_points_are_marked_by_shape_and_named_in_words():
    traces = by_name(figure_with(READING))
    improving = traces["Special cause, improving"]
    concerning = traces["Special cause, concerning"]
    assert (improving["x"], improving["y"]) == ([PERIODS[-2]], [40.0])
    assert (concerning["x"], concerning["y"]) == ([PERIODS[-1]], [60.0])
    assert improving["marker"]["symbol"] != concerning["marker"]["symbol"]
    assert improving["mode"] == concerning["mode"] == "markers"
    assert concerning["text"] == [
        f"{PERIODS[-1]}: Special cause, concerning (outside the process limits; "
        "two of three near a limit)"
    ]


def test_limits_that_are_not_provisional_say_nothing_of_it():
    traces = figure_with({**READING, "limits_provisional": False})["data"]
    assert traces[2]["name"] == "Process limits (44.2 to 56.3)"
    assert "provisional" not in traces[2]["hovertemplate"]


@pytest.mark.parametrize(
    "reading",
    [
        None,
        {},
        # A chart that could not be calculated stores no limits.
        {
            "outcome": "cannot_be_calculated",
            "mean": None,
            "lower_limit": None,
            "upper_limit": None,
            "points": [],
        },
    ],
)
def test_without_limits_the_chart_is_as_before(reading):
    assert [t["name"] for t in figure_with(reading)["data"]] == ["Coventry"]


def test_a_limit_is_labelled_as_the_reasons_write_figures():
    limits = ControlLimits.from_reading({**READING, "mean": 44701.25})
    assert limits is not None
    text = charts.trend_figure(
        title="t", unit="", place=Series("Coventry", []), limits=limits
    )
    assert json.loads(text)["data"][1]["name"] == "Mean (44,701)"


@pytest.mark.django_db
def test_a_metric_chart_draws_the_limits_its_stored_verdict_keeps():
    metric = factories.MetricFactory(
        code="Q9", unit="number", good_direction="down", frequency="quarterly"
    )
    quarters = [
        f"{year} Q{q}" for year in ("2022-23", "2023-24", "2024-25") for q in (1, 2)
    ] + [f"{year} Q{q}" for year in ("2022-23", "2023-24", "2024-25") for q in (3, 4)]
    values = ["50", "52", "49", "51", "50", "48", "52", "50", "49", "51", "50", "90"]
    for period, value in zip(sorted(quarters), values, strict=True):
        factories.MetricValueFactory(metric=metric, period=period, value_text=value)
    from scorecard.models import CalculatedVerdict

    stored = CalculatedVerdict.objects.get(metric=metric, period="2024-25").details[
        "variation"
    ]
    text = charts.trend_chart(metric, trend_series(metric), None, stored)
    traces = by_name(json.loads(text))
    assert traces[f"Mean ({figure_text(stored['mean'])})"]["y"][0] == (stored["mean"])
    limits = [t for t in json.loads(text)["data"] if t.get("legendgroup") == "limits"]
    assert {t["y"][0] for t in limits} == {stored["lower_limit"], stored["upper_limit"]}
    assert traces["Special cause, concerning"]["x"] == ["2024-25 Q4"]
