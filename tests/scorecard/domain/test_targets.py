from decimal import Decimal

import pytest

from scorecard.domain.targets import (
    TargetKind,
    TargetRule,
    direction_from_target,
    normalise_comparator,
    parse_target,
)
from scorecard.domain.vocabulary import Direction

D = Decimal
OFSTED = ("Outstanding", "Good", "Requires improvement", "Inadequate")


def rule(text: str, kind: TargetKind, **fields: object) -> TargetRule:
    return TargetRule(text, kind, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # none / not applicable
        ("None set", rule("None set", TargetKind.NONE)),
        ("No Target Set", rule("No Target Set", TargetKind.NONE)),
        ("", rule("", TargetKind.NONE)),
        ("  ", rule("  ", TargetKind.NONE)),
        ("N/A", rule("N/A", TargetKind.NONE)),
        ("-", rule("-", TargetKind.NONE)),
        ("TBC", rule("TBC", TargetKind.NONE)),
        (
            "Target not applicable",
            rule("Target not applicable", TargetKind.NOT_APPLICABLE),
        ),
        ("Not applicable", rule("Not applicable", TargetKind.NOT_APPLICABLE)),
        # directional
        ("To increase", rule("To increase", TargetKind.DIRECTIONAL, aim="increase")),
        ("To decrease", rule("To decrease", TargetKind.DIRECTIONAL, aim="decrease")),
        ("To reduce", rule("To reduce", TargetKind.DIRECTIONAL, aim="decrease")),
        ("To improve", rule("To improve", TargetKind.DIRECTIONAL, aim="improve")),
        ("To maintain", rule("To maintain", TargetKind.DIRECTIONAL, aim="maintain")),
        ("TO REDUCE.", rule("TO REDUCE.", TargetKind.DIRECTIONAL, aim="decrease")),
        ("Increase", rule("Increase", TargetKind.DIRECTIONAL, aim="increase")),
        (
            "Maintain or improve",
            rule("Maintain or improve", TargetKind.DIRECTIONAL, aim="maintain"),
        ),
        (
            "Maintain/improve",
            rule("Maintain/improve", TargetKind.DIRECTIONAL, aim="maintain"),
        ),
        (
            "Maintain or increase",
            rule(
                "Maintain or increase",
                TargetKind.DIRECTIONAL,
                aim="maintain",
                direction=Direction.UP,
            ),
        ),
        (
            "To reduce or maintain",
            rule(
                "To reduce or maintain",
                TargetKind.DIRECTIONAL,
                aim="maintain",
                direction=Direction.DOWN,
            ),
        ),
        # thresholds
        ("95%", rule("95%", TargetKind.THRESHOLD, value=D(95))),
        ("<6%", rule("<6%", TargetKind.THRESHOLD, operator="<", value=D(6))),
        (">70", rule(">70", TargetKind.THRESHOLD, operator=">", value=D(70))),
        ("<=1380", rule("<=1380", TargetKind.THRESHOLD, operator="<=", value=D(1380))),
        (">= 90%", rule(">= 90%", TargetKind.THRESHOLD, operator=">=", value=D(90))),
        ("≥ 95 %", rule("≥ 95 %", TargetKind.THRESHOLD, operator=">=", value=D(95))),
        ("≤12", rule("≤12", TargetKind.THRESHOLD, operator="<=", value=D(12))),
        ("95%+", rule("95%+", TargetKind.THRESHOLD, operator=">=", value=D(95))),
        (
            "80 or more",
            rule("80 or more", TargetKind.THRESHOLD, operator=">=", value=D(80)),
        ),
        (
            "5 or less",
            rule("5 or less", TargetKind.THRESHOLD, operator="<=", value=D(5)),
        ),
        (
            "at least 70",
            rule("at least 70", TargetKind.THRESHOLD, operator=">=", value=D(70)),
        ),
        (
            "no more than 3",
            rule("no more than 3", TargetKind.THRESHOLD, operator="<=", value=D(3)),
        ),
        (
            "maximum of 12",
            rule("maximum of 12", TargetKind.THRESHOLD, operator="<=", value=D(12)),
        ),
        ("below 6%", rule("below 6%", TargetKind.THRESHOLD, operator="<", value=D(6))),
        ("above 70", rule("above 70", TargetKind.THRESHOLD, operator=">", value=D(70))),
        (
            "less than 10",
            rule("less than 10", TargetKind.THRESHOLD, operator="<", value=D(10)),
        ),
        (
            "Increase to 70%",
            rule("Increase to 70%", TargetKind.THRESHOLD, operator=">=", value=D(70)),
        ),
        (
            "Reduce to 5",
            rule("Reduce to 5", TargetKind.THRESHOLD, operator="<=", value=D(5)),
        ),
        ("Maintain to 95%", rule("Maintain to 95%", TargetKind.THRESHOLD, value=D(95))),
        ("Target: 95%", rule("Target: 95%", TargetKind.THRESHOLD, value=D(95))),
        ("Improve to 80%", rule("Improve to 80%", TargetKind.THRESHOLD, value=D(80))),
        ("1,380", rule("1,380", TargetKind.THRESHOLD, value=D(1380))),
        (
            "better than 70%",
            rule(
                "better than 70%",
                TargetKind.THRESHOLD,
                value=D(70),
                comparator_relation="better",
            ),
        ),
        (
            "Equal to or better than 70",
            rule(
                "Equal to or better than 70",
                TargetKind.THRESHOLD,
                value=D(70),
                comparator_relation="better_or_equal",
            ),
        ),
        (
            "In line with 50",
            rule(
                "In line with 50",
                TargetKind.THRESHOLD,
                value=D(50),
                comparator_relation="equal",
            ),
        ),
        # relative change
        (
            "To reduce by 5%",
            rule(
                "To reduce by 5%",
                TargetKind.RELATIVE_CHANGE,
                aim="decrease",
                value=D(5),
                change_unit="percent",
            ),
        ),
        (
            "Increase by 2 percentage points",
            rule(
                "Increase by 2 percentage points",
                TargetKind.RELATIVE_CHANGE,
                aim="increase",
                value=D(2),
                change_unit="points",
            ),
        ),
        (
            "increase by 1.5pp",
            rule(
                "increase by 1.5pp",
                TargetKind.RELATIVE_CHANGE,
                aim="increase",
                value=D("1.5"),
                change_unit="points",
            ),
        ),
        (
            "Improve by 10 per cent",
            rule(
                "Improve by 10 per cent",
                TargetKind.RELATIVE_CHANGE,
                aim="improve",
                value=D(10),
                change_unit="percent",
            ),
        ),
        (
            "Reduce by 200",
            rule(
                "Reduce by 200",
                TargetKind.RELATIVE_CHANGE,
                aim="decrease",
                value=D(200),
                change_unit="absolute",
            ),
        ),
        (
            "Reduce by at least 3 points",
            rule(
                "Reduce by at least 3 points",
                TargetKind.RELATIVE_CHANGE,
                aim="decrease",
                value=D(3),
                change_unit="absolute",
            ),
        ),
        (
            "Reduce by 10% from 2019/20",
            rule(
                "Reduce by 10% from 2019/20",
                TargetKind.RELATIVE_CHANGE,
                aim="decrease",
                value=D(10),
                change_unit="percent",
                baseline_period="2019-20",
            ),
        ),
        (
            "Increase by 5% on 2022-23 levels",
            rule(
                "Increase by 5% on 2022-23 levels",
                TargetKind.RELATIVE_CHANGE,
                aim="increase",
                value=D(5),
                change_unit="percent",
                baseline_period="2022-23",
            ),
        ),
        (
            "Reduce by 5% against the baseline",
            rule(
                "Reduce by 5% against the baseline",
                TargetKind.RELATIVE_CHANGE,
                aim="decrease",
                value=D(5),
                change_unit="percent",
            ),
        ),
        # comparators
        (
            "Better than statistical neighbours",
            rule(
                "Better than statistical neighbours",
                TargetKind.COMPARATOR,
                comparator="statistical neighbours",
                comparator_relation="better",
            ),
        ),
        (
            "Equal to or better than national average",
            rule(
                "Equal to or better than national average",
                TargetKind.COMPARATOR,
                comparator="national average",
                comparator_relation="better_or_equal",
            ),
        ),
        (
            "Below (better than) national average",
            rule(
                "Below (better than) national average",
                TargetKind.COMPARATOR,
                comparator="national average",
                comparator_relation="below",
            ),
        ),
        (
            "Above (better than) the West Midlands",
            rule(
                "Above (better than) the West Midlands",
                TargetKind.COMPARATOR,
                comparator="west midlands",
                comparator_relation="above",
            ),
        ),
        (
            "Better than England",
            rule(
                "Better than England",
                TargetKind.COMPARATOR,
                comparator="england",
                comparator_relation="better",
            ),
        ),
        (
            "Better than CIPFA",
            rule(
                "Better than CIPFA",
                TargetKind.COMPARATOR,
                comparator="cipfa",
                comparator_relation="better",
            ),
        ),
        (
            "To be better than the WMCA average",
            rule(
                "To be better than the WMCA average",
                TargetKind.COMPARATOR,
                comparator="wmca average",
                comparator_relation="better",
            ),
        ),
        (
            "In line with England",
            rule(
                "In line with England",
                TargetKind.COMPARATOR,
                comparator="england",
                comparator_relation="equal",
            ),
        ),
        (
            "At or above the England average",
            rule(
                "At or above the England average",
                TargetKind.COMPARATOR,
                comparator="england average",
                comparator_relation="above_or_equal",
            ),
        ),
        (
            "At or below Statistical Neighbours",
            rule(
                "At or below Statistical Neighbours",
                TargetKind.COMPARATOR,
                comparator="statistical neighbours",
                comparator_relation="below_or_equal",
            ),
        ),
        (
            "No worse than stat neighbours",
            rule(
                "No worse than stat neighbours",
                TargetKind.COMPARATOR,
                comparator="statistical neighbours",
                comparator_relation="better_or_equal",
            ),
        ),
        # grades
        ("A", rule("A", TargetKind.GRADE, grade="A")),
        ("B", rule("B", TargetKind.GRADE, grade="B")),
        ("A+", rule("A+", TargetKind.GRADE, grade="A+")),
        ("b-", rule("b-", TargetKind.GRADE, grade="B-")),
        ("B or better", rule("B or better", TargetKind.GRADE, grade="B")),
        ("At least C", rule("At least C", TargetKind.GRADE, grade="C")),
        ("Grade A", rule("Grade A", TargetKind.GRADE, grade="A")),
    ],
)
def test_parse_target(text: str, expected: TargetRule) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    ("text", "grade"),
    [("Good", "Good"), ("good or better", "Good"), ("Outstanding", "Outstanding")],
)
def test_grade_targets_on_a_declared_scale(text: str, grade: str) -> None:
    assert parse_target(text, scale=OFSTED) == rule(text, TargetKind.GRADE, grade=grade)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("£1.2m", "£", D(1200000)),
        ("£1.2m", "£ millions", D("1.2")),
        ("<=8.5m", "millions of pounds", D("8.5")),
        ("< 8,000,000", "pounds", D(8000000)),
    ],
)
def test_threshold_values_are_read_into_the_unit(
    text: str, unit: str, value: Decimal
) -> None:
    parsed = parse_target(text, unit=unit)
    assert parsed.kind is TargetKind.THRESHOLD
    assert parsed.value == value


