"""A manager approves or returns an action update with the version they read: a
decision on a stale one is refused with the conflict, on the page and in the API,
and changes nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from coventry_pm.core.exceptions import ConflictError
from strategies.models import Action, ProgressUpdate
from strategies.services import progress_update_approve, progress_update_return
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(officer):
    action = factories.ActionFactory(
        owner=officer, team=officer.team, status=Action.Status.ON_TRACK
    )
    return factories.ProgressUpdateFactory(
        action=action, author=officer, status=Action.Status.AT_RISK
    )


def test_approving_takes_the_version_and_moves_it_on(update, manager):
    approved = progress_update_approve(update=update, user=manager, expected_version=1)
    assert approved.version == 2
    update.action.refresh_from_db()
    assert update.action.status == Action.Status.AT_RISK


def test_a_stale_return_is_refused_and_changes_nothing(update, manager):
    ProgressUpdate.objects.filter(pk=update.pk).update(version=2)
    with pytest.raises(ConflictError, match="you had version 1; it is now version 2"):
        progress_update_return(
            update=update, user=manager, expected_version=1, comment="Say why."
        )
    update.refresh_from_db()
    assert (update.approval, update.review_comment) == (
        ProgressUpdate.Approval.SUBMITTED,
        "",
    )


def test_the_approvals_page_posts_the_updates_version(client, update, manager):
    client.force_login(manager)
    page = client.get(reverse("scorecard:approvals")).text
    assert '<input type="hidden" name="version" value="1">' in page


def test_a_stale_approval_on_the_page_shows_the_conflict_and_changes_nothing(
    client, update, manager
):
    client.force_login(manager)
    url = reverse("strategies:update_review", args=[update.pk])
    returned = client.post(
        url, {"decision": "return", "version": 1, "comment": "Say why it slipped."}
    )
    assert returned.status_code == 302
    # The same decision page, still open in another tab, at version 1.
    response = client.post(url, {"decision": "approve", "version": 1})
    assert response.status_code == 200
    text = response.text
    summary = text[text.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "you had version 1; it is now version 2" in summary
    assert "<dd>Returned" in text  # the update as it is now
    update.refresh_from_db()
    assert update.approval == ProgressUpdate.Approval.RETURNED
    update.action.refresh_from_db()
    assert update.action.status == Action.Status.ON_TRACK  # not approved


def test_a_decision_without_a_version_is_refused_on_the_page(client, update, manager):
    client.force_login(manager)
    url = reverse("strategies:update_review", args=[update.pk])
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    update.refresh_from_db()
    assert update.approval == ProgressUpdate.Approval.SUBMITTED


def test_the_page_offers_the_decision_only_to_the_services_manager(
    client, update, manager, officer, other_officer
):
    url = reverse("strategies:update_review", args=[update.pk])
    client.force_login(manager)
    assert "Approve</button>" in client.get(url).text
    for person in (officer, other_officer):
        client.force_login(person)
        assert client.post(url, {"decision": "approve", "version": 1}).status_code == (
            404
        )
    update.refresh_from_db()
    assert update.approval == ProgressUpdate.Approval.SUBMITTED


def test_a_stale_approval_in_the_api_is_409_and_changes_nothing(update, manager):
    client = APIClient()
    client.force_authenticate(manager)
    url = f"/api/v1/progress-updates/{update.pk}/"
    missing = client.post(f"{url}approve/", {}, format="json")
    assert missing.status_code == 400
    assert "version" in missing.json()
    returned = client.post(
        f"{url}return/", {"version": 1, "comment": "Say why."}, format="json"
    )
    assert (returned.status_code, returned.json()["version"]) == (200, 2)
    response = client.post(f"{url}approve/", {"version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert (body["current_version"], body["current"]["approval"]) == (2, "returned")
    update.refresh_from_db()
    assert update.approval == ProgressUpdate.Approval.RETURNED
    update.action.refresh_from_db()
    assert update.action.status == Action.Status.ON_TRACK
