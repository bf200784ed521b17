"""Reading the council's wide layouts: the samples, and the ways real files differ."""

import io
from decimal import Decimal

import pytest

from reports.opendata.reader import read_file
from reports.opendata.records import (
    COUNCIL_NEWER,
    COUNCIL_OLDER,
    OpenDataError,
)
from tests.reports.helpers import NEWER, OLDER, csv_text, sample_path, sample_rows


def read(text: str | bytes, name: str = "test.csv", **options):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_file(name=name, stream=io.BytesIO(data), **options)


def read_sample(name: str, **options):
    with sample_path(name).open("rb") as stream:
        return read_file(name=name, stream=stream, **options)


def test_the_newer_sample_reads_as_the_2022_30_layout():
    parsed = read_sample(NEWER)
    assert parsed.layout == COUNCIL_NEWER
    assert parsed.plans_named == ["2016-24", "2022-30"]
    assert parsed.plan == "2022-30"
    assert parsed.report_year == "2024-25"
    assert parsed.rows_read == 10
    assert parsed.warnings == []
    library = parsed.metrics[0]
    assert library.name == "Library visits per 1,000 population"
    assert library.unit == "rate per 1,000 population"
    facts = library.facts[("2022-30", "2024-25")]
    assert facts.headline is True
    assert facts.sort_order == 1
    assert facts.priority == "Increasing the economic prosperity of the city and region"
    assert (facts.progress, facts.target_status, facts.target) == (
        "improved",
        "on_target",
        "To increase",
    )
    assert [
        (v.period, v.text, v.period_label, v.data_status) for v in library.values
    ] == [
        ("2021-22", "2101", "2021/22", "final"),
        ("2022-23", "2230", "2022/23", "final"),
        ("2023-24", "2310", "2023/24 provisional", "provisional"),
        ("2024-25", "2455", "2024/25 provisional", "provisional"),
    ]
    # "Coventry " in the file: the trailing space is not part of the place.
    assert {v.scope for v in library.values} == {"Coventry"}
    assert [(c.kind, c.name, c.period) for c in library.comparators][:2] == [
        ("comparator", "West Midlands", "2021-22"),
        ("comparator", "West Midlands", "2022-23"),
    ]
    # The 2022-23 comparator column omits "metric" and is still read.
    assert any(c.period == "2022-23" and c.text == "2120" for c in library.comparators)


def test_the_older_sample_reads_as_the_2016_24_layout():
    parsed = read_sample(OLDER)
    assert parsed.layout == COUNCIL_OLDER
    assert parsed.plans_named == ["2016-24"]
    assert parsed.plan == "2016-24"
    assert parsed.report_year == "2018-19"
    assert parsed.rows_read == 5
    startups, asb, _pupils, _sickness, referrals = parsed.metrics
    assert startups.direction == "up"
    assert asb.direction == "down"
    assert referrals.direction is None  # "N/A": the file says nothing
    facts = asb.facts[("2016-24", "2018-19")]
    assert facts.priority == "Locally committed"
    assert facts.objective == "Make communities safer"
    assert (facts.progress, facts.target_status, facts.target) == (
        "similar",
        "off_target",
        "<30",
    )
    assert referrals.facts[("2016-24", "2018-19")].headline is False
    assert [v.period for v in referrals.values] == ["2015-16", "2016-17", "2018-19"]
    assert startups.values[-1].data_status == "provisional"


def test_plan_option_reads_the_older_plan_columns_of_the_newer_layout():
    parsed = read_sample(NEWER, plan="2016-24")
    assert parsed.plan == "2016-24"
    facts = parsed.metrics[0].facts[("2016-24", "2024-25")]
    assert facts.headline is False
    assert facts.progress is None


@pytest.mark.parametrize(
    ("name", "plan", "message"),
    [
        (NEWER, "2030-38", "--plan 2030-38 does not apply"),
        (OLDER, "2022-30", "the older layout always belongs to the 2016-24 plan"),
    ],
)
def test_a_plan_the_file_does_not_name_is_refused(name, plan, message):
    with pytest.raises(OpenDataError, match=message) as error:
        read_sample(name, plan=plan)
    assert error.value.problem.row == 1


