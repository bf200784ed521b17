"""What the journeys found wrong in the product code, reported and waiting for a
fix. Each test states what a person should see; it fails today, so it is marked
xfail (strict): when the fix lands it passes, the run fails on the XPASS, and the
mark is deleted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scorecard.domain.periods import period_label
from tests.browser.helpers import sign_in, wait_for_charts, words

pytestmark = pytest.mark.browser

HOMELESSNESS = "Homelessness cases prevented and relieved"


def test_the_comparator_line_of_a_quarterly_metric_has_figures(demo_site, new_page):
    page = sign_in(new_page(), demo_site, "cabinet")
    page.goto(demo_site.url("/metrics/OCP001/"))
    trend = page.get_by_role("table", name=re.compile(f"^{HOMELESSNESS} \\(number\\)"))
    neighbours = trend.get_by_role("row", name=re.compile("^Statistical neighbours"))
    figures = [words(cell) for cell in neighbours.locator("td").all_inner_texts()]
    assert any(figure not in ("", "—") for figure in figures), figures


def test_the_change_history_names_who_agreed_a_target(demo_site, new_page):
    page = sign_in(new_page(), demo_site, "cabinet")
    page.goto(demo_site.url("/metrics/OCP004/"))
    targets = page.get_by_role("table", name="Targets by period")
    targets.get_by_role("button", name=re.compile(r"^Agree the .* target$")).click()
    expect(page.get_by_role("status")).to_contain_text("Agreed the")
    changes = page.get_by_role("table", name="Who changed what")
    latest = words(changes.locator("tbody tr").first.inner_text())
    assert "Agreed by: — → Aisha Khan" in latest, latest


def test_returning_a_figure_without_a_reason_says_to_give_one(demo_site, new_page):
    officer = sign_in(new_page(), demo_site, "officer")
    officer.goto(demo_site.url("/my-updates/"))
    officer.get_by_role(
        "link", name=re.compile(f"^Enter the figure for {HOMELESSNESS}")
    ).click()
    officer.get_by_label("Figure", exact=True).fill("291")
    officer.get_by_role("button", name="Save and see the calculated verdict").click()
    officer.get_by_role("button", name="Submit for approval").click()
    expect(officer.locator("[data-submission-status]")).to_have_text(
        "Awaiting approval"
    )

    manager = sign_in(new_page(), demo_site, "manager")
    manager.goto(officer.url)
    manager.get_by_role("button", name="Return to the officer").click()
    manager.wait_for_load_state()
    expect(manager.get_by_role("alert")).to_contain_text(
        "Reason for returning it: Say what needs to change.", timeout=1_000
    )
    expect(manager.get_by_label("Reason for returning it")).to_have_attribute(
        "aria-invalid", "true"
    )


def test_the_dashboard_year_list_shows_the_year_on_the_page(demo_site, new_page):
    page = sign_in(new_page(), demo_site, "manager")
    page.goto(demo_site.url("/dashboards/service/"))
    year = page.get_by_label("Reporting year").input_value()
    following = f"{int(year[:4]) + 1}-{int(year[5:]) + 1:02d}"
    page.goto(demo_site.url(f"/dashboards/service/?year={following}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        period_label(following)
    )
    assert page.get_by_label("Reporting year").input_value() == following


def test_a_chart_has_no_plotly_toolbar(demo_site, new_page):
    """Plotly's mode bar (zoom, download, "share") adds only tab stops to a chart
    whose figures are in the table beside it: static/js/charts.js turns it off."""
    page = sign_in(new_page(), demo_site, "cabinet")
    page.goto(demo_site.url("/metrics/OCP001/"))
    wait_for_charts(page)
    assert page.locator(".js-plotly-plot").count() > 0
    assert page.locator(".modebar-btn").count() == 0
