from django.apps import AppConfig


class HubConfig(AppConfig):
    """The Performance Hub: guidance pages the performance administrator edits, the
    library of metric definitions and each person's dashboards."""

    name = "hub"
    verbose_name = "Performance Hub"
