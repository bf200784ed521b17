"""What an import did (or, for a dry run, would do), file by file and row by row.

Plain data that turns into JSON and back, so a preview can be stored with its
ImportRun and shown again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from reports.opendata.records import Problem, column_letter
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


# How many cells a grouped warning names as examples.
EXAMPLES = 3
_QUOTED = re.compile(r"'[^']*'")
_KEPT_AS_TEXT = "; kept as text"
# A figure's note names the figure first: "'about a dozen' is not a number",
# "-2.2 is refused: a percentage runs from 0 to 100".
_WRITTEN = re.compile(r"(?:'(?P<quoted>[^']*)'|(?P<bare>\S+)) (?P<why>.+)")


def warning_kind(problem: Problem) -> tuple[str, str]:
    """What kind of warning a problem is (the words after a count: "12 cells kept
    as text"), and what its example says: the cell, or why.

    A reader names its warnings' kind. Others are told apart by their wording:
    one that ends "kept as text" is a figure kept as text, whatever the reason,
    its reason the example; any other is its message with what it quotes left
    out, the first thing it quotes the example."""
    message = problem.message
    if problem.kind:
        cell = problem.cell if problem.cell is not None else ""
        return problem.kind, f"'{_shorten(cell)}'" if cell else ""
    if message.endswith(_KEPT_AS_TEXT):
        reason = message[: -len(_KEPT_AS_TEXT)].split(". ", 1)[0]
        written = _WRITTEN.match(reason)
        if written is None:
            return "kept as text", f"({_shorten(reason, 80)})"
        cell = written["quoted"] if written["quoted"] is not None else written["bare"]
        return "kept as text", f"'{_shorten(cell)}' ({_shorten(written['why'], 60)})"
    quoted = _QUOTED.search(message)
    example = f"'{_shorten(quoted[0][1:-1])}'" if quoted else ""
    return _QUOTED.sub("'…'", message), example


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class WarningGroup:
    """Warnings of one kind in one column of one file: shown as one line with a
    count and three examples ("column '2017/18 indicator value': 12 cells kept as
    text, e.g. row 37 '425/736'"), each cell's warning kept for the details.

    ``count`` is the group's size; ``problems`` the warnings kept of it (all of
    them, unless a stored preview left some out). A group of one reads as its
    warning does."""

    file: str
    column: str | None
    column_number: int | None
    kind: str
    count: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str | None, int | None, str]:
        return (self.file, self.column, self.column_number, self.kind)

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    @property
    def row(self) -> int | None:
        return self.first.row if self.first else None

    @property
    def rows(self) -> list[int]:
        return [p.row for p in self.problems if p.row is not None]

    def where(self) -> str:
        if self.count == 1 and self.first is not None:
            return self.first.where()
        parts = [self.file]
        if self.column:
            column = f"column '{self.column}'"
            if self.column_number:
                column += f" ({column_letter(self.column_number)})"
            parts.append(column)
        return ", ".join(parts)

    @property
    def message(self) -> str:
        if self.count == 1 and self.first is not None:
            return self.first.message
        what = "cells" if self.column else "rows"
        examples = []
        for problem in self.problems[:EXAMPLES]:
            _, example = warning_kind(problem)
            place = f"row {problem.row}" if problem.row is not None else "the file"
            examples.append(f"{place} {example}".rstrip())
        shown = f", e.g. {', '.join(examples)}" if examples else ""
        # A kind in words follows the count; one read from a message's wording is
        # quoted after it.
        first = self.first
        worded = first is None or first.kind or first.message.endswith(_KEPT_AS_TEXT)
        return f"{self.count} {what}{' ' if worded else ': '}{self.kind}{shown}"

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "column": self.column,
            "column_number": self.column_number,
            "kind": self.kind,
            "count": self.count,
        }


def group_warnings(problems: list[Problem]) -> list[WarningGroup]:
    """Warnings grouped by file, column and kind, in the order each group's first
    warning came."""
    groups: dict[tuple[str, str | None, int | None, str], WarningGroup] = {}
    for problem in problems:
        kind, _ = warning_kind(problem)
        key = (problem.file, problem.column, problem.column_number, kind)
        group = groups.get(key)
        if group is None:
            group = groups[key] = WarningGroup(
                problem.file, problem.column, problem.column_number, kind
            )
        group.count += 1
        group.problems.append(problem)
    return list(groups.values())


@dataclass
class FileOutcome:
    """``warnings`` are every cell's warning (a stored preview keeps the first
    STORED_WARNINGS); ``warning_groups`` the same grouped, with complete counts."""

    name: str
    layout: str
    plan: str | None
    report_year: str | None  # the report period: a year, or its first half
    counts: Counter[str] = field(default_factory=Counter)
    rows: list[RowOutcome] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_total: int = 0
    warnings_total: int = 0
    # A stored preview's groups, with their counts; None: group ``warnings``.
    stored_groups: list[WarningGroup] | None = None

    def warn(self, problem: Problem) -> None:
        self.warnings.append(problem)
        self.warnings_total += 1
        self.stored_groups = None

    @property
    def warning_groups(self) -> list[WarningGroup]:
        if self.stored_groups is None:
            return group_warnings(self.warnings)
        kept = {g.key: g for g in group_warnings(self.warnings)}
        return [
            WarningGroup(
                g.file,
                g.column,
                g.column_number,
                g.kind,
                g.count,
                kept[g.key].problems if g.key in kept else [],
            )
            for g in self.stored_groups
        ]


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
        """How many warnings, grouped (what the summary line counts)."""
        return sum(len(f.warning_groups) for f in self.files)

    @property
    def cell_warnings_total(self) -> int:
        """How many warnings, one a cell."""
        return sum(f.warnings_total for f in self.files)

    @property
    def warnings(self) -> list[WarningGroup]:
        """The warnings grouped by file, column and kind (a group of one reads as
        its warning)."""
        return [g for f in self.files for g in f.warning_groups]

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
        )
        # A tidy file's other places' figures (benchmarking), when it has any.
        members = ("member_values_created", "member_values_revised")
        if any(t[key] for key in (*members, "member_values_unchanged")):
            line += (
                f"other places' figures: {t['member_values_created']} created, "
                f"{t['member_values_revised']} revised; "
            )
        line += f"warnings: {self.warnings_total}"
        cells = self.cell_warnings_total
        if cells != self.warnings_total:
            line += f" ({cells} cells)"
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
                    "warning_groups": [g.as_dict() for g in f.warning_groups],
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
                    stored_groups=(
                        [WarningGroup(**g) for g in f["warning_groups"]]
                        if "warning_groups" in f
                        else None
                    ),
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
