"""A lost database is a clean 503; every request has an id; logs can be JSON."""

import io
import json
import logging

import pytest

from coventry_pm.core.logs import ContextFilter, JsonFormatter, request_id_var


@pytest.fixture
def failing_client(client, settings):
    settings.ROOT_URLCONF = "tests.ops.urls"
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "url", ["/ops-test/database-gone/", "/ops-test/connection-closed/"]
)
def test_a_lost_database_is_a_503_page_not_a_stack_trace(failing_client, insight, url):
    failing_client.force_login(insight)
    response = failing_client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "Service briefly unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["X-Request-ID"] in body


def test_a_lost_database_under_the_api_is_a_json_503(failing_client, insight):
    failing_client.force_login(insight)
    response = failing_client.get("/api/v1/ops-test/database-gone/")
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert response.json()["request_id"] == response["X-Request-ID"]


def test_any_other_error_is_still_a_500(failing_client, insight):
    failing_client.force_login(insight)
    assert failing_client.get("/ops-test/bug/").status_code == 500


def test_every_response_carries_a_request_id(client, settings):
    settings.BROKER_CONFIGURED = False
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_sensible_request_id_from_the_proxy_is_kept(client, settings):
    settings.BROKER_CONFIGURED = False
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-abc.123"})
    assert response["X-Request-ID"] == "proxy-abc.123"


def test_a_request_id_that_could_forge_log_lines_is_replaced(client, settings):
    settings.BROKER_CONFIGURED = False
    response = client.get("/healthz", headers={"X-Request-ID": "x\nforged line"})
    assert response["X-Request-ID"] != "x\nforged line"
    assert len(response["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    handler.addFilter(ContextFilter())
    log = logging.getLogger("tests.ops.json")
    log.addHandler(handler)
    log.propagate = False
    token = request_id_var.set("req-42")
    try:
        log.warning("figure saved", extra={"metric": "HS01"})
    finally:
        request_id_var.reset(token)
        log.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["message"] == "figure saved"
    assert line["levelname"] == "WARNING"
    assert line["request_id"] == "req-42"
    assert line["metric"] == "HS01"


def test_production_settings_log_json():
    import os
    import subprocess
    import sys

    code = (
        "import django.conf, config.settings.production as p; "
        "print(p.LOGGING['handlers']['console']['formatter'])"
    )
    env = {**os.environ, "SECRET_KEY": "x" * 60}
    env.pop("LOG_FORMAT", None)
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "json"
