"""The demo organisation, loaded once for the contract tests, with an API token for
each demo sign-in; and the reporting of known findings (known_findings.py).

The demo is loaded inside a transaction that is rolled back when the module ends;
each test (one per API operation) runs in a savepoint inside it, and each request in
a savepoint of its own (tests.contract.helpers.in_test_transaction).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from coventry_pm.accounts.models import User
from tests.contract.known_findings import KNOWN_FINDINGS, KnownFinding
from tests.contract.moving_on import MovedOn, move_demo_on

# The demo sign-ins (README), each holding the role its name says.
DEMO_SIGN_INS = (
    "officer",
    "manager",
    "cabinet",
    "scrutiny",
    "insight",
    "hr",
    "employee",
)

# The known findings a test met: {(operation, finding): {who, …}}.
Met = dict[tuple[str, KnownFinding], set[str]]
known_findings_met = pytest.StashKey[Met]()
_met_in_session: set[KnownFinding] = set()


def _load_demo() -> dict[str, str | None]:
    call_command(
        "load_demo",
        "--today",
        timezone.localdate().isoformat(),
        stdout=io.StringIO(),
    )
    tokens: dict[str, str | None] = {"nobody": None}
    for username in DEMO_SIGN_INS:
        user = User.objects.get(username=username)
        tokens[username] = Token.objects.get_or_create(user=user)[0].key
    return tokens


@pytest.fixture(scope="module")
def demo_tokens(django_db_setup, django_db_blocker) -> Iterator[dict[str, str | None]]:
    """``{sign-in: API token}`` for every demo sign-in, and ``{"nobody": None}``."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _load_demo()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def moved_on(
    django_db_setup, django_db_blocker
) -> Iterator[tuple[dict[str, str | None], MovedOn]]:
    """The demo moved on through the services (tests/contract/moving_on.py): the
    tokens as demo_tokens gives them, and what was moved."""
    with django_db_blocker.unblock(), transaction.atomic():
        tokens = _load_demo()
        yield tokens, move_demo_on()
        transaction.set_rollback(True)


@pytest.fixture
def known_findings(request) -> Met:
    """Where a test records the known findings it met (reported as xfail)."""
    met: Met = {}
    request.node.stash[known_findings_met] = met
    return met


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    met = item.stash.get(known_findings_met, None)
    if met and report.when == "call" and report.passed:
        _met_in_session.update(finding for _, finding in met)
        report.outcome = "skipped"
        report.wasxfail = "known finding (known_findings.py): " + " | ".join(
            f"{operation}: {finding.why} (as {', '.join(sorted(who))})"
            for (operation, finding), who in met.items()
        )
    return report


def pytest_terminal_summary(terminalreporter):
    ran = any(
        "tests/contract/test_api_contract" in report.nodeid
        for reports in terminalreporter.stats.values()
        for report in reports
        if hasattr(report, "nodeid")
    )
    stale = [finding for finding in KNOWN_FINDINGS if finding not in _met_in_session]
    if ran and stale and not terminalreporter.stats.get("deselected"):
        terminalreporter.section("contract: known findings not met in this run")
        terminalreporter.write_line(
            "These entries of tests/contract/known_findings.py matched nothing in "
            "this run. Generated examples vary, so one may just not have come up; "
            "one that never does any more is fixed: delete it."
        )
        for finding in stale:
            terminalreporter.write_line(f"- {finding.operations[0]} …: {finding.why}")
