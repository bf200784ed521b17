"""Imports show what they would change, keep who wrote what, and can be undone
(issue 14, item 3), on the demo data and the sample files."""

import pytest
from django.urls import reverse

from demo.loader import load_demo
from demo.timeline import REFERENCE_DAY
from reports.models import ImportRun
from reports.opendata.outcome import share
from reports.services.imports import import_run_undo
from scorecard.models import (
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
)
from scorecard.selectors import headline_summary
from strategies.models import Plan, Priority
from tests.reports.helpers import NEWER, csv_text, import_paths, sample_path, source
from tests.reports.test_pages import upload

pytestmark = pytest.mark.django_db

ISSUE_CHANGE = "2024-25 (One Coventry Plan 2022-30): 88% (21/24) → 84% (26/31)"


@pytest.fixture
def demo():
    load_demo(today=REFERENCE_DAY)
    return Plan.objects.get(period="2022-30")


def counts(plan, year):
    return headline_summary(plan=plan, year=year).summary


def revising_file(code="OCP027", figure="30.1", period="2023-24"):
    """A tidy file revising one demo figure of an earlier year."""
    metric = Metric.objects.get(code=code)
    return csv_text(
        [
            ["metric_code", "metric", "unit", "period", "value"],
            [metric.code, metric.name, metric.unit, period, figure],
        ]
    )


def test_the_issues_sample_import_shows_its_headline_change_before_applying(demo):
    # The issue: after the sample was imported, 2024-25 went from 88% (21/24) to
    # 84% (26/31), and the preview said only what it added.
    assert share(counts(demo, "2024-25")) == "88% (21/24)"
    report = import_paths(sample_path(NEWER), dry_run=True, today=REFERENCE_DAY)
    assert [str(c).split(" (improved")[0] for c in report.headline_changes] == [
        ISSUE_CHANGE
    ]
    assert report.needs_confirmation
    assert share(counts(demo, "2024-25")) == "88% (21/24)"  # nothing applied
    import_paths(sample_path(NEWER), today=REFERENCE_DAY)
    assert share(counts(demo, "2024-25")) == "84% (26/31)"


def test_a_revision_of_an_earlier_year_is_listed_and_its_headline_change_shown(demo):
    before = counts(demo, "2023-24")
    report = import_paths_text("revise.csv", revising_file(), dry_run=True)
    (line,) = report.revisions
    assert str(line) == (
        "OCP027 " + Metric.objects.get(code="OCP027").name + ", 2023-24 "
        "(Coventry): 33.4 → 30.1"
    )
    change = next(c for c in report.headline_changes if c.year == "2023-24")
    assert change.before_summary == before
    assert change.after_summary.improved == before.improved - 1
    assert change.after_summary.got_worse == before.got_worse + 1
    assert counts(demo, "2023-24") == before  # a dry run changes nothing


def import_paths_text(name, text, **options):
    from reports.opendata.importer import open_data_import

    return open_data_import(files=[source(name, text)], today=REFERENCE_DAY, **options)


def test_undoing_an_import_restores_the_earlier_headline_counts_exactly(demo):
    insight = demo_user("insight")
    years = ["2023-24", "2024-25", "2025-26"]
    before = {year: counts(demo, year) for year in years}
    report = import_paths_text("revise.csv", revising_file(), user=insight)
    preview_after = {c.year: c.after_summary for c in report.headline_changes}
    assert preview_after["2023-24"] == counts(demo, "2023-24")
    assert counts(demo, "2023-24") != before["2023-24"]
    run = ImportRun.objects.get()
    value = MetricValue.objects.get(metric__code="OCP027", period="2023-24", revision=2)
    assert value.import_run == run

    import_run_undo(run=run, user=insight, reason="Sent the wrong file")
    assert {year: counts(demo, year) for year in years} == before
    value.refresh_from_db()
    assert value.approval == "withdrawn"
    run.refresh_from_db()
    assert (run.status, run.undone_by, run.undo_reason) == (
        "undone",
        insight,
        "Sent the wrong file",
    )
    assert run.undone_at is not None


