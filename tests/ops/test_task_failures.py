"""Background work that fails, or cannot be queued, is recorded and shown to the
performance administrator, who can queue it again; nothing is lost silently."""

import pytest
from celery import Task, shared_task
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from coventry_pm.core.models import TaskFailure
from coventry_pm.core.services import (
    task_failure_requeue,
    unqueued_tasks_requeue,
)
from scorecard.tasks import send_approval_requested_email_task

pytestmark = pytest.mark.django_db


@shared_task(name="tests.ops.always_fails")
def always_fails_task(metric_id: int) -> None:
    raise RuntimeError(f"cannot publish {metric_id}")


@pytest.fixture
def broker_down(monkeypatch):
    """The broker refuses connections: publishing raises as kombu does."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)

    def refuse(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Refused.")

    monkeypatch.setattr(Task, "apply_async", refuse)


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, args, kwargs: calls.append((name, args))
    )
    return calls


def _not_queued(task_id: int = 7) -> TaskFailure:
    return TaskFailure.objects.create(
        kind=TaskFailure.Kind.NOT_QUEUED,
        task_name="scorecard.tasks.send_approval_requested_email_task",
        args=[task_id],
    )


def test_a_task_that_fails_is_recorded_with_its_arguments_and_traceback():
    # As in the worker: the error is not raised to a caller, it is recorded.
    always_fails_task.apply(args=(12,), throw=False)
    failure = TaskFailure.objects.get()
    assert failure.kind == TaskFailure.Kind.FAILED
    assert failure.task_name == "tests.ops.always_fails"
    assert failure.args == [12]
    assert "cannot publish 12" in failure.error
    assert "RuntimeError" in failure.traceback


def test_queuing_with_the_broker_down_does_not_raise_and_is_recorded(broker_down):
    result = send_approval_requested_email_task.delay(5)
    assert result.id
    failure = TaskFailure.objects.get()
    assert failure.kind == TaskFailure.Kind.NOT_QUEUED
    assert failure.task_name == send_approval_requested_email_task.name
    assert failure.task_id == result.id
    assert failure.args == [5]
    assert "Refused" in failure.error


def test_a_submission_still_goes_through_with_the_broker_down(
    broker_down, officer, django_capture_on_commit_callbacks
):
    from scorecard import services
    from tests import factories

    metric = factories.MetricFactory(team=officer.team)
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_save(
            user=officer, metric=metric, period="2024-25", value_text="12"
        )
        services.submission_submit(
            submission=submission, user=officer, expected_version=submission.version
        )
    submission.refresh_from_db()
    assert submission.status == "submitted"
    failure = TaskFailure.objects.get()
    assert failure.args == [submission.pk]


def test_requeue_sends_the_task_again_and_closes_the_failure(sent, insight):
    failure = _not_queued()
    task_failure_requeue(failure=failure, user=insight)
    failure.refresh_from_db()
    assert sent == [(failure.task_name, [7])]
    assert failure.resolution == TaskFailure.Resolution.REQUEUED
    assert failure.resolved_by == insight


def test_requeue_with_the_broker_still_down_leaves_the_failure_open(
    monkeypatch, insight
):
    from coventry_pm.core.exceptions import ApplicationError

    def refuse(*args, **kwargs):
        raise OperationalError("refused")

    monkeypatch.setattr(celery_app, "send_task", refuse)
    failure = _not_queued()
    with pytest.raises(ApplicationError):
        task_failure_requeue(failure=failure, user=insight)
    failure.refresh_from_db()
    assert failure.resolution == ""


def test_beat_requeues_what_could_not_be_queued_but_not_what_failed(sent):
    _not_queued(1)
    _not_queued(2)
    TaskFailure.objects.create(kind=TaskFailure.Kind.FAILED, task_name="x.y")
    assert unqueued_tasks_requeue() == 2
    assert [args for _, args in sent] == [[1], [2]]
    assert TaskFailure.objects.filter(resolution="").count() == 1


def test_the_requeue_task_is_scheduled_by_beat(settings, sent):
    from coventry_pm.core.tasks import requeue_unqueued_tasks_task

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert requeue_unqueued_tasks_task.name in tasks
    _not_queued()
    assert requeue_unqueued_tasks_task.delay().get() == 1


# -- the page -------------------------------------------------------------------


def test_it_requires_sign_in(client):
    response = client.get("/operations/tasks/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role_fixture", ["officer", "manager", "cabinet_member", "councillor", "hr"]
)
def test_it_requires_the_performance_administrator(client, request, role_fixture):
    failure = _not_queued()
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get("/operations/tasks/").status_code == 403
    response = client.post(f"/operations/tasks/{failure.pk}/", {"action": "dismiss"})
    assert response.status_code == 403
    failure.refresh_from_db()
    assert failure.resolution == ""


def test_the_administrator_sees_open_failures(client, insight):
    _not_queued()
    TaskFailure.objects.create(
        kind=TaskFailure.Kind.FAILED,
        task_name="appraisals.tasks.send_appraisal_reminders_task",
        error="SMTPServerDisconnected: gone",
    )
    client.force_login(insight)
    response = client.get("/operations/tasks/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Open (2)" in body
    assert "send_approval_requested_email_task" in body
    assert "Not queued (broker unavailable)" in body
    assert "SMTPServerDisconnected: gone" in body


def test_the_administrator_finds_the_page_in_the_navigation(client, insight):
    client.force_login(insight)
    assert 'href="/operations/tasks/"' in client.get("/").content.decode()


def test_the_administrator_queues_a_failure_again(client, insight, sent):
    failure = _not_queued()
    client.force_login(insight)
    response = client.post(f"/operations/tasks/{failure.pk}/", {"action": "requeue"})
    assert response.status_code == 302
    failure.refresh_from_db()
    assert failure.resolution == TaskFailure.Resolution.REQUEUED
    assert len(sent) == 1


def test_the_administrator_dismisses_a_failure(client, insight, sent):
    failure = _not_queued()
    client.force_login(insight)
    client.post(f"/operations/tasks/{failure.pk}/", {"action": "dismiss"})
    failure.refresh_from_db()
    assert failure.resolution == TaskFailure.Resolution.DISMISSED
    assert sent == []
    page = client.get("/operations/tasks/").content.decode()
    assert "Nothing needs attention." in page


def test_a_queued_task_carries_the_id_of_the_request_that_queued_it(monkeypatch):
    from coventry_pm.core.logs import request_id_var

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    sent_options = []
    monkeypatch.setattr(
        Task, "apply_async", lambda self, *a, **options: sent_options.append(options)
    )
    token = request_id_var.set("req-7")
    try:
        send_approval_requested_email_task.delay(5)
    finally:
        request_id_var.reset(token)
    assert sent_options[0]["headers"] == {"request_id": "req-7"}


def test_worker_log_lines_carry_the_task_and_the_request_that_queued_it():
    import logging

    from celery._state import _task_stack

    from coventry_pm.core.logs import ContextFilter

    task = send_approval_requested_email_task
    task.push_request(id="task-1", request_id="req-7")
    _task_stack.push(task)
    try:
        record = logging.LogRecord("x", logging.INFO, "", 0, "sent", (), None)
        ContextFilter().filter(record)
    finally:
        _task_stack.pop()
        task.pop_request()
    assert (record.task_id, record.request_id) == ("task-1", "req-7")
    assert record.task_name == task.name
