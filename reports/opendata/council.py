"""Reading the council's wide open-data layouts (DESIGN.md section 6).

One row per metric; columns are recognised by pattern (see headers), so a byte-order
mark, doubled spaces, "indicator" for "metric", a comparator header that omits a word
or a column that appears twice do not stop a file. Cells that say something the
reader does not understand are kept where they can be and always warned about.

A file's own verdict columns are for its report period: the latest end-of-year
period it has figures for, or the first half of a later year (a half-year file's
verdicts are the council's verdicts at the half year). What it states about other
periods (an earlier year's target or verdict columns, the end-of-year target a
half-year file gives) is read for those periods, marked as not the file's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TypeVar

from reports.opendata.headers import (
    COMPARATOR,
    NATIONAL,
    PLACE,
    CouncilColumn,
    classify_council_column,
    plan_years,
)
from reports.opendata.records import (
    COUNCIL_NEWER,
    COUNCIL_OLDER,
    OLDER_LAYOUT_PLAN,
    ComparatorCell,
    MetricEntry,
    OpenDataError,
    ParsedFile,
    Problem,
    ValueCell,
    YearFacts,
)
from scorecard.domain.periods import (
    ANNUAL,
    HALF_YEAR,
    Period,
    data_status_from_label,
)
from scorecard.domain.values import ValueKind, parse_value
from scorecard.domain.vocabulary import (
    HeadlineFlag,
    Progress,
    TargetStatus,
    classify_progress_cell,
    classify_target_status_cell,
    parse_headline_flag,
)

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "✓", "headline"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "", "-"})

_DIRECTIONS = {
    "high is good": "up",
    "higher is better": "up",
    "high is better": "up",
    "higher is good": "up",
    "up": "up",
    "increase": "up",
    "low is good": "down",
    "lower is better": "down",
    "low is better": "down",
    "lower is good": "down",
    "down": "down",
    "decrease": "down",
}
_NO_DIRECTION = frozenset({"", "n/a", "na", "none", "-", "neither", "not applicable"})

UNNAMED_COMPARATOR = "Unnamed comparator"
UNNAMED_NATIONAL = "England"


def read_bool(text: str) -> bool | None:
    """TRUE/FALSE as spreadsheets write it; None when it is neither."""
    folded = text.strip().casefold()
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None


def read_direction(text: str) -> tuple[str | None, bool]:
    """A good direction ("High is good" → up) and whether the text was understood.
    "N/A" and blanks are understood as saying nothing (None)."""
    folded = " ".join(text.strip().casefold().split())
    if folded in _NO_DIRECTION:
        return None, True
    if folded in _DIRECTIONS:
        return _DIRECTIONS[folded], True
    return None, False


class _Columns:
    """The header, recognised: where each field is, and the problems with it."""

    def __init__(self, file: str, header_row: int, header: list[str]):
        self.file = file
        self.header_row = header_row
        self.header = header
        self.simple: dict[str, list[CouncilColumn]] = defaultdict(list)
        self.plans: dict[str | None, dict[str, list[CouncilColumn]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.periods: dict[tuple[str, str], dict[str, list[CouncilColumn]]] = (
            defaultdict(lambda: defaultdict(list))
        )
        # A period's own verdict and target columns: period → field → columns.
        self.period_facts: dict[str, dict[str, list[CouncilColumn]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.unknown: list[CouncilColumn] = []
        self.blank: list[CouncilColumn] = []
        self.warnings: list[Problem] = []
        for index, text in enumerate(header):
            column = classify_council_column(index, text)
            if column.role == "bad_period":
                raise OpenDataError(
                    self.problem(
                        column,
                        "the column looks like a period column but names no "
                        "financial year such as '2024-25'",
                    )
                )
            if column.role == "period":
                self.periods[(column.series, column.period)][column.field].append(
                    column
                )
            elif column.role == "plan":
                self.plans[column.plan][column.field].append(column)
            elif column.role == "period_fact":
                self.period_facts[column.period][column.field].append(column)
            elif column.role == "unknown":
                self.unknown.append(column)
            elif column.role == "blank":
                self.blank.append(column)
            else:
                self.simple[column.role].append(column)
        self._split_older_progress()
        self._merge_older_plan()
        self._warn_about_header()

    def problem(self, column: CouncilColumn | None, message: str) -> Problem:
        return Problem(
            self.file,
            self.header_row,
            column.header.strip() if column else None,
            message,
            column.index + 1 if column else None,
        )

    def groups(self) -> list[dict[str, list[CouncilColumn]]]:
        """Every recognised column, by what it holds."""
        return [
            self.simple,
            *self.plans.values(),
            *self.periods.values(),
            *self.period_facts.values(),
        ]

    def _split_older_progress(self) -> None:
        # The older layout has two columns named Progress: codes, then words.
        progress = self.plans.get(None, {}).get("progress", [])
        if len(progress) >= 2:
            self.plans[None]["progress_words"] = [progress[1]]
            self.plans[None]["progress"] = [progress[0], *progress[2:]]

    def _merge_older_plan(self) -> None:
        self.had_unnamed_plan = None in self.plans
        if not self.had_unnamed_plan:
            return
        older = self.plans.pop(None)
        named = self.plans[OLDER_LAYOUT_PLAN]
        for field, columns in older.items():
            if not named.get(field):
                named[field] = columns

    def _warn_about_header(self) -> None:
        for group in self.groups():
            for columns in group.values():
                if len(columns) > 1:
                    letters = ", ".join(str(c.index + 1) for c in columns)
                    self.warnings.append(
                        self.problem(
                            columns[0],
                            f"the column appears {len(columns)} times (columns "
                            f"{letters}); each row's first non-empty cell is read",
                        )
                    )
        for column in self.unknown:
            self.warnings.append(
                self.problem(
                    column, "the column is not one the importer knows; not imported"
                )
            )
        for (series, period), fields in self.periods.items():
            if not fields.get("value"):
                first = next(iter(fields.values()))[0]
                self.warnings.append(
                    self.problem(
                        first,
                        f"there is no value column for the {series} figure of "
                        f"{period}; its scope and date columns are not imported",
                    )
                )

    @property
    def named_plans(self) -> list[str]:
        return sorted((p for p in self.plans if p is not None), key=plan_years)

    def first(self, cells: list[str], columns: Iterable[CouncilColumn]) -> str:
        for column in columns:
            if column.index < len(cells) and cells[column.index].strip():
                return cells[column.index]
        return ""


def read_council(
    *,
    file: str,
    header_row: int,
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    plan: str | None,
    year: str | None,
) -> ParsedFile:
    """Read a council-layout file whose header is `header` (at `header_row`).

    `plan` picks the plan whose headline and verdict columns are read (default: the
    newest plan the file names; the older layout is always the 2016-24 plan's);
    `year` is the report year of the verdicts, target and headline list (default:
    the latest end-of-year period with a column, or the first half of a later year
    for a half-year file, whose verdicts are then for that half).
    """
    columns = _Columns(file, header_row, header)
    warnings = columns.warnings
    if not columns.simple.get("name"):
        raise OpenDataError(
            Problem(
                file,
                header_row,
                None,
                "the header has no metric column ('Metric' or 'Indicator')",
            )
        )
    older = columns.had_unnamed_plan and not any(
        p != OLDER_LAYOUT_PLAN for p in columns.plans
    )
    layout = COUNCIL_OLDER if older else COUNCIL_NEWER
    plans_named = columns.named_plans
    chosen = _choose_plan(columns, plans_named, plan, older)
    report_period, latest_year = _report_period(columns, year)
    report_year = str(report_period.year())
    if chosen is not None:
        start, end = plan_years(chosen)
        if not start <= report_period.year_start < end:
            warnings.append(
                columns.problem(
                    None,
                    f"the report year {report_year} is outside the {chosen} plan",
                )
            )

    layout_columns = _FactColumns.arrange(
        columns, columns.plans.get(chosen, {}) if chosen else {}, report_period
    )
    period_groups = sorted(
        columns.periods.items(),
        key=lambda item: min(c.index for cs in item[1].values() for c in cs),
    )
    known = _known_indexes(columns)
    metrics: list[MetricEntry] = []
    blank_rows: list[int] = []
    rows_read = 0
    for row_number, cells in rows:
        if not any(cell.strip() for cell in cells):
            blank_rows.append(row_number)
            continue
        for blank in blank_rows:
            warnings.append(
                Problem(
                    file,
                    blank,
                    None,
                    "the row is blank; skipped",
                    kind="blank; skipped",
                )
            )
        blank_rows = []
        entry = _read_row(
            columns,
            cells,
            row_number,
            fact_columns=layout_columns,
            period_groups=period_groups,
            chosen=chosen,
        )
        _warn_about_stray_cells(columns, cells, row_number, known)
        if entry is None:
            continue
        rows_read += 1
        metrics.append(entry)
    return ParsedFile(
        name=file,
        layout=layout,
        rows_read=rows_read,
        metrics=metrics,
        warnings=warnings,
        plans_named=plans_named,
        plan=chosen,
        report_year=report_year,
        report_period=str(report_period),
        latest_year=latest_year,
    )


def _choose_plan(
    columns: _Columns, plans_named: list[str], plan: str | None, older: bool
) -> str | None:
    if plan is None:
        return plans_named[-1] if plans_named else None
    if plans_named and plan not in plans_named:
        if older:
            why = "the older layout always belongs to the 2016-24 plan"
        else:
            why = "the file's columns are for the plan(s) " + ", ".join(plans_named)
        raise OpenDataError(
            columns.problem(None, f"--plan {plan} does not apply to this file: {why}")
        )
    return plan


def _report_period(columns: _Columns, year: str | None) -> tuple[Period, str | None]:
    """The period the file's own verdict columns are for, and the latest year it
    has figures for. The report period is ``year`` when given; else the latest
    period with a value column that is a year or a year's first half (by when it
    ends), so a half-year file's is its half."""
    periods = [
        Period.parse(p) for (_, p), f in columns.periods.items() if f.get("value")
    ]
    latest = max((p.year() for p in periods), default=None, key=lambda p: p.year_start)
    latest_year = str(latest) if latest else None
    if year is not None:
        return Period.parse(year), latest_year
    points = [
        p
        for p in periods
        if p.frequency == ANNUAL or (p.frequency == HALF_YEAR and p.index == 1)
    ]
    if points:
        return max(points, key=lambda p: p.end_date()), latest_year
    if latest is not None:
        columns.warnings.append(
            columns.problem(
                None,
                f"no end-of-year period column; the verdicts are read as {latest}'s",
            )
        )
        return latest, latest_year
    raise OpenDataError(
        columns.problem(
            None,
            "the header has no period columns, so the report year cannot be told; "
            "name it with --year",
        )
    )


