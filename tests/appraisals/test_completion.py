"""Aggregates that leave the appraisal app: completion counts, the Workforce metric
"Appraisals completed on time", and how many objectives support a strategy. Numbers
only: never whose, never what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from appraisals import services
from appraisals.models import Appraisal
from appraisals.selectors import (
    completion_report,
    objective_count_for_strategy,
    team_appraisal_rows,
)
from appraisals.tasks import record_appraisal_completion_metric_task
from scorecard.models import Metric, MetricValue
from scorecard.selectors import metric_assessments
from tests import factories
from tests.appraisals.conftest import IN_YEAR, YEAR, advance

pytestmark = pytest.mark.django_db


def sign_off(appraisal, employee, manager, on: dt.date):
    appraisal = advance(appraisal, "year_end_done", employee=employee, manager=manager)
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    for who in (employee, manager):
        appraisal = services.appraisal_sign_off(
            appraisal=appraisal,
            user=who,
            expected_version=appraisal.version,
            now=moment,
        )
    return appraisal


@pytest.fixture
def team_of_four(manager, housing_plan):
    """Four reports of ``manager`` with YEAR appraisals: two signed off on time, one
    late, one still at the year-end review."""
    people = [
        factories.UserFactory(roles=["employee"], line_manager=manager)
        for _ in range(4)
    ]
    appraisals = []
    for person in people:
        appraisal = services.appraisal_start(employee=person, user=person, year=YEAR)
        services.appraisal_objective_create(
            appraisal=appraisal,
            user=person,
            title="An objective",
            measure_of_success="Measured",
            action=housing_plan.actions[0],
        )
        appraisals.append(appraisal)
    sign_off(appraisals[0], people[0], manager, dt.date(2026, 4, 10))
    sign_off(appraisals[1], people[1], manager, dt.date(2026, 4, 30))
    sign_off(appraisals[2], people[2], manager, dt.date(2026, 5, 1))
    advance(appraisals[3], "year_end_done", employee=people[3], manager=manager)
    return people


def test_the_metric_is_the_share_signed_off_by_the_due_date(team_of_four):
    value = services.appraisal_completion_metric_record(
        year=YEAR, today=dt.date(2026, 5, 15)
    )
    assert value.metric.code == "WF-APPRAISALS"
    assert value.metric.name == "Appraisals completed on time"
    assert value.metric.perspective == "workforce"
    assert (value.metric.unit, value.metric.good_direction) == ("%", "up")
    assert value.value_text == "50.0%"
    assert value.value_number == Decimal("50")
    assert (value.numerator, value.denominator) == (2, 4)
    assert value.data_status == MetricValue.DataStatus.FINAL
    assert value.approval == MetricValue.Approval.APPROVED


def test_the_figure_is_provisional_until_the_sign_off_date_has_passed(team_of_four):
    value = services.appraisal_completion_metric_record(year=YEAR, today=IN_YEAR)
    assert value.data_status == MetricValue.DataStatus.PROVISIONAL


def test_a_new_revision_only_when_the_figure_changes(team_of_four, manager):
    first = services.appraisal_completion_metric_record(
        year=YEAR, today=dt.date(2026, 5, 15)
    )
    again = services.appraisal_completion_metric_record(
        year=YEAR, today=dt.date(2026, 5, 16)
    )
    assert again.pk == first.pk
    newcomer = factories.UserFactory(roles=["employee"], line_manager=manager)
    services.appraisal_start(employee=newcomer, user=newcomer, year=YEAR)
    changed = services.appraisal_completion_metric_record(
        year=YEAR, today=dt.date(2026, 5, 16)
    )
    assert changed.revision == 2
    assert changed.value_text == "40.0%"
    assert MetricValue.objects.filter(metric=first.metric).count() == 2
    assert Metric.objects.filter(code="WF-APPRAISALS").count() == 1


def test_no_appraisals_no_figure(db):
    assert services.appraisal_completion_metric_record(year=YEAR) is None
    assert not MetricValue.objects.exists()


def test_the_metric_is_assessed_like_any_other(team_of_four, manager):
    """Last year 1 of 4 on time, this year 2 of 4: the engine reads the figures
    (with their numerator and denominator) and gives a verdict with a label."""
    services.appraisal_completion_metric_record(year=YEAR, today=dt.date(2026, 5, 15))
    metric = Metric.objects.get(code="WF-APPRAISALS")
    factories.MetricValueFactory(
        metric=metric,
        period="2024-25",
        value_text="25.0%",
        value_number=Decimal("25"),
        numerator=1,
        denominator=4,
    )
    row = metric_assessments(metrics=[metric], year=YEAR, plan=None)[0]
    assert row.current.value_text == "50.0%"
    assert row.previous.value_text == "25.0%"
    # Two small groups: the Wilson intervals overlap, so statistically similar.
    assert row.progress.value == "similar"
    assert row.progress.label == "Similar"


def test_the_task_and_the_command_record_the_figure(team_of_four):
    assert record_appraisal_completion_metric_task.delay(year=YEAR).get() == 1
    call_command("record_appraisal_completion", "--year", YEAR)
    assert MetricValue.objects.filter(metric__code="WF-APPRAISALS").count() == 1


def test_the_metric_value_carries_no_appraisal_content(team_of_four):
    value = services.appraisal_completion_metric_record(year=YEAR)
    text = " ".join(
        str(getattr(value, f.name)) for f in MetricValue._meta.concrete_fields
    )
    assert "An objective" not in text
    assert "A good year" not in text


def test_completion_counts_by_team(team_of_four, manager, hr):
    report = completion_report(hr, year=YEAR, today=dt.date(2026, 5, 15))
    assert report.total.started == 4
    assert report.total.signed_off == 3
    assert report.total.signed_off_on_time == 2
    assert report.total.on_time_percent == 50
    assert report.total.mid_year_done == 4
    mine = completion_report(manager, year=YEAR, today=dt.date(2026, 5, 15))
    assert (mine.total.staff, mine.total.started) == (5, 4)  # officer has none
    assert [d.label for d in mine.directorates] == ["Adults", "No directorate"]


def test_one_to_ones_overdue_and_recent(manager, employee, officer, hr):
    today = dt.date(2025, 11, 20)
    fresh = services.appraisal_start(employee=employee, user=employee, year=YEAR)
    stale = services.appraisal_start(employee=officer, user=officer, year=YEAR)
    Appraisal.objects.update(created_at=timezone.make_aware(dt.datetime(2025, 4, 2, 9)))
    services.one_to_one_record(
        appraisal=fresh, user=manager, date=dt.date(2025, 11, 1), notes="x", today=today
    )
    services.one_to_one_record(
        appraisal=stale, user=manager, date=dt.date(2025, 9, 1), notes="x", today=today
    )
    rows = {r.person: r for r in team_appraisal_rows(manager, year=YEAR, today=today)}
    assert not rows[employee].one_to_one_overdue
    assert rows[officer].one_to_one_overdue
    assert rows[officer].one_to_one_due == dt.date(2025, 10, 13)
    assert rows[officer].stage_overdue  # objectives were due by 31 May
    report = completion_report(hr, year=YEAR, today=today)
    assert (report.total.recent_one_to_one, report.total.one_to_one_overdue) == (1, 1)


def test_objectives_supporting_a_strategy_are_counted_not_shown(
    appraisal, employee, housing_plan, officer
):
    services.appraisal_objective_create(
        appraisal=appraisal,
        user=employee,
        title="Direct",
        measure_of_success="x",
        strategy=housing_plan.strategy,
    )
    services.appraisal_objective_create(
        appraisal=appraisal,
        user=employee,
        title="Through an action",
        measure_of_success="x",
        action=housing_plan.actions[1],
    )
    services.appraisal_objective_create(
        appraisal=appraisal,
        user=employee,
        title="Elsewhere",
        measure_of_success="x",
        priority=housing_plan.priority,
    )
    last_year = services.appraisal_start(employee=officer, user=officer, year="2024-25")
    services.appraisal_objective_create(
        appraisal=last_year,
        user=officer,
        title="Last year",
        measure_of_success="x",
        strategy=housing_plan.strategy,
    )
    assert objective_count_for_strategy(housing_plan.strategy, year=YEAR) == 2
    assert objective_count_for_strategy(housing_plan.strategy, year="2024-25") == 1
    assert objective_count_for_strategy(housing_plan.other_strategy, year=YEAR) == 0


def test_the_plan_pages_never_show_appraisal_content(
    client, cabinet_member, objective, housing_plan
):
    client.force_login(cabinet_member)
    page = client.get(housing_plan.strategy.get_absolute_url()).text
    assert objective.title not in page
