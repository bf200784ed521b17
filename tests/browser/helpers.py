"""What the browser tests share: signing in, reading symbols with their words, the
accessibility checks (axe-core at WCAG 2.0, 2.1 and 2.2 A and AA; a text
alternative beside every chart; no symbol without its words) and the keyboard
checks (every control reachable with Tab and visibly focused; no trap)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.environment import AXE, PASSWORD, Site

# axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def sign_in(page: Page, site: Site, username: str) -> Page:
    page.goto(site.url("/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    return page


def words(text: str) -> str:
    """Text with its whitespace (line breaks between a symbol and its label) folded."""
    return re.sub(r"\s+", " ", text).strip()


def status(locator: Any) -> str:
    """A status as a person reads it: its symbol and its words ("✗ Got worse")."""
    return words(locator.inner_text())


def wait_for_charts(page: Page) -> None:
    """Wait until charts.js has drawn every chart the page has."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-plotly-figure]'))"
        ".every(node => !window.Plotly || node.classList.contains('js-plotly-plot'))"
    )


def expand_details(page: Page) -> None:
    """Open every <details>, so what they hold is checked too."""
    page.evaluate(
        "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
    )


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of WCAG 2.0/2.1/2.2 A and AA on the page as it is."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's own protocol: an injected <script> tag
        # would be refused by the page's Content-Security-Policy, as it should.
        page.evaluate(AXE.read_text() + "\n;undefined")
    return page.evaluate(
        """async tags => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(" "),
                    html: n.html.slice(0, 200),
                    summary: n.failureSummary,
                })),
            }));
        }""",
        WCAG_TAGS,
    )


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['html']}")
            lines.append("      " + words(node["summary"] or ""))
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def charts_without_text_alternative(page: Page) -> list[str]:
    """Charts with no table or summary beside them: each Plotly chart needs a
    table after it (in the same section), and each small chart (an SVG) an
    accessible name that gives its figures."""
    return page.evaluate(
        """() => {
            const offenders = [];
            document.querySelectorAll('[data-plotly-figure]').forEach(chart => {
                let node = chart.closest('figure') || chart;
                let found = false;
                while ((node = node.nextElementSibling)) {
                    if (node.matches('script')) continue;
                    found = node.matches('table') || !!node.querySelector('table');
                    break;
                }
                if (!found) offenders.push(chart.outerHTML.slice(0, 120));
            });
            document.querySelectorAll('svg:not([aria-hidden=true])')
                .forEach(svg => {
                    // Plotly's own: inside its charts, and a hidden measuring one.
                    const plotly = svg.closest('.js-plotly-plot');
                    if (plotly || svg.id === 'js-plotly-tester') return;
                    const name = svg.getAttribute('aria-label') || '';
                    if (svg.getAttribute('role') !== 'img' || !/\\d/.test(name)) {
                        offenders.push(svg.outerHTML.slice(0, 120));
                    }
                });
            return offenders;
        }"""
    )


def symbols_without_words(page: Page) -> list[str]:
    """Statuses whose symbol stands alone: DESIGN.md section 2 puts its label
    beside every symbol."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.status')).filter(s => {
            const symbol = s.querySelector('.symbol');
            const label = s.textContent.replace(symbol ? symbol.textContent : '', '');
            return !symbol || label.trim().length === 0;
        }).map(s => s.outerHTML.slice(0, 120))"""
    )


def assert_accessible(page: Page, what: str = "") -> None:
    """No axe-core violation (WCAG 2.0/2.1/2.2 A and AA), every chart with its
    text alternative, every symbol with its words, on the page as it is now
    (with its <details> opened)."""
    wait_for_charts(page)
    expand_details(page)
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(describe(violations))
    charts = charts_without_text_alternative(page)
    if charts:
        problems.append("Charts without a table or summary beside them:")
        problems.extend(f"    {chart}" for chart in charts)
    symbols = symbols_without_words(page)
    if symbols:
        problems.append("Symbols without their words:")
        problems.extend(f"    {symbol}" for symbol in symbols)
    assert not problems, f"{what} ({page.url}):\n" + "\n".join(problems)


