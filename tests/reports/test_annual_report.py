"""The annual report's generation, content, approval and publication (services)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from coventry_pm.core.exceptions import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)
from reports.annual import content as content_module
from reports.annual.content import headline_codes_in_tables, split_period
from reports.models import ReportRun, ReportSnapshot
from reports.services import annual
from reports.services.annual import (
    open_data_publish,
    report_approve,
    report_publish,
    report_run_execute,
    report_run_start,
    report_runs_fail_stalled,
)
from scorecard.services.verdicts import calculated_verdicts_refresh
from tests.reports.annual import YEAR, git, report_data
from tests.reports.annual import bare_repository as empty_repository


@pytest.fixture
def data(db):
    return report_data()


@pytest.fixture(autouse=True)
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""


@pytest.fixture(autouse=True)
def tasks_on_commit(monkeypatch, django_capture_on_commit_callbacks):
    """Tasks are queued when the transaction commits; tests run them (eagerly)
    at the end of each service call, as the worker would after the commit."""
    for name in ("report_run_start", "report_publish"):
        service = getattr(annual, name)

        def committed(*args, _service=service, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return _service(*args, **kwargs)

        monkeypatch.setitem(globals(), name, committed)


def generate(data, insight, period=YEAR, note="") -> ReportSnapshot:
    """Start a run; with tasks eager (tests), it has run by the time this returns."""
    run = report_run_start(
        plan=data.plan, period=period, user=insight, change_note=note
    )
    run.refresh_from_db()
    assert run.status == ReportRun.Status.READY, run.error
    return ReportSnapshot.objects.get(run=run)


def approved(snapshot, insight, cabinet_member) -> ReportSnapshot:
    report_approve(snapshot=snapshot, user=insight)
    return report_approve(snapshot=snapshot, user=cabinet_member)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024-25", ("2024-25", "")),
        ("2024/25", ("2024-25", "")),
        ("2024-25 H1", ("2024-25", "H1")),
        ("2024-25 H2", ("2024-25", "H2")),
    ],
)
def test_a_report_period_is_a_year_or_a_half_year(period, expected):
    assert split_period(period) == expected


@pytest.mark.parametrize("period", ["2024-25 Q2", "next year", "2024"])
def test_other_periods_are_refused(period):
    with pytest.raises(ValueError):
        split_period(period)


def test_a_run_on_the_task_produces_a_draft_with_its_files(data, insight):
    snapshot = generate(data, insight)
    run = snapshot.run
    assert (run.progress, run.stage, run.attempts) == (100, "Ready", 1)
    assert run.started_by == insight and run.finished_at is not None
    assert snapshot.status == ReportSnapshot.Status.DRAFT
    assert snapshot.version == 1
    assert snapshot.pdf.read(5) == b"%PDF-"
    tidy = snapshot.tidy_csv.read().decode()
    assert tidy.startswith("metric_code,metric,unit")
    assert "Homes built" in tidy
    assert "Homes built" in snapshot.council_csv.read().decode("utf-8-sig")


def test_the_headline_counts_and_sentence(data, insight):
    content = generate(data, insight).content
    assert content["summary"] | {"target_status": None} == {
        "total": 4,
        "improved": 1,  # homes 1,000 → 1,100
        "similar": 1,  # employment 71 → 71
        "got_worse": 1,  # days waiting 30 → 35
        "cannot_say": 1,  # apprenticeships: no previous figure
        "not_available": 0,
        "directional": 3,
        "improved_or_similar": 2,
        "directional_pct": 67,
        "target_status": None,
    }
    assert content["sentence"] == (
        "67% (2/3) of directional metrics improved or stayed the same. "
        "This compares to 100% (3/3) in 2023/24."
    )
    assert [y["year"] for y in content["history"]] == ["2023-24", YEAR]


def test_the_headline_sentence_equals_the_counts_of_the_report_tables(data, insight):
    """Every headline metric is in one priority table, and the sentence's a/b are
    the tables' improved + similar over improved + similar + got worse."""
    content = generate(data, insight).content
    codes = headline_codes_in_tables(content)
    assert sorted(codes) == sorted(content["metrics"]) and len(codes) == len(set(codes))
    shown = [content["metrics"][code]["progress_shown"] for code in codes]
    a = sum(p in ("improved", "similar") for p in shown)
    b = sum(p in ("improved", "similar", "got_worse") for p in shown)
    assert re.match(rf"^{round(100 * a / b)}% \({a}/{b}\) ", content["sentence"])
    by_priority = sum(p["summary"]["total"] for p in content["priorities"])
    assert by_priority + len(content["unassigned"]) == content["summary"]["total"]


