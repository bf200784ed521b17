"""The journeys of JOURNEYS.md, in Chromium, on the demo data as loaded today:
what each person sees (the figures, the symbols and their words) and what each is
refused.

Priya, Tom, Cllr Khan, Alex and the resident (the live performance pages, from
a priority to a metric's trend, map and CSV) are here; Sam's journey (the annual
report, its progress bar and publication) and the resident's published report are
in test_report_journeys.py.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from appraisals.models import Appraisal
from appraisals.selectors import current_year
from coventry_pm.accounts.models import User
from demo.timeline import Timeline
from scorecard.domain.periods import Period
from tests.browser.helpers import (
    PHONE,
    assert_no_wider_than_the_window,
    sign_in,
    status,
    wait_for_charts,
    words,
)

pytestmark = pytest.mark.browser

HOMELESSNESS = "Homelessness cases prevented and relieved"
SURGERIES = "Open homelessness prevention surgeries in the family hubs"
INCENTIVE_SCHEME = "Launch a landlord incentive scheme for private rented homes"
OUTCOMES_PRIORITY = (
    "Improving outcomes and tackling inequalities within our communities"
)


def due_quarter() -> str:
    """The quarter whose figure Priya owes (the last complete one), as the pages
    write it: "2026/27 Q2"."""
    return Timeline(timezone.localdate()).last_complete_quarter.label()


def this_year() -> str:
    return str(Period.containing(timezone.localdate()))


def priya_enters_overrides_and_submits(page: Page, site) -> None:
    """Priya's part of the day, as far as her submission (shared with Tom's)."""
    quarter = due_quarter()
    page.goto(site.url("/"))
    page.get_by_role("link", name=f"{HOMELESSNESS}, {quarter}").click()
    page.get_by_label("Figure", exact=True).fill("291")
    page.get_by_label("Note for your manager").fill(
        "Q2 from the new case management system."
    )
    page.get_by_role("button", name="Save and see the calculated verdict").click()
    expect(page.get_by_test_id("calculated-reason")).to_have_text(
        "Got worse: 305 → 291 (up is good)"
    )
    page.get_by_label("Progress verdict").select_option(label="? Cannot say")
    page.get_by_label("Why you are confirming or overriding the verdict").fill(
        "The move to the new case system in July changed how relief is counted."
    )
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("[data-submission-status]")).to_have_text("Awaiting approval")


def priya_updates_the_action(page: Page, site) -> None:
    page.goto(site.url("/"))
    page.get_by_role("link", name=f"Update the action “{SURGERIES}”").click()
    page.get_by_label("Status").select_option(label="At risk")
    page.get_by_label("What has happened, and what happens next").fill(
        "Two of the four family hubs cannot host surgeries until January. "
        "We are looking for rooms nearby so families are not turned away."
    )
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Update on “{SURGERIES}” sent for approval."
    )


def expect_quarters_apart_from_the_yearly_comparators(page: Page) -> None:
    """A quarterly metric's tables beside its charts: its quarters alone, and its
    yearly figure beside the comparators, which publish yearly figures only."""
    quarters = page.get_by_role(
        "table", name=f"{HOMELESSNESS} (number), quarterly figures"
    )
    expect(quarters.get_by_role("row", name=re.compile("^Coventry"))).to_be_visible()
    expect(
        quarters.get_by_role("row", name=re.compile("^Statistical neighbours"))
    ).to_have_count(0)
    years = page.get_by_role("table", name=f"{HOMELESSNESS} (number), yearly figures")
    expect(
        years.get_by_role("row", name=re.compile(r"^Coventry \(yearly figure\)"))
    ).to_be_visible()
    expect(
        years.get_by_role("row", name=re.compile("^Statistical neighbours"))
    ).to_be_visible()


def test_priya_enters_her_figure_overrides_the_verdict_and_updates_an_action(
    fresh_demo_site, new_page
):
    site = fresh_demo_site
    quarter = due_quarter()
    page = sign_in(new_page(), site, "officer")

    # Her home page lists what is due: the overdue quarter and the action.
    due = page.get_by_role("region", name="What is due")
    expect(due.get_by_role("listitem").first).to_have_text(
        f"{HOMELESSNESS}, {quarter}: overdue by 3 days"
    )
    expect(due).to_contain_text(f"Update the action “{SURGERIES}”")

    # She enters 291 with a note and sees the calculated verdict before submitting.
    due.get_by_role("link", name=f"{HOMELESSNESS}, {quarter}").click()
    page.get_by_label("Figure", exact=True).fill("291")
    page.get_by_label("Note for your manager").fill(
        "Q2 from the new case management system."
    )
    page.get_by_role("button", name="Save and see the calculated verdict").click()
    expect(page.get_by_role("status")).to_contain_text("Saved as a draft")
    expect(page.locator("[data-submission-status]")).to_have_text("Draft")
    verdict = page.get_by_role("region", name="The figures")
    expect(verdict.locator("dd").first).to_have_text("291 number")
    calculated = verdict.locator("[data-progress]").first
    assert status(calculated) == "✗ Got worse"
    expect(page.get_by_test_id("calculated-reason")).to_have_text(
        "Got worse: 305 → 291 (up is good)"
    )

    # A data-system change explains part of it: she overrides it, with a reason.
    page.get_by_label("Progress verdict").select_option(label="? Cannot say")
    page.get_by_label("Why you are confirming or overriding the verdict").fill(
        "The move to the new case system in July changed how relief is counted."
    )
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Submitted: it is awaiting approval."
    )
    # Her figure is marked "awaiting approval", everywhere she sees it.
    expect(page.locator("[data-submission-status]")).to_have_text("Awaiting approval")
    recorded = verdict.locator("dt", has_text="Recorded progress").locator("+ dd")
    assert words(recorded.inner_text()) == "? Cannot say overridden"
    trend = page.get_by_role(
        "table", name=re.compile(f"^{HOMELESSNESS} \\(number\\), quarterly figures")
    )
    expect(trend.get_by_role("row", name=re.compile("^Coventry"))).to_contain_text(
        "291 (awaiting approval)"
    )

    # She updates the action to "At risk" with two sentences, and sends it.
    priya_updates_the_action(page, site)

    # Her home page's to-do list: both wait on Tom, and nothing is hers to do.
    page.goto(site.url("/"))
    todo = page.get_by_role("region", name="Waiting for you")
    expect(todo).to_contain_text(f"Awaiting approval: {HOMELESSNESS}, {quarter}")
    expect(todo).to_contain_text(f"Awaiting approval: the update on {SURGERIES}")
    expect(todo).not_to_contain_text("Approve or return")

    page.goto(site.url("/my-updates/"))
    waiting = page.get_by_role("heading", name="Awaiting approval").locator("+ *")
    expect(waiting).to_contain_text(f"{HOMELESSNESS}, {quarter}: submitted")
    expect(
        page.get_by_role("table", name="Figures due, overdue or returned")
    ).to_contain_text("Nothing due: every figure you owe is in.")

    # Nobody approves their own submission: the approvals queue is not hers.
    response = page.goto(site.url("/approvals/"))
    assert response.status == 403


def test_tom_returns_the_override_then_approves_the_corrected_figure(
    fresh_demo_site, new_page
):
    site = fresh_demo_site
    quarter = due_quarter()
    year = this_year()
    priya = sign_in(new_page(), site, "officer")
    priya_enters_overrides_and_submits(priya, site)
    priya_updates_the_action(priya, site)

    tom = sign_in(new_page(), site, "manager")
    tom.goto(site.url(f"/dashboards/service/?year={year}"))
    outcomes_got_worse = tom.locator(
        "li[data-perspective=outcomes][data-key=got_worse]"
    )
    got_worse_before = int(outcomes_got_worse.inner_text().rsplit(":", 1)[1])

    # Two submissions wait for him: Priya's figure and her action update.
    tom.goto(site.url("/"))
    expect(tom.get_by_text("submissions waiting for your approval")).to_have_text(
        "2 submissions waiting for your approval. Open the approvals queue · "
        "Service dashboard"
    )
    todo = tom.get_by_role("region", name="Waiting for you")
    expect(todo).to_contain_text(f"Approve or return: {HOMELESSNESS}, {quarter}")
    expect(todo).to_contain_text(f"Approve or return: the update on {SURGERIES}")
    count_before = int(tom.get_by_test_id("todo-count").inner_text().split()[0])
    tom.get_by_role("link", name="Open the approvals queue").click()
    expect(tom.get_by_role("heading", name="Figures (1)")).to_be_visible()
    expect(tom.get_by_role("heading", name="Action updates (1)")).to_be_visible()

    # Priya's: the value, her note, the calculated and the recorded verdict, the
    # trend chart with the comparator line.
    tom.get_by_role("link", name=HOMELESSNESS).click()
    figures = tom.get_by_role("region", name="The figures")
    expect(figures.locator("dt:has-text('Figure') + dd")).to_have_text("291 number")
    expect(figures.locator("dt:has-text('Note') + dd")).to_have_text(
        "Q2 from the new case management system."
    )
    assert status(figures.locator("[data-progress]").first) == "✗ Got worse"
    recorded = figures.locator("dt", has_text="Recorded progress").locator("+ dd")
    assert words(recorded.inner_text()) == "? Cannot say overridden"
    expect(figures.locator("dt:has-text('Reason') + dd")).to_have_text(
        "The move to the new case system in July changed how relief is counted."
    )
    wait_for_charts(tom)
    legend = tom.locator(".js-plotly-plot .legend")
    expect(legend).to_contain_text("Coventry")
    expect(legend).to_contain_text("Statistical neighbours")

    # He returns the override with a comment; Priya is told.
    tom.get_by_label("Reason for returning it").fill(
        "Keep Got worse — the change is real."
    )
    tom.get_by_role("button", name="Return to the officer").click()
    expect(tom.get_by_role("status")).to_contain_text(
        f"Returned {HOMELESSNESS}, {quarter}."
    )
    priya_email = User.objects.get(username="officer").email
    told = [m for m in mail.outbox if priya_email in m.to]
    assert told, "Priya was not emailed"
    assert "Keep Got worse — the change is real." in told[-1].body

    # She sees it returned, corrects it and resubmits.
    priya.goto(site.url("/"))
    expect(priya.get_by_role("region", name="What is due")).to_contain_text(
        f"{HOMELESSNESS}, {quarter}: returned to you"
    )
    expect(priya.get_by_role("region", name="Waiting for you")).to_contain_text(
        f"Correct and resubmit: {HOMELESSNESS}, {quarter}"
    )
    priya.goto(site.url("/my-updates/"))
    row = priya.get_by_role("row", name=re.compile(HOMELESSNESS))
    expect(row).to_contain_text("Returned Keep Got worse — the change is real.")
    row.get_by_role("link", name=re.compile("^Continue")).click()
    expect(priya.get_by_text("“Keep Got worse — the change is real.”")).to_be_visible()
    priya.get_by_label("Progress verdict").select_option(label="✗ Got worse")
    priya.get_by_label("Why you are confirming or overriding the verdict").fill(
        "Agreed with Tom: the fall is real."
    )
    priya.get_by_role("button", name="Submit for approval").click()
    expect(priya.locator("[data-submission-status]")).to_have_text("Awaiting approval")

    # Tom approves it on his phone, on the way to a meeting: the menu button
    # opens the navigation, and no page is wider than the phone.
    tom.set_viewport_size(PHONE)
    tom.goto(site.url("/"))
    assert_no_wider_than_the_window(tom, "Tom's home page")
    navigation = tom.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Approvals")).to_be_hidden()
    tom.get_by_role("button", name="Menu").click()
    navigation.get_by_role("link", name="Approvals").click()
    expect(tom.get_by_role("heading", name="Figures (1)")).to_be_visible()
    assert_no_wider_than_the_window(tom, "the approvals queue")
    tom.get_by_role("link", name=HOMELESSNESS).click()
    expect(tom.get_by_role("region", name="The figures")).to_be_visible()
    assert_no_wider_than_the_window(tom, "the submission")
    recorded = tom.get_by_role("region", name="The figures").locator(
        "dt:has-text('Recorded progress') + dd"
    )
    assert words(recorded.inner_text()) == "✗ Got worse confirmed"
    tom.get_by_label("I have checked the figure and the verdict").check()
    tom.get_by_role("button", name="Approve", exact=True).click()
    expect(tom.get_by_role("status")).to_contain_text(
        f"Approved {HOMELESSNESS}, {quarter}."
    )
    assert_no_wider_than_the_window(tom, "the approved submission")
    tom.set_viewport_size({"width": 1280, "height": 900})
    tom.goto(site.url("/"))
    todo = tom.get_by_role("region", name="Waiting for you")
    expect(todo).not_to_contain_text(f"Approve or return: {HOMELESSNESS}")
    expect(todo).to_contain_text(f"Approve or return: the update on {SURGERIES}")
    expect(tom.get_by_test_id("todo-count")).to_contain_text(str(count_before - 1))

    # His service dashboard: one more "Got worse" in Outcomes, and the
    # data-collection health of his teams.
    tom.goto(site.url(f"/dashboards/service/?year={year}"))
    assert status(outcomes_got_worse) == f"✗ Got worse: {got_worse_before + 1}"
    health = tom.get_by_role("table", name="Figures due in the last year")
    expect(
        health.get_by_role("row", name=re.compile("^Housing Options"))
    ).to_contain_text("92%")
    row = tom.get_by_role("row", name=re.compile(f"^{HOMELESSNESS}"))
    assert status(row.locator("[data-progress]")) == "✗ Got worse"


def test_cllr_khan_reads_the_plan_and_agrees_a_target(fresh_demo_site, new_page):
    site = fresh_demo_site
    page = sign_in(new_page(), site, "cabinet")

    # The plan dashboard before Cabinet: the card of her priority.
    page.goto(site.url("/dashboards/plan/"))
    card = page.locator(
        ".card", has=page.get_by_role("heading", name=OUTCOMES_PRIORITY)
    )
    expect(card.get_by_test_id("priority-sentence")).to_have_text(
        "80% (8/10) of directional metrics improved or stayed the same."
    )
    # The card says what the priority's headline metrics show: improved or similar
    # out of those with a direction (improved, similar, got worse).
    section = page.get_by_role("region", name=OUTCOMES_PRIORITY)
    shown = section.locator("tbody [data-progress]")
    keys = [shown.nth(i).get_attribute("data-progress") for i in range(shown.count())]
    better = sum(k in ("improved", "similar") for k in keys)
    directional = sum(k in ("improved", "similar", "got_worse") for k in keys)
    assert (better, directional) == (8, 10)

    # The homelessness metric on the dashboard: its symbols and the comparator.
    row = section.get_by_role("row", name=re.compile(f"^{HOMELESSNESS}"))
    assert status(row.locator("[data-progress]")) == "✓ Improved"
    assert status(row.locator("[data-target-status]")) == "✓ On target"
    expect(row).to_contain_text("Statistical neighbours")

    # She opens it: the trend, the case study, the breakdown by ward.
    row.get_by_role("link", name=HOMELESSNESS).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(HOMELESSNESS)
    wait_for_charts(page)
    expect_quarters_apart_from_the_yearly_comparators(page)
    expect(
        page.get_by_role("heading", name="From a hotel room to a home of their own")
    ).to_be_visible()
    wards = page.get_by_role("table", name=re.compile(f"^{HOMELESSNESS} by ward"))
    ward_rows = wards.locator("tbody tr")
    assert ward_rows.count() >= 5
    figures = {
        ward_rows.nth(i).locator("th").inner_text(): int(
            ward_rows.nth(i).locator("td").inner_text()
        )
        for i in range(ward_rows.count())
    }
    # Where the need is: the wards differ, and the largest is plain to read.
    assert max(figures.values()) > 2 * min(figures.values())

    # She agrees next year's target for the new metric Tom endorsed: it is on
    # her to-do list.
    page.goto(site.url("/"))
    todo = page.get_by_role("region", name="Waiting for you")
    expect(todo).to_contain_text(
        "Agree or not: target for Households supported through the landlord "
        "incentive scheme"
    )
    page.goto(site.url("/metrics/"))
    page.get_by_role(
        "link", name="Households supported through the landlord incentive scheme"
    ).click()
    expect(page.get_by_text("Endorsed by the manager: not yet used")).to_be_visible()
    targets = page.get_by_role("table", name="Targets by period")
    agree = targets.get_by_role(
        # "2026/27"; a slash would end Playwright's regular expression early.
        "button",
        name=re.compile(r"^Agree the \d{4}\x2f\d{2} target$"),
    )
    period = re.search(r"\d{4}/\d{2}", words(agree.inner_text())).group()
    agree.click()
    expect(page.get_by_role("status")).to_contain_text(f"Agreed the {period} target.")
    # A slash would end Playwright's regular expression early: \x2f is one too.
    period_row = re.compile("^" + period.replace("/", r"\x2f"))
    expect(targets.get_by_role("row", name=period_row)).to_contain_text(
        "Agreed by Aisha Khan"
    )
    page.goto(site.url("/"))
    expect(page.get_by_role("region", name="Waiting for you")).not_to_contain_text(
        f"target for Households supported through the landlord incentive scheme, "
        f"{period}"
    )

    # What she may not do: enter figures, or read anyone's appraisal.
    assert page.goto(site.url("/my-updates/")).status == 403
    alex = Appraisal.objects.get(employee__username="employee", year=current_year())
    assert page.goto(site.url(alex.get_absolute_url())).status == 404


def test_alex_writes_objectives_rates_the_values_and_records_a_one_to_one(
    fresh_demo_site, new_page
):
    site = fresh_demo_site
    page = sign_in(new_page(), site, "employee")

    page.goto(site.url("/appraisals/"))
    expect(
        page.get_by_text("Private to you, your line management and HR.")
    ).to_be_visible()
    url = page.url

    # Three objectives, each linked to an action in the Housing action plan: the
    # demo has two; Alex writes the third.
    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Objective", exact=True).fill(
        "House 40 households through the landlord incentive scheme"
    )
    page.get_by_label("Part of the plan it supports").select_option(
        label=f"{INCENTIVE_SCHEME} (Housing and Homelessness Strategy)"
    )
    page.get_by_label("Measure of success").fill(
        "40 tenancies of a year or more by March."
    )
    page.get_by_role("button", name="Save objective").click()
    objectives = page.get_by_role("table", name=re.compile("^Objectives for"))
    rows = objectives.locator("tbody tr")
    expect(rows).to_have_count(3)
    for i in range(3):
        expect(rows.nth(i)).to_contain_text(
            "Action in Housing and Homelessness Action Plan"
        )
    expect(objectives).to_contain_text(INCENTIVE_SCHEME)

    # The six values, each rated with evidence.
    page.get_by_role("link", name="Rate values and behaviours").click()
    values = [
        "Open and fair",
        "Nurture and develop",
        "Engage and empower",
        "Create and innovate",
        "Own and be accountable",
        "Value and respect",
    ]
    for value in values:
        group = page.get_by_role("group", name=value)
        group.get_by_label("Your rating").select_option(label="Demonstrated")
        group.get_by_label("Evidence").fill(f"{value}: an example from my casework.")
    page.get_by_role("button", name="Save ratings").click()
    table = page.get_by_role("table", name="Values")
    for value in values:
        expect(table.get_by_role("row", name=re.compile(f"^{value}"))).to_contain_text(
            f"Demonstrated {value}: an example from my casework."
        )

    # A one-to-one with Tom.
    page.get_by_role("link", name="Record a one-to-one").click()
    page.get_by_label("Date of the one-to-one").fill(timezone.localdate().isoformat())
    page.get_by_label("Notes").fill("Went through my three objectives with Tom.")
    page.get_by_role("button", name="Record the one-to-one").click()
    expect(
        page.get_by_text("Went through my three objectives with Tom.")
    ).to_be_visible()

    # Tom (his line manager) and HR read it.
    for reader in ("manager", "hr"):
        other = sign_in(new_page(), site, reader)
        other.goto(url)
        expect(
            other.get_by_text("Went through my three objectives with Tom.")
        ).to_be_visible()
        expect(other.get_by_role("table", name="Values")).to_contain_text(
            "Open and fair: an example from my casework."
        )

    # Nobody else can read any of it: not a colleague, the insight team or members.
    for outsider in ("officer", "insight", "cabinet", "scrutiny"):
        other = sign_in(new_page(), site, outsider)
        assert other.goto(url).status == 404, outsider
        expect(other.get_by_text("Went through my three objectives")).to_have_count(0)


def test_a_resident_follows_the_plan_to_a_metric_its_map_and_its_data(
    fresh_demo_site, new_page
):
    """Not signed in: the live pages, from the plan's priorities to a metric's
    trend, its map by ward, its publication and its figures as CSV."""
    site = fresh_demo_site
    page = new_page()
    page.goto(site.url("/performance/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How Coventry is doing")
    figures = page.get_by_role("region", name=re.compile("^The headline figures"))
    expect(
        figures.get_by_role("img", name=re.compile(r"^Improved: \d+ of \d+$"))
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Published annual performance reports")
    ).to_be_visible()

    # A priority, and its headline metrics with their symbols in words.
    page.get_by_role("link", name=OUTCOMES_PRIORITY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OUTCOMES_PRIORITY)
    row = page.get_by_role("row", name=re.compile(f"^{HOMELESSNESS}"))
    assert status(row.locator("[data-progress]")) == "✓ Improved"
    assert status(row.locator("[data-target-status]")) == "✓ On target"

    # The metric: its trend with the comparator, and the table beside the chart.
    row.get_by_role("link", name=HOMELESSNESS).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HOMELESSNESS)
    wait_for_charts(page)
    expect_quarters_apart_from_the_yearly_comparators(page)

    # Where in the city: the map names its figures, and its table lists each ward.
    ward_map = page.get_by_role("img", name=re.compile(f"^{HOMELESSNESS} by ward"))
    expect(ward_map).to_be_visible()
    expect(ward_map).to_have_attribute(
        "aria-label", re.compile(r"8 of 8 areas have a figure; highest .+ \d")
    )
    wards = page.get_by_role("table", name=re.compile(f"^{HOMELESSNESS} by ward"))
    expect(wards.locator("tbody tr")).to_have_count(8)
    first, second = (
        int(wards.locator("tbody tr td").nth(i).inner_text()) for i in (0, 1)
    )
    assert first >= second  # highest first

    # Its publication, honestly: Priya's quarter is three days late.
    expect(page.get_by_test_id("next-figure")).to_have_text(
        re.compile(r"^Overdue by 3 days: the \d{4}/\d{2} Q\d figure was due on ")
    )

    # Its figures, as open data in the tidy format.
    with page.expect_download() as download:
        page.get_by_role(
            "link", name=re.compile("^Download every published figure of this metric")
        ).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:3] == ["metric_code", "metric", "unit"]
    assert {r["metric_code"] for r in rows} == {"OCP001"}
    assert {r["breakdown"] for r in rows} >= {"", "ward"}
    assert any(r["scope_kind"] == "comparator" for r in rows)

    # The schedule says the same; the Hub is for people who sign in.
    page.goto(site.url("/performance/schedule/"))
    late = page.get_by_role("row", name=re.compile(f"^{HOMELESSNESS}"))
    expect(late).to_contain_text("Overdue by 3 days")
    page.goto(site.url("/hub/"))
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/hub/$"))
