from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = "Plan and strategies"

    def ready(self) -> None:
        from coventry_pm.core.todo import register
        from strategies.models import Action, ProgressUpdate
        from strategies.todo import strategies_todo

        register(strategies_todo, models=[Action, ProgressUpdate])
