"""Celery signal handlers: a task that fails for good is recorded (TaskFailure)."""

from __future__ import annotations

import socket
from typing import Any

from celery.signals import task_failure

from coventry_pm.core.models import TaskFailure
from coventry_pm.core.services import task_failure_record


@task_failure.connect
def record_task_failure(
    sender: Any = None,
    task_id: str | None = None,
    exception: BaseException | None = None,
    args: Any = None,
    kwargs: Any = None,
    einfo: Any = None,
    **_: Any,
) -> None:
    request = getattr(sender, "request", None)
    task_failure_record(
        kind=TaskFailure.Kind.FAILED,
        task_name=getattr(sender, "name", "") or "unknown",
        task_id=task_id or "",
        args=list(args or ()),
        kwargs=dict(kwargs or {}),
        error=f"{type(exception).__name__}: {exception}" if exception else "",
        traceback=str(einfo) if einfo else "",
        hostname=getattr(request, "hostname", None) or socket.gethostname(),
    )
