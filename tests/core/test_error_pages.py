"""The product's own 403, 404, 429 and 500 pages: in the site's layout, each with a
way forward; the 500 page gives the request id to quote. The API stays JSON."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import path, reverse

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as product_urlpatterns
from coventry_pm.core.views import too_many_requests

pytestmark = pytest.mark.django_db


def plain_bug(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a bug")


# This module is the URLconf of the failing_client: the product's URLs and its
# handlers, plus views that fail.
urlpatterns = [
    path("error-test/bug/", plain_bug),
    path("api/v1/error-test/bug/", plain_bug),
    *product_urlpatterns,
]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@pytest.fixture
def failing_client(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def assert_in_the_sites_layout(body: str) -> None:
    assert body.count("<h1") == 1
    assert '<main id="main"' in body
    assert 'class="site-header"' in body and 'class="site-footer"' in body
    assert "Traceback" not in body


def test_a_missing_page_is_the_products_404_with_a_way_home(client, employee):
    client.force_login(employee)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert_in_the_sites_layout(body)
    assert "Page not found" in body
    assert f'href="{reverse("home")}"' in body
    assert "insight team" in body


def test_a_missing_page_offers_sign_in_to_someone_signed_out(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert_in_the_sites_layout(body)
    assert f'href="{reverse("login")}?next=/no-such-page/"' in body
    assert f'href="{reverse("performance:overview")}"' in body


def test_a_refusal_is_the_products_403_with_a_way_forward(client, employee):
    client.force_login(employee)
    response = client.get(reverse("core:task_failures"))
    assert response.status_code == 403
    body = response.content.decode()
    assert_in_the_sites_layout(body)
    assert "You cannot open this page" in body
    assert f'href="{reverse("home")}"' in body
    assert "ask your manager or the insight team" in body


def test_a_form_with_an_expired_csrf_token_is_the_403_page_saying_resend(
    employee,
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    body = response.content.decode()
    assert_in_the_sites_layout(body)
    assert "This form has expired" in body
    assert "reload the page and send it again" in body


def test_the_contact_is_the_support_address_when_one_is_set(client, employee, settings):
    settings.SUPPORT_EMAIL = "performance.help@example.org"
    client.force_login(employee)
    body = client.get("/no-such-page/").content.decode()
    assert 'href="mailto:performance.help@example.org"' in body


def test_too_many_requests_is_the_products_429_saying_how_long_to_wait(employee):
    request = RequestFactory().get("/accounts/two-factor/verify/")
    request.user = employee
    request.session = {}
    response = too_many_requests(request, retry_after=125, message="Too many codes.")
    assert response.status_code == 429
    assert response["Retry-After"] == "125"
    body = response.content.decode()
    assert_in_the_sites_layout(body)
    assert "Too many codes." in body
    assert "wait 3 minutes" in body
    assert f'href="{reverse("home")}"' in body


def test_a_crash_is_the_products_500_with_the_request_id(failing_client, insight):
    failing_client.force_login(insight)
    response = failing_client.get("/error-test/bug/")
    assert response.status_code == 500
    body = response.content.decode()
    assert_in_the_sites_layout(body)
    assert "Sorry, something went wrong" in body
    assert response["X-Request-ID"] in body
    assert 'href="/"' in body
    assert "ZeroDivisionError" not in body


def test_the_500_page_keeps_the_proxys_request_id(failing_client, insight):
    failing_client.force_login(insight)
    response = failing_client.get(
        "/error-test/bug/", headers={"X-Request-ID": "proxy-500.1"}
    )
    body = response.content.decode()
    assert '<code data-testid="request-id">proxy-500.1</code>' in body


def test_the_500_page_reads_no_database_and_no_context_processor(
    failing_client, insight, django_assert_num_queries, monkeypatch
):
    """The handler renders without the request context: the navigation's context
    processor (which reads roles) is not run, and no query is made."""
    failing_client.force_login(insight)

    def refuse(*args, **kwargs):
        raise AssertionError("a context processor ran")

    monkeypatch.setattr("config.navigation.navigation", refuse)
    request = RequestFactory().get("/error-test/bug/")
    request.user = insight
    with django_assert_num_queries(0):
        response = handler500_view()(request)
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def handler500_view():
    from django.urls import get_callable

    return get_callable(handler500)


def test_a_500_page_that_cannot_render_still_gives_the_request_id(monkeypatch):
    def broken(name, *args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr(loader, "get_template", broken)
    request = RequestFactory().get("/somewhere/")
    response = handler500_view()(request)
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


# The API stays JSON.


def test_an_unknown_api_address_is_a_json_404(client, employee):
    client.force_login(employee)
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_hidden_api_object_is_still_drfs_json_404(client, employee):
    client.force_login(employee)
    response = client.get("/api/v1/metrics/999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_api_refusal_is_still_json(client, db):
    response = client.get("/api/v1/metrics/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_api_crash_is_a_json_500_with_the_request_id(failing_client, insight):
    failing_client.force_login(insight)
    response = failing_client.get("/api/v1/error-test/bug/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "A server error occurred.",
        "code": "server_error",
        "request_id": response["X-Request-ID"],
    }


def test_the_handlers_are_wired_in_the_root_urlconf():
    assert handler403 == "coventry_pm.core.views.permission_denied"
    assert handler404 == "coventry_pm.core.views.page_not_found"
    assert handler500 == "coventry_pm.core.views.server_error"
