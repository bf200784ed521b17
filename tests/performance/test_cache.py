"""The live pages are cached, and a newly approved figure shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.cache import data_version
from performance.services import area_layout_upload
from scorecard.models import MetricValue
from scorecard.services import submission_approve, submission_save, submission_submit
from tests import factories
from tests.performance.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_a_cached_page_costs_one_query(client, live_plan):
    url = reverse("performance:metric", args=["OCP900"])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert response.status_code == 200
    assert len(first) > 5
    assert len(second) == 1  # the data's fingerprint: the rest is cached


def test_approving_a_figure_shows_it_at_once(client, live_plan):
    url = reverse("performance:metric", args=["OCP900"])
    assert "999" not in client.get(url).content.decode()
    # Approval is a queryset update (no signals): the fingerprint still sees it.
    MetricValue.objects.filter(value_text="999").update(
        approval=MetricValue.Approval.APPROVED
    )
    # An import adds rows, which changes the fingerprint too.
    factories.MetricValueFactory(
        metric=live_plan["metric"], period=YEAR, revision=3, value_text="1,001"
    )
    html = client.get(url).content.decode()
    assert "1,001" in html


def test_the_fingerprint_changes_with_each_kind_of_change(live_plan, insight, officer):
    metric = live_plan["metric"]
    seen = {data_version()}

    def changed() -> bool:
        version = data_version()
        new = version not in seen
        seen.add(version)
        return new

    factories.MetricValueFactory(metric=metric, period="2025-26", value_text="12")
    assert changed()
    factories.ComparatorValueFactory(metric=metric, period="2025-26", value_text="11")
    assert changed()
    factories.TargetFactory(metric=metric, period="2025-26", text="To increase")
    assert changed()
    metric.name = "Renamed"
    metric.save()
    assert changed()
    factories.RecordedVerdictFactory(
        metric=metric, period="2025-26", progress="similar"
    )
    assert changed()
    area_layout_upload(
        breakdown="ward",
        name="Wards again",
        data=b"name,column,row\nCanalside,0,0\n",
        file_name="w.csv",
        user=insight,
    )
    assert changed()
    metric.team, metric.owner = officer.team, officer
    metric.save()
    assert changed()
    # A draft figure, which the public never sees, leaves the pages' cache alone.
    submission_save(user=officer, metric=metric, period="2024-25", value_text="13")
    assert not changed()


def test_a_submission_approved_through_the_service_shows_at_once(
    client, live_plan, officer, manager
):
    metric = live_plan["metric"]
    metric.team = officer.team
    metric.owner = officer
    metric.save()
    url = reverse("performance:metric", args=["OCP900"])
    submission = submission_save(
        user=officer, metric=metric, period="2025-26", value_text="345"
    )
    submission = submission_submit(
        submission=submission, user=officer, expected_version=submission.version
    )
    assert "345" not in client.get(url + "?year=2024-25").content.decode()
    assert "345" not in client.get(reverse("performance:data_csv")).content.decode()
    submission_approve(
        submission=submission, user=manager, expected_version=submission.version
    )
    assert "345" in client.get(url + "?year=2024-25").content.decode()


def _queries(client, url: str) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["overview", "progress", "schedule", "maps", "priority"]
)
def test_uncached_pages_run_as_many_queries_for_many_metrics_as_for_one(
    client, live_plan, name
):
    priority = live_plan["priority"]
    args = [priority.pk] if name == "priority" else []
    url = reverse(f"performance:{name}", args=args)
    before = _queries(client, url)
    for _ in range(5):
        metric = factories.MetricFactory()
        factories.HeadlineMembershipFactory(
            plan=live_plan["plan"], report_year=YEAR, metric=metric, priority=priority
        )
        factories.MetricValueFactory(metric=metric, period=YEAR)
        factories.MetricValueFactory(
            metric=metric, period=YEAR, breakdown="ward", breakdown_group="Canalside"
        )
    assert _queries(client, url) == before


def test_a_request_waits_for_a_page_another_is_building(live_plan, monkeypatch):
    from django.core.cache import cache

    from coventry_pm.core import cache as built
    from performance import cache as page_cache

    version = data_version()
    key = f"performance:{version}:page"
    cache.add(f"{key}:building", 1)
    sleeps = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            cache.set(key, "built by the other request")

    monkeypatch.setattr(built.time, "sleep", sleep)
    found = page_cache.cached("page", lambda: "built again", version=version)
    assert found == "built by the other request"
    assert len(sleeps) == 3


def test_a_request_builds_the_page_itself_if_the_other_never_finishes(
    live_plan, monkeypatch
):
    from django.core.cache import cache

    from coventry_pm.core import cache as built
    from performance import cache as page_cache

    version = data_version()
    cache.add(f"performance:{version}:page:building", 1)
    monkeypatch.setattr(built.time, "sleep", lambda seconds: None)
    assert page_cache.cached("page", lambda: "built", version=version) == "built"
    assert cache.get(f"performance:{version}:page") == "built"
    assert cache.get(f"performance:{version}:page:building") is None


def test_with_the_cache_unreachable_the_pages_still_answer(client, live_plan, settings):
    """Redis down: each request builds its page itself, with no error."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    for name in ("overview", "schedule"):
        response = client.get(reverse(f"performance:{name}"))
        assert response.status_code == 200
    response = client.get(reverse("performance:metric", args=["OCP900"]))
    assert response.status_code == 200
    assert "OCP900" in response.content.decode()
