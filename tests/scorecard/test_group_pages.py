"""The comparator group pages: who may open each, the list, a group's page with
its versions and the years each is used for, the upload's preview (which saves
nothing, and shows every error by row and column with the error summary), the
confirmation, the removal, and a metric's primary group."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scorecard.models import ComparatorGroup, GroupVersion, Place, Standing
from tests import factories

pytestmark = pytest.mark.django_db

HOME = "E08000026"


def _client(client, user):
    client.force_login(user)
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _upload(name="list.csv", body=b"code,name\nE08000031,Wolverhampton\n"):
    return SimpleUploadedFile(name, body, content_type="text/csv")


@pytest.fixture
def group(db):
    return factories.ComparatorGroupFactory(name="CIPFA nearest neighbours")


@pytest.fixture
def two_versions(group):
    """Version 1 (2019 model) from 2020-21 with Wolverhampton and Sandwell;
    version 2 (2024 model) from 2024-25, where Leicester replaces Sandwell; and
    figures for 2023-24 and 2024-25, so each year has its standing."""
    wolves = factories.PlaceFactory(code="E08000031", name="Wolverhampton")
    sandwell = factories.PlaceFactory(code="E08000028", name="Sandwell")
    leicester = factories.PlaceFactory(code="E06000016", name="Leicester")
    first = factories.GroupVersionFactory(
        group=group,
        number=1,
        model_year="2019",
        from_year="2020-21",
        places=[wolves, sandwell],
    )
    second = factories.GroupVersionFactory(
        group=group,
        number=2,
        model_year="2024",
        from_year="2024-25",
        ranked=True,
        places=[wolves, leicester],
    )
    metric = factories.MetricFactory(
        code="PH01", name="Healthy life", good_direction="up"
    )
    home = factories.PlaceFactory(code=HOME, name="Coventry")
    for period in ("2023-24", "2024-25"):
        for place, value in (
            (home, "50"),
            (wolves, "60"),
            (sandwell, "40"),
            (leicester, "70"),
        ):
            factories.MemberValueFactory(
                metric=metric, place=place, period=period, value_text=value
            )
    return first, second, metric


READ_PAGES = ("scorecard:group_list", "scorecard:group_detail")
WRITE_PAGES = (
    "scorecard:group_create",
    "scorecard:group_edit",
    "scorecard:group_version_upload",
    "scorecard:group_version_remove",
)


def _url(name, group, number=1):
    if name in ("scorecard:group_list", "scorecard:group_create"):
        return reverse(name)
    if name == "scorecard:group_version_remove":
        return reverse(name, kwargs={"pk": group.pk, "number": number})
    return reverse(name, kwargs={"pk": group.pk})


@pytest.mark.parametrize("name", READ_PAGES)
def test_a_partner_may_not_read_the_groups(client, partner, group, name):
    assert _client(client, partner).get(_url(name, group)).status_code == 403


@pytest.mark.parametrize("name", READ_PAGES)
@pytest.mark.parametrize(
    "person", ["employee", "officer", "manager", "cabinet_member", "councillor", "hr"]
)
def test_staff_and_councillors_read_the_groups(client, request, group, name, person):
    user = request.getfixturevalue(person)
    response = _client(client, user).get(_url(name, group))
    assert response.status_code == 200
    assert "Upload a version" not in _text(response)


@pytest.mark.parametrize("name", WRITE_PAGES)
@pytest.mark.parametrize(
    "person",
    ["employee", "officer", "manager", "cabinet_member", "councillor", "partner", "hr"],
)
def test_only_the_performance_administrator_changes_groups(
    client, request, two_versions, group, name, person
):
    user = request.getfixturevalue(person)
    _client(client, user)
    assert client.get(_url(name, group)).status_code == 403
    assert client.post(_url(name, group), {"name": "X"}).status_code == 403
    confirm = reverse("scorecard:group_version_confirm", kwargs={"pk": group.pk})
    assert client.post(confirm, {"payload": "x"}).status_code == 403
    metric = two_versions[2]
    primary = reverse("scorecard:metric_primary_group", kwargs={"code": metric.code})
    assert client.get(primary).status_code == 403
    assert client.post(primary, {"group": group.pk}).status_code == 403
    assert GroupVersion.objects.filter(group=group).count() == 2


def test_the_list_says_kind_members_now_versions_and_primary_for(
    client, insight, two_versions, group
):
    metric = two_versions[2]
    metric.primary_group = group
    metric.save()
    text = _text(_client(client, insight).get(reverse("scorecard:group_list")))
    row = re.search(r"CIPFA nearest neighbours</a></th>(.*?)</tr>", text).group(1)
    assert "CIPFA nearest neighbours" in row or "Kind" in row
    assert 'data-label="Versions">2<' in row
    assert "1 metric" in row
    assert "(version 2)" in row


def test_groups_with_two_versions_give_the_right_members_for_each_year(
    client, insight, two_versions, group
):
    """The done-when line: the group's page says which years each version is
    used for, and each year's standing uses the version in force for it."""
    first, second, metric = two_versions
    response = _client(client, insight).get(
        reverse("scorecard:group_detail", kwargs={"pk": group.pk})
    )
    text = _text(response)
    assert (
        'data-testid="years-1">2020/21 to 2023/24, and any year before 2020/21<' in text
    )
    assert 'data-testid="years-2">2024/25 onwards<' in text
    assert "Joined since version 1</dt><dd>Leicester</dd>" in text
    assert "Left since version 1</dt><dd>Sandwell</dd>" in text
    assert "PH01 Healthy life" in text
    # The newest version first.
    assert text.index('id="version-2"') < text.index('id="version-1"')
    before = Standing.objects.get(metric=metric, group=group, period="2023-24")
    after = Standing.objects.get(metric=metric, group=group, period="2024-25")
    assert before.version == first and after.version == second
    assert (before.members, after.members) == (2, 2)
    assert (before.rank, after.rank) == (2, 3)


