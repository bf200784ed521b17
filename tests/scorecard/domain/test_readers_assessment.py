"""Target status for the target kinds read from what councils write: ranges,
several comparators at once, gaps to close, levels for several parts together
and changes due by a year. Every outcome has its reason code tested."""

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.assessment import (
    MetricRule,
    Observation,
    assess,
    assess_target,
)
from scorecard.domain.targets import TargetKind, TargetRule, parse_target
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus

D = Decimal
UP, DOWN, NO_DIRECTION = Direction.UP, Direction.DOWN, Direction.NONE
ON, OFF = TargetStatus.ON_TARGET, TargetStatus.OFF_TARGET
NO_TARGET, NOT_AVAILABLE = TargetStatus.NO_TARGET, TargetStatus.NOT_AVAILABLE
THIS_YEAR, LAST_YEAR = "2018-19", "2017-18"
GAP_UNIT = "% difference between same group nationally"


def metric(direction: Direction = NO_DIRECTION, unit: str = "%") -> MetricRule:
    return MetricRule(direction=direction, unit=unit)


def now(text: str, unit: str = "%") -> Observation:
    return Observation.from_text(THIS_YEAR, text, unit=unit)


def then(text: str, unit: str = "%") -> Observation:
    return Observation.from_text(LAST_YEAR, text, unit=unit)


def judged(
    rule: MetricRule,
    text: str,
    current: Observation | None,
    *,
    previous: Observation | None = None,
    comparator: Observation | None = None,
    comparators: Mapping[str, Observation | None] | None = None,
    earlier_comparator: Observation | None = None,
    parts: Mapping[str, Observation | None] | None = None,
) -> tuple[TargetStatus, str, str, tuple[str, ...]]:
    """(status, code, reason, flags) from assess, which carries the reason code."""
    found = assess(
        metric=rule,
        period=THIS_YEAR,
        current=current,
        previous=previous,
        target=parse_target(text, unit=rule.unit),
        comparator=comparator,
        comparators=comparators,
        earlier_comparator=earlier_comparator,
        parts=parts,
    )
    return found.target_status, found.target_code, found.target_reason, found.flags


# --- ranges -----------------------------------------------------------------------

USERS = "3,100 to 3,500 users"
RATE = "rate per 100,000 population"
RATE_RANGE = "3,200 to 3,800 users (approx. 1,000 to 1,200 per 100,000 population)"


@pytest.mark.parametrize(
    ("rule", "text", "value", "status", "code", "reason"),
    [
        # the 2018-19 file: 3287 users, on target
        (metric(unit="number"), USERS, "3287", ON, "range_met",
         "On target: 3287 is within the range 3100 to 3500"),
        (metric(unit="number"), USERS, "3100", ON, "range_met",
         "On target: 3100 is within the range 3100 to 3500"),
        (metric(unit="number"), USERS, "3500", ON, "range_met",
         "On target: 3500 is within the range 3100 to 3500"),
        (metric(unit="number"), USERS, "3,099", OFF, "range_missed",
         "Off target: 3,099 is below the range 3100 to 3500"),
        (metric(unit="number"), USERS, "3631", OFF, "range_missed",
         "Off target: 3631 is above the range 3100 to 3500"),
        # the 2017-18 file: a rate of 1168 against the range in the metric's rate
        (metric(unit=RATE), RATE_RANGE, "1168", ON, "range_met",
         "On target: 1168 is within the range 1000 to 1200"),
        (metric(UP, "%"), "between 70% and 80%", "69.9", OFF, "range_missed",
         "Off target: 69.9% is below the range 70% to 80%"),
        # a range needs no good direction
        (metric(UP, "%"), "70-80%", "75", ON, "range_met",
         "On target: 75% is within the range 70% to 80%"),
    ],
)  # fmt: skip
def test_a_range_is_met_inside_its_ends_inclusive(
    rule: MetricRule,
    text: str,
    value: str,
    status: TargetStatus,
    code: str,
    reason: str,
) -> None:
    found = judged(rule, text, now(value, rule.unit))
    assert found[:3] == (status, code, reason)


