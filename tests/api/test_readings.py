"""The API gives the recent trend and the variation stored with each verdict, in
the shape `assess --json` gives them (issue 15), and the schema documents both."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command

from scorecard.models import CalculatedVerdict, Metric
from tests import factories
from tests.api.helpers import results

pytestmark = pytest.mark.django_db

YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
QUARTERS = [
    f"{year} Q{q}" for year in ("2022-23", "2023-24", "2024-25") for q in range(1, 5)
]
# The last quarter is far above the limits, and down is good.
QUARTER_VALUES = ["50", "52", "49", "51", "50", "48", "52", "50", "49", "51", "50"]


@pytest.fixture
def readings_world(housing):
    rising = factories.MetricFactory(code="SHR01", unit="%", good_direction="up")
    for year, share in zip(YEARS, [10, 12, 14, 16, 18], strict=True):
        factories.MetricValueFactory(
            metric=rising,
            period=year,
            value_text=str(share),
            numerator=Decimal(share * 10),
            denominator=Decimal(1000),
        )
    waits = factories.MetricFactory(
        code="WAI01",
        unit="number",
        good_direction="down",
        frequency=Metric.Frequency.QUARTERLY,
    )
    for period, value in zip(QUARTERS, [*QUARTER_VALUES, "90"], strict=True):
        factories.MetricValueFactory(metric=waits, period=period, value_text=value)
    return rising, waits


def test_an_assessment_gives_the_stored_recent_trend(api, employee, readings_world):
    rows = results(api(employee).get("/api/v1/assessments/?year=2024-25"))
    row = {r["code"]: r for r in rows}["SHR01"]
    assert row["recent_trend"] == {
        "method": "recent_trend_chi_squared",
        "outcome": "increasing_and_getting_better",
        "code": "significant",
        "reason": row["recent_trend"]["reason"],
    }
    assert row["recent_trend"]["reason"]
    assert row["variation"] is None


def test_an_assessment_gives_the_stored_variation_and_assurance(
    api, employee, readings_world
):
    rows = results(api(employee).get("/api/v1/assessments/?year=2024-25"))
    row = {r["code"]: r for r in rows}["WAI01"]
    stored = CalculatedVerdict.objects.get(
        metric__code="WAI01", period="2024-25"
    ).details["variation"]
    assert row["variation"] == {
        "method": "spc_xmr",
        "outcome": "special_cause_concerning",
        "code": "beyond_limits",
        "reason": stored["reason"],
        "assurance": "none",
        "assurance_reason": stored["assurance_reason"],
        "limits_provisional": False,
    }
    assert row["recent_trend"] is None


def test_a_metric_with_no_readings_gives_nulls(api, employee, readings_world):
    rows = results(api(employee).get("/api/v1/assessments/?year=2024-25"))
    row = {r["code"]: r for r in rows}["PRK01"]  # two years: too few for a trend
    assert row["variation"] is None
    assert set(row) >= {"recent_trend", "variation"}


def test_the_readings_are_the_assess_commands(api, employee, readings_world):
    rows = {
        r["code"]: r
        for r in results(api(employee).get("/api/v1/assessments/?year=2024-25"))
    }
    out = io.StringIO()
    call_command("assess", "--year", "2024-25", "--all", "--json", stdout=out)
    for expected in json.loads(out.getvalue())["metrics"]:
        row = rows[expected["code"]]
        assert row["recent_trend"] == expected["recent_trend"]
        assert row["variation"] == expected["variation"]


def test_a_submissions_calculated_verdict_gives_the_variation_it_would_have(
    api, officer, readings_world, housing
):
    waits = readings_world[1]
    waits.owner = officer
    waits.team = officer.team
    waits.save()
    priya = api(officer)
    response = priya.post(
        "/api/v1/submissions/",
        {"metric": "WAI01", "period": "2025-26 Q1", "value_text": "50"},
        format="json",
    )
    assert response.status_code == 201, response.content
    calculated = priya.get(f"/api/v1/submissions/{response.json()['id']}/").json()[
        "calculated"
    ]
    assert calculated["variation"]["method"] == "spc_xmr"
    assert calculated["variation"]["outcome"] in {
        "common_cause",
        "special_cause_improving",
        "special_cause_concerning",
    }
    assert calculated["recent_trend"] is None


def test_the_schema_documents_the_readings(tmp_path):
    schema_file = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", schema_file)
    schemas = yaml.safe_load(schema_file.read_text())["components"]["schemas"]
    assessment = schemas["Assessment"]["properties"]
    for name in ("recent_trend", "variation"):
        assert assessment[name]["nullable"] is True
        assert assessment[name]["allOf"][0]["$ref"].startswith("#/components/schemas/")
    assert set(schemas["RecentTrend"]["properties"]) == {
        "method",
        "outcome",
        "code",
        "reason",
    }
    assert {"assurance", "assurance_reason", "limits_provisional"} <= set(
        schemas["Variation"]["properties"]
    )
    calculated = schemas["CalculatedVerdict"]["properties"]
    assert {"recent_trend", "variation"} <= set(calculated)
