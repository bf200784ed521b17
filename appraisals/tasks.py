"""Celery tasks for appraisals: plain values in, one service call (STYLE.md rule 7).

Suggested beat schedule (the lead adds it to settings):
- send_appraisal_reminders_task: Mondays at 07:30
- send_one_to_one_reminders_task: Mondays at 07:45
- record_appraisal_completion_metric_task: every night at 02:15
Each is safe to run more often: a reminder is not repeated within a week, and the
metric gets a new revision only when its figure changes.
"""

from celery import shared_task

RETRY = {"autoretry_for": (OSError,), "max_retries": 3, "retry_backoff": True}


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60, **RETRY)
def send_appraisal_reminders_task() -> int:
    from appraisals import services

    return services.appraisal_due_reminders_send()


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60, **RETRY)
def send_one_to_one_reminders_task() -> int:
    from appraisals import services

    return services.one_to_one_reminders_send()


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60, max_retries=0)
def record_appraisal_completion_metric_task(year: str | None = None) -> int:
    """Record "Appraisals completed on time" for a year, or for this year and last
    year when none is given. Returns the number of figures now current."""
    from appraisals import services

    if year:
        return int(services.appraisal_completion_metric_record(year=year) is not None)
    return len(services.appraisal_completion_metrics_refresh())
