"""Outside the two preview places, nothing runs the assessment engine on request.

The engine (scorecard.calculation) runs when an input changes and stores its
verdicts; every page, endpoint, export and report step reads them. Only the preview
of a figure not yet approved (data entry and the approvals queue) and the import dry
run may assess on request. Here the engine raises, and every named page and API
route is requested as the people who see the most, then the exports, the report
job and ``assess`` are run.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from scorecard import calculation
from tests.security.test_access_matrix import (
    build_world,
    named_urls,
    url_for,
    variants_of,
)

# The preview of a figure not yet approved: entering it, the submission's page
# (what the officer and the approver see), and the approvals queue and the API's
# submission reads, which show it with its calculated verdict.
PREVIEWS = {
    "scorecard:submission_new",
    "scorecard:submission",
    "scorecard:approvals",
    "api:submission-list",
    "api:submission-detail",
    "api:submission-calculated-verdict",
}
PEOPLE = ("insight", "manager", "officer", "cabinet", "anonymous")


class EngineRan(AssertionError):
    pass


def forbid_the_engine(monkeypatch) -> list[str]:
    """Make the engine raise; returns the periods it was asked to assess."""
    calls: list[str] = []

    def refuse(**kwargs):
        calls.append(kwargs.get("period", "?"))
        raise EngineRan("the assessment engine ran on a request")

    monkeypatch.setattr(calculation, "assess", refuse)
    return calls


@pytest.fixture
def engine_forbidden(monkeypatch):
    return forbid_the_engine(monkeypatch)


@pytest.mark.django_db
@pytest.mark.slow  # every page, endpoint, export and report step: whole-system
def test_no_page_endpoint_export_or_report_step_runs_the_engine(
    settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""
    users, world = build_world()  # the demo, with its verdicts stored
    calls = forbid_the_engine(monkeypatch)
    cache.clear()  # the live pages, uncached

    client = Client(raise_request_exception=False)
    urls, _ = named_urls()
    ran: list[str] = []
    for name, params in sorted(urls.items()):
        if name in PREVIEWS or name.startswith("admin:"):
            continue
        for variant in variants_of(name, params, world):
            url = url_for(name, params, world, variant)
            for persona in PEOPLE:
                client.logout()
                if users[persona] is not None:
                    client.force_login(users[persona])
                before = len(calls)
                client.get(url)
                if len(calls) > before:
                    ran.append(f"GET {url} ({name}) as {persona}")
    assert not ran, "These requests ran the engine:\n" + "\n".join(ran)

    from reports.services.annual import report_run_execute, report_run_start
    from strategies.selectors import report_years

    plan = world["plan"]["any"]
    year = report_years(plan)[0]
    for fmt in ("council", "tidy"):
        call_command(
            "export_open_data",
            year=year,
            fmt=fmt,
            out=str(tmp_path / fmt),
            stdout=io.StringIO(),
        )
    out = io.StringIO()
    call_command("assess", year=year, json=True, all=True, stdout=out)
    assert json.loads(out.getvalue())["metrics"]
    # The comparison with the recorded verdicts reads the stored ones too (only
    # --as-published, an analysis like an import's dry run, runs the engine).
    call_command("assess", compare=True, stdout=io.StringIO())
    snapshot = report_run_execute(
        run_id=report_run_start(
            plan=plan, period=year, user=users["insight"], enqueue=False
        ).pk
    )
    assert snapshot is not None
    assert calls == [], f"the engine ran {len(calls)} times"


@pytest.mark.django_db
def test_the_preview_of_an_unapproved_figure_does_run_the_engine(
    engine_forbidden, officer, housing_team
):
    from scorecard.models import MetricValue
    from scorecard.selectors import metric_assessment_preview
    from tests import factories

    metric = factories.MetricFactory(team=housing_team, owner=officer)
    draft = MetricValue(metric=metric, period="2024-25", value_text="50")
    with pytest.raises(EngineRan):
        metric_assessment_preview(metric=metric, year="2024-25", draft=draft)
    assert engine_forbidden == ["2024-25"]