def test_undo_withdraws_everything_an_import_wrote_and_retires_its_metrics():
    insight = factories_insight()
    import_paths(sample_path(NEWER), user=insight)
    run = ImportRun.objects.get()
    for model in (MetricValue, ComparatorValue, RecordedVerdict, Target):
        assert model.objects.filter(import_run=run).exists(), model
        assert not model.objects.exclude(import_run=run).exists(), model
    assert HeadlineMembership.objects.filter(import_run=run).count() == 9
    assert Metric.objects.filter(import_run=run).count() == 10

    import_run_undo(run=run, user=insight, reason="Test")
    assert not MetricValue.objects.exclude(approval="withdrawn").exists()
    assert not ComparatorValue.objects.filter(withdrawn_at__isnull=True).exists()
    assert not RecordedVerdict.objects.filter(withdrawn_at__isnull=True).exists()
    assert not Target.objects.exists()
    assert not HeadlineMembership.objects.exists()
    assert set(Metric.objects.values_list("status", flat=True)) == {"retired"}
    # The plan structure it created that nothing uses any more is gone; the plan
    # its withdrawn verdicts were recorded for stays, with them.
    assert not Priority.objects.exists()
    assert list(Plan.objects.values_list("period", flat=True)) == ["2022-30"]
    assert run.__class__.objects.get().status == "undone"

    # Importing the file again brings it all back, as new revisions.
    import_paths(sample_path(NEWER), user=insight)
    assert set(Metric.objects.values_list("status", flat=True)) == {"agreed"}
    assert MetricValue.objects.filter(approval="approved").count() == 44
    assert HeadlineMembership.objects.count() == 9


def test_undo_puts_back_a_changed_target_and_headline_list():
    insight = factories_insight()
    first = wide_file(target="To increase", headline="TRUE")
    import_paths_text("one.csv", first, user=insight)
    second = wide_file(target="<12", headline="FALSE", current="14")
    import_paths_text("two.csv", second, user=insight)
    later = ImportRun.objects.order_by("-pk").first()
    assert Target.objects.get().text == "<12"
    assert not HeadlineMembership.objects.exists()

    import_run_undo(run=later, user=insight, reason="Wrong year")
    target = Target.objects.get()
    assert (target.text, target.kind) == ("To increase", "directional")
    assert HeadlineMembership.objects.count() == 1
    latest = MetricValue.objects.exclude(approval="withdrawn").get(period="2023-24")
    assert latest.value_text == "12"
    assert Metric.objects.get().status == "agreed"  # created by the first import


def test_only_the_latest_import_to_touch_a_metric_can_be_undone():
    insight = factories_insight()
    import_paths_text("one.csv", wide_file(), user=insight)
    import_paths_text("two.csv", wide_file(current="14"), user=insight)
    first, second = ImportRun.objects.order_by("pk")
    from coventry_pm.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError, match=f"Import {second.pk} \\(two.csv\\)"):
        import_run_undo(run=first, user=insight, reason="No")
    import_run_undo(run=second, user=insight, reason="Yes")
    import_run_undo(run=first, user=insight, reason="Then this")
    assert not MetricValue.objects.exclude(approval="withdrawn").exists()


def test_only_the_performance_administrator_undoes_an_import(officer):
    from coventry_pm.core.exceptions import PermissionDeniedError

    insight = factories_insight()
    import_paths_text("one.csv", wide_file(), user=insight)
    with pytest.raises(PermissionDeniedError):
        import_run_undo(run=ImportRun.objects.get(), user=officer, reason="No")
    assert ImportRun.objects.get().status == "applied"


# --- the pages -----------------------------------------------------------------------


