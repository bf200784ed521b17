from decimal import Decimal

import pytest

from scorecard.domain.values import (
    DEFAULT_GRADE_SCALE,
    ValueKind,
    grade_rank,
    is_grade_unit,
    is_money_unit,
    is_percentage_unit,
    match_grade,
    parse_value,
    rate_base,
    unit_multiplier,
)

OFSTED = ("Outstanding", "Good", "Requires improvement", "Inadequate")


def test_default_grade_scale_is_best_first() -> None:
    assert DEFAULT_GRADE_SCALE == (
        "A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "E", "F"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "unit", "number"),
    [
        ("11,111,652", "", Decimal("11111652")),
        ("11,111,652", "number", Decimal("11111652")),
        ("61.2%", "%", Decimal("61.2")),
        ("61.2", "%", Decimal("61.2")),
        ("-3", "", Decimal("-3")),
        ("−3", "", Decimal("-3")),
        ("+4.5", "", Decimal("4.5")),
        ("- 2", "", Decimal("-2")),
        (".5", "", Decimal("0.5")),
        ("0", "number", Decimal("0")),
        ("1234.5", "", Decimal("1234.5")),
        ("1,234.56", "", Decimal("1234.56")),
        ("  42 ", "number", Decimal("42")),
        ("42\u00a0", "number", Decimal("42")),
        # k/m/bn suffixes are read into the metric's unit
        ("12.373m", "£", Decimal("12373000")),
        ("12.373m", "pounds", Decimal("12373000")),
        ("12.4m", "£", Decimal("12400000")),
        ("12.4m", "number", Decimal("12400000")),
        ("12.4m", "", Decimal("12400000")),
        ("12.4m", "£ millions", Decimal("12.4")),
        ("12.4m", "£m", Decimal("12.4")),
        ("12.4m", "millions of pounds", Decimal("12.4")),
        ("12.4 m", "pounds", Decimal("12400000")),
        ("12.4 million", "£", Decimal("12400000")),
        ("12.4mn", "£", Decimal("12400000")),
        ("£1.2bn", "£ millions", Decimal("1200")),
        ("£1.2bn", "£", Decimal("1200000000")),
        ("1.2b", "£bn", Decimal("1.2")),
        ("3.5k", "£", Decimal("3500")),
        ("3.5k", "£m", Decimal("0.0035")),
        ("3.5K", "number", Decimal("3500")),
        ("450k", "£ thousands", Decimal("450")),
        ("£2,500", "£", Decimal("2500")),
        ("£2,500", "£000s", Decimal("2500")),
        ("-£3.2m", "£m", Decimal("-3.2")),
        ("£-3.2m", "£m", Decimal("-3.2")),
    ],
)
def test_numbers_are_read_into_the_unit(text: str, unit: str, number: Decimal) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is ValueKind.NUMBER
    assert parsed.number == number
    assert parsed.text == text
    assert parsed.warning is None


def test_a_plain_number_keeps_its_written_precision() -> None:
    assert str(parse_value("11.0", unit="%").number) == "11.0"
    assert str(parse_value("12.4m", unit="£").number) == "12400000"


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("", None),
        ("   ", None),
        ("N/A", None),
        ("n/a", None),
        ("NA", None),
        ("-", None),
        ("–", None),
        ("—", None),
        ("..", None),
        ("[x]", None),
        ("[z]", None),
        ("*", "'*' marks a suppressed figure; read as no value"),
        ("[c]", "'[c]' marks a suppressed figure; read as no value"),
    ],
)
def test_empty_values(text: str, warning: str | None) -> None:
    parsed = parse_value(text, unit="%")
    assert parsed.kind is ValueKind.EMPTY
    assert parsed.number is None
    assert parsed.text == text
    assert parsed.warning == warning


