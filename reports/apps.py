from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and open data"

    def ready(self) -> None:
        from coventry_pm.accounts.models import Directorate
        from coventry_pm.core.todo import register
        from reports.models import (
            ReportApprovalRequest,
            ReportNarrative,
            ReportSnapshot,
        )
        from reports.workflow import narrative_todo_items, todo_items

        register(todo_items, models=[ReportSnapshot, ReportApprovalRequest])
        register(
            narrative_todo_items,
            models=[ReportSnapshot, ReportNarrative, Directorate],
        )
