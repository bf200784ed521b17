"""Who may call what (DESIGN.md section 4): every list endpoint refuses the
anonymous, the roles that may not list that kind at all get 403, and records a
caller may not see are 404."""

import pytest

from tests import factories
from tests.api.helpers import results

pytestmark = pytest.mark.django_db

PLAN_ONLY = [
    "/api/v1/plans/",
    "/api/v1/priorities/",
    "/api/v1/objectives/",
    "/api/v1/headline-summary/?year=2024-25",
    # Benchmarking: scorecard.permissions.may_read_benchmarking
    "/api/v1/places/",
    "/api/v1/groups/",
    "/api/v1/group-versions/",
    "/api/v1/standings/",
    "/api/v1/member-values/",
]
READABLE_BY_PARTNERS = [
    "/api/v1/strategies/",
    "/api/v1/action-plans/",
    "/api/v1/actions/",
    "/api/v1/progress-updates/",
    "/api/v1/case-studies/",
    "/api/v1/metrics/",
    "/api/v1/values/",
    "/api/v1/targets/",
    "/api/v1/comparators/",
    "/api/v1/comparator-values/",
    "/api/v1/recorded-verdicts/",
    "/api/v1/assessments/?year=2024-25",
    "/api/v1/comments/",
]
FIGURE_ENTRY = ["/api/v1/submissions/"]
QUEUES = ["/api/v1/submissions/queue/", "/api/v1/progress-updates/queue/"]
EVERY_LIST = PLAN_ONLY + READABLE_BY_PARTNERS + FIGURE_ENTRY + QUEUES


@pytest.mark.parametrize("url", EVERY_LIST)
def test_it_requires_sign_in(api, housing, url):
    response = api().get(url)
    assert response.status_code in (401, 403)
    assert "credentials" in response.json()["detail"]


@pytest.mark.parametrize("url", EVERY_LIST)
def test_a_person_with_no_role_is_refused_every_list(api, no_role_user, housing, url):
    assert api(no_role_user).get(url).status_code == 403


@pytest.mark.parametrize("url", PLAN_ONLY + FIGURE_ENTRY + QUEUES)
def test_a_partner_is_refused_the_plan_and_figure_entry(api, partner, housing, url):
    assert api(partner).get(url).status_code == 403


@pytest.mark.parametrize("url", READABLE_BY_PARTNERS)
def test_a_partner_lists_their_strategies_records(api, partner, housing, url):
    assert api(partner).get(url).status_code == 200


@pytest.mark.parametrize(
    "role", ["employee", "cabinet_member", "councillor", "hr", "insight"]
)
@pytest.mark.parametrize("url", FIGURE_ENTRY)
def test_only_officers_and_managers_list_submissions(api, request, housing, role, url):
    assert api(request.getfixturevalue(role)).get(url).status_code == 403


@pytest.mark.parametrize(
    "role",
    [
        "officer",
        "manager",
        "employee",
        "cabinet_member",
        "councillor",
        "hr",
        "insight",
    ],
)
@pytest.mark.parametrize("url", PLAN_ONLY + READABLE_BY_PARTNERS)
def test_staff_and_members_read_the_plan_strategies_and_metrics(
    api, request, housing, role, url
):
    assert api(request.getfixturevalue(role)).get(url).status_code == 200


@pytest.mark.parametrize("role", ["officer", "manager"])
@pytest.mark.parametrize("url", FIGURE_ENTRY)
def test_officers_and_managers_list_submissions(api, request, housing, role, url):
    assert api(request.getfixturevalue(role)).get(url).status_code == 200


@pytest.mark.parametrize("url", QUEUES)
def test_only_managers_have_an_approval_queue(
    api, manager, officer, cabinet_member, housing, url
):
    assert api(manager).get(url).status_code == 200
    assert api(officer).get(url).status_code == 403
    assert api(cabinet_member).get(url).status_code == 403


def test_a_partner_sees_only_the_strategies_naming_them(api, partner, housing):
    client = api(partner)
    titles = [s["title"] for s in results(client.get("/api/v1/strategies/"))]
    assert titles == ["Housing and Homelessness Strategy"]
    assert client.get(f"/api/v1/strategies/{housing.strategy.pk}/").status_code == 200
    other = f"/api/v1/strategies/{housing.other_strategy.pk}/"
    assert client.get(other).status_code == 404


def test_a_partner_gets_404_for_metrics_and_figures_outside_their_strategies(
    api, partner, housing
):
    client = api(partner)
    assert [m["code"] for m in results(client.get("/api/v1/metrics/"))] == ["HOU01"]
    assert client.get("/api/v1/metrics/HOU01/").status_code == 200
    assert client.get("/api/v1/metrics/PRK01/").status_code == 404
    parks_value = housing.parks_metric.values.first()
    assert client.get(f"/api/v1/values/{parks_value.pk}/").status_code == 404
    assert {v["metric"] for v in results(client.get("/api/v1/values/"))} == {"HOU01"}
    codes = [
        r["code"] for r in results(client.get("/api/v1/assessments/?year=2024-25"))
    ]
    assert codes == ["HOU01"]


def test_a_partner_gets_404_for_other_strategies_action_plans_and_actions(
    api, partner, housing
):
    other_plan = factories.ActionPlanFactory(strategy=housing.other_strategy)
    other_action = factories.ActionFactory(action_plan=other_plan)
    client = api(partner)
    assert client.get(f"/api/v1/action-plans/{other_plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/actions/{other_action.pk}/").status_code == 404
    assert client.get(f"/api/v1/actions/{housing.action.pk}/").status_code == 200


def test_a_partner_sees_only_case_studies_of_their_strategies(api, partner, housing):
    ours = factories.CaseStudyFactory(title="A family helped")
    ours.strategies.add(housing.strategy)
    theirs = factories.CaseStudyFactory(title="A festival")
    theirs.strategies.add(housing.other_strategy)
    client = api(partner)
    titles = [c["title"] for c in results(client.get("/api/v1/case-studies/"))]
    assert titles == ["A family helped"]
    assert client.get(f"/api/v1/case-studies/{theirs.pk}/").status_code == 404


def test_unpublished_case_studies_are_for_the_performance_administrator(
    api, employee, insight, housing
):
    draft = factories.CaseStudyFactory(title="Draft story", is_published=False)
    assert api(employee).get(f"/api/v1/case-studies/{draft.pk}/").status_code == 404
    assert api(insight).get(f"/api/v1/case-studies/{draft.pk}/").status_code == 200


def test_the_api_is_read_only_where_no_workflow_writes(api, insight, housing):
    client = api(insight)
    assert client.post("/api/v1/plans/", {}).status_code == 405
    assert client.delete(f"/api/v1/plans/{housing.plan.pk}/").status_code == 405
    assert client.put("/api/v1/metrics/HOU01/", {}).status_code == 405
    assert client.delete("/api/v1/metrics/HOU01/").status_code == 405
    assert client.post("/api/v1/values/", {}).status_code == 405


def test_a_session_signed_in_person_uses_the_api_too(client, employee, housing):
    client.force_login(employee)
    response = client.get("/api/v1/metrics/HOU01/")
    assert response.status_code == 200
    assert response.json()["name"] == "Homelessness cases prevented and relieved"


def test_a_session_write_needs_the_csrf_token(employee, housing):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.post(
        "/api/v1/comments/", {"metric": "HOU01", "text": "Good"}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
