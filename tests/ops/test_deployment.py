"""The docker-compose deployment is checked without Docker (scripts/check_compose.py),
and the load test's people are seeded as the load script expects."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from coventry_pm.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]


def _check_compose():
    spec = importlib.util.spec_from_file_location(
        "check_compose", ROOT / "scripts" / "check_compose.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_compose_file_passes_its_check():
    result = subprocess.run(
        [sys.executable, "scripts/check_compose.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "docker-compose.yml valid" in result.stdout


def test_the_check_finds_a_service_without_a_health_check():
    check = _check_compose()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    del compose["services"]["worker"]["healthcheck"]
    assert "service worker has no health check" in check.check_services(compose)


def test_the_check_finds_a_schema_error():
    check = _check_compose()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    compose["services"]["web"]["ports"] = {"not": "a list"}
    assert any("services/web/ports" in p for p in check.check_schema(compose))


def test_every_setting_read_from_the_environment_is_documented():
    check = _check_compose()
    names = check.settings_variables()
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "LOG_FORMAT"} <= names
    documented = check.documented((ROOT / ".env.example").read_text())
    assert names <= documented.keys()
    assert not documented["SECRET_KEY"]


@pytest.mark.django_db
def test_seed_load_makes_the_people_of_the_load_test(tmp_path):
    manifest_path = tmp_path / "manifest.json"
    call_command(
        "seed_load",
        officers=4,
        managers=2,
        cabinet=1,
        metrics=40,
        years=2,
        manifest=str(manifest_path),
    )
    manifest = json.loads(manifest_path.read_text())
    assert len(manifest["officers"]) == 4
    assert len(manifest["managers"]) == 2
    assert manifest["cabinet"] == ["load-cabinet-1"]
    officer = User.objects.get(username="load-officer-01")
    assert officer.has_role("officer")
    assert officer.line_manager.username == manifest["managers"][0]["username"]
    assert manifest["officers"][0]["metrics"]
    assert all(entry["session"] for entry in manifest["officers"])
    assert User.objects.get(username="load-insight").has_role("performance_admin")
