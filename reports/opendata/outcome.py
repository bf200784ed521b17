"""What an import did (or, for a dry run, would do), file by file and row by row.

Plain data that turns into JSON and back, so a preview can be stored with its
ImportRun and shown again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from reports.opendata.records import Problem

COUNTERS: tuple[str, ...] = (
    "rows_read",
    "metrics_created",
    "metrics_updated",
    "metrics_unchanged",
    "values_created",
    "values_revised",
    "values_unchanged",
    "comparator_values_created",
    "comparator_values_revised",
    "comparator_values_unchanged",
    "verdicts_recorded",
    "verdicts_unchanged",
    "targets_set",
    "targets_unchanged",
    "targets_flagged",
    "headline_added",
    "headline_updated",
    "headline_removed",
    "plans_created",
    "priorities_created",
    "objectives_created",
    "comparators_created",
)

# How much of a big import a stored preview keeps; the counts are always complete.
STORED_ROWS = 2000
STORED_WARNINGS = 5000


@dataclass
class RowOutcome:
    """One metric of a file: a council row, or the tidy rows of one metric."""

    row: int
    last_row: int
    metric: str
    unit: str
    code: str
    action: str  # created, updated or unchanged
    values_created: int = 0
    values_revised: int = 0
    values_unchanged: int = 0
    comparators_created: int = 0
    comparators_revised: int = 0
    comparators_unchanged: int = 0
    target: str = ""  # set, changed, unchanged or flagged
    verdict: str = ""  # recorded or unchanged
    headline: str = ""  # added, updated, removed
    warnings: int = 0

    @property
    def rows(self) -> str:
        if self.last_row > self.row:
            return f"{self.row}–{self.last_row}"
        return str(self.row)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.action != "unchanged"
            or self.values_created
            or self.values_revised
            or self.comparators_created
            or self.comparators_revised
            or self.target in {"set", "changed"}
            or self.verdict == "recorded"
            or self.headline
        )


@dataclass
class FileOutcome:
    name: str
    layout: str
    plan: str | None
    report_year: str | None
    counts: Counter[str] = field(default_factory=Counter)
    rows: list[RowOutcome] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_total: int = 0
    warnings_total: int = 0

    def warn(self, problem: Problem) -> None:
        self.warnings.append(problem)
        self.warnings_total += 1


@dataclass
class ImportReport:
    files: list[FileOutcome] = field(default_factory=list)
    dry_run: bool = False

    @property
    def totals(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        for outcome in self.files:
            totals.update(outcome.counts)
        return totals

    @property
    def warnings_total(self) -> int:
        return sum(f.warnings_total for f in self.files)

    @property
    def warnings(self) -> list[Problem]:
        return [w for f in self.files for w in f.warnings]

    def summary_line(self) -> str:
        t = self.totals
        files = len(self.files)
        line = (
            f"{t['rows_read']} rows read from {files} file{'s' if files != 1 else ''}; "
            f"metrics: {t['metrics_created']} created, {t['metrics_updated']} updated; "
            f"values: {t['values_created']} created, {t['values_revised']} revised, "
            f"{t['values_unchanged']} unchanged; comparator values: "
            f"{t['comparator_values_created']} created, "
            f"{t['comparator_values_revised']} revised; verdicts recorded: "
            f"{t['verdicts_recorded']}; targets set: {t['targets_set']}; "
            f"warnings: {self.warnings_total}"
        )
        if self.dry_run:
            return "Dry run, nothing saved: " + line
        return line

    def as_dict(
        self, *, max_rows: int = STORED_ROWS, max_warnings: int = STORED_WARNINGS
    ) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "files": [
                {
                    "name": f.name,
                    "layout": f.layout,
                    "plan": f.plan,
                    "report_year": f.report_year,
                    "counts": dict(f.counts),
                    "rows": [asdict(r) for r in f.rows[:max_rows]],
                    "rows_total": len(f.rows),
                    "warnings": [w.as_dict() for w in f.warnings[:max_warnings]],
                    "warnings_total": f.warnings_total,
                }
                for f in self.files
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        return cls(
            dry_run=data.get("dry_run", False),
            files=[
                FileOutcome(
                    name=f["name"],
                    layout=f["layout"],
                    plan=f.get("plan"),
                    report_year=f.get("report_year"),
                    counts=Counter(f.get("counts", {})),
                    rows=[RowOutcome(**r) for r in f.get("rows", [])],
                    warnings=[Problem.from_dict(w) for w in f.get("warnings", [])],
                    rows_total=f.get("rows_total", 0),
                    warnings_total=f.get("warnings_total", 0),
                )
                for f in data.get("files", [])
            ],
        )
