"""Choosing a method (issue 15 item 4): the rule picks each method from the series,
and a metric may set one, with a reason. Pure functions: every combination."""

import itertools
from decimal import Decimal

import pytest

from scorecard.domain.assessment import (
    METHOD_CHANGE,
    METHOD_GRADE,
    METHOD_INTERVALS,
    METHOD_NONE,
    PROGRESS_AUTO,
    PROGRESS_CHANGE_ONLY,
    MetricRule,
    Observation,
    assess,
)
from scorecard.domain.periods import ANNUAL, HALF_YEAR, MONTH, QUARTER
from scorecard.domain.readings import (
    AUTO,
    METHOD_CHOICE,
    OFF,
    TREND,
    VARIATION,
    MethodChoice,
    choice_json,
    readings,
    readings_chosen,
)
from scorecard.domain.vocabulary import Direction, Progress

D = Decimal
REASON = "The survey's intervals changed with its sample in 2022"

# frequency, trend setting, variation setting → the readings the series gets.
READINGS_TABLE = [
    (ANNUAL, AUTO, AUTO, (TREND,)),
    (ANNUAL, AUTO, OFF, (TREND,)),
    (ANNUAL, OFF, AUTO, ()),
    (ANNUAL, OFF, OFF, ()),
    (HALF_YEAR, AUTO, AUTO, ()),
    (HALF_YEAR, AUTO, OFF, ()),
    (HALF_YEAR, OFF, AUTO, ()),
    (HALF_YEAR, OFF, OFF, ()),
    (QUARTER, AUTO, AUTO, (VARIATION,)),
    (QUARTER, AUTO, OFF, ()),
    (QUARTER, OFF, AUTO, (VARIATION,)),
    (QUARTER, OFF, OFF, ()),
    (MONTH, AUTO, AUTO, (VARIATION,)),
    (MONTH, AUTO, OFF, ()),
    (MONTH, OFF, AUTO, (VARIATION,)),
    (MONTH, OFF, OFF, ()),
]


def test_the_table_covers_every_combination():
    assert {row[:3] for row in READINGS_TABLE} == set(
        itertools.product([ANNUAL, HALF_YEAR, QUARTER, MONTH], [AUTO, OFF], [AUTO, OFF])
    )


@pytest.mark.parametrize(("frequency", "trend", "variation", "chosen"), READINGS_TABLE)
def test_each_reading_is_chosen_by_the_rule_unless_the_metric_turns_it_off(
    frequency, trend, variation, chosen
):
    choice = MethodChoice(trend=trend, variation=variation, reason=REASON)
    assert readings_chosen(frequency, choice) == chosen


# progress, trend, variation → whether the metric set a method.
OVERRIDDEN_TABLE = [
    (progress, trend, variation, (progress, trend, variation) != (AUTO, AUTO, AUTO))
    for progress, trend, variation in itertools.product(
        [PROGRESS_AUTO, PROGRESS_CHANGE_ONLY], [AUTO, OFF], [AUTO, OFF]
    )
]


@pytest.mark.parametrize(("progress", "trend", "variation", "set_"), OVERRIDDEN_TABLE)
def test_the_choice_is_stored_only_when_the_metric_set_a_method(
    progress, trend, variation, set_
):
    choice = MethodChoice(
        progress=progress, trend=trend, variation=variation, reason=REASON
    )
    assert choice.overridden is set_
    if set_:
        assert choice_json(choice) == {
            "progress": progress,
            "trend": trend,
            "variation": variation,
            "reason": REASON,
        }
    else:
        assert choice_json(choice) is None


@pytest.mark.parametrize(
    "fields", [{"trend": "on"}, {"variation": "always"}, {"progress": "intervals"}]
)
def test_an_unknown_setting_is_refused(fields):
    with pytest.raises(ValueError, match="unknown"):
        MethodChoice(**fields)


def test_an_unknown_progress_method_is_refused_by_the_engine():
    with pytest.raises(ValueError, match="unknown progress method"):
        MetricRule(progress_method="intervals")


def _proportion(period, numerator):
    return Observation(
        period=period,
        text=str(numerator / 10),
        number=D(numerator) / 10,
        numerator=D(numerator),
        denominator=D(1000),
    )


def _with_interval(period, number):
    return Observation(
        period=period,
        text=str(number),
        number=D(number),
        lower_ci=D(number) - 5,
        upper_ci=D(number) + 5,
    )


def _plain(period, number):
    return Observation(period=period, text=str(number), number=D(number))