# Keyboard.

# The controls a keyboard user should reach, as the page stands (closed <details>
# hide theirs), each known by a key that survives being drawn again (Plotly
# redraws its toolbar): its tag, its name, and which of the controls so named it is.
CONTROLS = """
    const selector = [
        'a[href]', 'button:not([disabled])', 'input:not([type=hidden]):not([disabled])',
        'select:not([disabled])', 'textarea:not([disabled])', 'summary',
        '[tabindex]:not([tabindex="-1"])',
    ].join(', ');
    const nameOf = el => {
        const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
        const text = el.getAttribute('aria-label') || label || el.innerText || el.value;
        return (text || '').replace(/\\s+/g, ' ').trim();
    };
    const focusable = () => Array.from(document.querySelectorAll(selector));
    const controls = () => focusable().filter(el => {
        if (el.closest('[inert]')) return false;
        const parent = el.parentElement;
        const closed = parent && parent.closest('details:not([open])');
        if (closed && el !== closed.querySelector('summary')) return false;
        return el.getClientRects().length > 0
            && getComputedStyle(el).visibility !== 'hidden';
    });
    const keyOf = (el, all) => {
        const id = `${el.tagName.toLowerCase()} “${nameOf(el)}”`;
        const same = all.filter(other => other.tagName === el.tagName
            && nameOf(other) === nameOf(el));
        return same.length > 1 ? `${id} (${same.indexOf(el) + 1})` : id;
    };
"""

ALL_CONTROLS = (
    "() => {"
    + CONTROLS
    + "const all = controls(); "
    + ("return all.map(el => keyOf(el, all)); }")
)

# The focused control: its key, its name, and whether its focus shows.
FOCUSED = (
    "async () => {"
    + CONTROLS
    + """
    await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none'
        && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    let opaque = true;
    for (let node = el; node && node !== document; node = node.parentElement) {
        if (parseFloat(getComputedStyle(node).opacity) < 0.5) opaque = false;
    }
    const box = el.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
        && box.top < window.innerHeight && box.left < window.innerWidth;
    return {
        key: keyOf(el, controls()),
        name: nameOf(el),
        visible: (outline || shadow) && opaque && onScreen,
    };
}"""
)

# The same, quickly (no waiting for the focus style to finish drawing).
FOCUSED_KEY = (
    "() => {"
    + CONTROLS
    + """
    const el = document.activeElement;
    if (!el || el === document.body) return {key: '', name: ''};
    return {key: keyOf(el, controls()), name: nameOf(el)};
}"""
)


def focused(page: Page) -> dict[str, Any] | None:
    return page.evaluate(FOCUSED)


def focused_name(page: Page) -> str:
    return page.evaluate(FOCUSED_KEY)["name"]


def assert_keyboard_pass(page: Page, what: str) -> None:
    """From the top of the page, Tab reaches every control once, visibly focused,
    then leaves the page (no trap); Shift+Tab walks back to the first."""
    wait_for_charts(page)
    page.wait_for_load_state("networkidle")
    controls = page.evaluate(ALL_CONTROLS)
    assert controls, what
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement.blur(); }")
    visited: list[str] = []
    invisible: list[str] = []
    for _ in range(len(controls) + 5):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None:  # past the last control: out of the page, as it should
            break
        if visited and now["key"] == visited[-1]:
            pytest.fail(f"{what}: focus is trapped on {now['key']}")
        if now["key"] in visited:
            break  # round again to the start
        visited.append(now["key"])
        if not now["visible"]:
            invisible.append(now["key"])
    else:
        pytest.fail(f"{what}: focus is trapped; Tab never leaves the page")
    unreached = [key for key in controls if key not in visited]
    assert not unreached, f"{what}: Tab never reaches {unreached}"
    assert not invisible, f"{what}: focus does not show on {invisible}"
    strays = [key for key in visited if key not in controls]
    assert not strays, f"{what}: Tab stops on {strays}, which is no control"

    # And back: Shift+Tab from past the end returns to the first control.
    for _ in range(len(controls) + 5):
        page.keyboard.press("Shift+Tab")
        if page.evaluate(FOCUSED_KEY)["key"] == visited[0]:
            break
    else:
        pytest.fail(f"{what}: Shift+Tab never gets back to the first control")


