"""Who may open which appraisal page (DESIGN.md section 4): every refusal tested.

Someone else's appraisal is a 404 for anyone outside the employee's line-management
chain and HR (so whether it exists is not revealed); a page a reader may see but not
use (HR, the manager's manager) is a 403; list pages are 403 to anyone who may not
use them.
"""

import pytest
from django.urls import reverse

from appraisals import services
from tests.appraisals.conftest import YEAR

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "officer",  # same team as Alex, not in the chain
    "other_officer",
    "cabinet_member",
    "councillor",
    "insight",
    "partner",
    "no_role_user",
]
READERS = ["employee", "manager", "director", "hr"]


def object_pages(appraisal, objective):
    return [
        reverse("appraisals:detail", args=[appraisal.pk]),
        reverse("appraisals:objective_add", args=[appraisal.pk]),
        reverse("appraisals:objective_edit", args=[objective.pk]),
        reverse("appraisals:ratings", args=[appraisal.pk]),
        reverse("appraisals:development", args=[appraisal.pk]),
        reverse("appraisals:one_to_one_add", args=[appraisal.pk]),
        reverse("appraisals:review", args=[appraisal.pk, "mid-year"]),
    ]


def test_every_page_requires_sign_in(client, appraisal, objective):
    for url in [
        reverse("appraisals:mine"),
        reverse("appraisals:team"),
        reverse("appraisals:completion"),
        *object_pages(appraisal, objective),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_a_404_for_every_page_of_someone_elses_appraisal(
    client, request, appraisal, objective, who
):
    client.force_login(request.getfixturevalue(who))
    for url in object_pages(appraisal, objective):
        assert client.get(url).status_code == 404, url
    for name in ("appraisals:agree_objectives", "appraisals:sign_off"):
        url = reverse(name, args=[appraisal.pk])
        assert client.post(url, {"version": appraisal.version}).status_code == 404


@pytest.mark.parametrize("who", READERS)
def test_the_employee_their_chain_and_hr_read_the_appraisal(
    client, request, appraisal, objective, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(appraisal.get_absolute_url())
    assert response.status_code == 200
    assert "Give every family a written housing plan" in response.text
    assert "Open homelessness prevention surgeries in the family hubs" in response.text


@pytest.mark.parametrize("who", ["hr", "director"])
def test_readers_who_are_not_the_employee_or_line_manager_may_not_change_anything(
    client, request, appraisal, objective, who
):
    client.force_login(request.getfixturevalue(who))
    for url in object_pages(appraisal, objective)[1:]:
        assert client.get(url).status_code == 403, url
    for name in ("appraisals:agree_objectives", "appraisals:sign_off"):
        url = reverse(name, args=[appraisal.pk])
        assert client.post(url, {"version": appraisal.version}).status_code == 403
    page = client.get(appraisal.get_absolute_url()).text
    assert "Add an objective" not in page
    assert "Agree these objectives" not in page


def test_the_line_manager_may_not_write_the_employees_objectives(
    client, manager, appraisal, objective
):
    client.force_login(manager)
    for url in object_pages(appraisal, objective)[1:3]:
        assert client.get(url).status_code == 403
    assert (
        client.get(
            reverse("appraisals:review", args=[appraisal.pk, "mid-year"])
        ).status_code
        == 200
    )


def test_the_employee_may_not_review_their_own_appraisal(
    client, employee, appraisal, objective
):
    client.force_login(employee)
    url = reverse("appraisals:review", args=[appraisal.pk, "year-end"])
    assert client.get(url).status_code == 403
    response = client.post(
        reverse("appraisals:agree_objectives", args=[appraisal.pk]),
        {"version": appraisal.version},
    )
    assert response.status_code == 403
    appraisal.refresh_from_db()
    assert appraisal.status == "draft"


def test_an_unknown_review_stage_is_a_404(client, manager, appraisal):
    client.force_login(manager)
    url = reverse("appraisals:review", args=[appraisal.pk, "quarterly"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "who", ["cabinet_member", "councillor", "partner", "no_role_user"]
)
def test_people_who_have_no_appraisals_are_refused_my_appraisal(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("appraisals:mine")).status_code == 403
    assert client.post(reverse("appraisals:start")).status_code == 403


@pytest.mark.parametrize(
    "who",
    [
        "employee",
        "officer",
        "other_officer",
        "insight",
        "cabinet_member",
        "councillor",
        "partner",
        "no_role_user",
    ],
)
def test_team_and_completion_pages_are_refused_to_people_who_manage_nobody(
    client, request, appraisal, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("appraisals:team")).status_code == 403
    assert client.get(reverse("appraisals:completion")).status_code == 403


@pytest.mark.parametrize("who", ["manager", "director", "hr"])
def test_managers_and_hr_open_the_team_and_completion_pages(
    client, request, appraisal, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("appraisals:team")).status_code == 200
    assert client.get(reverse("appraisals:completion")).status_code == 200


def test_a_manager_cannot_start_an_appraisal_for_someone_outside_their_chain(
    client, manager, other_officer
):
    client.force_login(manager)
    response = client.post(reverse("appraisals:start"), {"employee": other_officer.pk})
    assert response.status_code == 404
    assert not other_officer.appraisals.exists()


def test_a_director_sees_the_chain_but_starts_only_for_direct_reports(
    client, director, employee
):
    client.force_login(director)
    response = client.post(reverse("appraisals:start"), {"employee": employee.pk})
    assert response.status_code == 403
    assert not employee.appraisals.exists()


def test_an_unrelated_officers_own_appraisal_stays_theirs(
    client, other_officer, employee
):
    theirs = services.appraisal_start(
        employee=other_officer, user=other_officer, year=YEAR
    )
    client.force_login(employee)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    client.force_login(other_officer)
    assert client.get(theirs.get_absolute_url()).status_code == 200


def test_the_performance_administrator_cannot_open_appraisals_in_the_admin(
    client, insight, appraisal
):
    client.force_login(insight)
    assert client.get("/admin/appraisals/appraisal/").status_code == 403
    url = f"/admin/appraisals/appraisal/{appraisal.pk}/change/"
    assert client.get(url).status_code in (302, 403)


@pytest.mark.parametrize(
    ("who", "labels"),
    [
        ("employee", ["My appraisal"]),
        ("manager", ["My appraisal", "Team appraisals"]),
        ("hr", ["My appraisal", "Appraisals"]),
        ("insight", ["My appraisal"]),
        ("cabinet_member", []),
        ("councillor", []),
        ("partner", []),
    ],
)
def test_the_navigation_offers_appraisal_pages_only_to_those_who_may_use_them(
    request, employee, who, labels
):
    from appraisals.selectors import appraisal_navigation

    items = appraisal_navigation(request.getfixturevalue(who))
    assert [label for label, _url in items] == labels
