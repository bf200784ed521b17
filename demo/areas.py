"""The demo's areas: a hexagon layout of the demo's made-up wards (the same names
as demo.metrics.WARDS), so the ward breakdowns of the demo metrics are
drawn on a map. No boundary data: nothing here is real geography."""

from __future__ import annotations

from collections import Counter

from coventry_pm.accounts.models import User
from performance.models import AreaLayout
from performance.services import area_layout_upload

DEMO_LAYOUT_NAME = "Wards (made-up hexagon layout)"
DEMO_FILE_NAME = "demo-wards-hexagons.csv"
DEMO_HEXAGONS_CSV = """name,column,row,code
Radford Brook,1,0,RAD
Sowe Valley,2,0,SOW
Hearsall Common,0,1,HEA
Spon Gate,1,1,SPO
Swanswell,2,1,SWA
Canalside,0,2,CAN
Charterhouse,1,2,CHA
Gosford Vale,2,2,GOS
"""


def load_demo_areas(*, uploaded_by: User, created: Counter[str]) -> None:
    """The ward layout, uploaded as the performance administrator would, unless a
    ward layout exists already (a second run, or one the administrator uploaded:
    either is kept as it is)."""
    if AreaLayout.objects.filter(breakdown="ward").exists():
        return
    layout = area_layout_upload(
        breakdown="ward",
        name=DEMO_LAYOUT_NAME,
        data=DEMO_HEXAGONS_CSV.encode(),
        file_name=DEMO_FILE_NAME,
        user=uploaded_by,
    )
    created[str(AreaLayout._meta.verbose_name_plural)] += 1
    created["areas"] += layout.areas.count()
