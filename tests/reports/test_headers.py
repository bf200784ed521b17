"""Columns are recognised by what they say, however a file writes it."""

import pytest

from reports.opendata.headers import (
    classify_council_column,
    fold_header,
    fold_tidy_header,
    plan_period,
    plan_years,
)


@pytest.mark.parametrize(
    ("header", "folded"),
    [
        ("\ufeffSort Order", "sort order"),
        ("2021-22  end of year metric date", "2021-22 end of year metric date"),
        ("2015/16 End Of Year Indicator Value", "2015-16 end of year metric value"),
        ("Council Plan Indicators", "council plan metric"),
        ("  Unit\u00a0", "unit"),
        ("2022 - 23 end_of_year metric value", "2022-23 end of year metric value"),
    ],
)
def test_fold_header(header, folded):
    assert fold_header(header) == folded


@pytest.mark.parametrize(
    ("header", "role", "field", "plan", "series", "period"),
    [
        ("Sort Order", "sort_order", "", None, "", ""),
        ("\ufeffSort Order", "sort_order", "", None, "", ""),
        ("Metric", "name", "", None, "", ""),
        ("Indicator", "name", "", None, "", ""),
        ("Unit", "unit", "", None, "", ""),
        ("Target", "target", "", None, "", ""),
        ("Directionality", "direction", "", None, "", ""),
        ("Equality Indicator", "equality_flag", "", None, "", ""),
        ("Marmot Indicator", "marmot_flag", "", None, "", ""),
        ("One Coventry Plan 2022-30 Vision", "plan", "priority", "2022-30", "", ""),
        ("One Coventry Plan 2016-24 Priority", "plan", "objective", "2016-24", "", ""),
        ("Council Plan 2022-30 Metric", "plan", "headline", "2022-30", "", ""),
        ("Council Plan 2016/24 Indicator", "plan", "headline", "2016-24", "", ""),
        ("Progress towards 2022-30 Plan", "plan", "progress", "2022-30", "", ""),
        (
            "Target Status towards  2022-30 Plan",
            "plan",
            "target_status",
            "2022-30",
            "",
            "",
        ),
        ("Council Plan", "plan", "priority", None, "", ""),
        ("Priority", "plan", "objective", None, "", ""),
        ("Council Plan Indicator", "plan", "headline", None, "", ""),
        ("Progress", "plan", "progress", None, "", ""),
        ("Target Status", "plan", "target_status", None, "", ""),
        (
            "2021-22 end of year metric value",
            "period",
            "value",
            None,
            "place",
            "2021-22",
        ),
        (
            "2021-22  end of year metric date",
            "period",
            "date",
            None,
            "place",
            "2021-22",
        ),
        (
            "2015/16 end of year indicator scope",
            "period",
            "scope",
            None,
            "place",
            "2015-16",
        ),
        # The comparator header that omits a word ("metric").
        (
            "2022-23 end of year comparator value",
            "period",
            "value",
            None,
            "comparator",
            "2022-23",
        ),
        (
            "2016/17 end of year indicator comparator indicator value",
            "period",
            "value",
            None,
            "comparator",
            "2016-17",
        ),
        (
            "2024-25 end of year national metric scope",
            "period",
            "scope",
            None,
            "national",
            "2024-25",
        ),
        (
            "2023-24 half year metric value",
            "period",
            "value",
            None,
            "place",
            "2023-24 H1",
        ),
        ("Notes", "unknown", "", None, "", ""),
        ("", "blank", "", None, "", ""),
    ],
)
def test_council_columns_are_read_by_pattern(header, role, field, plan, series, period):
    column = classify_council_column(0, header)
    assert (column.role, column.field, column.plan, column.series, column.period) == (
        role,
        field,
        plan,
        series,
        period,
    )


def test_a_period_column_with_no_financial_year_is_recognised_as_bad():
    assert classify_council_column(0, "2021-23 end of year metric value").role == (
        "bad_period"
    )


@pytest.mark.parametrize(
    ("text", "period", "years"),
    [
        ("2022-30", "2022-30", (2022, 2030)),
        ("2016-24", "2016-24", (2016, 2024)),
        ("2022-2030", "2022-30", (2022, 2030)),
        ("2016/24", "2016-24", (2016, 2024)),
        ("2095-05", "2095-05", (2095, 2105)),
    ],
)
def test_plan_periods(text, period, years):
    assert plan_period(text) == period
    assert plan_years(period) == years


@pytest.mark.parametrize("text", ["2022", "twenty", "2030-2022", ""])
def test_not_plan_periods(text):
    assert plan_period(text) is None


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("metric_code", "metric_code"),
        ("Metric Code", "metric_code"),
        ("\ufeffmetric", "metric"),
        ("Value Number", "value_number"),
        ("code", "metric_code"),
        ("scope-kind", "scope_kind"),
    ],
)
def test_tidy_headers(header, name):
    assert fold_tidy_header(header) == name
