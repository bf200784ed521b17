"""Which version of a comparator group stands for a year, and what a place's ONS
area code says it is (issue 19). Pure: no database.

**The version in force.** A group is re-based from time to time (CIPFA rebuilds its
nearest-neighbour model; a council changes a group of its own). Each version says
the first report year it is used for (``from_year``, "2024-25"). The version in force
for a year is the one with the latest ``from_year`` on or before it. A year before
the first version uses the first version: until a group is re-based, its only
version stands for the years before it too, so the history a council imports with
its first list is compared against that list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

YEAR = re.compile(r"^([0-9]{4})-([0-9]{2})$")
# The years a report year may be: a council's data starts after 1990 and a plan
# runs no further than this century.
FIRST_YEAR, LAST_YEAR = 1990, 2100

V = TypeVar("V")


def year_start(year: str) -> int:
    """2024 for "2024-25". Raises ValueError for anything else."""
    match = YEAR.match(year.strip())
    if not match:
        raise ValueError(f"a year is written like 2024-25, not {year!r}")
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{year!r} is not a year: 2024-25 runs into 25")
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise ValueError(
            f"{year!r} is not a year the product reports: from {FIRST_YEAR} to "
            f"{LAST_YEAR}"
        )
    return start


def report_year_of(period: str) -> str:
    """The report year a period key belongs to: "2024-25" for "2024-25 Q2"; a
    calendar year "2022" or a range "2019-21" is the year it starts in ("2022-23",
    "2019-20")."""
    key = period.strip()
    head = key.split(" ", 1)[0]
    match = re.match(r"^([0-9]{4})", head)
    if not match:
        raise ValueError(f"{period!r} names no year")
    start = int(match.group(1))
    return f"{start}-{(start + 1) % 100:02d}"


def version_in_force(versions: Sequence[tuple[str, V]], year: str) -> V | None:
    """The version in force for ``year`` among ``(from_year, version)`` pairs (in
    any order): the latest ``from_year`` on or before ``year``, else the earliest
    version; None when there are none."""
    if not versions:
        return None
    wanted = year_start(year)
    ordered = sorted(versions, key=lambda pair: year_start(pair[0]))
    chosen = ordered[0][1]
    for from_year, version in ordered:
        if year_start(from_year) <= wanted:
            chosen = version
    return chosen


# ONS GSS codes: the first three characters give the kind of area (the ONS Code
# History Database's entity codes). Anything else is taken for a local authority.
_NATIONS = ("E92", "W92", "S92", "N92", "K02", "K03", "K04")
_REGIONS = ("E12",)
_WARDS = ("E05", "W05", "S13", "N08")
CODE = re.compile(r"^[EWSNK]\d{8}$")


def kind_of_code(code: str) -> str:
    """ "nation", "region", "ward" or "local_authority", from an ONS area code."""
    prefix = code.strip().upper()[:3]
    if prefix in _NATIONS:
        return "nation"
    if prefix in _REGIONS:
        return "region"
    if prefix in _WARDS:
        return "ward"
    return "local_authority"


def is_area_code(code: str) -> bool:
    """An ONS area code: a letter for the country and eight digits (E08000026)."""
    return bool(CODE.match(code.strip().upper()))


def group_kind_for_comparator(name: str, national: bool) -> str:
    """The kind of group a named comparator series is ("Statistical Neighbours" is
    statistical neighbours, "CIPFA" CIPFA nearest neighbours, "West Midlands" a
    region); what the name does not say is a group of the council's own."""
    if national:
        return "national"
    folded = name.casefold()
    if "cipfa" in folded:
        return "cipfa"
    if "statistical" in folded or "neighbour" in folded:
        return "statistical"
    if "region" in folded or folded.strip() in REGION_NAMES:
        return "region"
    if folded.strip() in ("england", "england average", "national", "uk"):
        return "national"
    return "custom"


# The nine English regions (ONS's E12 areas), as comparator series name them.
REGION_NAMES = frozenset(
    {
        "north east",
        "north west",
        "yorkshire and the humber",
        "east midlands",
        "west midlands",
        "east of england",
        "london",
        "south east",
        "south west",
    }
)


# Words in a target that name the national comparator, whatever it is called here.
NATIONAL_NAMES = ("national", "england")


def names_group(wanted: str | None, name: str, *, national: bool) -> bool:
    """Whether a target's comparator words (``Target.comparator_name``: "statistical
    neighbours", "national average") name the comparator or group called ``name``.
    No words name any comparator; "national" and "England" name the national one
    whatever it is called; other words name a comparator whose name is or holds
    them, in any case."""
    if wanted is None:
        return True
    folded = wanted.casefold()
    if any(word in folded for word in NATIONAL_NAMES):
        return national
    return folded == name.casefold() or folded in name.casefold()