@pytest.mark.parametrize(
    ("text", "unit", "numerator", "denominator", "number"),
    [
        # a "number" metric counts the numerator
        ("19 out of 41", "number", Decimal(19), Decimal(41), Decimal(19)),
        ("19 out of 41", "", Decimal(19), Decimal(41), Decimal(19)),
        ("23 out of 35", "schools", Decimal(23), Decimal(35), Decimal(23)),
        # a percentage is the share × 100
        ("23 out of 35", "%", Decimal(23), Decimal(35), Decimal(2300) / Decimal(35)),
        ("1 out of 4", "%", Decimal(1), Decimal(4), Decimal(25)),
        ("3 of 4", "% of homes", Decimal(3), Decimal(4), Decimal(75)),
        ("19 OUT OF 41", "%", Decimal(19), Decimal(41), Decimal(1900) / Decimal(41)),
        # a rate per N is the share × N
        ("5 out of 2,000", "rate per 1,000", Decimal(5), Decimal(2000), Decimal("2.5")),
        ("3 out of 4", "proportion", Decimal(3), Decimal(4), Decimal("0.75")),
        ("3 out of 4", "ratio", Decimal(3), Decimal(4), Decimal("0.75")),
    ],
)
def test_counts(
    text: str, unit: str, numerator: Decimal, denominator: Decimal, number: Decimal
) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is ValueKind.COUNT
    assert parsed.numerator == numerator
    assert parsed.denominator == denominator
    assert parsed.number == number
    assert parsed.warning is None


def test_a_count_out_of_zero_has_no_number() -> None:
    parsed = parse_value("0 out of 0", unit="%")
    assert parsed.kind is ValueKind.COUNT
    assert parsed.number is None
    assert parsed.warning == "a count out of zero has no rate"


def test_a_count_larger_than_its_total_is_read_and_warned() -> None:
    parsed = parse_value("5 out of 4", unit="%")
    assert parsed.number == Decimal(125)
    assert parsed.warning == "the count is larger than its total"


@pytest.mark.parametrize(
    ("text", "unit", "scale", "grade"),
    [
        ("A-", "rating", None, "A-"),
        ("B", "rating", None, "B"),
        ("A+", "grade", None, "A+"),
        ("a-", "rating", None, "A-"),
        ("A –", "rating", None, "A-"),
        ("Grade C+", "rating", None, "C+"),
        ("F", "", None, "F"),
        ("Good", "Ofsted judgement", OFSTED, "Good"),
        ("requires  improvement", "rating", OFSTED, "Requires improvement"),
        ("OUTSTANDING", "rating", OFSTED, "Outstanding"),
        # a declared scale may itself be numeric
        ("2", "band", ("1", "2", "3"), "2"),
    ],
)
def test_grades(
    text: str, unit: str, scale: tuple[str, ...] | None, grade: str
) -> None:
    parsed = parse_value(text, unit=unit, scale=scale)
    assert parsed.kind is ValueKind.GRADE
    assert parsed.grade == grade
    assert parsed.number is None
    assert parsed.warning is None


def test_a_grade_on_a_numeric_unit_is_read_and_warned() -> None:
    parsed = parse_value("B", unit="%")
    assert parsed.kind is ValueKind.GRADE
    assert parsed.grade == "B"
    assert parsed.warning == "a grade for a metric whose unit is '%'"


def test_a_letter_not_on_a_declared_scale_is_text() -> None:
    parsed = parse_value("A", unit="rating", scale=OFSTED)
    assert parsed.kind is ValueKind.TEXT
    assert parsed.warning == (
        "'A' is not a number, a count or a grade on the scale Outstanding, Good, "
        "Requires improvement, Inadequate"
    )


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        (
            "Female - 68.1 Male - 31.9",
            (("Female", Decimal("68.1")), ("Male", Decimal("31.9"))),
        ),
        (
            "Female- 66.9 Male- 33.1",
            (("Female", Decimal("66.9")), ("Male", Decimal("33.1"))),
        ),
        (
            "Female-50.1 Male-49.9",
            (("Female", Decimal("50.1")), ("Male", Decimal("49.9"))),
        ),
        (
            "Female: 60%, Male: 40%",
            (("Female", Decimal("60")), ("Male", Decimal("40"))),
        ),
        (
            "Aged 16-24 - 30.1 Aged 25-64 - 40",
            (("Aged 16-24", Decimal("30.1")), ("Aged 25-64", Decimal("40"))),
        ),
        (
            "White - 70 Asian - 20 Black - 7 Other - 3",
            (
                ("White", Decimal("70")),
                ("Asian", Decimal("20")),
                ("Black", Decimal("7")),
                ("Other", Decimal("3")),
            ),
        ),
    ],
)
def test_breakdowns(text: str, groups: tuple[tuple[str, Decimal], ...]) -> None:
    parsed = parse_value(text, unit="%")
    assert parsed.kind is ValueKind.BREAKDOWN
    assert parsed.groups == groups
    assert parsed.number is None
    assert parsed.warning is None


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("hello", "'hello' is not a number, a count, a grade or a breakdown"),
        ("1 234", "'1 234' is not a number, a count, a grade or a breakdown"),
        ("12,34", "'12,34' is not a number, a count, a grade or a breakdown"),
        ("5 to 10", "'5 to 10' is not a number, a count, a grade or a breakdown"),
        ("+-5", "'+-5' has two signs"),
        (
            "Female - 68.1",
            "'Female - 68.1' names one group only; a breakdown needs two or more",
        ),
    ],
)
def test_anything_else_is_text_with_a_warning(text: str, warning: str) -> None:
    parsed = parse_value(text, unit="number")
    assert parsed.kind is ValueKind.TEXT
    assert parsed.number is None
    assert parsed.text == text
    assert parsed.warning == warning


