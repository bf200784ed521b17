"""`reassess [--all] [--here]`: rebuild the stored verdicts on the worker.

Without ``--all``, only stale verdicts: those marked stale, those reached by another
version of the engine (after an upgrade), and metrics with figures but no stored
verdict. ``--here`` runs the rebuild in this process and waits for it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from scorecard.services.verdicts import calculated_verdicts_rebuild, stale_metric_ids
from scorecard.tasks import reassess_verdicts_task


class Command(BaseCommand):
    help = "Rebuild the stored calculated verdicts (stale ones, or all with --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="every metric's verdicts, not only stale"
        )
        parser.add_argument(
            "--here",
            action="store_true",
            help="rebuild in this process and wait, rather than on the worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        everything = options["all"]
        if options["here"]:
            count = calculated_verdicts_rebuild(everything=everything)
            self.stdout.write(f"Rebuilt the verdicts of {count} metrics.")
            return
        waiting = "every metric" if everything else f"{len(stale_metric_ids())} metrics"
        reassess_verdicts_task.delay(everything=everything)
        self.stdout.write(f"Queued a rebuild of the verdicts of {waiting}.")
