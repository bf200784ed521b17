"""The Content-Security-Policy in the browser: charts still draw under it (Plotly
from the installed package, charts.js reading the figures' JSON), and Chromium
reports no violation on the pages that carry charts or forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in, wait_for_charts

pytestmark = pytest.mark.browser

# Collects every securitypolicyviolation event from the start of each document
# (an init script is the browser's own, so the policy does not apply to it).
COLLECT_VIOLATIONS = """
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', event => {
        window.__cspViolations.push(
            `${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
            + ` at ${event.sourceFile || ''}:${event.lineNumber || ''}`
            + ` ${event.sample || ''}`);
    });
"""


def watched(page: Page) -> list[str]:
    """Violations the browser reports, from events and from its console."""
    messages: list[str] = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda msg: (
            messages.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return messages


def violations(page: Page, console: list[str]) -> list[str]:
    page.wait_for_timeout(300)  # events are delivered asynchronously
    return [*page.evaluate("() => window.__cspViolations || []"), *console]


CHART_PAGES = [
    ("cabinet", "/metrics/OCP001/"),
    (None, "/performance/metrics/OCP001/"),
]


@pytest.mark.parametrize(("username", "path"), CHART_PAGES)
def test_charts_render_under_the_policy_without_violations(
    demo_site, new_page, username, path
):
    page = new_page()
    console = watched(page)
    if username:
        sign_in(page, demo_site, username)
    response = page.goto(demo_site.url(path))
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert re.search(r"script-src [^;]*'nonce-", policy)
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    wait_for_charts(page)
    charts = page.locator("[data-plotly-figure]")
    assert charts.count() > 0
    # Plotly drew each chart: its SVG with the traces inside.
    for index in range(charts.count()):
        expect(charts.nth(index).locator("svg.main-svg").first).to_be_visible()
    assert page.locator("[data-plotly-figure] .scatterlayer .trace").count() > 0
    found = violations(page, console)
    assert not found, "\n".join(found)


def test_signing_in_with_two_factor_pages_has_no_violations(demo_site, new_page):
    page = new_page()
    console = watched(page)
    sign_in(page, demo_site, "insight")
    for path in ("/accounts/two-factor/setup/", "/audit/", "/"):
        page.goto(demo_site.url(path))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.locator(".qr-code svg").count() == 0  # left the set-up page
    found = violations(page, console)
    assert not found, "\n".join(found)


def test_the_api_docs_work_under_the_policy(demo_site, new_page):
    page = new_page()
    console = watched(page)
    sign_in(page, demo_site, "officer")
    page.goto(demo_site.url("/api/docs/"))
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    found = violations(page, console)
    assert not found, "\n".join(found)


def test_an_inline_script_without_the_nonce_is_blocked(demo_site, new_page):
    """The policy is really enforced: a script injected into the page without
    the nonce does not run, and the browser reports it."""
    page = new_page()
    console = watched(page)
    page.goto(demo_site.url("/accounts/login/"))
    page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.__injected = true;';
            document.body.appendChild(s);
        }"""
    )
    assert page.evaluate("() => window.__injected === true") is False
    assert any("script-src" in v for v in violations(page, console))
