"""The annual report's journeys of JOURNEYS.md, in Chromium, on the demo data:
Sam (the performance administrator) imports the year's data, starts the report,
watches its progress bar reach 100%, reads the draft, has the cabinet member
approve it and publishes it, and its open data is committed to the open-data
repository; then a resident, not signed in, reads the published report and
downloads its PDF and CSV. And the report's pages pass axe-core."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reports import tasks
from reports.models import ReportSnapshot
from reports.services import annual
from reports.services.annual import report_run_execute
from scorecard.domain.periods import with_period_labels
from strategies.selectors import current_plan, report_years
from tests.browser.helpers import assert_accessible, assert_reflows, sign_in, words
from tests.reports.annual import git

pytestmark = pytest.mark.browser

SAMPLE_IMPORT = (
    Path(__file__).resolve().parents[1]
    / "reports"
    / "samples"
    / "council-layout-2022-30.csv"
)


@pytest.fixture
def open_data_repository(settings, tmp_path) -> Path:
    """The council's open-data repository (a local bare one), and somewhere for
    the report's files."""
    origin = tmp_path / "open-data.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(origin), cwd=tmp_path)
    settings.OPEN_DATA_REPOSITORY = str(origin)
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.MEDIA_ROOT = tmp_path / "media"
    return origin


@pytest.fixture
def worker(monkeypatch) -> list[int]:
    """The report runs queued for the worker, which the test then plays: the run
    waits, queued, until the test runs it while the browser watches."""
    queued: list[int] = []
    monkeypatch.setattr(tasks.generate_report_task, "delay", queued.append)
    return queued


def report_year() -> str:
    plan = current_plan()
    assert plan is not None
    return report_years(plan)[0]


def sam_imports_the_years_data(page: Page, site) -> None:
    page.goto(site.url("/imports/"))
    page.get_by_label("Files").set_input_files(str(SAMPLE_IMPORT))
    page.get_by_role("button", name="Preview the import").click()
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("heading", name="What applying would do")).to_be_visible()
    # The sample revises earlier years: the preview shows how the headline counts
    # would change, and applying needs Sam to confirm she has checked them.
    expect(page.get_by_role("heading", name="Headline counts")).to_be_visible()
    page.get_by_role("button", name="Apply this import").click()
    expect(page.get_by_role("checkbox")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Apply this import").click()
    expect(page.get_by_role("heading", name="What the import did")).to_be_visible()


def test_sam_generates_the_report_watches_it_and_publishes_it(
    fresh_demo_site, new_page, worker, open_data_repository, monkeypatch
):
    site = fresh_demo_site
    year = report_year()
    sam = sign_in(new_page(), site, "insight")
    sam_imports_the_years_data(sam, site)

    sam.goto(site.url("/reports/"))
    sam.get_by_label("Period").fill(year)
    sam.get_by_role("button", name="Generate the report").click()
    expect(sam).to_have_url(re.compile(r"/reports/runs/\d+/$"))
    bar = sam.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "0")
    expect(sam.get_by_role("status")).to_have_text(
        "Queued: 0%. Waiting for the worker."
    )
    # Every value the bar shows, as the page polls the run.
    sam.evaluate(
        """() => {
            const bar = document.getElementById('run-bar');
            window.seen = [];
            new MutationObserver(() => window.seen.push(bar.value))
                .observe(bar, {attributes: true});
        }"""
    )
    (run_id,) = worker
    # The demo's report is ready in about a second, quicker than the page polls
    # (each second): each stage the worker records stays a second and a half, as
    # a council's larger report does, so the page has time to show it.
    record_stage = annual._progress

    def slow_progress(run: int):
        record = record_stage(run)

        def recorded(percent: int, stage: str) -> None:
            record(percent, stage)
            if percent < 100:
                time.sleep(1.5)

        return recorded

    monkeypatch.setattr(annual, "_progress", slow_progress)
    report_run_execute(run_id=run_id)  # the worker's part, while the page polls
    expect(bar).to_have_attribute("value", "100", timeout=30_000)
    expect(sam.get_by_role("status")).to_have_text("Ready: 100%.")
    seen = sam.evaluate("() => window.seen")
    # It moved through the stages to 100, never back.
    assert seen[-1] == 100 and seen == sorted(seen), seen
    assert any(0 < value < 100 for value in seen), seen

    sam.get_by_role("link", name="Read the draft report").click()
    title = f"Annual performance report {year.replace('-', '/')}"
    name = f"{title}, version 1"  # what the pages call it
    expect(sam.get_by_role("heading", level=1)).to_have_text(name)
    expect(sam.get_by_role("note")).to_contain_text("Draft: not published.")
    snapshot = ReportSnapshot.objects.get(run_id=run_id)
    sentence = with_period_labels(snapshot.content["sentence"])
    expect(sam.locator("[data-headline-sentence]")).to_have_text(sentence)
    report_url = sam.url

    # The cabinet member reads the draft and approves it; so does Sam.
    cabinet = sign_in(new_page(), site, "cabinet")
    cabinet.goto(report_url)
    expect(cabinet.locator("[data-headline-sentence]")).to_have_text(sentence)
    cabinet.get_by_role("button", name="Approve this draft").click()
    expect(cabinet.get_by_role("status")).to_contain_text("Your approval is recorded.")
    expect(cabinet.get_by_role("button", name="Publish the report")).to_have_count(0)
    sam.reload()
    sam.get_by_role("button", name="Approve this draft").click()
    sam.get_by_role("button", name="Publish the report").click()
    expect(sam.get_by_role("status")).to_contain_text("Published")
    expect(
        sam.get_by_text(re.compile(r"^Open data: Published .*committed"))
    ).to_be_visible()

    # The open data for the year, in the council's format, is in the repository.
    files = git("ls-tree", "-r", "--name-only", "main", cwd=open_data_repository)
    assert f"2022-30/{year}/coventry-open-data-2022-30-{year}.csv" in files.split()
    log = git("log", "--format=%s", "main", cwd=open_data_repository)
    assert log == f"Open data for {year} ({title}, version 1)"

    # A resident, not signed in, finds it, reads a priority, downloads it.
    resident = new_page()
    resident.goto(site.url("/reports/"))
    resident.get_by_role("link", name=name, exact=True).click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(name)
    priority = snapshot.content["priorities"][1]
    resident.get_by_role("link", name=priority["title"], exact=True).click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(priority["title"])
    first_table = resident.get_by_role("table", name="Headline metrics").first
    expect(first_table).to_be_visible()
    assert "Improved" in words(first_table.inner_text()) or "Got worse" in words(
        first_table.inner_text()
    )
    resident.get_by_role("link", name=name, exact=True).click()
    with resident.expect_download() as pdf:
        resident.get_by_role("link", name="The report as a PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")
    with resident.expect_download() as data:
        resident.get_by_role(
            "link", name="Its figures as open data (CSV, one row per figure)"
        ).click()
    rows = list(csv.DictReader(io.StringIO(Path(data.value.path()).read_text())))
    assert rows and {"metric_code", "period", "value", "progress"} <= set(rows[0])


