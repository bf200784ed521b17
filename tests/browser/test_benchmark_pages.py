"""The benchmark panel on a metric's page and the view per priority (issue 19), in
Chromium: the picture and the table beside it say the same, the group is chosen
with a form that works without JavaScript, the view per priority sorts by its
headers, and both pass axe-core at 1280 px and 390 px and reflow at 320 px. The
data is the factories' (a metric compared with fifteen places), on top of the
demo's sign-ins and plan."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from scorecard.models import MemberValue
from scorecard.services.verdicts import calculated_verdicts_refresh
from strategies.selectors import current_plan
from tests.browser.helpers import assert_accessible, assert_reflows, sign_in, words
from tests.factories import (
    ComparatorGroupFactory,
    GroupVersionFactory,
    HeadlineMembershipFactory,
    MetricFactory,
    MetricValueFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.browser
YEAR = "2024-25"
NEIGHBOURS = [
    "Sheffield", "Bristol", "Leeds", "Nottingham", "Wolverhampton", "Derby",
    "Bradford", "Leicester", "Kirklees", "Walsall", "Sandwell", "Stoke-on-Trent",
    "Plymouth", "Southampton", "Kingston upon Hull, City of",
]  # fmt: skip


@pytest.fixture(scope="module")
def compared(demo_site, django_db_blocker):
    """A headline metric of the current plan's first priority, compared with two
    groups: fifteen neighbours (the primary group; one with no figure) and a
    region of three."""
    with django_db_blocker.unblock():
        plan = current_plan()
        priority = plan.priorities.order_by("sort_order", "pk").first()
        metric = MetricFactory(
            code="BRW001",
            name="Adults in employment",
            unit="%",
            good_direction="up",
        )
        MetricValueFactory(
            metric=metric,
            period=YEAR,
            value_text="71.4",
            lower_ci=Decimal("69.9"),
            upper_ci=Decimal("72.7"),
        )
        towns = [
            PlaceFactory(code=f"E0890{n:04d}", name=name)
            for n, name in enumerate(NEIGHBOURS)
        ]
        regions = [
            PlaceFactory(code=f"E0891{n:04d}", name=f"Shire {n}") for n in (1, 2)
        ]
        neighbours = ComparatorGroupFactory(name="Browser test neighbours")
        region = ComparatorGroupFactory(name="Browser test region")
        GroupVersionFactory(
            group=neighbours, number=1, from_year="2020-21", places=towns
        )
        GroupVersionFactory(group=region, number=1, from_year="2020-21", places=regions)
        figures = [65 + n * 0.9 for n in range(len(towns) - 1)]
        MemberValue.objects.bulk_create(
            [
                MemberValue(
                    metric=metric,
                    place=place,
                    period=YEAR,
                    value_text=f"{figure:.1f}",
                    value_number=Decimal(f"{figure:.1f}"),
                    lower_ci=Decimal(f"{figure - 1.5:.1f}"),
                    upper_ci=Decimal(f"{figure + 1.5:.1f}"),
                )
                for place, figure in zip(towns, figures, strict=False)
            ]
            + [
                MemberValue(
                    metric=metric,
                    place=place,
                    period=YEAR,
                    value_text=text,
                    value_number=Decimal(text),
                )
                for place, text in zip(regions, ["70", "74"], strict=True)
            ]
        )
        metric.primary_group = neighbours
        metric.save()
        HeadlineMembershipFactory(
            plan=plan, priority=priority, metric=metric, report_year=YEAR
        )
        calculated_verdicts_refresh(metric_ids=[metric.pk])
    return metric, priority, neighbours, region


def test_the_panel_shows_the_members_and_passes_axe(new_page, demo_site, compared):
    metric, _, _, _ = compared
    page = sign_in(new_page(), demo_site, "cabinet")
    page.goto(demo_site.url(f"/metrics/{metric.code}/?year={YEAR}"))
    panel = page.get_by_test_id("benchmark-panel")
    expect(panel.get_by_role("heading", name="How we compare")).to_be_visible()
    expect(page.get_by_test_id("benchmark-sentence")).to_contain_text(
        "Coventry is 7th of 15 in Browser test neighbours for 2024/25"
    )
    picture = panel.get_by_role("img", name=re.compile("Adults in employment"))
    expect(picture).to_be_visible()
    # The picture's dots are the table's rows with a figure, in the same order.
    dots = page.eval_on_selector_all(
        "#benchmark-plot g.dot", "gs => gs.map(g => g.dataset.code)"
    )
    rows = page.eval_on_selector_all(
        "[data-testid=benchmark-table] tbody tr:not(.missing)",
        "trs => trs.map(tr => tr.dataset.code)",
    )
    assert dots == rows and len(dots) == 15
    table = page.get_by_test_id("benchmark-table")
    expect(table.locator("tr.home")).to_contain_text("Coventry (us)")
    expect(table.locator("tr.missing")).to_contain_text("No figure")
    assert_accessible(page, "the benchmark panel")
    assert_reflows(page, "the benchmark panel")


def test_another_group_is_chosen_with_the_form(new_page, demo_site, compared):
    metric, _, _, _ = compared
    page = sign_in(new_page(), demo_site, "cabinet")
    page.goto(demo_site.url(f"/metrics/{metric.code}/?year={YEAR}"))
    page.get_by_label("Comparator group").select_option(label="Browser test region")
    page.get_by_role("button", name="Show how we compare").click()
    expect(page.get_by_test_id("benchmark-sentence")).to_contain_text(
        "Coventry is 2nd of 3 in Browser test region"
    )
    assert "group=" in page.url


def test_the_view_per_priority_sorts_and_passes_axe(new_page, demo_site, compared):
    _, priority, _, _ = compared
    page = sign_in(new_page(), demo_site, "cabinet")
    page.goto(demo_site.url(f"/dashboards/plan/?year={YEAR}"))
    page.get_by_role(
        "link", name=f"How we compare with other places: {priority.title}"
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("How we compare")
    page.get_by_role("link", name=re.compile("^Rank")).click()
    header = page.locator("th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert words(header.inner_text()).startswith("Rank")
    table = page.get_by_test_id("priority-benchmarks")
    expect(table.locator("tr[data-code=BRW001]")).to_contain_text("7th of 15")
    assert_accessible(page, "the view per priority")
    assert_reflows(page, "the view per priority")
