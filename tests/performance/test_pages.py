"""The live pages: public (no sign-in), approved figures of agreed metrics only,
and a CSV of their figures in the tidy format beside each."""

import csv
import io

import pytest
from django.urls import reverse

from scorecard.models import Metric
from strategies.models import Plan
from tests import factories
from tests.performance.conftest import YEAR

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["overview", "progress", "schedule", "maps"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_anonymous_visitors_see_the_public_pages(client, live_plan, name):
    response = client.get(reverse(f"performance:{name}"))
    assert response.status_code == 200


def test_the_overview_shows_priorities_headline_figures_and_links(client, live_plan):
    response = client.get(reverse("performance:overview"))
    html = response.content.decode()
    priority = live_plan["priority"]
    assert reverse("performance:priority", args=[priority.pk]) in html
    assert "Improving outcomes and tackling inequalities" in html
    assert "100% (1/1) of directional metrics improved or stayed the same." in html
    assert 'role="img" aria-label="Improved: 1 of 1"' in html
    assert reverse("performance:data_csv") in html


def test_a_priority_lists_its_headline_metrics_with_their_symbols(client, live_plan):
    priority = live_plan["priority"]
    response = client.get(reverse("performance:priority", args=[priority.pk]))
    html = response.content.decode()
    assert reverse("performance:metric", args=["OCP900"]) in html
    assert 'data-progress="improved"' in html
    assert "Improved</span>" in html
    assert "321" in html
    assert "999" not in html


def test_a_metric_shows_its_trend_comparator_map_and_download(client, live_plan):
    response = client.get(reverse("performance:metric", args=["OCP900"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="trend-data"' in html
    assert "Statistical neighbours" in html
    assert 'class="area-map"' in html
    # The map's table: a header per ward, highest first, and the ward with none.
    assert html.index(">Canalside</th>") < html.index(">Spon Gate</th>")
    assert '>Swanswell</th><td class="num">No figure</td>' in html
    assert reverse("performance:metric_csv", args=["OCP900"]) in html
    assert "999" not in html


def test_figures_awaiting_approval_are_never_published(client, live_plan):
    for name, args in [
        ("overview", []),
        ("progress", []),
        ("metric", ["OCP900"]),
        ("metric_csv", ["OCP900"]),
        ("data_csv", []),
    ]:
        body = client.get(reverse(f"performance:{name}", args=args)).content.decode()
        assert "999" not in body, name


def test_proposed_metrics_are_not_published(client, proposed_metric):
    assert client.get(reverse("performance:metric", args=["OCP901"])).status_code == 404
    assert (
        client.get(reverse("performance:metric_csv", args=["OCP901"])).status_code
        == 404
    )
    assert (
        "A proposed metric"
        not in client.get(reverse("performance:overview")).content.decode()
    )
    assert "OCP901" not in client.get(reverse("performance:data_csv")).content.decode()
    assert (
        "A proposed metric"
        not in client.get(reverse("performance:schedule")).content.decode()
    )


def test_a_draft_plan_is_not_published(client, live_plan):
    Plan.objects.update(status=Plan.Status.DRAFT)
    response = client.get(reverse("performance:overview"))
    assert response.status_code == 200
    assert "No plan has been agreed" in response.content.decode()
    priority = live_plan["priority"]
    assert (
        client.get(reverse("performance:priority", args=[priority.pk])).status_code
        == 404
    )
    assert client.get(reverse("performance:metric", args=["OCP900"])).status_code == 404


def test_an_unknown_year_or_priority_is_not_found(client, live_plan):
    assert (
        client.get(reverse("performance:overview") + "?year=1999-00").status_code == 404
    )
    assert client.get(reverse("performance:priority", args=[99999])).status_code == 404


def read_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_metric_download_is_the_tidy_format_of_its_approved_figures(
    client, live_plan
):
    response = client.get(reverse("performance:metric_csv", args=["OCP900"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert list(rows[0])[:5] == [
        "metric_code",
        "metric",
        "unit",
        "good_direction",
        "perspective",
    ]
    place = [
        (r["period"], r["breakdown_group"], r["value"])
        for r in rows
        if r["scope_kind"] == "place"
    ]
    assert ("2023-24", "", "305") in place
    assert (YEAR, "", "321") in place
    assert (YEAR, "Canalside", "40") in place
    assert {r["metric_code"] for r in rows} == {"OCP900"}
    year_row = next(r for r in rows if r["period"] == YEAR and not r["breakdown"])
    assert year_row["progress"] == "improved"
    assert year_row["headline"] == "TRUE"


def test_the_priority_download_holds_its_headline_metrics(client, live_plan):
    priority = live_plan["priority"]
    rows = read_csv(client.get(reverse("performance:priority_csv", args=[priority.pk])))
    assert {r["metric_code"] for r in rows} == {"OCP900"}


def test_the_schedule_download_lists_each_metric(client, live_plan):
    rows = read_csv(client.get(reverse("performance:schedule_csv")))
    [row] = rows
    assert row["metric_code"] == "OCP900"
    assert row["last_period"] == YEAR
    assert row["next_period"] == "2025-26"
    assert row["state"] in {"overdue", "due", "upcoming"}


def test_signed_in_people_see_the_live_pages_too(client, live_plan, councillor):
    client.force_login(councillor)
    response = client.get(reverse("performance:overview"))
    assert response.status_code == 200
    assert reverse("hub:index") in response.content.decode()


def test_the_published_annual_reports_are_linked(client, live_plan):
    html = client.get(reverse("performance:overview")).content.decode()
    assert f'href="{reverse("reports:report_list")}"' in html


def test_a_pages_download_has_the_exporters_rows_for_its_metrics(client, live_plan):
    """The metric's rows are those of the full export (export_open_data), only
    fewer metrics: the same reading, limited to the page's."""
    factories.MetricFactory(code="OCP902", name="Another metric")
    factories.MetricValueFactory(
        metric=Metric.objects.get(code="OCP902"), period=YEAR, value_text="12"
    )
    everything = client.get(reverse("performance:data_csv")).content.decode()
    one = client.get(reverse("performance:metric_csv", args=["OCP900"])).content
    header, *rows = everything.splitlines()
    expected = [header] + [r for r in rows if r.startswith("OCP900,")]
    assert one.decode().splitlines() == expected
    assert any(r.startswith("OCP902,") for r in rows)


def test_the_site_name_leads_a_visitor_to_the_live_pages(client, live_plan, employee):
    overview = reverse("performance:overview")
    html = client.get(overview).content.decode()
    assert f'<a class="brand" href="{overview}">' in html
    client.force_login(employee)
    html = client.get(overview).content.decode()
    assert f'<a class="brand" href="{reverse("home")}">' in html


def test_a_download_by_someone_signed_in_is_in_the_audit_of_access(
    client, live_plan, councillor
):
    from coventry_pm.audit.models import AccessEvent

    exports = AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT)
    client.get(reverse("performance:data_csv"))
    assert not exports.exists()  # the public's downloads are nobody's
    client.force_login(councillor)
    client.get(reverse("performance:schedule_csv"))
    [event] = exports
    assert event.user == councillor
    assert event.detail.startswith("coventry-publication-schedule-")
