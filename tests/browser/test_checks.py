"""The accessibility checks catch what they are for: on deliberately broken pages
(tests/browser/broken_urls.py) the axe-core helper reports a form input with no
label, the page checks a chart with no table beside it and a symbol without its
words, and the keyboard check a focus that does not show and a focus trap; the
same form, labelled, passes them all."""

import pytest

from tests.browser.helpers import (
    assert_accessible,
    assert_keyboard_pass,
    axe_violations,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def broken_site(live_site, settings):
    settings.ROOT_URLCONF = "tests.browser.broken_urls"
    return live_site


def test_axe_reports_a_form_input_without_a_label(broken_site, new_page):
    page = new_page()
    page.goto(broken_site.url("/checks/missing-label/"))

    violations = axe_violations(page)

    assert "label" in {v["id"] for v in violations}
    with pytest.raises(AssertionError, match=r"- label \(critical\)"):
        assert_accessible(page, "a page with an unlabelled input")


def test_the_same_form_labelled_passes(broken_site, new_page):
    page = new_page()
    page.goto(broken_site.url("/checks/labelled/"))
    assert_accessible(page, "a page with a labelled input")
    assert_keyboard_pass(page, "a page with a labelled input")


def test_a_chart_without_a_table_beside_it_is_reported(broken_site, new_page):
    page = new_page()
    page.goto(broken_site.url("/checks/chart-alone/"))
    with pytest.raises(AssertionError, match="Charts without a table"):
        assert_accessible(page, "a chart alone")


def test_a_symbol_without_its_words_is_reported(broken_site, new_page):
    page = new_page()
    page.goto(broken_site.url("/checks/bare-symbol/"))
    with pytest.raises(AssertionError, match="Symbols without their words"):
        assert_accessible(page, "a bare symbol")


def test_a_focus_that_does_not_show_is_reported(broken_site, new_page):
    page = new_page()
    page.goto(broken_site.url("/checks/hidden-focus/"))
    with pytest.raises(BaseException, match=r"focus does not show on .*Home"):
        assert_keyboard_pass(page, "a hidden focus")


def test_a_focus_trap_is_reported(broken_site, new_page):
    page = new_page()
    page.goto(broken_site.url("/checks/focus-trap/"))
    with pytest.raises(BaseException, match="focus is trapped on input"):
        assert_keyboard_pass(page, "a focus trap")
