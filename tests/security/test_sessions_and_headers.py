"""Headers and sessions: the Content-Security-Policy with nonces, production's
cookies and HSTS, sessions that end after inactivity, sign-in lock-out, and a
clean ``check --deploy``."""

import re
import secrets
import subprocess
import sys
import time

import pytest
from django.urls import reverse

from coventry_pm.audit.models import AccessEvent
from coventry_pm.core.middleware import LAST_ACTIVITY_KEY
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


# Content-Security-Policy


@pytest.fixture
def metric_page(officer):
    """A metric's page: its trend chart needs Plotly and charts.js."""
    metric = factories.MetricFactory(name="Homes", owner=officer, team=officer.team)
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="60")
    factories.MetricValueFactory(metric=metric, period="2024-25", value_text="70")
    return metric.get_absolute_url()


def directives(response):
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()
    }


def test_every_page_has_a_content_security_policy(client):
    policy = directives(client.get(LOGIN))
    assert policy["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_every_script_on_a_chart_page_carries_the_request_nonce(
    client, officer, metric_page
):
    client.force_login(officer)
    response = client.get(metric_page)
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) >= 3  # the figure, Plotly and charts.js
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce, "the policy names no nonce"
    for tag in scripts:
        assert f'nonce="{nonce.group(1)}"' in tag, tag


def test_the_nonce_differs_for_each_response(client, officer, metric_page):
    client.force_login(officer)
    first = client.get(metric_page)["Content-Security-Policy"]
    second = client.get(metric_page)["Content-Security-Policy"]
    assert (
        re.search(r"'nonce-[^']+'", first).group()
        != re.search(r"'nonce-[^']+'", second).group()
    )


def test_no_page_carries_an_inline_style_or_handler(client, officer, metric_page):
    client.force_login(officer)
    for url in (LOGIN, reverse("home"), metric_page):
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


# Production settings: cookies, HSTS, check --deploy


def production(code: str) -> str:
    """Run code under the production settings in a fresh interpreter."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "performance.coventry.gov.uk",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_production_cookies_are_secure_httponly_and_samesite():
    out = production(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_SAMESITE)"
    )
    assert out.split() == ["True", "True", "Lax", "True", "Lax"]


def test_production_sends_hsts_and_requires_two_factor():
    out = production(
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.TWO_FACTOR_REQUIRED_ROLES, s.SESSION_IDLE_TIMEOUT)"
    )
    hsts, subdomains, redirect, roles, idle = out.split()
    assert int(hsts) >= 31536000
    assert subdomains == redirect == "True"
    assert roles == "['*']"
    assert 0 < int(idle) <= 30 * 60


def test_check_deploy_is_clean_under_production_settings():
    out = production(
        "from django.core.management import call_command;"
        " call_command('check', deploy=True, fail_level='WARNING')"
    )
    assert "no issues" in out


# Sessions end after inactivity


def test_a_session_ends_after_inactivity(client, officer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(officer)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    page = client.get(response.url).content.decode()
    assert "signed out after 30 minutes without activity" in page
    assert client.get(reverse("home")).status_code == 302


def test_an_active_session_carries_on(client, officer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(officer)
    client.get(reverse("home"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200


def test_an_idle_api_session_gets_401(client, officer, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client.force_login(officer)
    client.get(reverse("home"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 120
    session.save()
    assert client.get("/api/v1/metrics/").status_code == 401


def test_sessions_have_an_absolute_lifetime_too(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


# Sign-in lock-out


def fail(client, times, address="198.51.100.7"):
    for _ in range(times):
        client.post(
            LOGIN,
            {"username": "officer", "password": "wrong-password"},
            REMOTE_ADDR=address,
        )


def sign_in(client, address="198.51.100.7"):
    return client.post(
        LOGIN,
        {"username": "officer", "password": "demo-password"},
        REMOTE_ADDR=address,
    )


def test_too_many_failed_sign_ins_lock_the_username_out(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    fail(client, 5)
    response = sign_in(client)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "locked for 15 minutes" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.LOCKED_OUT).exists()


def test_fewer_failures_do_not_lock_out(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    fail(client, 4)
    assert sign_in(client).status_code == 302


def test_the_lock_out_ends_after_its_time(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    fail(client, 5)
    AccessEvent.objects.update(at=AccessEvent.objects.first().at.replace(year=2020))
    assert sign_in(client).status_code == 302


def test_the_lock_out_is_for_the_address_that_failed(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    fail(client, 5, address="198.51.100.7")
    assert sign_in(client, address="192.0.2.44").status_code == 302


def test_without_a_limit_there_is_no_lock_out(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT = 0
    fail(client, 8)
    assert sign_in(client).status_code == 302
