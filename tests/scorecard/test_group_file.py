"""The group file reader (scorecard.domain.group_file): table-driven cases for
every header, forgiveness and error, and a property test that a list written in
any of the accepted shapes reads back as the same members in the same order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.domain import group_file
from scorecard.domain.group_file import read_group_file

COVENTRY = "E08000026"
WOLVES = "E08000031"
SANDWELL = "E08000028"


def _members(text: str | bytes) -> list[tuple[str, str, int | None]]:
    read = read_group_file(text)
    assert read.ok, [str(e) for e in read.errors]
    return [(m.code, m.name, m.rank) for m in read.members]


@pytest.mark.parametrize(
    ("header", "expected_rank"),
    [
        ("Area code,Area name", None),
        ("code,name", None),
        ("ONS code,Name", None),
        ("AREACD,AREANM", None),
        ("area_code,area_name", None),
        ("  Area   Code ,AREA NAME", None),
        ("Area-code,Area-name", None),
        ("Area code,Area name,Rank", 1),
        ("Area code,Area name,position", 1),
        ("\ufeffArea code,Area name", None),
    ],
)
def test_headers_are_read_in_any_case_and_spacing(header, expected_rank):
    first = f"{WOLVES},Wolverhampton" + (",1" if expected_rank else "")
    members = _members(f"{header}\n{first}\n")
    assert members == [(WOLVES, "Wolverhampton", expected_rank)]


@pytest.mark.parametrize(
    ("data", "names"),
    [
        # CRLF line ends and a byte-order mark
        (b"\xef\xbb\xbfcode,name\r\nE08000031,Wolverhampton\r\n", ["Wolverhampton"]),
        # Blank lines, before, between and after
        (
            "code,name\n\nE08000031,Wolverhampton\n\n\nE08000028,Sandwell\n\n",
            ["Wolverhampton", "Sandwell"],
        ),
        # A lower-case code is an ONS code all the same
        ("code,name\ne08000031,Wolverhampton\n", ["Wolverhampton"]),
        # Extra columns are ignored; a quoted name keeps its comma
        (
            'Notes,code,name\nx,E06000001,"Hartlepool, Borough of"\n',
            ["Hartlepool, Borough of"],
        ),
        # Windows-1252
        ("code,name\nE06000001,Ynys Môn\n".encode("cp1252"), ["Ynys Môn"]),
    ],
)
def test_what_the_readers_forgive_is_forgiven(data, names):
    assert [name for _, name, _ in _members(data)] == names


def test_a_file_not_utf8_is_read_with_a_warning_to_check_the_names():
    read = read_group_file("code,name\nE06000001,Ynys Môn\n".encode("cp1252"))
    assert read.ok
    assert "Windows-1252" in str(read.warnings[0])


def test_a_ranked_file_is_in_rank_order_and_an_unranked_one_in_row_order():
    ranked = read_group_file(
        f"code,name,rank\n{SANDWELL},Sandwell,2\n{WOLVES},Wolverhampton,1\n"
    )
    assert ranked.ranked
    assert [m.code for m in ranked.members] == [WOLVES, SANDWELL]
    plain = read_group_file(f"code,name\n{SANDWELL},Sandwell\n{WOLVES},Wolverhampton\n")
    assert not plain.ranked
    assert [m.code for m in plain.members] == [SANDWELL, WOLVES]


def test_each_code_says_its_kind():
    read = read_group_file(
        "code,name\nE92000001,England\nE12000005,West Midlands\nE05001218,Foleshill\n"
        f"{WOLVES},Wolverhampton\n"
    )
    assert [m.kind for m in read.members] == [
        "nation",
        "region",
        "ward",
        "local_authority",
    ]


@pytest.mark.parametrize(
    ("text", "row", "column", "kind", "words"),
    [
        (
            "code,name\nX123,Nowhere\n",
            2,
            "code",
            group_file.NOT_A_CODE,
            "'X123' is not an ONS area code",
        ),
        (
            "code,name\n,Nowhere\n",
            2,
            "code",
            group_file.NOT_A_CODE,
            "the code is blank",
        ),
        (
            "code,name\nE0800002,Short\n",
            2,
            "code",
            group_file.NOT_A_CODE,
            "not an ONS area code",
        ),
        (
            f"code,name\n{WOLVES},Wolverhampton\n\n{WOLVES},Wolves\n",
            4,
            "code",
            group_file.DUPLICATE_PLACE,
            "listed already, in row 2",
        ),
        (
            f"code,name\n{WOLVES},Wolverhampton\n{WOLVES.lower()},Wolves\n",
            3,
            "code",
            group_file.DUPLICATE_PLACE,
            "listed already",
        ),
        (
            f"AREACD,AREANM\n{WOLVES},  \n",
            2,
            "AREANM",
            group_file.MISSING_NAME,
            "is blank",
        ),
        (f"code,name\n{WOLVES}\n", 2, "name", group_file.MISSING_NAME, "is blank"),
        (
            f"code,name,Rank\n{WOLVES},Wolverhampton,2.5\n",
            2,
            "Rank",
            group_file.BAD_RANK,
            "'2.5' is not a whole number",
        ),
        (
            f"code,name,rank\n{WOLVES},Wolverhampton,0\n",
            2,
            "rank",
            group_file.BAD_RANK,
            "'0' is not a whole number from 1",
        ),
        (
            f"code,name,rank\n{WOLVES},Wolverhampton,first\n",
            2,
            "rank",
            group_file.BAD_RANK,
            "not a whole number",
        ),
        (
            f"code,name,rank\n{WOLVES},Wolverhampton,\n",
            2,
            "rank",
            group_file.MISSING_RANK,
            "the rank is blank",
        ),
        (
            f"code,name,position\n{WOLVES},Wolverhampton,1\n{SANDWELL},Sandwell,1\n",
            3,
            "position",
            group_file.REPEATED_RANK,
            "rank 1 is given already, in row 2",
        ),
        (
            "name\nWolverhampton\n",
            1,
            "Area code",
            group_file.MISSING_COLUMN,
            "no column for the ONS area code",
        ),
        (
            "code,place\nE08000031,Wolverhampton\n",
            1,
            "Area name",
            group_file.MISSING_COLUMN,
            "no column for the place's name",
        ),
        ("", None, None, group_file.NO_HEADER, "the file is empty"),
        ("\n\n", None, None, group_file.NO_HEADER, "the file is empty"),
        ("code,name\n\n", None, None, group_file.NO_MEMBERS, "lists no places"),
    ],
)
def test_each_error_names_its_row_and_column(text, row, column, kind, words):
    read = read_group_file(text)
    assert not read.ok
    error = read.errors[0]
    assert (error.row, error.column, error.kind) == (row, column, kind)
    assert words in error.message
    if row is not None:
        assert f"row {row}" in str(error)


def test_every_error_is_given_not_only_the_first():
    read = read_group_file(
        "code,name,rank\n"
        "X1,Nowhere,1\n"  # row 2: not a code
        f"{WOLVES},,2\n"  # row 3: no name
        f"{SANDWELL},Sandwell,2\n"  # row 4: rank repeated
        f"{COVENTRY},Coventry,x\n"  # row 5: bad rank
    )
    found = [(e.row, e.kind) for e in read.errors]
    assert found == [
        (2, group_file.NOT_A_CODE),
        (3, group_file.MISSING_NAME),
        (4, group_file.REPEATED_RANK),
        (5, group_file.BAD_RANK),
    ]


def test_a_row_with_an_error_is_not_among_the_members():
    read = read_group_file(f"code,name\n{WOLVES},Wolverhampton\nX1,Nowhere\n")
    assert [m.code for m in read.members] == [WOLVES]
    assert not read.ok


# --- Property: whatever shape a good list is written in, it reads back the same --

_codes = st.builds(
    lambda country, digits: f"{country}{digits:08d}",
    st.sampled_from("EWSN"),
    st.integers(min_value=0, max_value=99_999_999),
)
_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda name: name.strip() == name and name != "")


@settings(max_examples=150, deadline=None)
@given(
    members=st.lists(
        st.tuples(_codes, _names),
        min_size=1,
        max_size=20,
        unique_by=lambda pair: pair[0],
    ),
    code_header=st.sampled_from(sorted(group_file.CODE_HEADERS)),
    name_header=st.sampled_from(sorted(group_file.NAME_HEADERS)),
    rank_header=st.one_of(st.none(), st.sampled_from(sorted(group_file.RANK_HEADERS))),
    upper=st.booleans(),
    crlf=st.booleans(),
    bom=st.booleans(),
    blank_every=st.integers(min_value=0, max_value=4),
    order=st.randoms(use_true_random=False),
)
def test_a_good_list_reads_back_as_written(
    members,
    code_header,
    name_header,
    rank_header,
    upper,
    crlf,
    bom,
    blank_every,
    order,
):
    import csv
    import io

    ranks = list(range(1, len(members) + 1))
    rows_in_file = list(zip(members, ranks, strict=True))
    if rank_header:
        order.shuffle(rows_in_file)  # the file's rows in any order; ranks say it
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    header = [code_header, name_header] + ([rank_header] if rank_header else [])
    writer.writerow([h.upper() if upper else h for h in header])
    for index, ((code, name), rank) in enumerate(rows_in_file):
        if blank_every and index % blank_every == 0:
            writer.writerow([])
        writer.writerow([code, name] + ([str(rank)] if rank_header else []))
    data = ("\ufeff" if bom else "") + out.getvalue()
    read = read_group_file(data.encode("utf-8"))
    assert read.ok, [str(e) for e in read.errors]
    assert read.ranked == bool(rank_header)
    assert [(m.code, m.name) for m in read.members] == members


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_no_file_makes_the_reader_raise(data):
    read = read_group_file(data)
    assert read.ok or read.errors
    assert all(e.message for e in read.errors)


def test_a_name_longer_than_a_place_keeps_is_named_by_row_and_column():
    from scorecard.domain.group_file import read_group_file

    found = read_group_file("code,name\nE06000015," + "x" * 151 + "\n")
    (problem,) = found.errors
    assert (problem.row, problem.column) == (2, "name")
    assert "151 characters" in problem.message
