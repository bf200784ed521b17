"""Whatever a file holds in a figure's cell, an import either records it (as the
number it reads, inside the unit's bounds, or as text with a warning) or refuses
the file naming its row and column: never a server error (issue 14)."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.opendata.records import OpenDataError
from scorecard.domain.figures import TOO_LARGE
from scorecard.models import MetricValue
from tests.reports.helpers import csv_text, import_text

pytestmark = pytest.mark.django_db

UNITS = ["%", "number", "rate per 1,000 population", "pounds", "rating", "% change"]

texts = st.one_of(
    st.text(max_size=60),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["19 out of 41", "A-", "12.4m", "45%", "1,234", "N/A", "[c]"]),
)


class _Rollback(Exception):
    pass


def _check_stored(unit: str) -> None:
    for value in MetricValue.objects.all():
        number = value.value_number
        if number is None:
            continue
        assert abs(number) < TOO_LARGE
        if unit == "%":
            assert Decimal(0) <= number <= Decimal(100)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(unit=st.sampled_from(UNITS), previous=texts, current=texts)
def test_any_council_cell_is_recorded_or_refused_naming_it(unit, previous, current):
    header = [
        "Metric",
        "Unit",
        "2022-23 end of year metric value",
        "2023-24 end of year metric value",
    ]
    text = csv_text([header, ["Any metric", unit, previous, current]])
    try:
        with transaction.atomic():
            try:
                import_text("any.csv", text)
            except OpenDataError as error:
                assert error.problem.file == "any.csv"
                raise _Rollback from error
            _check_stored(unit)
            raise _Rollback
    except _Rollback:
        pass


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(unit=st.sampled_from(UNITS), value=texts, number=texts)
def test_any_tidy_value_and_number_are_recorded_or_refused_naming_them(
    unit, value, number
):
    text = csv_text(
        [
            ["metric", "unit", "period", "value", "value_number"],
            ["Any metric", unit, "2023-24", value, number],
        ]
    )
    try:
        with transaction.atomic():
            try:
                import_text("any.csv", text)
            except OpenDataError as error:
                assert error.problem.file == "any.csv"
                raise _Rollback from error
            _check_stored(unit)
            raise _Rollback
    except _Rollback:
        pass
