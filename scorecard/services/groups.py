"""Comparator groups and their versions (issue 19, item 1): the performance
administrator creates and edits a group, uploads each version of its members as
a CSV file (``scorecard.domain.group_file``), removes a version uploaded in error,
and sets a metric's primary group.

Every write:
- is refused unless the person administers performance
  (``scorecard.permissions.may_manage_groups``);
- checks the record's ``version`` where a person edited a form of it, so a stale
  form is refused with who changed it (never a silent overwrite);
- is kept in the group's history (a new or removed version is a change to the
  group: its history says which, who and when);
- refreshes the standings and the verdicts it can move
  (``standings_refresh_for_groups``), in the same transaction.

**Removing a version** is the undo of an upload. The years it stood for go back
to the version before it (or, for the first, to the next). A group's only version
is not removed while any metric has a standing in it: that would take every rank
the group gives away at once; upload the list that replaces it first, then remove
the wrong one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from coventry_pm.accounts.models import User
from coventry_pm.core.concurrency import check_version, lock_for_update
from coventry_pm.core.exceptions import ApplicationError, PermissionDeniedError
from scorecard.domain.group_file import GroupFile, read_group_file
from scorecard.domain.groups import (
    is_area_code,
    kind_of_code,
    version_in_force,
    year_start,
)
from scorecard.models import (
    ComparatorGroup,
    GroupMember,
    GroupVersion,
    Metric,
    Place,
    Standing,
    Target,
)
from scorecard.permissions import may_manage_groups
from scorecard.services.standings import (
    metrics_of_groups,
    standings_refresh_for_groups,
)

GROUP_FIELDS = ("name", "kind", "description", "source")


def _allowed(user: User) -> None:
    if not may_manage_groups(user):
        raise PermissionDeniedError(
            "Only the performance administrator changes comparator groups."
        )


def _remember(instance: object, user: User, reason: str) -> None:
    """Who made the change and why, for the history row the next save writes."""
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason[:100]  # type: ignore[attr-defined]


def _refresh_verdicts(metric_ids: Sequence[int]) -> None:
    from scorecard.services.verdicts import calculated_verdicts_refresh

    if metric_ids:
        calculated_verdicts_refresh(metric_ids=metric_ids)


def place_for_code(*, code: str, name: str = "") -> Place:
    """The place with an ONS area code, created (with the kind its code says)
    when there is none. A ValidationError naming ``place_code`` or ``place_name``
    when the code is not one, or a new place has no name."""
    cleaned = code.strip().upper()
    if not is_area_code(cleaned):
        raise ValidationError(
            {
                "place_code": f"'{code.strip()}' is not an ONS area code (a letter "
                "and eight digits, like E92000001 for England)."
            }
        )
    found = Place.objects.filter(code=cleaned).first()
    if found is not None:
        return found
    if not name.strip():
        raise ValidationError(
            {"place_name": f"No place has the code {cleaned} yet: give its name."}
        )
    place = Place(code=cleaned, name=name.strip(), kind=kind_of_code(cleaned))
    place.full_clean()
    place.save()
    return place


@transaction.atomic
def comparator_group_save(
    *,
    user: User,
    group: ComparatorGroup | None,
    expected_version: int | None,
    name: str,
    kind: str,
    description: str = "",
    source: str = "",
    place_code: str = "",
    place_name: str = "",
) -> ComparatorGroup:
    """Create a group (``group`` None) or change one: its name, kind, description,
    source, and the place its own figure is for (by ONS code; blank for none; a
    code not known yet makes a place, named ``place_name``).

    A change based on a stale ``expected_version`` is refused (ConflictError).
    A change of name, kind or place refreshes the group's standings and
    verdicts; renaming also changes which targets name it, so the verdicts of the
    metrics whose targets named the old name are refreshed too."""
    _allowed(user)
    renamed_from = ""
    before: tuple[str, str, int | None] | None = None
    if group is None:
        group = ComparatorGroup()
        reason = "Group created"
    else:
        group = lock_for_update(group)
        check_version(group, expected_version)
        group.version += 1
        before = (group.name, group.kind, group.place_id)
        if group.name != name.strip():
            renamed_from = group.name
        reason = "Group changed"
    group.name = name.strip()
    group.kind = kind
    group.description = description.strip()
    group.source = source.strip()
    group.place = (
        place_for_code(code=place_code, name=place_name) if place_code.strip() else None
    )
    group.full_clean()
    _remember(group, user, reason)
    group.save()
    # What a standing or a verdict reads of the group itself: its name and kind
    # (which targets name it), and the place its published figure is for. A new
    # group has no versions yet, and a description or source moves nothing.
    if before is not None and before != (group.name, group.kind, group.place_id):
        standings_refresh_for_groups(group_ids=[group.pk])
    if renamed_from:
        _refresh_verdicts(
            sorted(
                set(
                    Target.objects.filter(
                        comparator_name__iexact=renamed_from
                    ).values_list("metric_id", flat=True)
                )
            )
        )
    return group


@transaction.atomic
def metric_primary_group_set(
    *,
    user: User,
    metric: Metric,
    group: ComparatorGroup | None,
    expected_version: int | None,
) -> Metric:
    """Set (or, with None, clear) the group a metric shows first and ranks in the
    exports, kept in the metric's history. A stale ``expected_version`` is
    refused (ConflictError).

    A standing is stored for every group a metric has figures in, whichever is
    primary (``scorecard.benchmarking.shown_group_ids`` reads the primary group
    when a page asks), so no other metric's standings can move: only this
    metric's standings and verdicts are refreshed, not every metric of the two
    groups (``standings_refresh_for_groups`` would refresh those, for nothing)."""
    _allowed(user)
    metric = lock_for_update(metric)
    check_version(metric, expected_version)
    metric.primary_group = group
    metric.version += 1
    metric.full_clean()
    _remember(
        metric,
        user,
        f"Primary comparator group: {group.name}"
        if group
        else "Primary comparator group cleared",
    )
    metric.save()
    _refresh_verdicts([metric.pk])
    return metric


# --- Versions ----------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewMember:
    """A member as the upload would keep it."""

    position: int
    row: int
    code: str
    name: str
    kind: str
    new: bool
    name_on_record: str = ""


@dataclass
class VersionPreview:
    """What uploading a file as a version would do: nothing is saved to build it.

    ``before`` is the version that stood for ``from_year`` until now (the one the
    upload replaces from that year); ``joined`` and ``left`` compare with it."""

    group: ComparatorGroup
    file: GroupFile
    number: int
    from_year: str
    model_year: str
    ranked: bool
    members: list[PreviewMember] = field(default_factory=list)
    before: GroupVersion | None = None
    joined: list[PreviewMember] = field(default_factory=list)
    left: list[Place] = field(default_factory=list)
    field_errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.file.ok and not self.field_errors

    @property
    def new_places(self) -> list[PreviewMember]:
        return [m for m in self.members if m.new]


def _from_year_error(group: ComparatorGroup, from_year: str) -> str:
    try:
        year_start(from_year)
    except ValueError:
        return f"Write the first year it is used for like 2024-25, not '{from_year}'."
    taken = group.versions.filter(from_year=from_year).first()
    if taken is not None:
        return (
            f"Version {taken.number} is already used from {from_year.replace('-', '/')}"
            ": choose another first year, or remove that version first."
        )
    return ""


def group_version_preview(
    *,
    group: ComparatorGroup,
    data: str | bytes,
    from_year: str,
    model_year: str = "",
    ranked: bool = False,
) -> VersionPreview:
    """What uploading ``data`` as the group's next version, used from
    ``from_year``, would make: the members in order, the places it would create,
    who joins and who leaves against the version in force before, and every
    error (the file's by row and column; the first year's in ``field_errors``).
    Reads only."""
    read = read_group_file(data)
    from_year = from_year.strip()
    existing = list(group.versions.order_by("number"))
    number = (max((v.number for v in existing), default=0)) + 1
    preview = VersionPreview(
        group=group,
        file=read,
        number=number,
        from_year=from_year,
        model_year=model_year.strip(),
        ranked=ranked or read.ranked,
    )
    error = _from_year_error(group, from_year)
    if error:
        preview.field_errors["from_year"] = error
    known = {
        p.code: p for p in Place.objects.filter(code__in=[m.code for m in read.members])
    }
    kinds = dict(Place.Kind.choices)
    for position, member in enumerate(read.members, start=1):
        place = known.get(member.code)
        preview.members.append(
            PreviewMember(
                position=position,
                row=member.row,
                code=member.code,
                name=place.name if place else member.name,
                kind=str(kinds.get(place.kind if place else member.kind, member.kind)),
                new=place is None,
                name_on_record=(
                    place.name
                    if place is not None and place.name != member.name
                    else ""
                ),
            )
        )
    if not error and existing:
        preview.before = version_in_force(
            [(v.from_year, v) for v in existing], from_year
        )
    if preview.before is not None:
        before_places = [
            m.place
            for m in preview.before.members.select_related("place").order_by("position")
        ]
        before_codes = {p.code for p in before_places}
        codes = {m.code for m in preview.members}
        preview.joined = [m for m in preview.members if m.code not in before_codes]
        preview.left = [p for p in before_places if p.code not in codes]
    return preview


def _bump(group: ComparatorGroup, user: User, reason: str) -> None:
    group.version += 1
    _remember(group, user, reason)
    group.save(update_fields=["version"])


@transaction.atomic
def group_version_create(
    *,
    user: User,
    group: ComparatorGroup,
    expected_version: int | None,
    data: str | bytes,
    from_year: str,
    model_year: str = "",
    ranked: bool = False,
    note: str = "",
) -> GroupVersion:
    """Add the file's members as the group's next version, used from
    ``from_year``, creating the places it names that are not known yet; the
    group's history records it. Refused with a ValidationError (the file's
    errors by row and column, or the first year's) when the preview has any
    error, and with a ConflictError when the group changed since the preview was
    made (``expected_version``)."""
    _allowed(user)
    group = lock_for_update(group)
    check_version(group, expected_version)
    preview = group_version_preview(
        group=group,
        data=data,
        from_year=from_year,
        model_year=model_year,
        ranked=ranked,
    )
    if not preview.ok:
        messages = [str(problem) for problem in preview.file.errors]
        errors: dict[str, list[str]] = {}
        if messages:
            errors["file"] = messages
        for name, message in preview.field_errors.items():
            errors[name] = [message]
        raise ValidationError(errors)
    known = {
        p.code: p
        for p in Place.objects.filter(code__in=[m.code for m in preview.members])
    }
    listed = {m.code: m for m in preview.file.members}
    for member in preview.members:
        if member.code not in known:
            source = listed[member.code]
            place = Place(code=source.code, name=source.name, kind=source.kind)
            place.full_clean()
            place.save()
            known[member.code] = place
    version = GroupVersion(
        group=group,
        number=preview.number,
        model_year=preview.model_year,
        from_year=preview.from_year,
        ranked=preview.ranked,
        note=note.strip(),
        created_by=user,
    )
    version.full_clean()
    version.save()
    GroupMember.objects.bulk_create(
        GroupMember(version=version, place=known[m.code], position=m.position)
        for m in preview.members
    )
    _bump(
        group,
        user,
        f"Version {version.number} added: {len(preview.members)} members, from "
        f"{version.from_year}",
    )
    standings_refresh_for_groups(group_ids=[group.pk])
    return version


def version_removal_refusal(version: GroupVersion) -> str:
    """Why a version may not be removed, or "" when it may: a group's only
    version is kept while any metric has a standing in it."""
    if version.group.versions.exclude(pk=version.pk).exists():
        return ""
    metrics = (
        Standing.objects.filter(version=version)
        .order_by()
        .values("metric_id")
        .distinct()
        .count()
    )
    if not metrics:
        return ""
    noun = "metric has" if metrics == 1 else "metrics have"
    return (
        f"This is the group's only version, and {metrics} {noun} standings in it: "
        "removing it would take away every rank the group gives. Upload the list "
        "that replaces it first, then remove this one."
    )


@transaction.atomic
def group_version_remove(
    *, user: User, version: GroupVersion, expected_version: int | None
) -> ComparatorGroup:
    """Remove a version and its members (the undo of an upload); the places stay.
    The years it stood for go to the version in force for them without it, and
    the standings and verdicts are refreshed. Refused (ApplicationError) when it
    is the group's only version and metrics have standings in it, and
    (ConflictError) when the group changed since the confirmation page was
    shown (``expected_version`` is the group's)."""
    _allowed(user)
    group = lock_for_update(version.group)
    check_version(group, expected_version)
    version = GroupVersion.objects.select_related("group").get(pk=version.pk)
    refusal = version_removal_refusal(version)
    if refusal:
        raise ApplicationError(refusal)
    # The metrics it moved: their verdicts are refreshed even when no standing of
    # theirs is left in the group afterwards.
    before = set(metrics_of_groups([group.pk]))
    number, from_year = version.number, version.from_year
    version.delete()
    _bump(group, user, f"Version {number} (from {from_year}) removed")
    standings_refresh_for_groups(group_ids=[group.pk])
    _refresh_verdicts(sorted(before - set(metrics_of_groups([group.pk]))))
    return group
