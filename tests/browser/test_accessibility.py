"""Every page type, as the person who uses it, on the demo data: no axe-core
violation of WCAG 2.0, 2.1 or 2.2 at A and AA, a text alternative beside every
chart, and no symbol without its words (tests/browser/helpers.assert_accessible).

Forms are checked as they first appear and again showing their errors. The annual
report does not exist yet, so it is not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from appraisals.models import Appraisal
from appraisals.selectors import current_year
from strategies.models import Action, Priority, Strategy
from tests.browser.helpers import assert_accessible, signed_in_pages

pytestmark = pytest.mark.browser

SAMPLE_IMPORT = (
    Path(__file__).resolve().parents[1]
    / "reports"
    / "samples"
    / "council-layout-2022-30.csv"
)


@pytest.fixture(scope="module")
def people(browser, demo_site):
    """``people("manager")``: a page signed in as that demo sign-in, kept for the
    module (one browser context each); ``people(None)``: nobody signed in."""
    with signed_in_pages(browser, demo_site, {"width": 1280, "height": 900}) as pages:
        yield pages


def appraisal_of(username: str) -> int:
    return Appraisal.objects.get(employee__username=username, year=current_year()).pk


def housing_strategy() -> int:
    return Strategy.objects.get(title="Housing and Homelessness Strategy").pk


def priority() -> int:
    return Priority.objects.get(title__startswith="Improving outcomes").pk


def prevention_surgeries() -> int:
    return Action.objects.get(title__startswith="Open homelessness prevention").pk


@dataclass(frozen=True)
class PageType:
    name: str
    who: str | None
    path: str | Callable[[], str]


# Each page type once, as someone who may see it. Paths that need a record's id
# look it up in the demo when the test runs.
PAGE_TYPES = [
    PageType("sign-in", None, "/accounts/login/"),
    *(
        PageType(f"home ({who})", who, "/")
        for who in (
            "officer",
            "manager",
            "cabinet",
            "scrutiny",
            "insight",
            "hr",
            "employee",
        )
    ),
    PageType("plan", "employee", "/plan/"),
    PageType("strategy list", "employee", "/strategies/"),
    PageType("strategy", "officer", lambda: f"/strategies/{housing_strategy()}/"),
    PageType("metric list", "officer", "/metrics/"),
    PageType("metric, with trend and breakdown charts", "cabinet", "/metrics/OCP001/"),
    PageType("metric awaiting agreement", "cabinet", "/metrics/OCP004/"),
    PageType("scorecard", "scrutiny", "/scorecard/"),
    PageType("service dashboard", "manager", "/dashboards/service/"),
    PageType("plan dashboard", "cabinet", "/dashboards/plan/"),
    PageType("my updates", "officer", "/my-updates/"),
    PageType("data entry", "officer", "/metrics/OCP002/enter/2027-28 Q1/"),
    PageType(
        "action update", "officer", lambda: f"/actions/{prevention_surgeries()}/update/"
    ),
    PageType("propose a metric", "officer", "/metrics/propose/"),
    PageType("propose a target", "officer", "/metrics/OCP001/targets/propose/"),
    PageType("approval queue", "manager", "/approvals/"),
    PageType("import", "insight", "/imports/"),
    PageType("verdict review", "insight", "/review/"),
    PageType(
        "appraisal", "employee", lambda: f"/appraisals/{appraisal_of('employee')}/"
    ),
    PageType(
        "appraisal objective",
        "employee",
        lambda: f"/appraisals/{appraisal_of('employee')}/objectives/add/",
    ),
    PageType(
        "appraisal ratings",
        "employee",
        lambda: f"/appraisals/{appraisal_of('employee')}/ratings/",
    ),
    PageType(
        "appraisal development needs",
        "employee",
        lambda: f"/appraisals/{appraisal_of('employee')}/development/",
    ),
    PageType(
        "one-to-one",
        "employee",
        lambda: f"/appraisals/{appraisal_of('employee')}/one-to-ones/add/",
    ),
    PageType(
        "appraisal, as the line manager",
        "manager",
        lambda: f"/appraisals/{appraisal_of('employee')}/",
    ),
    PageType(
        "appraisal review",
        "manager",
        lambda: f"/appraisals/{appraisal_of('officer')}/review/mid-year/",
    ),
    PageType("team appraisals", "manager", "/appraisals/team/"),
    PageType("appraisal completion", "hr", "/appraisals/completion/"),
    # The live performance pages, as the public sees them.
    PageType("live performance", None, "/performance/"),
    PageType("live priority", None, lambda: f"/performance/priorities/{priority()}/"),
    PageType("live metric, with trend and map", None, "/performance/metrics/OCP001/"),
    PageType("progress report", None, "/performance/progress/"),
    PageType("publication schedule", None, "/performance/schedule/"),
    PageType("maps", None, "/performance/maps/"),
    PageType("areas for maps", "insight", "/performance/areas/"),
    # The Performance Hub.
    PageType("hub", "scrutiny", "/hub/"),
    PageType("hub guidance page", "employee", "/hub/symbols-and-vocabulary/"),
    PageType("hub page history", "employee", "/hub/the-cycle/history/"),
    PageType("hub metric library", "officer", "/hub/metrics/"),
    PageType("hub page editor", "insight", "/hub/the-cycle/edit/"),
    # A refusal is a page people see too.
    PageType("refused (403)", "cabinet", "/my-updates/"),
    PageType(
        "not found (404)", "cabinet", lambda: f"/appraisals/{appraisal_of('employee')}/"
    ),
]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.name)
def test_page_is_accessible(page_type, people, demo_site):
    page = people(page_type.who)
    path = page_type.path() if callable(page_type.path) else page_type.path
    response = page.goto(demo_site.url(path))
    assert response is not None
    if page_type.name.startswith("refused"):
        assert response.status == 403
    elif page_type.name.startswith("not found"):
        assert response.status == 404
    else:
        assert response.status == 200, f"{page_type.name}: {response.status}"
    assert_accessible(page, page_type.name)


# Forms showing their errors: each is sent as it stands, or with a rule broken.


def test_sign_in_with_errors_is_accessible(people, demo_site):
    page = people(None)
    page.goto(demo_site.url("/accounts/login/"))
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page, "sign-in with errors")


def test_data_entry_with_errors_is_accessible(people, demo_site):
    page = people("officer")
    page.goto(demo_site.url("/metrics/OCP002/enter/2027-28 Q1/"))
    # An override without a reason, and no figure.
    page.get_by_label("Progress verdict").select_option(label="? Cannot say")
    page.get_by_role("button", name="Save and see the calculated verdict").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page, "data entry with errors")


def test_action_update_with_errors_is_accessible(people, demo_site):
    page = people("officer")
    page.goto(demo_site.url(f"/actions/{prevention_surgeries()}/update/"))
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page, "action update with errors")


def test_metric_proposal_with_errors_is_accessible(people, demo_site):
    page = people("officer")
    page.goto(demo_site.url("/metrics/propose/"))
    page.get_by_role("button", name="Propose").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page, "metric proposal with errors")


def test_appraisal_objective_with_errors_is_accessible(people, demo_site):
    page = people("employee")
    page.goto(demo_site.url(f"/appraisals/{appraisal_of('employee')}/objectives/add/"))
    page.get_by_role("button", name="Save objective").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page, "appraisal objective with errors")


def test_import_with_errors_is_accessible(people, demo_site):
    page = people("insight")
    page.goto(demo_site.url("/imports/"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page, "import with errors")


def test_import_preview_is_accessible(people, demo_site):
    page = people("insight")
    page.goto(demo_site.url("/imports/"))
    page.get_by_label("Files").set_input_files(str(SAMPLE_IMPORT))
    page.get_by_role("button", name="Preview the import").click()
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    assert_accessible(page, "import preview")


def test_a_submission_and_the_approval_queue_are_accessible(people, demo_site):
    """The draft as the officer sees it, then the queue and the submission as the
    manager sees them, with a figure and an action update waiting."""
    officer = people("officer")
    officer.goto(demo_site.url("/metrics/OCP001/enter/2026-27 Q2/"))
    officer.get_by_label("Figure", exact=True).fill("291")
    officer.get_by_role("button", name="Save and see the calculated verdict").click()
    expect(officer.get_by_role("heading", name="The figures")).to_be_visible()
    assert_accessible(officer, "a draft submission")
    officer.get_by_role("button", name="Submit for approval").click()
    expect(officer.locator("[data-submission-status]")).to_have_text(
        "Awaiting approval"
    )

    officer.goto(demo_site.url(f"/actions/{prevention_surgeries()}/update/"))
    officer.get_by_label("Status").select_option(label="At risk")
    officer.get_by_label("What has happened, and what happens next").fill(
        "Two hubs cannot host surgeries until January."
    )
    officer.get_by_role("button", name="Send for approval").click()
    expect(officer.get_by_role("status")).to_contain_text("sent for approval")

    manager = people("manager")
    manager.goto(demo_site.url("/approvals/"))
    expect(manager.get_by_role("heading", name="Figures (1)")).to_be_visible()
    expect(manager.get_by_role("heading", name="Action updates (1)")).to_be_visible()
    assert_accessible(manager, "approval queue with work waiting")

    manager.get_by_role(
        "link", name="Homelessness cases prevented and relieved"
    ).click()
    expect(manager.get_by_role("heading", name="Approve or return")).to_be_visible()
    assert_accessible(manager, "a submission to review")
    # Returning it needs a reason.
    manager.get_by_role("button", name="Return to the officer").click()
    expect(manager.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(manager, "a submission to review, with errors")


def test_areas_upload_with_errors_is_accessible(people, demo_site, tmp_path):
    page = people("insight")
    page.goto(demo_site.url("/performance/areas/"))
    broken = tmp_path / "wards.csv"
    broken.write_text("name,column,row\nCanalside,one,0\n", encoding="utf-8")
    page.get_by_label("Areas file").set_input_files(str(broken))
    page.get_by_role("button", name="Upload areas").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("alert")).to_contain_text("“one” is not a whole number")
    assert_accessible(page, "areas upload with errors")


def test_hub_page_editor_with_errors_is_accessible(people, demo_site):
    page = people("insight")
    page.goto(demo_site.url("/hub/the-cycle/edit/"))
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save the page").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page, "hub page editor with errors")
