"""Areas for maps: a layout the council uploads (hexagons or boundaries) for one
breakdown dimension ("ward"), and its areas, whose names match the breakdown groups
of metric values."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class AreaLayout(models.Model):
    class Kind(models.TextChoices):
        HEXAGONS = "hexagons", "Hexagon layout (CSV of names and grid positions)"
        BOUNDARIES = "boundaries", "Boundaries (GeoJSON)"

    breakdown = models.CharField(
        max_length=50,
        unique=True,
        help_text='The breakdown whose groups these areas are, e.g. "ward".',
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["breakdown"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    layout = models.ForeignKey(
        AreaLayout, on_delete=models.CASCADE, related_name="areas"
    )
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=20, blank=True)
    column = models.IntegerField(null=True, blank=True)
    row = models.IntegerField(null=True, blank=True)
    geometry = models.JSONField(
        null=True,
        blank=True,
        help_text="Boundaries: a list of polygons, each a list of rings of "
        "[longitude, latitude] points.",
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["layout", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["layout", "name"], name="unique_area_name_in_layout"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(column__isnull=True, row__isnull=True)
                    | models.Q(column__isnull=False, row__isnull=False)
                ),
                name="area_has_both_grid_positions_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return self.name