@dataclass
class _FactColumns:
    """Where the verdicts, targets and listing of each period are read from.

    ``own`` are the columns of the file's report period: the plan's verdict
    columns, the period's own ("2017/18 half year progress"), and a verdict
    column named for a period that ends after the report period (a half-year
    file's "2016/17 end of year progress" is its verdict at the half year: no
    file knows a year's verdict before the year ends). ``listing`` are the
    plan's listing columns (sort order, priority, objective, headline flag),
    for the year of the report period, and ``year_target`` that year's target
    when the report period is a half (the end-of-year target a half-year file
    states). ``others``: the columns of every other period."""

    report_period: Period
    listing: dict[str, list[CouncilColumn]] = dataclass_field(default_factory=dict)
    own: dict[str, list[CouncilColumn]] = dataclass_field(default_factory=dict)
    year_target: list[CouncilColumn] = dataclass_field(default_factory=list)
    others: dict[str, dict[str, list[CouncilColumn]]] = dataclass_field(
        default_factory=dict
    )

    @classmethod
    def arrange(
        cls,
        columns: _Columns,
        plan_columns: dict[str, list[CouncilColumn]],
        report_period: Period,
    ) -> _FactColumns:
        arranged = cls(report_period)
        arranged.listing = {
            field: plan_columns.get(field, [])
            for field in ("priority", "objective", "headline")
        }
        progress = [
            *plan_columns.get("progress", []),
            *plan_columns.get("progress_words", []),
        ]
        status = list(plan_columns.get("target_status", []))
        own_targets: list[CouncilColumn] = []
        year_targets: list[CouncilColumn] = []
        generic = columns.simple.get("target", [])
        half = report_period.frequency != ANNUAL
        year = str(report_period.year())
        for period_text, fields in sorted(columns.period_facts.items()):
            period = Period.parse(period_text)
            later = period.end_date() > report_period.end_date()
            if period == report_period:
                progress += fields.get("progress", [])
                status += fields.get("target_status", [])
                own_targets += fields.get("target", [])
                continue
            if later:
                for field_name in ("progress", "target_status"):
                    for column in fields.get(field_name, []):
                        columns.warnings.append(
                            columns.problem(
                                column,
                                f"the column names {period}, which ends after the "
                                f"file's report period {report_period}: read as the "
                                f"verdicts at {report_period}",
                            )
                        )
                progress += fields.get("progress", [])
                status += fields.get("target_status", [])
            if half and period_text == year:
                year_targets += fields.get("target", [])
                continue
            stated = {
                name: cols
                for name, cols in fields.items()
                if cols and not (later and name != "target")
            }
            if stated:
                arranged.others[period_text] = stated
        progress.sort(key=lambda c: c.index)
        status.sort(key=lambda c: c.index)
        # Two progress columns: codes, then the same verdict in words.
        arranged.own = {
            "progress": [*progress[:1], *progress[2:]],
            "progress_words": progress[1:2],
            "target_status": status,
            "target": own_targets + ([] if half else generic),
        }
        arranged.year_target = year_targets + (generic if half else [])
        return arranged


