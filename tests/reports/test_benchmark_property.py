"""Whatever a file of other places' figures holds, and whatever is stored before
it, applying the import writes exactly the rows its preview showed as new or
revised, and nothing else (issue 19): a property test with Hypothesis."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.models import BenchmarkSource, ImportRun
from reports.opendata.fingertips import FINGERTIPS_COLUMNS
from reports.services.benchmarks import (
    benchmark_run_apply,
    benchmark_run_preview,
    run_plan,
)
from scorecard.models import MemberValue, Metric, Place
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODES = ["E08000026", "E06000015", "E06000016", "E12000005", "E92000001", "X1"]
PERIODS = ["2021/22", "2022", "2020 - 22", "2022/23", "2099/00"]
values = st.one_of(
    st.none(),
    st.decimals(min_value=-5, max_value=120, places=1, allow_nan=False),
    st.sampled_from(["n/a", "1e400"]),
)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "indicator": st.sampled_from(["92443", "93014"]),
            "code": st.sampled_from(CODES),
            "period": st.sampled_from(PERIODS),
            "sex": st.sampled_from(["Persons", "Male", ""]),
            "category": st.sampled_from(["", "", "", "Deprivation decile"]),
            "value": values,
        }
    ),
    max_size=25,
)
stored = st.lists(
    st.tuples(
        st.sampled_from(CODES[:5]),
        st.sampled_from(["2021-22", "2022-23"]),
        st.decimals(min_value=0, max_value=100, places=1, allow_nan=False),
        st.booleans(),
    ),
    max_size=6,
)


class _Rollback(Exception):
    pass


def _file(lines: list[dict[str, object]]) -> bytes:
    header = ",".join(FINGERTIPS_COLUMNS)
    out = [header]
    blanks = [""] * (len(FINGERTIPS_COLUMNS) - 12)
    for line in lines:
        value = "" if line["value"] is None else str(line["value"])
        cells = [
            str(line["indicator"]),
            "Indicator",
            "",
            "",
            str(line["code"]),
            f"Area {line['code']}",
            "UA",
            str(line["sex"]),
            "18+",
            str(line["category"]),
            "",
            str(line["period"]),
            value,
            *blanks,
        ]
        out.append(",".join(cells))
    return "\n".join(out).encode()


def _written() -> set[tuple[object, ...]]:
    return {
        (v.metric_id, v.place.code, v.period, v.revision, v.value_number)
        for v in MemberValue.objects.filter(import_run__isnull=False).select_related(
            "place"
        )
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(lines=rows, before=stored)
def test_applying_writes_exactly_the_rows_the_preview_showed(lines, before):
    try:
        with transaction.atomic():
            user = UserFactory(username="insight-property", roles=["performance_admin"])
            metric = Metric.objects.create(
                code="P1", name="Smoking", unit="%", fingertips_id=92443
            )
            for code, period, number, withdrawn in before:
                place, _ = Place.objects.get_or_create(
                    code=code, defaults={"name": code}
                )
                revision = MemberValue.objects.filter(
                    metric=metric, place=place, period=period
                ).count()
                MemberValue.objects.create(
                    metric=metric,
                    place=place,
                    period=period,
                    revision=revision + 1,
                    value_text=str(number),
                    value_number=number,
                    withdrawn_at="2026-01-01T00:00Z" if withdrawn else None,
                )
            source = BenchmarkSource.objects.create(
                name="Fingertips", reader="fingertips", ids="fingertips"
            )
            places_before = set(Place.objects.values_list("code", flat=True))
            run = benchmark_run_preview(
                upload=SimpleUploadedFile("f.csv", _file(lines)),
                source=source,
                user=user,
            )
            plan = run_plan(run)
            assert plan is not None
            assert not _written()  # the preview wrote nothing
            shown = {
                (f.metric_id, f.place_code, f.period, f.revision, f.value_number)
                for f in plan.writes
            }
            # Every row is accounted for once: written, unchanged, left out or
            # an error.
            accounted = (
                sum(len(p.figures) for p in plan.metrics)
                + len(plan.left_out)
                + len({e.row for e in plan.errors})
            )
            assert accounted == plan.rows == len(lines)
            if plan.ok and plan.writes:
                run = benchmark_run_apply(run=run, user=user)
                assert run.status == ImportRun.Status.APPLIED, run.error
                assert {
                    (m, c, p, r, Decimal(n)) for m, c, p, r, n in _written()
                } == shown
                made = set(Place.objects.values_list("code", flat=True)) - places_before
                assert made == {p.code for p in plan.new_places}
            else:
                assert not _written()
            raise _Rollback
    except _Rollback:
        pass
