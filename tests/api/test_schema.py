"""The OpenAPI schema generates without errors or warnings, and the docs page is
served from this site alone."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular import plumbing

pytestmark = pytest.mark.django_db


def generate(tmp_path):
    schema_file = tmp_path / "schema.yaml"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(schema_file),
    )
    return yaml.safe_load(schema_file.read_text())


@pytest.fixture(scope="module")
def generated(tmp_path_factory, django_db_setup, django_db_blocker):
    """The schema as ``manage.py spectacular --validate --fail-on-warn`` writes it
    (refusing any error or warning), generated once for the module's tests."""
    plumbing._load_enum_name_overrides.cache_clear()
    with django_db_blocker.unblock():
        schema = generate(tmp_path_factory.mktemp("schema"))
    plumbing._load_enum_name_overrides.cache_clear()
    return schema


def test_the_schema_generates_with_no_errors_or_warnings(generated):
    schema = generated
    paths = schema["paths"]
    for path in (
        "/api/v1/plans/",
        "/api/v1/metrics/{code}/",
        "/api/v1/metrics/{code}/agree/",
        "/api/v1/submissions/{id}/return/",
        "/api/v1/progress-updates/{id}/approve/",
        "/api/v1/headline-summary/",
        "/api/v1/assessments/",
        "/api/v1/places/{code}/",
        "/api/v1/groups/{id}/",
        "/api/v1/group-versions/",
        "/api/v1/standings/",
        "/api/v1/member-values/",
    ):
        assert path in paths, path
    assessment = schema["components"]["schemas"]["Assessment"]["properties"]
    assert assessment["progress_shown"] == {"$ref": "#/components/schemas/ProgressEnum"}
    parameters = {p["name"] for p in paths["/api/v1/assessments/"]["get"]["parameters"]}
    assert {"year", "plan", "headline", "progress", "target_status", "page"} <= (
        parameters
    )


def test_the_schema_and_docs_need_sign_in(client):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)


def test_the_docs_load_from_this_site_alone(client, employee):
    client.force_login(employee)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    references = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html)
    assert references, "the page loads its scripts and styles"
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references)
    assert not re.search(r"https?://", html)


def test_the_schema_is_served_to_a_signed_in_person(client, employee):
    client.force_login(employee)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Coventry performance management API"


def test_the_docs_never_ask_the_online_validator(client, employee):
    # Swagger UI sends the schema's URL to validator.swagger.io unless told not to.
    client.force_login(employee)
    html = client.get("/api/docs/").content.decode()
    assert '"validatorUrl": null' in html


def test_every_filtered_list_documents_its_400_in_the_one_error_shape(generated):
    schema = generated
    paths = schema["paths"]
    for path in (
        "/api/v1/metrics/",
        "/api/v1/assessments/",
        "/api/v1/headline-summary/",
        "/api/v1/priorities/",
        "/api/v1/appraisals/",
    ):
        response = paths[path]["get"]["responses"]["400"]
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/QueryError"
        }, path
    assert schema["components"]["schemas"]["QueryError"]["required"] == [
        "detail",
        "code",
    ]
    # Reads whose only parameters are never refused document no 400.
    assert "400" not in paths["/api/v1/submissions/queue/"]["get"]["responses"]
    assert "400" not in paths["/api/schema/"]["get"]["responses"]


def test_id_filters_are_integers_the_database_can_hold(generated):
    schema = generated
    parameters = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/api/v1/metrics/"]["get"]["parameters"]
    }
    for name in ("priority", "objective", "team", "owner", "portfolio"):
        assert parameters[name] == {
            "type": "integer",
            "minimum": 1,
            "maximum": 2**63 - 1,
        }, name


def test_a_patch_body_requires_the_version(generated):
    schemas = generated["components"]["schemas"]
    for name in (
        "PatchedAppraisalUpdateRequest",
        "PatchedObjectiveUpdateRequest",
        "PatchedOneToOneUpdateRequest",
        "PatchedSubmissionUpdateRequest",
    ):
        assert schemas[name]["required"] == ["version"], name


