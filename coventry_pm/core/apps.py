from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coventry_pm.core"
    label = "core"

    def ready(self) -> None:
        # Connects the Celery signal that records failed tasks (TaskFailure).
        from coventry_pm.core import signals  # noqa: F401
