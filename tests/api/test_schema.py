"""The OpenAPI schema generates without errors or warnings, and the docs page is
served from this site alone."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular import plumbing

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_enum_names():
    """drf-spectacular caches the enum names it read from the settings."""
    plumbing._load_enum_name_overrides.cache_clear()
    yield
    plumbing._load_enum_name_overrides.cache_clear()


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


def test_the_schema_generates_with_no_errors_or_warnings(tmp_path, fresh_enum_names):
    schema = generate(tmp_path)
    paths = schema["paths"]
    for path in (
        "/api/v1/plans/",
        "/api/v1/metrics/{code}/",
        "/api/v1/metrics/{code}/agree/",
        "/api/v1/submissions/{id}/return/",
        "/api/v1/progress-updates/{id}/approve/",
        "/api/v1/headline-summary/",
        "/api/v1/assessments/",
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