def _known_indexes(columns: _Columns) -> set[int]:
    known: set[int] = set()
    for group in columns.groups():
        for cols in group.values():
            known.update(c.index for c in cols)
    return known


def _warn_about_stray_cells(
    columns: _Columns, cells: list[str], row: int, known: set[int]
) -> None:
    for index, cell in enumerate(cells):
        if not cell.strip() or index in known:
            continue
        if index < len(columns.header) and columns.header[index].strip():
            continue  # an unknown column: warned about once, in the header
        columns.warnings.append(
            Problem(
                columns.file,
                row,
                columns.header[index] if index < len(columns.header) else None,
                f"the cell '{cell.strip()}' has no column header; not imported",
                index + 1,
                kind="with no column header; not imported",
                cell=cell.strip(),
            )
        )


def _cell_problem(
    columns: _Columns,
    row: int,
    column: CouncilColumn,
    message: str,
    *,
    kind: str = "",
    cell: str | None = None,
) -> Problem:
    return Problem(
        columns.file,
        row,
        column.header.strip(),
        message,
        column.index + 1,
        kind=kind,
        cell=cell,
    )


def _no_figure(text: str) -> bool:
    """Whether a cell says there is no figure ("N/A", "New Indicator", "-")."""
    return parse_value(text, unit="").kind is ValueKind.EMPTY


