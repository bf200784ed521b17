"""What importing a file of other places' figures would change (issue 19): the plan.

Pure: records in (``reports.opendata.fingertips`` or ``long_format``), with what
the database holds handed in (the metrics the indicators map to, the places known,
the latest figure stored for each metric, period and place), and out comes the
plan the preview shows and the import applies. Nothing here touches the database.

**Every row** of the file ends in exactly one of these:

- a figure to write, per metric: **new** (no live figure for that metric, period
  and place), **revised** (a different figure than the latest revision: the next
  revision), or **unchanged** (the same figure: nothing written). The home area's
  row is a figure like any other: the standings use it where the metric has no
  figure of its own for the period.
- **left out**, counted by why: the indicator is not mapped to a metric (or the
  file has no indicator and no metric was chosen); a breakdown (Fingertips rows
  whose Category Type is set or whose Sex is not "Persons"); a period that maps to
  no one product period (a pooled range of years); a blank value (the source
  suppressed it).
- an **error**, naming its row and column: what the reader could not read, an area
  code that is not an ONS code, a row repeating another row's metric, period and
  place, and a figure the metric cannot take (checked as a comparator's figure is:
  ``scorecard.domain.figures.check_figure``, with the metric's kind, unit and
  scale). A plan with errors is not applied.

A figure equals the stored one when its number, both intervals, count and
denominator are the same numbers (a figure with no number: the same text).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from reports.opendata.fingertips import (
    AREA_CODE,
    COUNT,
    DENOMINATOR,
    INDICATOR_ID,
    INDICATOR_NAME,
    LOWER_95,
    LOWER_99_8,
    TIME_PERIOD,
    UPPER_95,
    UPPER_99_8,
    VALUE,
    ReadResult,
    SourceRecord,
    read_problem,
)
from reports.opendata.records import Problem
from scorecard.domain.figures import check_figure, figure_period_error
from scorecard.domain.groups import is_area_code, kind_of_code
from scorecard.domain.periods import Period

NEW = "new"
REVISED = "revised"
UNCHANGED = "unchanged"
CHANGES = (NEW, REVISED, UNCHANGED)

NOT_MAPPED = "the indicator is not mapped to a metric"
NO_METRIC = "the file names no indicator and no metric was chosen for it"
BREAKDOWN = "a breakdown (a sex other than Persons, or a category)"
PERIOD = "the period maps to no one product period (a range of years, or unknown)"
NO_FIGURE = "no figure: the value is blank (suppressed or not published)"
LEFT_OUT_REASONS = (NOT_MAPPED, NO_METRIC, BREAKDOWN, PERIOD, NO_FIGURE)

NOT_AN_AREA = "not an ONS area code"
REPEATED = "repeats an earlier row"
REFUSED = "a figure the metric cannot take"

# The columns each field is read from, to name them in errors: Fingertips' own.
FINGERTIPS_FIELDS = {
    "indicator_id": INDICATOR_ID,
    "indicator_name": INDICATOR_NAME,
    "area_code": AREA_CODE,
    "period": TIME_PERIOD,
    "value": VALUE,
    "lower": LOWER_95,
    "upper": UPPER_95,
    "lower_99_8": LOWER_99_8,
    "upper_99_8": UPPER_99_8,
    "count": COUNT,
    "denominator": DENOMINATOR,
}
# check_figure's fields → the record's fields.
_CHECKED = {
    "value_text": "value",
    "numerator": "count",
    "denominator": "denominator",
    "lower_ci": "lower",
    "upper_ci": "upper",
}


@dataclass(frozen=True, slots=True)
class MetricTarget:
    """What the plan needs to know of a metric a row maps to."""

    id: int
    code: str
    name: str
    value_kind: str = "number"
    unit: str = ""
    scale: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class StoredFigure:
    """The latest live revision of a metric's figure for a period and place."""

    revision: int
    value_number: Decimal | None
    value_text: str = ""
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    lower_ci_998: Decimal | None = None
    upper_ci_998: Decimal | None = None
    count: Decimal | None = None
    denominator: Decimal | None = None

    def same_as(self, figure: Figure) -> bool:
        numbers = (
            "lower_ci",
            "upper_ci",
            "lower_ci_998",
            "upper_ci_998",
            "count",
            "denominator",
        )
        if self.value_number is None or figure.value_number is None:
            if (self.value_number, self.value_text) != (
                figure.value_number,
                figure.value_text,
            ):
                return False
        elif self.value_number != figure.value_number:
            return False
        return all(getattr(self, name) == getattr(figure, name) for name in numbers)


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the file as a place's figure for a metric: what would be written
    (``change`` new or revised, at ``revision``) or is already there
    (unchanged). ``previous`` is the stored figure a revision replaces."""

    row: int
    change: str
    metric_id: int
    place_code: str
    place_name: str
    period: str
    period_label: str
    value_text: str
    value_number: Decimal | None
    revision: int
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    lower_ci_998: Decimal | None = None
    upper_ci_998: Decimal | None = None
    count: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    previous: str = ""

    @property
    def writes(self) -> bool:
        return self.change in (NEW, REVISED)

    def key(self) -> tuple[int, str, str]:
        return (self.metric_id, self.period, self.place_code)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A row not imported, and why (one of ``LEFT_OUT_REASONS``)."""

    row: int
    reason: str
    indicator: str = ""
    place_code: str = ""
    period: str = ""