def test_a_range_with_no_ends_is_no_target_and_flagged() -> None:
    status, reason, flags = assess_target(
        metric=metric(unit="number"),
        target=TargetRule("3,100 to ?", TargetKind.RANGE, value=D(3100)),
        progress=Progress.SIMILAR,
        current=now("3200", "number"),
    )
    assert (status, reason) == (
        NO_TARGET,
        "No target set: the range '3,100 to ?' has no ends",
    )
    assert flags == ("The range target '3,100 to ?' has no ends",)


def test_a_range_with_no_current_value_is_not_available() -> None:
    found = judged(metric(unit="number"), USERS, None)
    assert found[:2] == (NOT_AVAILABLE, "no_current_value")


@given(
    low=st.integers(min_value=-1000, max_value=1000),
    width=st.integers(min_value=0, max_value=1000),
    value=st.integers(min_value=-3000, max_value=3000),
)
def test_a_range_is_on_target_exactly_when_low_le_value_le_high(
    low: int, width: int, value: int
) -> None:
    status, _, _ = assess_target(
        metric=metric(unit="number"),
        target=parse_target(f"{low} to {low + width}", unit="number"),
        progress=Progress.SIMILAR,
        current=now(str(value), "number"),
    )
    assert (status is ON) is (low <= value <= low + width)


# --- several comparators at once ----------------------------------------------------

BOTH = "Below (better than) National average and Statistical Neighbours"


def figures(national: str | None, neighbours: str | None) -> dict[str, Observation]:
    found = {}
    if national is not None:
        found["national average"] = now(national)
    if neighbours is not None:
        found["statistical neighbours"] = now(neighbours)
    return found


@pytest.mark.parametrize(
    ("value", "national", "neighbours", "status", "code", "reason"),
    [
        ("5.0", "6.0", "6.4", ON, "comparators_met",
         "On target: 5.0% is below national average (6.0%, 2018-19) and below "
         "statistical neighbours (6.4%, 2018-19)"),
        ("6.2", "6.0", "6.4", OFF, "comparators_missed",
         f"Off target: 6.2% is above national average (6.0%, 2018-19) and below "
         f"statistical neighbours (6.4%, 2018-19); '{BOTH}' needs every "
         "comparator to hold"),
        ("6.0", "6.0", "6.4", OFF, "comparators_missed",
         f"Off target: 6.0% is level with national average (6.0%, 2018-19) and "
         f"below statistical neighbours (6.4%, 2018-19); '{BOTH}' needs every "
         "comparator to hold"),
        # one missed is enough to be off target, even with the other unknown
        ("6.2", "6.0", None, OFF, "comparators_missed",
         f"Off target: 6.2% is above national average (6.0%, 2018-19); '{BOTH}' "
         "needs every comparator to hold (no figure for statistical neighbours)"),
        # one met and the other unknown cannot be told
        ("5.0", "6.0", None, NOT_AVAILABLE, "no_comparator_figure",
         f"Not available: no figure for statistical neighbours to test '{BOTH}'"),
        ("5.0", None, None, NOT_AVAILABLE, "no_comparator_figure",
         f"Not available: no figure for national average to test '{BOTH}'"),
    ],
)  # fmt: skip
def test_two_comparators_must_both_hold(
    value: str,
    national: str | None,
    neighbours: str | None,
    status: TargetStatus,
    code: str,
    reason: str,
) -> None:
    found = judged(
        metric(DOWN), BOTH, now(value), comparators=figures(national, neighbours)
    )
    assert found[:3] == (status, code, reason)


def test_the_first_comparator_may_come_from_the_single_comparator_argument() -> None:
    found = judged(
        metric(DOWN),
        BOTH,
        now("5.0"),
        comparator=now("6.0"),
        comparators={"statistical neighbours": now("6.4")},
    )
    assert found[:2] == (ON, "comparators_met")


def test_without_the_other_comparators_figures_the_rule_is_not_available() -> None:
    # A caller that passes only `comparator` (as before) never gets a verdict that
    # tested one comparator of two.
    found = judged(metric(DOWN), BOTH, now("5.0"), comparator=now("6.0"))
    assert found[:2] == (NOT_AVAILABLE, "no_comparator_figure")


