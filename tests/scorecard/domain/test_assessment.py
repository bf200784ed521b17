from decimal import Decimal

import pytest

from scorecard.domain.assessment import (
    Assessment,
    MetricRule,
    Observation,
    Summary,
    assess,
    assess_progress,
    assess_target,
    comparison_period,
    comparison_periods,
    effective_direction,
    summarise,
    summary_sentence,
)
from scorecard.domain.targets import TargetKind, TargetRule, parse_target
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus

D = Decimal
UP, DOWN, NO_DIRECTION = Direction.UP, Direction.DOWN, Direction.NONE
IMPROVED, SIMILAR, GOT_WORSE = Progress.IMPROVED, Progress.SIMILAR, Progress.GOT_WORSE
CANNOT_SAY, NOT_AVAILABLE = Progress.CANNOT_SAY, Progress.NOT_AVAILABLE
ON, OFF = TargetStatus.ON_TARGET, TargetStatus.OFF_TARGET
NO_TARGET, NOT_APPLICABLE = TargetStatus.NO_TARGET, TargetStatus.NOT_APPLICABLE
NO_VALUE = TargetStatus.NOT_AVAILABLE
OFSTED = ("Outstanding", "Good", "Requires improvement", "Inadequate")
LETTERS = "A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D-, E, F"

THIS_YEAR, LAST_YEAR = "2024-25", "2023-24"


def metric(
    direction: Direction = NO_DIRECTION, unit: str = "%", **fields: object
) -> MetricRule:
    return MetricRule(direction=direction, unit=unit, **fields)  # type: ignore[arg-type]


def now(text: str, unit: str = "%", **fields: object) -> Observation:
    return Observation.from_text(THIS_YEAR, text, unit=unit, **fields)  # type: ignore[arg-type]


def then(text: str, unit: str = "%", **fields: object) -> Observation:
    return Observation.from_text(LAST_YEAR, text, unit=unit, **fields)  # type: ignore[arg-type]


def target(
    text: str | None, unit: str = "%", scale: tuple[str, ...] | None = None
) -> TargetRule | None:
    return None if text is None else parse_target(text, unit=unit, scale=scale)


# --- effective direction -------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "target_text", "direction"),
    [
        (metric(UP), "<6%", UP),  # the metric's own direction wins
        (metric(DOWN), None, DOWN),
        (metric(), "<6%", DOWN),
        (metric(), ">70", UP),
        (metric(), "To increase", UP),
        (metric(), "To reduce", DOWN),
        (metric(), "Below (better than) national average", DOWN),
        (metric(), "95%", NO_DIRECTION),
        (metric(), "To improve", NO_DIRECTION),
        (metric(), "Better than statistical neighbours", NO_DIRECTION),
        (metric(), None, NO_DIRECTION),
        (metric(), "A", UP),  # a grade target orders by its scale
        (metric(scale=OFSTED), None, UP),
    ],
)
def test_effective_direction(
    rule: MetricRule, target_text: str | None, direction: Direction
) -> None:
    assert effective_direction(rule, target(target_text)) is direction


# --- progress ------------------------------------------------------------------

Case = tuple[
    MetricRule,
    Observation | None,
    Observation | None,
    str | None,
    Observation | None,
    Progress,
    str,
]

