"""The audit's task: ids and plain values in, one service call (STYLE.md rule 7)."""

from celery import shared_task


@shared_task(soft_time_limit=25 * 60, time_limit=30 * 60)
def delete_expired_access_events_task() -> int:
    """Beat runs this nightly: access events older than ACCESS_AUDIT_RETENTION_DAYS
    go."""
    from coventry_pm.audit.services import access_events_delete_expired

    return access_events_delete_expired()