def test_the_content_by_priority_objective_and_case_study(data, insight):
    content = generate(data, insight).content
    homes, jobs = content["priorities"]
    assert homes["title"] == "Homes" and homes["objectives"][0]["metrics"] == [
        "H1",
        "H2",
    ]
    assert jobs["unplaced"] == ["J2"]  # a headline metric with no objective
    assert [c["title"] for c in homes["case_studies"]] == ["A family rehoused"]
    row = content["metrics"]["H1"]
    # Three years of figures: too few for the recent trend (five), and no
    # monthly or quarterly series for a control chart.
    assert row.pop("trend")["code"] == "too_few_points"
    assert row.pop("variation") is None
    # No comparator group here (issue 19: tests/reports/test_report_ranks.py).
    assert row.pop("rank") is None
    assert row | {"perspective": None} == {
        "code": "H1",
        "metric": "Homes built",
        "unit": "number",
        "perspective": None,
        "previous_period": "2023-24",
        "previous_value": "1,000",
        "previous_number": "1000",
        "current_period": YEAR,
        "current_value": "1,100",
        "current_number": "1100",
        "comparator": "Statistical neighbours",
        "comparator_value": "1020",
        "comparator_period": YEAR,
        "progress": "improved",
        "progress_recorded": None,
        "progress_shown": "improved",
        "target": "1,050",
        "target_status": "on_target",
        "target_status_recorded": None,
        "target_status_shown": "on_target",
        "disagrees": False,
    }
    chart = content["charts"]["H1"]
    assert chart["periods"] == ["2022-23", "2023-24", YEAR]
    assert chart["series"][0] == {
        "name": "Coventry",
        "values": ["900", "1,000", "1,100"],
    }
    assert chart["series"][1] == {
        "name": "Statistical neighbours",
        "values": [None, None, "1,020"],
    }
    assert chart["svg"].startswith("<svg") and 'role="img"' in chart["svg"]
    assert "The latest is 1,100 in 2024/25." in chart["svg"]
    assert chart["description"] == (
        "The solid line is Coventry's yearly figure, 2022/23 to 2024/25; the "
        "dashed line is the yearly figure of Statistical neighbours."
    )
    assert [w["code"] for w in content["wider_basket"]] == ["W1"]
    people, areas = content["inequalities"]["people"], content["inequalities"]["areas"]
    assert [(i["dimension"], i["best"], i["worst"], i["gap"]) for i in people] == [
        ("sex", "female", "male", "6")
    ]
    assert [(i["dimension"], i["best"], i["worst"]) for i in areas] == [
        ("ward", "Brook End", "Ashmore")
    ]


def test_a_half_year_report_leaves_out_what_came_later(data, insight):
    homes = data.metrics["homes"]
    for period, text in (("2024-25 Q1", "250"), ("2024-25 Q2", "260")):
        homes.values.create(period=period, value_text=text, value_number=text)
    homes.values.create(period="2024-25 Q3", value_text="300", value_number=300)
    calculated_verdicts_refresh(metric_ids=[homes.pk])
    content = generate(data, insight, period="2024-25 H1").content
    row = content["metrics"]["H1"]
    assert (row["current_period"], row["current_value"]) == ("2024-25 Q2", "260")
    assert content["metrics"]["H2"]["progress"] == "not_available"  # annual only