PROGRESS_CASES: dict[str, Case] = {
    # Rule 1: no value for the period
    "no current value": (
        metric(UP), None, then("50"), None, None, NOT_AVAILABLE,
        "Not available: no value for 2024-25",
    ),
    "only an older value": (
        metric(UP), Observation.from_text(LAST_YEAR, "50"), None, None, None,
        NOT_AVAILABLE, "Not available: no value for 2024-25; the latest is for 2023-24",
    ),
    "a half-year value is older than the year": (
        metric(UP), Observation.from_text("2024-25 H1", "50"), then("40"), None, None,
        NOT_AVAILABLE, "Not available: no value for 2024-25; the latest is for "
        "2024-25 H1",
    ),
    "an empty cell": (
        metric(UP), now(""), then("50"), None, None, NOT_AVAILABLE,
        "Not available: no value for 2024-25",
    ),
    "an N/A cell": (
        metric(UP), now("N/A"), then("50"), None, None, NOT_AVAILABLE,
        "Not available: no value for 2024-25 (written 'N/A')",
    ),
    "rule 1 comes before rule 2": (
        metric(), None, None, None, None, NOT_AVAILABLE,
        "Not available: no value for 2024-25",
    ),
    # Rule 2: cannot say
    "no good direction": (
        metric(), now("55"), then("50"), None, None, CANNOT_SAY,
        "Cannot say: the metric has no good direction",
    ),
    "a bare level gives no direction": (
        metric(), now("55"), then("50"), "95%", None, CANNOT_SAY,
        "Cannot say: the metric has no good direction",
    ),
    "no previous value": (
        metric(UP), now("55"), None, None, None, CANNOT_SAY,
        "Cannot say: no previous value",
    ),
    "an empty previous value": (
        metric(UP), now("55"), then(""), None, None, CANNOT_SAY,
        "Cannot say: no previous value",
    ),
    "breakdowns cannot be ordered": (
        metric(UP), now("Female - 66.8 Male - 33.2"), then("Female - 66.4 Male - 33.6"),
        None, None, CANNOT_SAY,
        "Cannot say: 'Female - 66.4 Male - 33.6' and 'Female - 66.8 Male - 33.2' "
        "cannot be ordered",
    ),
    "free text cannot be ordered": (
        metric(UP), now("about the same"), then("50"), None, None, CANNOT_SAY,
        "Cannot say: '50' and 'about the same' cannot be ordered",
    ),
    "a grade and a number cannot be ordered": (
        metric(UP), now("B"), then("50"), None, None, CANNOT_SAY,
        "Cannot say: '50' and 'B' cannot be ordered",
    ),
    "a grade off the declared scale cannot be ordered": (
        metric(unit="rating", scale=OFSTED), now("Good", "rating"), then("A", "rating"),
        None, None, CANNOT_SAY, "Cannot say: 'A' and 'Good' cannot be ordered",
    ),
    # Direction read from the target when the metric has none
    "direction from 'To increase'": (
        metric(unit="number"), now("2455", "number"), then("2310", "number"),
        "To increase", None, IMPROVED, "Improved: 2310 → 2455 (up is good)",
    ),
    "direction from '<12%'": (
        metric(), now("11"), then("12"), "<12%", None, IMPROVED,
        "Improved: 12% → 11% (down is good)",
    ),
    # Rule 3: overlapping confidence intervals
    "given intervals overlap": (
        metric(UP), now("74.7", lower_ci=D("72.0"), upper_ci=D("77.4")),
        then("72.2", lower_ci=D("70.0"), upper_ci=D("74.4")), None, None, SIMILAR,
        "Similar: confidence intervals overlap (72.2% [70.00–74.40] and 74.7% "
        "[72.00–77.40], 95%)",
    ),
    "given intervals apart": (
        metric(UP), now("80", lower_ci=D("78"), upper_ci=D("82")),
        then("72.2", lower_ci=D("70.0"), upper_ci=D("74.4")), None, None, IMPROVED,
        "Improved: 72.2% → 80% (up is good)",
    ),
    "Wilson intervals from counts overlap": (
        metric(UP), now("21 out of 43"), then("19 out of 41"), None, None, SIMILAR,
        "Similar: confidence intervals overlap (19 out of 41 [32.06–61.25] and 21 "
        "out of 43 [34.62–63.25], 95%)",
    ),
    "Wilson intervals from counts apart": (
        metric(UP), now("200 out of 1000"), then("100 out of 1000"), None, None,
        IMPROVED, "Improved: 100 out of 1000 → 200 out of 1000 (up is good)",
    ),
    "Poisson intervals on counts overlap": (
        metric(UP, "number", statistic="count"), now("15", "number"),
        then("10", "number"), None, None, SIMILAR,
        "Similar: confidence intervals overlap (10 [4.80–18.39] and 15 [8.40–24.74], "
        "95%)",
    ),
    "Poisson intervals on counts apart": (
        metric(UP, "number", statistic="count"), now("30", "number"),
        then("10", "number"), None, None, IMPROVED, "Improved: 10 → 30 (up is good)",
    ),
    "a 99% level widens the intervals until they overlap": (
        metric(UP, "number", statistic="count", confidence_level=D("0.99")),
        now("30", "number"), then("10", "number"), None, None, SIMILAR,
        "Similar: confidence intervals overlap (10 [3.72–21.40] and 30 [17.77–47.21], "
        "99%)",
    ),
    "rate intervals scale the numerator's interval": (
        metric(DOWN, "rate per 1,000 population"),
        Observation(THIS_YEAR, "2.0", number=D("2.0"), numerator=D(20),
                    denominator=D(10000)),
        Observation(LAST_YEAR, "4.0", number=D("4.0"), numerator=D(40),
                    denominator=D(10000)),
        None, None, SIMILAR,
        "Similar: confidence intervals overlap (4.0 [2.86–5.45] and 2.0 [1.22–3.09], "
        "95%)",
    ),
    "a zero rate takes its interval from the unit and denominator": (
        metric(DOWN, "rate per 1,000 population", statistic="rate"),
        Observation(THIS_YEAR, "0", number=D(0), numerator=D(0), denominator=D(10000)),
        Observation(LAST_YEAR, "2.0", number=D("2.0"), numerator=D(20),
                    denominator=D(10000)),
        None, None, IMPROVED, "Improved: 2.0 → 0 (down is good)",
    ),
    "only one interval: rule 4 decides": (
        metric(UP), now("74.7", lower_ci=D("72.0"), upper_ci=D("77.4")), then("72.2"),
        None, None, IMPROVED, "Improved: 72.2% → 74.7% (up is good)",
    ),
    "statistic 'none' ignores counts": (
        metric(UP, statistic="none"), now("21 out of 43"), then("19 out of 41"), None,
        None, IMPROVED, "Improved: 19 out of 41 → 21 out of 43 (up is good)",
    ),
    "a proportion out of zero has no interval": (
        metric(UP, statistic="proportion"),
        Observation(THIS_YEAR, "50", number=D(50), numerator=D(1), denominator=D(0)),
        Observation(LAST_YEAR, "40", number=D(40), numerator=D(2), denominator=D(5)),
        None, None, IMPROVED, "Improved: 40% → 50% (up is good)",
    ),
    "Wilson intervals in a rate's unit": (
        metric(DOWN, "rate per 1,000 population", statistic="proportion"),
        Observation(THIS_YEAR, "2.0", number=D("2.0"), numerator=D(20),
                    denominator=D(10000)),
        Observation(LAST_YEAR, "4.0", number=D("4.0"), numerator=D(40),
                    denominator=D(10000)),
        None, None, SIMILAR,
        "Similar: confidence intervals overlap (4.0 [2.94–5.44] and 2.0 [1.30–3.09], "
        "95%)",
    ),
    "Wilson intervals as proportions": (
        metric(UP, "proportion", statistic="proportion"),
        Observation(THIS_YEAR, "0.5", number=D("0.5"), numerator=D(50),
                    denominator=D(100)),
        Observation(LAST_YEAR, "0.45", number=D("0.45"), numerator=D(45),
                    denominator=D(100)),
        None, None, SIMILAR,
        "Similar: confidence intervals overlap (0.45 [0.356–0.548] and 0.5 "
        "[0.404–0.596], 95%)",
    ),
    "a count larger than its total has no Wilson interval": (
        metric(UP, statistic="proportion"),
        Observation(THIS_YEAR, "50", number=D(50), numerator=D(5), denominator=D(4)),
        Observation(LAST_YEAR, "40", number=D(40), numerator=D(2), denominator=D(5)),
        None, None, IMPROVED, "Improved: 40% → 50% (up is good)",
    ),
    "a negative count has no Poisson interval": (
        metric(UP, "number", statistic="count"), now("-3", "number"),
        then("-5", "number"), None, None, IMPROVED, "Improved: -5 → -3 (up is good)",
    ),
    "a rate with no numerator has no interval": (
        metric(UP, "rate per 1,000 population", statistic="rate"),
        now("3", "rate"), then("2", "rate"), None, None, IMPROVED,
        "Improved: 2 → 3 (up is good)",
    ),
    "a zero rate with no unit base has no interval": (
        metric(DOWN, "number", statistic="rate"),
        Observation(THIS_YEAR, "0", number=D(0), numerator=D(0), denominator=D(100)),
        Observation(LAST_YEAR, "1", number=D(1), numerator=D(1), denominator=D(100)),
        None, None, IMPROVED, "Improved: 1 → 0 (down is good)",
    ),
    "bounds in thousands": (
        metric(UP, "number"),
        now("1500", "number", lower_ci=D(1400), upper_ci=D(1600)),
        then("1450", "number", lower_ci=D(1350), upper_ci=D(1550)), None, None,
        SIMILAR,
        "Similar: confidence intervals overlap (1450 [1,350–1,550] and 1500 "
        "[1,400–1,600], 95%)",
    ),
    "bounds in hundreds": (
        metric(UP, "number"),
        now("150", "number", lower_ci=D(140), upper_ci=D(160)),
        then("145", "number", lower_ci=D(135), upper_ci=D(155)), None, None,
        SIMILAR,
        "Similar: confidence intervals overlap (145 [135.0–155.0] and 150 "
        "[140.0–160.0], 95%)",
    ),
    "values given only as numbers": (
        metric(UP), Observation(THIS_YEAR, "", number=D(5)),
        Observation(LAST_YEAR, "", number=D("4.5")), None, None, IMPROVED,
        "Improved: 4.5% → 5% (up is good)",
    ),
    # Rule 4: the similarity band
    "up and rising": (
        metric(UP, "number"), now("2455", "number"), then("2310", "number"), None,
        None, IMPROVED, "Improved: 2310 → 2455 (up is good)",
    ),
    "up and falling": (
        metric(UP), now("61.5"), then("62.4"), None, None, GOT_WORSE,
        "Got worse: 62.4% → 61.5% (up is good)",
    ),
    "down and falling": (
        metric(DOWN, "pounds"), now("7,020,118", "pounds"), then("7,911,450", "pounds"),
        None, None, IMPROVED, "Improved: 7,911,450 → 7,020,118 (down is good)",
    ),
    "down and rising": (
        metric(DOWN, "days per full-time equivalent"), now("11.2", "days"),
        then("10.6", "days"), None, None, GOT_WORSE,
        "Got worse: 10.6 → 11.2 (down is good)",
    ),
    "unchanged with no band": (
        metric(DOWN), now("10.4"), then("10.4"), None, None, SIMILAR,
        "Similar: unchanged at 10.4%",
    ),
    "unchanged however written": (
        metric(UP, "number"), now("30.90", "number"), then("30.9", "number"), None,
        None, SIMILAR, "Similar: unchanged at 30.90",
    ),
    "inside an absolute band": (
        metric(UP, similarity_band=D("0.5")), now("72.3"), then("72.2"), None, None,
        SIMILAR, "Similar: 72.2% → 72.3%, within the similarity band of ±0.5",
    ),
    "on the edge of the band counts as inside": (
        metric(UP, similarity_band=D("0.5")), now("72.7"), then("72.2"), None, None,
        SIMILAR, "Similar: 72.2% → 72.7%, within the similarity band of ±0.5",
    ),
    "outside an absolute band": (
        metric(UP, similarity_band=D("0.5")), now("74.7"), then("72.2"), None, None,
        IMPROVED,
        "Improved: 72.2% → 74.7% (up is good), outside the similarity band of ±0.5",
    ),
    "outside the band the wrong way": (
        metric(UP, similarity_band=D("0.5")), now("71.6"), then("72.2"), None, None,
        GOT_WORSE,
        "Got worse: 72.2% → 71.6% (up is good), outside the similarity band of ±0.5",
    ),
    "inside a relative band": (
        metric(UP, "number", similarity_band=D("0.05"), similarity_relative=True),
        now("104", "number"), then("100", "number"), None, None, SIMILAR,
        "Similar: 100 → 104, within the similarity band of ±5% of the previous value "
        "(±5)",
    ),
    "outside a relative band": (
        metric(DOWN, "number", similarity_band=D("0.05"), similarity_relative=True),
        now("106", "number"), then("100", "number"), None, None, GOT_WORSE,
        "Got worse: 100 → 106 (down is good), outside the similarity band of ±5% of "
        "the previous value (±5)",
    ),
    # Grades, ordered by their scale
    "a grade falls": (
        metric(unit="rating"), now("B", "rating"), then("A-", "rating"), "A", None,
        GOT_WORSE, f"Got worse: A- → B on the scale {LETTERS}",
    ),
    "a grade rises": (
        metric(UP, "rating"), now("A-", "rating"), then("B", "rating"), None, None,
        IMPROVED, f"Improved: B → A- on the scale {LETTERS}",
    ),
    "grades carry their direction with no target": (
        metric(unit="rating"), now("C", "rating"), then("B", "rating"), None, None,
        GOT_WORSE, f"Got worse: B → C on the scale {LETTERS}",
    ),
    "a grade holds": (
        metric(UP, "rating"), now("B", "rating"), then("B", "rating"), None, None,
        SIMILAR, "Similar: unchanged at B",
    ),
    "a declared scale": (
        metric(unit="Ofsted judgement", scale=OFSTED),
        Observation.from_text(THIS_YEAR, "Good", scale=OFSTED),
        Observation.from_text(LAST_YEAR, "Requires improvement", scale=OFSTED),
        None, None, IMPROVED,
        "Improved: Requires improvement → Good on the scale Outstanding, Good, "
        "Requires improvement, Inadequate",
    ),
    # Rule 5: improved, or target already achieved
    "a met threshold inside the band": (
        metric(), now("10.4"), then("10.4"), "<12%", None, IMPROVED,
        "Improved (target already achieved): 10.4% is below 12%",
    ),
    "an unmet threshold inside the band": (
        metric(), now("10.4"), then("10.4"), "<10%", None, SIMILAR,
        "Similar: unchanged at 10.4%",
    ),
    "a met bare level inside the band": (
        metric(UP), now("96"), then("96"), "95%", None, IMPROVED,
        "Improved (target already achieved): 96% meets 95% or more",
    ),
    "a met level within a non-zero band": (
        metric(UP, similarity_band=D("0.5")), now("72.1"), then("72.2"), "70%", None,
        IMPROVED, "Improved (target already achieved): 72.1% meets 70% or more",
    ),
    "a met comparator inside the band": (
        metric(UP), now("62.4"), then("62.4"), "Better than statistical neighbours",
        now("62.0"), IMPROVED,
        "Improved (target already achieved): 62.4% is above statistical neighbours "
        "(62.0%, 2024-25)",
    ),
    "a comparator target with no comparator figure": (
        metric(UP), now("62.4"), then("62.4"), "Better than statistical neighbours",
        None, SIMILAR, "Similar: unchanged at 62.4%",
    ),
    "a met grade target": (
        metric(unit="rating"), now("A", "rating"), then("A", "rating"), "B", None,
        IMPROVED, "Improved (target already achieved): A meets B or better",
    ),
    "an unmet grade target": (
        metric(unit="rating"), now("C", "rating"), then("C", "rating"), "B", None,
        SIMILAR, "Similar: unchanged at C",
    ),
    "the best grade": (
        metric(UP, "rating"), now("A+", "rating"), then("A+", "rating"), None, None,
        IMPROVED, "Improved: A+ is the best grade on the scale",
    ),
    "100% when up is good": (
        metric(UP), now("100"), then("100"), None, None, IMPROVED,
        "Improved: 100% is the best possible value",
    ),
    "0 when down is good": (
        metric(DOWN, "number"), now("0", "number"), then("0", "number"), None, None,
        IMPROVED, "Improved: 0 is the best possible value",
    ),
    "100% is not best when down is good": (
        metric(DOWN), now("100"), then("100"), None, None, SIMILAR,
        "Similar: unchanged at 100%",
    ),
    "a number has no best value when up is good": (
        metric(UP, "number"), now("100", "number"), then("100", "number"), None, None,
        SIMILAR, "Similar: unchanged at 100",
    ),
    "a directional target never triggers rule 5": (
        metric(UP), now("96"), then("96"), "To increase", None, SIMILAR,
        "Similar: unchanged at 96%",
    ),
    "a relative change target never triggers rule 5": (
        metric(UP), now("96"), then("96"), "Increase by 2 percentage points", None,
        SIMILAR, "Similar: unchanged at 96%",
    ),
    "rule 3 comes before rule 5": (
        metric(UP), now("96", lower_ci=D(94), upper_ci=D(98)),
        then("95", lower_ci=D(93), upper_ci=D(97)), "90%", None, SIMILAR,
        "Similar: confidence intervals overlap (95% [93.00–97.00] and 96% "
        "[94.00–98.00], 95%)",
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "current", "previous", "target_text", "comparator", "progress", "reason"),
    list(PROGRESS_CASES.values()),
    ids=list(PROGRESS_CASES),
)
def test_assess_progress(
    rule: MetricRule,
    current: Observation | None,
    previous: Observation | None,
    target_text: str | None,
    comparator: Observation | None,
    progress: Progress,
    reason: str,
) -> None:
    assert assess_progress(
        metric=rule,
        period=THIS_YEAR,
        current=current,
        previous=previous,
        target=target(target_text, rule.unit, rule.scale),
        comparator=comparator,
    ) == (progress, reason)


