"""The import and review pages: only the performance administrator may use them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import ImportRun
from scorecard.models import Metric, MetricValue, RecordedVerdict
from tests.reports.helpers import NEWER, csv_text, import_paths, sample_path

pytestmark = pytest.mark.django_db

PAGES = [
    ("reports:import_list", {}),
    ("reports:import_detail", {"pk": 1}),
    ("reports:review", {}),
]


def upload(name=NEWER, data=None):
    data = sample_path(NEWER).read_bytes() if data is None else data
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def previewed(client, insight):
    client.force_login(insight)
    response = client.post(reverse("reports:import_list"), {"files": [upload()]})
    return ImportRun.objects.get(), response


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_it_requires_sign_in(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "role_fixture",
    ["officer", "manager", "cabinet_member", "councillor", "employee", "hr"],
)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_it_refuses_everyone_but_the_performance_administrator(
    client, request, role_fixture, name, kwargs
):
    ImportRun.objects.create(pk=1, status="previewed", source="upload")
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize("role_fixture", ["officer", "manager", "cabinet_member"])
def test_others_cannot_upload_or_apply(client, request, role_fixture, insight):
    run = ImportRun.objects.create(status="previewed", source="upload")
    client.force_login(request.getfixturevalue(role_fixture))
    assert (
        client.post(reverse("reports:import_list"), {"files": [upload()]}).status_code
        == 403
    )
    assert (
        client.post(reverse("reports:import_apply", args=[run.pk])).status_code == 403
    )
    assert ImportRun.objects.count() == 1
    assert not Metric.objects.exists()


def test_anonymous_cannot_apply(client):
    run = ImportRun.objects.create(status="previewed", source="upload")
    response = client.post(reverse("reports:import_apply", args=[run.pk]))
    assert response.status_code == 302
    assert run.__class__.objects.get().status == "previewed"


def test_the_administrator_sees_the_upload_form(client, insight):
    client.force_login(insight)
    response = client.get(reverse("reports:import_list"))
    assert response.status_code == 200
    assert '<label for="id_files">Files</label>' in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert "<caption>The last imports, newest first</caption>" in response.text


def test_upload_shows_a_preview_and_changes_nothing(client, previewed):
    run, response = previewed
    assert response.status_code == 302
    assert response.url == run.get_absolute_url()
    assert run.status == "previewed"
    assert run.created_by.username == "insight"
    assert not Metric.objects.exists()
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    text = page.text
    assert "What applying would do" in text
    assert "Library visits per 1,000 population" in text
    assert "Council open data, newer layout" in text
    assert "Apply this import" in text
    # No warning: the sample's targets are all read (issue 15).
    assert "column &#x27;Target&#x27; (J)" not in text
    assert '<th scope="col">Row</th>' in text
    assert text.count("<caption>") == 1


def test_apply_imports_in_full(client, previewed):
    run, _ = previewed
    response = client.post(
        reverse("reports:import_apply", args=[run.pk]), {"confirm": "on"}, follow=True
    )
    assert response.status_code == 200
    run.refresh_from_db()
    assert run.status == "applied"
    assert run.applied_at is not None
    assert Metric.objects.count() == 10
    assert MetricValue.objects.filter(entered_by__username="insight").count() == 44
    assert RecordedVerdict.objects.filter(recorded_by__username="insight").count() == 10
    assert "Import applied." in response.text
    assert "What the import did" in response.text
    assert "Apply this import" not in response.text


def test_a_run_is_applied_once(client, previewed):
    run, _ = previewed
    url = reverse("reports:import_apply", args=[run.pk])
    client.post(url, {"confirm": "on"})
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "only a preview waiting to be applied can be applied" in response.text
    assert Metric.objects.count() == 10


def test_a_failing_file_is_refused_naming_the_file_row_and_column(client, insight):
    client.force_login(insight)
    bad = csv_text(
        [["Metric", "Unit", "2024-25 end of year metric value"], ["", "number", "7"]]
    ).encode()
    response = client.post(
        reverse("reports:import_list"), {"files": [upload("bad.csv", bad)]}
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert "bad.csv, row 2, column &#x27;Metric&#x27; (A)" in response.text
    assert "Nothing was recorded." in response.text
    assert not ImportRun.objects.exists()
    assert not Metric.objects.exists()


def test_several_files_including_excel_are_previewed_together(client, insight):
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["metric", "unit", "period", "value"])
    workbook.active.append(["Rough sleepers", "number", "2024-25", 12])
    data = BytesIO()
    workbook.save(data)
    client.force_login(insight)
    client.post(
        reverse("reports:import_list"),
        {"files": [upload(), upload("services.xlsx", data.getvalue())]},
    )
    run = ImportRun.objects.get()
    assert run.status == "previewed"
    assert run.file_names == [NEWER, "services.xlsx"]
    assert run.report["files"][1]["layout"] == "tidy"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Files: Choose one or more files to import."),
        (
            {"files": [SimpleUploadedFile("notes.txt", b"hello")]},
            "is not a CSV or Excel",
        ),
        ({"files": [upload()], "plan": "twenty"}, "Enter the plan period"),
        ({"files": [upload()], "year": "2024"}, "Enter a financial year"),
    ],
)
def test_form_errors_are_summarised_and_shown_by_the_field(
    client, insight, data, message
):
    client.force_login(insight)
    response = client.post(reverse("reports:import_list"), data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert not ImportRun.objects.exists()


def test_review_page_shows_where_calculated_and_recorded_differ(client, insight):
    import_paths(sample_path(NEWER))
    client.force_login(insight)
    response = client.get(reverse("reports:review"))
    assert response.status_code == 200
    text = response.text
    assert "70% (7/10) of recorded progress verdicts match" in text
    # Of the ten, six were recorded on or off target ("no target" is no verdict).
    assert "83% (5/6) of target statuses recorded as on or off target match" in text
    assert "Differences by kind" in text
    assert "Residents in skilled employment" in text
    assert "Library visits per 1,000 population" not in text  # it agrees
    everything = client.get(reverse("reports:review"), {"show": "all"}).text
    assert "Library visits per 1,000 population" in everything
    assert "<caption>Every recorded verdict, One Coventry Plan 2022-30 2024/25" in (
        everything
    )


def test_review_page_with_nothing_recorded(client, insight):
    client.force_login(insight)
    response = client.get(reverse("reports:review"))
    assert "No verdicts have been recorded yet" in response.text


def test_review_page_refuses_a_year_with_no_verdicts(client, insight):
    import_paths(sample_path(NEWER))
    client.force_login(insight)
    assert client.get(reverse("reports:review"), {"year": "2001-02"}).status_code == 404
