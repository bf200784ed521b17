"""The workflow endpoints refuse what the rules refuse: nobody approves their own
submission, another team's records are 404, a stale ``version`` is a 409 carrying
the record as it is now, and bad fields are 400s that name the field."""

import pytest

from scorecard.models import Metric, Submission
from tests import factories
from tests.api.helpers import results

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/api/v1/submissions/"


@pytest.fixture
def submitted(api, officer, housing):
    """Priya's Q2 figure, submitted (version 2)."""
    client = api(officer)
    submission = client.post(
        SUBMISSIONS,
        {"metric": "HOU01", "period": "2024-25 Q2", "value_text": "291"},
        format="json",
    ).json()
    url = f"{SUBMISSIONS}{submission['id']}/"
    assert (
        client.post(f"{url}submit/", {"version": 1}, format="json").status_code == 200
    )
    return url


def test_an_officer_cannot_approve_their_own_submission(api, officer, submitted):
    response = api(officer).post(f"{submitted}approve/", {"version": 2}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "PermissionDeniedError"
    assert Submission.objects.get().status == Submission.Status.SUBMITTED


def test_a_manager_cannot_approve_a_submission_they_made(api, manager, housing):
    client = api(manager)
    submission = client.post(
        SUBMISSIONS,
        {"metric": "HOU01", "period": "2024-25 Q2", "value_text": "291"},
        format="json",
    ).json()
    url = f"{SUBMISSIONS}{submission['id']}/"
    client.post(f"{url}submit/", {"version": 1}, format="json")
    assert client.post(f"{url}approve/", {"version": 2}, format="json").status_code == (
        403
    )
    assert results(client.get(f"{SUBMISSIONS}queue/")) == []


def test_another_teams_officer_cannot_see_or_touch_a_submission(
    api, other_officer, submitted
):
    client = api(other_officer)
    assert client.get(submitted).status_code == 404
    assert results(client.get(SUBMISSIONS)) == []
    response = client.post(f"{submitted}submit/", {"version": 2}, format="json")
    assert response.status_code == 404
    # An officer never reviews figures: refused before the submission is looked up.
    for step in ("approve", "return"):
        response = client.post(
            f"{submitted}{step}/", {"version": 2, "comment": "x"}, format="json"
        )
        assert response.status_code == 403, step
    assert client.patch(submitted, {"version": 2}, format="json").status_code == 404


def test_another_teams_officer_may_not_enter_figures_for_the_metric(
    api, other_officer, housing
):
    response = api(other_officer).post(
        SUBMISSIONS,
        {"metric": "HOU01", "period": "2024-25 Q2", "value_text": "1"},
        format="json",
    )
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_a_manager_outside_the_service_cannot_approve(api, submitted, parks_team):
    parks_manager = factories.UserFactory(
        username="parks-manager", roles=["manager", "employee"]
    )
    parks_team.manager = parks_manager
    parks_team.save()
    client = api(parks_manager)
    assert client.get(submitted).status_code == 404
    assert results(client.get(f"{SUBMISSIONS}queue/")) == []


def test_a_stale_version_is_a_409_with_the_record_as_it_is_now(
    api, officer, manager, submitted
):
    response = api(manager).post(f"{submitted}approve/", {"version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "ConflictError"
    assert body["current_version"] == 2
    assert body["current"]["version"] == 2
    assert body["current"]["status"] == "submitted"
    assert body["current"]["values"][0]["value_text"] == "291"
    assert Submission.objects.get().status == Submission.Status.SUBMITTED


def test_a_stale_edit_is_a_409_and_changes_nothing(api, officer, manager, submitted):
    api(manager).post(
        f"{submitted}return/", {"version": 2, "comment": "Check it"}, format="json"
    )
    response = api(officer).patch(
        submitted, {"version": 2, "value_text": "300"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "returned"
    assert [v.value_text for v in Submission.objects.get().values.all()] == ["291"]


def test_a_stale_action_version_is_a_409_with_the_action(api, officer, housing):
    housing.action.version = 2
    housing.action.save()
    response = api(officer).post(
        "/api/v1/progress-updates/",
        {
            "action": housing.action.pk,
            "version": 1,
            "status": "at_risk",
            "percent_complete": 10,
            "narrative": "Slipping.",
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["current"]["title"] == "Open the new prevention hub"
    assert response.json()["current"]["version"] == 2


def test_a_stale_metric_version_is_a_409(api, manager, housing):
    metric = factories.MetricFactory(
        code="PM0001", status=Metric.Status.PROPOSED, team=housing.metric.team
    )
    response = api(manager).post(
        f"/api/v1/metrics/{metric.code}/endorse/", {"version": 7}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["current"]["code"] == "PM0001"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"value_text": "291", "progress_override": "cannot_say"},
            "override_reason",
        ),
        ({"value_text": "291", "progress_override": "better"}, "progress_override"),
        ({"value_text": ""}, "value_text"),
        ({"value_text": "291", "period": "Q2"}, "period"),
        ({"value_text": "291", "metric": "NOPE"}, "metric"),  # no such metric: 404
        ({"value_text": "291", "metric": "PRK01"}, None),  # may not edit: 403
    ],
)
def test_bad_submission_fields_are_named(api, officer, housing, body, field):
    data = {"metric": "HOU01", "period": "2024-25 Q2", **body}
    response = api(officer).post(SUBMISSIONS, data, format="json")
    if field is None:
        assert response.status_code == 403
    elif body.get("metric") == "NOPE":
        assert response.status_code == 404, response.content
        assert field in response.json()
    else:
        assert response.status_code == 400, response.content
        assert field in response.json()


def test_a_second_open_submission_for_the_period_is_refused(api, officer, submitted):
    response = api(officer).post(
        SUBMISSIONS,
        {"metric": "HOU01", "period": "2024-25 Q2", "value_text": "292"},
        format="json",
    )
    assert response.status_code == 400
    assert "already a submission" in response.json()["detail"]


def test_every_write_needs_the_version(api, officer, manager, submitted):
    assert api(officer).patch(submitted, {"note": "x"}, format="json").status_code == (
        400
    )
    response = api(manager).post(f"{submitted}approve/", {}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_returning_needs_a_comment(api, manager, submitted):
    response = api(manager).post(f"{submitted}return/", {"version": 2}, format="json")
    assert response.status_code == 400
    assert "comment" in response.json()


def test_a_submitted_figure_can_no_longer_be_edited(api, officer, submitted):
    response = api(officer).put(
        submitted, {"version": 2, "value_text": "300"}, format="json"
    )
    assert response.status_code == 400
    assert "no longer be changed" in response.json()["detail"]


def test_a_changed_figure_is_a_new_revision_with_its_breakdowns(api, officer, housing):
    client = api(officer)
    submission = client.post(
        SUBMISSIONS,
        {
            "metric": "HOU01",
            "period": "2024-25 Q2",
            "value_text": "291",
            "breakdowns": [
                {"breakdown": "ward", "group": "Foleshill", "value_text": "41"}
            ],
        },
        format="json",
    ).json()
    url = f"{SUBMISSIONS}{submission['id']}/"
    response = client.patch(url, {"version": 1, "value_text": "293"}, format="json")
    assert response.status_code == 200, response.content
    figures = {
        (v["breakdown_group"], v["value_text"], v["revision"])
        for v in response.json()["values"]
    }
    assert figures == {("", "293", 2), ("Foleshill", "41", 1)}


def test_endorsing_and_agreeing_follow_the_order(api, manager, cabinet_member, housing):
    metric = factories.MetricFactory(
        code="PM0001",
        status=Metric.Status.PROPOSED,
        team=housing.metric.team,
        portfolio=housing.portfolio,
    )
    response = api(cabinet_member).post(
        f"/api/v1/metrics/{metric.code}/agree/", {"version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "after its manager endorses" in response.json()["detail"]


def test_a_target_proposal_needs_a_visible_metric(api, officer, partner, housing):
    response = api(officer).post(
        "/api/v1/targets/",
        {"metric": "NOPE", "period": "2025-26", "text": "60%"},
        format="json",
    )
    assert response.status_code == 404
    assert "metric" in response.json()
    # A partner never proposes targets: refused before the metric is looked up.
    response = api(partner).post(
        "/api/v1/targets/",
        {"metric": "PRK01", "period": "2025-26", "text": "60%"},
        format="json",
    )
    assert response.status_code == 403


def test_a_target_needs_a_period_that_can_be_read(api, manager, housing):
    response = api(manager).post(
        "/api/v1/targets/",
        {"metric": "HOU01", "period": "next year", "text": "60%"},
        format="json",
    )
    assert response.status_code == 400
    assert "period" in response.json()


def test_a_comment_on_another_metrics_target_is_refused(api, employee, housing):
    target = factories.TargetFactory(metric=housing.parks_metric, period="2025-26")
    response = api(employee).post(
        "/api/v1/comments/",
        {"metric": "HOU01", "target": target.pk, "text": "Hmm"},
        format="json",
    )
    assert response.status_code == 400
    assert "target" in response.json()


def test_an_action_that_is_not_there_is_not_found(api, officer, housing):
    other = factories.ActionFactory(
        action_plan=factories.ActionPlanFactory(strategy=housing.other_strategy)
    )
    response = api(officer).post(
        "/api/v1/progress-updates/",
        {
            "action": other.pk + 1000,
            "version": 1,
            "status": "at_risk",
            "percent_complete": 1,
            "narrative": "x",
        },
        format="json",
    )
    assert response.status_code == 404
    assert "action" in response.json()


def test_a_partner_may_not_update_an_action_they_can_read(api, partner, housing):
    response = api(partner).post(
        "/api/v1/progress-updates/",
        {
            "action": housing.action.pk,
            "version": 1,
            "status": "at_risk",
            "percent_complete": 1,
            "narrative": "x",
        },
        format="json",
    )
    assert response.status_code == 403


def test_an_officer_cannot_approve_their_own_action_update(api, officer, housing):
    client = api(officer)
    update = client.post(
        "/api/v1/progress-updates/",
        {
            "action": housing.action.pk,
            "version": 1,
            "status": "at_risk",
            "percent_complete": 1,
            "narrative": "x",
        },
        format="json",
    ).json()
    response = client.post(
        f"/api/v1/progress-updates/{update['id']}/approve/", {}, format="json"
    )
    assert response.status_code == 403
