"""The demo's live pages: the publication schedule is right for the demo data as
loaded on the reference day, and the wards are on a map."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from demo.areas import DEMO_HEXAGONS_CSV
from demo.loader import load_demo
from demo.metrics import WARDS
from demo.timeline import REFERENCE_DAY
from performance.models import AreaLayout
from performance.schedule import ScheduleState
from performance.selectors import public_plan, public_years, publication_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo(today=REFERENCE_DAY)
    cache.clear()


def test_the_demo_layout_names_every_demo_ward():
    names = {line.split(",")[0] for line in DEMO_HEXAGONS_CSV.splitlines()[1:]}
    assert names == set(WARDS)


def test_the_publication_schedule_for_the_demo(demo):
    plan = public_plan()
    assert plan is not None
    year = public_years(plan)[0]
    assert year == "2025-26"
    rows = {
        r.metric.code: r
        for r in publication_schedule(today=REFERENCE_DAY, plan=plan, year=year)
    }
    # Priya's quarter: Q2 (to 30 September) was due on 23 November, three days ago.
    homelessness = rows["OCP001"]
    assert homelessness.last_period == "2026-27 Q1"
    assert homelessness.entry.next_period == "2026-27 Q2"
    assert homelessness.entry.next_due == dt.date(2026, 11, 23)
    assert homelessness.entry.state == ScheduleState.OVERDUE
    assert homelessness.entry.days_overdue == 3
    # A quarterly metric that is up to date: Q3 ends in December.
    assert rows["OCP002"].last_period == "2026-27 Q2"
    assert rows["OCP002"].entry.state == ScheduleState.UPCOMING
    assert rows["OCP002"].entry.next_due == dt.date(2027, 1, 30)
    # Annual metrics: 2025-26 is published (imported in June); 2026-27 is next.
    annual = [r for r in rows.values() if r.metric.frequency == "annual"]
    assert all(r.last_period in ("2025-26", "2026-27") for r in annual)
    assert rows["OCP003"].published_on == dt.date(2026, 6, 16)
    assert rows["OCP003"].entry.next_due == dt.date(2027, 6, 29)
    overdue = sorted(code for code, r in rows.items() if r.overdue)
    assert overdue == ["OCP001", "OCP022", "OCP041", "OCP043"]
    # Overdue first, the most overdue at the top.
    ordered = list(publication_schedule(today=REFERENCE_DAY, plan=plan, year=year))
    assert [r.metric.code for r in ordered[:4]][-1] == "OCP001"
    assert not any(r.overdue for r in ordered[4:])


def test_the_demo_schedule_page_says_what_is_overdue(demo, client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: REFERENCE_DAY)
    html = client.get(reverse("performance:schedule")).content.decode()
    assert "<strong>4 of" in html
    assert "Overdue by 3 days" in html


def test_the_demo_wards_are_drawn_on_a_map(demo, client):
    layout = AreaLayout.objects.get(breakdown="ward")
    assert layout.areas.count() == len(WARDS)
    html = client.get(reverse("performance:metric", args=["OCP001"])).content.decode()
    assert 'class="area-map"' in html
    assert html.count('<g class="area">') == len(WARDS)
    maps = client.get(reverse("performance:maps")).content.decode()
    assert maps.count('class="area-map"') >= 3


def test_loading_the_demo_again_keeps_the_areas(demo):
    layout = AreaLayout.objects.get()
    summary = load_demo(today=REFERENCE_DAY)
    assert AreaLayout.objects.get().uploaded_at == layout.uploaded_at
    assert summary.lines()[0] == "Demo data already up to date: nothing changed."