def test_a_threshold_at_odds_with_the_unit_is_kept_and_flagged() -> None:
    parsed = parse_target("<6%", unit="number")
    assert parsed.kind is TargetKind.THRESHOLD
    assert parsed.value == D(6)
    assert parsed.flag == "the value has a % sign but the unit is 'number'"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Increase and decrease", "it asks for two different changes at once"),
        (
            "Better than last year",
            "it compares with the metric's own earlier figure; write it as a "
            "directional or relative change target",
        ),
        (
            "Better than 2019/20",
            "it compares with the metric's own earlier figure; write it as a "
            "directional or relative change target",
        ),
        (
            "Above (worse than) England",
            "the aside '(worse than)' is not '(better than)'",
        ),
        (
            "Reduce by 5% from last year",
            "the baseline 'last year' is not a reporting period",
        ),
        ("Reduce by -5%", "a change by a negative amount"),
        ("Good", "the target's wording is not one the rules understand"),
        ("Reduce by %", "the target's wording is not one the rules understand"),
        ("Increase to lots", "the target's wording is not one the rules understand"),
        (">", "the target's wording is not one the rules understand"),
        ("Better than ???", "the target's wording is not one the rules understand"),
    ],
)
def test_unreadable_targets_are_kept_and_flagged(text: str, why: str) -> None:
    parsed = parse_target(text)
    assert parsed == TargetRule(
        text=text,
        kind=TargetKind.UNPARSED,
        flag=f"Could not read the target '{text}': {why}",
    )


