"""The metrics and values lists write their rows from ``values()`` (ListRows), not
through the serializer per row: what they write must be what the serializers
write, field for field, and their queries stay flat as the data grows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from scorecard.api.rows import ListRows
from scorecard.api.serializers import MetricSerializer, MetricValueSerializer
from scorecard.models import Metric, MetricValue, Submission
from tests import factories

# Query counts at scale (the same queries for many records as for few): a
# whole-system check, left out by make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SUMMER = dt.datetime(2025, 7, 1, 12, 30, 15, 123456, tzinfo=dt.UTC)  # BST
WINTER = dt.datetime(2025, 1, 1, 9, 0, tzinfo=dt.UTC)


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def as_json(data: Any) -> Any:
    return json.loads(JSONRenderer().render(data))


def every_row(client: APIClient, url: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        rows.extend(response.json()["results"])
        url = response.json()["next"]
    return rows


def varied_metrics(officer: Any, manager: Any, count: int, start: int = 0) -> None:
    """Metrics with and without each thing the list writes: owners named and not,
    objectives in an order other than their ids', times in summer and winter,
    decimals, scales, portfolios, teams."""
    plan = factories.PlanFactory(period=f"V{start}", start_year=1800 + start)
    late = factories.PriorityFactory(plan=plan, sort_order=2)
    early = factories.PriorityFactory(plan=plan, sort_order=1)
    objectives = [
        factories.ObjectiveFactory(priority=late, sort_order=1),
        factories.ObjectiveFactory(priority=early, sort_order=5),
        factories.ObjectiveFactory(priority=late, sort_order=0),
    ]
    unnamed = factories.UserFactory(first_name="", last_name="", username=f"u{start}")
    portfolio = factories.PortfolioFactory(name=f"Portfolio {start}")
    for i in range(start, start + count):
        metric = factories.MetricFactory(
            owner=[officer, unnamed, None][i % 3],
            team=officer.team if i % 2 else None,
            portfolio=portfolio if i % 4 else None,
            endorsed_by=manager if i % 3 == 0 else None,
            endorsed_at=SUMMER if i % 3 == 0 else None,
            agreed_at=WINTER if i % 3 == 1 else None,
            ordinal_scale=[["Good", "Poor"], [], None][i % 3],
            similarity_band=Decimal("0.05") if i % 2 else Decimal("12.3"),
            confidence_level=Decimal("0.9"),
            definition='A "quoted" ünïcode – definition',
            seasonal=bool(i % 2),
        )
        metric.objectives.add(*objectives[: i % 4])
        if i % 5 == 0:
            metric.objectives.set(reversed(objectives))


def varied_values(officer: Any, metric: Metric) -> None:
    submission = Submission.objects.create(
        metric=metric, period="2024-25 Q2", status="submitted", created_by=officer
    )
    for j, approval in enumerate(
        ["draft", "submitted", "returned", "withdrawn", "approved", "approved"]
    ):
        factories.MetricValueFactory(
            metric=metric,
            period=f"2024-25 Q{j % 4 + 1}",
            period_label=f"Label {j}",
            revision=j + 1,
            breakdown="sex" if j % 2 else "",
            breakdown_group="female" if j % 2 else "",
            value_text="12.5",
            numerator=Decimal("25"),
            denominator=Decimal("200.123456"),
            lower_ci=Decimal("-1.5"),
            upper_ci=Decimal("1E+2"),
            note="nøte",
            approval=approval,
            submission=submission if j < 2 else None,
            entered_by=officer,
        )
    MetricValue.objects.filter(metric=metric).update(entered_at=SUMMER)
    MetricValue.objects.filter(metric=metric, approval="draft").update(
        entered_at=WINTER
    )


def test_the_metrics_list_writes_what_the_metric_serializer_writes(officer, manager):
    varied_metrics(officer, manager, 60)
    for user in (officer, manager):
        for ordering in ("code", "-name"):
            listed = every_row(
                client_for(user), f"/api/v1/metrics/?ordering={ordering}"
            )
            metrics = Metric.objects.order_by(ordering)
            assert listed == as_json(MetricSerializer(metrics, many=True).data)


def test_the_values_list_writes_what_the_value_serializer_writes(officer, manager):
    varied_metrics(officer, manager, 3)
    for metric in Metric.objects.filter(team=officer.team):
        varied_values(officer, metric)
    for user, approval in [
        (officer, "approved"),
        (officer, "submitted"),
        (officer, "draft"),
        (manager, "approved"),
    ]:
        listed = every_row(client_for(user), f"/api/v1/values/?approval={approval}")
        values = MetricValue.objects.filter(approval=approval).order_by(
            "metric__code", "period", "breakdown", "breakdown_group", "revision"
        )
        assert listed, approval
        assert listed == as_json(MetricValueSerializer(values, many=True).data)


def test_metric_and_value_lists_run_the_same_queries_for_3_metrics_as_for_60(
    officer, manager
):
    client = client_for(officer)
    client.get("/api/v1/metrics/")  # the officer's roles, read once
    urls = ["/api/v1/metrics/", "/api/v1/values/", "/api/v1/values/?approval=draft"]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    varied_metrics(officer, manager, 3)
    for metric in Metric.objects.all():
        varied_values(officer, metric)
    few = queries()
    varied_metrics(officer, manager, 57, start=3)
    for metric in Metric.objects.all()[3:]:
        varied_values(officer, metric)
    assert queries() == few
    # The page, its count and the page's objectives; then the values' page and count.
    assert few[:2] == [few[1] + 1, few[1]]


def test_the_values_count_does_not_join_metrics(officer):
    with CaptureQueriesContext(connection) as captured:
        assert client_for(officer).get("/api/v1/values/").status_code == 200
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1
    assert "JOIN" not in counts[0]


def test_list_rows_refuse_a_field_they_cannot_read_from_a_column():
    class Computed(serializers.ModelSerializer[Metric]):
        shout = serializers.SerializerMethodField()

        class Meta:
            model = Metric
            fields = ["code", "shout"]

    with pytest.raises(TypeError, match="shout"):
        ListRows(Computed).fields  # noqa: B018 (the property is what is tested)
