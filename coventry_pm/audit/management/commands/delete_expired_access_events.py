"""manage.py delete_expired_access_events [--days N]: what the nightly task does,
for a deployment without Celery beat (cron) or to apply a shorter period once."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from coventry_pm.audit.services import access_events_delete_expired


class Command(BaseCommand):
    help = (
        "Delete access-audit events older than ACCESS_AUDIT_RETENTION_DAYS (or --days)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of ACCESS_AUDIT_RETENTION_DAYS "
            "(0: keep everything).",
        )

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        kept = settings.ACCESS_AUDIT_RETENTION_DAYS if days is None else days
        deleted = access_events_delete_expired(days=days)
        if kept <= 0:
            self.stdout.write("Retention is 0: every access event is kept.")
        else:
            self.stdout.write(
                f"Deleted {deleted} access events older than {kept} days."
            )
