"""The to-do list ("Waiting for you", coventry_pm/core/todo.py) of appraisals and
reports, in Chromium on the demo data: each item appears for the right person,
who acts on it through its link and the button there, and it goes."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appraisals.models import Appraisal
from appraisals.selectors import current_year
from coventry_pm.accounts.models import User
from reports.services.annual import report_run_execute, report_run_start
from strategies.selectors import current_plan, report_years
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def test_tom_agrees_alexs_objectives_from_his_list(fresh_demo_site, new_page):
    site = fresh_demo_site
    alex = User.objects.get(username="employee")
    appraisal = Appraisal.objects.get(employee=alex, year=current_year())
    label = f"Agree {alex}'s objectives"

    tom = sign_in(new_page(), site, "manager")
    tom.goto(site.url("/"))
    todo = tom.get_by_role("region", name="Waiting for you")
    item = todo.get_by_role("listitem").filter(has_text=label)
    expect(item).to_have_count(1)
    # Marked overdue once the objectives' due date has passed, and only then.
    if appraisal.objectives_due < timezone.localdate():
        expect(item.locator(".tag")).to_have_text("Overdue")
    else:
        expect(item.locator(".tag")).to_have_count(0)
    item.get_by_role("link", name=label).click()
    expect(tom).to_have_url(re.compile(rf"/appraisals/{appraisal.pk}/#objectives$"))
    tom.get_by_role("button", name="Agree these objectives").click()
    expect(tom.get_by_role("status")).to_contain_text("Objectives agreed.")

    tom.goto(site.url("/"))
    expect(tom.get_by_role("region", name="Waiting for you")).not_to_contain_text(label)
    # Not Alex's to do: his list never had it.
    alex_page = sign_in(new_page(), site, "employee")
    alex_page.goto(site.url("/"))
    expect(alex_page.get_by_role("region", name="Waiting for you")).not_to_contain_text(
        "Agree"
    )


def test_sam_asks_the_cabinet_member_who_approves_the_draft_from_her_list(
    fresh_demo_site, new_page, settings, tmp_path
):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    site = fresh_demo_site
    plan = current_plan()
    assert plan is not None
    sam_user = User.objects.get(username="insight")
    run = report_run_start(
        plan=plan, period=report_years(plan)[0], user=sam_user, enqueue=False
    )
    snapshot = report_run_execute(run_id=run.pk)
    title = snapshot.name

    # Sam approves the draft from her list; then her list asks her to ask the
    # cabinet member.
    sam = sign_in(new_page(), site, "insight")
    sam.goto(site.url("/"))
    todo = sam.get_by_role("region", name="Waiting for you")
    todo.get_by_role("link", name=f"Approve the draft {title}").click()
    sam.get_by_role("button", name="Approve this draft").click()
    expect(sam.get_by_role("status")).to_contain_text("Your approval is recorded.")
    sam.goto(site.url("/"))
    todo = sam.get_by_role("region", name="Waiting for you")
    expect(todo).not_to_contain_text(f"Approve the draft {title}")
    ask = f"Ask a cabinet member to approve the {title}"
    todo.get_by_role("link", name=ask).click()
    sam.get_by_role("button", name="Request approval").click()
    expect(sam.get_by_role("status")).to_contain_text("Asked for approval")
    sam.goto(site.url("/"))
    expect(sam.get_by_role("region", name="Waiting for you")).not_to_contain_text(ask)

    # The cabinet member: the draft waits on her list; she approves it; it goes.
    cabinet = sign_in(new_page(), site, "cabinet")
    cabinet.goto(site.url("/"))
    todo = cabinet.get_by_role("region", name="Waiting for you")
    todo.get_by_role("link", name=f"Approve the draft {title}").click()
    cabinet.get_by_role("button", name="Approve this draft").click()
    expect(cabinet.get_by_role("status")).to_contain_text("Your approval is recorded.")
    cabinet.goto(site.url("/"))
    expect(cabinet.get_by_role("region", name="Waiting for you")).not_to_contain_text(
        title
    )
    # Both have approved: Sam's list now has the publication.
    sam.goto(site.url("/"))
    expect(sam.get_by_role("region", name="Waiting for you")).to_contain_text(
        f"Publish the {title}"
    )