def test_several_better_than_comparators_need_a_direction() -> None:
    text = "Better than national average and statistical neighbours"
    found = judged(metric(), text, now("5"), comparators=figures("6", "7"))
    assert found[:2] == (NO_TARGET, "comparator_ambiguous")
    assert found[3] == (
        f"The target '{text}' needs a good direction to say what is better than "
        "national average, and the metric has none",
    )


def test_a_comparator_figure_of_an_earlier_period_is_named_in_the_reason() -> None:
    found = judged(
        metric(DOWN),
        BOTH,
        now("5.0"),
        comparators={
            "national average": then("6.0"),
            "statistical neighbours": now("6.4"),
        },
    )
    assert found[2] == (
        "On target: 5.0% is below national average (6.0%, 2017-18, its latest "
        "figure; none yet for 2018-19) and below statistical neighbours (6.4%, "
        "2018-19)"
    )
    assert found[3] == ()


@pytest.mark.parametrize(
    ("text", "value", "national", "status"),
    [
        # the 2017-18 and 2018-19 files: pupils at good/outstanding schools
        ("National average", "95", "87", ON),
        ("National average", "74", "83", OFF),
        ("National average", "80", "80", ON),
        ("Better or equal to national average", "80", "80", ON),
        ("Less than national average", "5.4", "6.0", ON),
        ("Less than or equal to National average", "0.03", "0.03", ON),
    ],
)
def test_single_comparator_wordings_from_the_files(
    text: str, value: str, national: str, status: TargetStatus
) -> None:
    direction = DOWN if text.startswith("Less") else UP
    found = judged(metric(direction), text, now(value), comparator=now(national))
    assert found[0] is status


# --- a gap to close -----------------------------------------------------------------

GAP = "Reduce gap with same group nationally"


@pytest.mark.parametrize(
    ("before", "after", "status", "code", "reason"),
    [
        # rows of the 2017-18 half-year file (high is good), with its verdicts
        ("-5", "-3", ON, "gap_narrowed",
         "On target: the gap with same group nationally narrowed from -5 "
         "percentage points to -3 percentage points (2017-18 to 2018-19)"),
        ("-13", "-22", OFF, "gap_widened",
         "Off target: the gap with same group nationally widened from -13 "
         "percentage points to -22 percentage points (2017-18 to 2018-19)"),
        ("7", "-8", OFF, "gap_widened",
         "Off target: the gap with same group nationally widened from +7 "
         "percentage points to -8 percentage points (2017-18 to 2018-19)"),
        ("-4", "2", ON, "gap_closed",
         "On target: the gap with same group nationally is closed: +2 percentage "
         "points, better than it (-4 percentage points in 2017-18)"),
        ("16", "5", ON, "gap_closed",
         "On target: the gap with same group nationally is closed: +5 percentage "
         "points, better than it (+16 percentage points in 2017-18)"),
        ("-2", "0", ON, "gap_closed",
         "On target: the gap with same group nationally is closed: 0 percentage "
         "points, level with it (-2 percentage points in 2017-18)"),
        # the file's 'Similar/unchanged' (a progress word) is off target here
        ("-5", "-5", OFF, "gap_unchanged",
         "Off target: the gap with same group nationally is unchanged at -5 "
         "percentage points (2017-18 to 2018-19)"),
    ],
)  # fmt: skip
def test_a_gap_that_is_the_metrics_own_figure_must_narrow(
    before: str, after: str, status: TargetStatus, code: str, reason: str
) -> None:
    found = judged(
        metric(UP, GAP_UNIT), GAP, now(after, GAP_UNIT), previous=then(before, GAP_UNIT)
    )
    assert found[:3] == (status, code, reason)


@pytest.mark.parametrize(
    ("before", "after", "status", "code"),
    [
        ("-5", "3", ON, "gap_narrowed"),  # 5 away, now 3 away
        ("-3", "5", OFF, "gap_widened"),
        ("4", "-4", OFF, "gap_unchanged"),
        ("4", "0", ON, "gap_closed"),
    ],
)
def test_without_a_direction_a_gap_is_its_size_either_side(
    before: str, after: str, status: TargetStatus, code: str
) -> None:
    found = judged(
        metric(NO_DIRECTION, GAP_UNIT),
        GAP,
        now(after, GAP_UNIT),
        previous=then(before, GAP_UNIT),
    )
    assert found[:2] == (status, code)


