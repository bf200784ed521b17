"""Which headline metrics are exceptions (scorecard.domain.exceptions)."""

import itertools

import pytest

from scorecard.domain.exceptions import RULES, Facts, Rule, exception_reasons
from scorecard.domain.forecast import Status as Forecast
from scorecard.domain.spc import Variation
from scorecard.domain.vocabulary import Progress, TargetStatus

WORSE = Progress.GOT_WORSE
BETTER = Progress.IMPROVED


def _progress(*verdicts):
    return tuple((f"2025/26 Q{n}", v) for n, v in enumerate(verdicts, start=1))


@pytest.mark.parametrize(
    ("facts", "rules"),
    [
        (Facts(TargetStatus.ON_TARGET), ()),
        (Facts(TargetStatus.OFF_TARGET), (Rule.OFF_TARGET,)),
        (Facts(TargetStatus.NO_TARGET), ()),
        (Facts(None, _progress(WORSE, WORSE)), (Rule.WORSE_TWICE,)),
        (Facts(None, _progress(WORSE, BETTER, WORSE)), ()),
        (Facts(None, _progress(BETTER, WORSE, WORSE)), (Rule.WORSE_TWICE,)),
        (Facts(None, _progress(WORSE, WORSE, BETTER)), ()),
        (Facts(None, _progress(WORSE)), ()),
        (Facts(None, _progress(WORSE, Progress.SIMILAR)), ()),
        (
            Facts(None, variation=Variation.SPECIAL_CAUSE_CONCERNING),
            (Rule.SPECIAL_CAUSE,),
        ),
        (Facts(None, variation=Variation.SPECIAL_CAUSE_IMPROVING), ()),
        (Facts(None, forecast=Forecast.OFF_TRACK), (Rule.FORECAST_OFF_TRACK,)),
        (Facts(None, forecast=Forecast.AT_RISK), ()),
        (
            Facts(
                TargetStatus.OFF_TARGET,
                _progress(WORSE, WORSE),
                Variation.SPECIAL_CAUSE_CONCERNING,
                Forecast.OFF_TRACK,
            ),
            RULES,
        ),
    ],
)
def test_the_rules(facts, rules):
    assert tuple(r.rule for r in exception_reasons(facts)) == tuple(rules)


ALL = Facts(
    TargetStatus.OFF_TARGET,
    _progress(WORSE, WORSE),
    Variation.SPECIAL_CAUSE_CONCERNING,
    Forecast.OFF_TRACK,
)


@pytest.mark.parametrize(
    "chosen",
    [set(c) for n in range(len(RULES) + 1) for c in itertools.combinations(RULES, n)],
)
def test_a_plan_uses_only_its_rules(chosen):
    found = exception_reasons(ALL, chosen)
    assert {r.rule for r in found} == chosen


def test_the_reason_names_the_periods():
    (reason,) = exception_reasons(Facts(None, _progress(WORSE, WORSE)))
    assert reason.words == "it got worse in 2025/26 Q1 and again in 2025/26 Q2"