def test_progress_reads_values_given_only_as_text() -> None:
    assert assess_progress(
        metric=metric(UP),
        period=THIS_YEAR,
        current=Observation(THIS_YEAR, "61.5"),
        previous=Observation(LAST_YEAR, "62.4"),
    ) == (GOT_WORSE, "Got worse: 62.4% → 61.5% (up is good)")


def test_progress_rejects_a_period_that_is_not_one() -> None:
    with pytest.raises(ValueError, match="'2024' is not a reporting period"):
        assess_progress(
            metric=metric(UP), period="2024", current=now("1"), previous=None
        )


# --- target status -------------------------------------------------------------

TargetCase = tuple[
    MetricRule,
    str | None,
    Progress,
    Observation | None,
    Observation | None,
    Observation | None,
    TargetStatus,
    str,
    tuple[str, ...],
]

SN = "Better than statistical neighbours"
SN_FLAG = (
    "The target 'Better than statistical neighbours' needs a good direction to say "
    "what is better than statistical neighbours, and the metric has none"
)

TARGET_CASES: dict[str, TargetCase] = {
    # none, not applicable, unparsed
    "no rule": (metric(UP), None, IMPROVED, now("5"), None, None, NO_TARGET,
                "No target set", ()),
    "None set": (metric(UP), "None set", IMPROVED, now("5"), None, None, NO_TARGET,
                 "No target set", ()),
    "No Target Set": (metric(UP), "No Target Set", IMPROVED, now("5"), None, None,
                      NO_TARGET, "No target set", ()),
    "not applicable": (metric(UP), "Target not applicable", IMPROVED, now("5"), None,
                       None, NOT_APPLICABLE, "Target not applicable", ()),
    "unparsed": (
        metric(UP), "Reduce by %", SIMILAR, now("5"), None,
        None, NO_TARGET,
        "No target set: the target 'Reduce by %' could not be read",
        ("Could not read the target 'Reduce by %': the target's wording is not one "
         "the rules understand",),
    ),
    "more representative, similar": (
        metric(UP), "To be more representative of the city", SIMILAR, now("5"), None,
        None, OFF,
        "Off target: similar, but the target is 'To be more representative of the "
        "city'", (),
    ),
    # directional
    "increase, improved": (metric(UP), "To increase", IMPROVED, now("5"), None, None,
                           ON, "On target: improved, as 'To increase' asks", ()),
    "increase, similar": (metric(UP), "To increase", SIMILAR, now("5"), None, None,
                          OFF, "Off target: similar, but the target is 'To increase'",
                          ()),
    "increase, got worse": (
        metric(UP), "To increase", GOT_WORSE, now("5"), None, None, OFF,
        "Off target: got worse, but the target is 'To increase'", (),
    ),
    "increase, cannot say": (
        metric(UP), "To increase", CANNOT_SAY, now("5"), None, None, NO_VALUE,
        "Not available: progress is 'cannot say', so 'To increase' cannot be tested",
        (),
    ),
    "increase, not available": (
        metric(UP), "To increase", NOT_AVAILABLE, None, None, None, NO_VALUE,
        "Not available: progress is 'not available', so 'To increase' cannot be "
        "tested", (),
    ),
    "reduce, improved": (metric(DOWN), "To reduce", IMPROVED, now("5"), None, None,
                         ON, "On target: improved, as 'To reduce' asks", ()),
    "improve, similar": (metric(UP), "To improve", SIMILAR, now("5"), None, None, OFF,
                         "Off target: similar, but the target is 'To improve'", ()),
    "maintain, improved": (metric(UP), "To maintain", IMPROVED, now("5"), None, None,
                           ON, "On target: improved, as 'To maintain' asks", ()),
    "maintain, similar": (metric(UP), "To maintain", SIMILAR, now("5"), None, None,
                          ON, "On target: similar, as 'To maintain' asks", ()),
    "maintain, got worse": (
        metric(UP), "To maintain", GOT_WORSE, now("5"), None, None, OFF,
        "Off target: got worse, but the target is 'To maintain'", (),
    ),
    "maintain, cannot say": (
        metric(UP), "To maintain", CANNOT_SAY, now("5"), None, None, NO_VALUE,
        "Not available: progress is 'cannot say', so 'To maintain' cannot be tested",
        (),
    ),
    # thresholds
    "no current value": (metric(UP), "95%", SIMILAR, None, None, None, NO_VALUE,
                         "Not available: no current value to test against '95%'", ()),
    "an empty current value": (
        metric(UP), "95%", SIMILAR, now(""), None, None, NO_VALUE,
        "Not available: no current value to test against '95%'", (),
    ),
    "a current value that is not a number": (
        metric(UP), "95%", SIMILAR, now("B"), None, None, NO_VALUE,
        "Not available: 'B' is not a number to test against '95%'", (),
    ),
    "bare level, up, above": (metric(UP), "95%", SIMILAR, now("96"), None, None, ON,
                              "On target: 96% meets 95% or more", ()),
    "bare level, up, at": (metric(UP), "95%", SIMILAR, now("95"), None, None, ON,
                           "On target: 95% meets 95% or more", ()),
    "bare level, up, below": (metric(UP), "95%", SIMILAR, now("94"), None, None, OFF,
                              "Off target: 94% is below 95%", ()),
    "bare level, down, below": (metric(DOWN), "95%", SIMILAR, now("94"), None, None,
                                ON, "On target: 94% meets 95% or less", ()),
    "bare level, down, above": (metric(DOWN), "95%", SIMILAR, now("96"), None, None,
                                OFF, "Off target: 96% is above 95%", ()),
    "bare level, no direction": (
        metric(), "95%", SIMILAR, now("96"), None, None, NO_TARGET,
        "No target set: '95%' is ambiguous until the metric has a good direction",
        ("The target '95%' is a bare level and the metric has no good direction, so "
         "it is not known whether it is a floor or a ceiling",),
    ),
    "bare level in days": (
        metric(DOWN, "days per full-time equivalent"), "8", GOT_WORSE,
        now("11.2", "days"), None, None, OFF, "Off target: 11.2 is above 8", (),
    ),
    "less than, met": (metric(), "<6%", SIMILAR, now("5"), None, None, ON,
                       "On target: 5% is below 6%", ()),
    "less than, at the level": (metric(), "<6%", SIMILAR, now("6"), None, None, OFF,
                                "Off target: 6% is not below 6%", ()),
    "more than, met": (metric(UP, "number"), ">70", SIMILAR, now("71", "number"),
                       None, None, ON, "On target: 71 is above 70", ()),
    "more than, at the level": (metric(UP, "number"), ">70", SIMILAR,
                                now("70", "number"), None, None, OFF,
                                "Off target: 70 is not above 70", ()),
    "at most, at the level": (metric(DOWN, "number"), "<=1380", SIMILAR,
                              now("1380", "number"), None, None, ON,
                              "On target: 1380 meets 1380 or less", ()),
    "at most, over": (metric(DOWN, "number"), "<=1380", SIMILAR,
                      now("1381", "number"), None, None, OFF,
                      "Off target: 1381 is above 1380", ()),
    "plus, at the level": (metric(UP), "95%+", SIMILAR, now("95"), None, None, ON,
                           "On target: 95% meets 95% or more", ()),
    "plus, below": (metric(), "95%+", SIMILAR, now("94.9"), None, None, OFF,
                    "Off target: 94.9% is below 95%", ()),
    "better than a level, level with it": (
        metric(UP, "number"), "better than 70", SIMILAR, now("70", "number"), None,
        None, OFF, "Off target: 70 is not above 70", (),
    ),
    "better than a level, down": (
        metric(DOWN, "number"), "better than 70", SIMILAR, now("69", "number"), None,
        None, ON, "On target: 69 is below 70", (),
    ),
    "in line with a level": (
        metric(UP, "number", similarity_band=D(1)), "In line with 50", SIMILAR,
        now("50.5", "number"), None, None, ON, "On target: 50.5 is in line with 50", (),
    ),
    "not in line with a level": (
        metric(UP, "number", similarity_band=D(1)), "In line with 50", SIMILAR,
        now("52", "number"), None, None, OFF,
        "Off target: 52 is not in line with 50", (),
    ),
    "a count against a percentage": (
        metric(UP), "50%", SIMILAR, now("19 out of 41"), None, None, OFF,
        "Off target: 19 out of 41 is below 50%", (),
    ),
    "a threshold that warned when read": (
        metric(DOWN, "number"), "<6%", SIMILAR, now("5", "number"), None, None, ON,
        "On target: 5 is below 6", ("the value has a % sign but the unit is 'number'",),
    ),
    # relative change
    "reduce by 5%, met": (
        metric(DOWN), "To reduce by 5%", IMPROVED, now("9.4"), then("10"), None, ON,
        "On target: 9.4% is 0.6 percentage points below the baseline 10% (2023-24), "
        "a relative change of -6.0%; the target is 'To reduce by 5%'", (),
    ),
    "reduce by 5%, exactly": (
        metric(DOWN), "To reduce by 5%", IMPROVED, now("9.5"), then("10"), None, ON,
        "On target: 9.5% is 0.5 percentage points below the baseline 10% (2023-24), "
        "a relative change of -5.0%; the target is 'To reduce by 5%'", (),
    ),
    "reduce by 5%, not enough": (
        metric(DOWN), "To reduce by 5%", IMPROVED, now("9.6"), then("10"), None, OFF,
        "Off target: 9.6% is 0.4 percentage points below the baseline 10% (2023-24), "
        "a relative change of -4.0%; the target is 'To reduce by 5%'", (),
    ),
    "increase by 2 points, met": (
        metric(UP), "Increase by 2 percentage points", IMPROVED, now("72"), then("70"),
        None, ON,
        "On target: 72% is 2 percentage points above the baseline 70% (2023-24); "
        "the target is 'Increase by 2 percentage points'", (),
    ),
    "increase by 2 points, short": (
        metric(UP), "Increase by 2 percentage points", IMPROVED, now("71.9"),
        then("70"), None, OFF,
        "Off target: 71.9% is 1.9 percentage points above the baseline 70% (2023-24); "
        "the target is 'Increase by 2 percentage points'", (),
    ),
    "reduce by an amount, met": (
        metric(DOWN, "number"), "Reduce by 200", IMPROVED, now("800", "number"),
        then("1000", "number"), None, ON,
        "On target: 800 is 200 below the baseline 1000 (2023-24); the target is "
        "'Reduce by 200'", (),
    ),
    "reduce by an amount, unchanged": (
        metric(DOWN, "number"), "Reduce by 200", SIMILAR, now("1000", "number"),
        then("1000", "number"), None, OFF,
        "Off target: 1000 is unchanged from the baseline 1000 (2023-24); the target "
        "is 'Reduce by 200'", (),
    ),
    "improve by 10% when up is good": (
        metric(UP, "number"), "Improve by 10%", IMPROVED, now("110", "number"),
        then("100", "number"), None, ON,
        "On target: 110 is 10 above the baseline 100 (2023-24), a relative change of "
        "+10.0%; the target is 'Improve by 10%'", (),
    ),
    "improve by 10% when down is good": (
        metric(DOWN, "number"), "Improve by 10%", IMPROVED, now("95", "number"),
        then("100", "number"), None, OFF,
        "Off target: 95 is 5 below the baseline 100 (2023-24), a relative change of "
        "-5.0%; the target is 'Improve by 10%'", (),
    ),
    "improve by 10% with no direction": (
        metric(unit="number"), "Improve by 10%", CANNOT_SAY, now("110", "number"),
        then("100", "number"), None, NO_TARGET,
        "No target set: 'Improve by 10%' is ambiguous until the metric has a good "
        "direction",
        ("The target 'Improve by 10%' asks for an improvement and the metric has no "
         "good direction",),
    ),
    "no baseline value": (
        metric(DOWN), "To reduce by 5%", IMPROVED, now("9.4"), None, None, NO_VALUE,
        "Not available: no baseline value for the baseline period to test 'To "
        "reduce by 5%'", (),
    ),
    "no value for a named baseline": (
        metric(DOWN), "Reduce by 10% from 2019/20", IMPROVED, now("9.4"), then(""),
        None, NO_VALUE,
        "Not available: no baseline value for 2019-20 to test 'Reduce by 10% from "
        "2019/20'", (),
    ),
    # comparators
    "better than neighbours, below them": (
        metric(UP), SN, GOT_WORSE, now("61.5"), None, now("62.3"), OFF,
        "Off target: 61.5% is below statistical neighbours (62.3%, 2024-25)", (),
    ),
    "better than neighbours, above them": (
        metric(UP), SN, IMPROVED, now("62.4"), None, now("61.9"), ON,
        "On target: 62.4% is above statistical neighbours (61.9%, 2024-25)", (),
    ),
    "better than neighbours, level": (
        metric(UP), SN, SIMILAR, now("62"), None, now("62"), OFF,
        "Off target: 62% is level with statistical neighbours (62%, 2024-25)", (),
    ),
    "better than neighbours when down is good": (
        metric(DOWN), SN, SIMILAR, now("5"), None, now("6"), ON,
        "On target: 5% is below statistical neighbours (6%, 2024-25)", (),
    ),
    "better than neighbours with no direction": (
        metric(), SN, CANNOT_SAY, now("5"), None, now("6"), NO_TARGET,
        "No target set: 'Better than statistical neighbours' is ambiguous until the "
        "metric has a good direction", (SN_FLAG,),
    ),
    "equal to or better, level": (
        metric(UP), "Equal to or better than national average", SIMILAR, now("62"),
        None, now("62"), ON,
        "On target: 62% is level with national average (62%, 2024-25)", (),
    ),
    "equal to or better, worse": (
        metric(DOWN), "Equal to or better than national average", SIMILAR, now("63"),
        None, now("62"), OFF,
        "Off target: 63% is above national average (62%, 2024-25)", (),
    ),
    "below (better than), met with no metric direction": (
        metric(), "Below (better than) national average", SIMILAR, now("5.2"), None,
        now("5.3"), ON, "On target: 5.2% is below national average (5.3%, 2024-25)",
        (),
    ),
    "below (better than), level": (
        metric(), "Below (better than) national average", SIMILAR, now("5.3"), None,
        now("5.3"), OFF,
        "Off target: 5.3% is level with national average (5.3%, 2024-25)", (),
    ),
    "above (better than), met": (
        metric(), "Above (better than) England", SIMILAR, now("70"), None, now("65"),
        ON, "On target: 70% is above england (65%, 2024-25)", (),
    ),
    "at or above, level": (
        metric(), "At or above the England average", SIMILAR, now("65"), None,
        now("65"), ON, "On target: 65% is level with england average (65%, 2024-25)",
        (),
    ),
    "at or below, above": (
        metric(), "At or below England", SIMILAR, now("66"), None, now("65"), OFF,
        "Off target: 66% is above england (65%, 2024-25)", (),
    ),
    "in line with, inside the band": (
        metric(UP, similarity_band=D("0.5")), "In line with England", SIMILAR,
        now("10.2"), None, now("10"), ON,
        "On target: 10.2% is in line with england (10%, 2024-25)", (),
    ),
    "in line with, outside the band": (
        metric(UP, similarity_band=D("0.5")), "In line with England", SIMILAR,
        now("11"), None, now("10"), OFF,
        "Off target: 11% is above england (10%, 2024-25)", (),
    ),
    "the comparator's latest earlier figure": (
        metric(DOWN), "Below (better than) national average", SIMILAR, now("5.2"),
        None, then("5.3"), ON,
        "On target: 5.2% is below national average (5.3%, 2023-24, its latest "
        "figure; none yet for 2024-25)", (),
    ),
    "a comparator figure for a later period": (
        metric(UP), SN, SIMILAR, then("62"), None, now("61"), ON,
        "On target: 62% is above statistical neighbours (61%, 2024-25, a later period "
        "than 2023-24)",
        ("The statistical neighbours figure is for 2024-25, later than the value it "
         "is compared with (2023-24)",),
    ),
    "no comparator figure": (
        metric(UP), SN, SIMILAR, now("62"), None, None, NO_VALUE,
        "Not available: no figure for statistical neighbours to test 'Better than "
        "statistical neighbours'", (),
    ),
    "an empty comparator figure": (
        metric(UP), SN, SIMILAR, now("62"), None, now(""), NO_VALUE,
        "Not available: no figure for statistical neighbours to test 'Better than "
        "statistical neighbours'", (),
    ),
    "a comparator target with no current value": (
        metric(UP), SN, NOT_AVAILABLE, None, None, now("62"), NO_VALUE,
        "Not available: no current value to test against 'Better than statistical "
        "neighbours'", (),
    ),
    # grades
    "grade below target": (
        metric(unit="rating"), "A", GOT_WORSE, now("B", "rating"), None, None, OFF,
        "Off target: B is below A", (),
    ),
    "grade at target": (
        metric(unit="rating"), "A", IMPROVED, now("A", "rating"), None, None, ON,
        "On target: A meets A or better", (),
    ),
    "grade above target": (
        metric(unit="rating"), "A", IMPROVED, now("A+", "rating"), None, None, ON,
        "On target: A+ meets A or better", (),
    ),
    "grade on a declared scale": (
        metric(unit="rating", scale=OFSTED), "Good", SIMILAR,
        Observation.from_text(THIS_YEAR, "Outstanding", scale=OFSTED), None, None, ON,
        "On target: Outstanding meets Good or better", (),
    ),
    "a number against a grade target": (
        metric(unit="rating"), "A", SIMILAR, now("5", "rating"), None, None, NO_VALUE,
        f"Not available: '5' is not a grade on the scale {LETTERS}", (),
    ),
    "no value against a grade target": (
        metric(unit="rating"), "A", NOT_AVAILABLE, None, None, None, NO_VALUE,
        "Not available: no current value to test against 'A'", (),
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    (
        "rule",
        "target_text",
        "progress",
        "current",
        "baseline",
        "comparator",
        "status",
        "reason",
        "flags",
    ),
    list(TARGET_CASES.values()),
    ids=list(TARGET_CASES),
)
def test_assess_target(
    rule: MetricRule,
    target_text: str | None,
    progress: Progress,
    current: Observation | None,
    baseline: Observation | None,
    comparator: Observation | None,
    status: TargetStatus,
    reason: str,
    flags: tuple[str, ...],
) -> None:
    assert assess_target(
        metric=rule,
        target=target(target_text, rule.unit, rule.scale),
        progress=progress,
        current=current,
        baseline=baseline,
        comparator=comparator,
    ) == (status, reason, flags)


@pytest.mark.parametrize(
    ("rule", "reason", "flag"),
    [
        (
            TargetRule("95%", TargetKind.THRESHOLD),
            "No target set: the target '95%' has no level",
            "The threshold target '95%' has no level",
        ),
        (
            TargetRule("by 5%", TargetKind.RELATIVE_CHANGE, aim="decrease"),
            "No target set: the target 'by 5%' has no amount",
            "The relative change target 'by 5%' has no amount",
        ),
        (
            TargetRule("odd", TargetKind.UNPARSED),
            "No target set: the target 'odd' could not be read",
            "Could not read the target 'odd'",
        ),
    ],
)
def test_incomplete_hand_built_rules_are_flagged(
    rule: TargetRule, reason: str, flag: str
) -> None:
    assert assess_target(
        metric=metric(DOWN),
        target=rule,
        progress=SIMILAR,
        current=now("5"),
        baseline=then("6"),
    ) == (NO_TARGET, reason, (flag,))


def test_a_target_grade_off_the_metrics_scale_is_flagged() -> None:
    assert assess_target(
        metric=metric(unit="rating", scale=OFSTED),
        target=TargetRule("A", TargetKind.GRADE, grade="A"),
        progress=SIMILAR,
        current=Observation.from_text(THIS_YEAR, "Good", scale=OFSTED),
    ) == (
        NO_TARGET,
        "No target set: 'A' is not a grade on the metric's scale",
        (
            "The target grade 'A' is not on the scale Outstanding, Good, Requires "
            "improvement, Inadequate",
        ),
    )


# --- both together --------------------------------------------------------------


def test_assess_combines_progress_and_target() -> None:
    assert assess(
        metric=metric(UP),
        period=THIS_YEAR,
        current=now("61.5"),
        previous=then("62.4"),
        target=target(SN),
        comparator=now("62.3"),
    ) == Assessment(
        progress=GOT_WORSE,
        progress_reason="Got worse: 62.4% → 61.5% (up is good)",
        target_status=OFF,
        target_reason="Off target: 61.5% is below statistical neighbours (62.3%, "
        "2024-25)",
        direction=UP,
        comparator_period="2024-25",
        progress_code="changed_worse",
        target_code="comparator_missed",
        method="change",
    )


def test_assess_uses_the_previous_value_as_the_default_baseline() -> None:
    result = assess(
        metric=metric(DOWN),
        period=THIS_YEAR,
        current=now("9.4"),
        previous=then("10"),
        target=target("To reduce by 5%"),
    )
    assert result.target_status is ON
    assert result.comparator_period is None


def test_assess_prefers_an_explicit_baseline() -> None:
    result = assess(
        metric=metric(DOWN),
        period=THIS_YEAR,
        current=now("9.4"),
        previous=then("9.5"),
        target=target("Reduce by 10% from 2019/20"),
        baseline=Observation.from_text("2019-20", "11"),
    )
    assert (result.progress, result.target_status) == (IMPROVED, ON)
    assert result.target_reason.endswith(
        "the baseline 11% (2019-20), a relative change of -14.5%; the target is "
        "'Reduce by 10% from 2019/20'"
    )


@pytest.mark.parametrize(
    ("previous_period", "status"),
    [("2023-24", NO_VALUE), ("2019-20", ON)],
)
def test_a_named_baseline_is_never_replaced_by_another_period(
    previous_period: str, status: TargetStatus
) -> None:
    result = assess(
        metric=metric(DOWN, "number", seasonal=True),
        period=THIS_YEAR,
        current=now("80", "number"),
        previous=Observation.from_text(previous_period, "100", unit="number"),
        target=target("Reduce by 10% from 2019/20", "number"),
    )
    assert result.target_status is status


def test_a_stale_value_is_not_tested_against_the_target() -> None:
    result = assess(
        metric=metric(UP),
        period=THIS_YEAR,
        current=then("96"),
        previous=Observation.from_text("2022-23", "90"),
        target=target("95%"),
    )
    assert (result.progress, result.target_status) == (NOT_AVAILABLE, NO_VALUE)
    assert result.target_reason == (
        "Not available: no current value to test against '95%'"
    )


def test_assess_flags_a_target_that_contradicts_the_metric() -> None:
    result = assess(
        metric=metric(UP),
        period=THIS_YEAR,
        current=now("5"),
        previous=then("4"),
        target=target("<6%"),
    )
    assert result.direction is UP
    assert (result.progress, result.target_status) == (IMPROVED, ON)
    assert result.flags == (
        "The target '<6%' says down is good, but the metric's good direction is up",
    )


def test_assess_reports_the_direction_it_read_from_the_target() -> None:
    result = assess(
        metric=metric(unit="number"),
        period=THIS_YEAR,
        current=now("2455", "number"),
        previous=then("2310", "number"),
        target=target("To increase"),
    )
    assert (result.direction, result.progress, result.target_status) == (
        UP,
        IMPROVED,
        ON,
    )
    assert result.flags == ()


def test_assess_reports_an_ambiguous_bare_level() -> None:
    result = assess(
        metric=metric(),
        period=THIS_YEAR,
        current=now("96"),
        previous=then("90"),
        target=target("95%"),
    )
    assert (result.progress, result.target_status) == (CANNOT_SAY, NO_TARGET)
    assert result.flags == (
        "The target '95%' is a bare level and the metric has no good direction, so "
        "it is not known whether it is a floor or a ceiling",
    )


# Each row of the two sample files, with the direction each file gives (the older
# layout's Directionality column; the newer layout has none). The files' own verdicts
# need not match: the comment says where they differ and why.
SAMPLE_ROWS = {
    "2016-24 row 1: business start-ups": (
        UP, "rate per 10,000 population", "To increase", "55", "58", None,
        IMPROVED, ON,  # the file says No Target Set
    ),
    "2016-24 row 2: anti-social behaviour": (
        DOWN, "rate per 1,000 population", "<30", "30.9", "30.9", "28.1",
        SIMILAR, OFF,
    ),
    "2016-24 row 3: good special schools": (
        UP, "%", "100%", "100", "100", None, IMPROVED, ON,
    ),
    "2016-24 row 4: sickness absence": (
        DOWN, "days per full-time equivalent", "8", "10.6", "11.2", None,
        GOT_WORSE, OFF,
    ),
    "2016-24 row 5: early help referrals": (
        NO_DIRECTION, "number", "N/A", "", "2480", None, CANNOT_SAY, NO_TARGET,
    ),
    "2022-30 row 1: library visits": (
        NO_DIRECTION, "rate per 1,000 population", "To increase", "2310", "2455",
        "2260", IMPROVED, ON,
    ),
    "2022-30 row 2: skilled employment": (
        # no direction is stated anywhere, so the calculation will not guess one
        NO_DIRECTION, "%", SN, "62.4", "61.5", "62.3", CANNOT_SAY, NO_TARGET,
    ),
    "2022-30 row 3: urgent care repeats": (
        # already within target: rule 5 makes it improved (the file says EQUALS)
        NO_DIRECTION, "%", "<12%", "10.4", "10.4", "11.9", IMPROVED, ON,
    ),
    "2022-30 row 4: temporary accommodation": (
        NO_DIRECTION, "rate per 1,000 households", "To decrease", "4.1", "", None,
        NOT_AVAILABLE, NO_VALUE,
    ),
    "2022-30 row 5: retrofit funding": (
        NO_DIRECTION, "millions of pounds", "To increase", "9.2m", "12.4m", None,
        IMPROVED, ON,
    ),
    "2022-30 row 6: heat decarbonisation plans": (
        NO_DIRECTION, "number", "To increase", "", "19 out of 41", None,
        CANNOT_SAY, NO_VALUE,
    ),
    "2022-30 row 7: environmental disclosure": (
        NO_DIRECTION, "rating", "A", "A-", "B", None, GOT_WORSE, OFF,
    ),
    "2022-30 row 8: interim staff spend": (
        NO_DIRECTION, "pounds", "To decrease", "7,911,450", "7,020,118", None,
        IMPROVED, ON,
    ),
    "2022-30 row 9: workforce sex profile": (
        NO_DIRECTION, "%", "To be more representative of the city",
        "Female- 66.9 Male- 33.1", "Female - 66.8 Male - 33.2", None,
        CANNOT_SAY, NO_VALUE,
    ),
    "2022-30 row 10: FOI requests": (
        NO_DIRECTION, "number", "None set", "1702", "1688", None,
        CANNOT_SAY, NO_TARGET,
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    (
        "direction",
        "unit",
        "target_text",
        "previous",
        "current",
        "comparator",
        "progress",
        "status",
    ),
    list(SAMPLE_ROWS.values()),
    ids=list(SAMPLE_ROWS),
)
def test_sample_rows(
    direction: Direction,
    unit: str,
    target_text: str,
    previous: str,
    current: str,
    comparator: str | None,
    progress: Progress,
    status: TargetStatus,
) -> None:
    result = assess(
        metric=metric(direction, unit),
        period=THIS_YEAR,
        current=now(current, unit),
        previous=then(previous, unit),
        target=target(target_text, unit),
        comparator=None if comparator is None else now(comparator, unit),
    )
    assert (result.progress, result.target_status) == (progress, status)


# --- definitions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "seasonal", "earlier"),
    [
        ("2024-25", False, "2023-24"),
        ("2024-25", True, "2023-24"),
        ("2024-25 H1", False, "2023-24 H2"),
        ("2024-25 H2", False, "2024-25 H1"),
        ("2024-25 Q1", False, "2023-24 Q4"),
        ("2024-25 Q3", False, "2024-25 Q2"),
        ("2024-25 Q3", True, "2023-24 Q3"),
        ("2024-25 M01", False, "2023-24 M12"),
        ("2024-25 M01", True, "2023-24 M01"),
    ],
)
def test_comparison_period(period: str, seasonal: bool, earlier: str) -> None:
    assert comparison_period(period, seasonal=seasonal) == earlier


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"statistic": "median"}, "unknown statistic 'median'"),
        ({"similarity_band": D(-1)}, "a similarity band cannot be negative"),
        ({"confidence_level": D(1)}, "a confidence level lies between 0 and 1"),
        ({"confidence_level": D(0)}, "a confidence level lies between 0 and 1"),
    ],
)
def test_metric_rule_validates(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MetricRule(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("61.2", "%", Observation(THIS_YEAR, "61.2", number=D("61.2"))),
        (
            "19 out of 41",
            "number",
            Observation(
                THIS_YEAR,
                "19 out of 41",
                number=D(19),
                numerator=D(19),
                denominator=D(41),
            ),
        ),
        ("A-", "rating", Observation(THIS_YEAR, "A-", grade="A-")),
        ("12.4m", "£", Observation(THIS_YEAR, "12.4m", number=D(12400000))),
        ("", "%", Observation(THIS_YEAR, "")),
        ("Female - 1 Male - 2", "%", Observation(THIS_YEAR, "Female - 1 Male - 2")),
    ],
)
def test_observation_from_text(text: str, unit: str, expected: Observation) -> None:
    assert Observation.from_text(THIS_YEAR, text, unit=unit) == expected