@pytest.mark.parametrize(
    ("text", "unit", "warning"),
    [
        ("5%", "number", "the value has a % sign but the unit is 'number'"),
        ("£5", "number", "the value has a currency sign but the unit is 'number'"),
        ("5m", "%", "a 'm' suffix on a value whose unit is '%'"),
        (
            "5k",
            "rate per 1,000",
            "a 'k' suffix on a value whose unit is 'rate per 1,000'",
        ),
    ],
)
def test_odd_but_readable_numbers_carry_a_warning(
    text: str, unit: str, warning: str
) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is ValueKind.NUMBER
    assert parsed.warning == warning


# Every value cell of the two sample files (../shared/samples), with its row's unit.
SAMPLE_VALUES = [
    # council-layout-2016-24.csv
    *[("rate per 10,000 population", v) for v in
      ("48", "51", "55", "58", "50", "52", "54", "60", "61", "62")],
    *[("rate per 1,000 population", v) for v in
      ("31.2", "30.8", "30.9", "29.0", "28.7", "28.1", "25.0", "24.8", "24.1")],
    *[("%", v) for v in ("100", "92", "93")],
    *[("days per full-time equivalent", v) for v in ("9.8", "10.1", "10.6", "11.2")],
    *[("number", v) for v in ("2210", "2354", "2480")],
    # council-layout-2022-30.csv
    *[("rate per 1,000 population", v) for v in (
        "2101", "2230", "2310", "2455", "2050", "2120", "2200", "2260", "2300",
        "2350", "2400", "2410")],
    *[("%", v) for v in (
        "61.2", "62.0", "62.4", "61.5", "60.1", "61.0", "61.9", "62.3", "11.0",
        "10.6", "10.4", "11.9", "12.5")],
    *[("rate per 1,000 households", v) for v in ("3.9", "4.4", "4.1")],
    *[("number", v) for v in ("1510", "1622", "1702", "1688")],
]  # fmt: skip


@pytest.mark.parametrize(("unit", "text"), SAMPLE_VALUES)
def test_sample_plain_numbers(unit: str, text: str) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is ValueKind.NUMBER
    assert parsed.number == Decimal(text)
    assert parsed.warning is None


@pytest.mark.parametrize(
    ("unit", "text", "kind", "number", "grade"),
    [
        ("millions of pounds", "4.1m", ValueKind.NUMBER, Decimal("4.1"), None),
        ("millions of pounds", "6.75m", ValueKind.NUMBER, Decimal("6.75"), None),
        ("millions of pounds", "9.2m", ValueKind.NUMBER, Decimal("9.2"), None),
        ("millions of pounds", "12.4m", ValueKind.NUMBER, Decimal("12.4"), None),
        ("number", "19 out of 41", ValueKind.COUNT, Decimal(19), None),
        ("number", "", ValueKind.EMPTY, None, None),
        ("rate per 1,000 households", "", ValueKind.EMPTY, None, None),
        ("rating", "B", ValueKind.GRADE, None, "B"),
        ("rating", "A-", ValueKind.GRADE, None, "A-"),
        ("pounds", "8,402,113", ValueKind.NUMBER, Decimal(8402113), None),
        ("pounds", "8,950,002", ValueKind.NUMBER, Decimal(8950002), None),
        ("pounds", "7,911,450", ValueKind.NUMBER, Decimal(7911450), None),
        ("pounds", "7,020,118", ValueKind.NUMBER, Decimal(7020118), None),
        ("%", "Female - 66.0 Male - 34.0", ValueKind.BREAKDOWN, None, None),
        ("%", "Female - 66.4 Male - 33.6", ValueKind.BREAKDOWN, None, None),
        ("%", "Female- 66.9 Male- 33.1", ValueKind.BREAKDOWN, None, None),
        ("%", "Female - 66.8 Male - 33.2", ValueKind.BREAKDOWN, None, None),
        ("%", "Female-50.1 Male-49.9", ValueKind.BREAKDOWN, None, None),
        # the values DESIGN.md section 6 names
        ("", "11,111,652", ValueKind.NUMBER, Decimal(11111652), None),
        ("£", "12.373m", ValueKind.NUMBER, Decimal(12373000), None),
        ("number", "23 out of 35", ValueKind.COUNT, Decimal(23), None),
        ("rating", "A-", ValueKind.GRADE, None, "A-"),
        ("%", "Female - 68.1 Male - 31.9", ValueKind.BREAKDOWN, None, None),
    ],
)
def test_sample_values_of_every_other_shape(
    unit: str,
    text: str,
    kind: ValueKind,
    number: Decimal | None,
    grade: str | None,
) -> None:
    parsed = parse_value(text, unit=unit)
    assert parsed.kind is kind
    assert parsed.number == number
    assert parsed.grade == grade
    assert parsed.text == text
    assert parsed.warning is None


