from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coventry_pm.core"
    label = "core"