CLOSE = "Close the gap with national average"


@pytest.mark.parametrize(
    ("direction", "values", "status", "code", "reason"),
    [
        (UP, ("60", "70", "64", "71"), ON, "gap_narrowed",
         "On target: the gap with national average narrowed from -10 percentage "
         "points to -7 percentage points (2017-18 to 2018-19)"),
        (UP, ("60", "70", "62", "74"), OFF, "gap_widened",
         "Off target: the gap with national average widened from -10 percentage "
         "points to -12 percentage points (2017-18 to 2018-19)"),
        (UP, ("60", "70", "72", "71"), ON, "gap_closed",
         "On target: the gap with national average is closed: +1 percentage "
         "points, better than it (-10 percentage points in 2017-18)"),
        (DOWN, ("9", "6", "8", "6"), ON, "gap_narrowed",
         "On target: the gap with national average narrowed from +3 percentage "
         "points to +2 percentage points (2017-18 to 2018-19)"),
    ],
)  # fmt: skip
def test_a_gap_with_a_comparators_figures_is_the_value_less_the_comparator(
    direction: Direction,
    values: tuple[str, str, str, str],
    status: TargetStatus,
    code: str,
    reason: str,
) -> None:
    metric_before, comparator_before, metric_now, comparator_now = values
    found = judged(
        metric(direction),
        CLOSE,
        now(metric_now),
        previous=then(metric_before),
        comparator=now(comparator_now),
        earlier_comparator=then(comparator_before),
    )
    assert found[:3] == (status, code, reason)


def test_a_gap_needs_an_earlier_value() -> None:
    found = judged(metric(UP, GAP_UNIT), GAP, now("-3", GAP_UNIT))
    assert found[:3] == (
        NOT_AVAILABLE,
        "gap_no_earlier_value",
        "Not available: no earlier value to tell whether the gap with same group "
        f"nationally narrowed ('{GAP}')",
    )


def test_a_gap_with_a_comparator_needs_its_figure_now_and_earlier() -> None:
    missing_now = judged(metric(UP), CLOSE, now("64"), previous=then("60"))
    assert missing_now[:3] == (
        NOT_AVAILABLE,
        "no_comparator_figure",
        f"Not available: no figure for national average to test '{CLOSE}'",
    )
    missing_earlier = judged(
        metric(UP), CLOSE, now("64"), previous=then("60"), comparator=now("71")
    )
    assert missing_earlier[:3] == (
        NOT_AVAILABLE,
        "gap_no_earlier_comparator_figure",
        "Not available: no figure for national average for 2017-18 to tell whether "
        f"the gap narrowed ('{CLOSE}')",
    )


def test_an_earlier_comparator_figure_of_another_period_is_flagged() -> None:
    found = judged(
        metric(UP),
        CLOSE,
        now("64"),
        previous=then("60"),
        comparator=now("71"),
        earlier_comparator=Observation("2016-17", "70"),
    )
    assert found[0] is ON
    assert found[3] == (
        "The earlier national average figure is for 2016-17, the metric's earlier "
        "value for 2017-18",
    )


@given(
    before=st.integers(min_value=-50, max_value=50),
    after=st.integers(min_value=-50, max_value=50),
)
def test_a_gap_is_on_target_when_the_shortfall_shrinks_or_is_gone(
    before: int, after: int
) -> None:
    status, _, _ = assess_target(
        metric=metric(UP, GAP_UNIT),
        target=parse_target(GAP, unit=GAP_UNIT),
        progress=Progress.SIMILAR,
        current=now(str(after), GAP_UNIT),
        baseline=then(str(before), GAP_UNIT),
    )
    assert (status is ON) is (after >= 0 or after > before)


# --- a level for several parts together ---------------------------------------------

PARTS = "A&B = 100%"


