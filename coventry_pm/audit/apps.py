from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "coventry_pm.audit"
    label = "audit"
    verbose_name = "Audit of access"

    def ready(self) -> None:
        from coventry_pm.audit import receivers

        receivers.connect()