def test_only_the_performance_administrator_starts_a_run(data, cabinet_member):
    with pytest.raises(PermissionDeniedError):
        report_run_start(plan=data.plan, period=YEAR, user=cabinet_member)
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize(
    ("period", "message"),
    [("2024-25 Q3", "is not a report period"), ("2031-32", "does not cover")],
)
def test_a_run_for_a_period_that_is_not_one_is_refused(data, insight, period, message):
    with pytest.raises(ApplicationError, match=message):
        report_run_start(plan=data.plan, period=period, user=insight)


def test_one_run_per_plan_and_period_at_a_time(data, insight):
    report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    with pytest.raises(ConflictError, match="already being generated"):
        report_run_start(plan=data.plan, period=YEAR, user=insight)
    assert ReportRun.objects.count() == 1
    # Another period is another report.
    report_run_start(plan=data.plan, period="2023-24", user=insight, enqueue=False)


def test_a_rerun_replaces_the_draft_and_its_approvals(data, insight, cabinet_member):
    first = generate(data, insight)
    report_approve(snapshot=first, user=cabinet_member)
    second = generate(data, insight)
    assert list(ReportSnapshot.objects.all()) == [second]
    assert second.version == 1 and second.approved_by_cabinet is None
    assert not Path(first.pdf.path).exists()


def test_a_run_that_fails_part_way_leaves_nothing_and_keeps_the_last_report(
    data, insight, monkeypatch
):
    good = generate(data, insight)
    working_pdf = annual.report_pdf

    def broken_pdf(snapshot):
        raise OSError("the fonts are missing")

    monkeypatch.setattr(annual, "report_pdf", broken_pdf)
    run = report_run_start(plan=data.plan, period=YEAR, user=insight)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert run.error == (
        "Failed while making the PDF: the fonts are missing. Nothing was published; "
        "the last good report is still in place."
    )
    assert list(ReportSnapshot.objects.all()) == [good]
    assert Path(good.pdf.path).exists()
    # The failed run no longer blocks a new one.
    monkeypatch.setattr(annual, "report_pdf", working_pdf)
    assert generate(data, insight).version == 1


def test_a_run_failing_while_saving_removes_the_files_it_wrote(
    data, insight, monkeypatch, settings
):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReportSnapshot, "save", broken_save)
    run = report_run_start(plan=data.plan, period=YEAR, user=insight)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED and "disk full" in run.error
    written = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert written == []


def test_a_run_handed_back_too_often_ends_failed(data, insight):
    run = report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.RUNNING, attempts=annual.MAX_ATTEMPTS
    )
    assert report_run_execute(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert "worker stopped" in run.error
    assert not ReportSnapshot.objects.exists()


def test_a_finished_run_is_not_run_again(data, insight):
    snapshot = generate(data, insight)
    assert report_run_execute(run_id=snapshot.run_id) is None
    assert ReportSnapshot.objects.count() == 1


def test_a_run_whose_worker_stopped_reporting_is_failed(data, insight):
    from django.utils import timezone

    run = report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.RUNNING,
        heartbeat_at=timezone.now() - timezone.timedelta(minutes=20),
    )
    fresh = report_run_start(
        plan=data.plan, period="2023-24", user=insight, enqueue=False
    )
    ReportRun.objects.filter(pk=fresh.pk).update(
        status=ReportRun.Status.RUNNING, heartbeat_at=timezone.now()
    )
    left_behind = default_storage.save(
        f"{run.file_folder}/report.pdf", ContentFile(b"%PDF- half of it")
    )
    assert report_runs_fail_stalled(minutes=15) == 1
    assert not default_storage.exists(left_behind)
    run.refresh_from_db()
    fresh.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert fresh.status == ReportRun.Status.RUNNING


