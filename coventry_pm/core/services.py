"""Recording work the worker could not do, and putting it right (operations page)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from coventry_pm.core.exceptions import ApplicationError
from coventry_pm.core.models import TaskFailure

logger = logging.getLogger("coventry_pm.tasks")

_TEXT_LIMIT = 20_000


def _jsonable(value: Any) -> Any:
    """Task arguments are ids and plain values (STYLE.md); anything else is kept as
    its repr so recording a failure never fails itself."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


def task_failure_record(
    *,
    kind: str,
    task_name: str,
    task_id: str = "",
    args: Sequence[Any] | None = None,
    kwargs: Mapping[str, Any] | None = None,
    error: str = "",
    traceback: str = "",
    hostname: str = "",
) -> TaskFailure | None:
    """Keep a task that failed or could not be queued, and log it.

    Never raises: it runs while something else is already going wrong (the broker
    or the database may be down), so when the row cannot be written the log line,
    with the task's arguments, is the record.
    """
    logger.error(
        "task %s: %s",
        kind,
        task_name,
        extra={
            "task_name": task_name,
            "task_id": task_id,
            "task_args": _jsonable(list(args or [])),
            "task_kwargs": _jsonable(dict(kwargs or {})),
            "error": error[:2000],
            "failure_kind": kind,
        },
    )
    try:
        return TaskFailure.objects.create(
            kind=kind,
            task_name=task_name[:255],
            task_id=(task_id or "")[:255],
            args=_jsonable(list(args or [])),
            kwargs=_jsonable(dict(kwargs or {})),
            error=error[:_TEXT_LIMIT],
            traceback=traceback[:_TEXT_LIMIT],
            hostname=hostname[:255],
        )
    except Exception:
        logger.exception("could not record the task failure of %s", task_name)
        return None


@transaction.atomic
def task_failure_requeue(*, failure: TaskFailure, user: User | None) -> TaskFailure:
    """Send an open failure's task to the broker again with the same arguments.

    Raises ApplicationError when it is no longer open or the broker still cannot be
    reached (the failure then stays open).
    """
    # The running Celery app (config.celery, the composition root, which core
    # does not import).
    from celery import current_app as app

    failure = TaskFailure.objects.select_for_update().get(pk=failure.pk)
    if failure.resolution:
        raise ApplicationError("This failure has already been dealt with.")
    args = failure.args if isinstance(failure.args, list) else []
    kwargs = failure.kwargs if isinstance(failure.kwargs, dict) else {}
    try:
        # send_task, not the task's apply_async: a second failure to queue must not
        # record a second row, it leaves this one open.
        app.send_task(failure.task_name, args=args, kwargs=kwargs)
    except Exception as error:
        raise ApplicationError(
            f"The task queue cannot be reached, so nothing was queued: {error}"
        ) from error
    failure.resolution = TaskFailure.Resolution.REQUEUED
    failure.resolved_at = timezone.now()
    failure.resolved_by = user
    failure.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    logger.info("task requeued: %s", failure.task_name, extra={"failure": failure.pk})
    return failure


def task_failure_dismiss(*, failure: TaskFailure, user: User) -> TaskFailure:
    """Close a failure without running its task again."""
    updated = TaskFailure.objects.filter(pk=failure.pk, resolution="").update(
        resolution=TaskFailure.Resolution.DISMISSED,
        resolved_at=timezone.now(),
        resolved_by=user,
    )
    if not updated:
        raise ApplicationError("This failure has already been dealt with.")
    failure.refresh_from_db()
    return failure


def unqueued_tasks_requeue(*, limit: int = 100) -> int:
    """Queue again the tasks that could not be queued while the broker was down
    (run by beat once the broker is back); returns how many were queued."""
    queued = 0
    pending = TaskFailure.objects.filter(
        kind=TaskFailure.Kind.NOT_QUEUED, resolution=""
    ).order_by("occurred_at")[:limit]
    for failure in pending:
        try:
            task_failure_requeue(failure=failure, user=None)
        except ApplicationError:
            break
        queued += 1
    return queued
