"""The week the annual report is due: officers enter figures, managers approve them,
cabinet members read the dashboards, and the public reads the live pages. Run by
scripts/load.sh (`make load`), which starts gunicorn, a Celery worker on Redis and
PostgreSQL and seeds the people (`seed_load`); LOAD_MANIFEST names the JSON file
that says who is who.

Who, and how fast (200 simulated people; LOAD_OFFICERS etc. change the numbers):

- 50 officers: their updates (1 visit in 5), or a figure entered: the form, the
  draft saved, then submitted for approval (4 in 5); a visit every 2–6 s.
- 10 managers: the approvals queue, a submission and its approval (3 in 4), or
  the service dashboard; a visit every 2–6 s.
- 5 cabinet members (signing in during the run): the plan dashboard, the
  scorecard or a headline metric; a page every 3–9 s.
- 135 of the public: the live overview, the progress table, a priority or a
  headline metric; a page every 3–9 s.

Each person is *paced*: a visit starts a random 2–6 s (3–9 s) after the previous
one started, however long the server took, so the load offered (about 57 requests
a second) does not fall when the server slows down — the run measures whether the
server keeps up with it, not how long people think. That is the busiest hour of the
week a report is due, compressed: each simulated person stands for several real
ones, who take longer over a figure. LOAD_PACE scales every interval (2: half the
rate; 0.7: 40 % more, to find where the server stops keeping up).

The pages are requested with locust's FastHttpUser (geventhttpclient), which needs
a fraction of the CPU of HttpUser: locust shares the machine with the server, and
its CPU is printed at the end. A redirect is followed within the request that got
it and counted once, as before (gunicorn's log, summarised by access_summary.py,
counts both).

At the end it prints p50/p95 per page and every error, and exits non-zero if there
was any error (a 4xx/5xx, a refused figure, a page without what it should show).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from locust import User, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment
from requests.cookies import create_cookie

MANIFEST = json.loads(Path(os.environ["LOAD_MANIFEST"]).read_text())
# Years that have started (a figure for a later one is refused): each figure is a
# new submission, a revision of any approved one (a later one for the same metric
# and year opens the one already there, as the product does).
PERIODS = [f"{year}-{(year + 1) % 100:02d}" for year in range(2016, 2026)]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SUBMISSION = re.compile(r'href="/submissions/(\d+)/"')
SUBMISSION_PATH = re.compile(r"/submissions/(\d+)/$")
PACE = float(os.environ.get("LOAD_PACE", "1"))
STARTED = time.monotonic()

_officers = itertools.cycle(MANIFEST["officers"])
_managers = itertools.cycle(MANIFEST["managers"])
_cabinet = itertools.cycle(MANIFEST["cabinet"])


def paced(low: float, high: float) -> Callable[[User], float]:
    """Start a visit a random low–high seconds (times LOAD_PACE) after the previous
    one started: locust's constant_pacing with a random interval, so people do not
    move in step. A visit that took longer than its interval is followed at once."""

    def wait_time(user: User) -> float:
        now = time.perf_counter()
        began = getattr(user, "_visit_began", now)
        wait = max(0.0, random.uniform(low, high) * PACE - (now - began))
        user._visit_began = now + wait  # type: ignore[attr-defined]
        return wait

    return wait_time


def _token(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


def _page(user: FastHttpUser, url: str, name: str, expect: str, *, who: str) -> Any:
    """GET a page; anything but a 200 showing ``expect`` counts as an error. The
    body is decoded once, as ``response.html`` (FastResponse.text decodes again on
    every use)."""
    with user.client.get(url, name=name, catch_response=True) as response:
        response.html = html = response.text or ""
        if response.status_code != 200:
            response.failure(f"{response.status_code} from {url}")
        elif "/accounts/login/" in (response.url or ""):
            response.failure(f"{url} sent {who} to sign in")
        elif expect and expect not in html:
            response.failure(f"{url} does not show {expect!r}")
        return response


class Person(FastHttpUser):
    abstract = True
    username = ""
    session = ""

    def on_start(self) -> None:
        if self.session:
            # Signed in earlier in the morning (seed_load made the session).
            host = re.sub(r"^https?://|:\d+$", "", self.host or "")
            self.client.cookiejar.set_cookie(
                create_cookie("sessionid", self.session, domain=host)
            )
            return
        page = self.client.get("/accounts/login/", name="sign in (form)")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": MANIFEST["password"],
                "csrfmiddlewaretoken": _token(page.text or ""),
            },
            name="sign in",
            catch_response=True,
        ) as response:
            if not any(c.name == "sessionid" for c in self.client.cookiejar):
                response.failure(f"{self.username} could not sign in")

    def page(self, url: str, name: str, expect: str = "") -> Any:
        return _page(self, url, name, expect, who=self.username)


class Officer(Person):
    """Enters a figure, checks the calculated verdict, submits it for approval."""

    fixed_count = int(os.environ.get("LOAD_OFFICERS", "50"))
    wait_time = paced(2, 6)

    def on_start(self) -> None:
        entry = next(_officers)
        self.username = entry["username"]
        self.session = entry["session"]
        self.metrics = entry["metrics"]
        super().on_start()

    @task(1)
    def my_updates(self) -> None:
        self.page("/my-updates/", "my updates")

    @task(4)
    def enter_and_submit(self) -> None:
        code = random.choice(self.metrics)
        period = random.choice(PERIODS)
        form = self.page(f"/metrics/{code}/enter/{period}/", "enter figure (form)")
        if form.status_code != 200:
            return
        match = SUBMISSION_PATH.search(form.url or "")
        if match is None:
            with self.client.post(
                f"/metrics/{code}/enter/{period}/",
                data={
                    "csrfmiddlewaretoken": _token(form.html),
                    "value_text": f"{random.uniform(20, 80):.1f}",
                    "note": "Entered during the load test.",
                },
                name="enter figure (save draft)",
                catch_response=True,
            ) as saved:
                match = SUBMISSION_PATH.search(saved.url or "")
                if saved.status_code != 200 or match is None:
                    saved.failure(f"draft not saved ({saved.status_code})")
                    return
                detail_html = saved.text or ""
        else:
            detail_html = form.html
        version = VERSION.search(detail_html)
        if version is None or 'name="submit"' not in detail_html:
            return  # already submitted or approved: nothing for this officer to do
        with self.client.post(
            f"/submissions/{match.group(1)}/",
            data={
                "csrfmiddlewaretoken": _token(detail_html),
                "version": version.group(1),
                "value_text": f"{random.uniform(20, 80):.1f}",
                "note": "Checked and submitted.",
                "submit": "1",
            },
            name="submit for approval",
            catch_response=True,
        ) as submitted:
            html = submitted.text or ""
            if submitted.status_code != 200:
                submitted.failure(f"{submitted.status_code} on submit")
            elif "This was changed by" in html:
                submitted.success()  # a colleague saved first: the product says so
            elif "awaiting approval" not in html:
                submitted.failure("submitted, but the page does not say so")


class Manager(Person):
    """Works through the approvals queue and watches the service dashboard."""

    fixed_count = int(os.environ.get("LOAD_MANAGERS", "10"))
    wait_time = paced(2, 6)

    def on_start(self) -> None:
        entry = next(_managers)
        self.username = entry["username"]
        self.session = entry["session"]
        super().on_start()

    @task(3)
    def approve(self) -> None:
        queue = self.page("/approvals/", "approvals")
        ids = SUBMISSION.findall(queue.html)
        if not ids:
            return
        pk = random.choice(ids)
        detail = self.page(f"/submissions/{pk}/", "submission (review)")
        version = VERSION.search(detail.html)
        if version is None or 'name="decision"' not in detail.html:
            return  # another manager got there first
        with self.client.post(
            f"/submissions/{pk}/",
            data={
                "csrfmiddlewaretoken": _token(detail.html),
                "version": version.group(1),
                "decision": "approve",
                # Approving is final: the manager confirms having checked it.
                "confirm": "on",
                "comment": "",
            },
            name="approve",
            catch_response=True,
        ) as approved:
            html = approved.text or ""
            if approved.status_code != 200:
                approved.failure(f"{approved.status_code} on approve")
            elif "This was changed by" in html:
                approved.success()  # another manager decided first: the page says so
            elif "Approved " not in html:
                approved.failure("approved, but the page does not say so")

    @task(1)
    def service_dashboard(self) -> None:
        self.page("/dashboards/service/", "service dashboard")


class CabinetMember(Person):
    """Reads the plan dashboard, the scorecard and a headline metric."""

    fixed_count = int(os.environ.get("LOAD_CABINET", "5"))
    wait_time = paced(3, 9)

    def on_start(self) -> None:
        self.username = next(_cabinet)
        super().on_start()

    @task(3)
    def plan_dashboard(self) -> None:
        self.page("/dashboards/plan/", "plan dashboard")

    @task(2)
    def scorecard(self) -> None:
        self.page("/scorecard/", "scorecard")

    @task(2)
    def metric(self) -> None:
        code = random.choice(MANIFEST["metrics"])
        self.page(f"/metrics/{code}/", "metric page", expect=code)


class Resident(FastHttpUser):
    """A member of the public, not signed in, reading the live performance pages:
    the overview, the progress table, a priority and a headline metric."""

    fixed_count = int(os.environ.get("LOAD_PUBLIC", "135"))
    wait_time = paced(3, 9)

    def page(self, url: str, name: str, expect: str = "") -> Any:
        return _page(self, url, name, expect, who="the public")

    @task(3)
    def overview(self) -> None:
        self.page("/performance/", "live: overview")

    @task(2)
    def progress(self) -> None:
        self.page("/performance/progress/", "live: progress")

    @task(2)
    def priority(self) -> None:
        pk = random.choice(MANIFEST["priorities"])
        self.page(f"/performance/priorities/{pk}/", "live: priority")

    @task(2)
    def metric(self) -> None:
        code = random.choice(MANIFEST["metrics"])
        self.page(f"/performance/metrics/{code}/", "live: metric", expect=code)


@events.quitting.add_listener
def report(environment: Environment, **_: Any) -> None:
    """p50/p95 per page; any error makes the run fail."""
    stats = environment.stats
    rows = sorted(stats.entries.values(), key=lambda entry: entry.name)
    lines = [
        "| page | requests | p50 (ms) | p95 (ms) | max (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for entry in rows:
        lines.append(
            f"| {entry.name} | {entry.num_requests} | "
            f"{entry.get_response_time_percentile(0.5):.0f} | "
            f"{entry.get_response_time_percentile(0.95):.0f} | "
            f"{entry.max_response_time:.0f} | {entry.num_failures} |"
        )
    total = stats.total
    lines.append(
        f"| **all** | {total.num_requests} | "
        f"{total.get_response_time_percentile(0.5):.0f} | "
        f"{total.get_response_time_percentile(0.95):.0f} | "
        f"{total.max_response_time:.0f} | {total.num_failures} |"
    )
    table = "\n".join(lines)
    print("\n" + table)
    errors = list(stats.errors.values())
    for error in errors:
        print(f"ERROR {error.occurrences}× {error.method} {error.name}: {error.error}")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    elapsed = time.monotonic() - STARTED
    summary = (
        f"{total.num_requests} requests, {total.num_failures} errors, "
        f"{total.total_rps:.1f} requests/s\n"
        f"locust itself: {cpu:.1f} s of CPU in {elapsed:.0f} s "
        f"({100 * cpu / elapsed:.0f} % of one core)"
    )
    print(summary)
    out = os.environ.get("LOAD_REPORT")
    if out:
        Path(out).write_text(table + "\n\n" + summary + "\n")
    environment.process_exit_code = 1 if total.num_failures or errors else 0
