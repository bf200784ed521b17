"""The base class of every Celery task: queuing never takes a page down.

When the broker cannot be reached, ``apply_async`` (and so ``delay``) does not raise
into the request that asked for the work, nor hang: the publish is retried briefly
(CELERY_TASK_PUBLISH_RETRY_POLICY, socket timeouts in base settings), then the task
is recorded as a TaskFailure of kind "not queued" with its arguments. Beat queues
those again once the broker is back, and the performance administrator sees them on
the operations page. Nothing is lost silently.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from celery.result import AsyncResult
from celery.utils import uuid
from kombu.exceptions import OperationalError

from coventry_pm.core.logs import request_id_var

logger = logging.getLogger("coventry_pm.tasks")

BROKER_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    ConnectionError,
    TimeoutError,
    OSError,
)


class ReportedTask(Task):  # type: ignore[misc]
    def apply_async(
        self,
        args: Any = None,
        kwargs: Any = None,
        task_id: str | None = None,
        **options: Any,
    ) -> Any:
        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, task_id=task_id, **options)
        # The request that queued the task: its id is on the worker's log lines too.
        request_id = request_id_var.get()
        if request_id != "-":
            options["headers"] = {
                "request_id": request_id,
                **(options.get("headers") or {}),
            }
        task_id = task_id or uuid()
        try:
            return super().apply_async(args, kwargs, task_id=task_id, **options)
        except BROKER_ERRORS as error:
            from coventry_pm.core.models import TaskFailure
            from coventry_pm.core.services import task_failure_record

            task_failure_record(
                kind=TaskFailure.Kind.NOT_QUEUED,
                task_name=self.name,
                task_id=task_id,
                args=list(args or ()),
                kwargs=dict(kwargs or {}),
                error=f"{type(error).__name__}: {error}",
            )
            return AsyncResult(task_id, app=self.app)
