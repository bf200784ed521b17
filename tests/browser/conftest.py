"""Browser tests: Debian's Chromium driven by Playwright against a live server on the
demo data, with axe-core injected for the accessibility checks.

They need Chromium (``apt-get install chromium``) and axe-core (``npm ci``). Without
them each test is skipped with that reason, and the run's summary says so; with
``REQUIRE_BROWSER=1`` (as ``.ci/run`` sets) a missing one is a failure instead.

The demo is loaded as on today, so what is due and overdue reads as JOURNEYS.md
describes it whatever the day. ``demo_site`` loads it once for a module (for tests
that only read); ``fresh_demo_site`` loads it for each test (for journeys that
change it). Both empty the database afterwards, so the tests that run after these
start from nothing, as they expect.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub.guidance import write_default_pages
from hub.models import HubPage
from tests.browser.environment import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NEEDS,
    Site,
    missing_tools,
)

_skipped: list[str] = []


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") not in ("", "0")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None:
        return
    missing = missing_tools()
    if not missing:
        return
    reason = f"{NEEDS}: {'; '.join(missing)}"
    if browser_required():
        pytest.fail(f"REQUIRE_BROWSER is set, but the browser tests {reason}")
    _skipped.append(item.nodeid)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _skipped:
        terminalreporter.section("browser tests skipped")
        terminalreporter.write_line(
            f"{len(_skipped)} browser, accessibility and keyboard tests were skipped: "
            f"{NEEDS}; {'; '.join(missing_tools())}. Install those and run again, "
            "or set REQUIRE_BROWSER=1 to make this a failure."
        )


def _test_database_name() -> str:
    from django.db import connection

    return connection.creation._get_test_db_name()


# What the test database will be called, worked out before it exists (afterwards
# the settings name it, and the name would be worked out from that).
TEST_DATABASE = _test_database_name()


def on_test_database() -> bool:
    from django.db import connection

    return connection.settings_dict["NAME"] == TEST_DATABASE


@pytest.fixture(scope="session")
def browser_database(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The test database, for the live server and the demo.

    pytest-django creates test databases only for tests that ask for one by a mark
    or a fixture it knows, and these tests may not (a mark would wrap each test in
    its own transaction or flush, and the demo is loaded once for a module). When
    only browser tests run, nothing asked: create it here, never touching the
    database the settings name."""
    from django.test.utils import setup_databases, teardown_databases

    if on_test_database():
        yield
        return
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def browser(browser_database) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread, which Django
    # takes for async code and refuses the ORM to; the tests' own queries (and
    # loading the demo) run between browser steps, never inside them.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # The connections opened while Playwright's loop ran are this context's
        # own: close them, or PostgreSQL will not drop the test database.
        from django.db import connections

        connections.close_all()


@pytest.fixture(scope="module")
def live_site(browser, browser_database, django_db_blocker) -> Iterator[Site]:
    """A live server for the module, with database access open while it runs
    (the server's threads use the test database; an in-memory SQLite one is
    shared with them)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield Site(server.url)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            _wait_for_request_threads()


def _wait_for_request_threads(timeout: float = 10) -> None:
    """Let the server's request threads finish, closing their database
    connections (PostgreSQL will not drop a test database still in use)."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


@contextmanager
def demo_loaded() -> Iterator[None]:
    assert on_test_database(), "refusing to load the demo outside the test database"
    call_command(
        "load_demo", "--today", timezone.localdate().isoformat(), stdout=io.StringIO()
    )
    try:
        yield
    finally:
        call_command("flush", "--no-input", verbosity=0)
        # What the migrations wrote goes with the flush: put it back for the tests
        # that run after on this database.
        write_default_pages(HubPage, HubPage.history.model)


@pytest.fixture(scope="module")
def demo_site(live_site: Site, django_db_blocker) -> Iterator[Site]:
    """The live server on the demo data, loaded once for the module."""
    with django_db_blocker.unblock(), demo_loaded():
        yield live_site


@pytest.fixture
def fresh_demo_site(live_site: Site, django_db_blocker) -> Iterator[Site]:
    """The live server on the demo data, loaded for this test alone."""
    with django_db_blocker.unblock(), demo_loaded():
        yield live_site


@pytest.fixture
def new_page(browser):
    """``new_page()`` opens a page in a browser context of its own (its own
    cookies: one person signed in); all are closed after the test."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
