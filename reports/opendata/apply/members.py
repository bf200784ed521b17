"""A tidy file's benchmarking (issue 19): other places' figures (member rows), the
places, groups, versions and memberships they name, and the group each metric's
own rows rank it in (which sets the metric's primary group).

- **Places** are found by ONS code, or created with the row's name and the kind
  the code says (``kind_of_code``). A stored place keeps its name.
- **Groups** are found by name (any case), or created (kind from the name:
  ``group_kind_for_comparator``).
- **Versions** are found by group and number; a stored version with another
  first year is an error naming the row and column (the file and the database
  disagree about which years it is used for). A version the database does not
  have is created with its number and first year, and the places the file lists
  in it become its members, in the order the file first names them.
- **Memberships** of a stored version are never changed by a file: a place the
  file lists in it that it does not list is warned about (change a group on its
  page), and its figure is kept.
- **Figures**: one per metric, period, place and revision, however many groups
  the rows repeat it for. A revision the database has with the same figure
  changes nothing; a different figure, or one the database does not have,
  is stored (a revision it has with another figure becomes the next revision).
- **The group shown**: where a metric's own row names a group its year's agreed
  target does not name, that group becomes the metric's primary group, so the
  rank shown (``scorecard.benchmarking.shown_group_ids``) is the file's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError

from reports.opendata.apply.context import ImportContext
from reports.opendata.apply.metrics import Resolved
from reports.opendata.outcome import FileOutcome, RowOutcome
from reports.opendata.records import (
    TIDY,
    MemberCell,
    OpenDataError,
    ParsedFile,
    Problem,
    stored,
)
from scorecard.benchmarking import group_named
from scorecard.domain.groups import group_kind_for_comparator, kind_of_code
from scorecard.models import (
    ComparatorGroup,
    GroupMember,
    GroupVersion,
    MemberValue,
    Metric,
    Place,
    Target,
)
from scorecard.services.bulk import BulkRowError, metric_update_recorded
from scorecard.services.standings import metrics_of_groups

_CHUNK = 900

_Figure = tuple[object, ...]


def _chunks(items: Sequence[object]) -> list[Sequence[object]]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def load_members(
    context: ImportContext,
    parsed: ParsedFile,
    resolved: Sequence[Resolved],
    rows: Sequence[RowOutcome],
    outcome: FileOutcome,
) -> None:
    if parsed.layout != TIDY:
        return
    cells = [(metric, cell) for entry, metric, _ in resolved for cell in entry.members]
    shown = [
        (metric, year, group, row)
        for entry, metric, _ in resolved
        for year, (group, row) in entry.shown_groups.items()
    ]
    if not cells and not shown:
        return
    file = parsed.name
    places = _places(context, file, [cell for _, cell in cells], outcome)
    names = {g for _, cell in cells for g, _, _, _ in cell.groups}
    names |= {group for _, _, group, _ in shown}
    groups = _groups(context, file, names, outcome)
    changed = _versions_and_members(
        context, file, [cell for _, cell in cells], places, groups, outcome
    )
    _member_values(context, cells, places, outcome)
    _primary_groups(context, file, shown, groups, outcome)
    if changed:
        context.metric_ids.update(metrics_of_groups(changed))


def _fail(file: str, row: int, column: str, message: str) -> OpenDataError:
    return OpenDataError(Problem(file, row, column, message))


def _places(
    context: ImportContext,
    file: str,
    cells: Sequence[MemberCell],
    outcome: FileOutcome,
) -> dict[str, Place]:
    """code → place, every place the cells name, found or created."""
    named: dict[str, MemberCell] = {}
    for cell in cells:
        named.setdefault(cell.area_code, cell)
    found: dict[str, Place] = {}
    for chunk in _chunks(sorted(named)):
        found.update((p.code, p) for p in Place.objects.filter(code__in=list(chunk)))
    new = []
    for code, cell in named.items():
        if code in found:
            continue
        place = Place(code=code, name=cell.place_name, kind=kind_of_code(code))
        try:
            place.full_clean()
        except ValidationError as error:
            raise _fail(file, cell.row, "area_code", _said(error)) from error
        new.append(place)
    for place in Place.objects.bulk_create(new):
        found[place.code] = place
        context.created("places", place.pk)
    outcome.counts["places_created"] += len(new)
    return found


def _said(error: ValidationError) -> str:
    return "; ".join(
        message for messages in error.message_dict.values() for message in messages
    )


def _groups(
    context: ImportContext, file: str, names: set[str], outcome: FileOutcome
) -> dict[str, ComparatorGroup]:
    """casefolded name → group, every group named, found or created."""
    found = {g.name.casefold(): g for g in ComparatorGroup.objects.all()}
    for name in sorted(names):
        key = name.casefold()
        if key in found:
            continue
        group = ComparatorGroup(
            name=name,
            kind=group_kind_for_comparator(name, national=False),
            description=f"Named in the open-data file {file}.",
        )
        group.full_clean()
        group._change_reason = context.reason(file)  # type: ignore[attr-defined]
        group._history_user = context.user  # type: ignore[attr-defined]
        group.save()
        found[key] = group
        context.created("groups", group.pk)
        outcome.counts["groups_created"] += 1
    return found


def _versions_and_members(
    context: ImportContext,
    file: str,
    cells: Sequence[MemberCell],
    places: dict[str, Place],
    groups: dict[str, ComparatorGroup],
    outcome: FileOutcome,
) -> list[int]:
    """Find or create every version the cells name, and list the places in the
    versions created; warn of a place a stored version does not list. Returns
    the ids of the groups whose versions or members changed."""
    wanted: dict[tuple[int, int], tuple[str, int]] = {}
    listed: dict[tuple[int, int], list[str]] = defaultdict(list)
    for cell in sorted(cells, key=lambda c: c.row):
        for name, number, from_year, row in cell.groups:
            group = groups[name.casefold()]
            key = (group.pk, number)
            seen = wanted.setdefault(key, (from_year, row))
            if seen[0] != from_year:
                raise _fail(
                    file,
                    row,
                    "group_version",
                    f"version {number} of '{group.name}' is used from {from_year} "
                    f"here, but from {seen[0]} in row {seen[1]}",
                )
            if cell.area_code not in listed[key]:
                listed[key].append(cell.area_code)
    if not wanted:
        return []
    group_ids = sorted({group_id for group_id, _ in wanted})
    stored_versions = list(GroupVersion.objects.filter(group_id__in=group_ids))
    by_number = {(v.group_id, v.number): v for v in stored_versions}
    by_year = {(v.group_id, v.from_year): v for v in stored_versions}
    names = {g.pk: g.name for g in groups.values()}
    created: list[GroupVersion] = []
    for (group_id, number), (from_year, row) in sorted(wanted.items()):
        version = by_number.get((group_id, number))
        if version is not None and version.from_year != from_year:
            raise _fail(
                file,
                row,
                "group_version",
                f"version {number} of '{names[group_id]}' is used from "
                f"{version.from_year} in the database, not {from_year}",
            )
        other = by_year.get((group_id, from_year))
        if version is None and other is not None:
            raise _fail(
                file,
                row,
                "group_version",
                f"the database's version of '{names[group_id]}' used from "
                f"{from_year} is version {other.number}, not {number}",
            )
        if version is None:
            version = GroupVersion(
                group_id=group_id,
                number=number,
                from_year=from_year,
                note=f"Re-created from the open-data file {file}.",
                created_by=context.user,
            )
            try:
                version.full_clean()
            except ValidationError as error:
                raise _fail(file, row, "group_version", _said(error)) from error
            version.save()
            by_number[(group_id, number)] = version
            created.append(version)
            context.created("group_versions", version.pk)
    outcome.counts["group_versions_created"] += len(created)
    new_ids = {v.pk for v in created}
    members = [
        GroupMember(version=version, place=places[code], position=position)
        for version in created
        for position, code in enumerate(
            listed[(version.group_id, version.number)], start=1
        )
    ]
    GroupMember.objects.bulk_create(members)
    outcome.counts["group_members_created"] += len(members)
    kept = set(
        GroupMember.objects.filter(
            version__in=[v for k, v in by_number.items() if k in wanted]
        ).values_list("version_id", "place_id")
    )
    for key, codes in listed.items():
        version = by_number[key]
        if version.pk in new_ids:
            continue
        for code in codes:
            if (version.pk, places[code].pk) not in kept:
                outcome.warn(
                    Problem(
                        file,
                        wanted[key][1],
                        "comparator_group",
                        f"{places[code].name} ({code}) is not in "
                        f"'{names[key[0]]}', {version.label}, in the database: "
                        "its figure is kept, and the group's members are changed "
                        "only on the group's page",
                    )
                )
    return sorted({v.group_id for v in created})


def _member_values(
    context: ImportContext,
    cells: Sequence[tuple[Metric, MemberCell]],
    places: dict[str, Place],
    outcome: FileOutcome,
) -> None:
    metric_ids = sorted({metric.pk for metric, _ in cells})
    existing: dict[tuple[int, str, int], dict[int, _Figure]] = defaultdict(dict)
    for chunk in _chunks(metric_ids):
        for row in MemberValue.objects.filter(
            metric_id__in=list(chunk), withdrawn_at__isnull=True
        ).values_list(
            "metric_id",
            "period",
            "place_id",
            "revision",
            "period_label",
            "value_text",
            "value_number",
            "lower_ci",
            "upper_ci",
            "count",
            "denominator",
        ):
            existing[(row[0], row[1], row[2])][row[3]] = (
                row[4],
                row[5],
                *(_stored(v) for v in row[6:]),
            )
    new: list[MemberValue] = []
    created = revised = unchanged = 0
    for metric, cell in cells:
        place = places[cell.area_code]
        figure = (
            cell.period_label,
            cell.text,
            *(
                stored(v)
                for v in (
                    cell.number,
                    cell.lower_ci,
                    cell.upper_ci,
                    cell.count,
                    cell.denominator,
                )
            ),
        )
        revisions = existing[(metric.pk, cell.period, place.pk)]
        if cell.revision is not None and revisions.get(cell.revision) == figure:
            unchanged += 1
            continue
        if cell.revision is None and revisions and revisions[max(revisions)] == figure:
            unchanged += 1
            continue
        if cell.revision is not None and cell.revision not in revisions:
            revision = cell.revision
        else:
            revision = max(revisions, default=0) + 1
        if revisions:
            revised += 1
        else:
            created += 1
        revisions[revision] = figure
        new.append(
            MemberValue(
                metric=metric,
                place=place,
                period=cell.period,
                period_label=cell.period_label,
                revision=revision,
                value_text=cell.text,
                value_number=figure[2],
                lower_ci=figure[3],
                upper_ci=figure[4],
                count=figure[5],
                denominator=figure[6],
                import_run_id=context.run_id,
            )
        )
        context.metric_ids.add(metric.pk)
    MemberValue.objects.bulk_create(new, batch_size=1000)
    outcome.counts["member_values_created"] += created
    outcome.counts["member_values_revised"] += revised
    outcome.counts["member_values_unchanged"] += unchanged


def _stored(value: object) -> Decimal | None:
    if value is None:
        return None
    return stored(value if isinstance(value, Decimal) else Decimal(str(value)))


def _primary_groups(
    context: ImportContext,
    file: str,
    shown: Sequence[tuple[Metric, str, str, int]],
    groups: dict[str, ComparatorGroup],
    outcome: FileOutcome,
) -> None:
    """A metric's own rows name the group its rank is for: where the year's
    agreed target does not name that group, it is the metric's primary group."""
    if not shown:
        return
    every = list(ComparatorGroup.objects.select_related("comparator"))
    named = {
        (t.metric_id, t.period): t.comparator_name
        for t in Target.objects.filter(
            metric_id__in=sorted({metric.pk for metric, _, _, _ in shown}),
            status=Target.Status.AGREED,
        )
        .exclude(comparator_name="")
        .only("metric_id", "period", "comparator_name")
    }
    primary: dict[int, tuple[Metric, ComparatorGroup, str, int]] = {}
    for metric, year, name, row in sorted(shown, key=lambda s: (s[0].pk, s[1])):
        group = groups[name.casefold()]
        words = named.get((metric.pk, year))
        if words is not None:
            target_group = group_named(words, every)
            if target_group is not None and target_group.pk == group.pk:
                continue
        seen = primary.get(metric.pk)
        if seen is not None and seen[1].pk != group.pk:
            outcome.warn(
                Problem(
                    file,
                    row,
                    "comparator_group",
                    f"{metric.code} is ranked in '{group.name}' in {year} but in "
                    f"'{seen[1].name}' in {seen[2]}; a metric has one primary "
                    f"group: '{group.name}', the later year's, is kept",
                )
            )
        primary[metric.pk] = (metric, group, year, row)
    for metric, group, _, row in primary.values():
        if metric.primary_group_id == group.pk:
            continue
        metric.primary_group = group
        try:
            metric_update_recorded(
                metric=metric,
                changed_by=context.user,
                reason=context.reason(file),
                import_run_id=context.run_id,
                source=row,
            )
        except BulkRowError as error:
            raise _fail(file, row, "comparator_group", error.message) from error
        context.metric_ids.add(metric.pk)
        outcome.counts["primary_groups_set"] += 1