# progress setting, the figures → method, progress, code, reason ends with the
# metric's reason. 50 → 53: the intervals (given, or Wilson's from 500/1000 and
# 530/1000) overlap, so by the rule it is similar; the change alone improved.
PROGRESS_TABLE = [
    (PROGRESS_AUTO, _with_interval, METHOD_INTERVALS, "similar", "intervals_overlap"),
    (PROGRESS_AUTO, _proportion, METHOD_INTERVALS, "similar", "intervals_overlap"),
    (PROGRESS_AUTO, _plain, METHOD_CHANGE, "improved", "changed_better"),
    (PROGRESS_CHANGE_ONLY, _with_interval, METHOD_CHANGE, "improved", "changed_better"),
    (PROGRESS_CHANGE_ONLY, _proportion, METHOD_CHANGE, "improved", "changed_better"),
    (PROGRESS_CHANGE_ONLY, _plain, METHOD_CHANGE, "improved", "changed_better"),
]


@pytest.mark.parametrize(
    ("setting", "figures", "method", "progress", "code"), PROGRESS_TABLE
)
def test_the_progress_comparison_uses_intervals_only_when_left_to_the_rule(
    setting, figures, method, progress, code
):
    reason = REASON if setting != PROGRESS_AUTO else ""
    rule = MetricRule(
        direction=Direction.UP,
        unit="%",
        progress_method=setting,
        method_reason=reason,
    )
    before = figures("2023-24", 500 if figures is _proportion else 50)
    now = figures("2024-25", 530 if figures is _proportion else 53)
    found = assess(metric=rule, period="2024-25", current=now, previous=before)
    assert (found.method, found.progress.value, found.progress_code) == (
        method,
        progress,
        code,
    )
    suffix = f"; method set by the metric: {REASON}"
    assert found.progress_reason.endswith(suffix) is (setting != PROGRESS_AUTO)


@pytest.mark.parametrize(
    ("current", "previous", "method"),
    [
        (None, None, METHOD_NONE),  # not available: no comparison was made
        (_plain("2024-25", 53), None, METHOD_NONE),  # cannot say: nothing before
    ],
)
def test_no_comparison_says_nothing_of_the_metrics_method(current, previous, method):
    rule = MetricRule(
        direction=Direction.UP,
        progress_method=PROGRESS_CHANGE_ONLY,
        method_reason=REASON,
    )
    found = assess(metric=rule, period="2024-25", current=current, previous=previous)
    assert found.method == method
    assert "method set by the metric" not in found.progress_reason


def test_grades_are_compared_on_their_scale_whatever_the_setting():
    rule = MetricRule(
        direction=Direction.UP,
        unit="grade",
        scale=("A", "B", "C"),
        progress_method=PROGRESS_CHANGE_ONLY,
        method_reason=REASON,
    )
    found = assess(
        metric=rule,
        period="2024-25",
        current=Observation(period="2024-25", text="A", grade="A"),
        previous=Observation(period="2023-24", text="B", grade="B"),
    )
    assert (found.method, found.progress) == (METHOD_GRADE, Progress.IMPROVED)
    assert "method set by the metric" not in found.progress_reason


YEARS = ["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
MONTHS = [f"2024-25 M{m:02d}" for m in range(1, 13)]


@pytest.mark.parametrize(
    ("periods", "trend", "variation", "keys"),
    [
        (YEARS, AUTO, AUTO, {TREND}),
        (YEARS, OFF, AUTO, {METHOD_CHOICE}),
        (MONTHS, AUTO, AUTO, {VARIATION}),
        (MONTHS, AUTO, OFF, {METHOD_CHOICE}),
        (MONTHS, OFF, AUTO, {VARIATION, METHOD_CHOICE}),
        ([], OFF, OFF, {METHOD_CHOICE}),
        ([], AUTO, AUTO, set()),
    ],
)
def test_readings_leave_out_what_the_metric_turned_off_and_keep_its_choice(
    periods, trend, variation, keys
):
    series = [_plain(period, 50 + i) for i, period in enumerate(periods)]
    choice = MethodChoice(trend=trend, variation=variation, reason=REASON)
    found = readings(
        metric=MetricRule(direction=Direction.UP, unit="number"),
        series=series,
        direction=Direction.UP,
        choice=choice,
    )
    assert set(found) == keys
    if METHOD_CHOICE in found:
        assert found[METHOD_CHOICE]["reason"] == REASON


def test_a_change_only_set_with_no_reason_still_says_the_metric_set_it():
    rule = MetricRule(direction=Direction.UP, progress_method=PROGRESS_CHANGE_ONLY)
    found = assess(
        metric=rule,
        period="2024-25",
        current=_plain("2024-25", 53),
        previous=_plain("2023-24", 50),
    )
    assert found.progress_reason.endswith("(up is good); method set by the metric")
