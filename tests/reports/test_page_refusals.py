"""The report pages show a service's refusal through the one adapter
(coventry_pm.core.errors): beside its field, in the page's messages, or the 403
page; never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coventry_pm.core.exceptions import PermissionDeniedError
from reports.models import ReportRun, ReportSnapshot
from reports.services.annual import report_run_execute, report_run_start
from tests.reports.annual import YEAR, report_data


@pytest.fixture(autouse=True)
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""


@pytest.fixture
def draft(db, insight):
    data = report_data()
    run = report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    return report_run_execute(run_id=run.pk)


def test_a_period_the_plan_does_not_cover_is_said_beside_the_period(
    client, db, insight
):
    data = report_data()
    client.force_login(insight)
    response = client.post(
        reverse("reports:run_start"), {"plan": data.plan.pk, "period": "2001-02"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    message = "The One Coventry Plan 2022-30 does not cover 2001-02."
    # In the summary, linked to the field, and beside the field.
    assert f'<a href="#id_period">Period: {message}</a>' in html
    assert f'<span class="errorlist" id="id_period_error">{message}</span>' in html
    assert not ReportRun.objects.exists()


def test_publishing_a_draft_not_yet_approved_is_said_on_its_page(
    client, draft, insight
):
    client.force_login(insight)
    response = client.post(
        reverse("reports:report_publish", args=[draft.pk]), follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "<li>A report is published once the performance administrator and a "
        "cabinet member have approved it.</li>" in html
    )
    draft.refresh_from_db()
    assert draft.status == ReportSnapshot.Status.DRAFT


def test_a_permission_refusal_from_the_service_is_the_403_page(
    client, draft, cabinet_member, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDeniedError("Only the portfolio's cabinet member approves.")

    monkeypatch.setattr("reports.views.annual.report_approve", refuse)
    client.force_login(cabinet_member)
    response = client.post(reverse("reports:report_approve", args=[draft.pk]))
    assert response.status_code == 403
    assert "<h1>You cannot open this page</h1>" in response.content.decode()
