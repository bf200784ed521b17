from django.apps import AppConfig


class AppraisalsConfig(AppConfig):
    name = "appraisals"
    verbose_name = "Appraisals"

    def ready(self) -> None:
        from appraisals.models import Appraisal, AppraisalObjective
        from appraisals.workflow import todo_items
        from coventry_pm.core.todo import register

        register(todo_items, models=[Appraisal, AppraisalObjective])
