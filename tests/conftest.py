"""Shared fixtures: one person per role, placed in one small organisation.

Housing service (head: ``manager``) has the Housing Options team, where ``officer``
and ``employee`` work. Another service (Parks) has its own team and officer, so every
"not theirs" refusal has something real to be refused.
"""

import pytest
from django.conf import settings
from django.core.cache import cache

from tests import factories


def pytest_configure(config):
    """With ``--reuse-db`` (``make test-fast``) on SQLite, the test database is a
    file kept between runs (var/test.sqlite3), so a run skips the
    migrations; without it, as in CI, it is in memory and made afresh."""
    database = settings.DATABASES["default"]
    if config.getoption("reuse_db", False) and database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(settings.VAR_DIR / "test.sqlite3")


# Fixtures that load the whole demo (or build a world on it): a test that uses one is
# a whole-system test, marked slow (make test-fast leaves it out; CI runs it).
DEMO_FIXTURES = frozenset(
    {"demo", "demo_tokens", "moved_on", "demo_site", "fresh_demo_site", "matrix"}
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if DEMO_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: pages cache what they render under a
    fingerprint of the data, and ids repeat between tests, so a fingerprint could
    too."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def housing_team(db):
    """Housing Options, in the Housing service."""
    return factories.TeamFactory(
        name="Housing Options",
        service__name="Housing",
        service__directorate__name="Adults",
    )


@pytest.fixture
def parks_team(db):
    return factories.TeamFactory(
        name="Parks", service__name="Streetpride", service__directorate__name="Place"
    )


@pytest.fixture
def manager(housing_team):
    """Head of Housing: the service's dashboards, approvals and appraisals."""
    user = factories.UserFactory(username="manager", roles=["manager", "employee"])
    housing_team.manager = user
    housing_team.save()
    housing_team.service.head = user
    housing_team.service.save()
    return user


@pytest.fixture
def officer(housing_team, manager):
    """Enters values for the metrics and actions they or Housing Options own."""
    return factories.UserFactory(
        username="officer",
        roles=["officer", "employee"],
        team=housing_team,
        line_manager=manager,
    )


@pytest.fixture
def other_officer(parks_team):
    """An officer in another service: may not touch Housing's data."""
    return factories.UserFactory(
        username="parks-officer", roles=["officer", "employee"], team=parks_team
    )


@pytest.fixture
def employee(housing_team, manager):
    """Sees the plan, strategies and published metrics; edits nothing of the plan."""
    return factories.UserFactory(
        username="employee", roles=["employee"], team=housing_team, line_manager=manager
    )


@pytest.fixture
def cabinet_member(db):
    """Holds the Housing portfolio: reads dashboards, edits no values."""
    user = factories.UserFactory(username="cabinet", roles=["cabinet_member"])
    factories.PortfolioFactory(name="Housing and Communities", cabinet_member=user)
    return user


@pytest.fixture
def councillor(db):
    """A Scrutiny Co-ordination Committee member: reads plan-level pages only."""
    return factories.UserFactory(username="scrutiny", roles=["councillor"])


@pytest.fixture
def partner(db):
    """A board member from outside the council: sees only their strategies."""
    return factories.UserFactory(username="partner", roles=["partner"])


@pytest.fixture
def hr(db):
    """HR: appraisal content and completion; no editing of metrics or plans."""
    return factories.UserFactory(username="hr", roles=["hr", "employee"])


@pytest.fixture
def insight(db):
    """Performance administrator: defines plans, metrics and targets; runs imports."""
    return factories.UserFactory(
        username="insight", roles=["performance_admin", "employee"], is_staff=True
    )


@pytest.fixture
def no_role_user(db):
    """Signed in but holding no role: refused everything but the home page."""
    return factories.UserFactory(username="nobody")
