"""Benchmarking in the API (issue 19): places, groups and their versions, standings
and other places' figures; who may read them; their filters; flat query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecard.models import MemberValue
from scorecard.services.standings import standings_refresh
from tests import factories
from tests.api.helpers import results

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/places/",
    "/api/v1/groups/",
    "/api/v1/group-versions/",
    "/api/v1/standings/",
    "/api/v1/member-values/",
]
READERS = ["employee", "officer", "manager", "hr", "insight", "cabinet_member"]


@pytest.fixture
def world(db):
    """Nearest neighbours: version 1 (from 2019-20) lists towns 1–3, version 2
    (from 2023-24) towns 3–5. The metric (higher is better) has Coventry's 25 and
    the towns' 10 … 50 for 2022-23 and 2023-24."""
    towns = [
        factories.PlaceFactory(code=f"E0600000{n}", name=f"Town {n}")
        for n in range(1, 6)
    ]
    metric = factories.MetricFactory(code="BEN01", good_direction="up")
    group = factories.ComparatorGroupFactory(name="Nearest neighbours")
    first = factories.GroupVersionFactory(
        group=group,
        number=1,
        from_year="2019-20",
        model_year="2019",
        places=towns[:3],
    )
    second = factories.GroupVersionFactory(
        group=group, number=2, from_year="2023-24", ranked=True, places=towns[2:]
    )
    region = factories.ComparatorGroupFactory(
        name="West Midlands", kind="region", description="The region"
    )
    factories.GroupVersionFactory(group=region, number=1, from_year="2020-21")
    for period in ("2022-23", "2023-24"):
        factories.MetricValueFactory(metric=metric, period=period, value_text="25")
        for town, number in zip(towns, (10, 20, 30, 40, 50), strict=True):
            factories.MemberValueFactory(
                metric=metric, place=town, period=period, value_text=str(number)
            )
    return {
        "towns": towns,
        "metric": metric,
        "group": group,
        "first": first,
        "second": second,
        "region": region,
    }


