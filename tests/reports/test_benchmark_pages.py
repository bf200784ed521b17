"""The pages of the benchmarking import (issue 19): upload, column mapping,
indicator mapping, preview, apply, undo; field-level errors, never a 500; every
role but the performance administrator refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import BenchmarkSource, ImportRun
from scorecard.models import MemberValue, Metric
from tests.factories import MetricFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples" / "benchmarking"
FINGERTIPS = SAMPLES / "fingertips-download.csv"
LG_INFORM = SAMPLES / "lg-inform-long.csv"


def sample(path: Path, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        path.name, data if data is not None else path.read_bytes(), "text/csv"
    )


@pytest.fixture
def admin_client(client, insight):
    client.force_login(insight)
    return client


def new_source(client, path: Path, **fields):
    data = {"file": sample(path), "source": "new", **fields}
    return client.post(reverse("reports:benchmark_import"), data)


def test_the_fingertips_journey_upload_map_preview_apply_undo(admin_client):
    metric = MetricFactory(code="PH01", name="Adults who smoke", unit="%")
    response = new_source(
        admin_client,
        FINGERTIPS,
        new_name="Fingertips",
        new_reader="fingertips",
        new_ids="fingertips",
    )
    run = ImportRun.objects.get()
    # Nothing mapped: the indicators step comes first.
    assert response["Location"] == reverse(
        "reports:benchmark_indicators", args=[run.pk]
    )
    page = admin_client.get(response["Location"]).content.decode()
    assert "Smoking Prevalence in adults (18+) - current smokers (APS)" in page
    assert "92443: 9 rows" in page
    response = admin_client.post(
        reverse("reports:benchmark_indicators", args=[run.pk]),
        {"indicator_1": "PH01", "indicator_2": ""},
    )
    assert response.status_code == 302
    metric.refresh_from_db()
    assert metric.fingertips_id == 92443
    page = admin_client.get(reverse("reports:benchmark_preview", args=[run.pk]))
    html = page.content.decode()
    assert "8 new, 0 revised, 0 unchanged" in html
    assert "Rows left out" in html
    assert not MemberValue.objects.exists()

    response = admin_client.post(reverse("reports:benchmark_apply", args=[run.pk]))
    assert response.status_code == 302
    assert MemberValue.objects.filter(metric=metric).count() == 8
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED

    # Undo needs a reason and the confirmation, said beside each field.
    response = admin_client.post(reverse("reports:benchmark_undo", args=[run.pk]), {})
    assert response.status_code == 400
    assert "Say why the import is being undone." in response.content.decode()
    response = admin_client.post(
        reverse("reports:benchmark_undo", args=[run.pk]),
        {"reason": "Wrong year", "confirm": "on"},
    )
    assert response.status_code == 302
    assert not MemberValue.objects.filter(withdrawn_at__isnull=True).exists()
    # The open-data import's page sends a benchmark run to its own page.
    response = admin_client.get(reverse("reports:import_detail", args=[run.pk]))
    assert response["Location"] == reverse("reports:benchmark_preview", args=[run.pk])


def test_a_long_format_file_goes_through_the_column_mapping_once(admin_client):
    MetricFactory(code="LG01", unit="%")
    response = admin_client.post(
        reverse("reports:benchmark_import"),
        {
            "file": sample(LG_INFORM),
            "source": "new",
            "new_name": "LG Inform",
            "new_reader": "long",
            "new_ids": "lg_inform",
            "metric": "LG01",
        },
    )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("reports:benchmark_mapping", args=[run.pk])
    page = admin_client.get(response["Location"]).content.decode()
    # The file's first rows, and the columns guessed from its headers.
    assert "Coventry City Council" in page
    assert '<option value="area" selected>' in page
    assert '<option value="area label" selected>' in page
    source = BenchmarkSource.objects.get()
    form = {
        "version": source.version,
        "area_code": "area",
        "area_name": "area label",
        "period": "period",
        "value": "value",
        "interval_level": "95",
    }
    # A required field left out is said beside it.
    response = admin_client.post(response["Location"], {**form, "value": ""})
    assert response.status_code == 400
    assert "Say which column holds the value." in response.content.decode()
    response = admin_client.post(
        reverse("reports:benchmark_mapping", args=[run.pk]), form
    )
    assert response["Location"] == reverse("reports:benchmark_preview", args=[run.pk])
    source.refresh_from_db()
    assert source.mapping["area_code"] == "area"
    html = admin_client.get(response["Location"]).content.decode()
    assert "15 new" in html

    # The next file from the source skips the step.
    response = admin_client.post(
        reverse("reports:benchmark_import"),
        {"file": sample(LG_INFORM), "source": str(source.pk), "metric": "LG01"},
    )
    second = ImportRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse(
        "reports:benchmark_preview", args=[second.pk]
    )


def test_the_upload_form_says_what_is_wrong_beside_each_field(admin_client):
    response = admin_client.post(
        reverse("reports:benchmark_import"), {"source": "new", "new_name": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose a CSV file to import." in html
    assert "Name the new source." in html
    assert "Say what kind of file it is." in html
    assert not ImportRun.objects.exists()


def test_a_file_that_cannot_be_read_is_refused_on_the_form(admin_client):
    response = new_source(
        admin_client,
        LG_INFORM,
        new_name="Fingertips",
        new_reader="fingertips",
        new_ids="fingertips",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "the column &#x27;Indicator ID&#x27; is missing" in html
    assert "Nothing was recorded." in html
    assert not ImportRun.objects.exists()


def test_errors_are_listed_by_row_and_column_and_apply_is_not_offered(admin_client):
    MetricFactory(code="PH01", unit="%", fingertips_id=92443)
    data = FINGERTIPS.read_bytes().replace(b",2022,11.6,9.1,", b",2022,eleven,9.1,")
    response = admin_client.post(
        reverse("reports:benchmark_import"),
        {
            "file": sample(FINGERTIPS, data),
            "source": "new",
            "new_name": "Fingertips",
            "new_reader": "fingertips",
            "new_ids": "fingertips",
        },
    )
    run = ImportRun.objects.get()
    html = admin_client.get(response["Location"]).content.decode()
    assert "1 error, by row and column" in html
    assert '<th scope="row">4</th><td>Value</td><td>eleven</td>' in html
    assert reverse("reports:benchmark_apply", args=[run.pk]) not in html
    response = admin_client.post(
        reverse("reports:benchmark_apply", args=[run.pk]), follow=True
    )
    assert "errors" in response.content.decode()
    assert not MemberValue.objects.exists()


def test_the_list_shows_the_benchmark_imports(admin_client, insight):
    new_source(
        admin_client,
        FINGERTIPS,
        new_name="Fingertips",
        new_reader="fingertips",
        new_ids="fingertips",
    )
    html = admin_client.get(reverse("reports:benchmark_list")).content.decode()
    assert "fingertips-download.csv" in html
    assert "Fingertips" in html


@pytest.mark.parametrize(
    "role", ["officer", "manager", "cabinet_member", "councillor", "hr", "employee"]
)
def test_every_role_but_the_performance_administrator_is_refused(
    client, request, role, insight
):
    run = ImportRun.objects.create(
        status=ImportRun.Status.PREVIEWED,
        source=ImportRun.Source.UPLOAD,
        kind=ImportRun.Kind.BENCHMARK,
    )
    client.force_login(request.getfixturevalue(role))
    for name, args, method in (
        ("reports:benchmark_list", [], "get"),
        ("reports:benchmark_import", [], "get"),
        ("reports:benchmark_import", [], "post"),
        ("reports:benchmark_preview", [run.pk], "get"),
        ("reports:benchmark_mapping", [run.pk], "get"),
        ("reports:benchmark_indicators", [run.pk], "post"),
        ("reports:benchmark_apply", [run.pk], "post"),
        ("reports:benchmark_undo", [run.pk], "post"),
    ):
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 403, (name, method)
    assert Metric.objects.count() == 0


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("reports:benchmark_import"))
    assert response.status_code == 302
    assert "login" in response["Location"]
