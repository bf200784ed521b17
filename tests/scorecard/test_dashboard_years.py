"""Which year a dashboard opens on, and what an empty one says (issue 16, item 4):
the newest report year with an approved figure, never a year with none that would
show only all-zero cards; and a year with nothing to show says why."""

import pytest
from django.urls import reverse

from scorecard.models import HeadlineMembership
from tests import factories
from tests.scorecard.test_dashboards import plan, year_list  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

DASHBOARDS = ["scorecard:plan_dashboard", "scorecard:service_dashboard"]


@pytest.fixture
def next_year_listed(plan):  # noqa: F811 (the fixture imported above)
    """The plan names its headline metrics for 2025-26 too, before any figure for
    that year is approved."""
    for member in list(plan.headline_metrics.all()):
        HeadlineMembership.objects.create(
            plan=plan,
            report_year="2025-26",
            metric=member.metric,
            priority=member.priority,
        )
    return plan


@pytest.mark.parametrize("url_name", DASHBOARDS)
def test_a_dashboard_opens_on_the_newest_report_year_with_figures(
    client, manager, next_year_listed, url_name
):
    client.force_login(manager)
    page = client.get(reverse(url_name)).text
    offered, selected = year_list(page)
    assert "2025-26" in offered  # still on offer
    assert selected == ["2024-25"]
    assert 'data-testid="empty-reason"' not in page


@pytest.mark.parametrize("url_name", DASHBOARDS)
def test_a_year_with_no_approved_figure_says_so_and_links_to_one_that_has(
    client, manager, next_year_listed, url_name
):
    client.force_login(manager)
    page = client.get(reverse(url_name), {"year": "2025-26"}).text
    assert "No figure has been approved for 2025/26 yet" in page
    assert '<a href="?year=2024-25">See 2024-25</a>' in page


def test_an_approved_figure_makes_its_report_year_the_default(
    client, manager, next_year_listed
):
    metric = next_year_listed.headline_metrics.first().metric
    factories.MetricValueFactory(metric=metric, period="2025-26", value_text="70")
    client.force_login(manager)
    for url_name in DASHBOARDS:
        page = client.get(reverse(url_name)).text
        assert year_list(page)[1] == ["2025-26"], url_name
        assert 'data-testid="empty-reason"' not in page


def test_no_figure_means_nothing_can_be_off_target(client, manager, next_year_listed):
    client.force_login(manager)
    page = client.get(reverse("scorecard:service_dashboard"), {"year": "2025-26"}).text
    assert "Nothing can be off target until figures for 2025/26 are approved." in page
    assert "Nothing is off target." not in page


def test_a_perspective_with_no_metrics_says_so(client, manager, plan):  # noqa: F811
    client.force_login(manager)
    page = client.get(reverse("scorecard:service_dashboard"), {"year": "2024-25"})
    # The plan fixture's metrics are outcomes, quality and finance: not every
    # perspective has one.
    assert "No metrics in this perspective." in page.text


def test_teams_without_agreed_metrics_say_so(client, db):
    team = factories.TeamFactory()
    head = factories.UserFactory(username="new-head", roles=["manager"])
    team.manager = head
    team.save()
    client.force_login(head)
    page = client.get(reverse("scorecard:service_dashboard")).text
    assert "These teams have no agreed metrics" in page
