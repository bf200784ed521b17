from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports and open data"

    def ready(self) -> None:
        from coventry_pm.core.todo import register
        from reports.models import ReportApprovalRequest, ReportSnapshot
        from reports.workflow import todo_items

        register(todo_items, models=[ReportSnapshot, ReportApprovalRequest])
