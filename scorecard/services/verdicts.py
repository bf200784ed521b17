"""The stored calculated verdicts: worked out once when an input changes, read by
every page, export and report (DESIGN.md section 3; STYLE.md item 11).

What refreshes them:
- a single write (a figure approved, a target agreed, a metric's rule edited)
  calls ``calculated_verdicts_refresh`` for its metric in its own transaction, so
  the next page shows the new verdict;
- an import or the demo calls it once for every metric it touched, inside its job;
- ``reassess`` and the beat schedule call ``calculated_verdicts_rebuild`` on the
  worker for verdicts that are stale (marked so, reached by another version of the
  engine, or missing for a metric with figures).

A metric's verdicts are kept for each financial year from its first figure or
target to the current year (or its last target, if later), at the year and at its
first half. A year outside that span has neither a figure nor a target, which
``scorecard.domain.assessment.nothing_known`` states without the engine.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterator, Sequence

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from coventry_pm.core.bulk import insert_rows
from scorecard import calculation
from scorecard.domain.assessment import ENGINE_VERSION
from scorecard.domain.periods import Period
from scorecard.models import (
    VERDICTS_NEEDING_REBUILD,
    CalculatedVerdict,
    ComparatorValue,
    Metric,
    MetricValue,
    Target,
)
from scorecard.services.standings import standings_refresh

CHUNK = 400  # metrics per round: keeps memory flat at any scale


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# The columns a stored verdict is written with, in the order _row gives them.
_FIELDS = (
    "metric_id",
    "period",
    "progress",
    "progress_code",
    "progress_reason",
    "target_status",
    "target_code",
    "target_reason",
    "method",
    "direction",
    "assessed_period",
    "current_value_id",
    "current_period",
    "current_text",
    "current_number",
    "previous_value_id",
    "previous_period",
    "previous_text",
    "previous_number",
    "target_id",
    "target_text",
    "target_kind",
    "target_value",
    "target_flag",
    "comparator_value_id",
    "comparator_period",
    "shown_comparator_value_id",
    "shown_comparator_name",
    "shown_comparator_kind",
    "shown_comparator_period",
    "shown_comparator_text",
    "shown_comparator_number",
    "flags",
    "details",
    "engine_version",
    "stale",
    "calculated_at",
)
_NO_FIGURE: tuple[object, ...] = (None, "", "", None)
_NO_TARGET: tuple[object, ...] = (None, "", "", None, "")


def _row(found: calculation.Calculated, now: dt.datetime) -> tuple[object, ...]:
    """A stored verdict as a row of _FIELDS (written straight to the table: a
    verdict is a plain copy of what the engine found, with nothing to validate).
    ``flags`` and ``details`` are their JSON, as the model's JSONFields store it."""
    a = found.assessment
    current, previous, target = found.current, found.previous, found.target
    comparator = found.comparator_for_target
    shown = found.comparator_shown
    return (
        found.metric.pk,
        found.point,
        a.progress.value,
        a.progress_code,
        a.progress_reason,
        a.target_status.value,
        a.target_code,
        a.target_reason,
        a.method,
        a.direction.value,
        found.period,
        *(
            (current.pk, current.period, current.value_text, current.value_number)
            if current
            else _NO_FIGURE
        ),
        *(
            (previous.pk, previous.period, previous.value_text, previous.value_number)
            if previous
            else _NO_FIGURE
        ),
        *(
            (target.pk, target.text, target.kind, target.value, target.flag)
            if target
            else _NO_TARGET
        ),
        comparator.pk if comparator else None,
        a.comparator_period or "",
        *(
            (
                shown.pk,
                shown.comparator.name,
                shown.comparator.kind,
                shown.period,
                shown.value_text,
                shown.value_number,
            )
            if shown
            else (None, "", "", "", "", None)
        ),
        json.dumps(list(a.flags)),
        json.dumps(found.readings),
        ENGINE_VERSION,
        False,
        now,
    )


