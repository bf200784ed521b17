"""What an import did (or, for a dry run, would do), file by file and row by row.

Plain data that turns into JSON and back, so a preview can be stored with its
ImportRun and shown again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from reports.opendata.records import Problem
from scorecard.domain.assessment import Summary

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
STORED_REVISIONS = 2000
_SUMMARY_FIELDS = (
    "total",
    "improved",
    "similar",
    "got_worse",
    "cannot_say",
    "not_available",
)


@dataclass
class RevisionLine:
    """A figure stored before that the import revises: old → new."""

    file: str
    code: str
    metric: str
    period: str
    where: str  # the scope and breakdown group, or the comparator
    old: str
    new: str

    def __str__(self) -> str:
        return (
            f"{self.code} {self.metric}, {self.period} ({self.where}): "
            f"{self.old or '(blank)'} → {self.new or '(blank)'}"
        )


def share(summary: Summary | None) -> str:
    """A year's headline counts as the council writes them: "88% (21/24)"."""
    if summary is None or summary.total == 0:
        return "no headline metrics"
    if not summary.directional:
        return f"no directional metrics (of {summary.total})"
    return (
        f"{summary.directional_pct}% "
        f"({summary.improved_or_similar}/{summary.directional})"
    )


def summary_counts(summary: Summary | None) -> dict[str, int] | None:
    if summary is None:
        return None
    return {name: getattr(summary, name) for name in _SUMMARY_FIELDS}


@dataclass
class HeadlineChange:
    """A report year whose headline counts the import changes."""

    plan: str  # as people name it: "One Coventry Plan 2022-30"
    year: str
    before: dict[str, int] | None  # Summary counts; None: no headline list yet
    after: dict[str, int] | None

    @property
    def before_summary(self) -> Summary | None:
        return Summary(**self.before) if self.before else None

    @property
    def after_summary(self) -> Summary | None:
        return Summary(**self.after) if self.after else None

    def counts_changed(self) -> list[tuple[str, int, int]]:
        before = self.before or {}
        after = self.after or {}
        return [
            (name.replace("_", " "), before.get(name, 0), after.get(name, 0))
            for name in _SUMMARY_FIELDS[1:]
            if before.get(name, 0) != after.get(name, 0)
        ]

    def __str__(self) -> str:
        counts = "; ".join(f"{name} {a} → {b}" for name, a, b in self.counts_changed())
        if not (self.before and self.after):
            counts = ""  # a list begun or ended: the share says it all
        line = (
            f"{self.year} ({self.plan}): {share(self.before_summary)} → "
            f"{share(self.after_summary)}"
        )
        return f"{line} ({counts})" if counts else line


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
    revisions: list[RevisionLine] = field(default_factory=list)
    revisions_total: int = 0
    headline_changes: list[HeadlineChange] = field(default_factory=list)
    # What undo needs beyond the import_run the scorecard's rows carry: the
    # metrics it touched, and the reports' rows and plan structure it created.
    metric_ids: list[int] = field(default_factory=list)
    created: dict[str, list[int]] = field(default_factory=dict)
    listings_before: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Seconds spent reading, writing figures, refreshing verdicts …
    timings: dict[str, float] = field(default_factory=dict)

    def time(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    def revise(self, line: RevisionLine) -> None:
        if len(self.revisions) < STORED_REVISIONS:
            self.revisions.append(line)
        self.revisions_total += 1

    @property
    def needs_confirmation(self) -> bool:
        """Whether applying changes what was there: figures stored before, or a
        report year's headline counts."""
        return bool(self.revisions_total or self.headline_changes)

    def change_lines(self) -> list[str]:
        """What the command prints before its summary line."""
        lines = [f"revises: {line}" for line in self.revisions]
        hidden = self.revisions_total - len(self.revisions)
        if hidden > 0:
            lines.append(f"… and {hidden} more revisions")
        lines += [f"headline counts: {change}" for change in self.headline_changes]
        return lines

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
            "revisions": [asdict(r) for r in self.revisions],
            "revisions_total": self.revisions_total,
            "headline_changes": [asdict(c) for c in self.headline_changes],
            "metric_ids": self.metric_ids,
            "created": self.created,
            "listings_before": self.listings_before,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
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
            revisions=[RevisionLine(**r) for r in data.get("revisions", [])],
            revisions_total=data.get("revisions_total", 0),
            headline_changes=[
                HeadlineChange(**c) for c in data.get("headline_changes", [])
            ],
            metric_ids=list(data.get("metric_ids", [])),
            created={k: list(v) for k, v in data.get("created", {}).items()},
            listings_before=dict(data.get("listings_before", {})),
            timings=dict(data.get("timings", {})),
        )
