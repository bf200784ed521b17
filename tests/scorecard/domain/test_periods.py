from datetime import date

import pytest

from scorecard.domain.periods import (
    Period,
    data_status_from_label,
    frequency_of,
    parse_period,
    period_from_column,
)


@pytest.mark.parametrize(
    ("text", "period", "normalised"),
    [
        ("2024-25", Period(2024, "annual", 1), "2024-25"),
        ("2024/25", Period(2024, "annual", 1), "2024-25"),
        ("2024-2025", Period(2024, "annual", 1), "2024-25"),
        (" 2024 - 25 ", Period(2024, "annual", 1), "2024-25"),
        ("1999-00", Period(1999, "annual", 1), "1999-00"),
        ("1999-2000", Period(1999, "annual", 1), "1999-00"),
        ("2024-25 H1", Period(2024, "half_year", 1), "2024-25 H1"),
        ("2024-25 h2", Period(2024, "half_year", 2), "2024-25 H2"),
        ("2024-25 Q1", Period(2024, "quarter", 1), "2024-25 Q1"),
        ("2024-25 Q4", Period(2024, "quarter", 4), "2024-25 Q4"),
        ("2024-25 M01", Period(2024, "month", 1), "2024-25 M01"),
        ("2024-25 M1", Period(2024, "month", 1), "2024-25 M01"),
        ("2024-25 M12", Period(2024, "month", 12), "2024-25 M12"),
    ],
)
def test_parse_and_normalise(text: str, period: Period, normalised: str) -> None:
    assert Period.parse(text) == period
    assert parse_period(text) == period
    assert str(period) == normalised


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024", "'2024' is not a reporting period"),
        ("2024-26", "'2024-26' is not a financial year: 26 does not follow 2024"),
        ("2024-2026", "'2024-2026' is not a financial year"),
        (
            "2024-25 Q5",
            "'2024-25 Q5' is not a reporting period: a quarter period's "
            "index runs from 1 to 4, not 5",
        ),
        ("2024-25 H3", "index runs from 1 to 2, not 3"),
        ("2024-25 M13", "index runs from 1 to 12, not 13"),
        ("2024-25 M00", "index runs from 1 to 12, not 0"),
        ("2024-25 X1", "'2024-25 X1' is not a reporting period"),
        ("", "'' is not a reporting period"),
    ],
)
def test_parse_rejects_what_is_not_a_period(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Period.parse(text)


@pytest.mark.parametrize(
    ("frequency", "index"),
    [("weekly", 1), ("annual", 2), ("quarter", 0), ("month", 13)],
)
def test_constructor_validates(frequency: str, index: int) -> None:
    with pytest.raises(ValueError):
        Period(2024, frequency, index)


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        ("2024-25", "2023-24"),
        ("2000-01", "1999-00"),
        ("2024-25 H2", "2024-25 H1"),
        ("2024-25 H1", "2023-24 H2"),
        ("2024-25 Q3", "2024-25 Q2"),
        ("2024-25 Q1", "2023-24 Q4"),
        ("2024-25 M06", "2024-25 M05"),
        ("2024-25 M01", "2023-24 M12"),
    ],
)
def test_previous_is_the_same_frequency(period: str, previous: str) -> None:
    assert str(Period.parse(period).previous()) == previous
    assert str(Period.parse(previous).next()) == period


@pytest.mark.parametrize(
    ("period", "last_year"),
    [
        ("2024-25", "2023-24"),
        ("2024-25 H1", "2023-24 H1"),
        ("2024-25 Q3", "2023-24 Q3"),
        ("2024-25 M12", "2023-24 M12"),
    ],
)
def test_same_period_last_year(period: str, last_year: str) -> None:
    assert str(Period.parse(period).same_period_last_year()) == last_year


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2024-25", date(2024, 4, 1), date(2025, 3, 31)),
        ("2024-25 H1", date(2024, 4, 1), date(2024, 9, 30)),
        ("2024-25 H2", date(2024, 10, 1), date(2025, 3, 31)),
        ("2024-25 Q1", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024-25 Q2", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-25 Q3", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-25 Q4", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024-25 M01", date(2024, 4, 1), date(2024, 4, 30)),
        ("2024-25 M09", date(2024, 12, 1), date(2024, 12, 31)),
        ("2024-25 M10", date(2025, 1, 1), date(2025, 1, 31)),
        ("2023-24 M11", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-25 M11", date(2025, 2, 1), date(2025, 2, 28)),
        ("2024-25 M12", date(2025, 3, 1), date(2025, 3, 31)),
    ],
)
def test_start_and_end_dates(period: str, start: date, end: date) -> None:
    parsed = Period.parse(period)
    assert parsed.start_date() == start
    assert parsed.end_date() == end


