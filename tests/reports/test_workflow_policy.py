"""The annual report's one policy (reports/workflow.py): allowed_actions for every
person × state, refusals before the body on every create endpoint and step, the
request-approval step (notified, kept in the history) and the to-do items."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from reports import workflow
from reports.models import ReportApprovalRequest, ReportRun, ReportSnapshot
from reports.services.annual import report_approval_request, report_approve
from tests import factories

pytestmark = pytest.mark.django_db

CONTENT = {"summary": {}, "sentence": ""}


@pytest.fixture
def snapshot(db):
    """A draft as a run leaves it (no files are needed to approve one)."""
    plan = factories.PlanFactory()
    run = ReportRun.objects.create(
        plan=plan, period="2024-25", status=ReportRun.Status.READY
    )
    return ReportSnapshot.objects.create(
        run=run, plan=plan, period="2024-25", content=CONTENT
    )


@pytest.fixture
def both(db):
    """The performance administrator who is also a cabinet member."""
    return factories.UserFactory(
        username="both", roles=["performance_admin", "cabinet_member"]
    )


def put_in_state(snapshot, state, insight, cabinet_member):
    status, admin, cabinet = {
        workflow.AWAITING_BOTH: ("draft", None, None),
        workflow.AWAITING_CABINET: ("draft", insight, None),
        workflow.AWAITING_ADMINISTRATOR: ("draft", None, cabinet_member),
        workflow.APPROVED: ("approved", insight, cabinet_member),
        workflow.PUBLISHED: ("published", insight, cabinet_member),
        workflow.SUPERSEDED: ("superseded", insight, cabinet_member),
    }[state]
    snapshot.status = status
    snapshot.approved_by_admin = admin
    snapshot.approved_by_cabinet = cabinet
    return snapshot


A, R, P, C = (
    workflow.APPROVE,
    workflow.REQUEST_APPROVAL,
    workflow.PUBLISH,
    workflow.CORRECT,
)
TABLE = {
    # state: (the administrator's, the cabinet member's, one holding both roles')
    workflow.AWAITING_BOTH: ({A}, {A}, {A}),
    workflow.AWAITING_CABINET: ({R}, {A}, {A, R}),
    workflow.AWAITING_ADMINISTRATOR: ({A}, set(), {A}),
    workflow.APPROVED: ({P}, set(), {P}),
    workflow.PUBLISHED: ({C}, set(), {C}),
    workflow.SUPERSEDED: (set(), set(), set()),
}
NOBODY_ELSE = ["councillor", "employee", "officer", "manager", "hr", "partner"]


@pytest.mark.parametrize("state", workflow.STATES)
@pytest.mark.parametrize("who", ["insight", "cabinet_member", "both", *NOBODY_ELSE])
def test_allowed_actions_for_every_person_and_state(
    request, snapshot, insight, cabinet_member, who, state
):
    user = request.getfixturevalue(who)
    snapshot = put_in_state(snapshot, state, insight, cabinet_member)
    assert workflow.state_of(snapshot) == state
    expected = dict(
        zip(["insight", "cabinet_member", "both"], TABLE[state], strict=True)
    )
    assert workflow.allowed_actions(user, snapshot) == frozenset(
        expected.get(who, set())
    )


def test_the_public_may_take_no_step(snapshot):
    assert workflow.allowed_actions(AnonymousUser(), snapshot) == frozenset()


def test_every_transition_is_between_known_states():
    for moves in workflow.TRANSITIONS.values():
        for source, targets in moves.items():
            assert source in workflow.STATES
            assert set(targets) <= set(workflow.STATES)


def test_nobody_approves_in_both_capacities(snapshot, both):
    snapshot = report_approve(snapshot=snapshot, user=both)
    assert snapshot.approved_by_admin == both
    assert workflow.allowed_actions(both, snapshot) == {workflow.REQUEST_APPROVAL}
    with pytest.raises(ApplicationError, match="as the performance administrator"):
        report_approve(snapshot=snapshot, user=both)


# --- the request-approval step --------------------------------------------------------


def test_the_administrator_asks_after_approving_and_the_cabinet_member_is_told(
    snapshot, insight, cabinet_member, django_capture_on_commit_callbacks
):
    cabinet_member.email = "khan@coventry.gov.uk"
    cabinet_member.save()
    with pytest.raises(ApplicationError, match="Approve the draft first"):
        report_approval_request(snapshot=snapshot, user=insight)
    snapshot = report_approve(snapshot=snapshot, user=insight)
    with django_capture_on_commit_callbacks(execute=True):
        asked = report_approval_request(snapshot=snapshot, user=insight)
    assert asked.requested_by == insight
    assert list(asked.recipients.all()) == [cabinet_member]
    assert asked.requested_at is not None
    (email,) = mail.outbox
    assert email.to == ["khan@coventry.gov.uk"]
    assert snapshot.title in email.subject
    assert reverse("reports:report_detail", args=[snapshot.pk]) in email.body
    history = [event.what for event in workflow.approval_history(snapshot)]
    assert history == [
        "Generated as a draft",
        "Approved as the performance administrator",
        f"Asked {cabinet_member} to approve",
    ]


def test_only_the_administrator_asks_for_approval(snapshot, insight, cabinet_member):
    snapshot = report_approve(snapshot=snapshot, user=insight)
    for who in (cabinet_member, factories.UserFactory(roles=["councillor"])):
        with pytest.raises(PermissionDeniedError):
            report_approval_request(snapshot=snapshot, user=who)
    assert not ReportApprovalRequest.objects.exists()


def test_only_cabinet_members_are_asked(snapshot, insight, cabinet_member, employee):
    from django.core.exceptions import ValidationError

    snapshot = report_approve(snapshot=snapshot, user=insight)
    with pytest.raises(ValidationError):
        report_approval_request(snapshot=snapshot, user=insight, recipients=[employee])


def test_the_approval_panel_stays_for_the_administrator_with_the_request_step(
    client, snapshot, insight, cabinet_member, django_capture_on_commit_callbacks
):
    snapshot = report_approve(snapshot=snapshot, user=insight)
    client.force_login(insight)
    url = reverse("reports:report_request_approval", args=[snapshot.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"cabinet_member": cabinet_member.pk})
    assert response.status_code == 302
    asked = ReportApprovalRequest.objects.get()
    assert list(asked.recipients.all()) == [cabinet_member]


def test_the_report_page_keeps_the_panel_and_shows_who_asked(
    client, insight, cabinet_member
):
    """The report page with a real generated draft."""
    from reports.services.annual import report_run_execute, report_run_start
    from tests.reports.annual import YEAR, report_data

    data = report_data()
    run = report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    draft = report_run_execute(run_id=run.pk)
    detail = reverse("reports:report_detail", args=[draft.pk])
    client.force_login(insight)
    client.post(reverse("reports:report_approve", args=[draft.pk]))
    page = client.get(detail).text
    assert "Approval and publication" in page
    assert "Request approval" in page
    assert "Approve this draft" not in page
    client.post(reverse("reports:report_request_approval", args=[draft.pk]))
    page = client.get(detail).text
    assert "Approval and publication" in page
    assert f"Asked {cabinet_member} to approve ({insight})" in page
    client.force_login(cabinet_member)
    assert "Approve this draft" in client.get(detail).text
    listing = client.get(reverse("reports:report_list")).text
    assert "Waiting for you" in listing
    assert f"Approve the draft {draft.name}" in listing


# --- refusals before the body ---------------------------------------------------------

STEPS = ["approve", "publish", "request-approval"]


@pytest.mark.parametrize("who", ["employee", "councillor", "partner", "hr"])
def test_roles_that_never_take_a_step_get_403_with_an_empty_body(
    client, request, snapshot, who
):
    client.force_login(request.getfixturevalue(who))
    for step in STEPS:
        url = f"/api/v1/reports/{snapshot.pk}/{step}/"
        response = client.post(url, {}, content_type="application/json")
        assert response.status_code == 403, url
    for name in (
        "reports:report_approve",
        "reports:report_publish",
        "reports:report_request_approval",
    ):
        assert client.post(reverse(name, args=[snapshot.pk])).status_code == 403
    response = client.post("/api/v1/report-runs/", {}, content_type="application/json")
    assert response.status_code == 403
    assert client.post(reverse("reports:run_start"), {}).status_code == 403


def test_the_cabinet_member_may_not_publish_or_ask(client, snapshot, cabinet_member):
    client.force_login(cabinet_member)
    for step in ("publish", "request-approval"):
        url = f"/api/v1/reports/{snapshot.pk}/{step}/"
        response = client.post(url, {}, content_type="application/json")
        assert response.status_code == 403, url


def test_a_step_not_possible_now_is_a_400_with_the_reason(client, snapshot, insight):
    client.force_login(insight)
    response = client.post(
        f"/api/v1/reports/{snapshot.pk}/request-approval/",
        {"cabinet_member": "not an id"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Approve the draft first")


def test_the_api_asks_for_approval(client, snapshot, insight, cabinet_member):
    report_approve(snapshot=snapshot, user=insight)
    client.force_login(insight)
    response = client.post(
        f"/api/v1/reports/{snapshot.pk}/request-approval/",
        {"cabinet_member": cabinet_member.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["report"] == snapshot.pk
    assert body["recipients"] == [str(cabinet_member)]
    assert body["requested_by"] == str(insight)


# --- to-do items ----------------------------------------------------------------------


def labels(user):
    return [item.label for item in workflow.todo_items(user)]


def test_each_approver_sees_the_draft_until_their_step_is_done(
    snapshot, insight, cabinet_member, councillor, employee
):
    title = snapshot.name
    assert labels(insight) == [f"Approve the draft {title}"]
    assert labels(cabinet_member) == [f"Approve the draft {title}"]
    assert labels(councillor) == labels(employee) == []
    item = workflow.todo_items(cabinet_member)[0]
    assert item.url == f"{snapshot.get_absolute_url()}#publication-heading"
    snapshot = report_approve(snapshot=snapshot, user=insight)
    assert labels(insight) == [f"Ask a cabinet member to approve the {title}"]
    assert labels(cabinet_member) == [f"Approve the draft {title}"]
    report_approval_request(snapshot=snapshot, user=insight)
    assert labels(insight) == []
    assert labels(cabinet_member) == [f"Approve the draft {title}"]
    snapshot = report_approve(snapshot=snapshot, user=cabinet_member)
    assert labels(cabinet_member) == []
    assert labels(insight) == [f"Publish the {title}"]
    snapshot.status = ReportSnapshot.Status.PUBLISHED
    snapshot.published_at = timezone.now()
    snapshot.save()
    assert labels(insight) == labels(cabinet_member) == []


def test_a_second_cabinet_member_has_nothing_left_once_one_approved(
    snapshot, insight, cabinet_member
):
    other = factories.UserFactory(username="other-cabinet", roles=["cabinet_member"])
    report_approve(snapshot=snapshot, user=cabinet_member)
    assert labels(other) == []
    assert labels(insight) == [f"Approve the draft {snapshot.name}"]


# --------------------------------------------------------------------------------
# The commentary's policy: who edits and signs off, in each state
# --------------------------------------------------------------------------------

E, S = workflow.EDIT_NARRATIVE, workflow.SIGN_OFF_NARRATIVE


@pytest.fixture
def director(db):
    return factories.UserFactory(username="director", roles=["manager"])


def narrative_in(snapshot, state, insight):
    """The commentary's stored record in each state (None: never stored)."""
    from reports.models import ReportNarrative

    if state == workflow.NARRATIVE_DRAFTED:
        return None
    words = [{"rule": "directional", "text": "As signed.", "figures": []}]
    narrative = ReportNarrative(
        plan=snapshot.plan,
        period=snapshot.period,
        scope="priority",
        key=1,
        title="Homes",
        sentences=words,
        signed_off_sentences=words,
        signed_off_against=snapshot,
        signed_off_by=insight,
        signed_off_at=timezone.now(),
    )
    if state == workflow.NARRATIVE_EDITED:
        narrative.sentences = [{**words[0], "text": "Edited since."}]
    return narrative


