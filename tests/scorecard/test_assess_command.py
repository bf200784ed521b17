"""`assess --json` keeps the contract of DESIGN.md section 7."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scorecard.services.verdicts import calculated_verdicts_refresh
from tests import factories

pytestmark = pytest.mark.django_db

SUMMARY_KEYS = {
    "total",
    "improved",
    "similar",
    "got_worse",
    "cannot_say",
    "not_available",
    "directional",
    "improved_or_similar",
    "directional_pct",
    "sentence",
}
METRIC_KEYS = {
    "code",
    "metric",
    "priority",
    "perspective",
    "headline",
    "unit",
    "previous_period",
    "previous_value",
    "previous_number",
    "current_period",
    "current_value",
    "current_number",
    "progress",
    "progress_recorded",
    "progress_shown",
    "target",
    "target_status",
    "target_status_recorded",
    "target_status_shown",
    # Added: how the calculated verdict was reached.
    "method",
    "progress_code",
    "progress_reason",
    "target_code",
    "target_reason",
    "assessed_period",
    # Added: the extra readings (recent trend, variation).
    "recent_trend",
    "variation",
    # Added: the methods the metric set, with its reason (null: all by the rule).
    "method_choice",
    # Added (issue 18): how the metric's in-year figures make its year's figure.
    "year_aggregation",
}


@pytest.fixture
def plan():
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(plan=plan, title="Economic prosperity")
    improving = factories.MetricFactory(code="OCP001", name="Skilled jobs", unit="%")
    worsening = factories.MetricFactory(code="OCP002", name="Library visits")
    wider = factories.MetricFactory(code="OCP003", name="Wider basket metric")
    for order, metric in enumerate([improving, worsening]):
        factories.HeadlineMembershipFactory(
            plan=plan, metric=metric, priority=priority, sort_order=order
        )
    factories.MetricValueFactory(metric=improving, period="2023-24", value_text="61.2")
    factories.MetricValueFactory(metric=improving, period="2024-25", value_text="62.5")
    factories.TargetFactory(metric=improving, text="To increase")
    factories.MetricValueFactory(metric=worsening, period="2023-24", value_text="2,310")
    factories.MetricValueFactory(metric=worsening, period="2024-25", value_text="2,200")
    factories.RecordedVerdictFactory(
        metric=worsening, plan=plan, progress="similar", target_status="on_target"
    )
    factories.MetricValueFactory(metric=wider, period="2024-25", value_text="3")
    return plan


def run(*args):
    out = StringIO()
    call_command("assess", *args, stdout=out)
    return json.loads(out.getvalue())


def test_prints_the_contract_shape_for_headline_metrics(plan):
    result = run("--year", "2024-25", "--json")
    assert set(result) == {"year", "plan", "summary", "metrics"}
    assert result["year"] == "2024-25"
    assert result["plan"] == "2022-30"
    assert set(result["summary"]) == SUMMARY_KEYS
    assert [m["code"] for m in result["metrics"]] == ["OCP001", "OCP002"]
    for metric in result["metrics"]:
        assert set(metric) == METRIC_KEYS


def test_reports_figures_verdicts_and_the_recorded_one(plan):
    skilled, library = run("--year", "2024-25", "--json")["metrics"]
    assert skilled["previous_value"] == "61.2"
    assert skilled["previous_number"] == 61.2
    assert skilled["current_period"] == "2024-25"
    assert skilled["progress"] == "improved"
    assert skilled["progress_recorded"] is None
    assert skilled["progress_shown"] == "improved"
    assert skilled["target"] == "To increase"
    assert skilled["target_status"] == "on_target"
    assert skilled["priority"] == "Economic prosperity"
    assert skilled["headline"] is True

    assert library["current_value"] == "2,200"
    assert library["current_number"] == 2200
    assert library["progress"] == "got_worse"
    assert library["progress_recorded"] == "similar"
    assert library["progress_shown"] == "similar"
    assert library["target_status"] == "no_target"
    assert library["target_status_shown"] == "on_target"


def test_says_how_each_verdict_was_reached(plan):
    skilled, library = run("--year", "2024-25", "--json")["metrics"]
    assert skilled["method"] == "change"
    assert skilled["assessed_period"] == "2024-25"
    assert skilled["target_code"] == "directional_met"
    assert skilled["target_reason"].startswith("On target")
    assert skilled["progress_code"] == "changed_better"
    assert skilled["progress_reason"] == "Improved: 61.2% → 62.5% (up is good)"
    assert library["target_code"] == "no_target"
    assert library["target_reason"] == "No target set"


def test_summary_counts_the_verdict_shown(plan):
    summary = run("--year", "2024-25", "--json")["summary"]
    assert summary["total"] == 2
    assert summary["improved"] == 1
    assert summary["similar"] == 1
    assert summary["got_worse"] == 0
    assert summary["directional"] == 2
    assert summary["improved_or_similar"] == 2
    assert summary["directional_pct"] == 100
    assert summary["sentence"].startswith(
        "100% (2/2) of directional metrics improved or stayed the same."
    )


def test_all_adds_the_wider_basket(plan):
    result = run("--year", "2024-25", "--all", "--json", "--plan", "2022-30")
    wider = next(m for m in result["metrics"] if m["code"] == "OCP003")
    assert wider["headline"] is False
    assert wider["progress"] == "cannot_say"


def test_nothing_directional_gives_a_null_percentage(plan):
    summary = run("--year", "2025-26", "--json")["summary"]
    assert summary["total"] == 0
    assert summary["directional_pct"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2024"], "--year must be a year"),
        (["--year", "2024-25 Q1"], "--year must be a year"),
        (["--year", "2012-13"], "No plan"),
        (["--year", "2024-25", "--plan", "2030-40"], "No plan"),
    ],
)
def test_bad_arguments_get_a_clear_error(plan, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("assess", *args, "--json", stdout=StringIO())


def test_gives_the_methods_a_metric_set_and_its_reason(plan):
    skilled = plan.headline_metrics.get(metric__code="OCP001").metric
    skilled.trend_method = "off"
    skilled.method_reason = "Survey redesigned in 2023"
    skilled.full_clean()
    skilled.save()
    calculated_verdicts_refresh(metric_ids=[skilled.pk])
    skilled_row, library_row = run("--year", "2024-25", "--json")["metrics"]
    assert skilled_row["method_choice"] == {
        "progress": "auto",
        "trend": "off",
        "variation": "auto",
        "reason": "Survey redesigned in 2023",
    }
    assert skilled_row["recent_trend"] is None
    assert library_row["method_choice"] is None