def test_the_preview_saves_nothing_and_shows_what_it_would_make(
    client, insight, two_versions, group
):
    places, versions = Place.objects.count(), GroupVersion.objects.count()
    body = (
        b"Area code,Area name,Rank\r\n"
        b"E08000031,Wolverhampton,1\r\n"
        b"E08000025,Birmingham,2\r\n"
    )
    response = _client(client, insight).post(
        reverse("scorecard:group_version_upload", kwargs={"pk": group.pk}),
        {"file": _upload(body=body), "from_year": "2026-27", "model_year": "2026"},
    )
    assert response.status_code == 200
    assert (Place.objects.count(), GroupVersion.objects.count()) == (places, versions)
    text = _text(response)
    assert "Check version 3 before saving it" in text
    assert 'data-testid="new-places">Birmingham (E08000025)<' in text
    assert 'data-testid="joined">Birmingham<' in text
    assert 'data-testid="left">Leicester<' in text
    assert "Nothing has been saved yet" in text


def test_errors_are_shown_by_row_and_column_with_the_error_summary(
    client, insight, group
):
    body = b"code,name,rank\nE08000031,Wolverhampton,1\nX12,Nowhere,2\nE08000028,,2\n"
    response = _client(client, insight).post(
        reverse("scorecard:group_version_upload", kwargs={"pk": group.pk}),
        {"file": _upload(body=body), "from_year": "2024-25"},
    )
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert 'href="#id_file"' in text
    assert "The file has 3 errors" in text
    assert (
        '<td data-label="Row">3</td><td data-label="Column">code</td>'
        '<td data-label="Error">&#x27;X12&#x27; is not an ONS area code'
    ) in text
    assert '<td data-label="Row">4</td><td data-label="Column">name</td>' in text
    # Row 3's code is wrong, and its rank still counts: row 4 repeats it.
    assert "rank 2 is given already, in row 3" in text
    assert "Save version" not in text
    assert not GroupVersion.objects.exists()
    assert not Place.objects.exists()


def test_a_first_year_that_is_not_a_year_is_an_error_beside_its_field(
    client, insight, group
):
    response = _client(client, insight).post(
        reverse("scorecard:group_version_upload", kwargs={"pk": group.pk}),
        {"file": _upload(), "from_year": "2024"},
    )
    assert response.status_code == 400
    text = _text(response)
    assert 'href="#id_from_year"' in text
    assert "like 2024-25" in text


