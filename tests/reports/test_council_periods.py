"""Which period a council file's verdicts, targets and headline list are for.

A half-year file's verdict columns are the council's verdicts at the half year; an
end-of-year file's are the year's; what a file states about another period is
recorded for that period, but never over what that period's own file recorded.
The files here are small copies of the shapes of the council's real files
(../shared/data/coventry).
"""

import pytest

from reports.opendata.importer import open_data_import
from scorecard.models import HeadlineMembership, RecordedVerdict, Target
from tests.reports.helpers import csv_text, import_text, source

pytestmark = pytest.mark.django_db

# The 2017-18 half-year file's shape: its verdict columns name their period.
HALF_2017_18 = [
    "Sort Order",
    "Council Plan",
    "Priority",
    "Council Plan Indicator",
    "Indicator Description",
    "Unit",
    "Directionality",
    "2017/18 half year progress",
    "2017/18 end of year target",
    "2017/18 half year target status",
    "2017/18 half year indicator value",
    "2017/18 half year indicator scope",
    "2017/18 half year indicator date",
    "2016/17 end of year indicator value",
    "2016/17 end of year indicator scope",
    "2016/17 end of year indicator date",
]

# The end-of-year files' shape: Progress (codes), then Progress (words).
END_2017_18 = [
    "Sort Order",
    "Council Plan",
    "Priority",
    "Progress",
    "Council Plan Indicator",
    "Indicator",
    "Unit",
    "2016/17 end of year indicator value",
    "2016/17 end of year indicator scope",
    "2016/17 end of year indicator date",
    "2017/18 end of year indicator value",
    "2017/18 end of year indicator scope",
    "2017/18 end of year indicator date",
    "Directionality",
    "Progress",
    "Target",
    "Target Status",
]

# The 2016-17 half-year file's shape: no Sort Order, codes in "Progress" and the
# same verdict in words in a column headed "2016/17 end of year progress".
HALF_2016_17 = [
    "Council Plan",
    "Priority",
    "Council Plan Indicator",
    "Progress",
    "Indicator",
    "Unit",
    "2015/16 end of year indicator value",
    "2015/16 end of year indicator scope",
    "2015/16 end of year indicator date",
    "2016/17 half year indicator value",
    "2016/17 half year indicator scope",
    "2016/17 half year indicator date",
    "Directionality",
    "2016/17 end of year progress",
    "2016/17 end of year target",
    "2016/17 half year target status",
]

# A later end-of-year file that repeats the year before's target and verdicts.
END_2018_19_REPEATING = [
    "Sort Order",
    "Council Plan",
    "Priority",
    "Progress",
    "Council Plan Indicator",
    "Indicator",
    "Unit",
    "2017/18 end of year indicator value",
    "2017/18 end of year indicator scope",
    "2017/18 end of year indicator date",
    "2018-19 end of year indicator value",
    "2018-19 end of year indicator scope",
    "2018-19 end of year indicator date",
    "Directionality",
    "Progress",
    "Target",
    "Target Status",
    "2017/18 end of year target",
    "2017/18 end of year progress",
    "2017/18 end of year target status",
]

PLAN = "A prosperous Coventry"
PRIORITY = "Creating jobs"


def half_2017_18(name, flag="TRUE", order="1", progress="Improved", status="N/A"):
    return [
        order,
        PLAN,
        PRIORITY,
        flag,
        name,
        "%",
        "High is good",
        progress,
        "To increase",
        status,
        "61",
        "Coventry",
        "Apr-Sep 2017",
        "60",
        "Coventry",
        "2016/17",
    ]


def end_2017_18(name, order="1", code="BETTER", words="Right direction", target=""):
    return [
        order,
        PLAN,
        PRIORITY,
        code,
        "TRUE",
        name,
        "%",
        "60",
        "Coventry",
        "2016/17",
        "63",
        "Coventry",
        "2017/18",
        "High is good",
        words,
        target or "To increase",
        "On-target",
    ]


def periods_of(name):
    return sorted(
        RecordedVerdict.objects.filter(metric__name=name).values_list(
            "period", flat=True
        )
    )


def headline_names(year):
    return set(
        HeadlineMembership.objects.filter(report_year=year).values_list(
            "metric__name", flat=True
        )
    )


def test_a_half_year_files_verdicts_are_recorded_for_its_half():
    text = csv_text([HALF_2017_18, half_2017_18("Employment rate")])
    report = import_text("half.csv", text)
    assert report.files[0].report_year == "2017-18 H1"
    (verdict,) = RecordedVerdict.objects.all()
    assert (verdict.period, verdict.progress) == ("2017-18 H1", "improved")
    # The headline list and the end-of-year target are the year's.
    assert headline_names("2017-18") == {"Employment rate"}
    target = Target.objects.get()
    assert (target.period, target.text) == ("2017-18", "To increase")


