"""The version of a group in force for a year, and area codes
(scorecard.domain.groups)."""

import pytest

from scorecard.domain.groups import (
    group_kind_for_comparator,
    is_area_code,
    kind_of_code,
    report_year_of,
    version_in_force,
    year_start,
)

TWO_VERSIONS = [("2024-25", "v2"), ("2019-20", "v1")]


@pytest.mark.parametrize(
    ("versions", "year", "expected"),
    [
        ([], "2024-25", None),
        ([("2020-21", "v1")], "2020-21", "v1"),
        ([("2020-21", "v1")], "2025-26", "v1"),
        # Before the first version: the first stands for earlier years.
        ([("2020-21", "v1")], "2016-17", "v1"),
        (TWO_VERSIONS, "2018-19", "v1"),
        (TWO_VERSIONS, "2019-20", "v1"),
        (TWO_VERSIONS, "2023-24", "v1"),
        (TWO_VERSIONS, "2024-25", "v2"),
        (TWO_VERSIONS, "2030-31", "v2"),
        ([("2019-20", "a"), ("2021-22", "b"), ("2023-24", "c")], "2022-23", "b"),
    ],
)
def test_version_in_force(versions, year, expected):
    assert version_in_force(versions, year) == expected


@pytest.mark.parametrize("bad", ["2024", "2024-26", "24-25", "", "2024/25"])
def test_year_start_refuses_what_is_not_a_year(bad):
    with pytest.raises(ValueError):
        year_start(bad)


@pytest.mark.parametrize(
    ("period", "year"),
    [
        ("2024-25", "2024-25"),
        ("2024-25 Q2", "2024-25"),
        ("2024-25 H1", "2024-25"),
        ("2022", "2022-23"),
        ("2019-21", "2019-20"),
        ("1999-00", "1999-00"),
    ],
)
def test_report_year_of(period, year):
    assert report_year_of(period) == year


@pytest.mark.parametrize(
    ("code", "kind", "valid"),
    [
        ("E08000026", "local_authority", True),
        ("e06000015", "local_authority", True),
        ("E92000001", "nation", True),
        ("E12000005", "region", True),
        ("E05001218", "ward", True),
        ("W92000004", "nation", True),
        ("E0800002", "local_authority", False),
        ("Coventry", "local_authority", False),
    ],
)
def test_area_codes(code, kind, valid):
    assert kind_of_code(code) == kind
    assert is_area_code(code) is valid


@pytest.mark.parametrize(
    ("name", "national", "kind"),
    [
        ("England", True, "national"),
        ("England", False, "national"),
        ("Statistical Neighbours", False, "statistical"),
        ("Stat neighbours", False, "statistical"),
        ("CIPFA", False, "cipfa"),
        ("CIPFA nearest neighbours", False, "cipfa"),
        ("West Midlands", False, "region"),
        ("West Midlands region", False, "region"),
        ("WMCA", False, "custom"),
        ("Core cities", False, "custom"),
    ],
)
def test_group_kind_for_comparator(name, national, kind):
    assert group_kind_for_comparator(name, national) == kind