@pytest.mark.parametrize(
    ("a", "b", "status", "code", "reason"),
    [
        # the 2021-22 file: Grade A 1%, Grade B 96%, both off target
        ("1", "96", OFF, "parts_missed",
         "Off target: A and B together: 97% is not in line with 100% (A 1% "
         "(2018-19), B 96% (2018-19))"),
        ("4", "96", ON, "parts_met",
         "On target: A and B together: 100% is in line with 100% (A 4% (2018-19), "
         "B 96% (2018-19))"),
    ],
)  # fmt: skip
def test_a_level_for_parts_together_tests_their_sum(
    a: str, b: str, status: TargetStatus, code: str, reason: str
) -> None:
    found = judged(metric(UP), PARTS, now(a), parts={"A": now(a), "B": now(b)})
    assert found[:3] == (status, code, reason)


def test_a_level_for_parts_without_their_figures_is_not_guessed() -> None:
    # Grade A's own 1% is not tested against a level meant for A and B together.
    found = judged(metric(UP), PARTS, now("1"))
    assert found[:3] == (
        NOT_AVAILABLE,
        "parts_not_given",
        f"Not available: '{PARTS}' is a level for A and B together, and their "
        "figures were not given",
    )
    assert found[3] == (
        f"The target '{PARTS}' is a level for A and B together; it needs their "
        "figures, not this metric's alone",
    )


def test_a_level_for_parts_with_one_missing_is_not_available() -> None:
    found = judged(metric(UP), PARTS, now("1"), parts={"A": now("1"), "B": None})
    assert found[:3] == (
        NOT_AVAILABLE,
        "no_part_figure",
        f"Not available: no figure for B to test '{PARTS}'",
    )


def test_a_level_for_parts_reads_its_operator_as_a_threshold_does() -> None:
    both = {"A": now("50"), "B": now("40")}
    # "= 100%" with no good direction is as ambiguous as "In line with 100%".
    ambiguous = judged(metric(), PARTS, now("50"), parts=both)
    assert ambiguous[:2] == (NO_TARGET, "threshold_ambiguous")
    assert judged(metric(), "A & B >= 90%", now("50"), parts=both)[:2] == (
        ON,
        "parts_met",
    )
    assert judged(metric(), "A & B > 90%", now("50"), parts=both)[:2] == (
        OFF,
        "parts_missed",
    )


# --- due by a year ------------------------------------------------------------------


def test_a_level_due_by_a_year_is_tested_now_and_says_when_it_is_due() -> None:
    # The 2016-17 half year: 34.2% recycled against '50 by 2020', off target.
    found = judged(metric(UP), "50 by 2020", now("34.2"))
    assert found[:3] == (
        OFF,
        "threshold_missed",
        "Off target: 34.2% is below 50% (the target is due by 2020)",
    )


def test_a_change_due_by_a_year_with_no_baseline_named_is_not_guessed() -> None:
    text = "reduction of 35% by 2020"
    found = judged(
        metric(DOWN, "tonnes"),
        text,
        now("10690", "tonnes"),
        previous=then("14833", "tonnes"),
    )
    assert found[:3] == (
        NOT_AVAILABLE,
        "change_no_baseline_named",
        f"Not available: '{text}' names no baseline period to measure the change from",
    )
    assert found[3] == (
        f"The target '{text}' is due by 2020 but names no baseline period to "
        "measure the change from; set one to test it",
    )


def test_a_change_due_by_a_year_from_a_named_baseline_is_tested() -> None:
    text = "reduction of 35% from 2017/18 by 2020/21"
    found = judged(
        metric(DOWN, "tonnes"),
        text,
        now("9000", "tonnes"),
        previous=then("14833", "tonnes"),
    )
    assert found[:2] == (ON, "change_met")
    assert found[2].endswith("(the target is due by 2020/21)")


# --- readings flagged from the target's words --------------------------------------


def test_a_level_in_another_measure_is_tested_and_flagged() -> None:
    # The 2023-24 file: nitrogen dioxide, unit '%', within 40 micrograms.
    text = "Within legal limit of 40 micrograms per cubic metre"
    found = judged(metric(DOWN), text, now("1"), previous=then("2"))
    assert found[:3] == (ON, "threshold_met", "On target: 1% meets 40% or less")
    assert found[3] == (
        "the target is in 'micrograms per cubic metre' but the metric's unit is '%'",
    )
