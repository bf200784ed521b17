"""The tidy format: one row per value (DESIGN.md section 6), as CSV or Excel.

Reading validates every row before anything is written (the importer writes only a
whole file); writing is deterministic, so an export imports back and exports again
to the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import IO

from reports.opendata.council import read_bool, read_direction
from reports.opendata.headers import (
    COMPARATOR,
    MEMBER,
    NATIONAL,
    PLACE,
    TIDY_COLUMNS,
    fold_tidy_header,
    plan_period,
    read_group_version,
)
from reports.opendata.records import (
    TIDY,
    ComparatorCell,
    MemberCell,
    MetricEntry,
    OpenDataError,
    ParsedFile,
    Problem,
    ValueCell,
    YearFacts,
    read_decimal,
)
from scorecard.domain.groups import is_area_code
from scorecard.domain.periods import DATA_STATUSES, Period, data_status_from_label
from scorecard.domain.vocabulary import (
    parse_council_progress,
    parse_council_target_status,
)

PERSPECTIVES = ("outcomes", "finance", "workforce", "quality")
_SCOPE_KINDS = {
    "": PLACE,
    "place": PLACE,
    "local": PLACE,
    "comparator": COMPARATOR,
    "benchmark": COMPARATOR,
    "national": NATIONAL,
    "member": MEMBER,
}
_FACT_FIELDS = (
    "headline",
    "priority",
    "objective",
    "progress_recorded",
    "target",
    "target_status_recorded",
    "plan",
    "sort_order",
)
_NUMBER_FIELDS = ("value_number", "numerator", "denominator", "lower_ci", "upper_ci")


def read_tidy(
    *,
    file: str,
    header_row: int,
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    plan: str | None,
    year: str | None,
) -> ParsedFile:
    """Read a tidy file whose header is `header` (at `header_row`).

    Each row's period names its year: the headline, priority, objective, target and
    recorded verdict columns describe the metric in that year, in the row's `plan`
    (or the plan given, or the plan covering the year). `year` does not apply.
    """
    warnings: list[Problem] = []
    index: dict[str, int] = {}
    for position, text in enumerate(header):
        name = fold_tidy_header(text)
        if not name:
            continue
        if name in index:
            warnings.append(
                Problem(
                    file,
                    header_row,
                    text.strip(),
                    f"the column appears twice (columns {index[name] + 1} and "
                    f"{position + 1}); the first is read",
                    position + 1,
                )
            )
            continue
        if name not in TIDY_COLUMNS:
            warnings.append(
                Problem(
                    file,
                    header_row,
                    text.strip(),
                    "the column is not one of the tidy format's; not imported",
                    position + 1,
                )
            )
            continue
        index[name] = position
    if "metric" not in index and "metric_code" not in index:
        raise OpenDataError(
            Problem(file, header_row, None, "the header has no metric column")
        )
    if "period" not in index:
        raise OpenDataError(
            Problem(file, header_row, None, "the header has no period column")
        )
    if "value" not in index and "value_number" not in index:
        raise OpenDataError(
            Problem(file, header_row, None, "the header has no value column")
        )
    if year is not None:
        warnings.append(
            Problem(
                file,
                None,
                None,
                "--year does not apply to a tidy file: each row's period names its "
                "year",
            )
        )
    status_column = (
        "target_status_recorded"
        if "target_status_recorded" in index
        else "target_status"
    )
    reader = _TidyReader(file, index, warnings, plan, status_column)
    for row_number, cells in rows:
        reader.read(row_number, cells)
    return ParsedFile(
        name=file,
        layout=TIDY,
        rows_read=reader.rows_read,
        metrics=list(reader.entries.values()),
        warnings=warnings,
        plans_named=sorted(
            {
                f.plan
                for e in reader.entries.values()
                for f in e.facts.values()
                if f.plan
            }
        ),
        plan=plan,
        report_year=reader.latest_year,
        latest_year=reader.latest_year,
    )


# A row's own cells, read afresh each row.
_MAIN_FIELDS = (
    "metric_code",
    "metric",
    "unit",
    "value",
    "value_number",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
)
# The cells that place a figure (its period, label, status, revision, scope and
# group): a million rows hold a few thousand combinations, read once each.
_CONTEXT_FIELDS = (
    "period",
    "period_label",
    "data_status",
    "revision",
    "scope",
    "scope_kind",
    "breakdown",
    "breakdown_group",
)
_STATUSES = frozenset(DATA_STATUSES)
# A figure's period, label, data status, scope, revision, breakdown and group.
_Place = tuple[str, str, str, str, int | None, str, str]


def _squash(text: str) -> str:
    return " ".join(text.split())


class _TidyReader:
    """Reads rows one by one. Rows repeat the same metric, period, label and scope
    many times over, so everything read from a string is remembered by the string:
    a million rows cost little more than their distinct values."""

    def __init__(
        self,
        file: str,
        index: dict[str, int],
        warnings: list[Problem],
        plan: str | None,
        status_column: str,
    ):
        self.file = file
        self.index = index
        self.warnings = warnings
        self.plan = plan
        self.status_column = status_column
        self.width = max(index.values(), default=0) + 1
        # Absent columns read the blank cell appended to every row (index -1).
        self.main = itemgetter(*(index.get(name, -1) for name in _MAIN_FIELDS))
        self.context_of = itemgetter(*(index.get(name, -1) for name in _CONTEXT_FIELDS))
        fact_names = [
            status_column if name == "target_status_recorded" else name
            for name in _FACT_FIELDS
        ]
        self.has_facts = any(name in index for name in fact_names)
        self.facts_of = itemgetter(*(index.get(name, -1) for name in fact_names))
        self.blank_facts = ("",) * len(_FACT_FIELDS)
        self.value_column = index.get("value", index.get("value_number", 0)) + 1
        self.entries: dict[object, MetricEntry] = {}
        self.by_raw: dict[tuple[str, str, str], MetricEntry] = {}
        self.raw_facts: dict[tuple[int, str | None, str], tuple[str, ...]] = {}
        self.conflicts: set[tuple[int, str]] = set()
        self.periods: dict[str, tuple[str, str]] = {}
        self.squashed: dict[str, str] = {}
        self.revisions: dict[str, int | None] = {}
        # What a context (_CONTEXT_FIELDS) and a number's text read as, kept only
        # where reading them warned of nothing: a warning is given on every row.
        self.places: dict[tuple[str, ...], _Place] = {}
        self.numbers: dict[str, Decimal] = {}
        self.plan_texts: dict[str, str | None] = {}
        self.rows_read = 0
        self.latest: Period | None = None
        # Benchmarking: the group columns, and each member figure by metric,
        # period, place and revision (one figure, however many groups list it).
        self.group_column = index.get("comparator_group")
        self.member_figures: dict[tuple[int, str, str, int | None], MemberCell] = {}

    @property
    def latest_year(self) -> str | None:
        return str(self.latest) if self.latest else None

    def problem(self, row: int, column: str, message: str) -> Problem:
        position = self.index.get(column)
        return Problem(
            self.file,
            row,
            column,
            message,
            position + 1 if position is not None else None,
        )

    def warn(self, row: int, column: str, message: str) -> None:
        self.warnings.append(self.problem(row, column, message))

    def fail(self, row: int, column: str, message: str) -> OpenDataError:
        return OpenDataError(self.problem(row, column, message))

    def clean(self, text: str) -> str:
        cleaned = self.squashed.get(text)
        if cleaned is None:
            cleaned = self.squashed[text] = _squash(text)
        return cleaned

    def read(self, row_number: int, cells: list[str]) -> None:
        if not any(cells):
            return
        missing = self.width - len(cells)
        if missing > 0:
            cells.extend([""] * missing)
        cells.append("")
        (
            code,
            name,
            unit,
            value,
            number_text,
            numerator,
            denominator,
            lower,
            upper,
        ) = self.main(cells)
        context: tuple[str, ...] = self.context_of(cells)
        period_text = context[0]
        entry = self.by_raw.get((code, name, unit))
        if entry is None:
            entry = self._entry(row_number, cells, code, name, unit)
            if entry is None:
                return  # only spaces: a blank row after all
        period_year = self.periods.get(period_text)
        if period_year is None:
            period_year = self._period(row_number, period_text)
        entry.last_row = row_number
        self.rows_read += 1
        if self.has_facts:
            facts = self.facts_of(cells)
            if facts != self.blank_facts:
                self._facts(entry, row_number, facts, period_year[1])
        if self.group_column is not None and cells[self.group_column]:
            kind = context[5]
            if not context[6] and (
                not kind or self._scope_kind(row_number, kind) == PLACE
            ):
                self._shown_group(entry, row_number, cells, period_year[1])
        if not (value or number_text or context[3]):
            return
        place = self.places.get(context)
        if place is None:
            kind = context[5]
            if kind and self._scope_kind(row_number, kind) == MEMBER:
                self._member(entry, row_number, cells, context, period_year[0])
                return
            if kind and kind != PLACE and self._scope_kind(row_number, kind) != PLACE:
                self._comparator(
                    entry,
                    row_number,
                    period_year[0],
                    self._scope_kind(row_number, kind),
                    context[1],
                    context[4],
                    value,
                    number_text,
                    context[3],
                    context[6],
                )
                return
        number = None
        if number_text:
            number = self.numbers.get(number_text)
            if number is None:
                number = self._number(row_number, "value_number", number_text)
        if place is None:
            place = self._place(row_number, context, period_year[0])
        period, label, status, scope, revision, breakdown, group = place
        entry.values.append(
            ValueCell(
                row_number,
                "value",
                self.value_column,
                period,
                label,
                status,
                scope,
                value.strip(),
                revision,
                breakdown,
                group,
                number,
                self._number(row_number, "numerator", numerator) if numerator else None,
                (
                    self._number(row_number, "denominator", denominator)
                    if denominator
                    else None
                ),
                self._number(row_number, "lower_ci", lower) if lower else None,
                self._number(row_number, "upper_ci", upper) if upper else None,
                True,
            )
        )

    def _place(self, row_number: int, context: tuple[str, ...], period: str) -> _Place:
        """What a figure's context cells read as, with their warnings."""
        _, label, status, revision_text, scope, _, breakdown, group = context
        warned = len(self.warnings)
        revision = self.revisions.get(revision_text, 0)
        if revision == 0:
            revision = self._revision(row_number, revision_text)
        label = self.clean(label)
        if status not in _STATUSES:
            status = self._status(row_number, status, label)
        if breakdown or group:
            breakdown, group = self._breakdown(row_number, breakdown, group)
        place = (
            period,
            label,
            status,
            self.clean(scope) or "Coventry",
            revision,
            breakdown,
            group,
        )
        if len(self.warnings) == warned:
            self.places[context] = place
        return place

    def _number(self, row_number: int, column: str, text: str) -> Decimal | None:
        """A number cell, remembered by its text when it reads without a warning."""
        number = self.numbers.get(text)
        if number is not None:
            return number
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            number = self._decimal(row_number, column, text)
        if number is not None:
            self.numbers[text] = number
        return number

    def _period(self, row_number: int, text: str) -> tuple[str, str]:
        if not text.strip():
            raise self.fail(row_number, "period", "the period is empty")
        try:
            parsed = Period.parse(text)
        except ValueError as error:
            raise self.fail(row_number, "period", str(error)) from error
        result = (str(parsed), str(parsed.year()))
        self.periods[text] = result
        if self.latest is None or parsed.year().year_start > self.latest.year_start:
            self.latest = parsed.year()
        return result

    def _entry(
        self, row_number: int, cells: list[str], code: str, name: str, unit: str
    ) -> MetricEntry | None:
        """The metric of a (code, name, unit) not seen before in this file."""
        code = code.strip()
        clean_name = _squash(name)
        clean_unit = _squash(unit)
        if not code and not clean_name:
            if not any(cell.strip() for cell in cells):
                return None
            raise self.fail(
                row_number, "metric", "the row names no metric (metric or metric_code)"
            )
        key: object = (
            code.casefold() if code else (clean_name.casefold(), clean_unit.casefold())
        )
        entry = self.entries.get(key)
        if entry is None:
            entry = MetricEntry(
                row=row_number,
                name=clean_name,
                unit=clean_unit,
                code=code,
                name_column="metric",
            )
            self._metric_attributes(entry, row_number, cells)
            self.entries[key] = entry
        elif (
            (clean_name and clean_name != entry.name) or clean_unit != entry.unit
        ) and (id(entry), "name") not in self.conflicts:
            self.conflicts.add((id(entry), "name"))
            self.warn(
                row_number,
                "metric",
                f"'{clean_name}' ({clean_unit}) differs from row {entry.row}'s "
                f"'{entry.name}' ({entry.unit}) for the same metric code; the "
                "first is kept",
            )
        self.by_raw[(code, name, unit)] = entry
        return entry

    def _metric_attributes(
        self, entry: MetricEntry, row_number: int, cells: list[str]
    ) -> None:
        position = self.index.get("good_direction")
        text = cells[position].strip() if position is not None else ""
        if text:
            direction, understood = read_direction(text)
            if not understood:
                self.warn(
                    row_number,
                    "good_direction",
                    f"'{text}' is not up, down or none; the metric's direction is kept",
                )
            entry.direction = direction
        position = self.index.get("perspective")
        perspective = cells[position].strip().casefold() if position is not None else ""
        if perspective:
            if perspective in PERSPECTIVES:
                entry.perspective = perspective
            else:
                self.warn(
                    row_number,
                    "perspective",
                    f"'{perspective}' is not a perspective ("
                    + ", ".join(PERSPECTIVES)
                    + "); the metric's perspective is kept",
                )

    def _facts(
        self,
        entry: MetricEntry,
        row_number: int,
        cells: tuple[str, ...],
        year: str,
    ) -> None:
        raw = tuple(cell.strip() for cell in cells)
        plan = self._plan(row_number, raw[6]) if raw[6] else self.plan
        key = (id(entry), plan, year)
        seen = self.raw_facts.get(key)
        if seen == raw:
            return
        facts = entry.facts.get((plan, year))
        if facts is None:
            facts = YearFacts(plan=plan, year=year, row=row_number)
            entry.facts[(plan, year)] = facts
            position = self.index.get("target")
            facts.target_column = "target"
            facts.target_column_number = position + 1 if position is not None else None
        self.raw_facts[key] = raw
        (
            headline_text,
            priority,
            objective,
            progress_text,
            target,
            status_text,
            _,
            sort_text,
        ) = raw
        merged = {
            "headline": self._headline(row_number, headline_text),
            "priority": _squash(priority) or None,
            "objective": _squash(objective) or None,
            "progress": self._progress(row_number, progress_text),
            "target": target or None,
            "target_status": self._target_status(row_number, status_text),
            "sort_order": self._sort_order(row_number, sort_text),
        }
        for field, value in merged.items():
            if value is None:
                continue
            current = getattr(facts, field)
            if current is None:
                setattr(facts, field, value)
                if field == "target":
                    facts.row = row_number
            elif current != value and (id(entry), field + year) not in self.conflicts:
                self.conflicts.add((id(entry), field + year))
                self.warn(
                    row_number,
                    field,
                    f"'{value}' differs from the {field.replace('_', ' ')} an "
                    f"earlier row gives this metric for {year} ('{current}'); "
                    "the first is kept",
                )
        facts.listed = facts.listed or bool(
            priority or objective or sort_text or merged["headline"]
        )

    def _plan(self, row_number: int, text: str) -> str | None:
        if text not in self.plan_texts:
            period = plan_period(text)
            if period is None:
                self.warn(
                    row_number,
                    "plan",
                    f"'{text}' is not a plan period such as '2022-30'; read as "
                    + (f"--plan {self.plan}" if self.plan else "not naming a plan"),
                )
            self.plan_texts[text] = period or self.plan
        return self.plan_texts[text]

    def _headline(self, row_number: int, text: str) -> bool | None:
        if not text:
            return None
        value = read_bool(text)
        if value is None:
            self.warn(
                row_number,
                "headline",
                f"'{text}' is not TRUE or FALSE; headline membership is not changed",
            )
        return value

    def _progress(self, row_number: int, text: str) -> str | None:
        if not text:
            return None
        progress = parse_council_progress(text)
        if progress is None:
            self.warn(
                row_number,
                "progress_recorded",
                f"'{text}' is not a progress key (improved, similar, got_worse, "
                "cannot_say, not_available); not recorded",
            )
            return None
        return progress.value

    def _target_status(self, row_number: int, text: str) -> str | None:
        if not text:
            return None
        status = parse_council_target_status(text)
        if status is None:
            self.warn(
                row_number,
                self.status_column,
                f"'{text}' is not a target status key (on_target, off_target, "
                "no_target, not_applicable, not_available); not recorded",
            )
            return None
        return status.value

    def _sort_order(self, row_number: int, text: str) -> int | None:
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            self.warn(
                row_number, "sort_order", f"'{text}' is not a whole number; ignored"
            )
            return None

    def _decimal(self, row_number: int, column: str, text: str) -> Decimal | None:
        text = text.strip()
        if not text:
            return None
        number = read_decimal(text)
        if number is None:
            self.warn(row_number, column, f"'{text}' is not a number; ignored")
        return number

    def _revision(self, row_number: int, text: str) -> int | None:
        stripped = text.strip()
        revision = None
        if stripped.isdigit() and int(stripped) > 0:
            revision = int(stripped)
        elif stripped:
            self.warn(
                row_number,
                "revision",
                f"'{stripped}' is not a revision number (1, 2 …); the figure is "
                "recorded as the next revision",
            )
            return None  # not remembered: every such row is warned about
        self.revisions[text] = revision
        return revision

    def _status(self, row_number: int, text: str, label: str) -> str:
        folded = text.strip().casefold()
        if folded in _STATUSES:
            return folded
        status = data_status_from_label(label)
        if folded:
            self.warn(
                row_number,
                "data_status",
                f"'{folded}' is not a data status ("
                + ", ".join(DATA_STATUSES)
                + f"); read from the label as {status}",
            )
        return status

    def _breakdown(
        self, row_number: int, breakdown: str, group: str
    ) -> tuple[str, str]:
        breakdown = self.clean(breakdown)
        group = self.clean(group)
        if breakdown and not group:
            raise self.fail(
                row_number,
                "breakdown_group",
                f"the breakdown '{breakdown}' needs a group (female, 16-24 …)",
            )
        if group and not breakdown:
            breakdown = "group"
            self.warn(
                row_number,
                "breakdown",
                f"the group '{group}' names no breakdown; recorded under 'group'",
            )
        return breakdown, group

    def _scope_kind(self, row_number: int, text: str) -> str:
        kind = _SCOPE_KINDS.get(text.strip().casefold())
        if kind is None:
            raise self.fail(
                row_number,
                "scope_kind",
                f"'{text.strip()}' is not a scope kind (place, comparator, national, "
                "member)",
            )
        return kind

    def _cell(self, cells: list[str], column: str) -> str:
        position = self.index.get(column)
        return cells[position].strip() if position is not None else ""

    def _version(self, row_number: int, cells: list[str]) -> tuple[str, int, str]:
        """The group and version a row names (comparator_group, group_version)."""
        group = self.clean(self._cell(cells, "comparator_group"))
        text = self._cell(cells, "group_version")
        if not group:
            if text:
                raise self.fail(
                    row_number,
                    "comparator_group",
                    f"the version '{text}' names no group: give the group's name",
                )
            return "", 0, ""
        if len(group) > 100:
            raise self.fail(
                row_number,
                "comparator_group",
                "the group's name is longer than 100 characters",
            )
        if not text:
            return group, 0, ""
        version = read_group_version(text)
        if version is None:
            raise self.fail(
                row_number,
                "group_version",
                f"'{text}' is not a group's version as the export writes it: its "
                "number and first year, such as '2 (from 2024-25)'",
            )
        return group, version[0], version[1]

    def _shown_group(
        self, entry: MetricEntry, row_number: int, cells: list[str], year: str
    ) -> None:
        """The group the metric's own row for ``year`` ranks it in."""
        group, _, _ = self._version(row_number, cells)
        if not group:
            return
        seen = entry.shown_groups.get(year)
        if seen is None:
            entry.shown_groups[year] = (group, row_number)
        elif (
            seen[0].casefold() != group.casefold()
            and (
                id(entry),
                "group" + year,
            )
            not in self.conflicts
        ):
            self.conflicts.add((id(entry), "group" + year))
            self.warn(
                row_number,
                "comparator_group",
                f"'{group}' differs from the group row {seen[1]} gives this metric "
                f"for {year} ('{seen[0]}'); the first is kept",
            )

    def _member(
        self,
        entry: MetricEntry,
        row_number: int,
        cells: list[str],
        context: tuple[str, ...],
        period: str,
    ) -> None:
        """A place's figure (scope kind member): its ONS code, name and group."""
        code = self._cell(cells, "area_code").upper()
        if not code:
            raise self.fail(
                row_number,
                "area_code",
                "a member figure needs the place's ONS area code (E08000026)",
            )
        if not is_area_code(code):
            raise self.fail(
                row_number,
                "area_code",
                f"'{code}' is not an ONS area code (a letter and eight digits, "
                "such as E08000026)",
            )
        name = self.clean(context[4])
        if not name:
            raise self.fail(
                row_number, "scope", "a member figure needs the place's name in scope"
            )
        if len(name) > 150:
            raise self.fail(
                row_number, "scope", "the place's name is longer than 150 characters"
            )
        if context[6].strip() or context[7].strip():
            self.warn(
                row_number,
                "breakdown",
                "other places' figures have no breakdowns; the breakdown is ignored",
            )
        group, number, from_year = self._version(row_number, cells)
        if group and not number:
            raise self.fail(
                row_number,
                "group_version",
                f"a member figure names the version of '{group}' the place is in, "
                "such as '2 (from 2024-25)'",
            )
        revision = self.revisions.get(context[3], 0)
        if revision == 0:
            revision = self._revision(row_number, context[3])
        main = self.main(cells)

        def number_of(column: str, text: str) -> Decimal | None:
            return self._number(row_number, column, text) if text else None

        cell = MemberCell(
            row=row_number,
            column="value",
            column_number=self.value_column,
            period=period,
            period_label=self.clean(context[1]),
            revision=revision,
            area_code=code,
            place_name=name,
            text=main[3].strip(),
            number=number_of("value_number", main[4]),
            lower_ci=number_of("lower_ci", main[7]),
            upper_ci=number_of("upper_ci", main[8]),
            count=number_of("numerator", main[5]),
            denominator=number_of("denominator", main[6]),
        )
        key = (id(entry), period, code, revision)
        seen = self.member_figures.get(key)
        if seen is None:
            self.member_figures[key] = cell
            entry.members.append(cell)
            seen = cell
        elif seen.figure() != cell.figure():
            raise self.fail(
                row_number,
                "value",
                f"the figure differs from row {seen.row}'s for {name} ({code}) in "
                f"{period}: one figure serves every group a place is in, so the "
                "rows for it must agree",
            )
        if group:
            seen.groups.append((group, number, from_year, row_number))

    def _comparator(
        self,
        entry: MetricEntry,
        row_number: int,
        period: str,
        kind: str,
        label: str,
        scope: str,
        value: str,
        number_text: str,
        revision_text: str,
        breakdown: str,
    ) -> None:
        revision = self.revisions.get(revision_text, 0)
        if revision == 0:
            revision = self._revision(row_number, revision_text)
        scope = self.clean(scope)
        if not scope:
            scope = "England" if kind == NATIONAL else "Unnamed comparator"
            self.warn(
                row_number,
                "scope",
                f"the {kind} figure names no place; recorded as '{scope}'",
            )
        if breakdown.strip():
            self.warn(
                row_number,
                "breakdown",
                "comparators have no breakdowns; the breakdown is ignored",
            )
        entry.comparators.append(
            ComparatorCell(
                row=row_number,
                column="value",
                column_number=self.value_column,
                name=scope,
                kind=kind,
                period=period,
                period_label=self.clean(label),
                text=value.strip(),
                revision=revision,
                number=self._decimal(row_number, "value_number", number_text),
                numbers_given=True,
            )
        )


