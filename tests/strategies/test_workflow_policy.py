"""The action updates' workflow policy (strategies/workflow.py), table-driven, and
the approvals page showing only the steps it allows, Return styled apart."""

import pytest

from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from strategies import services, workflow
from strategies.models import ProgressUpdate
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = [
    "employee",
    "officer",
    "other_officer",
    "manager",
    "cabinet_member",
    "councillor",
    "partner",
    "hr",
    "insight",
    "no_role_user",
]
A = ProgressUpdate.Approval


@pytest.fixture
def action(officer):
    plan = factories.ActionPlanFactory(team=officer.team)
    return factories.ActionFactory(action_plan=plan, owner=officer)


@pytest.mark.parametrize("approval", list(A))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_review_an_officers_update(request, action, officer, role, approval):
    update = ProgressUpdate.objects.create(
        action=action,
        date="2024-10-01",
        status="at_risk",
        narrative="Slipping.",
        author=officer,
        approval=approval,
    )
    expected = (
        {"approve", "return"} if (role, approval) == ("manager", A.SUBMITTED) else set()
    )
    assert workflow.allowed_actions(request.getfixturevalue(role), update) == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_update_an_action(request, action, role):
    expected = {"update"} if role in ("officer", "manager") else set()
    assert workflow.allowed_actions(request.getfixturevalue(role), action) == expected


def test_one_update_at_a_time_and_nobody_reviews_their_own(action, officer, manager):
    update = services.progress_update_submit(
        action=action,
        user=officer,
        status="at_risk",
        percent_complete=10,
        narrative="Slipping.",
        expected_version=action.version,
    )
    assert workflow.allowed_actions(officer, action) == set()
    with pytest.raises(ApplicationError, match="already awaiting"):
        services.progress_update_submit(
            action=action,
            user=officer,
            status="at_risk",
            percent_complete=10,
            narrative="Again.",
            expected_version=action.version,
        )
    with pytest.raises(PermissionDeniedError):
        services.progress_update_approve(
            update=update, user=officer, expected_version=update.version
        )
    services.progress_update_approve(
        update=update, user=manager, expected_version=update.version
    )


def test_the_approvals_page_styles_return_apart_from_approve(
    client, action, officer, manager
):
    services.progress_update_submit(
        action=action,
        user=officer,
        status="at_risk",
        percent_complete=10,
        narrative="Slipping.",
        expected_version=action.version,
    )
    client.force_login(manager)
    page = client.get("/approvals/").content.decode()
    assert (
        '<button class="button" type="submit" name="decision" value="approve">' in page
    )
    assert (
        'class="link-button flag" type="submit" name="decision" value="return"' in page
    )


@pytest.mark.parametrize("step", [workflow.APPROVE, workflow.RETURN, workflow.UPDATE])
def test_a_refused_person_is_told_so_whatever_version_they_send(
    step, action, officer, employee
):
    """Who may act is asked before the version: someone who may never take the step
    hears that (403), not that the record has moved on (409)."""
    if step == workflow.UPDATE:
        with pytest.raises(PermissionDeniedError):
            services.progress_update_submit(
                action=action,
                user=employee,
                expected_version=action.version + 5,
                status=action.status,
                percent_complete=10,
                narrative="Started.",
            )
        return
    update = factories.ProgressUpdateFactory(action=action, author=officer)
    take = {
        workflow.APPROVE: services.progress_update_approve,
        workflow.RETURN: services.progress_update_return,
    }[step]
    extra = {"comment": "Check it."} if step == workflow.RETURN else {}
    with pytest.raises(PermissionDeniedError):
        take(update=update, user=employee, expected_version=update.version + 5, **extra)
