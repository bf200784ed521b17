"""Entering figures, submitting, approving and returning them, through the pages:
Priya's and Tom's day (JOURNEYS.md)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from scorecard import workflow
from scorecard.models import MetricValue, RecordedVerdict, Submission
from scorecard.selectors import data_due_for, metric_assessments
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def homelessness(officer, manager, cabinet_member):
    officer.email = "priya@example.org"
    officer.save()
    manager.email = "tom@example.org"
    manager.save()
    metric = factories.MetricFactory(
        code="HOU001",
        name="Homelessness cases prevented and relieved",
        unit="number",
        frequency="quarter",
        owner=officer,
        team=officer.team,
        portfolio=cabinet_member.portfolios.get(),
    )
    factories.MetricValueFactory(metric=metric, period="2026-27 Q1", value_text="305")
    factories.ComparatorValueFactory(
        metric=metric, period="2026-27 Q1", value_text="298"
    )
    return metric


def enter(client, metric, period, **data):
    url = reverse("scorecard:submission_new", args=[metric.code, period])
    return client.post(url, {"value_text": "", **data})


def test_my_updates_lists_the_overdue_quarter(client, officer, homelessness):
    client.force_login(officer)
    page = client.get(reverse("scorecard:my_updates")).text
    assert "Homelessness cases prevented and relieved" in page
    assert "2026/27 Q2" in page
    assert "Overdue" in page


def test_due_items_are_worked_out_from_frequency_and_lag(officer, homelessness):
    homelessness.entry_lag_days = 54
    homelessness.save()
    items = data_due_for(officer, today=dt.date(2026, 11, 26))
    item = next(i for i in items if i.period == "2026-27 Q2")
    assert item.due_date == dt.date(2026, 11, 23)
    assert item.days_overdue == 3
    assert item.describe().endswith("overdue by 3 days")
    # Q1 is in, so it is not due.
    assert all(i.period != "2026-27 Q1" for i in items)


def test_priya_enters_overrides_and_submits_then_tom_returns_and_approves(
    client, officer, manager, homelessness, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    response = enter(
        client, homelessness, "2026-27 Q2", value_text="291", note="Data system change"
    )
    submission = Submission.objects.get()
    assert response.url == reverse("scorecard:submission", args=[submission.pk])

    page = client.get(response.url).text
    assert "Got worse: 305 → 291" in page  # the calculated verdict, before submitting

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            response.url,
            {
                "value_text": "291",
                "note": "Data system change",
                "progress_override": "cannot_say",
                "override_reason": "A data-system change explains part of the fall.",
                "version": submission.version,
                "submit": "1",
            },
        )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert (
        "awaiting approval"
        in client.get(
            reverse("scorecard:submission", args=[submission.pk])
        ).text.lower()
    )
    assert mail.outbox[-1].to == ["tom@example.org"]
    # Not approved, so not yet on dashboards.
    assert (
        metric_assessments(metrics=[homelessness], year="2026-27")[0].current.value_text
        == "305"
    )

    client.force_login(manager)
    queue = client.get(reverse("scorecard:approvals")).text
    assert "Homelessness cases prevented and relieved" in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("scorecard:submission", args=[submission.pk]),
            {
                "decision": "return",
                "comment": "Keep Got worse — the change is real.",
                "version": submission.version,
            },
        )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    assert mail.outbox[-1].to == ["priya@example.org"]
    assert "Keep Got worse" in mail.outbox[-1].body

    client.force_login(officer)
    assert "Returned" in client.get(reverse("scorecard:my_updates")).text
    client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {
            "value_text": "291",
            "note": "Data system change",
            "progress_override": "got_worse",
            "override_reason": "Agreed with Tom: the fall is real.",
            "version": submission.version,
            "submit": "1",
        },
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED

    client.force_login(manager)
    client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {
            "decision": "approve",
            "confirm": "on",
            "comment": "",
            "version": submission.version,
        },
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    row = metric_assessments(metrics=[homelessness], year="2026-27")[0]
    assert row.current.value_text == "291"
    assert row.progress == "got_worse"
    verdict = RecordedVerdict.objects.get()
    assert verdict.progress == "got_worse"
    assert verdict.source == RecordedVerdict.Source.CONFIRMED
    assert verdict.recorded_by == officer
    # The whole path is in the history.
    statuses = [h.status for h in submission.history.order_by("history_date")]
    assert (
        statuses
        == ["draft", "draft", "submitted", "returned", "draft", "submitted", "approved"]
        or statuses[-1] == "approved"
    )


def test_nobody_approves_their_own_submission(client, manager, homelessness):
    homelessness.team.manager = manager
    client.force_login(manager)
    enter(client, homelessness, "2026-27 Q2", value_text="291")
    submission = Submission.objects.get()
    client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"value_text": "291", "version": submission.version, "submit": "1"},
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert "Homelessness" not in client.get(reverse("scorecard:approvals")).text
    response = client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"decision": "approve", "version": submission.version},
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert response.status_code in (200, 403)


def test_an_officer_of_another_team_cannot_enter_or_see_the_figure(
    client, other_officer, homelessness
):
    client.force_login(other_officer)
    response = enter(client, homelessness, "2026-27 Q2", value_text="1")
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_a_stale_edit_is_refused_and_the_persons_input_kept(
    client, officer, homelessness
):
    client.force_login(officer)
    enter(client, homelessness, "2026-27 Q2", value_text="291")
    submission = Submission.objects.get()
    stale = submission.version
    client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"value_text": "292", "version": stale, "save": "1"},
    )
    response = client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"value_text": "299", "version": stale, "save": "1"},
    )
    assert response.status_code == 200
    assert "while you were editing" in response.text
    assert 'value="299"' in response.text  # what they typed is still there
    latest = MetricValue.objects.filter(submission=submission).order_by("-revision")[0]
    assert latest.value_text == "292"


def test_an_override_needs_a_reason(client, officer, homelessness):
    client.force_login(officer)
    response = enter(
        client,
        homelessness,
        "2026-27 Q2",
        value_text="291",
        progress_override="similar",
    )
    assert response.status_code == 200
    assert "Say why you are overriding the verdict." in response.text
    assert not Submission.objects.exists()


def test_breakdowns_need_all_three_parts(client, officer, homelessness):
    client.force_login(officer)
    response = enter(
        client, homelessness, "2026-27 Q2", value_text="291", breakdown_0="sex"
    )
    assert "Give the dimension, the group and the figure" in response.text


def test_breakdowns_are_entered_with_the_figure(client, officer, homelessness):
    client.force_login(officer)
    enter(
        client,
        homelessness,
        "2026-27 Q2",
        value_text="291",
        breakdown_0="ward",
        group_0="Foleshill",
        group_value_0="40",
    )
    value = MetricValue.objects.get(breakdown="ward")
    assert (value.breakdown_group, value.value_text) == ("Foleshill", "40")
    assert value.approval == MetricValue.Approval.DRAFT


def test_action_update_goes_to_the_manager_and_changes_the_action_when_approved(
    client, officer, manager, housing_team
):
    action = factories.ActionFactory(
        action_plan__team=housing_team, owner=officer, title="Open the hub"
    )
    client.force_login(officer)
    client.post(
        reverse("strategies:action_update", args=[action.pk]),
        {
            "status": "at_risk",
            "percent_complete": 40,
            "narrative": "The contractor has slipped. We are re-tendering.",
            "version": action.version,
        },
    )
    action.refresh_from_db()
    assert action.status == "on_track"  # not until approved
    update = action.updates.get()
    client.force_login(manager)
    assert "Open the hub" in client.get(reverse("scorecard:approvals")).text
    client.post(
        reverse("strategies:update_review", args=[update.pk]),
        {"decision": "approve", "version": update.version},
    )
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == ("at_risk", 40)


def test_only_officers_and_managers_have_my_updates_and_only_managers_approvals(
    client, employee, councillor, officer
):
    for user in (employee, councillor):
        client.force_login(user)
        assert client.get(reverse("scorecard:my_updates")).status_code == 403
        assert client.get(reverse("scorecard:approvals")).status_code == 403
    client.force_login(officer)
    assert client.get(reverse("scorecard:approvals")).status_code == 403


def submitted(client, officer, metric):
    """The officer's figure for 2026-27 Q2, entered and submitted for approval."""
    client.force_login(officer)
    enter(client, metric, "2026-27 Q2", value_text="291")
    submission = Submission.objects.get()
    client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"value_text": "291", "version": submission.version, "submit": "1"},
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    return submission


