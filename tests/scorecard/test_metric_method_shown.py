"""A metric's own choice of methods, and its LG Inform ID, are shown where people
read its definition: the metric page and the API."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def metric():
    return factories.MetricFactory(
        code="HLE1",
        name="Healthy life expectancy",
        good_direction="up",
        trend_method="off",
        method_reason="The survey changed in 2021: the years before are not comparable",
        lg_inform_id=4144,
    )


def test_the_metric_page_says_which_methods_the_metric_sets_and_why(
    client, insight, metric
):
    client.force_login(insight)
    page = client.get(f"/metrics/{metric.code}/").content.decode()
    assert "<dt>Methods set for this metric</dt>" in page
    assert "Recent trend: Off: do not work out the recent trend." in page
    assert (
        "Why: The survey changed in 2021: the years before are not comparable" in page
    )
    assert "<dt>LG Inform metric ID</dt><dd>4144</dd>" in page


def test_a_metric_left_to_the_rules_says_nothing_of_methods(client, insight):
    plain = factories.MetricFactory(code="P1")
    client.force_login(insight)
    page = client.get(f"/metrics/{plain.code}/").content.decode()
    assert "Methods set for this metric" not in page
    assert "LG Inform metric ID" not in page


def test_the_api_gives_the_method_choice_and_the_lg_inform_id(client, insight, metric):
    client.force_login(insight)
    detail = client.get(f"/api/v1/metrics/{metric.code}/").json()
    listed = client.get("/api/v1/metrics/").json()["results"]
    for row in (detail, next(r for r in listed if r["code"] == metric.code)):
        assert row["progress_method"] == "auto"
        assert row["trend_method"] == "off"
        assert row["variation_method"] == "auto"
        assert row["method_reason"].startswith("The survey changed in 2021")
        assert row["lg_inform_id"] == 4144
        assert row["supporting_years"] == {}
