"""The home page (config/home.py) shows each person the sections their roles give
them, as the apps' permission rules say, and no other."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

SECTIONS = {
    "due": 'id="due-heading"',
    "approvals": "waiting for your approval",
    "my metrics": 'id="my-metrics"',
    "my actions": 'id="my-actions"',
    "service": 'id="service-metrics"',
    "portfolio": 'id="portfolio-metrics"',
    "plan summary": 'id="plan-summary"',
    "administration": 'id="admin-work"',
    "organisation": 'id="organisation"',
    "partner": 'id="partner-strategies"',
}

SHOWN = {
    "officer": {"due", "my metrics", "my actions"},
    "employee": {"my actions"},
    "manager": {"due", "approvals", "my actions", "service", "plan summary"},
    "cabinet_member": {"portfolio", "plan summary"},
    "councillor": {"plan summary"},
    # HR and the performance administrator are employees too.
    "insight": {"administration", "plan summary", "my actions"},
    "hr": {"organisation", "my actions"},
    "partner": {"partner"},
}


@pytest.fixture
def plan(officer):
    plan = factories.PlanFactory()
    priority = factories.PriorityFactory(plan=plan, title="Tackling inequalities")
    metric = factories.MetricFactory(
        name="Homelessness cases prevented", owner=officer, team=officer.team
    )
    factories.HeadlineMembershipFactory(plan=plan, metric=metric, priority=priority)
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="70")
    return plan


@pytest.mark.parametrize("person", sorted(SHOWN))
def test_each_person_sees_the_sections_of_their_roles(client, request, plan, person):
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.text
    shown = {name for name, marker in SECTIONS.items() if marker in page}
    assert shown == SHOWN[person]


def test_someone_without_a_role_sees_only_their_to_do_list(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert not [name for name, marker in SECTIONS.items() if marker in response.text]
