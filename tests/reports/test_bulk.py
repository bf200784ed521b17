"""The one bulk path (scorecard.services.bulk) that imports, the demo and
seed_benchmark write through: revisions, checks, rounding, provenance."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from reports.models import ImportRun
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    Target,
)
from scorecard.services.bulk import (
    BulkRowError,
    ComparatorFigureRow,
    FigureGroup,
    FigureRow,
    MembershipRow,
    MetricComparatorFigures,
    TargetRow,
    comparator_values_record_bulk,
    headline_memberships_set_bulk,
    import_writes_undo,
    metric_values_record_bulk,
    targets_set_bulk,
)
from scorecard.services.comparators import comparator_value_record
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def write(metric, *figures, run=None, compare_numbers=False):
    return metric_values_record_bulk(
        groups=[FigureGroup(metric=metric, figures=list(figures))],
        import_run_id=run.pk if run else None,
        compare_numbers=compare_numbers,
        today=TODAY,
    )


def live(metric, period="2023-24"):
    return list(
        MetricValue.objects.filter(metric=metric, period=period)
        .exclude(approval="withdrawn")
        .order_by("revision")
        .values_list("revision", "value_text", "value_number")
    )


@pytest.fixture
def metric():
    return factories.MetricFactory(unit="%", value_kind="number")


@pytest.fixture
def run():
    return ImportRun.objects.create(status="applied", source="command")


def test_a_figure_is_written_once_and_a_different_one_is_the_next_revision(metric):
    first = write(metric, FigureRow("2023-24", "61.2"))
    assert (first.created, first.revised, first.revisions) == (1, 0, [])
    again = write(metric, FigureRow("2023-24", "61.2"))
    assert (again.created, again.revised, again.groups[0].unchanged) == (0, 0, 1)
    assert again.metric_ids == set()  # nothing changed: no verdict to refresh
    revised = write(metric, FigureRow("2023-24", "62.0"))
    (revision,) = revised.revisions
    assert (revision.old_text, revision.new_text) == ("61.2", "62.0")
    assert (revision.old_revision, revision.new_revision) == (1, 2)
    assert live(metric) == [(1, "61.2", Decimal("61.2")), (2, "62.0", Decimal("62"))]
    assert revised.metric_ids == {metric.pk}


def test_numbers_are_rounded_to_the_places_the_database_keeps(metric):
    write(
        metric,
        FigureRow(
            "2023-24", "12.3456789", number=Decimal("12.3456789"), numbers_given=True
        ),
        compare_numbers=True,
    )
    assert live(metric) == [(1, "12.3456789", Decimal("12.345679"))]


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        (FigureRow("2023-24", "140"), "a percentage runs from 0 to 100"),
        (
            FigureRow("2023-24", "140", number=Decimal(140), numbers_given=True),
            "a percentage runs from 0 to 100",
        ),
        (FigureRow("2023-24", "about half"), "is not a number"),
        (FigureRow("2023-24", "9" * 30), "too large"),
        (FigureRow("2027-28", "50"), "2027-28 has not started"),
    ],
)
def test_a_figure_the_metric_does_not_take_is_kept_as_text_with_a_note(
    metric, figure, message
):
    written = write(metric, figure)
    (note,) = written.notes
    assert message in note.message
    assert note.message.endswith("kept as text")
    assert note.figure is figure
    assert live(metric, figure.period) == [(1, figure.text, None)]


def test_no_figure_markers_are_kept_without_a_note(metric):
    written = write(metric, FigureRow("2023-24", "[c]"))
    assert written.notes == []
    assert live(metric) == [(1, "[c]", None)]


def test_a_figure_too_long_for_its_column_is_refused_naming_it(metric):
    figure = FigureRow("2023-24", "x" * 501)
    with pytest.raises(BulkRowError) as error:
        write(metric, figure)
    assert error.value.source is figure
    assert "longer than 500 characters" in error.value.message
    assert not MetricValue.objects.exists()


def test_withdrawn_revisions_do_not_count_as_stored_but_keep_their_numbers(metric, run):
    write(metric, FigureRow("2023-24", "50"))
    write(metric, FigureRow("2023-24", "55"), run=run)
    import_writes_undo(import_run_id=run.pk, user=None, reason="Test")
    assert live(metric) == [(1, "50", Decimal("50"))]
    # The same figure again is new (the withdrawn one does not count) and takes
    # the next number (it is kept).
    again = write(metric, FigureRow("2023-24", "55"))
    assert again.revised == 1
    assert live(metric) == [(1, "50", Decimal("50")), (3, "55", Decimal("55"))]


def test_every_row_an_import_writes_carries_its_run(metric, run):
    write(metric, FigureRow("2023-24", "50"), run=run)
    comparator = Comparator.objects.create(name="England", kind="national")
    comparator_values_record_bulk(
        groups=[
            MetricComparatorFigures(
                metric=metric,
                figures=[(comparator, ComparatorFigureRow("2023-24", "48"))],
            )
        ],
        import_run_id=run.pk,
        today=TODAY,
    )
    (target,) = targets_set_bulk(
        rows=[TargetRow(metric, "2023-24", "To increase")], import_run_id=run.pk
    )
    plan = factories.PlanFactory()
    headline_memberships_set_bulk(
        rows=[MembershipRow(metric, plan.pk, "2023-24", True)], import_run_id=run.pk
    )
    assert MetricValue.objects.get().import_run == run
    assert ComparatorValue.objects.get().import_run == run
    assert Target.objects.get().import_run == run
    assert HeadlineMembership.objects.get().import_run == run
    assert target.target.history.get().history_change_reason.startswith(
        f"Import {run.pk}: "
    )


def test_a_changed_target_is_put_back_from_its_history_on_undo(metric, run):
    targets_set_bulk(rows=[TargetRow(metric, "2023-24", "To increase")])
    (changed,) = targets_set_bulk(
        rows=[TargetRow(metric, "2023-24", "<12%")], import_run_id=run.pk
    )
    assert changed.action == "changed"
    outcome = import_writes_undo(import_run_id=run.pk, user=None, reason="Test")
    assert outcome.targets_restored == 1
    assert Target.objects.get().text == "To increase"


def test_a_comparators_figure_is_recorded_as_its_next_revision(metric):
    comparator = Comparator.objects.create(name="England", kind="national")
    first = comparator_value_record(
        metric=metric, comparator=comparator, period="2023/24", text="48", today=TODAY
    )
    second = comparator_value_record(
        metric=metric, comparator=comparator, period="2023-24", text="49", today=TODAY
    )
    assert (first.period, first.revision, second.revision) == ("2023-24", 1, 2)
    assert second.value_number == Decimal("49")
    with pytest.raises(ValidationError) as error:
        comparator_value_record(
            metric=metric, comparator=comparator, period="2023-24", text="140"
        )
    assert "value_text" in error.value.message_dict


def test_seed_benchmark_writes_through_the_bulk_services():
    out = StringIO()
    call_command("seed_benchmark", "--metrics", "6", "--years", "3", stdout=out)
    assert "6 benchmark metrics" in out.getvalue()
    assert Metric.objects.filter(code__startswith="BM").count() == 6
    assert MetricValue.objects.count() == 18
    assert ComparatorValue.objects.count() == 18
    assert Target.objects.count() == 18
    assert HeadlineMembership.objects.count() == 18
    assert Target.history.count() == 18  # written with their history
    # Topping up adds only what is new.
    call_command("seed_benchmark", "--metrics", "6", "--years", "3", stdout=out)
    assert MetricValue.objects.count() == 18


def _vendor():
    from django.db import connection

    return connection.vendor


postgresql = pytest.mark.skipif(
    _vendor() != "postgresql", reason="COPY is PostgreSQL's"
)


def _replication_role():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


@postgresql
def test_keys_are_checked_once_and_the_row_checks_are_back_after_the_copy(metric):
    from django.db import IntegrityError, connection, transaction

    from coventry_pm.core.bulk import row_writer

    write(metric, FigureRow("2023-24", "50"))
    assert _replication_role() == "origin"
    fields = ("metric_id", "period", "value_text")
    missing = {"metric_id": [metric.pk + 1000]}
    with (
        pytest.raises(IntegrityError, match="missing scorecard_metric rows"),
        transaction.atomic(),
        row_writer(MetricValue, fields, references=missing) as add,
    ):
        add(f"{metric.pk + 1000}\t2023-24\t50")
    # A key the caller does not cover: the rows are checked as usual.
    with pytest.raises(IntegrityError), transaction.atomic():
        with row_writer(MetricValue, fields, references={}) as add:
            add(f"{metric.pk + 1000}\t2024-25\t50")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert _replication_role() == "origin"


def test_other_places_figures_are_revised_only_when_they_change():
    from scorecard.models import MemberValue
    from scorecard.services.bulk import MemberFigureRow, member_values_record_bulk

    metric = factories.MetricFactory()
    place = factories.PlaceFactory()

    def row(text, lower=None):
        return MemberFigureRow(
            metric_id=metric.pk,
            place_id=place.pk,
            period="2023-24",
            text=text,
            number=Decimal(text),
            lower_ci=lower,
        )

    assert member_values_record_bulk(rows=[row("10")]) == (1, 0)
    assert member_values_record_bulk(rows=[row("10.0")]) == (0, 1)  # the text
    assert member_values_record_bulk(rows=[row("10.0")]) == (0, 0)
    assert member_values_record_bulk(rows=[row("10.0", Decimal(9))]) == (0, 1)
    assert list(
        MemberValue.objects.filter(metric=metric).values_list("revision", "value_text")
    ) == [(1, "10"), (2, "10.0"), (3, "10.0")]