@pytest.mark.parametrize(
    ("unit", "multiplier"),
    [
        ("", Decimal(1)),
        ("number", Decimal(1)),
        ("£", Decimal(1)),
        ("pounds", Decimal(1)),
        ("%", Decimal(1)),
        ("m", Decimal(1)),  # metres, not millions
        ("k", Decimal(1)),
        ("£m", Decimal(1000000)),
        ("£ m", Decimal(1000000)),
        ("£mn", Decimal(1000000)),
        ("£ millions", Decimal(1000000)),
        ("millions of pounds", Decimal(1000000)),
        ("millions", Decimal(1000000)),
        ("£bn", Decimal(1000000000)),
        ("billions of pounds", Decimal(1000000000)),
        ("£k", Decimal(1000)),
        ("£000s", Decimal(1000)),
        ("£'000", Decimal(1000)),
        ("thousands", Decimal(1000)),
        ("rate per 1,000 population", Decimal(1)),
    ],
)
def test_unit_multiplier(unit: str, multiplier: Decimal) -> None:
    assert unit_multiplier(unit) == multiplier


@pytest.mark.parametrize(
    ("unit", "base"),
    [
        ("rate per 1,000 population", Decimal(1000)),
        ("rate per 10,000 population", Decimal(10000)),
        ("rate per 100,000", Decimal(100000)),
        ("per 100k", Decimal(100000)),
        ("rate per 1,000 households", Decimal(1000)),
        ("days per full-time equivalent", None),
        ("%", None),
        ("number", None),
    ],
)
def test_rate_base(unit: str, base: Decimal | None) -> None:
    assert rate_base(unit) == base


@pytest.mark.parametrize(
    ("unit", "percentage", "grade", "money"),
    [
        ("%", True, False, False),
        ("% of pupils", True, False, False),
        ("percentage", True, False, False),
        ("per cent", True, False, False),
        ("number", False, False, False),
        ("rating", False, True, False),
        ("Ofsted grade", False, True, False),
        ("score", False, False, False),
        ("£", False, False, True),
        ("pounds", False, False, True),
        ("millions of pounds", False, False, True),
        ("GBP", False, False, True),
    ],
)
def test_unit_kinds(unit: str, percentage: bool, grade: bool, money: bool) -> None:
    assert is_percentage_unit(unit) is percentage
    assert is_grade_unit(unit) is grade
    assert is_money_unit(unit) is money


@pytest.mark.parametrize(
    ("grade", "scale", "rank"),
    [
        ("A+", None, 0),
        ("A", None, 1),
        ("b", None, 4),
        ("F", None, 13),
        ("G", None, None),
        ("", None, None),
        ("Good", OFSTED, 1),
        ("Inadequate", OFSTED, 3),
        ("A", OFSTED, None),
    ],
)
def test_grade_rank(
    grade: str, scale: tuple[str, ...] | None, rank: int | None
) -> None:
    assert grade_rank(grade, scale) == rank


def test_match_grade_returns_the_scales_spelling() -> None:
    assert match_grade("requires improvement", OFSTED) == "Requires improvement"
    assert match_grade("Grade: b+") == "B+"
    assert match_grade("Z") is None
