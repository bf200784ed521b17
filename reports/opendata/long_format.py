"""Reading any long-format benchmarking CSV through a column mapping (issue 19).

Long format is one row per area and period (and indicator), as LG Inform, ONS's
Explore Local Statistics and most other sources can download. The performance
administrator says which header holds which field (``ColumnMapping``); the mapping
is saved per source (``as_dict``/``from_dict``) and ``suggest_mapping`` guesses a
first one from the headers. ``read`` returns the same records and the same
row-and-column errors as the Fingertips reader (``reports.opendata.fingertips``).
Pure: no database, nothing saved.

**The header names guessed**, checked against the sources:

- ONS Explore Local Statistics: its download is built from the data cube's
  dimensions and measures (``ONSdigital/explore-local-statistics-app``,
  ``src/lib/api/data/helpers/dataFormatters.ts`` and ``src/lib/config/measures.ts``):
  ``indicator``, ``areacd``, ``areanm``, the period, ``value``, ``lci`` and ``uci``
  (the lower and upper confidence limits) and ``status``; its earlier CSV-W files
  (``explore-local-statistics-data``) headed them ``AREACD``, ``AREANM``,
  ``Period``.
- LG Inform: its web-services CSV (``webservices.esd.org.uk/data.csv``, as councils'
  published scripts read it) heads the area code ``area`` and its name ``area
  label`` (with ``area long label`` beside it); a long download adds ``period`` and
  ``value``; its metric's ID is its ``metricType``. LG Inform's own downloads with
  periods as columns are wide: download them grouped by area and period.
- Common spellings: "Area code", "Area name", "Time period", "Value", "Lower CI",
  "Upper CI", "Lower confidence limit", "Count", "Numerator", "Denominator".

The interval's level is part of the mapping (95% unless the source says 99.8%).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from reports.opendata.fingertips import (
    MISSING_CELL,
    MISSING_COLUMN,
    NOT_MAPPED,
    UNREADABLE,
    ReadProblem,
    ReadResult,
    SourceRecord,
    cell_text,
    csv_rows,
    decode,
    interval_warnings,
    map_period,
    normalise_header,
    read_problem,
    row_numbers,
)

REQUIRED_FIELDS = ("area_code", "period", "value")
NUMBER_FIELDS = ("value", "lower", "upper", "count", "denominator")
LEVELS = ("95", "99.8")

FIELD_LABELS = {
    "area_code": "area code",
    "area_name": "area name",
    "period": "period",
    "value": "value",
    "lower": "lower limit",
    "upper": "upper limit",
    "count": "count",
    "denominator": "denominator",
    "indicator_id": "indicator ID",
    "indicator_name": "indicator name",
}

# The headers each field is guessed from, most telling first (compared as
# normalise_header compares them: lower case, single spaces).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "area_code": (
        "area code",
        "areacd",
        "area_code",
        "geography code",
        "gss code",
        "ons code",
        "la code",
        "local authority code",
        "area",
        "code",
    ),
    "area_name": (
        "area name",
        "areanm",
        "area_name",
        "area label",
        "geography name",
        "geography",
        "local authority name",
        "local authority",
        "area long label",
        "name",
    ),
    "period": (
        "time period",
        "period",
        "date",
        "financial year",
        "year",
        "time",
    ),
    "value": ("value", "obs value", "observation", "data value", "figure"),
    "lower": (
        "lci",
        "lower ci",
        "lower ci 95.0 limit",
        "lower confidence limit",
        "lower confidence interval",
        "lower 95% ci",
        "lower 95% confidence limit",
        "lci95",
        "lower limit",
        "lower",
        "lower ci 99.8 limit",
    ),
    "upper": (
        "uci",
        "upper ci",
        "upper ci 95.0 limit",
        "upper confidence limit",
        "upper confidence interval",
        "upper 95% ci",
        "upper 95% confidence limit",
        "uci95",
        "upper limit",
        "upper",
        "upper ci 99.8 limit",
    ),
    "count": ("count", "numerator"),
    "denominator": ("denominator",),
    "indicator_id": (
        "indicator id",
        "metrictype",
        "metric type",
        "metric id",
        "indicator code",
        "metric type id",
    ),
    "indicator_name": (
        "indicator name",
        "indicator",
        "metric name",
        "metric",
        "metric type label",
    ),
}


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which header holds each field; None where the source has no such column.

    ``interval_level`` says at which confidence level ``lower`` and ``upper`` are
    ("95" or "99.8"), so the records put them in the right place.
    """

    area_code: str | None = None
    area_name: str | None = None
    period: str | None = None
    value: str | None = None
    lower: str | None = None
    upper: str | None = None
    count: str | None = None
    denominator: str | None = None
    indicator_id: str | None = None
    indicator_name: str | None = None
    interval_level: str = "95"

    def headers(self) -> dict[str, str]:
        """Field → header, for the fields that are mapped."""
        return {
            name: header
            for name, header in asdict(self).items()
            if name != "interval_level" and header
        }

    def missing(self) -> tuple[str, ...]:
        """The required fields (area code, period, value) not mapped."""
        return tuple(name for name in REQUIRED_FIELDS if not getattr(self, name))

    def problems(self) -> tuple[str, ...]:
        """What is wrong with the mapping itself, in words."""
        found = [
            f"say which column holds the {FIELD_LABELS[name]}"
            for name in self.missing()
        ]
        if self.interval_level not in LEVELS:
            found.append(
                f"the interval's level is 95 or 99.8, not '{self.interval_level}'"
            )
        if bool(self.lower) != bool(self.upper):
            found.append("an interval needs both its lower and its upper limit")
        seen: dict[str, str] = {}
        for name, header in self.headers().items():
            key = normalise_header(header)
            if key in seen:
                found.append(
                    f"the column '{header}' is mapped to both the "
                    f"{FIELD_LABELS[seen[key]]} and the {FIELD_LABELS[name]}"
                )
            seen.setdefault(key, name)
        return tuple(found)

    def as_dict(self) -> dict[str, Any]:
        """What is saved per source."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        """The saved mapping; unknown keys are ignored."""
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


def suggest_mapping(headers: Sequence[str]) -> ColumnMapping:
    """A first guess at the mapping from a file's headers (``SYNONYMS``); each
    header is used at most once, and a field with no likely header is None."""
    by_key: dict[str, str] = {}
    for header in headers:
        key = normalise_header(header)
        if key:
            by_key.setdefault(key, header.replace("\ufeff", "").strip())
    used: set[str] = set()
    chosen: dict[str, str | None] = {}
    for name, synonyms in SYNONYMS.items():
        chosen[name] = None
        for synonym in synonyms:
            if synonym in by_key and synonym not in used:
                chosen[name] = by_key[synonym]
                used.add(synonym)
                break
    # Only a file with no 95% limits falls through to Fingertips' 99.8% ones.
    level = "95"
    lower = chosen.get("lower")
    if lower and "99.8" in lower:
        level = "99.8"
    return ColumnMapping(**chosen, interval_level=level)


def read(data: str | bytes, mapping: ColumnMapping) -> ReadResult:
    """Read a long-format file through its mapping. Never raises for a bad file:
    a mapping that names a column the file lacks is an error naming it; a bad
    cell is an error naming its row and column, and that row is left out."""
    text, warnings = decode(data)
    rows = csv_rows(text)
    first = next(rows, None)
    if first is None:
        return ReadResult(
            (), (read_problem(None, None, "the file is empty", UNREADABLE),)
        )
    header_line, header = first
    mapping_problems = mapping.problems()
    if mapping_problems:
        return ReadResult(
            (),
            tuple(
                read_problem(None, None, f"the column mapping: {problem}", "mapping")
                for problem in mapping_problems
            ),
            tuple(warnings),
            tuple(header),
        )
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        positions.setdefault(normalise_header(heading), index)
    index_of: dict[str, int] = {}
    errors: list[ReadProblem] = []
    for name, column in mapping.headers().items():
        position = positions.get(normalise_header(column))
        if position is None:
            errors.append(
                read_problem(
                    header_line,
                    column,
                    f"the column '{column}' (mapped to the {FIELD_LABELS[name]}) "
                    "is not in the file",
                    MISSING_COLUMN,
                )
            )
        else:
            index_of[name] = position
    if errors:
        return ReadResult((), tuple(errors), tuple(warnings), tuple(header))
    headers = mapping.headers()
    at_95 = mapping.interval_level == "95"
    records: list[SourceRecord] = []
    number_columns = {
        name: headers.get(name, FIELD_LABELS[name]) for name in NUMBER_FIELDS
    }
    for line, cells in rows:

        def cell(name: str, cells: list[str] = cells) -> str:
            return cell_text(cells, index_of.get(name))

        numbers, row_errors = row_numbers(line, cells, index_of, number_columns)
        for name in ("area_code", "period"):
            if not cell(name):
                row_errors.append(
                    read_problem(
                        line,
                        headers[name],
                        f"the {FIELD_LABELS[name]} is blank",
                        MISSING_CELL,
                    )
                )
        if row_errors:
            errors.extend(row_errors)
            continue
        period = map_period(cell("period"))
        if period.key is None:
            warnings.append(
                read_problem(
                    line, headers["period"], period.note, NOT_MAPPED, period.text
                )
            )
        if mapping.lower:
            warnings.extend(
                interval_warnings(
                    line,
                    {
                        headers["lower"]: numbers["lower"],
                        headers["upper"]: numbers["upper"],
                    },
                    ((headers["lower"], headers["upper"]),),
                )
            )
        records.append(
            SourceRecord(
                row=line,
                indicator_id=cell("indicator_id"),
                indicator_name=cell("indicator_name"),
                area_code=cell("area_code"),
                area_name=cell("area_name"),
                period=period,
                value=numbers["value"],
                count=numbers["count"],
                denominator=numbers["denominator"],
                lower_95=numbers["lower"] if at_95 else None,
                upper_95=numbers["upper"] if at_95 else None,
                lower_99_8=None if at_95 else numbers["lower"],
                upper_99_8=None if at_95 else numbers["upper"],
            )
        )
    return ReadResult(tuple(records), tuple(errors), tuple(warnings), tuple(header))
