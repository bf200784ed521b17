"""Warnings people can read: grouped by kind and column, with a count and three
examples, every cell's warning kept for the import page's details."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from reports.opendata.outcome import ImportReport
from reports.services.imports import import_run_preview
from tests.reports.helpers import csv_text, import_text

pytestmark = pytest.mark.django_db

HEADER = [
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


def row(order, current, *, code="", direction="High is good"):
    return [
        str(order),
        "A prosperous Coventry",
        "Creating jobs",
        code,
        "FALSE",
        f"Metric {order}",
        "%",
        "60",
        "Coventry",
        "2016/17",
        current,
        "Coventry",
        "2017/18",
        direction,
        "",
        "",
        "",
    ]


def twelve_too_large():
    """Twelve percentages over 100, and one odd direction."""
    rows = [row(n, f"{100 + n}") for n in range(1, 13)]
    rows.append(row(13, "61", direction="Sideways"))
    return csv_text([HEADER, *rows])


def test_warnings_are_grouped_by_kind_and_column_with_three_examples():
    report = import_text("file.csv", twelve_too_large())
    direction, too_large = report.warnings
    assert too_large.count == 12
    assert str(too_large).startswith(
        "file.csv, column '2017/18 end of year indicator value' (K): 12 cells kept "
        "as text, e.g. row 2 '101' (is refused: a percentage runs from 0 to 100), "
        "row 3 '102' (is refused"
    )
    assert "row 4 '103'" in str(too_large)
    assert "row 5" not in str(too_large)
    assert [p.row for p in too_large.problems] == list(range(2, 14))
    # A group of one reads as its warning.
    assert direction.count == 1
    assert str(direction) == (
        "file.csv, row 14, column 'Directionality' (N): 'Sideways' is not a "
        "direction the importer knows ('High is good', 'Low is good'); the "
        "metric's direction is kept"
    )
    assert report.warnings_total == 2
    assert report.cell_warnings_total == 13
    assert report.summary_line().endswith("warnings: 2 (13 cells)")


def test_codes_in_the_wrong_column_are_grouped_as_misplaced():
    rows = [row(n, "61", code="FALSE") for n in range(1, 5)]
    report = import_text("file.csv", csv_text([HEADER, *rows]))
    (group,) = report.warnings
    assert str(group).startswith(
        "file.csv, column 'Progress' (D): 4 cells misplaced: another column's "
        "codes, not a progress verdict; not recorded, e.g. row 2 'FALSE', "
        "row 3 'FALSE', row 4 'FALSE'"
    )


def test_the_command_prints_the_grouped_warnings_after_its_summary(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text(twelve_too_large(), encoding="utf-8")
    out = StringIO()
    call_command("import_open_data", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    summary = next(i for i, line in enumerate(lines) if " rows read from " in line)
    assert lines[summary].endswith("warnings: 2 (13 cells)")
    warnings = lines[summary + 1 :]
    assert len(warnings) == 2
    assert warnings[1].startswith("warning: file.csv, column '2017/18 end of year")
    assert "12 cells kept as text" in warnings[1]


def test_a_stored_preview_keeps_complete_counts_and_the_cells_it_kept():
    report = import_text("file.csv", twelve_too_large())
    stored = ImportReport.from_dict(report.as_dict(max_warnings=5))
    (outcome,) = stored.files
    direction, too_large = outcome.warning_groups
    # The first five cells' warnings are kept: the reader's one about the
    # direction, then the importer's first four figures.
    assert (too_large.count, len(too_large.problems)) == (12, 4)
    assert too_large.message.startswith("12 cells kept as text, e.g. row 2")
    assert (direction.count, [p.row for p in direction.problems]) == (1, [14])
    assert stored.warnings_total == 2


def test_the_import_page_lists_the_groups_with_each_cell_in_its_details(
    client, insight
):
    upload = SimpleUploadedFile(
        "file.csv", twelve_too_large().encode(), content_type="text/csv"
    )
    run = import_run_preview(files=[upload], user=insight)
    client.force_login(insight)
    page = client.get(reverse("reports:import_detail", args=[run.pk])).content.decode()
    assert "2 kinds of warning, 13 cells in all" in page
    assert "12 cells kept as text, e.g. row 2" in page
    assert page.count("<details>") == 1
    for number in range(2, 14):
        assert f"file.csv, row {number}, column" in page
