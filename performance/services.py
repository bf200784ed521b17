"""Writes for the live pages: the areas file the performance administrator uploads."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from performance.areas import BOUNDARIES, read_areas_file
from performance.models import Area, AreaLayout


@transaction.atomic
def area_layout_upload(
    *,
    breakdown: str,
    name: str,
    data: bytes,
    file_name: str,
    user: User,
    name_property: str = "",
) -> AreaLayout:
    """Replace the areas of one breakdown ("ward") with those the file describes.

    All or nothing: the file is read in full first (raising
    performance.areas.AreaFileError with every problem found), and the old areas
    are replaced in one transaction. Every upload is kept in the layout's history
    (who, when, which file)."""
    kind, shapes = read_areas_file(
        data, file_name=file_name, name_property=name_property
    )
    breakdown = " ".join(breakdown.casefold().split())
    layout = AreaLayout.objects.filter(breakdown=breakdown).first() or AreaLayout(
        breakdown=breakdown
    )
    layout.name = name.strip() or f"Areas by {breakdown}"
    layout.kind = (
        AreaLayout.Kind.BOUNDARIES if kind == BOUNDARIES else AreaLayout.Kind.HEXAGONS
    )
    layout.file_name = file_name[:255]
    layout.uploaded_by = user
    layout.uploaded_at = timezone.now()
    layout.full_clean()
    layout.save()
    layout.areas.all().delete()
    areas = [
        Area(
            layout=layout,
            name=shape.name,
            code=shape.code,
            column=shape.column,
            row=shape.row,
            geometry=shape.polygons or None,
            sort_order=index,
        )
        for index, shape in enumerate(shapes)
    ]
    for area in areas:
        area.full_clean(exclude=["layout"], validate_constraints=False)
    Area.objects.bulk_create(areas)
    return layout