def test_approval_needs_the_administrator_and_a_cabinet_member(
    data, insight, cabinet_member, councillor, officer
):
    snapshot = generate(data, insight)
    with pytest.raises(PermissionDeniedError):
        report_approve(snapshot=snapshot, user=councillor)
    with pytest.raises(PermissionDeniedError):
        report_approve(snapshot=snapshot, user=officer)
    snapshot = report_approve(snapshot=snapshot, user=insight)
    assert snapshot.status == ReportSnapshot.Status.DRAFT
    with pytest.raises(ApplicationError, match="already recorded"):
        report_approve(snapshot=snapshot, user=insight)
    with pytest.raises(ApplicationError, match="once the performance administrator"):
        report_publish(snapshot=snapshot, user=insight)
    snapshot = report_approve(snapshot=snapshot, user=cabinet_member)
    assert snapshot.status == ReportSnapshot.Status.APPROVED
    assert (snapshot.approved_by_admin, snapshot.approved_by_cabinet) == (
        insight,
        cabinet_member,
    )


def test_one_person_cannot_approve_in_both_capacities(data, insight):
    insight.groups.add(*insight.groups.model.objects.filter(name="cabinet_member"))
    snapshot = report_approve(snapshot=generate(data, insight), user=insight)
    with pytest.raises(ApplicationError, match="approved it as the performance"):
        report_approve(snapshot=snapshot, user=insight)
    assert snapshot.status == ReportSnapshot.Status.DRAFT


def test_only_the_administrator_publishes(data, insight, cabinet_member):
    snapshot = approved(generate(data, insight), insight, cabinet_member)
    with pytest.raises(PermissionDeniedError):
        report_publish(snapshot=snapshot, user=cabinet_member)
    snapshot = report_publish(snapshot=snapshot, user=insight)
    assert snapshot.status == ReportSnapshot.Status.PUBLISHED
    assert snapshot.published_by == insight
    assert ReportRun.objects.get(pk=snapshot.run_id).status == "published"
    with pytest.raises(ApplicationError, match="only a draft"):
        report_approve(snapshot=snapshot, user=insight)


def test_a_correction_is_a_new_version_and_both_stay_readable(
    data, insight, cabinet_member
):
    first = report_publish(
        snapshot=approved(generate(data, insight), insight, cabinet_member),
        user=insight,
    )
    with pytest.raises(ApplicationError, match="change note"):
        report_run_start(plan=data.plan, period=YEAR, user=insight)
    data.metrics["homes"].values.create(
        period=YEAR, revision=2, value_text="1,150", value_number=1150
    )
    calculated_verdicts_refresh(metric_ids=[data.metrics["homes"].pk])
    second = generate(data, insight, note="Homes built revised to 1,150.")
    assert (second.version, second.change_note) == (2, "Homes built revised to 1,150.")
    assert second.content["metrics"]["H1"]["current_value"] == "1,150"
    first.refresh_from_db()
    assert first.status == ReportSnapshot.Status.PUBLISHED  # until v2 is published
    assert first.content["metrics"]["H1"]["current_value"] == "1,100"
    report_publish(snapshot=approved(second, insight, cabinet_member), user=insight)
    first.refresh_from_db()
    assert first.status == ReportSnapshot.Status.SUPERSEDED
    assert first.content["metrics"]["H1"]["current_value"] == "1,100"


def test_publishing_waits_for_a_run_of_the_same_report(data, insight, cabinet_member):
    snapshot = approved(generate(data, insight), insight, cabinet_member)
    report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    with pytest.raises(ConflictError, match="in progress"):
        report_publish(snapshot=snapshot, user=insight)


# Open data publication


@pytest.fixture
def bare_repository(tmp_path):
    """The council's open-data repository, as a local bare repository with one
    commit already in it."""
    origin = empty_repository(tmp_path)
    seed = tmp_path / "seed"
    git("clone", "--quiet", str(origin), str(seed), cwd=tmp_path)
    (seed / "README.md").write_text("Coventry open data\n")
    git("add", "README.md", cwd=seed)
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "--quiet",
        "-m",
        "Start",
        cwd=seed,
    )
    git("push", "--quiet", "origin", "HEAD:main", cwd=seed)
    return origin