def _read_row(
    columns: _Columns,
    cells: list[str],
    row: int,
    *,
    fact_columns: _FactColumns,
    period_groups: list[tuple[tuple[str, str], dict[str, list[CouncilColumn]]]],
    chosen: str | None,
) -> MetricEntry | None:
    simple = columns.simple
    warnings = columns.warnings
    name_column = simple["name"][0]
    name = columns.first(cells, simple["name"]).strip()
    if not name:
        has_values = any(
            columns.first(cells, fields.get("value", [])).strip()
            for _, fields in period_groups
        )
        if has_values:
            raise OpenDataError(
                _cell_problem(
                    columns,
                    row,
                    name_column,
                    "the metric name is empty, but the row has figures; every row "
                    "needs a metric name",
                )
            )
        warnings.append(
            _cell_problem(
                columns,
                row,
                name_column,
                "the row has no metric name and no figures (a note?); not imported",
                kind="with no metric name and no figures (notes?); not imported",
            )
        )
        return None

    entry = MetricEntry(
        row=row,
        name=name,
        unit=" ".join(columns.first(cells, simple.get("unit", [])).split()),
        name_column=name_column.header.strip(),
        last_row=row,
    )
    _read_metric_fields(columns, cells, row, entry)
    report_period = fact_columns.report_period
    year = str(report_period.year())
    listing = YearFacts(
        plan=chosen,
        year=year,
        row=row,
        listed=True,
        own=report_period.frequency == ANNUAL,
    )
    _read_listing(columns, cells, row, listing, fact_columns.listing)
    entry.facts[(chosen, year)] = listing
    own = listing
    if report_period.frequency != ANNUAL:
        own = YearFacts(plan=chosen, year=str(report_period), row=row)
        entry.facts[(chosen, own.year)] = own
        _read_target(columns, cells, listing, fact_columns.year_target)
    own_columns = fact_columns.own
    own.progress = _read_progress(columns, cells, row, own_columns)
    own.target_status = _read_target_status(
        columns, cells, row, own_columns["target_status"]
    )
    _read_target(columns, cells, own, own_columns["target"])
    for period, fields in fact_columns.others.items():
        facts = YearFacts(plan=chosen, year=period, row=row, own=False)
        facts.progress = _read_progress(columns, cells, row, fields)
        facts.target_status = _read_target_status(
            columns, cells, row, fields.get("target_status", [])
        )
        _read_target(columns, cells, facts, fields.get("target", []))
        if facts.progress or facts.target_status or facts.target:
            entry.facts[(chosen, period)] = facts
    _read_figures(columns, cells, row, entry, period_groups)
    return entry