# --- writing ----------------------------------------------------------------------


def write_tidy_csv(rows: Iterable[Sequence[str]], stream: IO[str]) -> None:
    """The header and rows, comma-separated, CRLF line ends, quoted only as needed."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(TIDY_COLUMNS)
    writer.writerows(rows)


_NUMERIC_COLUMNS = frozenset(
    {"revision", "sort_order", "value_number", "numerator", "denominator"}
    | {"lower_ci", "upper_ci"}
)
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_STAMP = "1980-01-01T00:00:00Z"


def write_tidy_xlsx(rows: Iterable[Sequence[str]], stream: IO[bytes]) -> None:
    """The same table as an Excel workbook. Numbers that a spreadsheet holds exactly
    are written as numbers, everything else as text; timestamps inside the file are
    fixed, so the same rows give the same bytes."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("open data")
    sheet.append(list(TIDY_COLUMNS))
    numeric = [name in _NUMERIC_COLUMNS for name in TIDY_COLUMNS]
    for row in rows:
        sheet.append(
            [
                _excel_number(cell) if is_number else cell
                for cell, is_number in zip(row, numeric, strict=True)
            ]
        )
    workbook.properties.creator = "Coventry performance"
    workbook.properties.created = dt.datetime(1980, 1, 1)
    workbook.properties.modified = dt.datetime(1980, 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _fix_zip_times(buffer.getvalue(), stream)


def _excel_number(text: str) -> str | int | float:
    number = read_decimal(text)
    if number is None or "," in text:
        return text
    if number == number.to_integral_value() and abs(number) < 2**53:
        return int(number)
    as_float = float(number)
    if Decimal(repr(as_float)) == number:
        return as_float
    return text


def _fix_zip_times(data: bytes, stream: IO[bytes]) -> None:
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + _FIXED_STAMP.encode(),
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            target.writestr(info, content)
