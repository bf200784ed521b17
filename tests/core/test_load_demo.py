"""load_demo: the demo organisation, plan and scorecard of DESIGN.md section 7."""

import io
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from coventry_pm.accounts.models import Portfolio, Service, User
from scorecard.domain.periods import Period
from scorecard.domain.targets import TargetKind
from scorecard.domain.vocabulary import Progress
from scorecard.models import Metric, MetricValue, Perspective, Target
from scorecard.selectors import headline_metrics, metric_assessments
from strategies.models import Action, Plan, Priority

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password"

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


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


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
        metric = Metric.objects.get(name="Homelessness cases prevented and relieved")
        assert metric.frequency == Metric.Frequency.QUARTERLY
        assert metric.good_direction == "up"
        assert metric.owner.username == "officer"
        latest = MetricValue.objects.get(metric=metric, period="2025-26 Q1")
        assert latest.value_text == "305"
        assert not MetricValue.objects.filter(
            metric=metric, period="2025-26 Q2"
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
        years = {"2020-21", "2021-22", "2022-23", "2023-24", "2024-25"}
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
            for year in ("2022-23", "2023-24", "2024-25")
        }
        assert all(20 <= count <= 30 for count in counts.values()), counts
        only_latest = set(
            headline_metrics(plan=plan, year="2024-25").values_list("code", flat=True)
        ) - set(
            headline_metrics(plan=plan, year="2023-24").values_list("code", flat=True)
        )
        assert only_latest

    def test_headline_assessment_shows_a_mix_of_verdicts(self, plan):
        rows = metric_assessments(
            metrics=headline_metrics(plan=plan, year="2024-25"),
            year="2024-25",
            plan=plan,
        )
        progress = Counter(row.progress for row in rows)
        assert progress[Progress.IMPROVED] > 0
        assert progress[Progress.GOT_WORSE] > 0
        assert progress[Progress.SIMILAR] > 0
        assert any(row.recorded is not None for row in rows)
