"""Local development: `make run`. Debug on, everything else as base."""

from coventry_pm.settings.base import *  # noqa: F403

DEBUG = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
