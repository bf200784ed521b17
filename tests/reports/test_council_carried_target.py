"""A file that says on or off target without saying what the target was (the
council's 2019-20 file has a Target Status column and no Target column): the
target the same plan set for the latest earlier year is read as the year's, with a
warning, where the year has no target of its own."""

import pytest

from scorecard.models import CalculatedVerdict, Target
from tests.reports.helpers import csv_text, import_text

pytestmark = pytest.mark.django_db

LEADING = [
    "Sort Order",
    "Council Plan",
    "Priority",
    "Progress",
    "Council Plan Indicator",
    "Indicator",
    "Unit",
]


def header(*years: str, target: bool) -> list[str]:
    columns = list(LEADING)
    for year in years:
        columns += [
            f"{year} end of year indicator value",
            f"{year} end of year indicator scope",
            f"{year} end of year indicator date",
        ]
    columns += ["Directionality", "Progress"]
    if target:
        columns.append("Target")
    return [*columns, "Target Status"]


def row(order: int, name: str, values: list[str], *, target: str | None, status: str):
    cells = [str(order), "A prosperous Coventry", "Jobs", "", "TRUE", name, "%"]
    for value in values:
        cells += [value, "Coventry", ""]
    cells += ["High is good", ""]
    if target is not None:
        cells.append(target)
    return [*cells, status]


def test_a_status_without_a_target_reads_the_plans_latest_earlier_target():
    earlier = csv_text(
        [
            header("2017/18", "2018-19", target=True),
            row(1, "Collection rate", ["97", "98.2"], target="98%", status="On target"),
            row(2, "Pass rate", ["60", "61"], target="70%", status="Off target"),
            row(3, "Online share", ["30", "35"], target="", status="No target set"),
        ]
    )
    import_text("2018-19.csv", earlier)
    later = csv_text(
        [
            header("2018-19", "2019-20", target=False),
            row(1, "Collection rate", ["98.2", "98"], target=None, status="On target"),
            row(2, "Pass rate", ["61", "72"], target=None, status="Off target"),
            row(3, "Online share", ["35", "36"], target=None, status="Off target"),
        ]
    )
    report = import_text("2019-20.csv", later)

    carried = {
        t.metric.name: t.text
        for t in Target.objects.filter(period="2019-20").select_related("metric")
    }
    # The online share's earlier target was "" (none): nothing to carry.
    assert carried == {"Collection rate": "98%", "Pass rate": "70%"}
    (group,) = [g for g in report.warnings if "state no target" in str(g)]
    assert str(group).startswith(
        "2019-20.csv: 2 rows say on or off target and state no target: the plan's "
        "latest earlier target is read as the year's, e.g. row 2 '98%', row 3 '70%'"
    )
    verdicts = {
        v.metric.name: v.target_status
        for v in CalculatedVerdict.objects.filter(period="2019-20").select_related(
            "metric"
        )
    }
    assert verdicts["Collection rate"] == "on_target"  # 98 meets 98%
    assert verdicts["Pass rate"] == "on_target"  # 72 meets 70%
    assert verdicts["Online share"] == "no_target"


def test_a_years_own_target_is_never_replaced_by_a_carried_one():
    import_text(
        "2018-19.csv",
        csv_text(
            [
                header("2018-19", target=True),
                row(1, "Collection rate", ["98.2"], target="98%", status="On target"),
            ]
        ),
    )
    # The 2019-20 target comes with a later file that has a Target column.
    import_text(
        "2019-20 own.csv",
        csv_text(
            [
                header("2019-20", target=True),
                row(1, "Collection rate", ["98"], target="99%", status="Off target"),
            ]
        ),
    )
    report = import_text(
        "2019-20 statuses.csv",
        csv_text(
            [
                header("2019-20", target=False),
                row(1, "Collection rate", ["98"], target=None, status="Off target"),
            ]
        ),
    )
    assert Target.objects.get(period="2019-20").text == "99%"
    assert not [g for g in report.warnings if "state no target" in str(g)]


def test_a_blank_target_cell_beside_on_or_off_target_is_a_gap_but_none_set_is_not():
    """The 2021-22 file's one Target column is the 2022-30 plan's: a metric of the
    2016-24 plan alone has a blank cell there beside its 2016-24 target status."""
    import_text(
        "2018-19.csv",
        csv_text(
            [
                header("2018-19", target=True),
                row(1, "Collection rate", ["98.2"], target="98%", status="On target"),
                row(2, "Pass rate", ["61"], target="70%", status="Off target"),
            ]
        ),
    )
    import_text(
        "2019-20.csv",
        csv_text(
            [
                header("2019-20", target=True),
                row(1, "Collection rate", ["98"], target=" ", status="On target"),
                row(2, "Pass rate", ["62"], target="None set", status="Off target"),
            ]
        ),
    )
    kept = dict(
        Target.objects.filter(period="2019-20").values_list("metric__name", "text")
    )
    assert kept == {"Collection rate": "98%", "Pass rate": "None set"}
