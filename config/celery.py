"""The Celery app. Tasks are thin: ids in, one service call (STYLE.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

# Every task's base: queuing with the broker down records the task instead of
# raising into the page that asked for it (coventry_pm.core.taskbase).
app = Celery("coventry_pm", task_cls="coventry_pm.core.taskbase:ReportedTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
