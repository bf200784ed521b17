"""The appraisal pages show a service's refusal through the one adapter
(coventry_pm.core.errors): beside its field, in the page's messages, or the 403
page; never a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisals.models import Appraisal
from appraisals.selectors import current_year
from coventry_pm.core.exceptions import PermissionDeniedError
from scorecard.domain.periods import period_label

pytestmark = pytest.mark.django_db


def test_a_one_to_one_in_the_future_is_refused_beside_its_date(
    client, employee, appraisal
):
    client.force_login(employee)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("appraisals:one_to_one_add", args=[appraisal.pk]),
        {"date": tomorrow.isoformat(), "notes": "Planned"},
    )
    assert response.status_code == 200
    html = response.text
    message = "Record a one-to-one once it has happened: the date is in the future."
    # In the summary, linked to the field, and beside the field.
    assert f'<a href="#id_date">Date of the one-to-one: {message}</a>' in html
    assert f'<span class="errorlist" id="id_date_error">{message}</span>' in html
    assert not appraisal.one_to_ones.exists()


def test_starting_a_second_appraisal_for_the_year_is_said_on_the_page(client, employee):
    client.force_login(employee)
    client.post(reverse("appraisals:start"))
    response = client.post(reverse("appraisals:start"), follow=True)
    assert response.status_code == 200
    assert (
        f"<li>{employee} already has an appraisal for "
        f"{period_label(current_year())}.</li>" in response.text
    )
    assert Appraisal.objects.filter(employee=employee).count() == 1


def test_a_permission_refusal_from_the_service_is_the_403_page(
    client, employee, manager, appraisal, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDeniedError("Only the line manager agrees the objectives.")

    monkeypatch.setattr("appraisals.services.appraisal_objectives_agree", refuse)
    client.force_login(manager)
    response = client.post(
        reverse("appraisals:agree_objectives", args=[appraisal.pk]),
        {"version": appraisal.version},
    )
    assert response.status_code == 403
    assert "<h1>You cannot open this page</h1>" in response.text
