"""The bulk forms of the scorecard's writes, for imports, the demo and seed_benchmark
(STYLE.md item 11: one way in, a bulk form of it for imports and the demo).

Each keeps the rules of its single service, for many rows at once:

- figures (``metric_values_record_bulk``) and comparator figures
  (``comparator_values_record_bulk``): a figure that differs from every live
  revision of its period becomes the next revision; one that matches a live
  revision changes nothing, so writing the same rows again is a no-op. Figures are
  checked as ``metric_value_record(strict=False)`` checks them (the metric's kind of
  figure, its unit's bounds, the column's size, a period that has started): a
  refused figure is kept as text with no number and a note saying why, so nothing
  is lost and nothing wrong is assessed. Numbers are rounded to STORED_PLACES.
  PostgreSQL gets them through one streamed COPY (coventry_pm.core.bulk).
- targets (``targets_set_bulk``), recorded verdicts, headline memberships, metrics.

Everything an import writes carries its ``import_run_id``; history rows carry
``import_change_reason`` so ``import_writes_undo`` can find them again and put back
what was there before. None of these refresh the stored verdicts: the caller does
that once for every metric its job touched (``metric_ids`` of the outcomes), with
``scorecard.services.verdicts.calculated_verdicts_refresh``, before it reports done.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coventry_pm.accounts.models import User
from coventry_pm.core.bulk import COPY_ESCAPES, NULL, copies, insert_rows, row_writer
from coventry_pm.core.exceptions import ApplicationError
from scorecard.domain.figures import (
    TOO_LARGE,
    check_figure,
    figure_period_error,
    unit_bounds,
)
from scorecard.domain.periods import read_period
from scorecard.domain.values import ValueKind, parse_value
from scorecard.models import (
    Comparator,
    ComparatorValue,
    HeadlineMembership,
    MemberValue,
    Metric,
    MetricValue,
    RecordedVerdict,
    Submission,
    Target,
)
from scorecard.services.targets import target_fields
from scorecard.services.values import STORED_PLACES

CHUNK = 900  # ids per IN (…) query, inside SQLite's limit on parameters
TARGET_FIELDS = tuple(target_fields("None set"))
NO_NUMBERS: tuple[Decimal | None, ...] = (None, None, None, None, None)
_FOUR_NULLS = "\t" + "\t".join([NULL] * 4)
_FOUR_NONES = (None, None, None, None)
_LOWEST = -TOO_LARGE

_VALUE_FIELDS = (
    "metric_id",
    "period",
    "period_label",
    "data_status",
    "revision",
    "scope",
    "breakdown",
    "breakdown_group",
    "value_text",
    "value_number",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "note",
    "approval",
    "entered_by_id",
    "entered_at",
    "import_run_id",
)
_COMPARATOR_VALUE_FIELDS = (
    "comparator_id",
    "metric_id",
    "period",
    "period_label",
    "revision",
    "value_text",
    "value_number",
    "entered_at",
    "import_run_id",
)
# The longest text each figure column holds.
_LIMITS = (
    ("value", "text", 500),
    ("period label", "period_label", 100),
    ("scope", "scope", 100),
    ("breakdown", "breakdown", 50),
    ("breakdown group", "breakdown_group", 100),
)

# What a stored revision is compared on: (text, label, data status, numbers…).
Signature = tuple[object, ...]
# A stored revision: its number, its signature, and whether it was stored before
# this call (a revision of it is a revision of an existing figure).
_Stored = tuple[int, Signature, bool]


def import_change_reason(import_run_id: int | None, detail: str) -> str:
    """The history change reason of a row an import wrote: undo finds its rows by
    it ("Import 12: Imported from 2024-25.csv")."""
    return f"Import {import_run_id}: {detail}" if import_run_id else detail


def _is_run_record(record: Any, import_run_id: int) -> bool:
    return str(record.history_change_reason or "").startswith(
        f"Import {import_run_id}: "
    )


class BulkRowError(ApplicationError):
    """A row cannot be written at all (a text longer than its column, a period
    that cannot be read). ``source`` is the caller's row, so it can say where."""

    def __init__(self, source: object, message: str, *, column: str | None = None):
        super().__init__(message)
        self.source = source
        self.column = column


# --- figures ------------------------------------------------------------------------


