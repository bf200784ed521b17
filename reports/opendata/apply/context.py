"""What the parts of one import share while it runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coventry_pm.accounts.models import User
from reports.opendata.outcome import FileOutcome, ImportReport, RowOutcome
from reports.opendata.records import OpenDataError, Problem
from scorecard.services.bulk import BulkRowError


@dataclass
class ImportContext:
    """The person importing, the run the rows are written for, the report being
    written, and what the import created (so it can be undone)."""

    user: User | None
    run_id: int | None
    report: ImportReport
    today: dt.date
    metric_ids: set[int] = field(default_factory=set)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user else None

    def created(self, kind: str, pk: int) -> None:
        self.report.created.setdefault(kind, []).append(pk)

    def reason(self, file: str) -> str:
        return f"Imported from {file}"


def warn(outcome: FileOutcome, row: RowOutcome | None, problem: Problem) -> None:
    outcome.warn(problem)
    if row is not None:
        row.warnings += 1


def row_error(file: str, error: BulkRowError) -> OpenDataError:
    """A row a service refused, named by the file, row and column it came from."""
    source = error.source
    row = getattr(source, "row", None)
    column = error.column or getattr(source, "column", None)
    number = getattr(source, "column_number", None) if not error.column else None
    return OpenDataError(Problem(file, row, column, error.message, number))
