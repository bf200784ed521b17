"""Operations tasks: ids in, one service call (STYLE.md rule 7)."""

from celery import shared_task


@shared_task(soft_time_limit=50, time_limit=60)
def requeue_unqueued_tasks_task() -> int:
    """Beat runs this every few minutes: it can only run once the broker answers,
    and then it queues again what could not be queued while it was down."""
    from coventry_pm.core.services import unqueued_tasks_requeue

    return unqueued_tasks_requeue()