@pytest.mark.parametrize(
    ("scope", "has_director", "state", "expected"),
    [
        # A priority: the administrator's alone, in every state.
        ("priority", False, workflow.NARRATIVE_DRAFTED, {"insight": {E, S}}),
        ("priority", False, workflow.NARRATIVE_EDITED, {"insight": {E, S}}),
        # Signed off against this version: nothing to sign again.
        ("priority", False, workflow.NARRATIVE_SIGNED_OFF, {"insight": {E}}),
        # A directorate with a director: both edit, the director signs off.
        (
            "directorate",
            True,
            workflow.NARRATIVE_DRAFTED,
            {"insight": {E}, "director": {E, S}},
        ),
        (
            "directorate",
            True,
            workflow.NARRATIVE_EDITED,
            {"insight": {E}, "director": {E, S}},
        ),
        # With no director: the administrator signs off.
        ("directorate", False, workflow.NARRATIVE_DRAFTED, {"insight": {E, S}}),
    ],
)
def test_narrative_actions_for_every_person_and_state(
    snapshot,
    scope,
    has_director,
    state,
    expected,
    insight,
    director,
    cabinet_member,
    councillor,
    employee,
):
    subject = workflow.NarrativeSubject(
        scope=scope,
        key=1,
        director_id=director.pk if has_director else None,
        snapshot=snapshot,
        narrative=narrative_in(snapshot, state, insight),
    )
    assert workflow.narrative_state(subject.narrative) == state
    people = {
        "insight": insight,
        "director": director,
        "cabinet_member": cabinet_member,
        "councillor": councillor,
        "employee": employee,
        "public": AnonymousUser(),
    }
    for name, person in people.items():
        allowed = workflow.narrative_allowed_actions(person, subject)
        assert allowed == frozenset(expected.get(name, set())), name


