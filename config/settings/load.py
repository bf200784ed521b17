"""The load test (scripts/load.sh): base, with static files served from the apps and
static/ so a run needs no collectstatic (two minutes of compressing on two cores).
The load test requests pages, not static files, so the figures hold for production.
"""

from config.settings.base import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
