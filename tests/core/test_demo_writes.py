"""load_demo writes its scorecard through scorecard's services (issue 14, item 5).

The demo's figures, revisions, targets, comparator figures, headline memberships and
recorded verdicts go in through the bulk services an import uses, so they carry the
same checks, rounding, revision numbering and history as anyone's, and keep the
demo's timeline (who entered, endorsed, agreed or recorded what, and when).
"""

import ast
import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

import demo
from coventry_pm.accounts.models import User
from demo.loader import DEMO_CHANGE_REASON
from scorecard.domain.figures import STORED_PLACES, check_figure
from scorecard.models import (
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    RecordedVerdict,
    Target,
)
from scorecard.services import metric_value_record, target_fields, target_set

# Loads the whole demo: a whole-system test (make test-fast leaves it out).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2026, 11, 26)

# The scorecard's models: the demo builds none of these rows itself, except the
# Metric instances metrics_create_bulk takes.
SCORECARD_MODELS = {
    "CalculatedVerdict",
    "Comparator",
    "ComparatorGroup",
    "ComparatorValue",
    "GroupMember",
    "GroupVersion",
    "HeadlineMembership",
    "MemberValue",
    "Metric",
    "MetricValue",
    "Place",
    "RecordedVerdict",
    "Standing",
    "Submission",
    "Target",
}
QUERYSET_WRITES = {
    "bulk_create",
    "bulk_update",
    "create",
    "delete",
    "get_or_create",
    "update",
    "update_or_create",
}


def load_demo(*args: str, today: dt.date = TODAY) -> str:
    out = io.StringIO()
    call_command("load_demo", "--today", today.isoformat(), *args, stdout=out)
    return out.getvalue()