@pytest.mark.parametrize("status", ["published", "superseded"])
def test_a_published_reports_commentary_is_closed_to_everyone(
    snapshot, status, insight, director
):
    snapshot.status = status
    for scope, director_id in (("priority", None), ("directorate", director.pk)):
        subject = workflow.NarrativeSubject(
            scope=scope,
            key=1,
            director_id=director_id,
            snapshot=snapshot,
            narrative=None,
        )
        for person in (insight, director):
            assert workflow.narrative_allowed_actions(person, subject) == frozenset()
        refused = workflow.narrative_refusal(insight, subject, E)
        assert type(refused) is ApplicationError  # not now, rather than never


def test_a_version_the_sign_off_has_not_seen_may_be_signed_off_again(snapshot, insight):
    narrative = narrative_in(snapshot, workflow.NARRATIVE_SIGNED_OFF, insight)
    later = ReportSnapshot(plan=snapshot.plan, period=snapshot.period, pk=10**6)
    subject = workflow.NarrativeSubject("priority", 1, None, later, narrative)
    assert S in workflow.narrative_allowed_actions(insight, subject)


def test_every_narrative_transition_is_between_known_states():
    for action, moves in workflow.NARRATIVE_TRANSITIONS.items():
        assert action in workflow.NARRATIVE_ACTIONS
        for source, targets in moves.items():
            assert {source, *targets} <= set(workflow.NARRATIVE_STATES)
