"""Every refusal comes before the body is validated (issue 16): a role that can never
take a step gets 403 for an empty body, a record named in the body that the caller
may not see is a 404, and steps on existing records ask the workflow policy."""

import pytest

from scorecard.models import Metric, Submission
from strategies.models import ProgressUpdate
from tests import factories

pytestmark = pytest.mark.django_db

READ_ONLY = ["councillor", "partner"]
NEVER_ENTER = ["employee", "cabinet_member", "councillor", "partner", "hr", "insight"]

CREATES = {
    "/api/v1/metrics/": ["employee", "cabinet_member", "councillor", "partner", "hr"],
    "/api/v1/targets/": NEVER_ENTER,
    "/api/v1/submissions/": NEVER_ENTER,
    "/api/v1/progress-updates/": NEVER_ENTER,
    "/api/v1/comments/": READ_ONLY,
}


@pytest.mark.parametrize(
    ("url", "role"),
    [(url, role) for url, roles in CREATES.items() for role in roles],
)
def test_an_empty_create_from_a_role_that_never_creates_is_403(
    api, request, housing, url, role
):
    response = api(request.getfixturevalue(role)).post(url, {}, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "PermissionDeniedError"


@pytest.fixture
def records(api, officer, manager, housing):
    """A submitted figure, a submitted action update, a proposed metric and
    target (Priya's), each with its step URLs."""
    submission = Submission.objects.create(
        metric=housing.metric,
        period="2024-25 Q2",
        created_by=officer,
        status=Submission.Status.SUBMITTED,
    )
    update = ProgressUpdate.objects.create(
        action=housing.action,
        date="2024-10-01",
        status="at_risk",
        narrative="Slipping.",
        author=officer,
        approval=ProgressUpdate.Approval.SUBMITTED,
    )
    metric = factories.MetricFactory(
        code="PM0001",
        status=Metric.Status.PROPOSED,
        team=officer.team,
        portfolio=housing.portfolio,
        proposed_by=officer,
    )
    target = factories.TargetFactory(
        metric=metric, period="2025-26", text="60%", status="proposed", set_by=officer
    )
    return {
        "submission": f"/api/v1/submissions/{submission.pk}/",
        "update": f"/api/v1/progress-updates/{update.pk}/",
        "metric": "/api/v1/metrics/PM0001/",
        "target": f"/api/v1/targets/{target.pk}/",
    }


STEPS = [
    ("submission", "approve", ["officer", "employee", "cabinet_member", "insight"]),
    ("submission", "return", ["officer", "employee", "cabinet_member", "insight"]),
    ("update", "approve", ["officer", "employee", "cabinet_member", "insight"]),
    ("update", "return", ["officer", "employee", "cabinet_member", "insight"]),
    ("metric", "endorse", ["officer", "employee", "cabinet_member", "insight"]),
    ("metric", "agree", ["officer", "manager", "insight", "councillor"]),
    ("metric", "withdraw", ["manager", "employee", "cabinet_member", "insight"]),
    ("target", "endorse", ["officer", "employee", "cabinet_member", "insight"]),
    ("target", "agree", ["officer", "manager", "insight", "councillor"]),
    ("target", "withdraw", ["manager", "employee", "cabinet_member", "insight"]),
]


@pytest.mark.parametrize(
    ("record", "step", "role"),
    [(record, step, role) for record, step, roles in STEPS for role in roles],
)
def test_an_empty_step_from_someone_who_may_not_take_it_is_403(
    api, request, records, record, step, role
):
    url = f"{records[record]}{step}/"
    response = api(request.getfixturevalue(role)).post(url, {}, format="json")
    assert response.status_code == 403, response.content


@pytest.mark.parametrize(
    ("record", "step", "role"),
    [
        ("submission", "approve", "manager"),
        ("update", "return", "manager"),
        ("metric", "endorse", "manager"),
        ("metric", "withdraw", "officer"),
        ("target", "withdraw", "officer"),
    ],
)
def test_an_empty_step_from_whoever_may_take_it_is_400(
    api, request, records, record, step, role
):
    url = f"{records[record]}{step}/"
    response = api(request.getfixturevalue(role)).post(url, {}, format="json")
    assert response.status_code == 400, response.content


def test_a_progress_updates_return_and_a_submissions_answer_alike(
    api, officer, records
):
    client = api(officer)
    for record in ("submission", "update"):
        url = f"{records[record]}return/"
        assert client.post(url, {}, format="json").status_code == 403


def test_a_metric_named_in_the_body_that_is_hidden_is_404_before_the_fields(
    api, partner, housing
):
    # The partner may comment on nothing, so ask as an officer of Parks about a
    # metric that does not exist, and as the partner about a hidden one.
    response = api(partner).post(
        "/api/v1/comments/", {"metric": "PRK01"}, format="json"
    )
    assert response.status_code == 403
    response = api(housing.parks_metric.owner).post(
        "/api/v1/targets/", {"metric": "NOPE"}, format="json"
    )
    assert response.status_code == 404
    assert "metric" in response.json()


def test_a_metric_named_that_the_caller_may_not_act_on_is_403_before_the_fields(
    api, other_officer, officer, housing
):
    for url in ("/api/v1/submissions/", "/api/v1/targets/"):
        response = api(other_officer).post(url, {"metric": "HOU01"}, format="json")
        assert response.status_code == 403, url
    response = api(other_officer).post(
        "/api/v1/progress-updates/", {"action": housing.action.pk}, format="json"
    )
    assert response.status_code == 403
    # Theirs, with nothing else: the fields are named (400).
    response = api(officer).post(
        "/api/v1/submissions/", {"metric": "HOU01"}, format="json"
    )
    assert response.status_code == 400
    assert "period" in response.json()


def test_a_proposal_for_another_team_is_403_before_the_fields(
    api, officer, parks_team, housing
):
    response = api(officer).post(
        "/api/v1/metrics/", {"team": parks_team.pk}, format="json"
    )
    assert response.status_code == 403


def test_a_teamless_managers_api_proposal_can_be_endorsed(
    api, manager, insight, housing
):
    assert manager.team_id is None
    response = api(manager).post(
        "/api/v1/metrics/",
        {"name": "Rough sleepers", "unit": "number", "portfolio": housing.portfolio.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    proposed = response.json()
    assert proposed["team"] == housing.metric.team_id
    url = f"/api/v1/metrics/{proposed['code']}/endorse/"
    # Not by the manager who proposed it: by the performance administrator.
    assert api(manager).post(url, {"version": 1}, format="json").status_code == 403
    response = api(insight).post(url, {"version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "endorsed"


def test_the_proposer_withdraws_through_the_api(api, officer, manager, records):
    url = f"{records['metric']}withdraw/"
    response = api(officer).post(url, {"version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn"
    endorse = f"{records['metric']}endorse/"
    response = api(manager).post(endorse, {"version": 2}, format="json")
    assert response.status_code == 400
    assert "Only a proposed metric" in response.json()["detail"]


@pytest.mark.parametrize("code", ["HOU\x0001", "X" * 500])
def test_a_metric_code_no_metric_can_have_names_none(client, officer, code):
    """A NUL byte (which PostgreSQL refuses in text) or an over-long code is a 404,
    not a server error."""
    client.force_login(officer)
    response = client.post(
        "/api/v1/comments/",
        data={"metric": code, "text": "Hello"},
        content_type="application/json",
    )
    assert response.status_code == 404
