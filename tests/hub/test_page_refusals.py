"""The Hub's edit page shows a service's refusal through the one adapter
(coventry_pm.core.errors): beside its field, at the top of the form, or the 403
page; never a 500."""

import re

import pytest

from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from hub.models import HubPage
from tests.hub.test_hub import edit

pytestmark = pytest.mark.django_db


def test_a_rule_of_the_service_is_shown_at_the_top_of_the_form(
    client, insight, monkeypatch
):
    def refuse(**kwargs):
        raise ApplicationError("The Hub is being moved: try again in an hour.")

    monkeypatch.setattr("hub.views.hub_page_save", refuse)
    client.force_login(insight)
    page = HubPage.objects.get(slug="the-cycle")
    response = edit(client, page, body="Changed")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert "<li>The Hub is being moved: try again in an hour.</li>" in html
    # What they typed is kept.
    assert "Changed</textarea>" in html


def test_a_field_the_service_refuses_is_said_beside_it(client, insight):
    client.force_login(insight)
    page = HubPage.objects.get(slug="the-cycle")
    response = edit(client, page, slug="metrics")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_slug"' in html
    # Its message is what the field's aria-describedby names.
    assert re.search(r'aria-describedby="[^"]*\bid_slug_error"', html)
    assert '<span class="errorlist" id="id_slug_error">' in html
    page.refresh_from_db()
    assert page.slug == "the-cycle"


def test_a_permission_refusal_from_the_service_is_the_403_page(
    client, insight, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDeniedError("Only the performance administrator edits.")

    monkeypatch.setattr("hub.views.hub_page_save", refuse)
    client.force_login(insight)
    page = HubPage.objects.get(slug="the-cycle")
    response = edit(client, page, body="Changed")
    assert response.status_code == 403
    assert "<h1>You cannot open this page</h1>" in response.content.decode()
    page.refresh_from_db()
    assert page.body != "Changed"