@pytest.mark.parametrize(
    "period", ["2024-25", "2024-25 H2", "2024-25 Q1", "2024-25 M07"]
)
def test_year_is_the_annual_period_containing_it(period: str) -> None:
    assert str(Period.parse(period).year()) == "2024-25"


def test_periods_of_one_frequency_sort_in_time() -> None:
    periods = [Period.parse(p) for p in ("2024-25 Q2", "2023-24 Q4", "2024-25 Q1")]
    assert [str(p) for p in sorted(periods)] == [
        "2023-24 Q4",
        "2024-25 Q1",
        "2024-25 Q2",
    ]


@pytest.mark.parametrize(
    ("header", "period"),
    [
        # every period part of the sample files' headers
        ("2015/16 end of year indicator value", "2015-16"),
        ("2016/17 end of year indicator comparator indicator value", "2016-17"),
        ("2017/18 end of year comparator indicator scope", "2017-18"),
        ("2018-19 end of year indicator national indicator date", "2018-19"),
        ("2021-22 end of year metric value", "2021-22"),
        ("2021-22  end of year metric date", "2021-22"),
        ("2022-23 end of year comparator value", "2022-23"),
        ("2024-25 end of year national metric scope", "2024-25"),
        # the bare period parts the council uses
        ("2021-22 end of year", "2021-22"),
        ("2015/16 end of year", "2015-16"),
        ("2018-19 end of year", "2018-19"),
        ("2023-24 half year", "2023-24 H1"),
        ("2023-24 half-year metric value", "2023-24 H1"),
        ("2023-24 mid year", "2023-24 H1"),
        ("2023-24 H2", "2023-24 H2"),
        ("2023-24 Q2", "2023-24 Q2"),
        ("2023-24 quarter 3", "2023-24 Q3"),
        ("2023-24 M06", "2023-24 M06"),
        ("2023-24", "2023-24"),
        ("\ufeff2019/2020 end of year", "2019-20"),
    ],
)
def test_period_from_column(header: str, period: str) -> None:
    assert str(period_from_column(header)) == period


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Metric", "no financial year such as '2024-25' in the column 'Metric'"),
        ("2023-25 end of year", "is not a financial year"),
        ("2023-24 M13", "names no period"),
    ],
)
def test_period_from_column_rejects_headers_without_a_period(
    header: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        period_from_column(header)


@pytest.mark.parametrize(
    ("label", "status"),
    [
        # every data label of the sample files
        ("2015", "final"),
        ("2016", "final"),
        ("2018 provisional", "provisional"),
        ("2015/16", "final"),
        ("Aug-16", "final"),
        ("Mar-19", "final"),
        ("2021/22", "final"),
        ("2023/24 provisional", "provisional"),
        ("2024/25 provisional", "provisional"),
        ("Jan-Dec 2021", "final"),
        ("Jan 23-Dec 23", "final"),
        ("Mar-22", "final"),
        ("2021", "final"),
        ("", "final"),
        # the other statuses
        ("2023/24 Provisional", "provisional"),
        ("2022 (p)", "provisional"),
        ("2022/23 revised", "revised"),
        ("2022 (r)", "revised"),
        ("Mid-2023 estimate", "estimated"),
        ("2023 estimated", "estimated"),
        ("2023 [e]", "estimated"),
        ("2023 final", "final"),
        ("Revised provisional", "provisional"),
    ],
)
def test_data_status_from_label(label: str, status: str) -> None:
    assert data_status_from_label(label) == status


@pytest.mark.parametrize(
    ("day", "frequency", "expected"),
    [
        (date(2026, 11, 26), "annual", "2026-27"),
        (date(2026, 3, 31), "annual", "2025-26"),
        (date(2026, 4, 1), "annual", "2026-27"),
        (date(2026, 11, 26), "quarter", "2026-27 Q3"),
        (date(2026, 6, 30), "quarter", "2026-27 Q1"),
        (date(2027, 1, 1), "quarter", "2026-27 Q4"),
        (date(2026, 9, 30), "half_year", "2026-27 H1"),
        (date(2026, 10, 1), "half_year", "2026-27 H2"),
        (date(2026, 4, 15), "month", "2026-27 M01"),
        (date(2027, 3, 1), "month", "2026-27 M12"),
    ],
)
def test_the_period_containing_a_day(day, frequency, expected):
    assert str(Period.containing(day, frequency)) == expected


@pytest.mark.parametrize(
    ("text", "frequency"),
    [
        ("2025-26", "annual"),
        ("2025-26 H1", "half_year"),
        ("2025-26 Q2", "quarter"),
        ("2025-26 M06", "month"),
        ("Mid-2023 estimate", None),
        ("", None),
    ],
)
def test_frequency_of_a_stored_key_or_none_for_other_text(text, frequency):
    assert frequency_of(text) == frequency
