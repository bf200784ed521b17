"""The Celery app. Tasks are thin: ids in, one service call (STYLE.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coventry_pm.settings.dev")

app = Celery("coventry_pm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
