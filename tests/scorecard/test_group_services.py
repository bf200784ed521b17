"""Comparator groups' services (scorecard.services.groups): the version check, the
history, the preview that saves nothing, the upload, the removal and its refusal,
the primary group, and that standings move when a membership does."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coventry_pm.core.exceptions import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)
from scorecard.models import ComparatorGroup, GroupVersion, Place, Standing
from scorecard.services.groups import (
    comparator_group_save,
    group_version_create,
    group_version_preview,
    group_version_remove,
    metric_primary_group_set,
)
from tests import factories

pytestmark = pytest.mark.django_db

HOME = "E08000026"


def _file(*rows: tuple[str, str]) -> bytes:
    return ("Area code,Area name\n" + "".join(f"{c},{n}\n" for c, n in rows)).encode()


@pytest.fixture
def group(insight):
    return comparator_group_save(
        user=insight,
        group=None,
        expected_version=None,
        name="CIPFA nearest neighbours",
        kind="cipfa",
        source="CIPFA's nearest neighbour model",
    )


def test_only_the_performance_administrator_changes_groups(officer, manager, group):
    for person in (officer, manager):
        with pytest.raises(PermissionDeniedError):
            comparator_group_save(
                user=person, group=None, expected_version=None, name="X", kind="custom"
            )
        with pytest.raises(PermissionDeniedError):
            group_version_create(
                user=person,
                group=group,
                expected_version=group.version,
                data=_file(("E08000031", "Wolverhampton")),
                from_year="2024-25",
            )


def test_a_stale_version_is_refused_with_who_changed_it(insight, group):
    comparator_group_save(
        user=insight,
        group=group,
        expected_version=1,
        name="CIPFA nearest neighbours",
        kind="cipfa",
        description="Fifteen councils most like Coventry",
    )
    with pytest.raises(ConflictError) as refused:
        comparator_group_save(
            user=insight,
            group=group,
            expected_version=1,
            name="CIPFA nearest neighbours",
            kind="cipfa",
            description="An older edit",
        )
    assert "changed by" in refused.value.message
    group.refresh_from_db()
    assert group.description == "Fifteen councils most like Coventry"
    assert group.version == 2


def test_every_change_is_in_the_group_history(insight, group):
    version = group_version_create(
        user=insight,
        group=group,
        expected_version=group.version,
        data=_file(("E08000031", "Wolverhampton")),
        from_year="2024-25",
    )
    group.refresh_from_db()
    group_version_remove(user=insight, version=version, expected_version=group.version)
    reasons = list(
        group.history.order_by("history_id").values_list(
            "history_change_reason", "history_user__username"
        )
    )
    assert reasons == [
        ("Group created", "insight"),
        ("Version 1 added: 1 members, from 2024-25", "insight"),
        ("Version 1 (from 2024-25) removed", "insight"),
    ]


def test_the_place_of_the_groups_own_figure_is_found_or_made(insight):
    england = comparator_group_save(
        user=insight,
        group=None,
        expected_version=None,
        name="England",
        kind="national",
        place_code="e92000001",
        place_name="England",
    )
    assert england.place is not None
    assert (england.place.code, england.place.kind) == ("E92000001", "nation")
    with pytest.raises(ValidationError) as refused:
        comparator_group_save(
            user=insight,
            group=None,
            expected_version=None,
            name="Region",
            kind="region",
            place_code="E12000005",
        )
    assert "place_name" in refused.value.message_dict


def test_the_preview_saves_nothing_and_says_who_joins_and_leaves(insight, group):
    factories.PlaceFactory(code="E08000031", name="Wolverhampton")
    factories.PlaceFactory(code="E08000028", name="Sandwell")
    group_version_create(
        user=insight,
        group=group,
        expected_version=group.version,
        data=_file(("E08000031", "Wolverhampton"), ("E08000028", "Sandwell")),
        from_year="2020-21",
    )
    places, versions = Place.objects.count(), GroupVersion.objects.count()
    preview = group_version_preview(
        group=group,
        data=_file(("E08000031", "City of Wolverhampton"), ("E06000016", "Leicester")),
        from_year="2024-25",
        model_year="2024",
    )
    assert (Place.objects.count(), GroupVersion.objects.count()) == (places, versions)
    assert preview.ok and preview.number == 2
    assert preview.before is not None and preview.before.number == 1
    assert [m.code for m in preview.joined] == ["E06000016"]
    assert [p.code for p in preview.left] == ["E08000028"]
    assert [m.code for m in preview.new_places] == ["E06000016"]
    # A known place keeps its name, and the preview says the file's.
    wolves = preview.members[0]
    assert (wolves.name, wolves.name_on_record) == ("Wolverhampton", "Wolverhampton")


def test_a_first_year_taken_or_not_a_year_is_an_error_of_its_field(insight, group):
    group_version_create(
        user=insight,
        group=group,
        expected_version=group.version,
        data=_file(("E08000031", "Wolverhampton")),
        from_year="2024-25",
    )
    data = _file(("E08000028", "Sandwell"))
    taken = group_version_preview(group=group, data=data, from_year="2024-25")
    assert "Version 1 is already used from 2024/25" in taken.field_errors["from_year"]
    wrong = group_version_preview(group=group, data=data, from_year="2024")
    assert "like 2024-25" in wrong.field_errors["from_year"]


def test_an_upload_with_errors_saves_nothing(insight, group):
    with pytest.raises(ValidationError) as refused:
        group_version_create(
            user=insight,
            group=group,
            expected_version=group.version,
            data=b"code,name\nE08000031,Wolverhampton\nX1,Nowhere\n",
            from_year="2024-25",
        )
    assert "row 3, column 'code'" in refused.value.message_dict["file"][0]
    assert not GroupVersion.objects.exists()
    assert not Place.objects.filter(code="E08000031").exists()


def test_an_upload_after_the_group_changed_is_refused(insight, group):
    stale = group.version
    comparator_group_save(
        user=insight, group=group, expected_version=stale, name="CIPFA", kind="cipfa"
    )
    with pytest.raises(ConflictError):
        group_version_create(
            user=insight,
            group=group,
            expected_version=stale,
            data=_file(("E08000031", "Wolverhampton")),
            from_year="2024-25",
        )


def test_an_upload_makes_the_version_its_members_in_order_and_new_places(
    insight, group
):
    version = group_version_create(
        user=insight,
        group=group,
        expected_version=group.version,
        data=b"code,name,rank\nE08000028,Sandwell,2\nE08000031,Wolverhampton,1\n",
        from_year="2024-25",
        model_year="2024",
        note="From CIPFA's 2024 model",
    )
    assert (version.number, version.ranked, version.model_year) == (1, True, "2024")
    assert version.created_by == insight
    members = list(
        version.members.order_by("position").values_list(
            "position", "place__code", "place__kind"
        )
    )
    assert members == [
        (1, "E08000031", "local_authority"),
        (2, "E08000028", "local_authority"),
    ]


def _standing_world(group):
    """Coventry and three neighbours with figures for 2023-24 and 2024-25."""
    metric = factories.MetricFactory(good_direction="up")
    home = factories.PlaceFactory(code=HOME, name="Coventry")
    a = factories.PlaceFactory(code="E08000031", name="Wolverhampton")
    b = factories.PlaceFactory(code="E08000028", name="Sandwell")
    c = factories.PlaceFactory(code="E06000016", name="Leicester")
    for period in ("2023-24", "2024-25"):
        for place, value in ((home, "50"), (a, "60"), (b, "40"), (c, "70")):
            factories.MemberValueFactory(
                metric=metric, place=place, period=period, value_text=value
            )
    return metric


def test_a_standing_moves_when_a_membership_changes(insight, group):
    metric = _standing_world(group)
    group_version_create(
        user=insight,
        group=group,
        expected_version=group.version,
        data=_file(("E08000031", "Wolverhampton"), ("E08000028", "Sandwell")),
        from_year="2020-21",
    )
    first = Standing.objects.get(metric=metric, group=group, period="2024-25")
    # 60, Coventry's 50, 40: Coventry is 2nd of 3.
    assert (first.rank, first.out_of) == (2, 3)
    group.refresh_from_db()
    second = group_version_create(
        user=insight,
        group=group,
        expected_version=group.version,
        data=_file(
            ("E08000031", "Wolverhampton"),
            ("E08000028", "Sandwell"),
            ("E06000016", "Leicester"),
        ),
        from_year="2024-25",
    )
    now = Standing.objects.get(metric=metric, group=group, period="2024-25")
    before = Standing.objects.get(metric=metric, group=group, period="2023-24")
    # Leicester (70) joined from 2024-25: Coventry is 3rd of 4 then, still 2nd of
    # 3 the year before, each with the version in force for its year.
    assert (now.rank, now.out_of, now.version_id) == (3, 4, second.pk)
    assert (before.rank, before.out_of, before.version.number) == (2, 3, 1)
    # Removing the second version gives 2024-25 back to the first.
    group.refresh_from_db()
    group_version_remove(user=insight, version=second, expected_version=group.version)
    again = Standing.objects.get(metric=metric, group=group, period="2024-25")
    assert (again.rank, again.out_of, again.version.number) == (2, 3, 1)


def test_the_only_version_with_standings_is_not_removed(insight, group):
    metric = _standing_world(group)
    version = group_version_create(
        user=insight,
        group=group,
        expected_version=group.version,
        data=_file(("E08000031", "Wolverhampton")),
        from_year="2020-21",
    )
    assert Standing.objects.filter(metric=metric, version=version).exists()
    group.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        group_version_remove(
            user=insight, version=version, expected_version=group.version
        )
    assert "only version" in refused.value.message
    assert GroupVersion.objects.filter(pk=version.pk).exists()


def test_the_only_version_with_no_standings_may_be_removed(insight, group):
    version = group_version_create(
        user=insight,
        group=group,
        expected_version=group.version,
        data=_file(("E08000031", "Wolverhampton")),
        from_year="2020-21",
    )
    group.refresh_from_db()
    group_version_remove(user=insight, version=version, expected_version=group.version)
    assert not group.versions.exists()
    assert Place.objects.filter(code="E08000031").exists()


def test_setting_the_primary_group_refreshes_only_that_metric(
    insight, group, monkeypatch
):
    from scorecard.services import verdicts

    metric = factories.MetricFactory()
    refreshed = []
    monkeypatch.setattr(
        verdicts,
        "calculated_verdicts_refresh",
        lambda *, metric_ids: refreshed.append(list(metric_ids)),
    )
    metric_primary_group_set(
        user=insight, metric=metric, group=group, expected_version=metric.version
    )
    assert refreshed == [[metric.pk]]


def test_the_primary_group_is_set_and_cleared_with_history(insight, group):
    metric = factories.MetricFactory()
    metric_primary_group_set(
        user=insight, metric=metric, group=group, expected_version=metric.version
    )
    metric.refresh_from_db()
    assert metric.primary_group == group
    with pytest.raises(ConflictError):
        metric_primary_group_set(
            user=insight, metric=metric, group=None, expected_version=metric.version - 1
        )
    metric_primary_group_set(
        user=insight, metric=metric, group=None, expected_version=metric.version
    )
    metric.refresh_from_db()
    assert metric.primary_group is None
    reasons = list(
        metric.history.order_by("-history_id").values_list(
            "history_change_reason", flat=True
        )[:2]
    )
    assert reasons == [
        "Primary comparator group cleared",
        "Primary comparator group: CIPFA nearest neighbours",
    ]


def test_a_group_name_already_taken_is_an_error_of_the_name(insight, group):
    with pytest.raises(ValidationError) as refused:
        comparator_group_save(
            user=insight,
            group=None,
            expected_version=None,
            name="CIPFA nearest neighbours",
            kind="cipfa",
        )
    assert "name" in refused.value.message_dict
    assert ComparatorGroup.objects.count() == 1


def test_an_edit_refreshes_standings_only_when_what_they_read_changed(
    insight, group, monkeypatch
):
    from scorecard.services import groups as service

    calls = []
    monkeypatch.setattr(
        service,
        "standings_refresh_for_groups",
        lambda *, group_ids: calls.append(list(group_ids)),
    )

    def edit(**changes):
        group.refresh_from_db()
        fields = {
            "name": group.name,
            "kind": group.kind,
            "description": group.description,
            "source": group.source,
            **changes,
        }
        comparator_group_save(
            user=insight, group=group, expected_version=group.version, **fields
        )

    edit(description="Fifteen councils most like Coventry")
    assert calls == []
    edit(kind="statistical")
    edit(name="CIPFA neighbours")
    edit(place_code="E92000001", place_name="England")
    assert calls == [[group.pk]] * 3
