"""The charts' JSON is what plotly's validated graph objects give for the same
figure: charts.py writes plain dictionaries and skips the validation for speed, so
these tests are the validation (a property plotly would refuse or rename fails)."""

import json
from decimal import Decimal

import plotly.graph_objects as go
import pytest

from scorecard import charts
from scorecard.charts import Series


def validated(figure_json: str) -> dict:
    """The figure put through plotly's graph objects, which check every property
    against the schema (and raise on any they do not know)."""
    figure = json.loads(figure_json)
    return json.loads(go.Figure(figure).to_json())


TRENDS = [
    {"place": Series("Coventry", [("2023-24", Decimal("61.2"))])},
    {
        "place": Series(
            "Coventry",
            [("2022-23", Decimal(60)), ("2023-24", None), ("2024-25", Decimal("62.5"))],
        ),
        "comparators": [
            Series("England", [("2022-23", Decimal(58)), ("2024-25", Decimal(59))]),
            Series("Statistical neighbours", [("2024-25", Decimal("60.1"))]),
            Series("West Midlands", []),
            Series("CIPFA <nearest> & co", [("2024-25", Decimal(1))]),
        ],
        "target_level": Decimal("65.5"),
    },
    {"place": Series("Coventry", []), "target_level": Decimal(3)},
]


@pytest.mark.parametrize("case", TRENDS)
def test_a_trend_is_the_figure_graph_objects_give(case):
    text = charts.trend_figure(title="Skilled jobs: trend", unit="%", **case)
    figure = json.loads(text)
    assert figure == validated(text)
    assert {trace["type"] for trace in figure["data"]} == {"scatter"}
    assert figure["layout"]["template"]["layout"]  # plotly's own look, as before
    if case.get("comparators"):
        assert figure["data"][1]["line"]["dash"] == "dash"
    if case.get("target_level") is not None and case["place"].points:
        assert figure["data"][-1]["name"] == "Target (65.5)"


@pytest.mark.parametrize(
    "groups",
    [
        [("Female", Decimal(70)), ("Male", Decimal(55))],
        [("Under 18", None), ("18 to 64", Decimal("12.25")), ("65 & over", Decimal(3))],
        [],
    ],
)
def test_a_breakdown_is_the_figure_graph_objects_give(groups):
    text = charts.breakdown_figure(title="By sex", unit="%", groups=groups)
    figure = json.loads(text)
    assert figure == validated(text)
    assert figure["data"][0]["orientation"] == "h"
    assert figure["layout"]["height"] == max(220, 40 * len(groups) + 100)


def test_figure_json_is_safe_inside_a_script_element():
    text = charts.trend_figure(
        title="</script><script>alert(1)</script>",
        unit="&",
        place=Series("Coventry", []),
    )
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["layout"]["title"]["text"].startswith("</script>")
