"""Reading the council's wide open-data layouts (DESIGN.md section 6).

One row per metric; columns are recognised by pattern (see headers), so a byte-order
mark, doubled spaces, "indicator" for "metric", a comparator header that omits a word
or a column that appears twice do not stop a file. Cells that say something the
reader does not understand are kept where they can be and always warned about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

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
from scorecard.domain.periods import Period, data_status_from_label
from scorecard.domain.vocabulary import (
    parse_council_progress,
    parse_council_target_status,
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
        groups: list[dict[str, list[CouncilColumn]]] = [
            self.simple,
            *self.plans.values(),
            *self.periods.values(),
        ]
        for group in groups:
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
    the latest end-of-year period with a column).
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
    report_year, latest_year = _report_year(columns, year)
    if chosen is not None:
        start, end = plan_years(chosen)
        if not start <= Period.parse(report_year).year_start < end:
            warnings.append(
                columns.problem(
                    None,
                    f"the report year {report_year} is outside the {chosen} plan",
                )
            )

    plan_columns = columns.plans.get(chosen, {}) if chosen else {}
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
            warnings.append(Problem(file, blank, None, "the row is blank; skipped"))
        blank_rows = []
        entry = _read_row(
            columns,
            cells,
            row_number,
            plan_columns=plan_columns,
            period_groups=period_groups,
            chosen=chosen,
            report_year=report_year,
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


def _report_year(columns: _Columns, year: str | None) -> tuple[str, str | None]:
    periods = [
        Period.parse(p) for (_, p), f in columns.periods.items() if f.get("value")
    ]
    latest = max((p.year() for p in periods), default=None, key=lambda p: p.year_start)
    latest_year = str(latest) if latest else None
    if year is not None:
        return year, latest_year
    annual = [p for p in periods if p.frequency == "annual"]
    if annual:
        return str(max(annual, key=lambda p: p.year_start)), latest_year
    if latest is not None:
        columns.warnings.append(
            columns.problem(
                None,
                f"no end-of-year period column; the verdicts are read as {latest}'s",
            )
        )
        return str(latest), latest_year
    raise OpenDataError(
        columns.problem(
            None,
            "the header has no period columns, so the report year cannot be told; "
            "name it with --year",
        )
    )


def _known_indexes(columns: _Columns) -> set[int]:
    known: set[int] = set()
    groups: list[dict[str, list[CouncilColumn]]] = [
        columns.simple,
        *columns.plans.values(),
        *columns.periods.values(),
    ]
    for group in groups:
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
            )
        )


def _cell_problem(
    columns: _Columns, row: int, column: CouncilColumn, message: str
) -> Problem:
    return Problem(columns.file, row, column.header.strip(), message, column.index + 1)


def _read_row(
    columns: _Columns,
    cells: list[str],
    row: int,
    *,
    plan_columns: dict[str, list[CouncilColumn]],
    period_groups: list[tuple[tuple[str, str], dict[str, list[CouncilColumn]]]],
    chosen: str | None,
    report_year: str,
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
    if simple.get("direction"):
        text = columns.first(cells, simple["direction"])
        direction, understood = read_direction(text)
        entry.direction = direction
        if not understood:
            warnings.append(
                _cell_problem(
                    columns,
                    row,
                    simple["direction"][0],
                    f"'{text.strip()}' is not a direction the importer knows "
                    "('High is good', 'Low is good'); the metric's direction is kept",
                )
            )
    for flag in ("equality_flag", "marmot_flag"):
        if simple.get(flag):
            text = columns.first(cells, simple[flag])
            value = read_bool(text)
            if value is None:
                warnings.append(
                    _cell_problem(
                        columns,
                        row,
                        simple[flag][0],
                        f"'{text.strip()}' is not TRUE or FALSE; the flag is kept",
                    )
                )
            setattr(entry, flag, value)

    facts = YearFacts(plan=chosen, year=report_year, row=row, listed=True)
    if simple.get("sort_order"):
        text = columns.first(cells, simple["sort_order"]).strip()
        if text:
            try:
                facts.sort_order = int(float(text))
            except ValueError:
                warnings.append(
                    _cell_problem(
                        columns,
                        row,
                        simple["sort_order"][0],
                        f"the sort order '{text}' is not a whole number; the row is "
                        "listed after the numbered ones",
                    )
                )
    if plan_columns.get("priority"):
        facts.priority = " ".join(
            columns.first(cells, plan_columns["priority"]).split()
        )
    if plan_columns.get("objective"):
        facts.objective = " ".join(
            columns.first(cells, plan_columns["objective"]).split()
        )
    if plan_columns.get("headline"):
        text = columns.first(cells, plan_columns["headline"])
        headline = read_bool(text)
        if headline is None:
            warnings.append(
                _cell_problem(
                    columns,
                    row,
                    plan_columns["headline"][0],
                    f"'{text.strip()}' is not TRUE or FALSE; read as not a headline "
                    "metric",
                )
            )
        facts.headline = bool(headline)
    facts.progress = _read_progress(columns, cells, row, plan_columns)
    if plan_columns.get("target_status"):
        text = columns.first(cells, plan_columns["target_status"]).strip()
        status = parse_council_target_status(text) if text else None
        if text and status is None:
            warnings.append(
                _cell_problem(
                    columns,
                    row,
                    plan_columns["target_status"][0],
                    f"'{text}' is not a target status the importer knows "
                    "(On-Target, Off-Target, No Target Set, Target not applicable, "
                    "N/A); not recorded",
                )
            )
        facts.target_status = status.value if status else None
    if simple.get("target"):
        facts.target = columns.first(cells, simple["target"]).strip()
        facts.target_column = simple["target"][0].header.strip()
        facts.target_column_number = simple["target"][0].index + 1
    entry.facts[(chosen, report_year)] = facts

    for (series, period), fields in period_groups:
        value_columns = fields.get("value", [])
        text = columns.first(cells, value_columns).strip()
        if not text:
            continue
        value_column = next(
            c for c in value_columns if c.index < len(cells) and cells[c.index].strip()
        )
        scope = " ".join(columns.first(cells, fields.get("scope", [])).split())
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
            warnings.append(
                _cell_problem(
                    columns,
                    row,
                    value_column,
                    f"the {series} figure names no place in its scope column; "
                    f"recorded as '{scope}'",
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
    return entry


def _read_progress(
    columns: _Columns,
    cells: list[str],
    row: int,
    plan_columns: dict[str, list[CouncilColumn]],
) -> str | None:
    code_columns = plan_columns.get("progress", [])
    word_columns = plan_columns.get("progress_words", [])
    code_text = columns.first(cells, code_columns).strip()
    word_text = columns.first(cells, word_columns).strip()
    code = parse_council_progress(code_text) if code_text else None
    words = parse_council_progress(word_text) if word_text else None
    for text, value, cols in (
        (code_text, code, code_columns),
        (word_text, words, word_columns),
    ):
        if text and value is None:
            columns.warnings.append(
                _cell_problem(
                    columns,
                    row,
                    cols[0],
                    f"'{text}' is not a progress verdict the importer knows "
                    "(BETTER, EQUALS, WORSE, CANT SAY, N/A); not recorded",
                )
            )
    if code is not None and words is not None and code != words:
        columns.warnings.append(
            _cell_problem(
                columns,
                row,
                word_columns[0],
                f"the two Progress columns disagree ('{code_text}' and "
                f"'{word_text}'); the first is recorded",
            )
        )
    chosen = code or words
    return chosen.value if chosen else None