@dataclass(frozen=True, slots=True)
class NewPlace:
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator the file brought that no metric is mapped to."""

    key: str
    name: str
    rows: int


@dataclass(slots=True)
class MetricPlan:
    """The figures of one metric, by what would happen to them."""

    metric: MetricTarget
    figures: list[Figure] = field(default_factory=list)

    def of(self, change: str) -> list[Figure]:
        return [f for f in self.figures if f.change == change]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(f.change for f in self.figures)
        return {change: found.get(change, 0) for change in CHANGES}


@dataclass(slots=True)
class BenchmarkPlan:
    """What importing the file would do: see the module's docstring."""

    metrics: list[MetricPlan] = field(default_factory=list)
    new_places: list[NewPlace] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unmapped: list[Indicator] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def writes(self) -> list[Figure]:
        """Every figure applying would write, in the file's order."""
        return sorted(
            (f for plan in self.metrics for f in plan.figures if f.writes),
            key=lambda f: f.row,
        )

    @property
    def counts(self) -> dict[str, int]:
        totals = Counter[str]()
        for plan in self.metrics:
            totals.update(plan.counts)
        return {change: totals.get(change, 0) for change in CHANGES}

    @property
    def left_out_counts(self) -> dict[str, int]:
        found = Counter(row.reason for row in self.left_out)
        return {reason: found[reason] for reason in LEFT_OUT_REASONS if found[reason]}

    @property
    def metric_ids(self) -> list[int]:
        return [plan.metric.id for plan in self.metrics]

    def summary_line(self) -> str:
        counts = self.counts
        left = len(self.left_out)
        parts = [
            f"{self.rows} rows",
            f"{len(self.metrics)} metric{'s' if len(self.metrics) != 1 else ''}",
            f"{counts[NEW]} new",
            f"{counts[REVISED]} revised",
            f"{counts[UNCHANGED]} unchanged",
            f"{len(self.new_places)} new place"
            + ("s" if len(self.new_places) != 1 else ""),
            f"{left} left out",
            f"{len(self.errors)} error" + ("s" if len(self.errors) != 1 else ""),
        ]
        return ", ".join(parts)

    # --- stored with the import run (JSON) ---------------------------------

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "metrics": [
                {
                    "metric": _plain(_fields(plan.metric)),
                    "figures": [_plain(_fields(f)) for f in plan.figures],
                }
                for plan in self.metrics
            ],
            "new_places": [asdict(p) for p in self.new_places],
            "left_out": [asdict(row) for row in self.left_out],
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
            "unmapped": [asdict(i) for i in self.unmapped],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BenchmarkPlan:
        return cls(
            rows=data.get("rows", 0),
            metrics=[
                MetricPlan(
                    metric=_metric_from(entry["metric"]),
                    figures=[_figure_from(f) for f in entry["figures"]],
                )
                for entry in data.get("metrics", [])
            ],
            new_places=[NewPlace(**p) for p in data.get("new_places", [])],
            left_out=[LeftOut(**row) for row in data.get("left_out", [])],
            errors=[Problem.from_dict(p) for p in data.get("errors", [])],
            warnings=[Problem.from_dict(p) for p in data.get("warnings", [])],
            unmapped=[Indicator(**i) for i in data.get("unmapped", [])],
        )


_DECIMALS = (
    "value_number",
    "lower_ci",
    "upper_ci",
    "lower_ci_998",
    "upper_ci_998",
    "count",
    "denominator",
)


def _fields(item: Any) -> dict[str, Any]:
    """A flat dataclass's fields (dataclasses.asdict deep-copies: slow)."""
    return {name: getattr(item, name) for name in item.__slots__}


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (str(value) if isinstance(value, Decimal) else value)
        for key, value in data.items()
        if not (key == "scale" and value is None)
    }


def _figure_from(data: Mapping[str, Any]) -> Figure:
    values = dict(data)
    for name in _DECIMALS:
        if values.get(name) is not None:
            values[name] = Decimal(values[name])
    return Figure(**values)


