"""The composition root: settings, the URLconfs, the Celery app, WSGI, the home page
and the navigation. It imports the apps; nothing imports it (ADR 0001)."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
