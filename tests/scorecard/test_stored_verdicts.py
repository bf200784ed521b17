"""Verdicts are worked out once and stored (scorecard.services.verdicts), and every
reader reads them: what refreshes them, what they keep, and that the stored verdict
always equals the engine's on the current data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.calculation import calculate_for_year
from scorecard.domain.assessment import ENGINE_VERSION
from scorecard.domain.vocabulary import Progress, TargetStatus
from scorecard.models import CalculatedVerdict, Metric, MetricValue, Target
from scorecard.selectors import (
    headline_counts,
    headline_metrics,
    metric_assessments,
    summary_of,
)
from scorecard.services import (
    submission_approve,
    submission_save,
    submission_submit,
    target_fields,
    target_set,
)
from scorecard.services.verdicts import (
    calculated_verdicts_rebuild,
    calculated_verdicts_refresh,
    stale_metric_ids,
)
from strategies.models import Plan
from tests import factories

pytestmark = pytest.mark.django_db


def stored(metric, year="2024-25", **kwargs):
    return metric_assessments(metrics=[metric], year=year, **kwargs)[0]


def test_a_verdict_keeps_how_it_was_reached():
    metric = factories.MetricFactory(good_direction="up", unit="%")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="62.4")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="61.5")
    factories.TargetFactory(metric=metric, period="2024-25", text="70%")
    verdict = CalculatedVerdict.objects.get(metric=metric, period="2024-25")
    assert (verdict.progress, verdict.progress_code, verdict.method) == (
        "got_worse",
        "changed_worse",
        "change",
    )
    assert (verdict.target_status, verdict.target_code) == (
        "off_target",
        "threshold_missed",
    )
    assert verdict.progress_reason == "Got worse: 62.4% → 61.5% (up is good)"
    assert (verdict.previous_period, verdict.previous_text) == ("2023-24", "62.4")
    assert (verdict.current_text, verdict.current_number) == ("61.5", Decimal("61.5"))
    assert verdict.target.text == "70%"
    assert verdict.engine_version == ENGINE_VERSION
    assert not verdict.stale


def test_the_first_half_is_kept_beside_the_year():
    metric = factories.MetricFactory(good_direction="up", frequency="half_year")
    factories.MetricValueFactory(metric=metric, period="2023-24 H2", value_text="40")
    factories.MetricValueFactory(metric=metric, period="2024-25 H1", value_text="45")
    factories.MetricValueFactory(metric=metric, period="2024-25 H2", value_text="30")
    half = stored(metric, up_to="2024-25 H1")
    year = stored(metric)
    assert (half.period, half.progress) == ("2024-25 H1", Progress.IMPROVED)
    assert (year.period, year.current.value_text) == ("2024-25 H2", "30")


def test_a_year_with_no_figure_and_no_target_needs_no_stored_verdict():
    metric = factories.MetricFactory(good_direction="up")
    row = stored(metric, year="2019-20")
    assert row.progress == Progress.NOT_AVAILABLE
    assert row.target_status == TargetStatus.NO_TARGET
    assert not CalculatedVerdict.objects.filter(metric=metric).exists()


def test_approving_a_figure_refreshes_the_verdict_in_its_own_transaction(
    officer, manager, housing_team
):
    metric = factories.MetricFactory(team=housing_team, owner=officer, unit="number")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="50")
    year = "2025-26"
    submission = submission_save(
        user=officer, metric=metric, period=year, value_text="40"
    )
    submission = submission_submit(
        submission=submission, user=officer, expected_version=submission.version
    )
    # Awaiting approval: not a figure any reader sees yet.
    assert stored(metric, year=year).progress == Progress.NOT_AVAILABLE
    submission_approve(
        submission=submission, user=manager, expected_version=submission.version
    )
    row = stored(metric, year=year)
    assert (row.progress, row.current.value_text) == (Progress.GOT_WORSE, "40")


def test_setting_an_agreed_target_refreshes_the_target_status():
    metric = factories.MetricFactory(good_direction="up", unit="%")
    factories.MetricValueFactory(metric=metric, period="2026-27 Q1", value_text="61.5")
    year = "2026-27"
    assert stored(metric, year=year).target_status == TargetStatus.NO_TARGET
    target_set(metric=metric, period=year, text="60%")
    assert stored(metric, year=year).target_status == TargetStatus.ON_TARGET
    target_set(metric=metric, period=year, text="65%", status="proposed")
    # The proposal replaced the agreed rule and is not assessed until agreed.
    assert stored(metric, year=year).target_status == TargetStatus.NO_TARGET


def test_editing_a_metric_in_the_admin_refreshes_its_verdicts(admin_client):
    metric = factories.MetricFactory(good_direction="up", unit="number")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="40")
    assert stored(metric).progress == Progress.GOT_WORSE
    data = {
        k: ("" if v is None else v)
        for k, v in model_to_dict(metric).items()
        if k not in {"objectives", "id", "ordinal_scale"}
    }
    data.update(
        {
            "good_direction": "down",
            "ordinal_scale": "null",
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
        }
    )
    response = admin_client.post(
        f"/admin/scorecard/metric/{metric.pk}/change/", data, follow=False
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    metric.refresh_from_db()
    assert metric.good_direction == "down"
    assert stored(metric).progress == Progress.IMPROVED


def test_the_admin_cannot_write_figures_around_the_services(admin_client):
    value = factories.MetricValueFactory(period="2024-25", value_text="50")
    for path in (
        "/admin/scorecard/metricvalue/add/",
        f"/admin/scorecard/metricvalue/{value.pk}/delete/",
        "/admin/scorecard/target/add/",
        "/admin/scorecard/comparatorvalue/add/",
    ):
        assert admin_client.get(path).status_code == 403, path


def test_a_new_engine_version_makes_verdicts_stale_until_reassess(client, insight):
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="60")
    CalculatedVerdict.objects.update(engine_version="2000.1.1")
    assert stale_metric_ids() == [metric.pk]
    row = stored(metric)
    assert row.stale and row.progress == Progress.IMPROVED
    client.force_login(insight)
    page = client.get(f"{metric.get_absolute_url()}?year=2024-25").content.decode()
    assert "Verdicts are being recalculated" in page
    call_command("reassess")  # queued; tasks run eagerly in the tests
    assert stale_metric_ids() == []
    assert not stored(metric).stale
    page = client.get(f"{metric.get_absolute_url()}?year=2024-25").content.decode()
    assert "Verdicts are being recalculated" not in page


def test_reassess_finds_metrics_with_figures_but_no_verdicts():
    metric = factories.MetricFactory(good_direction="up")
    MetricValue.objects.create(metric=metric, period="2024-25", value_text="5")
    assert stale_metric_ids() == [metric.pk]
    assert calculated_verdicts_rebuild() == 1
    assert stored(metric).current.value_text == "5"


def test_a_withdrawn_figure_leaves_the_earlier_revision_standing():
    metric = factories.MetricFactory(good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="40")
    later = factories.MetricValueFactory(
        metric=metric, period="2024-25", value_text="60", revision=2
    )
    assert stored(metric).progress == Progress.IMPROVED
    MetricValue.objects.filter(pk=later.pk).update(
        approval=MetricValue.Approval.WITHDRAWN
    )
    calculated_verdicts_refresh(metric_ids=[metric.pk])
    row = stored(metric)
    assert (row.current.value_text, row.progress) == ("40", Progress.GOT_WORSE)


# The stored verdict always equals the engine's on the current data.

PERIODS = [f"{y}-{(y + 1) % 100:02d}" for y in range(2016, 2026)]
QUARTERS = [f"{p} Q{q}" for p in PERIODS[-4:] for q in range(1, 5)]
TARGETS = ["None set", "To increase", "To maintain", "70%", "<=40", "Better than SN"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    direction=st.sampled_from(["up", "down", "none"]),
    band=st.sampled_from([Decimal(0), Decimal(2)]),
    figures=st.dictionaries(
        st.sampled_from(PERIODS + QUARTERS),
        st.one_of(
            st.integers(min_value=0, max_value=100).map(str),
            st.sampled_from(["n/a", "", "12.5", "*"]),
        ),
        max_size=12,
    ),
    targets=st.dictionaries(st.sampled_from(PERIODS), st.sampled_from(TARGETS)),
    comparator=st.dictionaries(
        st.sampled_from(PERIODS), st.integers(min_value=0, max_value=100)
    ),
    asked=st.sampled_from([*PERIODS, "2026-27"]),
    half=st.booleans(),
)
def test_the_stored_verdict_equals_the_engine_on_the_current_data(
    direction, band, figures, targets, comparator, asked, half
):
    Metric.objects.all().delete()
    metric = factories.MetricFactory(
        good_direction=direction, similarity_band=band, unit="%"
    )
    for period, text in figures.items():
        MetricValue.objects.create(metric=metric, period=period, value_text=text)
    for period, text in targets.items():
        Target.objects.create(
            metric=metric, period=period, **target_fields(text, unit="%")
        )
    neighbours = factories.ComparatorFactory(name="SN")
    for period, number in comparator.items():
        neighbours.values.create(
            metric=metric, period=period, value_text=str(number), value_number=number
        )
    calculated_verdicts_refresh(metric_ids=[metric.pk], today=dt.date(2026, 12, 2))
    up_to = f"{asked} H1" if half else None
    row = stored(metric, year=asked, up_to=up_to)
    engine = calculate_for_year([metric], year=asked, up_to=up_to)[0]
    assert row.assessment == engine.assessment
    assert row.period == engine.period
    # What a list shows of the figures used, copied onto the stored verdict.
    assert figure(row.current) == figure(engine.current)
    assert figure(row.previous) == figure(engine.previous)
    assert figure(row.comparator) == figure(engine.comparator_shown)
    if engine.comparator_shown:
        assert row.comparator.comparator.name == engine.comparator_shown.comparator.name
    assert (row.target is None) == (engine.target is None)
    if engine.target:
        assert (row.target.text, row.target.kind, row.target.value) == (
            engine.target.text,
            engine.target.kind,
            engine.target.value,
        )


def figure(value):
    return value and (value.period, value.value_text, value.value_number)


# The counts-only reader gives what the rows give.

COUNTED_YEARS = PERIODS[-4:]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    metrics=st.lists(
        st.fixed_dictionaries(
            {
                "figures": st.dictionaries(
                    st.sampled_from(COUNTED_YEARS + QUARTERS),
                    st.integers(min_value=0, max_value=100).map(str),
                    max_size=5,
                ),
                "headline": st.sets(st.sampled_from(COUNTED_YEARS)),
                "recorded": st.dictionaries(
                    st.sampled_from(COUNTED_YEARS + QUARTERS),
                    st.sampled_from([p.value for p in Progress] + [""]),
                    max_size=2,
                ),
                "agreed": st.booleans(),
            }
        ),
        max_size=5,
    ),
    half=st.booleans(),
)
def test_headline_counts_equal_the_summary_of_the_headline_rows(metrics, half):
    Metric.objects.all().delete()
    Plan.objects.all().delete()
    plan = factories.PlanFactory()
    other_plan = factories.PlanFactory(period="2030-38")
    for spec in metrics:
        metric = factories.MetricFactory(
            unit="%",
            status=Metric.Status.AGREED if spec["agreed"] else Metric.Status.PROPOSED,
        )
        for period, text in spec["figures"].items():
            MetricValue.objects.create(metric=metric, period=period, value_text=text)
        for year in spec["headline"]:
            factories.HeadlineMembershipFactory(
                plan=plan, metric=metric, report_year=year
            )
        for period, progress in spec["recorded"].items():
            factories.RecordedVerdictFactory(
                metric=metric, period=period, progress=progress, plan=plan
            )
            # Another plan's verdict never counts for this one.
            factories.RecordedVerdictFactory(
                metric=metric, period=period, progress="improved", plan=other_plan
            )
        calculated_verdicts_refresh(metric_ids=[metric.pk], today=dt.date(2026, 12, 2))
    suffix = "H1" if half else ""
    for agreed_only in (False, True):
        counts = headline_counts(
            plan=plan, years=COUNTED_YEARS, half=suffix, agreed_only=agreed_only
        )
        for year in COUNTED_YEARS:
            headline = headline_metrics(plan=plan, year=year)
            if agreed_only:
                headline = headline.filter(status=Metric.Status.AGREED)
            rows = metric_assessments(
                metrics=headline,
                year=year,
                plan=plan,
                up_to=f"{year} H1" if half else None,
            )
            assert counts[year] == summary_of(rows), (year, agreed_only)