def _metric_from(data: Mapping[str, Any]) -> MetricTarget:
    values = dict(data)
    if values.get("scale") is not None:
        values["scale"] = tuple(values["scale"])
    return MetricTarget(**values)


def plain_number(number: Decimal) -> str:
    """A number as written, never in scientific notation ("1E+3" is "1000")."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def indicator_key(record: SourceRecord, *, by_id: bool) -> str:
    """How a row's indicator is looked up: its ID where the source's IDs are kept
    on the metric (Fingertips, LG Inform), else its own ID or, failing that, its
    name (ONS Explore Local Statistics names its indicators only)."""
    if by_id:
        return record.indicator_id.strip()
    return record.indicator_id.strip() or record.indicator_name.strip()


def is_breakdown(record: SourceRecord) -> bool:
    """A Fingertips row for part of the population: its Category Type is set (a
    deprivation decile, an ethnic group …), or its Sex is not Persons."""
    if record.category_type.strip():
        return True
    sex = record.sex.strip().casefold()
    return bool(sex) and sex != "persons"


def benchmark_plan(
    result: ReadResult,
    *,
    metrics: Mapping[str, MetricTarget],
    stored: Mapping[tuple[int, str, str], StoredFigure],
    revisions: Mapping[tuple[int, str, str], int],
    places: Mapping[str, str],
    columns: Mapping[str, str],
    by_id: bool,
    breakdowns: bool,
    default_metric: MetricTarget | None = None,
    today: dt.date,
) -> BenchmarkPlan:
    """The plan of importing ``result`` (see the module's docstring).

    ``metrics``: indicator key (``indicator_key``) → its metric, for those mapped;
    ``default_metric`` takes the rows that name no indicator. ``stored``: (metric
    id, period, place code) → the latest live figure; ``revisions`` the highest
    revision stored there, withdrawn or not. ``places``: code → name of the places
    known. ``columns``: field → the header it was read from, to name errors.
    ``breakdowns``: leave out Fingertips' breakdown rows.
    """
    plan = BenchmarkPlan(
        errors=list(result.errors),
        warnings=list(result.warnings),
        rows=len(result.records) + len({e.row for e in result.errors if e.row}),
    )
    by_metric: dict[int, MetricPlan] = {}
    unmapped: dict[str, list[str | int]] = {}
    seen: dict[tuple[int, str, str], int] = {}
    new_places: dict[str, NewPlace] = {}
    for record in result.records:
        key = indicator_key(record, by_id=by_id)
        where = {
            "indicator": key,
            "place_code": record.area_code,
            "period": record.period.text,
        }
        metric = metrics.get(key) if key else default_metric
        if breakdowns and is_breakdown(record):
            plan.left_out.append(LeftOut(record.row, BREAKDOWN, **where))
            continue
        if metric is None:
            if key:
                entry = unmapped.setdefault(key, [record.indicator_name, 0])
                entry[1] = int(entry[1]) + 1
            reason = NOT_MAPPED if key else NO_METRIC
            plan.left_out.append(LeftOut(record.row, reason, **where))
            continue
        if record.period.key is None:
            plan.left_out.append(LeftOut(record.row, PERIOD, **where))
            continue
        if record.value is None:
            plan.left_out.append(LeftOut(record.row, NO_FIGURE, **where))
            continue
        code = record.area_code.strip().upper()
        if not is_area_code(code):
            plan.errors.append(
                read_problem(
                    record.row,
                    columns.get("area_code", "area code"),
                    f"'{record.area_code}' is not an ONS area code (a letter and "
                    "eight digits, such as E08000026)",
                    NOT_AN_AREA,
                    record.area_code,
                )
            )
            continue
        figure = _figure(record, metric, code, columns, today, plan.errors)
        if figure is None:
            continue
        earlier = seen.get(figure.key())
        if earlier is not None:
            plan.errors.append(
                read_problem(
                    record.row,
                    columns.get("area_code", "area code"),
                    f"repeats row {earlier}: a second figure for {code}, "
                    f"{record.period.text} and {metric.code}",
                    REPEATED,
                    record.area_code,
                )
            )
            continue
        seen[figure.key()] = record.row
        figure = classify(figure, stored, revisions)
        if figure.writes and code not in places and code not in new_places:
            new_places[code] = NewPlace(
                code, record.area_name.strip() or code, kind_of_code(code)
            )
        by_metric.setdefault(metric.id, MetricPlan(metric)).figures.append(figure)
    plan.metrics = sorted(by_metric.values(), key=lambda p: p.metric.code)
    plan.new_places = sorted(new_places.values(), key=lambda p: p.code)
    plan.unmapped = [
        Indicator(key, str(name), int(rows))
        for key, (name, rows) in sorted(unmapped.items())
    ]
    plan.errors.sort(key=lambda p: p.row or 0)
    return plan


def classify(
    figure: Figure,
    stored: Mapping[tuple[int, str, str], StoredFigure],
    revisions: Mapping[tuple[int, str, str], int],
) -> Figure:
    """The figure as new, revised (the next revision) or unchanged, against the
    latest live figure stored for its metric, period and place."""
    latest = stored.get(figure.key())
    if latest is not None and latest.same_as(figure):
        return replace(figure, change=UNCHANGED, revision=latest.revision, previous="")
    previous = ""
    if latest is not None:
        previous = (
            plain_number(latest.value_number)
            if latest.value_number is not None
            else latest.value_text
        )
    return replace(
        figure,
        change=NEW if latest is None else REVISED,
        revision=revisions.get(figure.key(), 0) + 1,
        previous=previous,
    )


def reclassified(
    plan: BenchmarkPlan,
    stored: Mapping[tuple[int, str, str], StoredFigure],
    revisions: Mapping[tuple[int, str, str], int],
    places: Mapping[str, str],
) -> BenchmarkPlan:
    """The same plan against figures and places stored since: what applying it
    now would write. Applying refuses when this differs from the preview."""
    metrics = [
        MetricPlan(p.metric, [classify(f, stored, revisions) for f in p.figures])
        for p in plan.metrics
    ]
    wanted = {f.place_code for p in metrics for f in p.figures if f.writes}
    return replace(
        plan,
        metrics=metrics,
        new_places=[
            p for p in plan.new_places if p.code in wanted and p.code not in places
        ],
    )


def _figure(
    record: SourceRecord,
    metric: MetricTarget,
    code: str,
    columns: Mapping[str, str],
    today: dt.date,
    errors: list[Problem],
) -> Figure | None:
    """The row as a figure checked against its metric, or None (and the errors
    added) when the metric cannot take it."""
    assert record.value is not None and record.period.key is not None
    lower, upper = _interval(record.lower_95, record.upper_95)
    lower_998, upper_998 = _interval(record.lower_99_8, record.upper_99_8)
    text = plain_number(record.value)
    check = check_figure(
        text,
        kind=metric.value_kind,
        unit=metric.unit,
        scale=metric.scale,
        numerator=record.count,
        denominator=record.denominator,
        lower_ci=lower,
        upper_ci=upper,
    )
    found = False
    for name, message in check.errors.items():
        field_name = _CHECKED.get(name, "value")
        if field_name == "lower" and lower is None:
            field_name = "lower_99_8"
        column = columns.get(field_name, field_name)
        errors.append(
            read_problem(
                record.row,
                column,
                f"{metric.code} cannot take this figure: {message}",
                REFUSED,
                text,
            )
        )
        found = True
    too_early = figure_period_error(Period.parse(record.period.key), today=today)
    if too_early:
        errors.append(
            read_problem(
                record.row,
                columns.get("period", "period"),
                too_early,
                "a period that has not started",
                record.period.text,
            )
        )
        found = True
    if found:
        return None
    return Figure(
        row=record.row,
        change=NEW,
        metric_id=metric.id,
        place_code=code,
        place_name=record.area_name.strip() or code,
        period=record.period.key,
        period_label=record.period.text.strip()[:100],
        value_text=text,
        value_number=check.number,
        revision=1,
        lower_ci=check.lower_ci,
        upper_ci=check.upper_ci,
        lower_ci_998=lower_998,
        upper_ci_998=upper_998,
        count=check.numerator,
        denominator=check.denominator,
        note=record.value_note.strip()[:300],
    )


def _interval(
    lower: Decimal | None, upper: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """Both limits, or neither: a lower limit above the upper one (the reader
    warned of it) is not kept, so the figure is not compared."""
    if lower is None or upper is None or lower > upper:
        return None, None
    return lower, upper


def writes_of(plan: BenchmarkPlan) -> list[tuple[Any, ...]]:
    """What applying writes, as comparable rows: the preview and the apply must
    agree on these exactly."""
    return [
        (
            f.metric_id,
            f.place_code,
            f.period,
            f.revision,
            f.value_text,
            *(getattr(f, name) for name in _DECIMALS),
        )
        for f in plan.writes
    ]


def indicators_brought(
    records: Iterable[SourceRecord], *, by_id: bool
) -> dict[str, tuple[str, int]]:
    """Every indicator key the records bring: its name and how many rows."""
    found: dict[str, tuple[str, int]] = {}
    for record in records:
        key = indicator_key(record, by_id=by_id)
        if key:
            name, rows = found.get(key, (record.indicator_name, 0))
            found[key] = (name, rows + 1)
    return found
