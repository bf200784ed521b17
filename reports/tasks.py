"""Celery tasks for the reports app: ids in, one service call (STYLE.md rule 7).

The report task is acknowledged only when it ends, so a worker that dies mid-run
hands it back to be tried again (report_run_execute counts the attempts); a run
whose worker stops reporting is failed by the sweep, never half-published."""

from celery import shared_task


@shared_task(
    soft_time_limit=20 * 60,
    time_limit=25 * 60,
    acks_late=True,
    reject_on_worker_lost=True,
)
def generate_report_task(run_id: int) -> None:
    from reports.services import annual

    annual.report_run_execute(run_id=run_id)


@shared_task(soft_time_limit=50, time_limit=60)
def fail_stalled_report_runs_task() -> int:
    from reports.services import annual

    return annual.report_runs_fail_stalled()


@shared_task(
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=True,
)
def rerender_report_pdf_task(snapshot_id: int) -> bool:
    """Print the report's PDF again with its new status (approved, published,
    replaced): the content is the frozen snapshot's."""
    from reports.services import annual

    return annual.report_pdf_rerender(snapshot_id=snapshot_id)


@shared_task(
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
    autoretry_for=(OSError,),
    max_retries=5,
    retry_backoff=60,
)
def publish_open_data_task(snapshot_id: int) -> str:
    from reports.services import annual

    return annual.open_data_publish(snapshot_id=snapshot_id)


@shared_task(
    soft_time_limit=50,
    time_limit=60,
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=True,
)
def send_approval_requested_email_task(request_id: int) -> int:
    from reports.services import annual

    return annual.report_approval_requested_notify(request_id=request_id)
