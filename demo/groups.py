"""The demo's comparator groups (issue 19): the places the demo compares Coventry
with, its statistical neighbours in two versions (the group was re-based for
2023/24), the West Midlands region, and England; and each member's figures for the
demo metrics compared with statistical neighbours.

The places are real (their ONS codes and names); the lists are made up for the
demo, and so are the figures. A council uploads its own lists: CIPFA's nearest
neighbours are licensed to each council, not published.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from coventry_pm.accounts.models import User
from demo.figures import AnnualFigure, member_figures
from demo.metrics import ENGLAND, METRICS, STATISTICAL_NEIGHBOURS, WEST_MIDLANDS
from scorecard.models import Comparator, ComparatorGroup, MemberValue, Metric
from scorecard.services.bulk import MemberFigureRow, member_values_record_bulk
from scorecard.services.comparators import comparator_group_ensure
from scorecard.services.groups import (
    comparator_group_save,
    group_version_create,
    metric_primary_group_set,
    place_for_code,
)

PLACES: tuple[tuple[str, str], ...] = (
    ("E08000026", "Coventry"),
    ("E92000001", "England"),
    ("E12000005", "West Midlands"),
    ("E06000015", "Derby"),
    ("E06000016", "Leicester"),
    ("E06000018", "Nottingham"),
    ("E06000021", "Stoke-on-Trent"),
    ("E06000023", "Bristol, City of"),
    ("E06000026", "Plymouth"),
    ("E06000031", "Peterborough"),
    ("E06000044", "Portsmouth"),
    ("E06000045", "Southampton"),
    ("E08000001", "Bolton"),
    ("E08000019", "Sheffield"),
    ("E08000021", "Newcastle upon Tyne"),
    ("E08000025", "Birmingham"),
    ("E08000027", "Dudley"),
    ("E08000028", "Sandwell"),
    ("E08000029", "Solihull"),
    ("E08000030", "Walsall"),
    ("E08000031", "Wolverhampton"),
    ("E08000034", "Kirklees"),
    ("E06000020", "Telford and Wrekin"),
)

# Statistical neighbours, nearest first: the 2016 model, used until 2022/23, and
# the 2022 model from 2023/24 (Bristol and Peterborough in; Bolton and Plymouth out).
NEIGHBOURS_2016 = (
    "E06000016",
    "E06000018",
    "E06000015",
    "E08000034",
    "E06000045",
    "E06000044",
    "E08000001",
    "E06000026",
    "E08000019",
    "E08000021",
)
NEIGHBOURS_2022 = (
    "E06000016",
    "E06000015",
    "E06000018",
    "E06000045",
    "E08000034",
    "E06000023",
    "E06000044",
    "E06000031",
    "E08000019",
    "E08000021",
)
# The region's local authorities the demo has figures for (the metropolitan
# boroughs, Stoke-on-Trent and Telford), unranked.
REGION = (
    "E08000025",
    "E08000027",
    "E08000028",
    "E08000029",
    "E08000030",
    "E08000031",
    "E06000021",
    "E06000020",
)
VERSIONS: dict[str, tuple[tuple[int, str, str, bool, Sequence[str]], ...]] = {
    STATISTICAL_NEIGHBOURS: (
        (1, "2016", "2019-20", True, NEIGHBOURS_2016),
        (2, "2022", "2023-24", True, NEIGHBOURS_2022),
    ),
    WEST_MIDLANDS: ((1, "", "2019-20", False, REGION),),
}
GROUPS: dict[str, dict[str, str]] = {
    STATISTICAL_NEIGHBOURS: {
        "kind": ComparatorGroup.Kind.STATISTICAL,
        "source": "Made up for the demo, in the shape of the DfE's children's "
        "services statistical neighbours",
        "description": "The ten councils most like Coventry, nearest first.",
    },
    WEST_MIDLANDS: {
        "kind": ComparatorGroup.Kind.REGION,
        "source": "The region's councils the demo has figures for",
        "description": "Councils in the West Midlands region.",
        "place": "E12000005",
    },
    ENGLAND: {
        "kind": ComparatorGroup.Kind.NATIONAL,
        "source": "The published national figure",
        "description": "England as a whole.",
        "place": "E92000001",
    },
}
SOURCE = "Demo"


def load_demo_groups(
    *,
    comparators: Mapping[str, Comparator],
    metrics: Mapping[str, Metric],
    annual: Mapping[str, Sequence[AnnualFigure]],
    created_by: User,
    created: Counter[str],
) -> None:
    """The places, groups, versions and members above, and the members' figures
    for each demo metric compared with statistical neighbours (a figure per year
    Coventry has one), written through the groups' services and the bulk service
    for other places' figures, as the performance administrator's pages and
    imports write them. Creates only what is missing; a group, version or figure
    someone changed is kept. The caller refreshes the verdicts (and so the
    standings) afterwards."""
    names = dict(PLACES)
    places = {code: place_for_code(code=code, name=name) for code, name in PLACES}
    for name, facts in GROUPS.items():
        group = comparator_group_ensure(comparator=comparators[name])
        if group.source:
            continue  # set up before (or by someone): kept as it is
        place = facts.get("place", "")
        comparator_group_save(
            user=created_by,
            group=group,
            expected_version=group.version,
            name=group.name,
            kind=facts["kind"],
            description=facts["description"],
            source=facts["source"],
            place_code=place,
            place_name=names.get(place, ""),
        )
    for name, versions in VERSIONS.items():
        group = ComparatorGroup.objects.get(pk=comparators[name].group.pk)
        numbers = set(group.versions.values_list("number", flat=True))
        for number, model_year, from_year, ranked, codes in versions:
            if number in numbers:
                continue
            lines = ["code,name,rank"] + [
                f'{code},"{names[code]}",{rank}'
                for rank, code in enumerate(codes, start=1)
            ]
            group_version_create(
                user=created_by,
                group=group,
                expected_version=group.version,
                data="\n".join(lines),
                from_year=from_year,
                model_year=model_year,
                ranked=ranked,
            )
            group.refresh_from_db()
            created["comparator group versions"] += 1
    neighbours = ComparatorGroup.objects.get(
        pk=comparators[STATISTICAL_NEIGHBOURS].group.pk
    )
    # Each group's members, drawn to average the group's published figure.
    drawn = {
        STATISTICAL_NEIGHBOURS: sorted(set(NEIGHBOURS_2016) | set(NEIGHBOURS_2022)),
        WEST_MIDLANDS: sorted(REGION),
    }
    compared = [
        spec
        for spec in METRICS
        if STATISTICAL_NEIGHBOURS in spec.comparators and spec.scale is None
    ]
    stored = set(
        MemberValue.objects.filter(
            metric__in=[metrics[spec.code] for spec in compared]
        ).values_list("metric_id", "place_id", "period")
    )
    rows = []
    for spec in compared:
        metric = metrics[spec.code]
        if metric.primary_group_id is None:
            metric_primary_group_set(
                user=created_by,
                metric=metric,
                group=neighbours,
                expected_version=metric.version,
            )
            metric.refresh_from_db()
        figures = [
            pair
            for name, codes in drawn.items()
            for pair in member_figures(spec, annual[spec.code], codes, around=name)
        ]
        for code, figure in figures:
            place = places[code]
            if (metric.pk, place.pk, figure.period) in stored:
                continue
            rows.append(
                MemberFigureRow(
                    metric_id=metric.pk,
                    place_id=place.pk,
                    period=figure.period,
                    period_label=figure.label,
                    text=figure.text,
                    number=Decimal(figure.text.replace(",", "")),
                    lower_ci=figure.lower_ci,
                    upper_ci=figure.upper_ci,
                    source=SOURCE,
                )
            )
    written, _ = member_values_record_bulk(rows=rows)
    if written:
        created["member figures"] += written
