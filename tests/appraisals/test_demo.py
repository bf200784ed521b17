"""load_demo_appraisals: every demo employee has an appraisal linked to the demo
plan; councillors have none; a second run changes nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from appraisals.models import Appraisal
from coventry_pm.accounts.models import User
from scorecard.models import MetricValue
from tests import factories

pytestmark = pytest.mark.django_db

EMPLOYEES = {"officer", "manager", "insight", "hr", "employee"}


def run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def appraisal_rows() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("appraisals").get_models()
    } | {"values": MetricValue.objects.filter(metric__code="WF-APPRAISALS").count()}


@pytest.fixture
def demo():
    """load_demo loads the appraisals too (after the sign-ins and the plan)."""
    return run("load_demo")


def test_every_demo_employee_has_an_appraisal_and_councillors_none(demo):
    assert "Demo appraisals loaded: 10 created" in demo
    have = set(
        Appraisal.objects.values_list("employee__username", flat=True).distinct()
    )
    assert have == EMPLOYEES
    for username in ("cabinet", "scrutiny"):
        assert not User.objects.get(username=username).appraisals.exists()


def test_objectives_link_to_the_demo_plan(demo):
    alex = Appraisal.objects.filter(employee__username="employee").first()
    links = [o.link for o in alex.objectives.all()]
    assert [link.action_plan.title for link in links] == [
        "Housing and Homelessness Action Plan 2024-26"
    ] * 2
    for appraisal in Appraisal.objects.prefetch_related("objectives"):
        assert appraisal.objectives.count() == 2


def test_last_year_is_signed_off_and_the_metric_has_its_figure(demo):
    last_year = Appraisal.objects.order_by("year").first().year
    signed = Appraisal.objects.filter(year=last_year, status="signed_off")
    assert signed.count() == 5
    assert sum(a.signed_off_on_time() for a in signed) == 4
    value = MetricValue.objects.get(metric__code="WF-APPRAISALS", period=last_year)
    assert value.value_text == "80.0%"
    assert "Appraisals completed on time" in demo


def test_a_second_run_changes_nothing(demo):
    before = appraisal_rows()
    assert "nothing changed" in run("load_demo_appraisals")
    assert appraisal_rows() == before


def test_it_refuses_under_production_settings(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        run("load_demo_appraisals")


def test_it_warns_when_the_sign_ins_are_missing(db):
    output = run("load_demo_appraisals")
    assert "run load_demo first" in output
    assert not Appraisal.objects.exists()


def test_it_works_on_a_plan_without_the_demo_titles(employee, manager):
    """Objectives fall back to anything in the plan, so the command never fails on
    a smaller plan."""
    factories.PriorityFactory(title="Any priority")
    manager.line_manager = factories.UserFactory(roles=["manager", "employee"])
    manager.save()
    run("load_demo_appraisals")
    assert Appraisal.objects.filter(employee=employee).count() == 2
    assert all(
        o.priority is not None
        for o in Appraisal.objects.filter(employee=employee).first().objectives.all()
    )


def test_it_loads_as_of_a_given_day(employee, manager):
    factories.PriorityFactory(title="Any priority")
    manager.line_manager = factories.UserFactory(roles=["manager", "employee"])
    manager.save()
    call_command("load_demo_appraisals", "--today", "2025-09-01", stdout=io.StringIO())
    years = set(Appraisal.objects.values_list("year", flat=True))
    assert years == {"2024-25", "2025-26"}
