"""Priya's journey with the keyboard alone: on every page she passes through, Tab
reaches every control in turn, each visibly focused, and carries on past the last
one (no trap) and Shift+Tab back to the first; then she does her work with Tab,
typing, the arrow keys and Enter. No mouse, no clicks."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.timeline import Timeline
from tests.browser.environment import PASSWORD
from tests.browser.helpers import assert_keyboard_pass, choose, focused, tab_to

pytestmark = pytest.mark.browser

HOMELESSNESS = "Homelessness cases prevented and relieved"
SURGERIES = "Open homelessness prevention surgeries in the family hubs"


def test_priya_does_her_work_with_the_keyboard_alone(fresh_demo_site, browser):
    site = fresh_demo_site
    # As people read it: 2026/27 Q2.
    quarter = Timeline(timezone.localdate()).last_complete_quarter.label()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        # Sign in.
        page.goto(site.url("/accounts/login/"))
        assert_keyboard_pass(page, "sign-in")
        tab_to(page, "Username")
        page.keyboard.type("officer")
        tab_to(page, "Password")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Priya")

        # Home: the skip link goes to the content; then her overdue figure.
        assert_keyboard_pass(page, "home")
        page.reload()
        page.keyboard.press("Tab")
        assert focused(page)["name"] == "Skip to main content"
        assert focused(page)["visible"]
        page.keyboard.press("Enter")
        tab_to(page, f"{HOMELESSNESS}, {quarter}", limit=5)
        page.keyboard.press("Enter")

        # The entry form: the figure, a note, save.
        expect(page.get_by_role("heading", level=1)).to_contain_text(HOMELESSNESS)
        assert_keyboard_pass(page, "data entry")
        tab_to(page, re.compile("^Figure"))
        page.keyboard.type("291")
        tab_to(page, re.compile("^Note for your manager"))
        page.keyboard.type("Q2 from the new case management system.")
        tab_to(page, "Save and see the calculated verdict")
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("calculated-reason")).to_have_text(
            "Got worse: 305 → 291 (up is good)"
        )

        # The draft: override the verdict with a reason, and submit.
        assert_keyboard_pass(page, "draft submission")
        tab_to(page, re.compile("^Progress verdict"))
        choose(page, "? Cannot say")
        tab_to(page, re.compile("^Why you are confirming or overriding"))
        page.keyboard.type("The new case system changed how relief is counted.")
        tab_to(page, "Submit for approval")
        page.keyboard.press("Enter")
        expect(page.locator("[data-submission-status]")).to_have_text(
            "Awaiting approval"
        )
        assert_keyboard_pass(page, "submitted figure")

        # The action: At risk, two sentences, send.
        page.goto(site.url("/"))
        tab_to(page, f"Update the action “{SURGERIES}”")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text(SURGERIES)
        assert_keyboard_pass(page, "action update")
        tab_to(page, re.compile("^Status"))
        choose(page, "At risk")
        tab_to(page, re.compile("^What has happened"))
        page.keyboard.type(
            "Two hubs cannot host surgeries until January. We are finding rooms."
        )
        tab_to(page, "Send for approval")
        page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text("sent for approval")

        # My updates: both are in.
        assert_keyboard_pass(page, "my updates")
        expect(
            page.get_by_text(f"{HOMELESSNESS}, {quarter}: submitted")
        ).to_be_visible()
    finally:
        context.close()
