"""Undoing an applied import: what blocks it, and the reports' own rows it wrote.

The scorecard's rows carry their import run and are withdrawn or put back by
scorecard.services.bulk.import_writes_undo. The listings (OpenDataRow) and the plan
structure an import created carry none: the import's report keeps which it
created and what the listings it changed were before, and these are put back
here. Only the latest import to touch a metric can be undone: undoing an earlier
one would pull figures out from under the later one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError

from reports.models import ImportRun, OpenDataRow
from reports.opendata.outcome import ImportReport
from scorecard.models import Metric
from scorecard.services.bulk import import_touched_metric_ids
from strategies.models import Objective, Plan, Priority


@dataclass(frozen=True)
class UndoBlocker:
    """A later import that touched some of the same metrics."""

    run: ImportRun
    metrics: list[Metric]

    def __str__(self) -> str:
        codes = ", ".join(m.code for m in self.metrics[:10])
        more = len(self.metrics) - 10
        if more > 0:
            codes += f" and {more} more"
        return f"Import {self.run.pk} ({', '.join(self.run.file_names)}): {codes}"


def touched_metric_ids(run: ImportRun) -> set[int]:
    report = ImportReport.from_dict(run.report) if run.report else ImportReport()
    return set(report.metric_ids) | import_touched_metric_ids(import_run_id=run.pk)


def undo_blockers(run: ImportRun) -> list[UndoBlocker]:
    """The later applied imports that share metrics with ``run``, oldest first."""
    if run.status != ImportRun.Status.APPLIED or run.applied_at is None:
        return []
    later = ImportRun.objects.filter(
        status=ImportRun.Status.APPLIED, applied_at__gt=run.applied_at
    ).order_by("applied_at", "pk")
    mine = touched_metric_ids(run)
    blockers = []
    for other in later:
        shared = mine & touched_metric_ids(other)
        if shared:
            metrics = list(Metric.objects.filter(pk__in=shared).order_by("code"))
            blockers.append(UndoBlocker(run=other, metrics=metrics))
    return blockers


def _unused(instance: models.Model) -> bool:
    """Whether deleting the row would delete or change nothing else."""
    collector = Collector(using=router.db_for_write(type(instance)))
    try:
        collector.collect([instance])
    except (ProtectedError, RestrictedError):
        return False
    for instances in collector.data.values():
        if any(other != instance for other in instances):
            return False
    if any(queryset.exists() for queryset in collector.fast_deletes):
        return False
    for updates in collector.field_updates.values():
        for objects in updates:
            if isinstance(objects, models.QuerySet):
                if objects.exists():
                    return False
            elif objects:
                return False
    return True


def listings_put_back(report: ImportReport) -> int:
    """Remove the listings the import created and put back the ones it changed.
    Returns how many rows were touched."""
    touched = 0
    created = report.created.get("listings", [])
    if created:
        touched += OpenDataRow.objects.filter(pk__in=created).delete()[0]
    for pk, state in report.listings_before.items():
        touched += OpenDataRow.objects.filter(pk=int(pk)).update(**state)
    return touched


def structure_remove_unused(report: ImportReport) -> list[str]:
    """Delete the objectives, priorities and plans the import created that nothing
    uses any more (children first). Returns what was removed, in words."""
    removed = []
    for kind, model in (
        ("objectives", Objective),
        ("priorities", Priority),
        ("plans", Plan),
    ):
        rows: Sequence[models.Model] = list(
            model._default_manager.filter(pk__in=report.created.get(kind, []))
        )
        for row in rows:
            if _unused(row):
                removed.append(f"{model._meta.verbose_name} {row}")
                row.delete()
    return removed