def test_the_report_pages_are_accessible(
    fresh_demo_site, new_page, worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = fresh_demo_site
    sam = sign_in(new_page(), site, "insight")
    sam.goto(site.url("/reports/"))
    assert_accessible(sam, "reports, with the run form")
    assert_reflows(sam, "reports, with the run form")
    sam.get_by_role("button", name="Generate the report").click()
    expect(sam.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(sam, "reports, the run form with errors")
    sam.get_by_label("Period").fill(report_year())
    sam.get_by_role("button", name="Generate the report").click()
    assert_accessible(sam, "a queued run")
    assert_reflows(sam, "a queued run")
    (run_id,) = worker
    report_run_execute(run_id=run_id)
    sam.reload()
    assert_accessible(sam, "a finished run")
    assert_reflows(sam, "a finished run")
    snapshot = ReportSnapshot.objects.get(run_id=run_id)
    councillor = sign_in(new_page(), site, "scrutiny")
    for path, what in (
        (snapshot.get_absolute_url(), "the report"),
        (f"/reports/{snapshot.pk}/priorities/2/", "a priority"),
        (f"/reports/{snapshot.pk}/wider-basket/", "the wider basket"),
        (f"/reports/{snapshot.pk}/seminar/", "the members' seminar pack"),
    ):
        councillor.goto(site.url(path))
        assert_accessible(councillor, what)
        assert_reflows(councillor, what)
    # The report read by directorate, and the first directorate it links to.
    councillor.goto(site.url(f"{snapshot.get_absolute_url()}?by=directorate"))
    assert_accessible(councillor, "the report by directorate")
    assert_reflows(councillor, "the report by directorate")
    directorate = councillor.locator("a[href*='/directorates/']").first
    path = directorate.get_attribute("href")
    assert path is not None
    councillor.goto(site.url(path))
    assert_accessible(councillor, "a directorate")
    assert_reflows(councillor, "a directorate")
