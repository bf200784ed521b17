"""The Performance Hub: guidance for everyone signed in, edited by the performance
administrator with a history of who changed what; the library of metric
definitions; each person's dashboards; partners see the strategies they are
named on."""

import re

import pytest
from django.urls import reverse

from hub.guidance import DEFAULT_PAGES
from hub.models import HubPage
from scorecard.models import Metric
from tests import factories

pytestmark = pytest.mark.django_db

EVERYONE = [
    "officer",
    "manager",
    "employee",
    "cabinet_member",
    "councillor",
    "partner",
    "hr",
    "insight",
]


def test_the_urls_are_stable():
    assert reverse("hub:index") == "/hub/"
    assert reverse("hub:metric_library") == "/hub/metrics/"
    assert reverse("hub:page", args=["the-cycle"]) == "/hub/the-cycle/"


@pytest.mark.parametrize(
    "path", ["/hub/", "/hub/the-cycle/", "/hub/metrics/", "/hub/the-cycle/history/"]
)
def test_it_requires_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_guidance_comes_with_the_product():
    slugs = set(HubPage.objects.values_list("slug", flat=True))
    assert {str(p["slug"]) for p in DEFAULT_PAGES} <= slugs
    for required in (
        "the-cycle",
        "the-hierarchy",
        "balanced-scorecard",
        "symbols-and-vocabulary",
        "setting-a-metric",
        "setting-a-target",
        "how-do-i",
    ):
        assert required in slugs


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_signed_in_reads_the_guidance(client, request, who):
    client.force_login(request.getfixturevalue(who))
    index = client.get("/hub/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "/hub/symbols-and-vocabulary/" in html
    page = client.get("/hub/symbols-and-vocabulary/")
    assert page.status_code == 200
    assert "<th>Progress</th>" in page.content.decode()


# The navigation's link to the Hub, whatever its other attributes.
HUB_LINK = re.compile(r'<a [^>]*href="/hub/"[^>]*>Performance Hub</a>')


@pytest.mark.parametrize("who", [*EVERYONE, "no_role_user"])
def test_the_hub_is_linked_from_every_signed_in_page(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for path in ("/", "/hub/", "/performance/"):
        response = client.get(path)
        if response.status_code != 200:
            continue
        assert HUB_LINK.search(response.content.decode()), path


def test_the_hub_link_is_marked_current_in_the_hub(client, employee):
    client.force_login(employee)
    html = client.get("/hub/the-cycle/").content.decode()
    link = HUB_LINK.search(html)
    assert link and 'aria-current="page"' in link.group(0)


@pytest.mark.parametrize(
    "who", ["officer", "manager", "employee", "cabinet_member", "councillor", "hr"]
)
def test_only_the_performance_administrator_edits(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/hub/the-cycle/edit/").status_code == 403
    assert client.get("/hub/new/").status_code == 403
    response = client.post(
        "/hub/the-cycle/edit/",
        {
            "title": "Hacked",
            "slug": "the-cycle",
            "section": "framework",
            "sort_order": 1,
            "body": "x",
            "reason": "x",
            "version": 1,
        },
    )
    assert response.status_code == 403
    assert HubPage.objects.get(slug="the-cycle").title == "The performance cycle"
    assert "Edit this page" not in client.get("/hub/the-cycle/").content.decode()


def edit(client, page: HubPage, **changes: object):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "section": page.section,
        "sort_order": page.sort_order,
        "body": page.body,
        "version": page.version,
        "reason": "Clearer wording",
        **changes,
    }
    return client.post(f"/hub/{page.slug}/edit/", data)


def test_the_administrator_edits_a_page_and_the_history_says_who_and_why(
    client, insight
):
    client.force_login(insight)
    page = HubPage.objects.get(slug="the-cycle")
    response = edit(
        client, page, body=page.body + "\nA new closing line.", reason="Add a line"
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.version == 2
    assert page.updated_by == insight
    assert "A new closing line." in client.get("/hub/the-cycle/").content.decode()
    history = client.get("/hub/the-cycle/history/").content.decode()
    assert str(insight) in history
    assert "Reason: “Add a line”" in history
    assert "+A new closing line." in history
    assert "Written with the product" in history


def test_a_stale_edit_is_refused_and_nothing_is_lost(client, insight):
    client.force_login(insight)
    page = HubPage.objects.get(slug="the-cycle")
    edit(client, page, body="First edit")
    response = edit(client, page, body="Second edit, from an old copy")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "This was changed by" in html
    assert "Their version (version 2" in html
    assert "Second edit, from an old copy</textarea>" in html
    page.refresh_from_db()
    assert page.body == "First edit"
    # Saving again, having seen their version, is a deliberate overwrite.
    assert edit(client, page, body="Second edit, from an old copy").status_code == 302
    page.refresh_from_db()
    assert page.body == "Second edit, from an old copy"


def test_the_administrator_adds_a_page(client, insight):
    client.force_login(insight)
    response = client.post(
        "/hub/new/",
        {
            "title": "Data quality",
            "slug": "data-quality",
            "summary": "",
            "section": "how_to",
            "sort_order": 9,
            "body": "# Check twice\n\nRecord information accurately.",
            "reason": "New page",
        },
    )
    assert response.status_code == 302
    html = client.get("/hub/data-quality/").content.decode()
    assert "<h2>Check twice</h2>" in html
    assert "Data quality" in client.get("/hub/").content.decode()


def test_a_reserved_or_missing_field_is_a_field_error(client, insight):
    client.force_login(insight)
    response = client.post(
        "/hub/new/",
        {
            "title": "",
            "slug": "metrics",
            "section": "how_to",
            "sort_order": 1,
            "body": "x",
            "reason": "x",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "is the address of another Hub page" in html
    assert 'href="#id_title"' in html


def test_html_in_a_page_is_shown_as_text(client, insight, employee):
    client.force_login(insight)
    page = HubPage.objects.get(slug="how-do-i")
    edit(
        client,
        page,
        body=(
            '<script>alert("x")</script> [link](javascript:alert(1)) '
            "<img src=x onerror=alert(1)>"
        ),
    )
    client.force_login(employee)
    html = client.get("/hub/how-do-i/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<img" not in html


def test_the_metric_library_lists_agreed_definitions(client, employee):
    factories.MetricFactory(name="Rough sleepers", definition="Counted in November")
    factories.MetricFactory(name="A proposal", status=Metric.Status.PROPOSED)
    client.force_login(employee)
    html = client.get("/hub/metrics/").content.decode()
    assert "Rough sleepers" in html
    assert "Counted in November" in html
    assert "A proposal" not in html


def test_a_partner_sees_only_their_strategies_and_metrics(client, partner):
    theirs = factories.StrategyFactory(title="Cultural Strategy", board="Culture board")
    theirs.board_members.add(partner)
    other = factories.StrategyFactory(title="Local Plan")
    step = factories.ChangeStepFactory(strategy=theirs)
    step.metrics.add(factories.MetricFactory(name="Cultural visits"))
    other_step = factories.ChangeStepFactory(strategy=other)
    other_step.metrics.add(factories.MetricFactory(name="Homes built"))
    client.force_login(partner)
    hub = client.get("/hub/").content.decode()
    assert "Cultural Strategy" in hub
    assert "Local Plan" not in hub
    assert "Plan dashboard" not in hub
    library = client.get("/hub/metrics/").content.decode()
    assert "Cultural visits" in library
    assert "Homes built" not in library


def test_councillors_see_the_plan_dashboard_and_no_service_tools(client, councillor):
    client.force_login(councillor)
    html = client.get("/hub/").content.decode()
    assert reverse("scorecard:plan_dashboard") in html
    assert reverse("scorecard:my_updates") not in html
    assert reverse("performance:areas") not in html


def test_a_person_with_no_role_may_not_open_the_library(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get("/hub/metrics/").status_code == 403


def test_an_unknown_page_is_not_found(client, employee):
    client.force_login(employee)
    assert client.get("/hub/no-such-page/").status_code == 404


def test_members_see_the_seminar_pack_of_the_latest_report(client, councillor):
    from reports.models import ReportRun, ReportSnapshot

    plan = factories.PlanFactory()
    run = ReportRun.objects.create(plan=plan, period="2024-25", status="published")
    snapshot = ReportSnapshot.objects.create(
        run=run, plan=plan, period="2024-25", status="published", content={}
    )
    client.force_login(councillor)
    html = client.get("/hub/").content.decode()
    assert reverse("reports:seminar", args=[snapshot.pk]) in html
    assert reverse("reports:report_list") in html


def test_staff_are_not_offered_the_seminar_pack(client, officer):
    client.force_login(officer)
    assert "seminar" not in client.get("/hub/").content.decode()
