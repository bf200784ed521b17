"""A file's figures: the metric's own (the place and its breakdowns) and its
comparators', written through the scorecard's bulk services."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reports.opendata.apply.context import ImportContext, row_error, warn
from reports.opendata.apply.members import load_members
from reports.opendata.apply.metrics import Resolved
from reports.opendata.outcome import FileOutcome, RevisionLine, RowOutcome
from reports.opendata.records import (
    TIDY,
    OpenDataError,
    ParsedFile,
    Problem,
    ValueCell,
)
from scorecard.domain.values import ValueKind, parse_value
from scorecard.models import Comparator, Metric
from scorecard.services.bulk import (
    BulkRowError,
    ComparatorFigure,
    FigureGroup,
    FigureNote,
    MetricComparatorFigures,
    Revision,
    comparator_values_record_bulk,
    metric_values_record_bulk,
)
from scorecard.services.comparators import comparators_ensure

_SEX_GROUPS = frozenset({"female", "females", "male", "males", "women", "men"})


def _dimension(labels: Iterable[str]) -> str:
    folded = {label.casefold() for label in labels}
    return "sex" if folded <= _SEX_GROUPS else "group"


def _with_groups(cells: Sequence[ValueCell], metric: Metric) -> list[ValueCell]:
    """A council cell that gives a figure per group ("Female - 68.1 Male - 31.9")
    is kept whole and also split into one figure per group."""
    result = list(cells)
    for cell in cells:
        if cell.breakdown or not cell.text:
            continue
        parsed = parse_value(cell.text, unit=metric.unit, scale=metric.ordinal_scale)
        if parsed.kind is not ValueKind.BREAKDOWN:
            continue
        dimension = _dimension(label for label, _ in parsed.groups)
        for label, number in parsed.groups:
            if len(label) > 100:
                continue
            result.append(
                ValueCell(
                    row=cell.row,
                    column=cell.column,
                    column_number=cell.column_number,
                    period=cell.period,
                    period_label=cell.period_label,
                    data_status=cell.data_status,
                    scope=cell.scope,
                    text=str(number),
                    breakdown=dimension,
                    breakdown_group=label,
                    number=number,
                    numbers_given=True,
                )
            )
    return result


def _note_problem(file: str, note: FigureNote) -> Problem:
    cell = note.figure
    if note.column is not None:
        return Problem(file, cell.row, note.column, note.message)
    return Problem(file, cell.row, cell.column, note.message, cell.column_number)


def _revision_line(file: str, revision: Revision) -> RevisionLine:
    if revision.comparator:
        where = revision.comparator
    else:
        where = revision.scope
        if revision.breakdown:
            where += f", {revision.breakdown}: {revision.breakdown_group}"
    old, new = revision.old_text, revision.new_text
    if old == new:
        # The same figure, newly labelled ("2023/24 provisional" → "2023/24").
        old = f"{old} ({revision.old_label or 'no label'})"
        new = f"{new} ({revision.new_label or 'no label'})"
    return RevisionLine(
        file=file,
        code=revision.metric.code,
        metric=revision.metric.name,
        period=revision.period,
        where=where,
        old=old,
        new=new,
    )


def load_figures(
    context: ImportContext,
    parsed: ParsedFile,
    resolved: Sequence[Resolved],
    rows: Sequence[RowOutcome],
    outcome: FileOutcome,
) -> None:
    tidy = parsed.layout == TIDY
    groups = [
        FigureGroup(
            metric=metric,
            figures=entry.values if tidy else _with_groups(entry.values, metric),
        )
        for entry, metric, _ in resolved
    ]
    try:
        written = metric_values_record_bulk(
            groups=groups,
            import_run_id=context.run_id,
            entered_by=context.user,
            compare_numbers=tidy,
            today=context.today,
        )
    except BulkRowError as error:
        raise row_error(parsed.name, error) from error
    # Notes are few: which row each is about is looked up only when there are any.
    by_figure = (
        {
            id(figure): row
            for group, row in zip(groups, rows, strict=True)
            for figure in group.figures
        }
        if written.notes
        else {}
    )
    for note in written.notes:
        warn(outcome, by_figure.get(id(note.figure)), _note_problem(parsed.name, note))
    for counts, row in zip(written.groups, rows, strict=True):
        row.values_created += counts.created
        row.values_revised += counts.revised
        row.values_unchanged += counts.unchanged
    outcome.counts["values_created"] += written.created
    outcome.counts["values_revised"] += written.revised
    outcome.counts["values_unchanged"] += sum(g.unchanged for g in written.groups)
    for revision in written.revisions:
        context.report.revise(_revision_line(parsed.name, revision))
    context.metric_ids |= written.metric_ids
    _load_comparator_figures(context, parsed, resolved, rows, outcome)
    # After the comparators, which make a group for each new one: the member
    # rows' groups are found among them.
    load_members(context, parsed, resolved, rows, outcome)


def _comparators(parsed: ParsedFile, outcome: FileOutcome) -> dict[str, Comparator]:
    """Every comparator the file names, found or created."""
    named: dict[str, tuple[str, str]] = {}
    for entry in parsed.metrics:
        for cell in entry.comparators:
            if len(cell.name) > 100:
                raise OpenDataError(
                    Problem(
                        outcome.name,
                        cell.row,
                        cell.column,
                        "the comparator's name is longer than 100 characters",
                        cell.column_number,
                    )
                )
            named.setdefault(cell.name.casefold(), (cell.name, cell.kind))
    before = set(Comparator.objects.values_list("pk", flat=True)) if named else set()
    found = comparators_ensure(named=named.values())
    outcome.counts["comparators_created"] += sum(
        1 for key in named if found[key].pk not in before
    )
    return found


def _load_comparator_figures(
    context: ImportContext,
    parsed: ParsedFile,
    resolved: Sequence[Resolved],
    rows: Sequence[RowOutcome],
    outcome: FileOutcome,
) -> None:
    comparators = _comparators(parsed, outcome)
    if not comparators:
        return
    groups: list[MetricComparatorFigures] = []
    for (entry, metric, _), row in zip(resolved, rows, strict=True):
        pairs: list[tuple[Comparator, ComparatorFigure]] = []
        for cell in entry.comparators:
            comparator = comparators[cell.name.casefold()]
            if comparator.kind != cell.kind:
                warn(
                    outcome,
                    row,
                    Problem(
                        outcome.name,
                        cell.row,
                        cell.column,
                        f"'{comparator.name}' is a {comparator.kind} series in the "
                        f"database, here a {cell.kind} one; recorded under the "
                        "stored one",
                        cell.column_number,
                    ),
                )
            pairs.append((comparator, cell))
        groups.append(MetricComparatorFigures(metric=metric, figures=pairs))
    try:
        written = comparator_values_record_bulk(
            groups=groups,
            import_run_id=context.run_id,
            compare_numbers=parsed.layout == TIDY,
            today=context.today,
        )
    except BulkRowError as error:
        raise row_error(parsed.name, error) from error
    by_cell: dict[int, RowOutcome] = {
        id(cell): row
        for group, row in zip(groups, rows, strict=True)
        for _, cell in group.figures
    }
    for note in written.notes:
        warn(outcome, by_cell.get(id(note.figure)), _note_problem(parsed.name, note))
    for counts, row in zip(written.groups, rows, strict=True):
        row.comparators_created += counts.created
        row.comparators_revised += counts.revised
        row.comparators_unchanged += counts.unchanged
    outcome.counts["comparator_values_created"] += written.created
    outcome.counts["comparator_values_revised"] += written.revised
    outcome.counts["comparator_values_unchanged"] += sum(
        g.unchanged for g in written.groups
    )
    for revision in written.revisions:
        context.report.revise(_revision_line(parsed.name, revision))
    context.metric_ids |= written.metric_ids