def test_year_option_sets_the_report_year():
    parsed = read_sample(NEWER, year="2023-24")
    assert parsed.report_year == "2023-24"
    assert ("2022-30", "2023-24") in parsed.metrics[0].facts


def with_header(header: list[str], *rows: list[str]) -> str:
    return csv_text([header, *rows])


NEWER_HEADER = [
    "Sort Order",
    "One Coventry Plan 2022-30 Vision",
    "Council Plan 2022-30 Metric",
    "Progress towards 2022-30 Plan",
    "Target",
    "Target Status towards 2022-30 Plan",
    "Metric",
    "Unit",
    "2023-24 end of year metric value",
    "2023-24 end of year metric scope",
    "2023-24 end of year metric date",
    "2024-25 end of year metric value",
    "2024-25 end of year metric scope",
    "2024-25 end of year metric date",
]
ROW = [
    "1",
    "A priority",
    "TRUE",
    "BETTER",
    "To increase",
    "On-Target",
    "Library visits",
    "number",
    "10",
    "Coventry",
    "2023/24",
    "12",
    "Coventry",
    "2024/25",
]


def test_header_variations_all_read_the_same():
    plain = read(with_header(NEWER_HEADER, ROW))
    varied_header = [
        h.replace("metric value", "indicator value").replace(" end", "  end")
        for h in NEWER_HEADER
    ]
    varied_header[6] = "Indicator"
    varied = read(
        "\ufeff" + with_header(varied_header, ROW).replace("\r\n", "\n"),
    )
    for parsed in (plain, varied):
        (metric,) = parsed.metrics
        assert metric.name == "Library visits"
        assert [(v.period, v.text) for v in metric.values] == [
            ("2023-24", "10"),
            ("2024-25", "12"),
        ]
        assert metric.facts[("2022-30", "2024-25")].progress == "improved"


def test_a_duplicated_column_is_read_first_non_empty_with_a_warning():
    header = [*NEWER_HEADER, "Target"]
    first_blank = list(ROW)
    first_blank[4] = ""
    parsed = read(with_header(header, [*first_blank, "To decrease"]))
    assert parsed.metrics[0].facts[("2022-30", "2024-25")].target == "To decrease"
    assert any("appears 2 times" in w.message for w in parsed.warnings)


def test_two_progress_columns_in_the_older_layout_are_codes_then_words():
    header = ["Council Plan", "Priority", "Progress", "Indicator", "Unit", "Progress"]
    header += ["2018-19 end of year indicator value"]
    parsed = read(
        with_header(
            header,
            ["Vision", "Objective", "WORSE", "Name", "%", "Right direction", "5"],
        )
    )
    facts = parsed.metrics[0].facts[("2016-24", "2018-19")]
    assert facts.progress == "got_worse"
    (warning,) = parsed.warnings
    assert "the two Progress columns disagree" in warning.message
    assert warning.row == 2


def test_an_unknown_column_is_warned_about_once():
    parsed = read(with_header([*NEWER_HEADER, "Notes"], [*ROW, "checked"]))
    (warning,) = parsed.warnings
    assert warning.column == "Notes"
    assert "not one the importer knows" in warning.message


def test_cells_it_cannot_read_are_kept_with_warnings():
    row = list(ROW)
    row[2] = "maybe"
    row[3] = "SIDEWAYS"
    row[5] = "Nearly"
    parsed = read(with_header(NEWER_HEADER, row))
    facts = parsed.metrics[0].facts[("2022-30", "2024-25")]
    assert facts.headline is False
    assert facts.progress is None
    assert facts.target_status is None
    messages = [w.message for w in parsed.warnings]
    assert any("'maybe' is not a headline flag" in m for m in messages)
    assert any("'SIDEWAYS' is not a progress verdict" in m for m in messages)
    assert any("'Nearly' is not a target status" in m for m in messages)
    assert {w.row for w in parsed.warnings} == {2}


