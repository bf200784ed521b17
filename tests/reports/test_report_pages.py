"""The annual report's pages and API: who reads drafts and published reports, who
runs, approves and publishes, and what the pages show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import ReportRun, ReportSnapshot
from reports.services.annual import report_run_execute, report_run_start
from tests import factories
from tests.reports.annual import YEAR, report_data


@pytest.fixture(autouse=True)
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""


@pytest.fixture
def draft(db, insight):
    data = report_data()
    run = report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    return report_run_execute(run_id=run.pk)


@pytest.fixture
def published(draft, insight, cabinet_member):
    draft.status = ReportSnapshot.Status.PUBLISHED
    draft.save()
    return draft


def report_pages(snapshot):
    pk = snapshot.pk
    return [
        reverse("reports:report_detail", args=[pk]),
        reverse("reports:report_priority", args=[pk, 1]),
        reverse("reports:report_directorate", args=[pk, 0]),
        reverse("reports:report_wider", args=[pk]),
        reverse("reports:report_pdf", args=[pk]),
        reverse("reports:report_data", args=[pk, "tidy"]),
        reverse("reports:report_data", args=[pk, "council"]),
    ]


def test_anyone_reads_a_published_report_without_signing_in(client, published):
    for url in report_pages(published):
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("reports:report_list")).content.decode()
    assert "Annual performance report 2024/25" in listing


def test_a_draft_is_not_found_for_the_public_and_staff(
    client, draft, employee, officer
):
    for user in (None, employee, officer):
        if user:
            client.force_login(user)
        for url in report_pages(draft):
            assert client.get(url).status_code == 404, (user, url)
        listing = client.get(reverse("reports:report_list")).content.decode()
        assert "Annual performance report 2024/25" not in listing


@pytest.mark.parametrize("role", ["cabinet_member", "councillor", "insight"])
def test_members_and_the_administrator_read_drafts(client, draft, role, request):
    client.force_login(request.getfixturevalue(role))
    for url in report_pages(draft):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("reports:seminar", args=[draft.pk])).status_code == 200


def test_the_seminar_pack_is_for_members(client, published, employee):
    url = reverse("reports:seminar", args=[published.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(employee)
    assert client.get(url).status_code == 403


def test_the_report_page_shows_the_figures(client, published):
    page = client.get(reverse("reports:report_detail", args=[published.pk]))
    html = page.content.decode()
    assert (
        "<p data-headline-sentence>67% (2/3) of directional metrics improved or "
        "stayed the same. This compares to 100% (3/3) in 2023/24.</p>"
    ) in html
    assert "Version 1, published" in html
    assert "Approve this draft" not in html  # nobody signed in
    priority = client.get(reverse("reports:report_priority", args=[published.pk, 1]))
    text = priority.content.decode()
    assert "Homes built" in text and "A family rehoused" in text
    assert 'data-progress="improved"' in text and "Improved</span>" in text
    assert (
        client.get(
            reverse("reports:report_priority", args=[published.pk, 3])
        ).status_code
        == 404
    )


def test_the_downloads_are_the_frozen_files(client, published):
    pdf = client.get(reverse("reports:report_pdf", args=[published.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    csv = client.get(reverse("reports:report_data", args=[published.pk, "tidy"]))
    assert "attachment" in csv["Content-Disposition"]
    assert b"".join(csv.streaming_content).startswith(b"metric_code,")
    assert client.get(f"/reports/{published.pk}/open-data/other.csv").status_code == 404


# Running a report


def test_only_the_administrator_sees_the_run_form(client, draft, cabinet_member):
    client.force_login(cabinet_member)
    assert (
        "Generate the report"
        not in client.get(reverse("reports:report_list")).content.decode()
    )
    assert client.post(reverse("reports:run_start")).status_code == 403
    run = draft.run
    assert client.get(reverse("reports:run_detail", args=[run.pk])).status_code == 403
    assert client.get(reverse("reports:run_progress", args=[run.pk])).status_code == 403


def test_starting_a_run_shows_its_progress(
    client, db, insight, django_capture_on_commit_callbacks
):
    data = report_data()
    client.force_login(insight)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:run_start"), {"plan": data.plan.pk, "period": YEAR}
        )
    run = ReportRun.objects.get()
    assert response.url == reverse("reports:run_detail", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert '<progress id="run-bar" max="100" value="100">100%</progress>' in page
    assert "Read the draft report" in page
    progress = client.get(reverse("reports:run_progress", args=[run.pk])).json()
    assert progress == {
        "status": "ready",
        "status_label": "Ready",
        "progress": 100,
        "stage": "Ready",
        "error": "",
        "report_url": reverse("reports:report_detail", args=[run.snapshot.pk]),
    }


def test_a_run_for_a_bad_period_says_which_field(client, db, insight):
    data = report_data()
    client.force_login(insight)
    response = client.post(
        reverse("reports:run_start"), {"plan": data.plan.pk, "period": "someday"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "is not a report period" in html
    assert not ReportRun.objects.exists()


def test_a_second_run_while_one_is_running_is_refused(client, db, insight):
    data = report_data()
    report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    client.force_login(insight)
    response = client.post(
        reverse("reports:run_start"), {"plan": data.plan.pk, "period": YEAR}
    )
    assert response.status_code == 400
    assert "already being generated" in response.content.decode()


def test_approval_and_publication_through_the_pages(
    client, draft, insight, cabinet_member, django_capture_on_commit_callbacks
):
    detail = reverse("reports:report_detail", args=[draft.pk])
    client.force_login(cabinet_member)
    assert "Approve this draft" in client.get(detail).content.decode()
    assert (
        client.post(reverse("reports:report_publish", args=[draft.pk])).status_code
        == 403
    )
    client.post(reverse("reports:report_approve", args=[draft.pk]))
    client.force_login(insight)
    client.post(reverse("reports:report_approve", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == ReportSnapshot.Status.APPROVED
    assert "Publish the report" in client.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == ReportSnapshot.Status.PUBLISHED
    page = client.get(detail).content.decode()
    assert "Generate a corrected version" in page
    client.logout()
    assert client.get(detail).status_code == 200


def test_an_employee_cannot_approve(client, draft, employee):
    client.force_login(employee)
    response = client.post(reverse("reports:report_approve", args=[draft.pk]))
    assert response.status_code == 403


# The API


def test_the_api_starts_a_run_and_reports_its_progress(
    client, db, insight, django_capture_on_commit_callbacks
):
    data = report_data()
    client.force_login(insight)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/report-runs/",
            {"plan": data.plan.pk, "period": YEAR},
            content_type="application/json",
        )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["progress"]) == ("queued", 0)
    run = client.get(f"/api/v1/report-runs/{response.json()['id']}/").json()
    assert (run["status"], run["progress"]) == ("ready", 100)
    report = client.get(f"/api/v1/reports/{run['report']}/").json()
    assert report["status"] == "draft"
    assert report["summary"]["directional_pct"] == 67
    assert report["links"]["pdf"] == f"/reports/{run['report']}/report.pdf"


def test_the_api_refuses_runs_to_others_and_conflicts(
    client, db, insight, cabinet_member
):
    data = report_data()
    client.force_login(cabinet_member)
    body = {"plan": data.plan.pk, "period": YEAR}
    assert client.post("/api/v1/report-runs/", body).status_code == 403
    assert client.get("/api/v1/report-runs/").status_code == 403
    client.force_login(insight)
    report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    response = client.post("/api/v1/report-runs/", body)
    assert response.status_code == 409
    assert response.json()["code"] == "ConflictError"
    bad = client.post("/api/v1/report-runs/", {"plan": data.plan.pk, "period": "x"})
    assert bad.status_code == 400


def test_the_api_lists_published_reports_to_staff_and_drafts_to_members(
    client, draft, employee, councillor
):
    client.force_login(employee)
    assert client.get("/api/v1/reports/").json()["count"] == 0
    assert client.get(f"/api/v1/reports/{draft.pk}/").status_code == 404
    client.force_login(councillor)
    assert client.get("/api/v1/reports/").json()["count"] == 1
    assert client.post(f"/api/v1/reports/{draft.pk}/approve/").status_code == 403
    client.logout()
    assert client.get("/api/v1/reports/").status_code in (401, 403)


def test_a_signed_in_download_is_recorded_in_the_audit_of_access(
    client, published, councillor
):
    from coventry_pm.audit.models import AccessEvent

    client.get(reverse("reports:report_pdf", args=[published.pk]))
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()
    client.force_login(councillor)
    client.get(reverse("reports:report_data", args=[published.pk, "council"]))
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.user == councillor
    assert event.detail == "coventry-open-data-2022-30-2024-25.csv"


# --------------------------------------------------------------------------------
# The report read by directorate
# --------------------------------------------------------------------------------


@pytest.fixture
def by_directorate(db, insight):
    """The report with Homes built and Days waiting in Housing (whose director
    is Margaret Ellis), Employment rate in Jobs (no director), and the rest with
    no team."""
    data = report_data()
    director = factories.UserFactory(
        username="margaret", first_name="Margaret", last_name="Ellis"
    )
    housing = factories.DirectorateFactory(name="Housing", director=director)
    jobs = factories.DirectorateFactory(name="Jobs")
    for key, directorate in (("homes", housing), ("waits", housing), ("jobs", jobs)):
        service = factories.ServiceFactory(directorate=directorate)
        data.metrics[key].team = factories.TeamFactory(service=service)
        data.metrics[key].save()
    run = report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    snapshot = report_run_execute(run_id=run.pk)
    snapshot.status = ReportSnapshot.Status.PUBLISHED
    snapshot.save()
    return snapshot, housing, jobs


def test_the_snapshot_reads_by_directorate_from_the_same_rows(by_directorate):
    snapshot, housing, jobs = by_directorate
    content = snapshot.content
    found = [
        (d["id"], d["name"], d["director"], d["headline"], d["wider"])
        for d in content["directorates"]
    ]
    assert found == [
        (housing.pk, "Housing", "Margaret Ellis", ["H1", "H2"], []),
        (jobs.pk, "Jobs", "", ["J1"], []),
        (0, "No directorate", "", ["J2"], ["W1"]),
    ]
    # Codes, not copies: the rows are the report's own, once.
    assert all("rows" not in d and "metrics" not in d for d in content["directorates"])
    housing_counts = content["directorates"][0]["summary"]
    assert (housing_counts["improved"], housing_counts["got_worse"]) == (1, 1)
    totals = sum(d["summary"]["total"] for d in content["directorates"])
    assert totals == content["summary"]["total"] == 4
    # Last year's counts by directorate add up to the report's own for that year.
    last = content["history"][0]
    assert last["year"] == "2023-24"
    assert (
        sum(d["last_year"]["directional"] for d in content["directorates"])
        == (last["directional"])
    )
    assert (
        sum(d["last_year"]["improved_or_similar"] for d in content["directorates"])
        == (last["improved_or_similar"])
    )
    assert (
        sum(p["last_year"]["directional"] for p in content["priorities"])
        == (last["directional"])
    )


def test_the_directorate_page_shows_its_metrics(client, by_directorate):
    snapshot, housing, _jobs = by_directorate
    page = client.get(
        reverse("reports:report_directorate", args=[snapshot.pk, housing.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Housing</h1>" in html and "Director: Margaret Ellis." in html
    assert 'id="metric-H1"' in html and 'id="metric-H2"' in html
    assert "Employment rate" not in html
    assert "Next directorate: Jobs" in html
    none = client.get(reverse("reports:report_directorate", args=[snapshot.pk, 0]))
    html = none.content.decode()
    assert "<h1>No directorate</h1>" in html
    assert 'id="metric-J2"' in html and 'id="metric-W1"' in html  # wider basket
    assert "Previous directorate: Jobs" in html
    missing = reverse("reports:report_directorate", args=[snapshot.pk, 999])
    assert client.get(missing).status_code == 404


def test_the_report_page_offers_a_view_by_directorate(client, by_directorate):
    snapshot, housing, _jobs = by_directorate
    html = client.get(snapshot.get_absolute_url()).content.decode()
    assert 'aria-current="page">priority</strong>' in html
    assert '<a href="?by=directorate#view-by">directorate</a>' in html
    by = client.get(snapshot.get_absolute_url() + "?by=directorate").content.decode()
    assert 'aria-current="page">directorate</strong>' in by
    link = reverse("reports:report_directorate", args=[snapshot.pk, housing.pk])
    assert f'<a href="{link}">Housing</a>' in by
    assert "Director: Margaret Ellis." in by
    assert "No directorate" in by


def test_the_seminar_pack_follows_the_priorities_then_the_directorates(
    client, by_directorate, councillor
):
    snapshot, housing, _jobs = by_directorate
    client.force_login(councillor)
    html = client.get(reverse("reports:seminar", args=[snapshot.pk])).content.decode()
    order = [
        html.index(t)
        for t in (
            "1. Homes",
            "2. Jobs",
            ">Housing</h2>",
            ">Jobs</h2>",
            ">No directorate</h2>",
        )
    ]
    assert order == sorted(order)
    # A metric under its priority and again under its directorate, anchored apart.
    assert 'id="p1-metric-H1"' in html and f'id="d{housing.pk}-metric-H1"' in html


def test_a_report_made_before_the_views_by_directorate_still_reads(
    client, published, insight
):
    # Schema 1: no directorates, no priority ids, no figures' numbers.
    content = published.content
    del content["directorates"]
    for priority in content["priorities"]:
        del priority["id"], priority["last_year"]
    published.content = content
    published.save()
    client.force_login(insight)
    seminar = reverse("reports:seminar", args=[published.pk])
    for url in [*report_pages(published)[:2], seminar]:
        assert client.get(url).status_code == 200, url
    by = client.get(published.get_absolute_url() + "?by=directorate")
    assert "made before the views by directorate" in by.content.decode()
    directorate = reverse("reports:report_directorate", args=[published.pk, 0])
    assert client.get(directorate).status_code == 404