def _read_metric_fields(
    columns: _Columns, cells: list[str], row: int, entry: MetricEntry
) -> None:
    """The metric's own fields: its direction, flags and LG Inform ID."""
    simple = columns.simple
    if simple.get("direction"):
        text = columns.first(cells, simple["direction"])
        direction, understood = read_direction(text)
        entry.direction = direction
        if not understood:
            columns.warnings.append(
                _cell_problem(
                    columns,
                    row,
                    simple["direction"][0],
                    f"'{text.strip()}' is not a direction the importer knows "
                    "('High is good', 'Low is good'); the metric's direction is kept",
                    kind="not a direction the importer knows ('High is good', 'Low "
                    "is good'); the metric's direction is kept",
                    cell=text.strip(),
                )
            )
    for flag in ("equality_flag", "marmot_flag"):
        if simple.get(flag):
            text = columns.first(cells, simple[flag])
            value = read_bool(text)
            if value is None:
                columns.warnings.append(
                    _cell_problem(
                        columns,
                        row,
                        simple[flag][0],
                        f"'{text.strip()}' is not TRUE or FALSE; the flag is kept",
                        kind="not TRUE or FALSE; the flag is kept",
                        cell=text.strip(),
                    )
                )
            setattr(entry, flag, value)
    if simple.get("lg_inform_id"):
        text = " ".join(columns.first(cells, simple["lg_inform_id"]).split())
        number = read_lg_inform_id(text)
        if number is not None:
            entry.lg_inform_id = number
        elif text and not _no_figure(text):
            entry.lg_inform_note = text
            columns.warnings.append(
                _cell_problem(
                    columns,
                    row,
                    simple["lg_inform_id"][0],
                    f"'{text}' is not an LG Inform metric ID (a number); kept as a "
                    "note in the metric's source",
                    kind="not an LG Inform metric ID (a number); kept as a note in "
                    "the metric's source",
                    cell=text,
                )
            )