def test_a_row_with_figures_but_no_metric_name_fails_naming_row_and_column():
    row = list(ROW)
    row[6] = ""
    with pytest.raises(OpenDataError) as error:
        read(with_header(NEWER_HEADER, ROW, row), name="bad.csv")
    problem = error.value.problem
    assert (problem.file, problem.row, problem.column) == ("bad.csv", 3, "Metric")
    assert "bad.csv, row 3, column 'Metric' (G)" in str(error.value)


def test_a_note_row_without_figures_is_skipped_with_a_warning():
    note = [""] * len(NEWER_HEADER)
    note[0] = "Source: Coventry City Council"
    parsed = read(with_header(NEWER_HEADER, ROW, note))
    assert parsed.rows_read == 1
    assert any(w.row == 3 and "not imported" in w.message for w in parsed.warnings)


def test_blank_rows_between_metrics_are_warned_about_and_trailing_ones_are_not():
    blank = [""] * len(NEWER_HEADER)
    second = list(ROW)
    second[6] = "Other metric"
    parsed = read(with_header(NEWER_HEADER, ROW, blank, second, blank, blank))
    assert parsed.rows_read == 2
    assert [w.row for w in parsed.warnings] == [3]


def test_a_title_above_the_header_is_skipped_with_a_warning():
    text = "Coventry open data 2024-25\r\n" + with_header(NEWER_HEADER, ROW)
    parsed = read(text)
    assert parsed.rows_read == 1
    assert parsed.warnings[0].row == 1
    assert "above the header" in parsed.warnings[0].message


def test_semicolons_and_windows_1252_are_read():
    text = with_header(NEWER_HEADER, [*ROW[:6], "Spend on agency staff (£)", *ROW[7:]])
    data = text.replace(",", ";").encode("cp1252")
    parsed = read(data)
    assert parsed.metrics[0].name == "Spend on agency staff (£)"
    assert "not UTF-8" in parsed.warnings[0].message


def test_a_file_that_is_not_open_data_fails():
    with pytest.raises(OpenDataError, match="no header found"):
        read("name,age\r\nAnn,3\r\n")
    with pytest.raises(OpenDataError, match="the file is empty"):
        read("")


def test_a_period_column_naming_no_financial_year_fails_at_the_header():
    header = [*NEWER_HEADER[:8], "2023-25 end of year metric value"]
    with pytest.raises(OpenDataError) as error:
        read(with_header(header, ROW[:9]))
    assert error.value.problem.row == 1
    assert error.value.problem.column == "2023-25 end of year metric value"


def test_a_file_without_end_of_year_columns_reads_its_verdicts_for_the_half_year():
    header = [h.replace("end of year", "half year") for h in NEWER_HEADER]
    parsed = read(with_header(header, ROW))
    assert (parsed.report_year, parsed.report_period) == ("2024-25", "2024-25 H1")
    entry = parsed.metrics[0]
    assert entry.values[1].period == "2024-25 H1"
    assert entry.facts[("2022-30", "2024-25")].headline is True
    assert entry.facts[("2022-30", "2024-25 H1")].progress == "improved"


def test_the_samples_keep_every_row():
    for name in (NEWER, OLDER):
        assert read_sample(name).rows_read == len(sample_rows(name)) - 1


def test_values_are_kept_as_written():
    parsed = read_sample(NEWER)
    texts = {v.text for m in parsed.metrics for v in m.values}
    assert {
        "8,402,113",
        "12.4m",
        "19 out of 41",
        "A-",
        "Female - 66.8 Male - 33.2",
    } <= texts


def test_value_cells_are_not_numbers_yet():
    # Numbers are read with the metric's unit and scale when the file is applied.
    parsed = read_sample(NEWER)
    assert all(v.number is None for m in parsed.metrics for v in m.values)
    assert Decimal  # the importer's tests check the numbers
