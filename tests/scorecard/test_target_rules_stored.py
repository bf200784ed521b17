"""Every part of a target rule that the readers find is kept on the Target and read
back by the engine: a range's high end, the further comparators that must all hold,
the parts a level is for, and the year a level is due by. Before these were kept,
"3,100 to 3,500 users" was stored as a range with no high end, and assessed as no
target."""

from decimal import Decimal

import pytest

from scorecard.calculation import target_rule
from scorecard.domain.targets import parse_target
from scorecard.domain.vocabulary import TargetStatus
from scorecard.models import CalculatedVerdict
from scorecard.services import target_set
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = "2024-25"


@pytest.mark.parametrize(
    ("text", "unit", "stored"),
    [
        ("3,100 to 3,500 users", "number", {"value": 3100, "upper": 3500}),
        ("between 70% and 80%", "%", {"value": 70, "upper": 80}),
        (
            "3,200 to 3,800 users (approx. 1,000 to 1,200 per 100,000 population)",
            "Rate per 100,000 population",
            {"value": 1000, "upper": 1200},
        ),
        (
            "Below (better than) National average and Statistical Neighbours",
            "%",
            {
                "comparator_name": "national average",
                "other_comparators": ["statistical neighbours"],
            },
        ),
        ("A&B = 100%", "%", {"value": 100, "parts": ["A", "B"]}),
        ("50% by 2020", "%", {"value": 50, "deadline": "2020"}),
    ],
)
def test_a_rule_is_stored_whole_and_read_back_as_parsed(text, unit, stored):
    metric = factories.MetricFactory(unit=unit, good_direction="up")
    target = target_set(metric=metric, period=YEAR, text=text)
    for name, expected in stored.items():
        kept = getattr(target, name)
        if isinstance(expected, int):
            kept, expected = Decimal(kept), Decimal(expected)
        assert kept == expected, name
    target.refresh_from_db()
    parsed = parse_target(text, unit=unit)
    assert target_rule(target) == parsed


@pytest.mark.parametrize(
    ("figure", "status"),
    [
        ("3099", "off_target"),
        ("3100", "on_target"),
        ("3287", "on_target"),
        ("3500", "on_target"),
        ("3501", "off_target"),
    ],
)
def test_a_stored_range_is_assessed_by_both_ends(figure, status):
    metric = factories.MetricFactory(unit="number", good_direction="none")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="3230")
    factories.MetricValueFactory(metric=metric, period=YEAR, value_text=figure)
    target_set(metric=metric, period=YEAR, text="3,100 to 3,500 users")
    verdict = CalculatedVerdict.objects.get(metric=metric, period=YEAR)
    assert verdict.target_status == TargetStatus(status)


def _comparator(metric, name, period, text, kind="comparator"):
    factories.ComparatorValueFactory(
        metric=metric,
        comparator=factories.ComparatorFactory(name=name, kind=kind),
        period=period,
        value_text=text,
    )


@pytest.mark.parametrize(
    ("neighbours", "status", "words"),
    [
        (
            "6.2",
            "on_target",
            "below national average (5.2%, 2024-25) and below "
            "statistical neighbours (6.2%, 2024-25)",
        ),
        ("3.0", "off_target", "statistical neighbours"),
        (None, "not_available", "no figure for statistical neighbours"),
    ],
)
def test_a_rule_naming_two_comparators_reads_each_ones_figure(
    neighbours, status, words
):
    """The council's NEET target in 2023-24: "Below (better than) National average
    and Statistical Neighbours" (3.5% against 5.2% and 6.2%: on target)."""
    metric = factories.MetricFactory(unit="%", good_direction="down")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="3.9")
    factories.MetricValueFactory(metric=metric, period=YEAR, value_text="3.5")
    _comparator(metric, "England", YEAR, "5.2", kind="national")
    if neighbours is not None:
        _comparator(metric, "Statistical Neighbours", YEAR, neighbours)
    target_set(
        metric=metric,
        period=YEAR,
        text="Below (better than) National average and Statistical Neighbours",
    )
    verdict = CalculatedVerdict.objects.get(metric=metric, period=YEAR)
    assert verdict.target_status == TargetStatus(status)
    assert words in verdict.target_reason


@pytest.mark.parametrize(
    ("now", "status"),
    [("55", "on_target"), ("50", "off_target"), ("62", "on_target")],
)
def test_a_gap_to_close_compares_the_gap_now_with_the_gap_a_year_before(now, status):
    """ "Reduce gap with national average": 50 against 60 in 2023-24 (a gap of 10);
    55 against 61 narrows it, 50 against 61 widens it, 62 closes it."""
    metric = factories.MetricFactory(unit="%", good_direction="up")
    factories.MetricValueFactory(metric=metric, period="2023-24", value_text="50")
    factories.MetricValueFactory(metric=metric, period=YEAR, value_text=now)
    _comparator(metric, "England", "2023-24", "60", kind="national")
    _comparator(metric, "England", YEAR, "61", kind="national")
    target_set(metric=metric, period=YEAR, text="Reduce gap with national average")
    verdict = CalculatedVerdict.objects.get(metric=metric, period=YEAR)
    assert verdict.target_status == TargetStatus(status), verdict.target_reason