def test_the_appraisal_writes_document_their_refusals(generated):
    paths = generated["paths"]
    for path, method, success in (
        ("/api/v1/appraisals/", "post", "201"),
        ("/api/v1/appraisals/{id}/", "patch", "200"),
        ("/api/v1/appraisals/{id}/sign-off/", "post", "200"),
        ("/api/v1/appraisals/{id}/ratings/", "post", "200"),
        ("/api/v1/appraisal-objectives/", "post", "201"),
        ("/api/v1/appraisal-objectives/{id}/", "patch", "200"),
        ("/api/v1/one-to-ones/", "post", "201"),
        ("/api/v1/one-to-ones/{id}/", "patch", "200"),
    ):
        responses = paths[path][method]["responses"]
        assert {success, "400", "403", "404", "409"} <= set(responses), path


def test_what_may_be_null_or_blank_is_documented_so(generated):
    schemas = generated["components"]["schemas"]
    metric = schemas["Metric"]["properties"]
    for name in ("owner_name", "team_name", "portfolio_name"):
        assert metric[name]["nullable"] is True, name
    detail = schemas["AppraisalDetail"]["properties"]
    assert detail["manager_signed_off_by"]["nullable"] is True
    blank = {"$ref": "#/components/schemas/BlankEnum"}
    assert blank in schemas["RatingOutput"]["properties"]["rating"]["oneOf"]
    assert blank in schemas["RatingOutput"]["properties"]["manager_rating"]["oneOf"]
    verdict = schemas["RecordedVerdict"]["properties"]
    assert blank in verdict["progress"]["oneOf"]
    assert blank in verdict["target_status"]["oneOf"]
    assert verdict["recorded_by_name"]["nullable"] is True
    assert blank in schemas["Submission"]["properties"]["progress_override"]["oneOf"]


def test_every_review_step_documents_the_version(generated):
    schema = generated
    schemas, paths = schema["components"]["schemas"], schema["paths"]
    for path in (
        "/api/v1/submissions/{id}/approve/",
        "/api/v1/submissions/{id}/return/",
        "/api/v1/progress-updates/{id}/approve/",
        "/api/v1/progress-updates/{id}/return/",
    ):
        operation = paths[path]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        name = body["$ref"].rsplit("/", 1)[-1]
        assert "version" in schemas[name]["required"], path
        assert "409" in operation["responses"], path
    assert "version" in schemas["ProgressUpdate"]["properties"]


def test_a_metric_s_year_aggregation_is_in_the_schema(generated):
    """Added by issue 18: how a metric's in-year figures make its year's figure,
    read on every metric and optional when proposing one."""
    schemas = generated["components"]["schemas"]
    shown = schemas["Metric"]["properties"]["year_aggregation"]
    proposal = schemas["MetricProposalRequest"]
    proposed = proposal["properties"]["year_aggregation"]
    assert "year_aggregation" not in proposal.get("required", [])
    for field in (shown, proposed):
        choices = [
            value
            for ref in field.get("oneOf", field.get("allOf", [field]))
            for value in schemas.get(ref.get("$ref", "").rsplit("/", 1)[-1], ref).get(
                "enum", []
            )
        ]
        assert {"sum", "mean", "latest", "ratio"} <= set(choices)


def test_the_benchmarking_lists_paginate_and_say_what_they_filter_by(generated):
    paths = generated["paths"]
    for path, wanted in (
        ("/api/v1/places/", {"kind", "name", "page"}),
        ("/api/v1/groups/", {"kind", "page"}),
        ("/api/v1/group-versions/", {"group", "year", "page"}),
        ("/api/v1/standings/", {"metric", "group", "period", "year", "page"}),
        ("/api/v1/member-values/", {"metric", "place", "period", "group", "page"}),
    ):
        read = paths[path]["get"]
        assert wanted <= {p["name"] for p in read["parameters"]}, path
        listed = read["responses"]["200"]["content"]["application/json"]["schema"]
        assert listed["$ref"].startswith("#/components/schemas/Paginated"), path
    schemas = generated["components"]["schemas"]
    standing = schemas["Standing"]["properties"]
    assert {"rank", "out_of", "joint", "rank_words", "quartile", "band"} <= set(
        standing
    )
    assert {"band_words", "comparison", "benchmark", "statistics", "reasons"} <= set(
        standing
    )
    group = schemas["ComparatorGroup"]["properties"]
    assert {"versions", "version_in_force", "version"} <= set(group)
