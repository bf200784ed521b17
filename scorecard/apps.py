from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Scorecard"

    def ready(self) -> None:
        from coventry_pm.core.todo import register
        from scorecard.models import Metric, Submission, Target
        from scorecard.todo import scorecard_todo

        register(scorecard_todo, models=[Submission, Metric, Target])
