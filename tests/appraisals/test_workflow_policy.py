"""The appraisal workflow's one policy (appraisals/workflow.py): allowed_actions for
every person × state, refusals before the body is read on every create endpoint and
step, the next step's button, and each person's to-do items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisals import services, workflow
from appraisals.models import Appraisal
from scorecard.domain.periods import period_label
from tests.appraisals.conftest import IN_YEAR, YEAR

pytestmark = pytest.mark.django_db

OPEN = {
    workflow.EDIT_OBJECTIVES,
    workflow.RATE,
    workflow.RECORD_ONE_TO_ONE,
    workflow.EDIT_DEVELOPMENT_NEEDS,
}
SHARED = OPEN - {workflow.EDIT_OBJECTIVES}  # the line manager's part of OPEN
MOMENT = timezone.make_aware(dt.datetime(2026, 4, 20, 10))


def put_in_state(appraisal: Appraisal, state: str) -> Appraisal:
    """The appraisal as it would be in ``state`` (in memory, not saved)."""
    status, objectives, employee_signed, manager_signed = {
        "draft, no objectives": ("draft", False, False, False),
        "draft": ("draft", True, False, False),
        "objectives agreed": ("objectives_agreed", True, False, False),
        "mid-year done": ("mid_year_done", True, False, False),
        "year-end done": ("year_end_done", True, False, False),
        "signed by the employee": ("year_end_done", True, True, False),
        "signed by the manager": ("year_end_done", True, False, True),
        "signed off": ("signed_off", True, True, True),
    }[state]
    appraisal.status = status
    appraisal.has_objectives = objectives  # type: ignore[attr-defined]
    appraisal.employee_signed_off_at = MOMENT if employee_signed else None
    appraisal.manager_signed_off_at = MOMENT if manager_signed else None
    return appraisal


E, M = "employee", "manager"
TABLE = {
    # state: (employee's actions, line manager's actions)
    "draft, no objectives": (OPEN, SHARED),
    "draft": (OPEN, SHARED | {workflow.AGREE_OBJECTIVES}),
    "objectives agreed": (OPEN, SHARED | {workflow.MID_YEAR_REVIEW}),
    "mid-year done": (
        OPEN,
        SHARED | {workflow.MID_YEAR_REVIEW, workflow.YEAR_END_REVIEW},
    ),
    "year-end done": (
        OPEN | {workflow.SIGN_OFF},
        SHARED | {workflow.YEAR_END_REVIEW, workflow.SIGN_OFF},
    ),
    "signed by the employee": (set(), {workflow.SIGN_OFF}),
    "signed by the manager": ({workflow.SIGN_OFF}, set()),
    "signed off": (set(), set()),
}
NOBODY_ELSE = [
    "director",
    "hr",
    "officer",
    "other_officer",
    "cabinet_member",
    "councillor",
    "insight",
    "partner",
    "no_role_user",
]


@pytest.mark.parametrize("state", list(TABLE))
@pytest.mark.parametrize("who", [E, M, *NOBODY_ELSE])
def test_allowed_actions_for_every_person_and_state(request, appraisal, who, state):
    user = request.getfixturevalue(who)
    appraisal = put_in_state(appraisal, state)
    expected = {E: TABLE[state][0], M: TABLE[state][1]}.get(who, set())
    assert workflow.allowed_actions(user, appraisal) == frozenset(expected)


def test_every_transition_leads_to_a_known_state():
    for sources, target in workflow.TRANSITIONS.values():
        assert set(sources) <= set(workflow.STATES)
        assert target in workflow.STATES


@pytest.mark.parametrize("who", ["director", "hr", "officer"])
def test_a_step_the_person_may_never_take_is_a_permission_refusal(
    request, appraisal, who
):
    user = request.getfixturevalue(who)
    for action in workflow.ACTIONS:
        refused = workflow.refusal(user, appraisal, action)
        assert refused is not None and type(refused).__name__ == (
            "PermissionDeniedError"
        ), action


def test_a_step_not_possible_now_says_why(appraisal, manager, employee):
    refused = workflow.refusal(manager, appraisal, workflow.AGREE_OBJECTIVES)
    assert type(refused).__name__ == "ApplicationError"
    assert refused.message == "There are no objectives to agree yet."
    refused = workflow.refusal(employee, appraisal, workflow.SIGN_OFF)
    assert refused.message == "The appraisal is signed after the year-end review."


# --- refusals before the body is read ---------------------------------------------

CREATES = [
    "/api/v1/appraisals/",
    "/api/v1/appraisal-objectives/",
    "/api/v1/one-to-ones/",
]
STEPS = [
    "agree-objectives",
    "mid-year-review",
    "year-end-review",
    "sign-off",
    "ratings",
]


@pytest.mark.parametrize(
    "who", ["cabinet_member", "councillor", "partner", "no_role_user"]
)
def test_read_only_roles_posting_an_empty_body_to_a_create_get_403(api, request, who):
    client = api(request.getfixturevalue(who))
    for url in CREATES:
        assert client.post(url, {}, format="json").status_code == 403, url


@pytest.mark.parametrize("who", ["director", "hr"])
def test_readers_posting_an_empty_body_to_a_step_get_403(
    api, request, appraisal, objective, who
):
    client = api(request.getfixturevalue(who))
    for step in STEPS:
        url = f"/api/v1/appraisals/{appraisal.pk}/{step}/"
        assert client.post(url, {}, format="json").status_code == 403, url
    for url in (
        f"/api/v1/appraisals/{appraisal.pk}/",
        f"/api/v1/appraisal-objectives/{objective.pk}/",
    ):
        assert client.patch(url, {}, format="json").status_code == 403, url


def test_the_employee_posting_an_empty_body_to_a_managers_step_gets_403(
    api, employee, appraisal, objective
):
    client = api(employee)
    for step in ("agree-objectives", "mid-year-review", "year-end-review"):
        url = f"/api/v1/appraisals/{appraisal.pk}/{step}/"
        assert client.post(url, {}, format="json").status_code == 403, url


def test_a_step_not_possible_now_is_a_400_with_the_reason_before_the_body(
    api, manager, appraisal, objective
):
    response = api(manager).post(
        f"/api/v1/appraisals/{appraisal.pk}/sign-off/", {}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The appraisal is signed after the year-end review."
    )


@pytest.mark.parametrize("url", CREATES[1:])
def test_a_create_naming_a_hidden_appraisal_is_a_404_before_the_rest(
    api, officer, appraisal, url
):
    response = api(officer).post(url, {"appraisal": appraisal.pk}, format="json")
    assert response.status_code == 404


def test_a_create_the_person_may_never_make_on_that_appraisal_is_a_403(
    api, manager, hr, appraisal
):
    # The line manager reads it but never writes the objectives; HR reads it and
    # records no one-to-ones.
    response = api(manager).post(
        "/api/v1/appraisal-objectives/", {"appraisal": appraisal.pk}, format="json"
    )
    assert response.status_code == 403
    response = api(hr).post(
        "/api/v1/one-to-ones/", {"appraisal": appraisal.pk}, format="json"
    )
    assert response.status_code == 403


def test_pages_refuse_a_step_before_reading_the_form(client, hr, appraisal, objective):
    client.force_login(hr)
    for name in ("appraisals:agree_objectives", "appraisals:sign_off"):
        url = reverse(name, args=[appraisal.pk])
        assert client.post(url, {}).status_code == 403, name


# --- the next step's button ---------------------------------------------------------


def test_agree_objectives_overdue_has_its_button(client, manager, appraisal, objective):
    client.force_login(manager)
    page = client.get(appraisal.get_absolute_url()).text
    assert "Overdue" in page  # objectives were due by 31 May 2025
    assert f"Agree {appraisal.employee}&#x27;s objectives" in page
    agree = reverse("appraisals:agree_objectives", args=[appraisal.pk])
    assert page.count(f'action="{agree}"') == 2  # the next step, and the list's


def test_the_team_page_links_each_step_to_where_it_is_done(
    client, manager, appraisal, objective
):
    client.force_login(manager)
    page = client.get(reverse("appraisals:team") + f"?year={YEAR}").text
    assert f'href="{appraisal.get_absolute_url()}#objectives"' in page


def test_nobody_else_sees_a_step_button(client, director, appraisal, objective):
    client.force_login(director)
    page = client.get(appraisal.get_absolute_url()).text
    assert "objectives</button>" not in page


# --- to-do items --------------------------------------------------------------------


def labels(user):
    return [item.label for item in workflow.todo_items(user, today=IN_YEAR)]


def test_the_employee_is_asked_to_start_then_write_objectives(
    employee, manager, housing_plan
):
    assert labels(employee) == [f"Start your {period_label(YEAR)} appraisal"]
    item = workflow.todo_items(employee, today=IN_YEAR)[0]
    assert item.url == reverse("appraisals:mine") and item.overdue
    appraisal = services.appraisal_start(employee=employee, user=employee, year=YEAR)
    assert labels(employee) == ["Write your objectives"]
    item = workflow.todo_items(employee, today=IN_YEAR)[0]
    assert item.url == reverse("appraisals:objective_add", args=[appraisal.pk])
    # Nothing to agree yet.
    assert labels(manager) == [f"Start your {period_label(YEAR)} appraisal"]
    services.appraisal_objective_create(
        appraisal=appraisal,
        user=employee,
        title="Plans",
        measure_of_success="x",
        strategy=housing_plan.strategy,
    )
    assert labels(employee) == []


def test_the_manager_is_asked_for_each_step_until_it_is_done(
    manager, employee, appraisal, objective
):
    name = str(employee)

    def about_alex():
        return [label for label in labels(manager) if name in label]

    assert about_alex() == [f"Agree {name}'s objectives"]
    assert f"{appraisal.get_absolute_url()}#objectives" in [
        item.url for item in workflow.todo_items(manager, today=IN_YEAR)
    ]
    appraisal = services.appraisal_objectives_agree(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    assert about_alex() == [f"Write {name}'s mid-year review"]
    assert reverse("appraisals:review", args=[appraisal.pk, "mid-year"]) in [
        item.url for item in workflow.todo_items(manager, today=IN_YEAR)
    ]
    appraisal = services.appraisal_mid_year_review(
        appraisal=appraisal,
        user=manager,
        expected_version=appraisal.version,
        review="Good.",
    )
    assert about_alex() == [f"Write {name}'s year-end review"]
    appraisal = services.appraisal_year_end_review(
        appraisal=appraisal,
        user=manager,
        expected_version=appraisal.version,
        review="Fine.",
    )
    assert about_alex() == [f"Sign {name}'s appraisal"]
    assert labels(employee) == ["Sign your appraisal"]
    appraisal = services.appraisal_sign_off(
        appraisal=appraisal, user=employee, expected_version=appraisal.version
    )
    assert labels(employee) == []
    services.appraisal_sign_off(
        appraisal=appraisal, user=manager, expected_version=appraisal.version
    )
    assert about_alex() == []


@pytest.mark.parametrize(
    "who", ["director", "hr", "cabinet_member", "councillor", "partner", "insight"]
)
def test_nobody_else_is_asked_about_the_appraisal(request, appraisal, objective, who):
    items = workflow.todo_items(request.getfixturevalue(who), today=IN_YEAR)
    assert not any(appraisal.get_absolute_url() in item.url for item in items)
    assert not any(str(appraisal.employee) in item.label for item in items)
    if who in ("cabinet_member", "councillor", "partner"):
        assert items == []  # elected members and partners have no appraisals