def _data_years(metric_ids: Sequence[int]) -> dict[int, set[int]]:
    """Each metric's financial years with an approved place figure, an agreed
    target or a comparator figure (by the calendar year they start in)."""
    years: dict[int, set[int]] = {pk: set() for pk in metric_ids}
    periods = (
        MetricValue.objects.filter(
            metric_id__in=metric_ids,
            breakdown="",
            approval=MetricValue.Approval.APPROVED,
        )
        .order_by()
        .values_list("metric_id", "period")
        .distinct()
    )
    targets = (
        Target.objects.filter(metric_id__in=metric_ids, status=Target.Status.AGREED)
        .order_by()
        .values_list("metric_id", "period")
    )
    # A comparator's figure is shown beside the metric's for five years after it.
    comparators = (
        ComparatorValue.objects.filter(
            metric_id__in=metric_ids, withdrawn_at__isnull=True
        )
        .order_by()
        .values_list("metric_id", "period")
        .distinct()
    )
    for metric_id, period in [*periods, *targets, *comparators]:
        try:
            years[metric_id].add(Period.parse(period).year_start)
        except ValueError:
            continue  # a period nobody can read has no verdict
    return years


@transaction.atomic
def calculated_verdicts_refresh(
    *, metric_ids: Collection[int], today: dt.date | None = None
) -> int:
    """Work out and store the verdicts of ``metric_ids`` from the current data, in
    the caller's transaction, replacing what was stored. Returns how many verdicts
    are stored. Loads each chunk of metrics' inputs once, whatever the years."""
    ids = sorted(set(metric_ids))
    if not ids:
        return 0
    # A comparator-relative target reads the group's figure from the standings.
    standings_refresh(metric_ids=ids)
    this_year = Period.containing(today or timezone.localdate()).year_start
    now = timezone.now()
    stored = 0
    for chunk in _chunks(ids):
        metrics = list(Metric.objects.filter(pk__in=chunk))
        years = _data_years(chunk)
        spans = {
            pk: range(min(found), max(max(found), this_year) + 1)
            for pk, found in years.items()
            if found
        }
        rows: list[tuple[object, ...]] = []
        if spans:
            first = Period(min(span.start for span in spans.values()))
            last = Period(max(span.stop for span in spans.values()) - 1)
            inputs = calculation.load_inputs(
                [pk for pk in chunk if pk in spans], first=first, last=last
            )
            for metric in metrics:
                for year_start in spans.get(metric.pk, ()):
                    for point in calculation.points_of_year(Period(year_start)):
                        found = calculation.calculate(metric, inputs, point=point)
                        rows.append(_row(found, now))
        CalculatedVerdict.objects.filter(metric_id__in=chunk).delete()
        insert_rows(CalculatedVerdict, _FIELDS, rows)
        stored += len(rows)
    return stored


def calculated_verdicts_mark_stale(*, metric_ids: Collection[int]) -> int:
    """Mark verdicts stale so pages say they are being recalculated, for a change
    whose refresh is left to the worker."""
    return CalculatedVerdict.objects.filter(metric_id__in=list(metric_ids)).update(
        stale=True
    )


def stale_metric_ids() -> list[int]:
    """Metrics whose verdicts need rebuilding: marked stale, reached by another
    version of the engine, or missing although the metric has approved figures."""
    outdated = set(
        CalculatedVerdict.objects.filter(VERDICTS_NEEDING_REBUILD)
        .order_by()
        .values_list("metric_id", flat=True)
        .distinct()
    )
    missing = set(
        Metric.objects.filter(
            Exists(
                MetricValue.objects.filter(
                    metric=OuterRef("pk"), approval=MetricValue.Approval.APPROVED
                )
            ),
            ~Exists(CalculatedVerdict.objects.filter(metric=OuterRef("pk"))),
        ).values_list("pk", flat=True)
    )
    return sorted(outdated | missing)


def calculated_verdicts_rebuild(*, everything: bool = False) -> int:
    """Rebuild the stale verdicts (every metric's with ``everything``), a chunk of
    metrics per transaction so pages keep reading while it runs. Returns how many
    metrics were rebuilt."""
    ids = (
        list(Metric.objects.order_by("pk").values_list("pk", flat=True))
        if everything
        else stale_metric_ids()
    )
    for chunk in _chunks(ids):
        calculated_verdicts_refresh(metric_ids=chunk)
    return len(ids)
