"""Importing other places' figures (issue 19), in Chromium, on the demo data: Sam
(the performance administrator) imports the Fingertips sample, maps its indicator
to a metric and applies it; then imports the LG Inform sample through the column
mapping step and applies it; then the metric's page shows the members in its
benchmark panel. Every page on the way passes axe-core and reflows."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from scorecard.models import MemberValue, Metric
from tests.browser.helpers import assert_accessible, assert_reflows, sign_in
from tests.factories import (
    ComparatorGroupFactory,
    GroupVersionFactory,
    MetricFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[1] / "reports" / "samples" / "benchmarking"
FINGERTIPS = SAMPLES / "fingertips-download.csv"
LG_INFORM = SAMPLES / "lg-inform-long.csv"
SHOTS = os.environ.get("BENCHMARK_SHOTS", "")


def check(page: Page, what: str) -> None:
    page.wait_for_load_state("load")
    if SHOTS:
        name = re.sub(r"[^a-z0-9]+", "-", what.casefold()).strip("-")
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    assert_accessible(page, what)
    assert_reflows(page, what)


def upload(page: Page, site, path: Path) -> None:
    page.goto(site.url("/benchmarks/"))
    check(page, "other places' figures")
    page.get_by_role("link", name="Import a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import other places' figures"
    )
    page.get_by_label("File", exact=True).set_input_files(str(path))


def test_sam_imports_fingertips_and_lg_inform_figures(fresh_demo_site, new_page):
    site = fresh_demo_site
    smoking = MetricFactory(
        code="BM-SMOKE", name="Adults who smoke (benchmark)", unit="%"
    )
    rate = MetricFactory(code="BM-LG", name="Benchmarked rate (LG Inform)", unit="%")
    # The group, made in the setup: the samples' six neighbours.
    neighbours = [
        PlaceFactory(code=code, name=name)
        for code, name in (
            ("E06000015", "Derby"),
            ("E06000016", "Leicester"),
            ("E06000018", "Nottingham"),
            ("E06000021", "Stoke-on-Trent"),
            ("E08000030", "Walsall"),
            ("E08000031", "Wolverhampton"),
        )
    ]
    group = ComparatorGroupFactory(name="Journey neighbours")
    GroupVersionFactory(group=group, number=1, from_year="2020-21", places=neighbours)
    rate.primary_group = group
    rate.save()
    sam = sign_in(new_page(), site, "insight")

    # Fingertips: a new source, the indicator mapped to a metric, applied.
    upload(sam, site, FINGERTIPS)
    sam.get_by_label("Source", exact=True).select_option(label="A new source")
    sam.get_by_label("Name of the new source (optional)").fill("Fingertips")
    sam.get_by_label("Fingertips data download").check()
    sam.get_by_label("Fingertips indicator IDs (kept on the metric)").check()
    sam.get_by_role("button", name="Preview the import").click()
    expect(sam).to_have_url(re.compile(r"\x2fbenchmarks\x2f\d+\x2findicators\x2f$"))
    check(sam, "indicators to map")
    sam.get_by_label(
        "Smoking Prevalence in adults (18+) - current smokers (APS)"
    ).select_option(label="BM-SMOKE: Adults who smoke (benchmark)")
    sam.get_by_role("button", name="Map and preview again").click()
    expect(sam).to_have_url(re.compile(r"\x2fbenchmarks\x2f\d+\x2f$"))
    expect(
        sam.get_by_role("heading", name="Adults who smoke (benchmark)")
    ).to_be_visible()
    expect(sam.get_by_text("8 new, 0 revised, 0 unchanged.")).to_be_visible()
    check(sam, "fingertips preview")
    sam.get_by_role("button", name="Apply").click()
    expect(sam.get_by_text("Import applied.")).to_be_visible()
    check(sam, "fingertips applied")
    assert MemberValue.objects.filter(metric=smoking).count() == 8
    assert Metric.objects.get(pk=smoking.pk).fingertips_id == 92443

    # LG Inform: a long-format source, its columns mapped once, into one metric.
    upload(sam, site, LG_INFORM)
    sam.get_by_label("Source", exact=True).select_option(label="A new source")
    sam.get_by_label("Name of the new source (optional)").fill("LG Inform")
    sam.get_by_label("Long format, through a column mapping").check()
    sam.get_by_label("LG Inform metric IDs (kept on the metric)").check()
    sam.get_by_label("Metric (optional)").select_option(
        label="BM-LG: Benchmarked rate (LG Inform)"
    )
    sam.get_by_role("button", name="Preview the import").click()
    expect(sam).to_have_url(re.compile(r"\x2fbenchmarks\x2f\d+\x2fcolumns\x2f$"))
    expect(sam.get_by_label("Area code")).to_have_value("area")
    expect(sam.get_by_label("Value", exact=True)).to_have_value("value")
    check(sam, "column mapping")
    sam.get_by_role("button", name="Keep these columns and preview").click()
    expect(sam).to_have_url(re.compile(r"\x2fbenchmarks\x2f\d+\x2f$"))
    expect(sam.get_by_text("15 new, 0 revised, 0 unchanged.")).to_be_visible()
    check(sam, "lg inform preview")
    sam.get_by_role("button", name="Apply").click()
    expect(sam.get_by_text("Import applied.")).to_be_visible()
    assert MemberValue.objects.filter(metric__code="BM-LG").count() == 15

    # The metric's page: the benchmark panel shows the members' figures. In
    # 2023/24, with higher better: 27.1, 25.5, 25.0, 24.6, 23.8, Coventry's 22.9
    # (the source's, as the metric has none of its own), 22.1.
    sam.goto(site.url("/metrics/BM-LG/?year=2023-24"))
    panel = sam.get_by_test_id("benchmark-panel")
    expect(panel.get_by_role("heading", name="How we compare")).to_be_visible()
    expect(sam.get_by_test_id("benchmark-sentence")).to_contain_text(
        "Coventry is 6th of 7 in Journey neighbours for 2023/24"
    )
    table = sam.get_by_test_id("benchmark-table")
    for name in ("Derby", "Leicester", "Nottingham", "Wolverhampton", "Walsall"):
        expect(table).to_contain_text(name)
    expect(table.locator("tr.home")).to_contain_text("Coventry (us)")
    check(sam, "the benchmark panel")


def test_the_upload_form_with_errors_is_accessible(fresh_demo_site, new_page):
    site = fresh_demo_site
    sam = sign_in(new_page(), site, "insight")
    sam.goto(site.url("/benchmarks/import/"))
    check(sam, "benchmark upload")
    sam.get_by_role("button", name="Preview the import").click()
    expect(sam.get_by_role("alert")).to_contain_text("There is a problem")
    check(sam, "benchmark upload with errors")
