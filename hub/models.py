"""The Performance Hub's guidance pages: written in Markdown, edited by the
performance administrator, with the history of who changed what and why."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class HubPage(models.Model):
    class Section(models.TextChoices):
        FRAMEWORK = "framework", "The framework"
        HOW_TO = "how_to", "How do I…"
        DATA = "data", "Data and publication"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One sentence shown in the Hub's index."
    )
    section = models.CharField(
        max_length=12, choices=Section.choices, default=Section.FRAMEWORK
    )
    body = models.TextField(
        help_text="Markdown: # headings, **bold**, *italic*, - lists, 1. lists, "
        "[links](/performance/) and | tables |. HTML is shown as text."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "sort_order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hub:page", args=[self.slug])
