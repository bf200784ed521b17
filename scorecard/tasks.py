"""Celery tasks: ids in, one call to scorecard.notifications out (STYLE.md rule 7)."""

from celery import shared_task

RETRY = {"autoretry_for": (OSError,), "max_retries": 3, "retry_backoff": True}


@shared_task(soft_time_limit=50, time_limit=60, **RETRY)
def send_approval_requested_email_task(submission_id: int) -> None:
    from scorecard import notifications

    notifications.approval_requested(submission_id=submission_id)


@shared_task(soft_time_limit=50, time_limit=60, **RETRY)
def send_submission_returned_email_task(submission_id: int) -> None:
    from scorecard import notifications

    notifications.submission_returned(submission_id=submission_id)


@shared_task(soft_time_limit=14 * 60, time_limit=15 * 60, **RETRY)
def send_data_due_reminders_task() -> int:
    from scorecard import notifications

    return notifications.data_due_reminders()


@shared_task(soft_time_limit=25 * 60, time_limit=30 * 60, **RETRY)
def reassess_verdicts_task(everything: bool = False) -> int:
    """Rebuild stale stored verdicts (all of them with ``everything``)."""
    from scorecard.services.verdicts import calculated_verdicts_rebuild

    return calculated_verdicts_rebuild(everything=everything)
