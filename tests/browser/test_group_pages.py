"""The comparator group pages in a browser, as the performance administrator uses
them on the demo data: upload a list with errors (the error summary and every
error by row and column), then a good list (the preview), confirm it (the group's
page with its success banner). Each is checked with axe-core, and for reflow at
390 and 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scorecard.models import ComparatorGroup, GroupVersion
from tests.browser.helpers import (
    NARROWEST,
    PHONE,
    assert_accessible,
    assert_no_wider_than_the_window,
    assert_reflows,
    signed_in_pages,
)

pytestmark = pytest.mark.browser

GOOD = (
    "Area code,Area name,Rank\r\n"
    "E08000031,Wolverhampton,1\r\n"
    "E06000016,Leicester,2\r\n"
    "E08000028,Sandwell,3\r\n"
)
BROKEN = "Area code,Area name,Rank\nE08000031,Wolverhampton,1\nX12,Nowhere,one\n"


@pytest.fixture(scope="module")
def people(browser, demo_site):
    with signed_in_pages(browser, demo_site, {"width": 1280, "height": 900}) as pages:
        yield pages


def _at_narrow_widths(page, what: str) -> None:
    """A page made by a form's post, measured at 390 and 320 px without reloading
    it (a reload would post the form again)."""
    size = page.viewport_size
    try:
        page.set_viewport_size(PHONE)
        assert_no_wider_than_the_window(page, what)
        assert_accessible(page, f"{what} at 390 px")
        page.set_viewport_size(NARROWEST)
        assert_no_wider_than_the_window(page, what)
    finally:
        if size is not None:
            page.set_viewport_size(size)


def test_upload_preview_confirm_and_the_group_page(people, demo_site, tmp_path):
    group = ComparatorGroup.objects.create(name="Browser test neighbours", kind="cipfa")
    page = people("insight")
    page.goto(demo_site.url(f"/groups/{group.pk}/versions/upload/"))
    page.wait_for_load_state("load")
    assert_accessible(page, "version upload")

    broken = tmp_path / "broken.csv"
    broken.write_text(BROKEN, encoding="utf-8")
    page.get_by_label("The list, as a CSV file").set_input_files(str(broken))
    page.get_by_label("First report year it is used for").fill("2024-25")
    page.get_by_role("button", name="Preview the version").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("The file has 2 errors")
    errors = page.get_by_test_id("file-errors")
    expect(errors).to_contain_text("'X12' is not an ONS area code")
    expect(errors).to_contain_text("'one' is not a whole number from 1")
    assert_accessible(page, "version upload with errors")
    _at_narrow_widths(page, "version upload with errors")
    assert not GroupVersion.objects.filter(group=group).exists()

    good = tmp_path / "cipfa-2024.csv"
    good.write_text(GOOD, encoding="utf-8")
    page.get_by_label("The list, as a CSV file").set_input_files(str(good))
    page.get_by_label("First report year it is used for").fill("2024-25")
    page.get_by_label("Model year").fill("2024")
    page.get_by_role("button", name="Preview the version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Check version 1 before saving it"
    )
    table = page.get_by_role("table", name=re.compile("members of version 1"))
    expect(table.get_by_role("row")).to_have_count(4)
    assert_accessible(page, "version upload preview")
    _at_narrow_widths(page, "version upload preview")
    assert not GroupVersion.objects.filter(group=group).exists()

    page.get_by_role("button", name="Save version 1").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 saved: 3 members")
    expect(page.get_by_test_id("years-1")).to_contain_text("2024/25 onwards")
    assert GroupVersion.objects.filter(group=group).count() == 1
    assert_accessible(page, "a group's page")
    assert_reflows(page, "a group's page")


def test_the_list_of_groups_and_a_removal_are_accessible(people, demo_site):
    page = people("insight")
    page.goto(demo_site.url("/groups/"))
    page.wait_for_load_state("load")
    assert_accessible(page, "the list of groups")
    assert_reflows(page, "the list of groups")
    group = ComparatorGroup.objects.get(name="Browser test neighbours")
    page.goto(demo_site.url(f"/groups/{group.pk}/versions/1/remove/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove version 1")
    assert_accessible(page, "removing a version")