def test_the_2016_17_half_years_progress_in_words_is_its_verdict_at_the_half():
    row = [
        PLAN,
        PRIORITY,
        "TRUE",
        "BETTER",
        "Employment rate",
        "%",
        "70",
        "Coventry",
        "2015/16",
        "71",
        "Coventry",
        "Apr-Sep 2016",
        "High is good",
        "Right direction",
        "75",
        "Off-target",
    ]
    report = import_text("half.csv", csv_text([HALF_2016_17, row]))
    (verdict,) = RecordedVerdict.objects.all()
    assert (verdict.period, verdict.progress, verdict.target_status) == (
        "2016-17 H1",
        "improved",
        "off_target",
    )
    assert not RecordedVerdict.objects.filter(period="2015-16").exists()
    assert Target.objects.get().period == "2016-17"
    assert any(
        "read as the verdicts at 2016-17 H1" in w.message
        and w.column == "2016/17 end of year progress"
        for w in report.warnings
    )


def test_an_end_of_year_files_verdicts_are_for_its_year():
    import_text("end.csv", csv_text([END_2017_18, end_2017_18("Employment rate")]))
    assert periods_of("Employment rate") == ["2017-18"]


def test_the_end_of_year_file_states_the_years_whole_headline_list():
    # The half year names one metric differently and lists one the year drops.
    half = csv_text(
        [
            HALF_2017_18,
            half_2017_18("Employment rate - %"),
            half_2017_18("Visitor trips", order="2"),
        ]
    )
    end = csv_text(
        [
            END_2017_18,
            end_2017_18("Employment rate"),
            end_2017_18("Visitor trips", order="2"),
        ]
    )
    import_text("half.csv", half)
    assert headline_names("2017-18") == {"Employment rate - %", "Visitor trips"}
    report = import_text("end.csv", end)
    assert headline_names("2017-18") == {"Employment rate", "Visitor trips"}
    assert report.totals["headline_removed"] == 1
    assert any("taken out of the list" in w.message for w in report.warnings)
    # The half year's verdicts stay the half year's.
    assert periods_of("Employment rate - %") == ["2017-18 H1"]
    assert periods_of("Visitor trips") == ["2017-18", "2017-18 H1"]


def test_a_half_year_file_imported_after_its_end_of_year_file_leaves_the_list():
    import_text("end.csv", csv_text([END_2017_18, end_2017_18("Employment rate")]))
    report = import_text(
        "half.csv", csv_text([HALF_2017_18, half_2017_18("Employment rate - %")])
    )
    assert headline_names("2017-18") == {"Employment rate"}
    assert any(
        "a half-year file does not change it" in w.message for w in report.warnings
    )
    assert periods_of("Employment rate - %") == ["2017-18 H1"]


def test_one_import_applies_a_years_half_year_file_before_its_end_of_year_file():
    half = csv_text([HALF_2017_18, half_2017_18("Employment rate - %")])
    end = csv_text([END_2017_18, end_2017_18("Employment rate")])
    report = open_data_import(files=[source("end.csv", end), source("half.csv", half)])
    assert [f.name for f in report.files] == ["half.csv", "end.csv"]
    assert headline_names("2017-18") == {"Employment rate"}


def repeating_row(name, *, target, progress, status):
    return [
        "1",
        PLAN,
        PRIORITY,
        "WORSE",
        "TRUE",
        name,
        "%",
        "63",
        "Coventry",
        "2017/18",
        "62",
        "Coventry",
        "2018/19",
        "High is good",
        "Wrong direction",
        "To increase",
        "Off-target",
        target,
        progress,
        status,
    ]


def test_an_earlier_years_columns_are_recorded_for_that_year():
    row = repeating_row(
        "Employment rate", target="62%", progress="Right direction", status="On-target"
    )
    import_text("2018-19.csv", csv_text([END_2018_19_REPEATING, row]))
    verdicts = {
        v.period: (v.progress, v.target_status) for v in RecordedVerdict.objects.all()
    }
    assert verdicts == {
        "2018-19": ("got_worse", "off_target"),
        "2017-18": ("improved", "on_target"),
    }
    targets = dict(Target.objects.values_list("period", "text"))
    assert targets == {"2018-19": "To increase", "2017-18": "62%"}


def test_the_years_own_file_wins_over_a_later_files_repeat_of_it():
    own = csv_text([END_2017_18, end_2017_18("Employment rate", target="60%")])
    repeat = csv_text(
        [
            END_2018_19_REPEATING,
            repeating_row(
                "Employment rate",
                target="99%",
                progress="Wrong direction",
                status="Off-target",
            ),
        ]
    )
    import_text("2017-18.csv", own)
    import_text("2018-19.csv", repeat)
    (verdict,) = RecordedVerdict.objects.filter(period="2017-18")
    assert (verdict.progress, verdict.target_status) == ("improved", "on_target")
    assert Target.objects.get(period="2017-18").text == "60%"


def test_the_years_own_file_imported_after_a_repeat_of_it_replaces_it():
    own = csv_text([END_2017_18, end_2017_18("Employment rate", target="60%")])
    repeat = csv_text(
        [
            END_2018_19_REPEATING,
            repeating_row(
                "Employment rate",
                target="99%",
                progress="Wrong direction",
                status="Off-target",
            ),
        ]
    )
    import_text("2018-19.csv", repeat)
    import_text("2017-18.csv", own)
    newest = (
        RecordedVerdict.objects.filter(period="2017-18")
        .order_by("-recorded_at", "-id")
        .first()
    )
    assert (newest.progress, newest.target_status) == ("improved", "on_target")
    assert Target.objects.get(period="2017-18").text == "60%"
