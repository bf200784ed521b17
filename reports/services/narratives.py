"""Writes for the report's commentary: edit a priority's or directorate's
sentences, and sign them off.

Who may take which step when is reports/workflow.py. Each service asks first
whether the person may ever take the step (PermissionDeniedError, 403), then
whether the version they edited is the one stored (ConflictError, 409), then
whether the step is open now (ApplicationError, 400). The history keeps every
change with who made it and what it was before. A sign-off prints the draft's
PDF again, with the commentary as signed off.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coventry_pm.accounts.models import User
from coventry_pm.core.concurrency import check_version
from coventry_pm.core.exceptions import (
    ApplicationError,
    ConflictError,
    NotFoundError,
)
from reports import workflow
from reports.annual import narrative as rules
from reports.models import ReportNarrative, ReportSnapshot
from reports.selectors import narrative_subject

# The longest sentence kept (a sentence, not an essay: the commentary cites
# figures sentence by sentence).
MAX_SENTENCE = 1000


def _entry(snapshot: ReportSnapshot, scope: str, key: int) -> dict[str, Any]:
    entry = rules.scope_entry(snapshot.content, scope, key)
    if entry is None:
        raise NotFoundError(f"This report has no such {scope}.")
    return entry


def _title(scope: str, entry: dict[str, Any]) -> str:
    return str(entry["title"] if scope == rules.PRIORITY else entry["name"])


def drafted_sentences(
    snapshot: ReportSnapshot, scope: str, entry: dict[str, Any]
) -> list[dict[str, Any]]:
    """The report's drafted sentences as the commentary stores them: each with
    its drafted words kept beside the words as edited."""
    return [
        {**sentence, "drafted": sentence["text"]}
        for sentence in rules.draft(snapshot.content, scope, entry)
    ]


def working_sentences(
    snapshot: ReportSnapshot,
    scope: str,
    entry: dict[str, Any],
    narrative: ReportNarrative | None,
) -> list[dict[str, Any]]:
    """The sentences as they stand: as edited, or else as this version drafts
    them."""
    if narrative is not None and narrative.sentences:
        return list(narrative.sentences)
    return drafted_sentences(snapshot, scope, entry)


def _locked(
    snapshot: ReportSnapshot, scope: str, key: int, title: str
) -> ReportNarrative:
    """The stored commentary, locked; a new one (version 0, unsaved) if none."""
    found = (
        ReportNarrative.objects.select_for_update()
        .filter(plan_id=snapshot.plan_id, period=snapshot.period, scope=scope, key=key)
        .first()
    )
    if found is not None:
        return found
    return ReportNarrative(
        plan_id=snapshot.plan_id,
        period=snapshot.period,
        scope=scope,
        key=key,
        title=title,
        version=0,
    )


def _save(narrative: ReportNarrative, user: User, reason: str) -> ReportNarrative:
    narrative.version += 1
    narrative.updated_by = user
    narrative.full_clean()
    narrative._history_user = user  # type: ignore[attr-defined]
    narrative._change_reason = reason  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            narrative.save()
    except IntegrityError as error:  # two people saving a new one at once
        raise ConflictError(
            "Someone else saved this commentary while you were editing it. Here "
            "it is as they left it; your words are kept below.",
            extra={"current_version": 1},
        ) from error
    return narrative


def _start(
    *,
    snapshot: ReportSnapshot,
    scope: str,
    key: int,
    user: User,
    expected_version: int | None,
    action: str,
) -> tuple[ReportNarrative, dict[str, Any]]:
    entry = _entry(snapshot, scope, key)
    subject = narrative_subject(snapshot, scope, key)
    workflow.enforce_narrative_role(user, subject, action)
    narrative = _locked(snapshot, scope, key, _title(scope, entry))
    if narrative.pk is None and expected_version:
        raise ConflictError(
            "This commentary is not stored as the version you edited. Here it is "
            "as it stands; your words are kept below.",
            extra={"current_version": 0},
        )
    check_version(narrative, expected_version)
    workflow.enforce_narrative(
        user,
        workflow.NarrativeSubject(
            scope=scope,
            key=key,
            director_id=subject.director_id,
            snapshot=snapshot,
            narrative=narrative if narrative.pk else None,
        ),
        action,
    )
    narrative.title = _title(scope, entry)
    return narrative, entry


@transaction.atomic
def report_narrative_update(
    *,
    snapshot: ReportSnapshot,
    scope: str,
    key: int,
    texts: list[str] | None,
    user: User,
    expected_version: int | None,
) -> ReportNarrative:
    """Edit the commentary on a priority or directorate of the report.

    ``texts`` are the sentences' new words, one for each sentence as it stands
    (``working_sentences``), in order; an empty one leaves that sentence out.
    Each sentence keeps the figures it cites. ``texts`` None starts again from
    this version's draft. An edit after sign-off waits for a new sign-off; the
    report shows the text as signed off meanwhile.

    Raises PermissionDeniedError for someone who may not edit it,
    ConflictError for a stale ``expected_version`` (0: none stored yet),
    ApplicationError once the report is published, and ValidationError naming
    the ``texts`` for the wrong number of sentences or one too long."""
    narrative, entry = _start(
        snapshot=snapshot,
        scope=scope,
        key=key,
        user=user,
        expected_version=expected_version,
        action=workflow.EDIT_NARRATIVE,
    )
    if texts is None:
        narrative.sentences = drafted_sentences(snapshot, scope, entry)
        reason = "Started again from the draft"
    else:
        current = working_sentences(
            snapshot, scope, entry, narrative if narrative.pk else None
        )
        if len(texts) != len(current):
            raise ValidationError(
                {"texts": "The commentary has changed: give a text for each sentence."}
            )
        cleaned = [" ".join(text.split()) for text in texts]
        if any(len(text) > MAX_SENTENCE for text in cleaned):
            raise ValidationError(
                {"texts": f"Keep each sentence under {MAX_SENTENCE} characters."}
            )
        narrative.sentences = [
            {**sentence, "text": text}
            for sentence, text in zip(current, cleaned, strict=True)
        ]
        reason = "Edited"
    narrative.edited_against = snapshot
    return _save(narrative, user, reason)


@transaction.atomic
def report_narrative_sign_off(
    *,
    snapshot: ReportSnapshot,
    scope: str,
    key: int,
    user: User,
    expected_version: int | None,
) -> ReportNarrative:
    """Sign off the commentary on a priority or directorate as it stands (as
    edited, or as this version drafts it), with the figures its sentences cite.

    Raises PermissionDeniedError for someone who may not sign it off,
    ConflictError for a stale ``expected_version`` (0: none stored yet), and
    ApplicationError when it is signed off already against this version, the
    report is published, or every sentence is empty."""
    narrative, entry = _start(
        snapshot=snapshot,
        scope=scope,
        key=key,
        user=user,
        expected_version=expected_version,
        action=workflow.SIGN_OFF_NARRATIVE,
    )
    sentences = working_sentences(
        snapshot, scope, entry, narrative if narrative.pk else None
    )
    kept = [s for s in sentences if s["text"].strip()]
    if not kept:
        raise ApplicationError(
            "Every sentence is empty: write at least one, or start again from the "
            "draft, before signing it off."
        )
    narrative.sentences = sentences
    narrative.signed_off_sentences = kept
    narrative.signed_off_against = snapshot
    narrative.signed_off_by = user
    narrative.signed_off_at = timezone.now()
    if narrative.edited_against_id is None:
        narrative.edited_against = snapshot
    saved = _save(narrative, user, "Signed off")
    _reprint_on_commit(snapshot)
    return saved


def _reprint_on_commit(snapshot: ReportSnapshot) -> None:
    """Print the report's PDF again with the commentary as signed off (a
    published one is never printed again: its commentary is closed)."""
    from reports.tasks import rerender_report_pdf_task

    transaction.on_commit(partial(rerender_report_pdf_task.delay, snapshot.pk))
