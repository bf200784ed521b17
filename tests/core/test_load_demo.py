"""load_demo: the demo organisation, plan and scorecard of DESIGN.md section 7."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from coventry_pm.accounts.models import Portfolio, Service, Team, User
from demo.timeline import Timeline
from scorecard.domain.periods import Period
from scorecard.domain.targets import TargetKind
from scorecard.domain.vocabulary import Progress
from scorecard.models import (
    HeadlineMembership,
    Metric,
    MetricValue,
    Perspective,
    RecordedVerdict,
    Target,
)
from scorecard.selectors import (
    data_collection_health,
    data_due_for,
    headline_metrics,
    metric_assessments,
)
from strategies.models import Action, Plan, Priority, ProgressUpdate
from strategies.selectors import UPDATE_EVERY_DAYS, actions_needing_update

# Loads the whole demo: a whole-system test (make test-fast leaves it out).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PASSWORD = "demo-password"

# The demo follows the day it is loaded on; the tests load it as on this day, so the
# latest complete year is 2025-26 and the quarters run to 2026-27 Q1.
TODAY = dt.date(2026, 11, 26)
HOMELESSNESS = "Homelessness cases prevented and relieved"

# Each sign-in holds the role its name says, and staff also hold "employee".
ROLES = {
    "officer": {"officer", "employee"},
    "manager": {"manager", "employee"},
    "employee": {"employee"},
    "cabinet": {"cabinet_member"},
    "scrutiny": {"councillor"},
    "insight": {"performance_admin", "employee"},
    "hr": {"hr", "employee"},
}


def load_demo(*args: str, today: dt.date = TODAY) -> str:
    out = io.StringIO()
    call_command("load_demo", "--today", today.isoformat(), *args, stdout=out)
    return out.getvalue()


def assess(year: str) -> dict:
    out = io.StringIO()
    call_command("assess", "--year", year, "--json", stdout=out)
    return json.loads(out.getvalue())


def row_counts() -> dict[str, int]:
    """Rows in every installed model, history tables included."""
    return {
        model._meta.label: model._default_manager.count() for model in apps.get_models()
    }


@pytest.fixture
def demo():
    return load_demo()


def test_a_second_run_changes_nothing(demo):
    before = row_counts()
    output = load_demo()
    assert row_counts() == before
    assert "nothing changed" in output


def test_it_refuses_under_production_settings(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        load_demo()
    assert not User.objects.exists()
    assert not Metric.objects.exists()


def test_it_keeps_what_people_changed_unless_refreshed(demo):
    action = Action.objects.get(title__startswith="Open homelessness prevention")
    Action.objects.filter(pk=action.pk).update(status=Action.Status.OFF_TRACK)
    officer = User.objects.get(username="officer")
    officer.set_password("changed")
    officer.line_manager = None
    officer.save()

    load_demo()
    action.refresh_from_db()
    officer.refresh_from_db()
    assert action.status == Action.Status.OFF_TRACK
    assert officer.check_password(PASSWORD)
    assert officer.line_manager.username == "manager"

    load_demo("--refresh")
    action.refresh_from_db()
    assert action.status == Action.Status.ON_TRACK


# Rows that do not belong to a period: a later day must not write them again.
TIMELESS = (
    "accounts.User",
    "accounts.Team",
    "strategies.Plan",
    "strategies.Strategy",
    "strategies.ActionPlan",
    "strategies.Action",
    "strategies.ProgressUpdate",
    "strategies.CaseStudy",
    "scorecard.Metric",
    "scorecard.Comparator",
)


def test_a_run_on_a_later_day_adds_the_newer_periods_without_duplicates(demo):
    before = row_counts()
    later = dt.date(2027, 5, 20)  # 2026-27 is then complete; quarters to its Q3
    assert "Demo data loaded" in load_demo(today=later)

    after = row_counts()
    assert {label: after[label] for label in TIMELESS} == {
        label: before[label] for label in TIMELESS
    }
    homelessness = Metric.objects.get(name=HOMELESSNESS)
    periods = set(homelessness.values.values_list("period", flat=True))
    assert {"2026-27", "2026-27 Q2", "2026-27 Q3"} <= periods
    assert "2026-27 Q4" not in periods
    assert HeadlineMembership.objects.filter(report_year="2026-27").exists()
    assert Target.objects.filter(period="2027-28").exists()
    assert RecordedVerdict.objects.filter(period="2026-27").count() == (
        RecordedVerdict.objects.filter(period="2025-26").count()
    )
    # The earlier day's figures are kept as they were, not written again.
    kept = MetricValue.objects.get(metric=homelessness, period="2026-27 Q1")
    assert kept.value_text == "305"
    assert "nothing changed" in load_demo(today=later)


def test_it_refuses_a_today_that_is_not_a_date():
    with pytest.raises(CommandError, match="not a date"):
        call_command("load_demo", "--today", "26/11/2026")
    assert not Metric.objects.exists()


@pytest.mark.parametrize(
    ("today", "latest_year", "quarters"),
    [
        (TODAY, "2025-26", ("2024-25 Q1", "2026-27 Q1")),
        (dt.date(2027, 2, 10), "2025-26", ("2024-25 Q2", "2026-27 Q2")),
        (dt.date(2027, 4, 1), "2026-27", ("2024-25 Q3", "2026-27 Q3")),
        (dt.date(2026, 7, 1), "2025-26", ("2023-24 Q4", "2025-26 Q4")),
    ],
)
def test_the_timeline_follows_the_day_it_is_loaded_on(today, latest_year, quarters):
    timeline = Timeline(today)
    assert str(timeline.latest_year) == latest_year
    shown = timeline.quarters()
    assert len(shown) == 9
    assert (str(shown[0]), str(shown[-1])) == quarters
    assert timeline.quarters(latest_in=True)[-1] == shown[-1].next()
    assert timeline.day(dt.date(2026, 11, 16)) == today - dt.timedelta(days=10)


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the read-only tests below and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def plan(loaded):
    return Plan.objects.get(period="2022-30", version=1)


class TestTheDemoContent:
    """What one run of load_demo writes (these tests only read it)."""

    def test_it_prints_a_summary(self, loaded):
        assert "Demo data loaded" in loaded
        assert "As on 26 November 2026: figures to 2025-26" in loaded
        assert "46 metrics" in loaded
        assert "demo-password" in loaded

    def test_every_sign_in_authenticates_and_holds_exactly_its_roles(self, loaded):
        for username, roles in ROLES.items():
            user = authenticate(username=username, password=PASSWORD)
            assert user is not None, username
            assert set(user.groups.values_list("name", flat=True)) == roles, username
            assert user.first_name and user.last_name, username

    def test_only_the_sign_ins_have_a_usable_password(self, loaded):
        others = User.objects.exclude(username__in=ROLES)
        assert others.exists()
        assert not any(user.has_usable_password() for user in others)

    def test_the_insight_analyst_may_use_the_admin_and_nobody_is_superuser(
        self, loaded
    ):
        assert User.objects.get(username="insight").is_staff
        assert not User.objects.filter(is_superuser=True).exists()
        assert list(User.objects.filter(is_staff=True)) == [
            User.objects.get(username="insight")
        ]

    def test_officer_and_employee_report_to_the_head_of_their_service(self, loaded):
        manager = User.objects.get(username="manager")
        for username in ("officer", "employee"):
            person = User.objects.get(username=username)
            assert person.line_manager == manager
            assert person.team.name == "Housing Options"
            assert person.team.service.head == manager
        assert manager.line_manager is not None
        assert manager.team.manager == manager
        housing = Service.objects.get(name="Housing")
        assert set(housing.teams.values_list("name", flat=True)) == {
            "Housing Options",
            "Homelessness Prevention",
        }

    def test_elected_members_have_no_team_and_no_line_manager(self, loaded):
        for username in ("cabinet", "scrutiny"):
            member = User.objects.get(username=username)
            assert member.team is None
            assert member.line_manager is None

    def test_officer_owns_metrics_and_actions_in_the_managers_service(self, loaded):
        officer = User.objects.get(username="officer")
        cabinet = User.objects.get(username="cabinet")
        owned = Metric.objects.filter(owner=officer)
        assert owned.exists()
        assert {m.team.service.head.username for m in owned} == {"manager"}
        portfolio = Portfolio.objects.get(name="Housing and Communities")
        assert portfolio.cabinet_member == cabinet
        assert {m.portfolio for m in owned} == {portfolio}
        actions = Action.objects.filter(owner=officer)
        assert actions.filter(
            action_plan__strategy__title="Housing and Homelessness Strategy"
        ).exists()
        assert actions.filter(status=Action.Status.AT_RISK).exists()

    def test_the_homelessness_metric_is_quarterly_and_ends_on_305(self, loaded):
        metric = Metric.objects.get(name=HOMELESSNESS)
        assert metric.frequency == Metric.Frequency.QUARTERLY
        assert metric.good_direction == "up"
        assert metric.owner.username == "officer"
        latest = MetricValue.objects.get(metric=metric, period="2026-27 Q1")
        assert latest.value_text == "305"
        assert not MetricValue.objects.filter(
            metric=metric, period="2026-27 Q2"
        ).exists()
        housing = metric.change_steps.get().strategy
        assert housing.title == "Housing and Homelessness Strategy"
        assert housing.cabinet_member.username == "cabinet"
        assert metric.case_studies.filter(is_published=True).exists()

    def test_the_plan_has_three_delivery_and_two_enabling_priorities(self, plan):
        assert plan.status == Plan.Status.AGREED
        assert plan.vision
        kinds = Counter(plan.priorities.values_list("kind", flat=True))
        assert kinds == {Priority.Kind.DELIVERY: 3, Priority.Kind.ENABLING: 2}
        for priority in plan.priorities.all():
            assert 2 <= priority.objectives.count() <= 4
            assert priority.narrative

    def test_about_forty_metrics_cover_all_four_perspectives(self, loaded):
        assert Metric.objects.count() >= 35
        perspectives = set(Metric.objects.values_list("perspective", flat=True))
        assert perspectives == set(Perspective.values)

    def test_values_cover_five_years_and_parse_as_written(self, loaded):
        years = {"2021-22", "2022-23", "2023-24", "2024-25", "2025-26"}
        periods = set(MetricValue.objects.values_list("period", flat=True))
        assert years <= periods
        with_five_years = [
            metric
            for metric in Metric.objects.all()
            if years <= set(metric.values.values_list("period", flat=True))
        ]
        assert len(with_five_years) >= 35
        for value in MetricValue.objects.all():
            Period.parse(value.period)
            assert value.value_text
            assert value.approval == MetricValue.Approval.APPROVED

    def test_values_include_revisions_breakdowns_and_intervals(self, loaded):
        values = MetricValue.objects.all()
        assert values.filter(revision=2).exists()
        assert values.filter(data_status=MetricValue.DataStatus.PROVISIONAL).exists()
        breakdowns = set(values.values_list("breakdown", flat=True))
        assert {"sex", "age band", "ethnicity", "disability", "ward"} <= breakdowns
        assert values.filter(
            numerator__isnull=False, denominator__isnull=False
        ).exists()
        assert values.filter(lower_ci__isnull=False, upper_ci__isnull=False).exists()

    def test_targets_use_every_kind_of_rule(self, loaded):
        kinds = set(Target.objects.values_list("kind", flat=True))
        assert kinds == {kind.value for kind in TargetKind}
        unparsed = Target.objects.filter(kind=TargetKind.UNPARSED)
        assert all(target.flag and target.text for target in unparsed)

    def test_headline_metrics_for_each_report_year(self, plan):
        counts = {
            year: headline_metrics(plan=plan, year=year).count()
            for year in ("2023-24", "2024-25", "2025-26")
        }
        assert all(20 <= count <= 30 for count in counts.values()), counts
        assert not HeadlineMembership.objects.filter(report_year="2022-23").exists()
        only_latest = set(
            headline_metrics(plan=plan, year="2025-26").values_list("code", flat=True)
        ) - set(
            headline_metrics(plan=plan, year="2024-25").values_list("code", flat=True)
        )
        assert only_latest

    def test_headline_assessment_shows_a_mix_of_verdicts(self, plan):
        rows = metric_assessments(
            metrics=headline_metrics(plan=plan, year="2025-26"),
            year="2025-26",
            plan=plan,
        )
        progress = Counter(row.progress for row in rows)
        assert progress[Progress.IMPROVED] > 0
        assert progress[Progress.GOT_WORSE] > 0
        assert progress[Progress.SIMILAR] > 0
        assert any(row.recorded is not None for row in rows)
        assert any(row.recorded is not None for row in rows)

    def test_the_officer_owes_only_the_homelessness_quarter_three_days_overdue(
        self, loaded
    ):
        officer = User.objects.get(username="officer")
        due = data_due_for(officer, today=TODAY)
        assert [(item.metric.name, item.period, item.days_overdue) for item in due] == [
            (HOMELESSNESS, "2026-27 Q2", 3)
        ]
        assert due[0].describe().endswith("overdue by 3 days")
        assert not any(item.metric.frequency == "annual" for item in due)

    def test_one_housing_action_of_the_officers_needs_an_update(self, loaded):
        officer = User.objects.get(username="officer")
        [action] = actions_needing_update(officer, today=TODAY)
        assert action.owner == officer
        assert action.action_plan.strategy.title == "Housing and Homelessness Strategy"
        latest = action.updates.filter(
            approval=ProgressUpdate.Approval.APPROVED
        ).latest("date")
        assert (TODAY - latest.date).days > UPDATE_EVERY_DAYS

    def test_housing_options_collects_92_percent_of_its_figures_on_time(self, loaded):
        manager = User.objects.get(username="manager")
        teams = Team.objects.filter(service__head=manager)
        health = {h.team.name: h for h in data_collection_health(teams, today=TODAY)}
        housing_options = health["Housing Options"]
        assert (housing_options.due, housing_options.on_time) == (13, 12)
        assert housing_options.percent == 92
        assert sum(h.due for h in health.values()) == 13  # his other team owes none

    @pytest.mark.parametrize("year", ["2024-25", "2025-26"])
    def test_assess_prints_the_headline_metrics_with_verdicts(self, loaded, year):
        result = assess(year)
        assert (result["year"], result["plan"]) == (year, "2022-30")
        metrics = result["metrics"]
        assert 20 <= len(metrics) <= 30
        assert all(m["current_period"] and m["previous_period"] for m in metrics)
        progress = Counter(m["progress"] for m in metrics)
        assert progress[Progress.IMPROVED] and progress[Progress.GOT_WORSE]
        assert progress[Progress.NOT_AVAILABLE] == 0
        assert result["summary"]["directional_pct"] is not None

    def test_verdicts_are_recorded_for_the_latest_year_after_its_figures(self, loaded):
        verdicts = RecordedVerdict.objects.all()
        assert {v.period for v in verdicts} == {"2025-26"}
        assert {v.source for v in verdicts} == set(RecordedVerdict.Source.values)
        imported = verdicts.filter(source=RecordedVerdict.Source.IMPORTED).first()
        assert "2025/26" in imported.reason
        assert all(
            dt.date(2026, 6, 16) < v.recorded_at.date() < TODAY for v in verdicts
        )

    def test_nothing_is_dated_after_the_day_it_was_loaded(self, loaded):
        # The appraisal-completion figure is calculated by the product as it loads,
        # so it is the one figure entered on the day.
        entered_on_the_day = MetricValue.objects.filter(entered_at__date__gte=TODAY)
        assert not entered_on_the_day.exclude(metric__code="WF-APPRAISALS").exists()
        assert not ProgressUpdate.objects.filter(date__gte=TODAY).exists()
        assert not ProgressUpdate.objects.filter(reviewed_at__date__gte=TODAY).exists()
        targets = set(Target.objects.values_list("period", flat=True))
        assert max(targets) == "2026-27"

    def test_breakdowns_cover_the_last_two_years(self, loaded):
        years = set(
            MetricValue.objects.exclude(breakdown="").values_list("period", flat=True)
        )
        assert years == {"2024-25", "2025-26"}


@pytest.mark.parametrize(
    "command",
    [
        ["load_demo"],
        ["load_demo_appraisals"],
        ["seed_benchmark", "--metrics", "3", "--years", "1"],
        ["seed_load", "--metrics", "3", "--years", "1", "--manifest", "unused.json"],
    ],
)
def test_every_demo_command_refuses_under_production_settings(settings, command):
    # One refusal (demo.commandline) for every command of the demo app, before
    # anything is written.
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="refuses to run under production"):
        call_command(*command, stdout=io.StringIO())
    assert not User.objects.exists()
    assert not Metric.objects.exists()
