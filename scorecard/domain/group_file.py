"""Reading a comparator group's list of members from a CSV file (issue 19).

Pure: text or bytes in, the members in order and every error by row and column
out. Nothing here touches the database; ``scorecard.services.groups`` turns a
file read without errors into a version of a group.

**The file.** One member a row: its ONS area code and its name, and, where the
source ranks its members (CIPFA's nearest neighbours, nearest first), its rank.
The headers may be written in any case and spacing, with underscores or hyphens
for spaces:

- the code: "Area code", "Code", "ONS code", "AREACD", "GSS code", "LA code";
- the name: "Area name", "Name", "AREANM", "LA name", "Local authority";
- the rank (optional): "Rank", "Position", "Order".

Other columns are ignored. The reading forgiveness of the benchmarking readers
applies (``reports.opendata.fingertips.decode`` and ``csv_rows``, reused): a
byte-order mark, CRLF line ends, blank lines, and a file that is not UTF-8 read as
Windows-1252 with a warning to check the names.

**The order.** With a rank column, the members are in rank order; without one, in
the order of the file's rows.

**Errors**, each naming the row (as a spreadsheet numbers it, the header being row
1) and the column as the file heads it: a code that is not an ONS area code, a
place listed twice, a blank name, a rank that is not a whole number from 1 or that
repeats. A file with any error makes no version: the page shows every error, and
nothing is saved until the file is put right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reports.opendata.fingertips import ReadProblem, csv_rows, decode
from scorecard.domain.groups import is_area_code, kind_of_code

CODE_HEADERS = frozenset(
    {
        "area code",
        "code",
        "ons code",
        "ons area code",
        "areacd",
        "area cd",
        "gss code",
        "la code",
        "local authority code",
    }
)
NAME_HEADERS = frozenset(
    {
        "area name",
        "name",
        "ons name",
        "areanm",
        "area nm",
        "la name",
        "local authority",
        "local authority name",
    }
)
RANK_HEADERS = frozenset({"rank", "position", "order", "rank order"})

# Kinds of problem (the words after a count: "3 rows: not an ONS area code").
NO_HEADER = "no header row"
MISSING_COLUMN = "a required column is missing"
NOT_A_CODE = "not an ONS area code"
DUPLICATE_PLACE = "a place listed twice"
MISSING_NAME = "the name is blank"
LONG_NAME = "the name is too long"
# The longest name a place keeps (Place.name's max_length).
NAME_LENGTH = 150
BAD_RANK = "not a whole number from 1"
MISSING_RANK = "the rank is blank"
REPEATED_RANK = "a rank listed twice"
NO_MEMBERS = "no members"

_SEPARATORS = re.compile(r"[\s_\-]+")
_WHOLE = re.compile(r"\+?\d+")


def header_key(text: str) -> str:
    """A header as compared: no BOM, lower case, one space for any run of spaces,
    underscores and hyphens."""
    return _SEPARATORS.sub(" ", text.replace("\ufeff", "")).strip().casefold()


@dataclass(frozen=True, slots=True)
class ListedMember:
    """One member as the file lists it. ``code`` is upper case; ``kind`` is what
    the code says the place is (``kind_of_code``); ``rank`` is None when the file
    has no rank column."""

    row: int
    code: str
    name: str
    rank: int | None
    kind: str


@dataclass(frozen=True, slots=True)
class GroupFile:
    """What the reader made of a file: the members in order (by rank when the file
    ranks them), whether it did, and what it could not read."""

    members: tuple[ListedMember, ...]
    ranked: bool = False
    errors: tuple[ReadProblem, ...] = ()
    warnings: tuple[ReadProblem, ...] = ()
    columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def _find(headers: Sequence[str], wanted: frozenset[str]) -> int | None:
    for index, header in enumerate(headers):
        if header_key(header) in wanted:
            return index
    return None


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def read_group_file(data: str | bytes) -> GroupFile:
    """The members a group file lists, in order, with every error and warning by
    row and column (see the module's docstring). Never raises for what a file
    holds."""
    text, warnings = decode(data)
    rows = csv_rows(text)
    header = next(rows, None)
    if header is None:
        return GroupFile(
            members=(),
            errors=(
                ReadProblem(
                    None,
                    None,
                    "the file is empty: it needs a header row naming the columns "
                    "Area code and Area name",
                    NO_HEADER,
                ),
            ),
            warnings=tuple(warnings),
        )
    _, headers = header
    columns = tuple(cell.strip() for cell in headers)
    code_at = _find(columns, CODE_HEADERS)
    name_at = _find(columns, NAME_HEADERS)
    rank_at = _find(columns, RANK_HEADERS)
    missing = [
        ReadProblem(
            1,
            wanted,
            f"no column for the {what} (head one '{wanted}'; the file's columns "
            f"are {', '.join(repr(c) for c in columns if c) or 'blank'})",
            MISSING_COLUMN,
        )
        for wanted, what, found in (
            ("Area code", "ONS area code", code_at),
            ("Area name", "place's name", name_at),
        )
        if found is None
    ]
    if missing:
        return GroupFile(
            members=(),
            errors=tuple(missing),
            warnings=tuple(warnings),
            columns=columns,
        )
    assert code_at is not None and name_at is not None
    code_column, name_column = columns[code_at], columns[name_at]
    rank_column = columns[rank_at] if rank_at is not None else None
    errors: list[ReadProblem] = []
    members: list[ListedMember] = []
    seen_codes: dict[str, int] = {}
    seen_ranks: dict[int, int] = {}
    for number, cells in rows:
        code = _cell(cells, code_at).upper()
        name = _cell(cells, name_at)
        good = True
        if not is_area_code(code):
            good = False
            errors.append(
                ReadProblem(
                    number,
                    code_column,
                    (
                        f"'{code}' is not an ONS area code (a letter and eight "
                        "digits, like E08000026)"
                        if code
                        else "the code is blank"
                    ),
                    NOT_A_CODE,
                    cell=code,
                )
            )
        elif code in seen_codes:
            good = False
            errors.append(
                ReadProblem(
                    number,
                    code_column,
                    f"{code} is listed already, in row {seen_codes[code]}",
                    DUPLICATE_PLACE,
                    cell=code,
                )
            )
        else:
            seen_codes[code] = number
        if not name:
            good = False
            errors.append(
                ReadProblem(
                    number,
                    name_column,
                    f"the name of {code or 'the place'} is blank",
                    MISSING_NAME,
                )
            )
        elif len(name) > NAME_LENGTH:
            good = False
            errors.append(
                ReadProblem(
                    number,
                    name_column,
                    f"the name of {code or 'the place'} is {len(name)} characters "
                    f"long: a place's name has at most {NAME_LENGTH}",
                    LONG_NAME,
                )
            )
        rank: int | None = None
        if rank_column is not None:
            written = _cell(cells, rank_at)
            if not written:
                good = False
                errors.append(
                    ReadProblem(
                        number,
                        rank_column,
                        "the rank is blank (a file with a rank column ranks "
                        "every member)",
                        MISSING_RANK,
                    )
                )
            elif not _WHOLE.fullmatch(written) or int(written) < 1:
                good = False
                errors.append(
                    ReadProblem(
                        number,
                        rank_column,
                        f"'{written}' is not a whole number from 1",
                        BAD_RANK,
                        cell=written,
                    )
                )
            else:
                rank = int(written)
                if rank in seen_ranks:
                    good = False
                    errors.append(
                        ReadProblem(
                            number,
                            rank_column,
                            f"rank {rank} is given already, in row {seen_ranks[rank]}",
                            REPEATED_RANK,
                            cell=written,
                        )
                    )
                else:
                    seen_ranks[rank] = number
        if good:
            members.append(ListedMember(number, code, name, rank, kind_of_code(code)))
    if not members and not errors:
        errors.append(
            ReadProblem(
                None, None, "the file lists no places under its header", NO_MEMBERS
            )
        )
    if rank_column is not None:
        members.sort(key=lambda m: (m.rank or 0, m.row))
    return GroupFile(
        members=tuple(members),
        ranked=rank_column is not None,
        errors=tuple(errors),
        warnings=tuple(warnings),
        columns=columns,
    )
