"""Reflow (WCAG 2.2, 1.4.10): every page type at 390 px (a phone) and at 320 px
(the criterion's width) is no wider than the window, so nothing needs scrolling
sideways; at 390 px axe-core finds nothing either (test_accessibility checks the
same pages at 1280 px). And the navigation collapses behind its menu button.

Tables either reflow into labelled rows (class="reflow", a data-label per cell) or
scroll inside a focusable, labelled region (templates/includes, static/scss).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    NARROWEST,
    PHONE,
    assert_accessible,
    assert_no_wider_than_the_window,
    signed_in_pages,
)
from tests.browser.test_accessibility import PAGE_TYPES, PageType

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def phones(browser, demo_site):
    """``phones("manager")``: a page 390 px wide signed in as that demo sign-in,
    kept for the module; ``phones(None)``: nobody signed in."""
    with signed_in_pages(browser, demo_site, PHONE) as pages:
        yield pages


def path_of(page_type: PageType) -> str:
    return page_type.path() if callable(page_type.path) else page_type.path


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name)
def test_page_reflows_on_a_phone(page_type, phones, demo_site):
    page = phones(page_type.who)
    page.set_viewport_size(PHONE)
    response = page.goto(demo_site.url(path_of(page_type)))
    assert response is not None and response.status in (200, 403, 404)
    assert_no_wider_than_the_window(page, page_type.name)
    assert_accessible(page, f"{page_type.name} at 390 px")
    page.set_viewport_size(NARROWEST)
    page.reload()
    assert_no_wider_than_the_window(page, page_type.name)


def test_the_navigation_collapses_behind_the_menu_button(phones, demo_site):
    page = phones("manager")
    page.set_viewport_size(PHONE)
    page.goto(demo_site.url("/"))
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.get_by_role("button", name="Menu")
    approvals = nav.get_by_role("link", name="Approvals")
    sign_out = page.get_by_role("button", name="Sign out")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(approvals).to_be_hidden()
    expect(sign_out).to_be_hidden()
    # The header is compact: the council's name and the menu button.
    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < 140, header

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(approvals).to_be_visible()
    expect(sign_out).to_be_visible()
    approvals.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approvals")

    # On a wide screen there is no button: the navigation is always open.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(menu).to_be_hidden()
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