def test_the_preview_page_shows_the_change_and_applying_needs_confirmation(
    client, demo
):
    client.force_login(demo_user("insight"))
    client.post(reverse("reports:import_list"), {"files": [upload()]})
    run = ImportRun.objects.get()
    page = client.get(run.get_absolute_url()).text
    assert ISSUE_CHANGE in page
    assert "I have checked the change to 1 report year’s headline counts" in page

    response = client.post(reverse("reports:import_apply", args=[run.pk]))
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert "Confirm that you have checked the changes above" in response.text
    assert ImportRun.objects.get().status == "previewed"
    assert share(counts(demo, "2024-25")) == "88% (21/24)"

    client.post(reverse("reports:import_apply", args=[run.pk]), {"confirm": "on"})
    assert ImportRun.objects.get().status == "applied"
    assert share(counts(demo, "2024-25")) == "84% (26/31)"


def test_the_preview_lists_the_revisions_with_their_old_and_new_figures(client, demo):
    client.force_login(demo_user("insight"))
    client.post(
        reverse("reports:import_list"),
        {"files": [upload("revise.csv", revising_file().encode())]},
    )
    page = client.get(ImportRun.objects.get().get_absolute_url()).text
    assert "1 earlier figure revised" in page
    assert "<td>33.4</td><td>30.1</td>" in page
    assert "I have checked the 1 revision to earlier figures" in page


def test_an_applied_import_is_undone_from_its_page_with_a_reason(client, demo):
    insight = demo_user("insight")
    before = counts(demo, "2023-24")
    import_paths_text("revise.csv", revising_file(), user=insight)
    run = ImportRun.objects.get()
    client.force_login(insight)
    page = client.get(run.get_absolute_url()).text
    assert "Undo this import" in page

    refused = client.post(reverse("reports:import_undo", args=[run.pk]), {})
    assert 'class="error-summary"' in refused.text
    assert "Say why the import is being undone." in refused.text
    assert ImportRun.objects.get().status == "applied"

    response = client.post(
        reverse("reports:import_undo", args=[run.pk]),
        {"reason": "Sent the wrong file", "confirm": "on"},
        follow=True,
    )
    assert f"Import {run.pk} undone." in response.text
    assert "Sent the wrong file" in response.text
    assert counts(demo, "2023-24") == before


def test_the_page_lists_what_blocks_an_undo(client):
    insight = factories_insight()
    import_paths_text("one.csv", wide_file(), user=insight)
    import_paths_text("two.csv", wide_file(current="14"), user=insight)
    first, second = ImportRun.objects.order_by("pk")
    client.force_login(insight)
    page = client.get(first.get_absolute_url()).text
    assert "This import cannot be undone" in page
    assert f"Import {second.pk}</a> (two.csv): OD0001" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it is a PNG image"),
        ("empty.csv", b"", "The submitted file is empty."),
        ("binary.csv", bytes(range(256)) * 8, "it holds binary data"),
        ("odd.csv", b"\x81\x8d\x90 metric,period\n", "neither UTF-8 nor Windows"),
        ("broken.xlsx", b"PK\x03\x04not a workbook", "cannot be opened"),
        ("old.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel (.xls)"),
    ],
)
def test_an_upload_that_is_not_a_readable_file_is_refused_and_nothing_recorded(
    client, name, data, message
):
    client.force_login(factories_insight())
    response = client.post(
        reverse("reports:import_list"), {"files": [upload(name, data)]}
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert message in response.text
    assert not ImportRun.objects.exists()


# --- helpers -------------------------------------------------------------------------


def demo_user(username):
    from coventry_pm.accounts.models import User

    return User.objects.get(username=username)


def factories_insight():
    from tests import factories

    return factories.UserFactory(
        username="insight-admin", roles=["performance_admin", "employee"]
    )


def wide_file(target="To increase", headline="TRUE", current="12"):
    return csv_text(
        [
            [
                "Sort Order",
                "One Coventry Plan 2022-30 Vision",
                "Council Plan 2022-30 Metric",
                "Progress towards 2022-30 Plan",
                "Target",
                "Target Status towards 2022-30 Plan",
                "Metric",
                "Unit",
                "2022-23 end of year metric value",
                "2023-24 end of year metric value",
            ],
            [
                "1",
                "Increasing the economic prosperity of the city and region",
                headline,
                "BETTER",
                target,
                "On-Target",
                "Library visits",
                "number",
                "10",
                current,
            ],
        ]
    )