class Figure(Protocol):
    """A figure as written (a file's cell, the demo's figure). ``numbers_given``:
    the numbers are stated beside the text (the tidy format) rather than read
    from it; ``revision``: the writer's own revision number, if it has one."""

    @property
    def period(self) -> str: ...
    @property
    def period_label(self) -> str: ...
    @property
    def data_status(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def breakdown(self) -> str: ...
    @property
    def breakdown_group(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def revision(self) -> int | None: ...
    @property
    def number(self) -> Decimal | None: ...
    @property
    def numerator(self) -> Decimal | None: ...
    @property
    def denominator(self) -> Decimal | None: ...
    @property
    def lower_ci(self) -> Decimal | None: ...
    @property
    def upper_ci(self) -> Decimal | None: ...
    @property
    def numbers_given(self) -> bool: ...


@dataclass(slots=True)
class FigureRow:
    """A Figure for writers that have no record of their own (the demo, seeds)."""

    period: str
    text: str
    period_label: str = ""
    data_status: str = MetricValue.DataStatus.FINAL
    scope: str = "Coventry"
    breakdown: str = ""
    breakdown_group: str = ""
    revision: int | None = None
    number: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    numbers_given: bool = False


@dataclass(slots=True)
class FigureGroup:
    """A metric's figures, written together; ``entered_at`` and ``entered_by_id``
    (default: now and the call's ``entered_by``) say when and by whom."""

    metric: Metric
    figures: Sequence[Figure]
    entered_at: dt.datetime | None = None
    entered_by_id: int | None = None


@dataclass(slots=True)
class GroupCounts:
    created: int = 0
    revised: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class FigureNote:
    """Why a figure was kept as text, or its revision renumbered. ``column`` is
    None when the note is about the figure's own cell."""

    figure: Any
    message: str
    column: str | None = None


@dataclass(frozen=True, slots=True)
class Revision:
    """A figure stored before that a write revised: its latest text, and the new."""

    metric: Metric
    period: str
    scope: str
    breakdown: str
    breakdown_group: str
    old_text: str
    new_text: str
    old_revision: int
    new_revision: int
    comparator: str = ""  # the comparator's name, for a comparator figure
    old_label: str = ""  # the period labels: a revision may change only them
    new_label: str = ""


@dataclass
class FiguresOutcome:
    groups: list[GroupCounts] = field(default_factory=list)
    notes: list[FigureNote] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    metric_ids: set[int] = field(default_factory=set)

    @property
    def created(self) -> int:
        return sum(g.created for g in self.groups)

    @property
    def revised(self) -> int:
        return sum(g.revised for g in self.groups)


class _FigureReader:
    """Reads one metric's figures into the numbers stored, with the checks of
    metric_value_record(strict=False), remembering each text's reading (a file
    repeats the same few texts many times over)."""

    def __init__(self, metric: Metric, period_errors: dict[str, str | None]):
        self.kind = metric.value_kind
        self.unit = metric.unit
        self.scale = metric.ordinal_scale
        self.bounds = unit_bounds(metric.unit)
        self.period_errors = period_errors
        self.read: dict[str, tuple[tuple[Decimal | None, ...], str | None]] = {}

    def numbers(self, figure: Figure) -> tuple[tuple[Decimal | None, ...], str | None]:
        """The five stored numbers (value, numerator, denominator, lower and upper
        limits) and why the figure is kept as text, if it is."""
        future = self.period_errors[figure.period]
        if future is not None:
            return NO_NUMBERS, f"{future.rstrip('.')}; kept as text"
        number = figure.number
        if figure.numbers_given and (number is not None or not figure.text):
            if (
                figure.numerator is None
                and figure.denominator is None
                and figure.lower_ci is None
                and figure.upper_ci is None
            ):
                if number is None:
                    return NO_NUMBERS, None
                if _LOWEST < number < TOO_LARGE:
                    stored = number.quantize(STORED_PLACES)
                    if not self.bounds.refuses(stored):
                        return (stored, None, None, None, None), None
            return self._given(figure)
        text = figure.text
        if not text:
            return NO_NUMBERS, None
        plain = (
            figure.numerator is None
            and figure.denominator is None
            and figure.lower_ci is None
            and figure.upper_ci is None
        )
        if plain:
            known = self.read.get(text)
            if known is not None:
                return known
        check = check_figure(
            text,
            kind=self.kind,
            unit=self.unit,
            scale=self.scale,
            numerator=figure.numerator,
            denominator=figure.denominator,
            lower_ci=figure.lower_ci,
            upper_ci=figure.upper_ci,
        )
        numbers: tuple[Decimal | None, ...] = (
            check.number,
            check.numerator,
            check.denominator,
            check.lower_ci,
            check.upper_ci,
        )
        note = None
        if not check.ok:
            if parse_value(text, unit=self.unit).kind is ValueKind.EMPTY:
                numbers = NO_NUMBERS  # "N/A", "[c]": no figure, nothing to say
            else:
                note = f"{(check.error or '').rstrip('.')}; kept as text"
        if plain:
            self.read[text] = (numbers, note)
        return numbers, note

    def _given(self, figure: Figure) -> tuple[tuple[Decimal | None, ...], str | None]:
        notes = []
        result: list[Decimal | None] = []
        for name, value in (
            ("value", figure.number),
            ("numerator", figure.numerator),
            ("denominator", figure.denominator),
            ("lower_ci", figure.lower_ci),
            ("upper_ci", figure.upper_ci),
        ):
            if value is not None and not _LOWEST < value < TOO_LARGE:
                notes.append(f"the {name} {value} is too large to store as a number")
                value = None
            elif value is not None:
                value = value.quantize(STORED_PLACES)
                if name == "value" and self.bounds.refuses(value):
                    notes.append(
                        f"{value.normalize():f} is refused: {self.bounds.description}"
                    )
                    value = None
            result.append(value)
        return tuple(result), ("; ".join(notes) + "; kept as text") if notes else None


def _normal(signature: Iterable[object]) -> Signature:
    """A stored row's signature, with numbers at the database's six places (SQLite
    hands them back as floats or shorter decimals)."""
    return tuple(
        Decimal(str(v)).quantize(STORED_PLACES) if isinstance(v, float | Decimal) else v
        for v in signature
    )


def _chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def decide_revision(
    revisions: list[_Stored],
    latest: int,
    wanted: int | None,
    signature: Signature,
    compare: int,
) -> tuple[int | None, bool]:
    """The revision to write (None: the figure is already stored) and whether the
    writer's own revision number was overruled. ``revisions`` are the live ones;
    ``latest`` the highest number ever used (withdrawn ones included)."""
    short = signature[:compare]
    if wanted is not None:
        stored_as = [s for number, s, _ in revisions if number == wanted]
        if not stored_as:
            # A revision the database does not have yet: the writer's history is
            # taken as it is, even where a figure returns to an earlier one.
            return latest + 1, False
        if stored_as[0][:compare] == short:
            return None, False
    if any(s[:compare] == short for _, s, _ in revisions):
        return None, False
    return latest + 1, wanted is not None


def _stored_values(
    metric_ids: Sequence[int],
) -> tuple[dict[tuple[object, ...], list[_Stored]], dict[tuple[object, ...], int]]:
    live: dict[tuple[object, ...], list[_Stored]] = defaultdict(list)
    highest: dict[tuple[object, ...], int] = {}
    for chunk in _chunks(metric_ids):
        rows = (
            MetricValue.objects.filter(metric_id__in=chunk)
            .order_by("revision")
            .values_list(
                "metric_id",
                "period",
                "scope",
                "breakdown",
                "breakdown_group",
                "revision",
                "approval",
                "value_text",
                "period_label",
                "data_status",
                "value_number",
                "numerator",
                "denominator",
                "lower_ci",
                "upper_ci",
            )
        )
        for row in rows:
            key = row[:5]
            highest[key] = row[5]
            if row[6] != MetricValue.Approval.WITHDRAWN:
                live[key].append((row[5], _normal(row[7:]), True))
    return live, highest


def _period_errors(
    groups: Sequence[FigureGroup], today: dt.date
) -> dict[str, str | None]:
    errors: dict[str, str | None] = {}
    for group in groups:
        for figure in group.figures:
            period = figure.period
            if period in errors:
                continue
            try:
                read = read_period(period)
            except ValueError as error:
                raise BulkRowError(figure, str(error), column="period") from None
            if str(read) != period:
                raise BulkRowError(
                    figure, f"the period '{period}' is not written as {read}"
                )
            errors[period] = figure_period_error(read, today=today)
    return errors


def _check_lengths(figure: Figure) -> None:
    for what, attribute, limit in _LIMITS:
        if len(getattr(figure, attribute)) > limit:
            raise BulkRowError(figure, f"the {what} is longer than {limit} characters")


@transaction.atomic
def metric_values_record_bulk(
    *,
    groups: Sequence[FigureGroup],
    import_run_id: int | None = None,
    entered_by: User | None = None,
    approval: str = MetricValue.Approval.APPROVED,
    compare_numbers: bool = False,
    today: dt.date | None = None,
) -> FiguresOutcome:
    """Record many metrics' figures, each as the next revision of its period,
    scope and breakdown when it differs from every live revision (withdrawn ones
    do not count), and not at all when it matches one. ``compare_numbers``: a
    figure matches on its numbers too, not only on its text, label and data status
    (a tidy file states its numbers). Figures are checked like
    metric_value_record(strict=False): one its metric does not take, out of its
    unit's bounds, too large, or for a period that has not started by ``today``,
    is kept as text with no number, with a note. Raises BulkRowError for a figure
    that cannot be stored at all. The caller refreshes the verdicts of
    ``metric_ids``."""
    outcome = FiguresOutcome()
    if not groups:
        return outcome
    today = today or timezone.localdate()
    now = timezone.now()
    period_errors = _period_errors(groups, today)
    metric_ids = sorted({group.metric.pk for group in groups})
    live, highest = _stored_values(metric_ids)
    compare = 8 if compare_numbers else 3
    copy = copies()
    # Labels, scopes and groups repeat: each is escaped for COPY once.
    escaped: dict[str, str] = {}

    def escape(text: str) -> str:
        known = escaped.get(text)
        if known is None:
            known = escaped[text] = text.translate(COPY_ESCAPES)
        return known

    default_by = entered_by.pk if entered_by else None
    run_text = NULL if import_run_id is None else str(import_run_id)
    notes = outcome.notes
    groups_written: list[tuple[int, GroupCounts]] = []
    # No queries from here until the figures are written: on PostgreSQL they
    # stream through one COPY while the next ones are prepared.
    # Every key the rows refer to, checked once each rather than once a row.
    references = {
        "metric_id": metric_ids,
        "entered_by_id": {default_by} | {g.entered_by_id for g in groups},
        "import_run_id": {import_run_id},
    }
    with row_writer(MetricValue, _VALUE_FIELDS, references=references) as add:
        for group in groups:
            metric = group.metric
            metric_id = metric.pk
            counts = GroupCounts()
            outcome.groups.append(counts)
            if not group.figures:
                continue
            by = group.entered_by_id if group.entered_by_id is not None else default_by
            at = group.entered_at or now
            tail = (
                f"\t\t{approval}\t{NULL if by is None else by}\t"
                f"{at.isoformat()}\t{run_text}"
            )
            reader = _FigureReader(metric, period_errors)
            figures: Iterable[Figure] = group.figures
            if any(f.revision for f in group.figures):
                figures = sorted(group.figures, key=lambda f: f.revision or 0)
            groups_written.append((metric_id, counts))
            for figure in figures:
                text = figure.text
                label = figure.period_label
                scope = figure.scope
                breakdown = figure.breakdown
                breakdown_group = figure.breakdown_group
                if (
                    len(text) > 500
                    or len(label) > 100
                    or len(scope) > 100
                    or len(breakdown) > 50
                    or len(breakdown_group) > 100
                ):
                    _check_lengths(figure)
                numbers, note = reader.numbers(figure)
                if note is not None:
                    notes.append(FigureNote(figure, note))
                key = (metric_id, figure.period, scope, breakdown, breakdown_group)
                signature = (text, label, figure.data_status, *numbers)
                revisions = live.get(key)
                if revisions is None:
                    # New to the database (withdrawn revisions aside): the common
                    # case of a big file.
                    revision = highest.get(key, 0) + 1 if highest else 1
                    live[key] = [(revision, signature, False)]
                    counts.created += 1
                else:
                    wanted = figure.revision
                    latest = max(highest.get(key, 0), max(r[0] for r in revisions))
                    found, overruled = decide_revision(
                        revisions, latest, wanted, signature, compare
                    )
                    if found is None:
                        counts.unchanged += 1
                        continue
                    revision = found
                    if overruled:
                        notes.append(
                            FigureNote(
                                figure,
                                f"revision {wanted} of {figure.period} differs from "
                                f"the stored revision {wanted}; recorded as revision "
                                f"{revision}",
                                column="revision",
                            )
                        )
                    old_number, old, before = max(revisions, key=lambda r: r[0])
                    counts.revised += 1
                    if before:
                        outcome.revisions.append(
                            Revision(
                                metric,
                                figure.period,
                                scope,
                                breakdown,
                                breakdown_group,
                                str(old[0]),
                                text,
                                old_number,
                                revision,
                                old_label=str(old[1]),
                                new_label=label,
                            )
                        )
                    revisions.append((revision, signature, False))
                if copy:
                    add(
                        f"{metric_id}\t{figure.period}\t{escape(label)}\t"
                        f"{figure.data_status}\t{revision}\t{escape(scope)}\t"
                        f"{escape(breakdown)}\t{escape(breakdown_group)}\t"
                        f"{text.translate(COPY_ESCAPES)}\t"
                        + (
                            (NULL if numbers[0] is None else str(numbers[0]))
                            + _FOUR_NULLS
                            if numbers[1:] == _FOUR_NONES
                            else "\t".join(
                                NULL if n is None else str(n) for n in numbers
                            )
                        )
                        + tail
                    )
                else:
                    add(
                        (
                            metric_id,
                            figure.period,
                            label,
                            figure.data_status,
                            revision,
                            scope,
                            breakdown,
                            breakdown_group,
                            text,
                            *numbers,
                            "",
                            approval,
                            by,
                            at,
                            import_run_id,
                        )
                    )
    outcome.metric_ids.update(
        pk for pk, counts in groups_written if counts.created or counts.revised
    )
    return outcome


# --- comparator figures ---------------------------------------------------------


class ComparatorFigure(Protocol):
    @property
    def period(self) -> str: ...
    @property
    def period_label(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def revision(self) -> int | None: ...
    @property
    def number(self) -> Decimal | None: ...
    @property
    def numbers_given(self) -> bool: ...


@dataclass(slots=True)
class ComparatorFigureRow:
    period: str
    text: str
    period_label: str = ""
    revision: int | None = None
    number: Decimal | None = None
    numbers_given: bool = False


@dataclass(slots=True)
class MetricComparatorFigures:
    """A metric's comparator figures: (comparator, figure) pairs."""

    metric: Metric
    figures: Sequence[tuple[Comparator, ComparatorFigure]]
    entered_at: dt.datetime | None = None


@transaction.atomic
def comparator_values_record_bulk(
    *,
    groups: Sequence[MetricComparatorFigures],
    import_run_id: int | None = None,
    compare_numbers: bool = False,
    today: dt.date | None = None,
) -> FiguresOutcome:
    """Record comparator figures as metric_values_record_bulk records figures: the
    next revision of a comparator's figure for the metric and period when it
    differs from every live one, checked against the metric's kind and unit."""
    outcome = FiguresOutcome()
    if not groups:
        return outcome
    today = today or timezone.localdate()
    now = timezone.now()
    period_errors: dict[str, str | None] = {}
    for group in groups:
        for _, figure in group.figures:
            if figure.period not in period_errors:
                try:
                    read = read_period(figure.period)
                except ValueError as error:
                    raise BulkRowError(figure, str(error), column="period") from None
                period_errors[figure.period] = figure_period_error(read, today=today)
            for what, text, limit in (
                ("value", figure.text, 500),
                ("period label", figure.period_label, 100),
            ):
                if len(text) > limit:
                    raise BulkRowError(
                        figure, f"the {what} is longer than {limit} characters"
                    )
    live: dict[tuple[object, ...], list[_Stored]] = defaultdict(list)
    highest: dict[tuple[object, ...], int] = {}
    for chunk in _chunks(sorted({g.metric.pk for g in groups})):
        for row in (
            ComparatorValue.objects.filter(metric_id__in=chunk)
            .order_by("revision")
            .values_list(
                "comparator_id",
                "metric_id",
                "period",
                "revision",
                "withdrawn_at",
                "value_text",
                "period_label",
                "value_number",
            )
        ):
            key = row[:3]
            highest[key] = row[3]
            if row[4] is None:
                live[key].append((row[3], _normal(row[5:]), True))
    compare = 3 if compare_numbers else 2
    rows: list[tuple[object, ...]] = []
    for group in groups:
        metric = group.metric
        counts = GroupCounts()
        outcome.groups.append(counts)
        reader = _FigureReader(metric, period_errors)
        pairs: Iterable[tuple[Comparator, ComparatorFigure]] = group.figures
        if any(f.revision for _, f in group.figures):
            pairs = sorted(group.figures, key=lambda pair: pair[1].revision or 0)
        for comparator, figure in pairs:
            numbers, note = reader.numbers(
                FigureRow(
                    period=figure.period,
                    text=figure.text,
                    period_label=figure.period_label,
                    number=figure.number,
                    numbers_given=figure.numbers_given,
                )
            )
            if note is not None:
                outcome.notes.append(FigureNote(figure, note))
            key = (comparator.pk, metric.pk, figure.period)
            signature = (figure.text, figure.period_label, numbers[0])
            revisions = live.get(key)
            if revisions is None:
                revision = highest.get(key, 0) + 1
                live[key] = [(revision, signature, False)]
                counts.created += 1
            else:
                latest = max(highest.get(key, 0), max(r[0] for r in revisions))
                found, _ = decide_revision(
                    revisions, latest, figure.revision, signature, compare
                )
                if found is None:
                    counts.unchanged += 1
                    continue
                revision = found
                counts.revised += 1
                old_number, old, before = max(revisions, key=lambda r: r[0])
                if before:
                    outcome.revisions.append(
                        Revision(
                            metric,
                            figure.period,
                            "",
                            "",
                            "",
                            str(old[0]),
                            figure.text,
                            old_number,
                            revision,
                            comparator=comparator.name,
                            old_label=str(old[1]),
                            new_label=figure.period_label,
                        )
                    )
                revisions.append((revision, signature, False))
            rows.append(
                (
                    comparator.pk,
                    metric.pk,
                    figure.period,
                    figure.period_label,
                    revision,
                    figure.text,
                    numbers[0],
                    group.entered_at or now,
                    import_run_id,
                )
            )
    insert_rows(ComparatorValue, _COMPARATOR_VALUE_FIELDS, rows)
    outcome.metric_ids.update(
        group.metric.pk
        for group, counts in zip(groups, outcome.groups, strict=True)
        if counts.created or counts.revised
    )
    return outcome


# --- metrics --------------------------------------------------------------------


def _validate(instance: models.Model, source: object) -> None:
    """full_clean without the checks that query the database: foreign keys point
    at rows the caller holds, and uniqueness is kept by the caller."""
    foreign_keys = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    try:
        instance.clean_fields(exclude=foreign_keys)
        instance.clean()
    except ValidationError as error:
        raise BulkRowError(source, f"cannot be saved: {_messages(error)}") from error


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(texts)}" for name, texts in error.message_dict.items()
        )
    return " ".join(error.messages)


def metric_validate(*, metric: Metric, source: object = None) -> None:
    """The checks a metric passes before metrics_create_bulk writes it; raises
    BulkRowError naming ``source``."""
    _validate(metric, source)


@transaction.atomic
def metrics_create_bulk(
    *,
    metrics: Sequence[Metric],
    created_by: User | None = None,
    reason: str = "",
    import_run_id: int | None = None,
) -> None:
    """Create validated metrics (metric_validate) in one go, with their history;
    ``import_run_id`` marks them as created by that import."""
    if not metrics:
        return
    for metric in metrics:
        metric.import_run_id = import_run_id
        # bulk_create skips Metric.save, which fills a blank year aggregation.
        metric.year_aggregation = (
            metric.year_aggregation or metric.default_year_aggregation
        )
    bulk_create_with_history(
        list(metrics),
        Metric,
        batch_size=500,
        default_user=created_by,
        default_change_reason=import_change_reason(import_run_id, reason),
    )


@transaction.atomic
def metric_update_recorded(
    *,
    metric: Metric,
    changed_by: User | None = None,
    reason: str = "",
    import_run_id: int | None = None,
    source: object = None,
) -> Metric:
    """Save a metric whose attributes a writer changed (a good direction, the
    perspective, flags), as the next version with the history saying why."""
    metric.version += 1
    try:
        metric.full_clean()
    except ValidationError as error:
        raise BulkRowError(source, f"cannot be saved: {_messages(error)}") from error
    metric._change_reason = import_change_reason(import_run_id, reason)  # type: ignore[attr-defined]
    metric._history_user = changed_by  # type: ignore[attr-defined]
    metric.save()
    return metric


# --- targets --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignOff:
    """Who endorsed and agreed a target and when, for a writer whose history has it
    (the demo's timeline): no one endorses or agrees it through target_endorse and
    target_agree at the time."""

    endorsed_by: User | None = None
    endorsed_at: dt.datetime | None = None
    agreed_by: User | None = None
    agreed_at: dt.datetime | None = None


SIGN_OFF_FIELDS = ("endorsed_by", "endorsed_at", "agreed_by", "agreed_at")


@dataclass(slots=True)
class TargetRow:
    """``sign_off``: who endorsed and agreed it (for the demo's timeline); None
    leaves the endorsement and agreement as they are."""

    metric: Metric
    period: str
    text: str
    source: object = None
    sign_off: SignOff | None = None


@dataclass(slots=True)
class TargetOutcome:
    row: TargetRow
    target: Target
    action: str  # "set" (new), "changed" or "unchanged"


@transaction.atomic
def targets_set_bulk(
    *,
    rows: Sequence[TargetRow],
    set_by: User | None = None,
    import_run_id: int | None = None,
    reason: str = "",
    status: str = Target.Status.AGREED,
) -> list[TargetOutcome]:
    """Set many targets from their text, as target_set(strict=False) sets one: one
    target per metric and period, replaced when its text changes (the history
    keeps what it was), unchanged when its text is the same. A level too large to
    store is kept as text and flagged. A row's ``sign_off`` (the demo's timeline)
    says who endorsed and agreed it. Raises BulkRowError for a text longer than
    the column. The caller refreshes the verdicts of the metrics."""
    outcomes: list[TargetOutcome] = []
    if not rows:
        return outcomes
    existing: dict[tuple[int, str], Target] = {}
    periods = {row.period for row in rows}
    for chunk in _chunks(sorted({row.metric.pk for row in rows})):
        for target in Target.objects.filter(metric_id__in=chunk, period__in=periods):
            existing[(target.metric_id, target.period)] = target
    new: list[Target] = []
    changed: dict[int, Target] = {}
    signed = False
    for row in rows:
        key = (row.metric.pk, row.period)
        found = existing.get(key)
        if found is not None and found.text == row.text:
            outcomes.append(TargetOutcome(row, found, "unchanged"))
            continue
        if len(row.text) > 300:
            raise BulkRowError(row, "the target is longer than 300 characters")
        action = "set" if found is None else "changed"
        if found is None:
            target = Target(metric=row.metric, period=row.period)
            existing[key] = target
            new.append(target)
        else:
            target = found
            if target.pk is not None:
                target.version += 1
                changed[target.pk] = target
        fields = target_fields(
            row.text, unit=row.metric.unit, scale=row.metric.ordinal_scale
        )
        for name, value in fields.items():
            setattr(target, name, value)
        target.status = status
        target.set_by = set_by
        target.import_run_id = import_run_id
        if row.sign_off is not None:
            for name in SIGN_OFF_FIELDS:
                setattr(target, name, getattr(row.sign_off, name))
            signed = True
        _validate(target, row)
        outcomes.append(TargetOutcome(row, target, action))
    change_reason = import_change_reason(import_run_id, reason)
    if new:
        bulk_create_with_history(
            new,
            Target,
            batch_size=500,
            default_user=set_by,
            default_change_reason=change_reason,
        )
    if changed:
        bulk_update_with_history(
            list(changed.values()),
            Target,
            fields=[
                *TARGET_FIELDS,
                "status",
                "set_by",
                "version",
                "import_run",
                *(SIGN_OFF_FIELDS if signed else ()),
            ],
            batch_size=500,
            default_user=set_by,
            default_change_reason=change_reason,
        )
    return outcomes


# --- recorded verdicts -----------------------------------------------------------


@dataclass(slots=True)
class VerdictRow:
    """``recorded_at``: when it was recorded, for the demo's timeline (default:
    now)."""

    metric: Metric
    plan_id: int | None
    period: str
    progress: str
    target_status: str
    reason: str
    source: object = None
    recorded_at: dt.datetime | None = None


@transaction.atomic
def recorded_verdicts_record_bulk(
    *,
    rows: Sequence[VerdictRow],
    recorded_by: User | None = None,
    import_run_id: int | None = None,
    verdict_source: str = RecordedVerdict.Source.IMPORTED,
) -> list[bool]:
    """Append imported verdicts (whether each row was recorded): a verdict the
    newest live imported one for its metric, plan and period already states is
    not recorded again. Verdicts people recorded are never compared with: an
    import does not undo an officer's later verdict.

    ``verdict_source`` confirmed or overridden records, for the demo's timeline,
    verdicts officers confirmed or overrode with no submission behind them; each
    is compared only with the newest live verdict of the same source."""
    if not rows:
        return []
    newest: dict[tuple[int, int, str], tuple[str, str]] = {}
    periods = {row.period for row in rows}
    for chunk in _chunks(sorted({row.metric.pk for row in rows})):
        for verdict in RecordedVerdict.objects.filter(
            metric_id__in=chunk,
            period__in=periods,
            source=verdict_source,
            withdrawn_at__isnull=True,
        ).order_by("recorded_at", "id"):
            newest[(verdict.metric_id, verdict.plan_id or 0, verdict.period)] = (
                verdict.progress,
                verdict.target_status,
            )
    recorded: list[bool] = []
    new: list[RecordedVerdict] = []
    stamps: dict[dt.datetime, list[RecordedVerdict]] = defaultdict(list)
    for row in rows:
        key = (row.metric.pk, row.plan_id or 0, row.period)
        stated = (row.progress, row.target_status)
        if newest.get(key) == stated:
            recorded.append(False)
            continue
        verdict = RecordedVerdict(
            metric=row.metric,
            plan_id=row.plan_id,
            period=row.period,
            progress=row.progress,
            target_status=row.target_status,
            source=verdict_source,
            reason=row.reason,
            recorded_by=recorded_by,
            import_run_id=import_run_id,
        )
        _validate(verdict, row)
        new.append(verdict)
        if row.recorded_at is not None:
            stamps[row.recorded_at].append(verdict)
        newest[key] = stated
        recorded.append(True)
    RecordedVerdict.objects.bulk_create(new, batch_size=500)
    for when, verdicts in stamps.items():
        # A queryset update: bulk_create gives recorded_at (auto_now_add) the time
        # now whatever the row says.
        RecordedVerdict.objects.filter(pk__in=[v.pk for v in verdicts]).update(
            recorded_at=when
        )
        for verdict in verdicts:
            verdict.recorded_at = when
    return recorded


# --- headline membership ---------------------------------------------------------


@dataclass(slots=True)
class MembershipRow:
    """A metric in (``headline``) or out of a plan's headline list for a year.
    The priority and objective change only where the writer states them
    (``priority_stated``); an objective not stated is kept unless the priority it
    sits under changes."""

    metric: Metric
    plan_id: int
    report_year: str
    headline: bool
    sort_order: int | None = None
    priority_id: int | None = None
    priority_stated: bool = False
    objective_id: int | None = None
    objective_stated: bool = False


@transaction.atomic
def headline_memberships_set_bulk(
    *,
    rows: Sequence[MembershipRow],
    changed_by: User | None = None,
    import_run_id: int | None = None,
    reason: str = "",
) -> list[str]:
    """Put metrics into or out of plans' headline lists for their years, with
    history. Returns, per row, "added", "updated", "removed" or "" (no change).
    Only the years named change: importing one year never touches another's."""
    if not rows:
        return []
    existing: dict[tuple[int, int, str], HeadlineMembership] = {}
    years = {row.report_year for row in rows}
    for chunk in _chunks(sorted({row.metric.pk for row in rows})):
        for membership in HeadlineMembership.objects.filter(
            metric_id__in=chunk, report_year__in=years
        ):
            existing[
                (membership.metric_id, membership.plan_id, membership.report_year)
            ] = membership
    new: list[HeadlineMembership] = []
    changed: dict[int, HeadlineMembership] = {}
    removed: dict[int, HeadlineMembership] = {}
    actions: list[str] = []
    for row in rows:
        key = (row.metric.pk, row.plan_id, row.report_year)
        found = existing.get(key)
        if not row.headline:
            if found is None:
                actions.append("")
                continue
            del existing[key]
            if found.pk is None:
                new.remove(found)
            else:
                removed[found.pk] = found
                changed.pop(found.pk, None)
            actions.append("removed")
            continue
        created = found is None
        if found is None:
            membership = HeadlineMembership(
                plan_id=row.plan_id, report_year=row.report_year, metric=row.metric
            )
            existing[key] = membership
            new.append(membership)
        else:
            membership = found
        wanted: dict[str, object] = {}
        if row.sort_order is not None or created:
            wanted["sort_order"] = row.sort_order or 0
        if row.priority_stated:
            wanted["priority_id"] = row.priority_id
        if row.objective_stated or (
            row.priority_stated and membership.priority_id != row.priority_id
        ):
            wanted["objective_id"] = row.objective_id
        was_changed = False
        for name, value in wanted.items():
            if getattr(membership, name) != value:
                setattr(membership, name, value)
                was_changed = True
        if was_changed and membership.pk is not None:
            membership.import_run_id = import_run_id
            changed[membership.pk] = membership
        if created:
            membership.import_run_id = import_run_id
        actions.append("added" if created else ("updated" if was_changed else ""))
    change_reason = import_change_reason(import_run_id, reason)
    for membership in removed.values():
        # One by one, so each deletion's history row says which import made it.
        membership.import_run_id = import_run_id
        membership._change_reason = change_reason  # type: ignore[attr-defined]
        membership._history_user = changed_by  # type: ignore[attr-defined]
        membership.delete()
    if new:
        bulk_create_with_history(
            new,
            HeadlineMembership,
            batch_size=500,
            default_user=changed_by,
            default_change_reason=change_reason,
        )
    if changed:
        bulk_update_with_history(
            list(changed.values()),
            HeadlineMembership,
            fields=["sort_order", "priority", "objective", "import_run"],
            batch_size=500,
            default_user=changed_by,
            default_change_reason=change_reason,
        )
    return actions


# --- undoing an import ----------------------------------------------------------


@dataclass
class UndoOutcome:
    metric_ids: set[int] = field(default_factory=set)
    values_withdrawn: int = 0
    comparator_values_withdrawn: int = 0
    verdicts_withdrawn: int = 0
    targets_restored: int = 0
    targets_deleted: int = 0
    memberships_restored: int = 0
    memberships_deleted: int = 0
    metrics_restored: int = 0
    metrics_retired: int = 0
    kept: list[str] = field(default_factory=list)  # changed by someone since

    def summary(self) -> str:
        line = (
            f"withdrawn: {self.values_withdrawn} values, "
            f"{self.comparator_values_withdrawn} comparator values, "
            f"{self.verdicts_withdrawn} recorded verdicts; targets: "
            f"{self.targets_restored} put back, {self.targets_deleted} removed; "
            f"headline metrics: {self.memberships_restored} put back, "
            f"{self.memberships_deleted} removed; metrics: {self.metrics_restored} "
            f"put back, {self.metrics_retired} retired"
        )
        if self.kept:
            line += f"; kept as changed since: {len(self.kept)}"
        return line


def import_touched_metric_ids(*, import_run_id: int) -> set[int]:
    """Every metric an import wrote something for (or created)."""
    ids: set[int] = set(
        Metric.objects.filter(import_run_id=import_run_id).values_list("pk", flat=True)
    )
    for model in (MetricValue, ComparatorValue, RecordedVerdict, Target):
        ids.update(
            model._default_manager.filter(import_run_id=import_run_id)
            .order_by()
            .values_list("metric_id", flat=True)
            .distinct()
        )
    for historical in (Target, HeadlineMembership, Metric):
        manager = historical.history
        column = "id" if historical is Metric else "metric_id"
        for record in manager.filter(
            history_change_reason__startswith=f"Import {import_run_id}: "
        ).values_list(column, flat=True):
            ids.add(record)
    return ids


def _put_back(
    model: type[models.Model],
    import_run_id: int,
    reason: str,
    user: User | None,
    outcome: UndoOutcome,
    *,
    created_by_run: Collection[int] = (),
) -> tuple[int, int]:
    """Put each row of a history-tracked model the import wrote back to what its
    history says it was before: rows it created are deleted (unless in
    ``created_by_run``, which the caller handles), rows it changed or deleted are
    restored. A row changed since by someone else is kept, and named in
    ``outcome.kept``. Returns (restored, deleted)."""
    history = model.history  # type: ignore[attr-defined]
    marker = f"Import {import_run_id}: "
    touched = sorted(
        set(
            history.filter(history_change_reason__startswith=marker).values_list(
                "id", flat=True
            )
        )
    )
    restored = deleted = 0
    for object_id in touched:
        records = list(
            history.filter(id=object_id).order_by("history_date", "history_id")
        )
        mine = [i for i, r in enumerate(records) if _is_run_record(r, import_run_id)]
        if mine[-1] != len(records) - 1:
            outcome.kept.append(f"{model._meta.verbose_name} {records[-1]}")
            continue
        before = records[mine[0] - 1] if mine[0] > 0 else None
        current = model._default_manager.filter(pk=object_id).first()
        if before is None or before.history_type == "-":
            if object_id in created_by_run:
                continue
            if current is not None:
                current._change_reason = reason  # type: ignore[attr-defined]
                current._history_user = user  # type: ignore[attr-defined]
                current.delete()
                deleted += 1
            continue
        instance = before.instance
        instance._change_reason = reason
        instance._history_user = user
        instance.save()
        restored += 1
    return restored, deleted


def _in_use(metric_id: int) -> bool:
    live_values = MetricValue.objects.filter(metric_id=metric_id).exclude(
        approval=MetricValue.Approval.WITHDRAWN
    )
    return (
        live_values.exists()
        or ComparatorValue.objects.filter(
            metric_id=metric_id, withdrawn_at__isnull=True
        ).exists()
        or RecordedVerdict.objects.filter(
            metric_id=metric_id, withdrawn_at__isnull=True
        ).exists()
        or Target.objects.filter(metric_id=metric_id).exists()
        or HeadlineMembership.objects.filter(metric_id=metric_id).exists()
        or Submission.objects.filter(metric_id=metric_id).exists()
    )


@transaction.atomic
def import_writes_undo(
    *, import_run_id: int, user: User | None, reason: str
) -> UndoOutcome:
    """Withdraw everything an import wrote in the scorecard: its figures
    (approval "withdrawn", so the revisions before them stand again), its
    comparator figures and recorded verdicts (withdrawn_at); its targets, headline
    memberships and metric changes go back to what their history says they were
    (rows it created are deleted); the metrics it created that nothing else uses
    are retired. Rows changed since by someone else are kept and named. The
    caller checks that the import may be undone and refreshes the verdicts of
    ``metric_ids``."""
    outcome = UndoOutcome()
    outcome.metric_ids = import_touched_metric_ids(import_run_id=import_run_id)
    now = timezone.now()
    outcome.values_withdrawn = (
        MetricValue.objects.filter(import_run_id=import_run_id)
        .exclude(approval=MetricValue.Approval.WITHDRAWN)
        .update(approval=MetricValue.Approval.WITHDRAWN)
    )
    outcome.comparator_values_withdrawn = ComparatorValue.objects.filter(
        import_run_id=import_run_id, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    outcome.verdicts_withdrawn = RecordedVerdict.objects.filter(
        import_run_id=import_run_id, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    history_reason = f"Undo of import {import_run_id}: {reason}"
    outcome.targets_restored, outcome.targets_deleted = _put_back(
        Target, import_run_id, history_reason, user, outcome
    )
    outcome.memberships_restored, outcome.memberships_deleted = _put_back(
        HeadlineMembership, import_run_id, history_reason, user, outcome
    )
    created = set(
        Metric.objects.filter(import_run_id=import_run_id).values_list("pk", flat=True)
    )
    outcome.metrics_restored, _ = _put_back(
        Metric, import_run_id, history_reason, user, outcome, created_by_run=created
    )
    for metric in Metric.objects.filter(pk__in=created).exclude(
        status=Metric.Status.RETIRED
    ):
        if _in_use(metric.pk):
            continue
        metric.status = Metric.Status.RETIRED
        metric.version += 1
        metric._change_reason = history_reason  # type: ignore[attr-defined]
        metric._history_user = user  # type: ignore[attr-defined]
        metric.save()
        outcome.metrics_retired += 1
    return outcome


# ---------------------------------------------------------------------------
# Other places' figures (issue 19)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberFigureRow:
    """A place's figure for a metric and period, as a source gives it; numbers are
    stored to the columns' places (STORED_PLACES)."""

    metric_id: int
    place_id: int
    period: str
    text: str
    number: Decimal | None
    period_label: str = ""
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    lower_ci_998: Decimal | None = None
    upper_ci_998: Decimal | None = None
    count: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    source: str = ""


_MEMBER_FIGURE = (
    "value_text",
    "value_number",
    "lower_ci",
    "upper_ci",
    "lower_ci_998",
    "upper_ci_998",
    "count",
    "denominator",
)
_MEMBER_FIELDS = (
    "metric_id",
    "place_id",
    "period",
    "period_label",
    "revision",
    *_MEMBER_FIGURE,
    "note",
    "source",
    "import_run_id",
    "entered_at",
)


def _member_stored(number: Decimal | None) -> Decimal | None:
    return None if number is None else number.quantize(STORED_PLACES)


@transaction.atomic
def member_values_record_bulk(
    *, rows: Sequence[MemberFigureRow], import_run_id: int | None = None
) -> tuple[int, int]:
    """Record other places' figures: a figure is the next revision of the place's
    figure for the metric and period when it differs from the latest live one
    (text or any number), and nothing when it is the same. Returns (created,
    revised). The caller refreshes the standings (calculated_verdicts_refresh)."""
    if not rows:
        return 0, 0
    metric_ids = sorted({row.metric_id for row in rows})
    latest: dict[tuple[int, int, str], tuple[int, tuple[object, ...]]] = {}
    for metric_id, place_id, period, revision, *figure in (
        MemberValue.objects.filter(metric_id__in=metric_ids, withdrawn_at__isnull=True)
        .order_by("revision")
        .values_list("metric_id", "place_id", "period", "revision", *_MEMBER_FIGURE)
    ):
        latest[(metric_id, place_id, period)] = (revision, tuple(figure))
    top: dict[tuple[int, int, str], int] = {}
    for metric_id, place_id, period, revision in MemberValue.objects.filter(
        metric_id__in=metric_ids
    ).values_list("metric_id", "place_id", "period", "revision"):
        key = (metric_id, place_id, period)
        top[key] = max(top.get(key, 0), revision)
    created = revised = 0
    now = timezone.now()
    made: list[tuple[object, ...]] = []
    for row in rows:
        key = (row.metric_id, row.place_id, row.period)
        figure = (
            row.text[:500],
            *(
                _member_stored(n)
                for n in (
                    row.number,
                    row.lower_ci,
                    row.upper_ci,
                    row.lower_ci_998,
                    row.upper_ci_998,
                    row.count,
                    row.denominator,
                )
            ),
        )
        if key in latest and latest[key][1] == figure:
            continue
        revision = top.get(key, 0) + 1
        if key in latest:
            revised += 1
        else:
            created += 1
        top[key] = revision
        latest[key] = (revision, figure)
        made.append(
            (
                row.metric_id,
                row.place_id,
                row.period,
                row.period_label[:100],
                revision,
                *figure,
                row.note[:300],
                row.source[:100],
                import_run_id,
                now,
            )
        )
    insert_rows(MemberValue, _MEMBER_FIELDS, made)
    return created, revised