def read_lg_inform_id(text: str) -> int | None:
    """An LG Inform metric ID ("4144", "4,144"): a whole number above zero."""
    cleaned = text.strip().replace(",", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit() or not cleaned.isascii():
        return None
    number = int(cleaned)
    return number if 0 < number < 2**31 else None


def _read_listing(
    columns: _Columns,
    cells: list[str],
    row: int,
    facts: YearFacts,
    listing: dict[str, list[CouncilColumn]],
) -> None:
    """Where the file lists the metric: its sort order, priority, objective and
    headline flag."""
    simple = columns.simple
    if simple.get("sort_order"):
        text = columns.first(cells, simple["sort_order"]).strip()
        if text:
            try:
                facts.sort_order = int(float(text))
            except ValueError:
                columns.warnings.append(
                    _cell_problem(
                        columns,
                        row,
                        simple["sort_order"][0],
                        f"the sort order '{text}' is not a whole number; the row is "
                        "listed after the numbered ones",
                        kind="not a whole number as the sort order; listed after "
                        "the numbered ones",
                        cell=text,
                    )
                )
    if listing.get("priority"):
        facts.priority = " ".join(columns.first(cells, listing["priority"]).split())
    if listing.get("objective"):
        facts.objective = " ".join(columns.first(cells, listing["objective"]).split())
    if listing.get("headline"):
        text = columns.first(cells, listing["headline"]).strip()
        flag = parse_headline_flag(text)
        if flag is None:
            columns.warnings.append(
                _cell_problem(
                    columns,
                    row,
                    listing["headline"][0],
                    f"'{text}' is not a headline flag (TRUE, FALSE, SUPPORTING); "
                    "read as not a headline metric",
                    kind="not a headline flag (TRUE, FALSE, SUPPORTING); read as "
                    "not headline",
                    cell=text,
                )
            )
        facts.headline = flag is HeadlineFlag.HEADLINE
        facts.supporting = flag is HeadlineFlag.SUPPORTING if flag else None


def _read_target(
    columns: _Columns,
    cells: list[str],
    facts: YearFacts,
    target_columns: list[CouncilColumn],
) -> None:
    if not target_columns:
        return
    facts.target = columns.first(cells, target_columns).strip()
    column = next(
        (c for c in target_columns if c.index < len(cells) and cells[c.index].strip()),
        target_columns[0],
    )
    facts.target_column = column.header.strip()
    facts.target_column_number = column.index + 1


def _read_figures(
    columns: _Columns,
    cells: list[str],
    row: int,
    entry: MetricEntry,
    period_groups: list[tuple[tuple[str, str], dict[str, list[CouncilColumn]]]],
) -> None:
    """The metric's figures and its comparators'. A cell that says there is no
    figure ("N/A") under a scope that names no place ("N/A") is no figure at all:
    the older layout fills every period it does not report so."""
    for (series, period), fields in period_groups:
        value_columns = fields.get("value", [])
        text = columns.first(cells, value_columns).strip()
        if not text:
            continue
        value_column = next(
            c for c in value_columns if c.index < len(cells) and cells[c.index].strip()
        )
        scope = " ".join(columns.first(cells, fields.get("scope", [])).split())
        if not scope or _no_figure(scope):
            if _no_figure(text):
                continue
            scope = ""
        label = " ".join(columns.first(cells, fields.get("date", [])).split())
        if series == PLACE:
            entry.values.append(
                ValueCell(
                    row=row,
                    column=value_column.header.strip(),
                    column_number=value_column.index + 1,
                    period=period,
                    period_label=label,
                    data_status=data_status_from_label(label),
                    scope=scope or "Coventry",
                    text=text,
                )
            )
            continue
        if not scope:
            scope = UNNAMED_NATIONAL if series == NATIONAL else UNNAMED_COMPARATOR
            columns.warnings.append(
                _cell_problem(
                    columns,
                    row,
                    value_column,
                    f"the {series} figure names no place in its scope column; "
                    f"recorded as '{scope}'",
                    kind=f"whose {series} figure names no place in its scope "
                    f"column; recorded as '{scope}'",
                    cell=text,
                )
            )
        entry.comparators.append(
            ComparatorCell(
                row=row,
                column=value_column.header.strip(),
                column_number=value_column.index + 1,
                name=scope,
                kind=NATIONAL if series == NATIONAL else COMPARATOR,
                period=period,
                period_label=label,
                text=text,
            )
        )


def _read_progress(
    columns: _Columns,
    cells: list[str],
    row: int,
    fact_columns: dict[str, list[CouncilColumn]],
) -> str | None:
    code_columns = fact_columns.get("progress", [])
    word_columns = fact_columns.get("progress_words", [])
    code_text = columns.first(cells, code_columns).strip()
    word_text = columns.first(cells, word_columns).strip()
    code = _verdict(columns, row, code_text, code_columns, classify_progress_cell)
    words = _verdict(columns, row, word_text, word_columns, classify_progress_cell)
    if code is not None and words is not None and code != words:
        columns.warnings.append(
            _cell_problem(
                columns,
                row,
                word_columns[0],
                f"the two Progress columns disagree ('{code_text}' and "
                f"'{word_text}'); the first is recorded",
                kind="where the two Progress columns disagree; the first is recorded",
                cell=f"{code_text}' and '{word_text}",
            )
        )
    chosen = code or words
    return chosen.value if chosen else None


def _read_target_status(
    columns: _Columns,
    cells: list[str],
    row: int,
    status_columns: list[CouncilColumn],
) -> str | None:
    text = columns.first(cells, status_columns).strip()
    status = _verdict(columns, row, text, status_columns, classify_target_status_cell)
    return status.value if status else None


_Verdict = TypeVar("_Verdict", Progress, TargetStatus)


def _verdict(
    columns: _Columns,
    row: int,
    text: str,
    verdict_columns: list[CouncilColumn],
    classify: Callable[[str], tuple[_Verdict | None, str | None]],
) -> _Verdict | None:
    """A verdict cell read, or None with a warning saying why: a code that belongs
    in another column (misplaced) or one nobody knows."""
    if not text:
        return None
    verdict, problem = classify(text)
    if problem is not None:
        what = (
            "a progress verdict"
            if classify is classify_progress_cell
            else "a target status"
        )
        kind = (
            f"misplaced: another column's codes, not {what}; not recorded"
            if "misplaced" in problem
            else f"not {what} the importer knows; not recorded"
        )
        columns.warnings.append(
            _cell_problem(
                columns, row, verdict_columns[0], problem, kind=kind, cell=text
            )
        )
    return verdict
