"""Structured logs: a request id on every line, JSON in production.

The id comes from the proxy's X-Request-ID header when it sends a sensible one (so a
line in the proxy's log finds the application's lines), else a new one; it is sent
back in the response's X-Request-ID and gunicorn's access log (gunicorn.conf.py).
In the Celery worker, lines carry the task's name and id, and the id of the request
that queued the task (sent as a message header by coventry_pm.core.taskbase).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def new_request_id(header: str | None) -> str:
    if header and _SAFE_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ContextFilter(logging.Filter):
    """Adds request_id (and, in the worker, task_name and task_id) to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        try:
            from celery import current_task
        except ImportError:  # pragma: no cover - celery is a dependency
            return True
        task = current_task
        if task is not None and getattr(task, "request", None) is not None:
            request = task.request
            if getattr(request, "id", None):
                queued_by = getattr(request, "request_id", None)
                if queued_by and getattr(record, "request_id", "-") == "-":
                    record.request_id = queued_by
                if not hasattr(record, "task_id"):
                    record.task_id = request.id
                if not hasattr(record, "task_name"):
                    record.task_name = task.name
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger, with Django's request object reduced to method and path
    (it is not JSON, and its headers may hold session cookies)."""

    def add_fields(
        self,
        log_data: dict[str, Any],
        record: logging.LogRecord,
        message_dict: dict[str, Any],
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        request = log_data.pop("request", None)
        if request is not None and hasattr(request, "path"):
            log_data["method"] = getattr(request, "method", "")
            log_data["path"] = request.path
        log_data.pop("color_message", None)