def test_confirm_creates_the_version_and_says_so(client, insight, group):
    _client(client, insight)
    preview = client.post(
        reverse("scorecard:group_version_upload", kwargs={"pk": group.pk}),
        {"file": _upload(), "from_year": "2024-25", "ranked": "on"},
    )
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode())
    assert payload
    response = client.post(
        reverse("scorecard:group_version_confirm", kwargs={"pk": group.pk}),
        {"payload": payload.group(1)},
        follow=True,
    )
    version = GroupVersion.objects.get(group=group)
    assert (version.number, version.from_year, version.ranked) == (1, "2024-25", True)
    assert list(version.members.values_list("place__code", flat=True)) == ["E08000031"]
    text = _text(response)
    assert "Version 1 saved: 1 member, used from 2024/25" in text
    assert 'data-testid="years-1">2024/25 onwards' in text


def test_a_tampered_or_stale_preview_is_refused(client, insight, group):
    _client(client, insight)
    preview = client.post(
        reverse("scorecard:group_version_upload", kwargs={"pk": group.pk}),
        {"file": _upload(), "from_year": "2024-25"},
    )
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode())
    confirm = reverse("scorecard:group_version_confirm", kwargs={"pk": group.pk})
    response = client.post(confirm, {"payload": payload.group(1) + "x"}, follow=True)
    assert "expired or could not be read" in _text(response)
    # The group changed since the preview: refused, nothing saved.
    group.version += 1
    group.save()
    response = client.post(confirm, {"payload": payload.group(1)}, follow=True)
    assert "changed by someone else since your preview" in _text(response)
    assert not GroupVersion.objects.exists()
    assert client.get(confirm).status_code == 405


def test_remove_asks_first_then_removes(client, insight, two_versions, group):
    _client(client, insight)
    url = reverse(
        "scorecard:group_version_remove", kwargs={"pk": group.pk, "number": 2}
    )
    page = _text(client.get(url))
    assert "Remove version 2 of CIPFA nearest neighbours?" in page
    assert "compared with version 1" in page
    assert GroupVersion.objects.filter(group=group).count() == 2
    group.refresh_from_db()
    response = client.post(url, {"version": group.version}, follow=True)
    assert "Version 2 removed" in _text(response)
    assert list(group.versions.values_list("number", flat=True)) == [1]
    after = Standing.objects.get(group=group, period="2024-25")
    assert after.version.number == 1


def test_the_only_version_with_standings_says_why_it_stays(
    client, insight, two_versions, group
):
    first, second, _ = two_versions
    second.delete()
    url = reverse(
        "scorecard:group_version_remove", kwargs={"pk": group.pk, "number": 1}
    )
    _client(client, insight)
    page = _text(client.get(url))
    assert "This version cannot be removed" in page
    assert "Upload the list that replaces it first" in page
    assert "<button" not in page.split("This version cannot be removed")[1]
    group.refresh_from_db()
    response = client.post(url, {"version": group.version}, follow=True)
    assert "only version" in _text(response)
    assert GroupVersion.objects.filter(pk=first.pk).exists()


def test_create_and_edit_a_group_with_the_version_check(client, insight):
    _client(client, insight)
    response = client.post(
        reverse("scorecard:group_create"),
        {
            "name": "Core Cities",
            "kind": "custom",
            "description": "",
            "source": "",
            "place_code": "",
            "place_name": "",
        },
    )
    group = ComparatorGroup.objects.get(name="Core Cities")
    assert response.status_code == 302
    edit = reverse("scorecard:group_edit", kwargs={"pk": group.pk})
    fields = {
        "name": "Core Cities",
        "kind": "custom",
        "description": "Eleven cities",
        "source": "Core Cities UK",
        "place_code": "",
        "place_name": "",
    }
    assert client.post(edit, {**fields, "version": 1}).status_code == 302
    stale = client.post(edit, {**fields, "description": "Old", "version": 1})
    assert stale.status_code == 400
    assert "changed by" in _text(stale)
    assert "Their version (version 2)" in _text(stale)
    assert "Eleven cities" in _text(stale)
    group.refresh_from_db()
    assert group.description == "Eleven cities"
    missing = client.post(reverse("scorecard:group_create"), {"kind": "custom"})
    assert missing.status_code == 400
    assert 'href="#id_name"' in _text(missing)