@pytest.mark.parametrize("url", LISTS)
def test_it_requires_sign_in(api, world, url):
    response = api().get(url)
    assert response.status_code in (401, 403)
    assert "credentials" in response.json()["detail"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("person", ["partner", "no_role_user"])
def test_partners_and_people_with_no_role_are_refused(api, request, world, url, person):
    response = api(request.getfixturevalue(person)).get(url)
    assert response.status_code == 403
    assert "comparator groups" in response.json()["detail"]


def test_a_partner_is_refused_a_record_too(api, partner, world):
    group = world["group"]
    assert api(partner).get(f"/api/v1/groups/{group.pk}/").status_code == 403
    assert api(partner).get("/api/v1/places/E06000001/").status_code == 403


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("person", [*READERS, "councillor"])
def test_staff_cabinet_members_and_councillors_read_every_list(
    api, request, world, url, person
):
    assert results(api(request.getfixturevalue(person)).get(url))


def test_a_place_is_read_by_its_ons_code_and_filtered_by_kind_and_name(
    api, officer, world
):
    factories.PlaceFactory(code="E12000005", name="West Midlands", kind="region")
    client = api(officer)
    body = client.get("/api/v1/places/E06000003/").json()
    assert body == {
        "id": world["towns"][2].pk,
        "code": "E06000003",
        "name": "Town 3",
        "kind": "local_authority",
        "is_home": False,
    }
    assert [p["code"] for p in results(client.get("/api/v1/places/?kind=region"))] == [
        "E12000005"
    ]
    named = results(client.get("/api/v1/places/?name=town"))
    assert [p["name"] for p in named] == [f"Town {n}" for n in range(1, 6)]
    assert client.get("/api/v1/places/E99999999/").status_code == 404


def test_a_group_lists_its_versions_and_the_version_in_force_now(
    api, officer, world, monkeypatch
):
    monkeypatch.setattr("scorecard.api.benchmarking.this_year", lambda: "2024-25")
    group = world["group"]
    body = api(officer).get(f"/api/v1/groups/{group.pk}/").json()
    assert body["name"] == "Nearest neighbours"
    assert body["kind"] == "cipfa"
    assert body["version"] == 1
    assert body["published_figures"] is None
    first, second = body["versions"]
    assert first == {
        "id": world["first"].pk,
        "number": 1,
        "label": "version 1 (2019 model), from 2019/20",
        "model_year": "2019",
        "from_year": "2019-20",
        "until_year": "2022-23",
        "years_used": "every year to 2022-23",
        "in_force_now": False,
        "ranked": False,
        "members": 3,
    }
    assert second["until_year"] is None
    assert second["years_used"] == "2023-24 onwards"
    assert second["in_force_now"] is True
    assert body["version_in_force"] == second


def test_groups_filter_by_kind(api, officer, world):
    rows = results(api(officer).get("/api/v1/groups/?kind=region"))
    assert [g["name"] for g in rows] == ["West Midlands"]
    assert rows[0]["version_in_force"]["years_used"] == "every year"


def test_a_version_lists_its_members_in_order(api, officer, world):
    second = world["second"]
    body = api(officer).get(f"/api/v1/group-versions/{second.pk}/").json()
    assert body["group"] == world["group"].pk
    assert body["group_name"] == "Nearest neighbours"
    assert body["ranked"] is True
    assert body["member_count"] == 3
    assert body["members"] == [
        {
            "position": n - 2,
            "code": f"E0600000{n}",
            "name": f"Town {n}",
            "kind": "local_authority",
        }
        for n in (3, 4, 5)
    ]


@pytest.mark.parametrize(
    ("year", "numbers"),
    [("2018-19", [1]), ("2022-23", [1]), ("2023-24", [2]), ("2030-31", [2])],
)
def test_versions_filter_by_the_year_they_are_in_force_for(
    api, officer, world, year, numbers
):
    group = world["group"]
    rows = results(
        api(officer).get(f"/api/v1/group-versions/?group={group.pk}&year={year}")
    )
    assert [v["number"] for v in rows] == numbers


def test_a_year_that_is_not_one_is_a_400_naming_it(api, officer, world):
    response = api(officer).get("/api/v1/group-versions/?year=2024")
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidQuery"
    assert "year" in response.json()


def test_a_standing_says_where_coventry_stands_and_why(api, officer, world):
    rows = results(
        api(officer).get(
            f"/api/v1/standings/?metric=BEN01&group={world['group'].pk}&period=2023-24"
        )
    )
    (standing,) = rows
    assert standing["metric"] == "BEN01"
    assert standing["group_name"] == "Nearest neighbours"
    assert standing["group_version"]["number"] == 2
    assert standing["group_version"]["from_year"] == "2023-24"
    # Towns 3–5 (30, 40, 50) and Coventry's 25: last of 4.
    assert (standing["rank"], standing["out_of"], standing["joint"]) == (4, 4, False)
    assert standing["rank_words"] == "4th of 4"
    assert standing["quartile"] == 4
    assert standing["band"]
    assert standing["band_words"]
    assert standing["statistics"]["counted"] == 3
    assert standing["statistics"]["members"] == 3
    assert float(standing["statistics"]["mean"]) == 40
    assert float(standing["statistics"]["median"]) == 40
    assert standing["benchmark"]["name"].startswith("Nearest neighbours")
    assert standing["comparison"] == "not_compared"
    assert set(standing["reasons"]) >= {"rank", "band", "version", "comparison"}
    assert "version 2" in standing["reasons"]["version"]


def test_standings_filter_by_year_and_version(api, officer, world):
    client = api(officer)
    by_year = results(client.get("/api/v1/standings/?year=2022-23"))
    assert {s["group_version"]["number"] for s in by_year} == {1}
    first = world["first"].pk
    by_version = results(client.get(f"/api/v1/standings/?version={first}"))
    assert [s["period"] for s in by_version] == ["2022-23"]


def test_member_values_filter_by_metric_place_and_period(api, officer, world):
    client = api(officer)
    rows = results(
        client.get("/api/v1/member-values/?metric=BEN01&place=E06000002&period=2022-23")
    )
    (row,) = rows
    assert row["place"] == "E06000002"
    assert row["place_name"] == "Town 2"
    assert row["value_text"] == "20"
    assert row["source"] == "Fingertips"


def test_member_values_of_a_group_follow_the_version_in_force_for_each_year(
    api, officer, world
):
    group = world["group"].pk
    rows = results(api(officer).get(f"/api/v1/member-values/?group={group}"))
    found = {(r["period"], r["place"]) for r in rows}
    assert found == {
        ("2022-23", "E06000001"),
        ("2022-23", "E06000002"),
        ("2022-23", "E06000003"),
        ("2023-24", "E06000003"),
        ("2023-24", "E06000004"),
        ("2023-24", "E06000005"),
    }


def test_member_values_leave_out_an_undone_import_and_can_ask_for_the_latest(
    api, officer, world
):
    town = world["towns"][0]
    MemberValue.objects.filter(place=town, period="2022-23").update(
        withdrawn_at="2024-01-01T00:00:00Z"
    )
    factories.MemberValueFactory(
        metric=world["metric"],
        place=town,
        period="2023-24",
        revision=2,
        value_text="11",
    )
    client = api(officer)
    every = results(client.get("/api/v1/member-values/?place=E06000001"))
    assert [(r["period"], r["revision"]) for r in every] == [
        ("2023-24", 1),
        ("2023-24", 2),
    ]
    latest = results(client.get("/api/v1/member-values/?place=E06000001&latest=true"))
    assert [(r["period"], r["revision"]) for r in latest] == [("2023-24", 2)]


def test_the_api_writes_nothing(api, insight, world):
    client = api(insight)
    group = world["group"]
    assert client.post("/api/v1/groups/", {}, format="json").status_code == 405
    assert (
        client.patch(f"/api/v1/groups/{group.pk}/", {}, format="json").status_code
        == 405
    )
    assert client.delete("/api/v1/places/E06000001/").status_code == 405


# --- query counts ---------------------------------------------------------------


def grow(world: dict[str, Any], count: int, start: int) -> None:
    """``count`` more groups, each with two versions of four places and a metric
    with figures for them (so standings are stored)."""
    for i in range(start, start + count):
        places = [
            factories.PlaceFactory(code=f"E07{i:03d}{n:03d}", name=f"Place {i}-{n}")
            for n in range(4)
        ]
        group = factories.ComparatorGroupFactory(name=f"Group {i}")
        factories.GroupVersionFactory(
            group=group, number=1, from_year="2019-20", places=places[:3]
        )
        factories.GroupVersionFactory(
            group=group, number=2, from_year="2023-24", places=places[1:]
        )
        metric = factories.MetricFactory(good_direction="down")
        factories.MetricValueFactory(metric=metric, period="2023-24", value_text="5")
        for n, place in enumerate(places):
            MemberValue.objects.create(
                metric=metric,
                place=place,
                period="2023-24",
                value_text=str(n),
                value_number=n,
            )
        standings_refresh(metric_ids=[metric.pk])


def counted(client: Any, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()["count"]


QUERY_LISTS = [
    *LISTS,
    "/api/v1/group-versions/?year=2024-25",
    "/api/v1/member-values/?latest=true",
]


def test_every_list_runs_the_same_queries_for_few_records_as_for_many(
    api, officer, world
):
    client = api(officer)
    grow(world, 2, 0)
    few = {url: counted(client, url) for url in QUERY_LISTS}
    grow(world, 12, 2)
    many = {url: counted(client, url) for url in QUERY_LISTS}
    for url in QUERY_LISTS:
        assert many[url][1] > few[url][1], url
    assert {url: few[url][0] for url in QUERY_LISTS} == {
        url: many[url][0] for url in QUERY_LISTS
    }
    assert max(q for q, _ in many.values()) <= 6