def test_observation_from_text_keeps_given_intervals() -> None:
    observation = Observation.from_text(THIS_YEAR, "50", lower_ci=D(45), upper_ci=D(55))
    assert (observation.lower_ci, observation.upper_ci) == (D(45), D(55))


# --- summary -------------------------------------------------------------------


def test_summarise_counts_each_key() -> None:
    summary = summarise(
        [IMPROVED] * 10
        + [SIMILAR] * 7
        + [GOT_WORSE] * 8
        + [CANNOT_SAY] * 3
        + [NOT_AVAILABLE] * 2
    )
    assert summary == Summary(
        total=30, improved=10, similar=7, got_worse=8, cannot_say=3, not_available=2
    )
    assert (summary.directional, summary.improved_or_similar) == (25, 17)
    assert summary.directional_pct == 68


def test_summarise_accepts_string_keys() -> None:
    assert summarise(["improved", "got_worse", "cannot_say"]) == Summary(  # type: ignore[list-item]
        total=3, improved=1, got_worse=1, cannot_say=1
    )


def test_summarise_nothing() -> None:
    assert summarise([]) == Summary()


@pytest.mark.parametrize(
    ("improved", "similar", "got_worse", "pct"),
    [
        (2, 0, 1, 67),  # 66.67
        (1, 0, 2, 33),  # 33.33
        (1, 0, 7, 13),  # 12.5 rounds half up
        (5, 0, 3, 63),  # 62.5 rounds half up
        (1, 1, 6, 25),
        (10, 7, 8, 68),
        (40, 12, 15, 78),  # 77.6
        (30, 10, 17, 70),  # 70.18
        (1, 0, 199, 1),  # 0.5 rounds half up
        (0, 0, 5, 0),
        (3, 0, 0, 100),
        (0, 0, 0, None),
    ],
)
def test_directional_pct_rounds_half_up(
    improved: int, similar: int, got_worse: int, pct: int | None
) -> None:
    summary = Summary(
        total=improved + similar + got_worse + 4,
        improved=improved,
        similar=similar,
        got_worse=got_worse,
        cannot_say=3,
        not_available=1,
    )
    assert summary.directional_pct == pct


