"""The audit of access: sign-ins, failed sign-ins, role changes and exports, with
who and when, on a page only the performance administrator may open."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalRecords

from coventry_pm.audit.models import AccessEvent
from coventry_pm.audit.services import record_export
from tests import factories

pytestmark = pytest.mark.django_db

AUDIT = "/audit/"


PASSWORD = "demo-password"


def sign_in(client, username, password=PASSWORD):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.9",
    )


def test_a_sign_in_is_recorded_with_who_when_and_where(client, officer):
    sign_in(client, "officer")
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN)
    assert event.user == officer
    assert event.username == "officer"
    assert event.ip_address == "203.0.113.9"
    assert event.detail == "password"
    assert event.at is not None


def test_a_failed_sign_in_is_recorded_with_the_username_typed(client, officer):
    sign_in(client, "officer", password="wrong-password")
    sign_in(client, "no-such-person", password="wrong-password")
    failures = AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert {(e.username, e.user) for e in failures} == {
        ("officer", officer),
        ("no-such-person", None),
    }


def test_signing_out_is_recorded(client, officer):
    sign_in(client, "officer")
    client.post(reverse("logout"))
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.SIGN_OUT, user=officer
    ).exists()


def test_a_role_given_and_taken_away_is_recorded(officer):
    manager_role = Group.objects.get(name="manager")
    officer.groups.add(manager_role)
    officer.groups.remove(manager_role)
    changes = AccessEvent.objects.filter(user=officer, detail="manager")
    assert [e.kind for e in changes.order_by("pk")] == [
        AccessEvent.Kind.ROLE_ADDED,
        AccessEvent.Kind.ROLE_REMOVED,
    ]


def test_a_role_changed_from_the_group_side_or_cleared_is_recorded(officer):
    hr_role = Group.objects.get(name="hr")
    hr_role.user_set.add(officer)
    officer.groups.clear()
    kinds = AccessEvent.objects.filter(user=officer).values_list("kind", "detail")
    assert (AccessEvent.Kind.ROLE_ADDED, "hr") in kinds
    assert (AccessEvent.Kind.ROLE_REMOVED, "hr") in kinds
    assert (AccessEvent.Kind.ROLE_REMOVED, "officer") in kinds


def test_a_role_change_names_the_administrator_who_made_it(officer, insight):
    request = RequestFactory().post("/admin/accounts/user/")
    request.user = insight
    HistoricalRecords.context.request = request
    try:
        officer.groups.add(Group.objects.get(name="manager"))
    finally:
        del HistoricalRecords.context.request
    event = AccessEvent.objects.get(user=officer, detail="manager")
    assert event.actor == insight


def test_an_export_is_recorded_with_who_and_what(officer):
    request = RequestFactory().get("/performance/open-data.csv")
    request.user = officer
    record_export(request, "open data 2024-25, council CSV")
    record_export(officer, "appraisal completion")
    exports = AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT)
    assert {(e.user, e.detail) for e in exports} == {
        (officer, "open data 2024-25, council CSV"),
        (officer, "appraisal completion"),
    }


def test_an_anonymous_export_is_recorded_without_a_person(client):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/performance/open-data.csv")
    request.user = AnonymousUser()
    event = record_export(request, "open data")
    assert event.user is None
    assert event.ip_address == "127.0.0.1"


def test_the_performance_administrator_reads_the_audit(client, insight, officer):
    sign_in(client, "officer", password="wrong-password")
    client.force_login(insight)
    page = client.get(AUDIT)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sign-in failed" in html
    assert "officer" in html


def test_the_audit_filters_by_what_happened_and_who(client, insight, officer):
    sign_in(client, "officer", password="wrong-password")
    record_export(officer, "metrics")
    client.force_login(insight)
    exports = client.get(AUDIT, {"kind": "export"}).context["page"]
    assert [e.kind for e in exports] == ["export"]
    by_name = client.get(AUDIT, {"username": "offi"}).context["page"]
    assert {e.username for e in by_name} == {"officer"}


def test_the_audit_is_paginated(client, insight):
    AccessEvent.objects.bulk_create(
        AccessEvent(kind=AccessEvent.Kind.EXPORT, username=f"p{i}") for i in range(60)
    )
    client.force_login(insight)
    first = client.get(AUDIT).context["page"]
    assert len(first) == 50
    assert first.has_next()
    assert len(client.get(AUDIT, {"page": 2}).context["page"]) >= 10


@pytest.mark.parametrize(
    "person",
    ["officer", "manager", "employee", "cabinet_member", "councillor", "hr", "partner"],
)
def test_everyone_else_is_refused_the_audit(client, request, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(AUDIT).status_code == 403


def test_the_audit_requires_sign_in(client):
    response = client.get(AUDIT)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_navigation_links_the_audit_for_the_administrator_only(
    client, insight, officer
):
    client.force_login(insight)
    assert AUDIT in client.get(reverse("home")).content.decode()
    client.force_login(officer)
    assert AUDIT not in client.get(reverse("home")).content.decode()


def test_a_person_with_a_new_account_is_recorded_with_their_first_role(db):
    user = factories.UserFactory(username="newcomer", roles=["employee"])
    assert AccessEvent.objects.filter(
        user=user, kind=AccessEvent.Kind.ROLE_ADDED, detail="employee"
    ).exists()
