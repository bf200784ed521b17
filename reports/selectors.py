"""Reads for the reports app: import runs, the annual reports a person may read, and
their commentary.
(The review page's agreement of calculated and recorded verdicts is
scorecard.agreement.)"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from coventry_pm.accounts.models import Directorate, User
from reports.models import ImportRun, ReportNarrative, ReportRun, ReportSnapshot
from reports.permissions import can_read_drafts
from reports.workflow import NarrativeSubject


def import_runs_recent(limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by").prefetch_related("files")[
        :limit
    ]


def report_snapshots_visible_to(
    user: User | AnonymousUser,
) -> QuerySet[ReportSnapshot]:
    """Published reports (and replaced versions) for everyone; drafts too for
    cabinet members, councillors and the performance administrator."""
    snapshots = ReportSnapshot.objects.select_related(
        "plan", "approved_by_admin", "approved_by_cabinet", "published_by"
    )
    if can_read_drafts(user):
        return snapshots
    return snapshots.filter(status__in=ReportSnapshot.PUBLIC)


def report_runs_recent(limit: int = 10) -> QuerySet[ReportRun]:
    return ReportRun.objects.select_related("plan", "started_by", "snapshot")[:limit]


def report_versions(snapshot: ReportSnapshot) -> QuerySet[ReportSnapshot]:
    """Every readable version of the same plan and period, newest first."""
    return ReportSnapshot.objects.filter(
        plan_id=snapshot.plan_id, period=snapshot.period
    ).order_by("-version", "-created_at")


def narratives_of(snapshot: ReportSnapshot) -> dict[tuple[str, int], ReportNarrative]:
    """The stored commentary of a report's plan and period, by (scope, key)."""
    return {
        (n.scope, n.key): n
        for n in ReportNarrative.objects.filter(
            plan_id=snapshot.plan_id, period=snapshot.period
        ).select_related("signed_off_by")
    }


def directors_of(keys: Iterable[int]) -> dict[int, int | None]:
    """Each directorate's director now (a user id, or None), by directorate id."""
    return dict(
        Directorate.objects.filter(pk__in=list(keys)).values_list("pk", "director_id")
    )


def narrative_subject(
    snapshot: ReportSnapshot,
    scope: str,
    key: int,
    narratives: dict[tuple[str, int], ReportNarrative] | None = None,
    directors: dict[int, int | None] | None = None,
) -> NarrativeSubject:
    """One commentary of the report as the workflow reads it."""
    if narratives is None:
        narratives = narratives_of(snapshot)
    director_id = None
    if scope == ReportNarrative.Scope.DIRECTORATE and key:
        if directors is None:
            directors = directors_of([key])
        director_id = directors.get(key)
    return NarrativeSubject(
        scope=scope,
        key=key,
        director_id=director_id,
        snapshot=snapshot,
        narrative=narratives.get((scope, key)),
    )


def narrative_subjects_waiting() -> list[tuple[NarrativeSubject, str]]:
    """Every commentary of the reports not yet published (drafts and approved
    reports), with its priority's or directorate's name: what may wait for a
    sign-off. Reads only the names from each report's content."""
    snapshots = list(
        ReportSnapshot.objects.filter(
            status__in=[ReportSnapshot.Status.DRAFT, ReportSnapshot.Status.APPROVED]
        )
        .select_related("plan")
        .order_by("-created_at", "-pk")
    )
    if not snapshots:
        return []
    # The two lists only, not the whole content of each report.
    parts: dict[int, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {
        pk: (priorities or [], units or [])
        for pk, priorities, units in ReportSnapshot.objects.filter(
            pk__in=[s.pk for s in snapshots]
        ).values_list("pk", "content__priorities", "content__directorates")
    }
    narratives: dict[tuple[int, str], dict[tuple[str, int], ReportNarrative]] = {}
    for narrative in ReportNarrative.objects.filter(
        plan_id__in={s.plan_id for s in snapshots}
    ):
        narratives.setdefault((narrative.plan_id, narrative.period), {})[
            (narrative.scope, narrative.key)
        ] = narrative
    keys = {int(d["id"]) for _, units in parts.values() for d in units}
    directors = directors_of(keys)
    subjects = []
    for snapshot in snapshots:
        stored = narratives.get((snapshot.plan_id, snapshot.period), {})
        priorities, units = parts[snapshot.pk]
        for scope, entries, name in (
            (ReportNarrative.Scope.PRIORITY, priorities, "title"),
            (ReportNarrative.Scope.DIRECTORATE, units, "name"),
        ):
            for entry in entries:
                subject = narrative_subject(
                    snapshot, scope, int(entry["id"]), stored, directors
                )
                subjects.append((subject, str(entry[name])))
    return subjects