def test_the_metric_page_links_to_its_primary_group(client, insight, officer, group):
    metric = factories.MetricFactory(primary_group=group)
    text = _text(_client(client, officer).get(metric.get_absolute_url()))
    assert "Primary comparator group: <a" in text
    assert "Set the primary comparator group" not in text
    assert (
        reverse("scorecard:metric_primary_group", kwargs={"code": metric.code})
        not in text
    )
    text = _text(_client(client, insight).get(metric.get_absolute_url()))
    assert (
        reverse("scorecard:metric_primary_group", kwargs={"code": metric.code}) in text
    )


def test_the_primary_group_is_set_from_its_own_page(client, insight, group):
    metric = factories.MetricFactory()
    url = reverse("scorecard:metric_primary_group", kwargs={"code": metric.code})
    _client(client, insight)
    assert "Primary comparator group" in _text(client.get(url))
    response = client.post(url, {"group": group.pk, "version": metric.version})
    assert response.status_code == 302
    metric.refresh_from_db()
    assert metric.primary_group == group
    stale = client.post(url, {"group": "", "version": metric.version - 1})
    assert stale.status_code == 400
    metric.refresh_from_db()
    assert metric.primary_group == group


def test_the_performance_administrator_finds_the_groups_in_the_navigation(
    client, insight, officer
):
    url = reverse("scorecard:group_list")
    assert f'href="{url}"' in _text(_client(client, insight).get(reverse("home")))
    client.logout()
    assert f'href="{url}"' not in _text(_client(client, officer).get(reverse("home")))


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_groups(count: int, start: int) -> None:
    for n in range(start, start + count):
        group = factories.ComparatorGroupFactory(name=f"Group {n}")
        for number in (1, 2):
            factories.GroupVersionFactory(
                group=group,
                number=number,
                from_year=f"{2018 + number}-{19 + number}",
                places=[
                    factories.PlaceFactory(code=f"E06{n:03d}{number}{k:02d}")
                    for k in range(3)
                ],
            )


def test_the_list_and_a_groups_page_keep_flat_query_counts(client, insight, group):
    _client(client, insight)
    _more_groups(2, 0)
    detail = reverse("scorecard:group_detail", kwargs={"pk": group.pk})
    few = _queries(client, reverse("scorecard:group_list"))
    few_detail = _queries(
        client,
        reverse(
            "scorecard:group_detail",
            kwargs={"pk": ComparatorGroup.objects.get(name="Group 0").pk},
        ),
    )
    _more_groups(8, 2)
    for n in range(3):
        factories.GroupVersionFactory(
            group=group,
            number=n + 1,
            from_year=f"{2019 + n}-{20 + n}",
            places=[
                factories.PlaceFactory(code=f"E07{n:03d}0{k:02d}") for k in range(9)
            ],
        )
    assert _queries(client, reverse("scorecard:group_list")) == few
    assert _queries(client, detail) == few_detail


def test_a_file_not_utf8_is_previewed_with_a_warning(client, insight, group):
    body = "code,name\nW06000001,Ynys Môn\n".encode("cp1252")
    response = _client(client, insight).post(
        reverse("scorecard:group_version_upload", kwargs={"pk": group.pk}),
        {"file": _upload(body=body), "from_year": "2024-25"},
    )
    text = _text(response)
    assert "Ynys Môn" in text
    assert "read as Windows-1252" in text


def test_an_edit_that_sends_no_version_is_refused_not_applied(client):
    from scorecard.models import ComparatorGroup
    from tests.factories import ComparatorGroupFactory, UserFactory

    admin = UserFactory(roles=["performance_admin"])
    group = ComparatorGroupFactory(name="Core cities", kind="custom")
    client.force_login(admin)
    response = client.post(
        f"/groups/{group.pk}/edit/", {"name": "Core cities 2", "kind": "custom"}
    )
    assert response.status_code in (400, 409)
    group.refresh_from_db()
    assert (group.name, group.version) == ("Core cities", 1)
    assert ComparatorGroup.objects.filter(name="Core cities 2").count() == 0
