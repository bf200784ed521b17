import datetime as dt

import pytest

from coventry_pm.core.exceptions import ApplicationError
from strategies.models import Plan
from strategies.services import plan_agree, plan_revise
from tests import factories

pytestmark = pytest.mark.django_db


def test_revising_a_plan_keeps_the_old_version_and_copies_its_structure():
    plan = factories.PlanFactory(vision="Version one")
    priority = factories.PriorityFactory(plan=plan, title="Prosperity")
    factories.ObjectiveFactory(priority=priority, title="Good jobs")

    revision = plan_revise(plan=plan)

    assert revision.version == 2
    assert revision.status == Plan.Status.DRAFT
    assert revision.previous_version == plan
    assert [p.title for p in revision.priorities.all()] == ["Prosperity"]
    assert revision.priorities.get().objectives.get().title == "Good jobs"
    plan.refresh_from_db()
    assert plan.status == Plan.Status.AGREED
    assert plan.priorities.get().pk == priority.pk


def test_agreeing_a_revision_supersedes_the_version_before():
    plan = factories.PlanFactory()
    revision = plan_revise(plan=plan)
    plan_agree(plan=revision, agreed_on=dt.date(2026, 7, 1))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUPERSEDED
    assert revision.status == Plan.Status.AGREED
    assert revision.agreed_on == dt.date(2026, 7, 1)


def test_a_plan_with_a_draft_revision_is_not_revised_twice():
    plan = factories.PlanFactory()
    plan_revise(plan=plan)
    with pytest.raises(ApplicationError, match="already has a draft"):
        plan_revise(plan=plan)


def test_only_a_draft_can_be_agreed():
    with pytest.raises(ApplicationError, match="not a draft"):
        plan_agree(plan=factories.PlanFactory(), agreed_on=dt.date(2026, 7, 1))


def test_the_old_version_stays_readable(client, employee):
    plan = factories.PlanFactory(vision="The first vision")
    revision = plan_revise(plan=plan)
    plan_agree(plan=revision, agreed_on=dt.date(2026, 7, 1))
    client.force_login(employee)
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert "The first vision" in response.text
    assert "A later version exists" in response.text