def test_returning_without_a_reason_says_to_give_one_beside_the_field(
    client, officer, manager, homelessness
):
    submission = submitted(client, officer, homelessness)
    client.force_login(manager)
    response = client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"decision": "return", "comment": "  ", "version": submission.version},
    )
    assert response.status_code == 200
    page = response.text
    assert 'class="error-summary" role="alert"' in page
    # In the summary, linked to the field; and beside the field, which is marked.
    assert (
        '<a href="#return_comment">Reason for returning it: '
        "Say what needs to change.</a>" in page
    )
    assert (
        '<span class="errorlist" id="return_comment_error">'
        "Say what needs to change.</span>" in page
    )
    assert 'id="return_comment" rows="3"' in page
    assert 'aria-invalid="true"' in page
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_approving_is_confirmed_first_it_is_final(
    client, officer, manager, homelessness
):
    submission = submitted(client, officer, homelessness)
    client.force_login(manager)
    url = reverse("scorecard:submission", args=[submission.pk])
    response = client.post(
        url, {"decision": "approve", "comment": "", "version": submission.version}
    )
    assert response.status_code == 200
    assert (
        '<a href="#approve_confirm">I have checked the figure and the verdict: '
        "Confirm you have checked the figure and the verdict.</a>" in response.text
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    response = client.post(
        url, {"decision": "approve", "confirm": "on", "version": submission.version}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED


def _buttons(page):
    """The step buttons on a submission's page: (class, name, value, text)."""
    return re.findall(
        r'<button class="([^"]+)" type="submit" name="(\w+)" value="(\w+)">([^<]+)<',
        page,
    )


def test_the_page_shows_the_steps_the_workflow_allows_each_person(
    client, officer, manager, cabinet_member, homelessness
):
    submission = submitted(client, officer, homelessness)
    url = reverse("scorecard:submission", args=[submission.pk])
    client.force_login(manager)
    page = client.get(url).text
    # Approve and Return: two actions, each its own form, styled differently.
    assert _buttons(page) == [
        ("button", "decision", "approve", "Approve"),
        ("button button--warning", "decision", "return", "Return to the officer"),
    ]
    assert page.count('<form method="post" novalidate>') == 2
    assert "Approving is final" in page
    # The officer who sent it: no step on a sent figure; the cabinet member does
    # not see an unapproved one.
    client.force_login(officer)
    assert _buttons(client.get(url).text) == []
    client.force_login(cabinet_member)
    assert client.get(url).status_code == 404
    # Returned: the officer edits and submits it again; nobody may review it.
    client.force_login(manager)
    client.post(
        url, {"decision": "return", "comment": "Why?", "version": submission.version}
    )
    client.force_login(officer)
    assert [b[1:] for b in _buttons(client.get(url).text)] == [
        ("save", "1", "Save"),
        ("submit", "1", "Submit for approval"),
    ]
    client.force_login(manager)
    assert "decision" not in [b[1] for b in _buttons(client.get(url).text)]


def test_an_officer_posting_a_return_is_refused_before_the_body_is_read(
    client, officer, homelessness
):
    submission = submitted(client, officer, homelessness)
    # No reason given: the refusal is the 403, not the reason's error.
    response = client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"decision": "return", "comment": "", "version": submission.version},
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    # The 403 page says why: the workflow's own refusal, not a generic one.
    page = response.content.decode()
    assert escape(workflow.refusal(submission, workflow.RETURN)) in page
    assert "Your roles do not let you" not in page


def test_a_manager_posting_figures_to_a_sent_submission_is_told_why(
    client, officer, manager, homelessness
):
    submission = submitted(client, officer, homelessness)
    client.force_login(manager)
    response = client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"value_text": "1", "version": submission.version, "save": "1"},
    )
    assert response.status_code == 200
    assert "This submission is awaiting approval and can no longer be changed." in (
        response.text
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_only_a_reviewer_may_send_a_decision(client, officer, homelessness):
    submission = submitted(client, officer, homelessness)
    response = client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {"decision": "approve", "confirm": "on", "version": submission.version},
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_a_resubmitted_figure_labels_the_comment_as_on_the_earlier_version(
    client, officer, manager, homelessness
):
    submission = submitted(client, officer, homelessness)
    client.force_login(manager)
    client.post(
        reverse("scorecard:submission", args=[submission.pk]),
        {
            "decision": "return",
            "comment": "Check the Q2 count.",
            "version": submission.version,
        },
    )
    submission.refresh_from_db()
    url = reverse("scorecard:submission", args=[submission.pk])
    assert "returned it" in client.get(url).text

    client.force_login(officer)
    client.post(
        url, {"value_text": "290", "version": submission.version, "submit": "1"}
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    page = client.get(url).text
    comment = page[page.index("data-review-comment") :]
    comment = comment[: comment.index("</p>")]
    assert "returned the earlier version" in comment
    assert "Check the Q2 count." in comment
    assert "awaiting approval" not in comment.lower()
