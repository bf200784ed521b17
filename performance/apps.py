from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """The live performance pages: public, approved data only, with the publication
    schedule, maps of area breakdowns and their open-data downloads."""

    name = "performance"
    verbose_name = "Live performance pages"