def test_publishing_commits_the_open_data_to_the_repository(
    data, insight, cabinet_member, settings, bare_repository, tmp_path
):
    settings.OPEN_DATA_REPOSITORY = str(bare_repository)
    snapshot = report_publish(
        snapshot=approved(generate(data, insight), insight, cabinet_member),
        user=insight,
    )  # the task runs eagerly on commit
    snapshot.refresh_from_db()
    assert len(snapshot.open_data_commit) == 40
    assert snapshot.open_data_status.startswith("Published ")
    log = git("log", "--format=%s", "main", cwd=bare_repository)
    assert log.splitlines() == [
        "Open data for 2024-25 (Annual performance report 2024/25, version 1)",
        "Start",
    ]
    files = git("ls-tree", "-r", "--name-only", "main", cwd=bare_repository)
    assert sorted(files.splitlines()) == [
        "2022-30/2024-25/coventry-open-data-2022-30-2024-25.csv",
        "2022-30/2024-25/coventry-open-data-2024-25-tidy.csv",
        "README.md",
    ]
    committed = git(
        "show",
        "main:2022-30/2024-25/coventry-open-data-2024-25-tidy.csv",
        cwd=bare_repository,
    )
    # (text mode reads the file's CRLF line ends as LF)
    assert committed == snapshot.tidy_csv.read().decode().replace("\r\n", "\n").strip()


def test_publishing_the_same_open_data_again_makes_no_empty_commit(
    data, insight, cabinet_member, settings, bare_repository
):
    settings.OPEN_DATA_REPOSITORY = str(bare_repository)
    snapshot = report_publish(
        snapshot=approved(generate(data, insight), insight, cabinet_member),
        user=insight,
    )
    snapshot.refresh_from_db()
    assert open_data_publish(snapshot_id=snapshot.pk) == snapshot.open_data_commit
    assert len(git("log", "--format=%H", "main", cwd=bare_repository).split()) == 2


def test_without_a_repository_the_open_data_is_copied_to_the_folder(
    data, insight, cabinet_member, settings
):
    snapshot = report_publish(
        snapshot=approved(generate(data, insight), insight, cabinet_member),
        user=insight,
    )
    folder = Path(settings.OPEN_DATA_DIR) / "2022-30" / YEAR
    assert sorted(p.name for p in folder.iterdir()) == [
        "coventry-open-data-2022-30-2024-25.csv",
        "coventry-open-data-2024-25-tidy.csv",
    ]
    snapshot.refresh_from_db()
    assert snapshot.open_data_commit == ""


def test_an_unreachable_repository_is_reported_and_raised_for_a_retry(
    data, insight, cabinet_member, settings, tmp_path
):
    snapshot = approved(generate(data, insight), insight, cabinet_member)
    settings.OPEN_DATA_REPOSITORY = str(tmp_path / "no-such-repository.git")
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    with pytest.raises(OSError, match="git clone failed"):
        open_data_publish(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.open_data_status.startswith("Not published yet: git clone failed")


# The command


def test_generate_report_prints_the_reports_url(data, capsys, settings):
    settings.SITE_URL = "https://performance.example.org"
    call_command("generate_report", "--year", YEAR)
    snapshot = ReportSnapshot.objects.get()
    assert capsys.readouterr().out.strip() == (
        f"https://performance.example.org/reports/{snapshot.pk}/"
    )
    assert snapshot.run.started_by is None


def test_generate_report_says_why_a_run_failed(data, monkeypatch):
    monkeypatch.setattr(content_module, "inequalities", lambda *a, **k: 1 / 0)
    with pytest.raises(CommandError, match="Failed while reading the inequalities"):
        call_command("generate_report", "--year", YEAR)


def test_generate_report_refuses_a_year_no_plan_covers(data):
    with pytest.raises(CommandError, match="No plan covers 2040-41"):
        call_command("generate_report", "--year", "2040-41")
