"""Columns the product can use are imported, not warned about: the LG Inform metric
ID (numbers only; other text in that column is kept as a note on the metric's
source, with a warning), the equality and Marmot flags, and a headline flag that
says SUPPORTING (a supporting metric that year, not a headline one)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.opendata.council import read_lg_inform_id
from scorecard.models import HeadlineMembership, Metric
from tests.reports.helpers import csv_text, import_text

pytestmark = pytest.mark.django_db

HEADER = [
    "Sort Order",
    "Council Plan",
    "Priority",
    "Council Plan Indicator",
    "Equality Indicator",
    "Marmot Indicator",
    "LGInformPlus Metric ID",
    "Indicator",
    "Unit",
    "2017/18 end of year indicator value",
    "2017/18 end of year indicator scope",
    "2017/18 end of year indicator date",
    "Directionality",
    "Progress",
    "Target",
    "Target Status",
]


def row(order, name, *, headline="TRUE", equality="FALSE", marmot="FALSE", lg=""):
    return [
        str(order),
        "A prosperous Coventry",
        "Jobs",
        headline,
        equality,
        marmot,
        lg,
        name,
        "%",
        "60",
        "Coventry",
        "2017/18",
        "High is good",
        "BETTER",
        "",
        "",
    ]


def test_the_id_flags_and_supporting_status_are_kept_on_the_metric():
    text = csv_text(
        [
            HEADER,
            row(1, "Employment rate", lg="4,144", equality="TRUE"),
            row(2, "Life expectancy", lg="see LG Inform profile", marmot="TRUE"),
            row(3, "Visitor numbers", headline="SUPPORTING"),
        ]
    )
    report = import_text("2017-18.csv", text, plan="2016-24")
    metrics = {m.name: m for m in Metric.objects.all()}
    employment, life, visitors = (
        metrics["Employment rate"],
        metrics["Life expectancy"],
        metrics["Visitor numbers"],
    )
    assert (employment.lg_inform_id, employment.equality_flag) == (4144, True)
    assert (life.lg_inform_id, life.marmot_flag) == (None, True)
    assert "LG Inform: see LG Inform profile" in life.source
    (note,) = [g for g in report.warnings if "LGInformPlus" in str(g)]
    assert "'see LG Inform profile'" in str(note)
    # No column the product uses is warned about as unknown.
    assert not [g for g in report.warnings if "not imported" in str(g)]
    assert visitors.supporting_years == {"2016-24": ["2017-18"]}
    headline = set(
        HeadlineMembership.objects.filter(report_year="2017-18").values_list(
            "metric__name", flat=True
        )
    )
    assert headline == {"Employment rate", "Life expectancy"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("4144", 4144),
        ("4,144", 4144),
        (" 93 ", 93),
        ("4144.0", 4144),
        ("0", None),
        ("-5", None),
        ("4144a", None),
        ("n/a", None),
        ("", None),
        ("٤١٤٤", None),  # digits of another script are not an ID
        ("99999999999", None),
    ],
)
def test_an_id_is_a_whole_number_above_zero(text, number):
    assert read_lg_inform_id(text) == number


@given(st.integers(min_value=1, max_value=2**31 - 1))
def test_any_id_reads_back_written_plain_or_with_commas(number):
    assert read_lg_inform_id(str(number)) == number
    assert read_lg_inform_id(f"{number:,}") == number


@given(st.text())
def test_no_text_reads_as_an_id_unless_it_is_digits(text):
    read = read_lg_inform_id(text)
    if read is not None:
        cleaned = text.strip().replace(",", "").removesuffix(".0")
        assert cleaned.isdigit() and int(cleaned) == read
