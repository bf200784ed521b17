"""The council's real published files (../shared/data/coventry), imported in order
of publication: a later file revises earlier years, the preview says so, and
undoing it puts every year's headline counts back exactly."""

from pathlib import Path

import pytest
from django.conf import settings

from reports.models import ImportRun
from reports.opendata.changes import headline_counts, headline_years
from reports.services.imports import import_run_undo
from scorecard.models import MetricValue
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
