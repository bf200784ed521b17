"""import_open_data, export_open_data, and assess after an import (DESIGN.md §7)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import ImportRun
from scorecard.models import Metric, MetricValue
from tests.reports.helpers import csv_text

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


SAMPLE_SUMMARY = (
    "10 rows read from 1 file; metrics: 10 created, 0 updated; values: 44 "
    "created, 0 revised, 0 unchanged; comparator values: 15 created, 0 revised; "
    "verdicts recorded: 10; targets set: 10; warnings: 0"
)


def test_import_prints_the_changes_then_one_summary_line_then_the_warnings(
    newer_sample,
):
    output = run("import_open_data", str(newer_sample)).splitlines()
    assert output[0] == (
        "headline counts: 2024-25 (One Coventry Plan 2022-30): no headline metrics "
        "→ 71% (5/7)"
    )
    assert output[1] == SAMPLE_SUMMARY
    # The sample's one unread target ("To be more representative of the city")
    # is now read as directional, so there is no warning line after the summary.
    assert len(output) == 2
    run_record = ImportRun.objects.get()
    assert (run_record.source, run_record.status) == ("command", "applied")
    assert run_record.file_names == ["council-layout-2022-30.csv"]


def test_import_again_changes_nothing_and_prints_only_the_summary(newer_sample):
    run("import_open_data", str(newer_sample))
    output = run("import_open_data", str(newer_sample)).splitlines()
    assert output[0].startswith("10 rows read from 1 file; metrics: 0 created")
    assert "values: 0 created, 0 revised, 44 unchanged" in output[0]


def test_import_dry_run_changes_nothing(newer_sample):
    output = run("import_open_data", str(newer_sample), "--dry-run").splitlines()
    assert output[0].startswith("headline counts: 2024-25")
    assert output[1] == "Dry run, nothing saved: " + SAMPLE_SUMMARY
    assert not Metric.objects.exists()
    assert not ImportRun.objects.exists()


def test_import_accepts_plan_and_year(newer_sample):
    run("import_open_data", str(newer_sample), "--plan", "2022-30", "--year", "2023-24")
    from scorecard.models import RecordedVerdict

    assert set(RecordedVerdict.objects.values_list("period", flat=True)) == {"2023-24"}


def test_a_bad_file_fails_naming_file_row_and_column_and_changes_nothing(
    tmp_path, newer_sample
):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        csv_text(
            [
                ["Metric", "Unit", "2024-25 end of year metric value"],
                ["Good metric", "number", "5"],
                ["", "number", "7"],
            ]
        )
    )
    with pytest.raises(CommandError) as error:
        run("import_open_data", str(newer_sample), str(bad))
    assert str(error.value).startswith("bad.csv, row 3, column 'Metric' (A): ")
    assert not Metric.objects.exists()
    assert not MetricValue.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "missing.csv: no such file"),
        (["--plan", "2022"], "--plan must be a plan period"),
        (["--year", "2024"], "--year must be a year"),
        (["--year", "2024-25 Q1"], "--year must be a year"),
    ],
)
def test_import_refuses_bad_arguments(newer_sample, args, message):
    files = [] if args[0] == "missing.csv" else [str(newer_sample)]
    with pytest.raises(CommandError, match=message):
        run("import_open_data", *files, *args)


@pytest.mark.parametrize("command", ["export_open_data", "generate_report"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2024"], "--year must be a year"),
        (["--year", "2024-25 Q1"], "--year must be a year"),
        (["--year", "2024-25", "--plan", "2022"], "--plan must be a plan period"),
    ],
)
def test_the_export_and_the_report_read_year_and_plan_as_the_import_does(
    command, args, message, tmp_path
):
    extra = ["--format", "tidy", "--out", str(tmp_path)]
    with pytest.raises(CommandError, match=message):
        run(command, *args, *(extra if command == "export_open_data" else []))


def test_export_writes_both_formats(newer_sample, tmp_path):
    run("import_open_data", str(newer_sample))
    council = run(
        "export_open_data",
        "--year",
        "2024-25",
        "--format",
        "council",
        "--out",
        str(tmp_path),
    )
    tidy = run(
        "export_open_data",
        "--year",
        "2024-25",
        "--format",
        "tidy",
        "--out",
        str(tmp_path),
        "--excel",
    )
    assert council.strip().endswith("coventry-open-data-2022-30-2024-25.csv")
    assert [line.rsplit("/", 1)[-1] for line in tidy.split()] == [
        "coventry-open-data-2024-25-tidy.csv",
        "coventry-open-data-2024-25-tidy.xlsx",
    ]


def test_export_council_needs_a_plan(tmp_path):
    with pytest.raises(CommandError, match="No plan covers 2024-25"):
        run(
            "export_open_data",
            "--year",
            "2024-25",
            "--format",
            "council",
            "--out",
            str(tmp_path),
        )


def test_assess_after_importing_the_newer_sample_reports_the_recorded_verdicts(
    newer_sample,
):
    run("import_open_data", str(newer_sample))
    result = json.loads(run("assess", "--year", "2024-25", "--json"))
    assert result["plan"] == "2022-30"
    metrics = {m["metric"]: m for m in result["metrics"]}
    assert len(metrics) == 9  # headline metrics only
    expected = {
        "Library visits per 1,000 population": "improved",
        "Residents in skilled employment": "got_worse",
        "Repeat visits to urgent care within 30 days": "similar",
        "Households in temporary accommodation per 1,000": "not_available",
        "Funding secured for retrofit schemes": "improved",
        "Council buildings with a heat decarbonisation plan": "cannot_say",
        "Environmental disclosure grade": "got_worse",
        "Spend on interim staff": "improved",
        "Workforce sex profile (compared to working-age population)": "similar",
    }
    assert {name: m["progress_recorded"] for name, m in metrics.items()} == expected
    assert {name: m["progress_shown"] for name, m in metrics.items()} == expected
    skilled = metrics["Residents in skilled employment"]
    assert skilled["target_status_recorded"] == "off_target"
    assert skilled["current_value"] == "61.5"
    assert skilled["previous_value"] == "62.4"
    summary = result["summary"]
    assert {
        key: summary[key]
        for key in (
            "total",
            "improved",
            "similar",
            "got_worse",
            "cannot_say",
            "not_available",
            "directional",
            "improved_or_similar",
            "directional_pct",
        )
    } == {
        "total": 9,
        "improved": 3,
        "similar": 2,
        "got_worse": 2,
        "cannot_say": 1,
        "not_available": 1,
        "directional": 7,
        "improved_or_similar": 5,
        "directional_pct": 71,
    }
    assert summary["sentence"].startswith(
        "71% (5/7) of directional metrics improved or stayed the same."
    )