def _root_name(node: ast.expr) -> str | None:
    """The name an attribute chain starts from: "MetricValue" for
    MetricValue.objects.filter(…).update."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _writes_a_scorecard_row(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in SCORECARD_MODELS - {"Metric"}  # a row built to be saved
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr == "upsert":
        return any(
            isinstance(arg, ast.Name) and arg.id in SCORECARD_MODELS
            for arg in call.args
        )
    return func.attr in QUERYSET_WRITES and _root_name(func.value) in SCORECARD_MODELS


def test_the_demo_writes_no_scorecard_row_itself():
    # Every module of the demo app: its loaders and its seed commands.
    writes = [
        f"{path.name} line {node.lineno}: {ast.unparse(node)[:80]}"
        for path in sorted(Path(demo.__file__).parent.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and _writes_a_scorecard_row(node)
    ]
    assert len(list(Path(demo.__file__).parent.rglob("*.py"))) > 10
    assert writes == []


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for the read-only tests below and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def _stored(number: object) -> Decimal | None:
    return None if number is None else Decimal(str(number)).quantize(STORED_PLACES)


def _metric_code(model: type) -> str:
    return "code" if model is Metric else "metric__code"


def _at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 10, tzinfo=dt.UTC)


class TestWhatTheServicesWrote:
    """One run of load_demo, read (these tests change nothing)."""

    def test_every_figure_passes_its_metrics_check_and_is_stored_as_read(self, loaded):
        for value in MetricValue.objects.select_related("metric"):
            metric = value.metric
            check = check_figure(
                value.value_text,
                kind=metric.value_kind,
                unit=metric.unit,
                scale=metric.ordinal_scale,
                numerator=value.numerator,
                denominator=value.denominator,
                lower_ci=value.lower_ci,
                upper_ci=value.upper_ci,
            )
            assert check.ok, (metric.code, value.period, check.errors)
            stored = tuple(
                _stored(n)
                for n in (
                    value.value_number,
                    value.numerator,
                    value.denominator,
                    value.lower_ci,
                    value.upper_ci,
                )
            )
            read = (
                check.number,
                check.numerator,
                check.denominator,
                check.lower_ci,
                check.upper_ci,
            )
            assert stored == read, (metric.code, value.period, value.value_text)

    def test_every_comparator_figure_passes_its_metrics_check(self, loaded):
        for value in ComparatorValue.objects.select_related("metric"):
            metric = value.metric
            check = check_figure(
                value.value_text,
                kind=metric.value_kind,
                unit=metric.unit,
                scale=metric.ordinal_scale,
            )
            assert check.ok, (metric.code, value.period, check.errors)
            assert _stored(value.value_number) == check.number

    def test_the_graded_metrics_take_grades(self, loaded):
        graded = Metric.objects.exclude(ordinal_scale=None)
        assert graded.count() == 2
        assert set(graded.values_list("value_kind", flat=True)) == {"grade"}
        assert MetricValue.objects.filter(metric__in=graded, value_text="Good")

    def test_revisions_run_from_one_without_gaps_and_the_first_estimate_first(
        self, loaded
    ):
        revisions = defaultdict(list)
        for value in MetricValue.objects.order_by("revision"):
            key = (
                value.metric_id,
                value.period,
                value.breakdown,
                value.breakdown_group,
            )
            revisions[key].append(value)
        for values in revisions.values():
            assert [v.revision for v in values] == list(range(1, len(values) + 1))
        revised = [values for values in revisions.values() if len(values) > 1]
        assert revised
        for first, second in revised:
            assert first.data_status == MetricValue.DataStatus.PROVISIONAL
            assert first.entered_at < second.entered_at

    def test_targets_are_read_from_their_text_as_the_services_read_it(self, loaded):
        for target in Target.objects.select_related("metric"):
            metric = target.metric
            fields = target_fields(
                target.text, unit=metric.unit, scale=metric.ordinal_scale
            )
            assert {name: getattr(target, name) for name in fields} == fields

    @pytest.mark.parametrize("model", [Metric, Target, HeadlineMembership])
    def test_rows_with_history_were_created_with_it_saying_they_are_demo_data(
        self, loaded, model
    ):
        # The appraisal-completion metric is the appraisals demo's, not this one's.
        rows = model.objects.exclude(**{_metric_code(model): "WF-APPRAISALS"})
        created = model.history.filter(history_type="+", id__in=rows.values("id"))
        assert created.count() == rows.count() > 0
        assert set(created.values_list("history_change_reason", flat=True)) == {
            DEMO_CHANGE_REASON
        }

    def test_an_agreed_metrics_targets_were_endorsed_and_agreed_each_march(
        self, loaded
    ):
        target = Target.objects.get(metric__code="OCP001", period="2025-26")
        assert target.status == Target.Status.AGREED
        assert target.set_by.username == "insight"
        assert (target.endorsed_by.username, target.endorsed_at) == (
            "manager",
            _at(2025, 3, 1),
        )
        assert (target.agreed_by.username, target.agreed_at) == (
            "cabinet",
            _at(2025, 3, 22),
        )

    def test_proposed_and_endorsed_targets_wait_where_their_metric_waits(self, loaded):
        endorsed = Target.objects.get(metric__code="OCP004", period="2026-27")
        assert endorsed.status == Target.Status.ENDORSED
        assert endorsed.set_by.username == "officer"
        assert (endorsed.endorsed_by.username, endorsed.endorsed_at) == (
            "manager",
            _at(2026, 3, 1),
        )
        assert (endorsed.agreed_by, endorsed.agreed_at) == (None, None)
        proposed = Target.objects.get(metric__code="OCP046", period="2026-27")
        assert proposed.status == Target.Status.PROPOSED
        assert proposed.set_by.username == "officer"
        assert (proposed.endorsed_by, proposed.agreed_by) == (None, None)

    def test_figures_keep_who_entered_them_and_when(self, loaded):
        quarter = MetricValue.objects.get(metric__code="OCP001", period="2025-26 Q2")
        assert quarter.entered_by.username == "officer"
        assert dt.date(2025, 10, 1) < quarter.entered_at.date() < dt.date(2025, 11, 1)
        year = MetricValue.objects.get(
            metric__code="OCP001", period="2024-25", breakdown=""
        )
        assert (year.entered_by.username, year.entered_at) == (
            "insight",
            _at(2025, 6, 16),
        )
        comparator = ComparatorValue.objects.filter(period="2024-25").first()
        assert comparator.entered_at.date() <= dt.date(2025, 6, 16)

    def test_officers_verdicts_keep_their_source_who_and_when(self, loaded):
        overridden = RecordedVerdict.objects.get(metric__code="OCP003")
        assert overridden.source == RecordedVerdict.Source.OVERRIDDEN
        assert overridden.recorded_by.username == "officer"
        assert overridden.recorded_at == _at(2026, 6, 24)
        confirmed = RecordedVerdict.objects.get(metric__code="OCP002")
        assert confirmed.source == RecordedVerdict.Source.CONFIRMED
        assert (confirmed.recorded_by.username, confirmed.recorded_at) == (
            "manager",
            _at(2026, 6, 25),
        )
        imported = RecordedVerdict.objects.filter(
            source=RecordedVerdict.Source.IMPORTED
        )
        assert {v.recorded_by.username for v in imported} == {"insight"}
        assert {v.recorded_at for v in imported} == {_at(2026, 6, 18)}


def test_a_figure_a_person_revised_stands_after_a_refresh():
    load_demo()
    metric = Metric.objects.get(code="OCP001")
    officer = User.objects.get(username="officer")
    revised = metric_value_record(
        metric=metric,
        period="2025-26 Q4",
        text="300",
        entered_by=officer,
        today=TODAY,
    )
    assert revised.revision == 2

    assert "nothing changed" in load_demo("--refresh")
    latest = MetricValue.objects.filter(metric=metric, period="2025-26 Q4").latest(
        "revision"
    )
    assert latest == revised


def test_a_refresh_puts_back_a_changed_target_as_its_next_version():
    load_demo()
    metric = Metric.objects.get(code="OCP001")
    target_set(metric=metric, period="2025-26", text="At least 1,500", today=TODAY)

    load_demo()
    target = Target.objects.get(metric=metric, period="2025-26")
    assert target.text == "At least 1,500"

    load_demo("--refresh")
    target.refresh_from_db()
    assert (target.text, target.version) == ("To increase", 3)
    assert target.history.first().history_change_reason == DEMO_CHANGE_REASON
