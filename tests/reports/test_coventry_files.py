"""The council's real published files (../shared/data/coventry), imported in order
of publication: a later file revises earlier years, the preview says so, and
undoing it puts every year's headline counts back exactly."""

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from reports.models import ImportRun
from reports.opendata.changes import headline_counts, headline_years
from reports.services.imports import import_run_undo
from scorecard.models import Metric, MetricValue
from scorecard.selectors import metric_assessments
from strategies.models import Plan
from tests import factories
from tests.reports.helpers import import_paths

pytestmark = pytest.mark.django_db

FOLDER = Path(settings.BASE_DIR).parent / "shared" / "data" / "coventry"
IN_ORDER = [
    "Council Plan 2016-17 half year",
    "Council Plan 2017-18 half year",
    "Council Plan 2017-18 end of year",
    "Council Plan 2018-19 end of year",
    "Council Plan 2019-20 end of year",
    "Council Plan 2021-22 end of year",
    "Council Plan 2023-24 end of year",
]


def published(prefix: str) -> Path:
    return next(FOLDER.glob(f"{prefix}*.csv"))


@pytest.mark.skipif(not FOLDER.is_dir(), reason="the council's files are not here")
def test_the_2023_24_file_revises_earlier_years_and_undoing_it_restores_them():
    insight = factories.UserFactory(username="sam", roles=["performance_admin"])
    for prefix in IN_ORDER[:-1]:
        import_paths(published(prefix), user=insight)
    before = headline_counts(headline_years())
    latest_before = MetricValue.objects.exclude(approval="withdrawn").count()

    preview = import_paths(published(IN_ORDER[-1]), dry_run=True, user=insight)
    assert preview.revisions_total == 167
    assert any(
        str(r).split(" ", 1)[1]
        == "Visitor trips, 2021-22 (Coventry): 4028000 → 8197000"
        for r in preview.revisions
    )
    assert headline_counts(headline_years()) == before  # a dry run changes nothing

    applied = import_paths(published(IN_ORDER[-1]), user=insight)
    assert applied.revisions_total == preview.revisions_total
    assert [str(c) for c in applied.headline_changes] == [
        str(c) for c in preview.headline_changes
    ]
    after = headline_counts(headline_years())
    assert after != before
    for change in applied.headline_changes:
        assert change.after_summary in after.values()

    run = ImportRun.objects.order_by("-pk").first()
    import_run_undo(run=run, user=insight, reason="Imported out of turn")
    assert headline_counts(headline_years()) == before
    assert MetricValue.objects.exclude(approval="withdrawn").count() == latest_before


# Each end-of-year file's own verdict column, and its headline flag column, by plan.
VERDICT_COLUMNS = [
    ("2017-18", "2016-24", "Council Plan Indicator", "Progress"),
    ("2018-19", "2016-24", "Council Plan Indicator", "Progress"),
    ("2019-20", "2016-24", "Council Plan Indicator", "Progress"),
    (
        "2021-22",
        "2016-24",
        "Council Plan 2016-24 Metric",
        "Progress towards 2016-24 Plan",
    ),
    (
        "2021-22",
        "2022-30",
        "Council Plan 2022-30 Metric",
        "Progress towards 2022-30 Plan",
    ),
    (
        "2023-24",
        "2022-30",
        "Council Plan 2022-30 Metric",
        "Progress towards 2022-30 Plan",
    ),
]
# The council's codes, as the files spell them, and the product's keys.
CODES = {
    "BETTER": "improved",
    "EQUALS": "similar",
    "WORSE": "got_worse",
    "CANT SAY": "cannot_say",
    "NA": "not_available",
    "N/A": "not_available",
}


def file_counts(year: str, flag: str, verdict: str) -> dict[str, int]:
    """The headline rows' verdicts counted straight from the file, by the csv
    module: nothing of the importer's."""
    raw = published(f"Council Plan {year} end of year").read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    rows = list(csv.reader(text.splitlines()))
    header = rows[0]
    flag_at, verdict_at = header.index(flag), header.index(verdict)
    counts: dict[str, int] = dict.fromkeys(CODES.values(), 0)
    for row in rows[1:]:
        if len(row) > verdict_at and row[flag_at].strip().upper() == "TRUE":
            counts[CODES[row[verdict_at].strip()]] += 1
    return counts


@pytest.mark.skipif(not FOLDER.is_dir(), reason="the council's files are not here")
def test_every_file_imports_and_each_years_headline_counts_are_the_files_own():
    for prefix in IN_ORDER:
        report = import_paths(published(prefix))
        # Warnings people can read: grouped, never hundreds.
        assert report.warnings_total <= 40, (prefix, report.warnings_total)
    # The 2021-22 file also carries the 2016-24 plan's final year.
    import_paths(published("Council Plan 2021-22 end of year"), plan="2016-24")
    for year, plan_period, flag, verdict in VERDICT_COLUMNS:
        plan = Plan.objects.get(start_year=int(plan_period[:4]))
        rows = [
            row
            for row in metric_assessments(
                metrics=Metric.objects.all(), year=year, plan=plan
            )
            if row.headline
        ]
        shown = Counter(row.progress_shown.value for row in rows)
        expected = file_counts(year, flag, verdict)
        assert {key: shown.get(key, 0) for key in expected} == expected, (
            year,
            plan_period,
        )