def test_summary_as_dict() -> None:
    assert Summary(
        total=9, improved=2, similar=1, got_worse=1, cannot_say=3, not_available=2
    ).as_dict() == {
        "total": 9,
        "improved": 2,
        "similar": 1,
        "got_worse": 1,
        "cannot_say": 3,
        "not_available": 2,
        "directional": 4,
        "improved_or_similar": 3,
        "directional_pct": 75,
    }


S_17_25 = Summary(total=30, improved=10, similar=7, got_worse=8)
S_52_67 = Summary(total=70, improved=40, similar=12, got_worse=15)
S_40_57 = Summary(total=60, improved=30, similar=10, got_worse=17)
S_NONE = Summary(total=4, cannot_say=3, not_available=1)


@pytest.mark.parametrize(
    ("summary", "earlier", "sentence"),
    [
        (
            S_17_25,
            (),
            "68% (17/25) of directional metrics improved or stayed the same.",
        ),
        (
            S_17_25,
            (("2018/19", S_52_67),),
            "68% (17/25) of directional metrics improved or stayed the same. This "
            "compares to 78% (52/67) in 2018/19.",
        ),
        (
            S_17_25,
            (("2018/19", S_52_67), ("2019/20", S_40_57)),
            "68% (17/25) of directional metrics improved or stayed the same. This "
            "compares to 78% (52/67) in 2018/19 and 70% (40/57) in 2019/20.",
        ),
        (
            S_17_25,
            (("2017/18", S_40_57), ("2018/19", S_52_67), ("2019/20", S_40_57)),
            "68% (17/25) of directional metrics improved or stayed the same. This "
            "compares to 70% (40/57) in 2017/18, 78% (52/67) in 2018/19 and 70% "
            "(40/57) in 2019/20.",
        ),
        (
            S_NONE,
            (),
            "No metrics were directional (improved, similar or got worse), so there "
            "is no percentage that improved or stayed the same.",
        ),
        (
            S_17_25,
            (("2018/19", S_NONE),),
            "68% (17/25) of directional metrics improved or stayed the same. This "
            "compares to no directional metrics in 2018/19.",
        ),
    ],
)
def test_summary_sentence(
    summary: Summary, earlier: tuple[tuple[str, Summary], ...], sentence: str
) -> None:
    assert summary_sentence(summary, earlier=earlier) == sentence