# Every target text of the two sample files.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("To increase", TargetKind.DIRECTIONAL),
        ("<30", TargetKind.THRESHOLD),
        ("100%", TargetKind.THRESHOLD),
        ("8", TargetKind.THRESHOLD),
        ("N/A", TargetKind.NONE),
        ("Better than statistical neighbours", TargetKind.COMPARATOR),
        ("<12%", TargetKind.THRESHOLD),
        ("To decrease", TargetKind.DIRECTIONAL),
        ("A", TargetKind.GRADE),
        ("To be more representative of the city", TargetKind.DIRECTIONAL),
        ("None set", TargetKind.NONE),
    ],
)
def test_sample_targets(text: str, kind: TargetKind) -> None:
    assert parse_target(text).kind is kind


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("To increase", Direction.UP),
        ("To decrease", Direction.DOWN),
        ("To reduce", Direction.DOWN),
        ("To improve", None),
        ("To maintain", None),
        ("Maintain or increase", Direction.UP),
        (">70", Direction.UP),
        (">=70", Direction.UP),
        ("95%+", Direction.UP),
        ("<6%", Direction.DOWN),
        ("<=1380", Direction.DOWN),
        ("above 70", Direction.UP),
        ("below 6%", Direction.DOWN),
        ("95%", None),
        ("better than 70", None),
        ("To reduce by 5%", Direction.DOWN),
        ("Increase by 2 percentage points", Direction.UP),
        ("Improve by 5%", None),
        ("Better than statistical neighbours", None),
        ("Equal to or better than national average", None),
        ("Below (better than) national average", Direction.DOWN),
        ("Above (better than) England", Direction.UP),
        ("At or above England", Direction.UP),
        ("At or below England", Direction.DOWN),
        ("A", None),
        ("None set", None),
        ("Target not applicable", None),
        ("To be more representative of the city", None),
    ],
)
def test_direction_from_target(text: str, direction: Direction | None) -> None:
    assert direction_from_target(parse_target(text)) is direction


def test_direction_from_no_target_is_none() -> None:
    assert direction_from_target(None) is None


def test_direction_is_read_from_a_hand_built_rule() -> None:
    built = TargetRule(text="", kind=TargetKind.THRESHOLD, operator="<", value=D(5))
    assert direction_from_target(built) is Direction.DOWN


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Statistical Neighbours", "statistical neighbours"),
        ("statistical neighbour average", "statistical neighbours"),
        ("Stat. neighbours", "statistical neighbours"),
        ("SN average", "statistical neighbours"),
        ("the  West Midlands", "west midlands"),
        ("England's average", "england average"),
        ("our CIPFA nearest neighbours", "cipfa nearest neighbours"),
        ("WMCA", "wmca"),
    ],
)
def test_normalise_comparator(name: str, normalised: str) -> None:
    assert normalise_comparator(name) == normalised