def tab_to(page: Page, name: str | re.Pattern[str], *, limit: int = 200) -> None:
    """Press Tab until the control whose name matches has the focus."""
    pattern = name if isinstance(name, re.Pattern) else re.compile(re.escape(name))
    for _ in range(limit):
        page.keyboard.press("Tab")
        if pattern.search(focused_name(page)):
            return
    pytest.fail(f"Tab never reaches “{pattern.pattern}” on {page.url}")


def choose(page: Page, option: str) -> None:
    """In the focused list box, move with the arrow keys to the option."""
    for _ in range(20):
        chosen = page.evaluate(
            "() => document.activeElement.selectedOptions[0].textContent.trim()"
        )
        if chosen == option:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"the arrow keys never reach “{option}”")


# Reflow (WCAG 2.2, 1.4.10): a phone's width, and the criterion's.

PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}

# What makes a page wider than the window, named so a failure says where to look.
OVERFLOWING = """() => {
    const width = window.innerWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.right <= width + 0.5 || box.width === 0) continue;
        // Inside a scrolling region the region scrolls, not the page.
        const scroller = el.parentElement && el.parentElement.closest('.table-scroll');
        if (scroller && scroller.getBoundingClientRect().right <= width + 0.5) continue;
        const classes = typeof el.className === 'string' ? el.className.trim() : '';
        const name = el.id ? '#' + el.id
            : classes ? '.' + classes.split(/\\s+/).join('.') : '';
        const right = Math.round(box.right);
        wide.push(`${el.tagName.toLowerCase()}${name} (right edge ${right} px)`);
    }
    return wide.slice(0, 5);
}"""


def assert_no_wider_than_the_window(page: Page, what: str) -> None:
    # A page still loading after a click has no document to measure yet.
    page.wait_for_load_state()
    width = page.evaluate("window.innerWidth")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{what} at {width} px is {scroll_width} px wide: "
        + "; ".join(page.evaluate(OVERFLOWING))
    )


def assert_reflows(page: Page, what: str = "") -> None:
    """The page as it is now, at 390 px (no wider than the window, and nothing
    for axe-core) and at 320 px (no wider); then back at its own size."""
    size = page.viewport_size
    try:
        page.set_viewport_size(PHONE)
        page.reload()
        assert_no_wider_than_the_window(page, what)
        assert_accessible(page, f"{what} at 390 px")
        page.set_viewport_size(NARROWEST)
        page.reload()
        assert_no_wider_than_the_window(page, what)
    finally:
        if size is not None:
            page.set_viewport_size(size)


@contextmanager
def signed_in_pages(
    browser: Browser, site: Site, viewport: ViewportSize
) -> Iterator[Callable[[str | None], Page]]:
    """``pages("manager")``: a page of that size signed in as that demo sign-in,
    opened once and kept (one browser context each); ``pages(None)``: nobody
    signed in. Every context is closed on leaving."""
    pages: dict[str | None, Page] = {}

    def page_for(username: str | None) -> Page:
        if username not in pages:
            context = browser.new_context(viewport=viewport)
            context.set_default_timeout(15_000)
            page = context.new_page()
            if username is not None:
                sign_in(page, site, username)
            pages[username] = page
        return pages[username]

    try:
        yield page_for
    finally:
        for page in pages.values():
            page.context.close()