# The comparable earlier value: the comparison period, else the latest earlier one
# within three periods of the same frequency.


@pytest.mark.parametrize(
    ("period", "seasonal", "expected"),
    [
        ("2024-25", False, ["2023-24", "2022-23", "2021-22"]),
        ("2024-25 Q1", False, ["2023-24 Q4", "2023-24 Q3", "2023-24 Q2"]),
        ("2024-25 Q3", True, ["2023-24 Q3", "2022-23 Q3", "2021-22 Q3"]),
        ("2024-25 M01", False, ["2023-24 M12", "2023-24 M11", "2023-24 M10"]),
        ("2024-25 H1", False, ["2023-24 H2", "2023-24 H1", "2022-23 H2"]),
        ("2024-25 H2", True, ["2023-24 H2", "2022-23 H2", "2021-22 H2"]),
    ],
)
def test_comparison_periods_run_back_three_periods_of_the_same_frequency(
    period: str, seasonal: bool, expected: list[str]
) -> None:
    assert comparison_periods(period, seasonal=seasonal) == expected
    assert comparison_period(period, seasonal=seasonal) == expected[0]


@pytest.mark.parametrize(
    ("previous_period", "note"),
    [
        ("2023-24", ""),
        ("2022-23", " (compared with 2022/23: no figure for 2023/24)"),
        ("2021-22", " (compared with 2021/22: no figure for 2023/24)"),
    ],
)
def test_progress_says_when_it_compared_with_an_earlier_figure(
    previous_period: str, note: str
) -> None:
    result = assess(
        metric=metric(UP),
        period=THIS_YEAR,
        current=Observation.from_text(THIS_YEAR, "62.5"),
        previous=Observation.from_text(previous_period, "61.2"),
    )
    assert result.progress is IMPROVED
    assert result.progress_reason == f"Improved: 61.2% → 62.5% (up is good){note}"


def test_no_note_when_nothing_was_compared() -> None:
    result = assess(
        metric=metric(NO_DIRECTION),
        period=THIS_YEAR,
        current=Observation.from_text(THIS_YEAR, "62.5"),
        previous=Observation.from_text("2022-23", "61.2"),
    )
    assert result.progress is CANNOT_SAY
    assert "compared with" not in result.progress_reason
