"""Which metric each row of a file is: found by its code, or by its normalised name
and unit (DESIGN.md section 6), or created, with its kind of figure inferred from
its cells (mixed cells mean text)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from reports.models import ImportRun
from reports.opendata.apply.context import ImportContext, row_error
from reports.opendata.outcome import FileOutcome
from reports.opendata.records import (
    TIDY,
    MetricEntry,
    OpenDataError,
    ParsedFile,
    Problem,
)
from scorecard.domain.figures import FigureKind, infer_value_kind
from scorecard.domain.vocabulary import Direction
from scorecard.models import Metric, normalise_metric_name
from scorecard.services.bulk import (
    BulkRowError,
    metric_update_recorded,
    metric_validate,
    metrics_create_bulk,
)

NEW_CODE_PREFIX = "OD"
_CHUNK = 900  # names per IN (…) query, inside SQLite's limit on parameters

Resolved = tuple[MetricEntry, Metric, str]  # the entry, its metric, what happened


def unit_key(unit: str) -> str:
    return " ".join(unit.split()).casefold()


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def inferred_kind(entry: MetricEntry) -> str:
    """A new metric's kind of figure, from its cells. A number the file states
    (the tidy format's value_number) is a number without reading its text; a
    count states its numerator and is read from its text like any other cell."""
    numbers = False
    texts: set[str] = set()
    for cell in entry.values:
        if (
            cell.numbers_given
            and cell.number is not None
            and cell.numerator is None
            and cell.denominator is None
        ):
            numbers = True
        elif cell.text:
            texts.add(cell.text)
    if not texts:
        return (
            FigureKind.NUMBER if numbers else infer_value_kind([], entry.unit)
        ).value
    kind = infer_value_kind(sorted(texts), entry.unit)
    if numbers and kind is not FigureKind.NUMBER:
        return FigureKind.TEXT.value
    return kind.value


class MetricResolver:
    """Resolves the metrics of file after file, keeping what it has looked up."""

    def __init__(self, context: ImportContext):
        self.context = context
        self.by_code: dict[str, Metric] = {}
        self.by_identity: dict[tuple[str, str], list[Metric]] = defaultdict(list)
        self.loaded_names: set[str] = set()
        self.taken_codes: set[str] | None = None
        self.next_code = 0
        self.undone_runs: dict[int, bool] = {}

    def resolve(self, parsed: ParsedFile, outcome: FileOutcome) -> list[Resolved]:
        identities = {
            id(entry): (normalise_metric_name(entry.name), unit_key(entry.unit))
            for entry in parsed.metrics
        }
        names = {name for name, _ in identities.values() if name} - self.loaded_names
        for chunk in _chunks(sorted(names)):
            for metric in Metric.objects.filter(normalised_name__in=chunk).order_by(
                "pk"
            ):
                identity = (metric.normalised_name, unit_key(metric.unit))
                if metric not in self.by_identity[identity]:
                    self.by_identity[identity].append(metric)
                self.by_code[metric.code] = metric
        self.loaded_names |= names
        codes = {e.code for e in parsed.metrics if e.code} - set(self.by_code)
        for chunk in _chunks(sorted(codes)):
            for metric in Metric.objects.filter(code__in=chunk):
                self.by_code[metric.code] = metric
        self._reserve_codes(codes)

        resolved: list[Resolved] = []
        new: list[Metric] = []
        seen: Counter[tuple[str, str]] = Counter()
        first_row: dict[tuple[str, str], int] = {}
        for entry in parsed.metrics:
            identity = identities[id(entry)]
            occurrence = 1
            if parsed.layout != TIDY:
                seen[identity] += 1
                occurrence = seen[identity]
                first_row.setdefault(identity, entry.row)
                if occurrence > 1:
                    outcome.warn(
                        Problem(
                            parsed.name,
                            entry.row,
                            entry.name_column,
                            f"'{entry.name}' ({entry.unit or 'no unit'}) is also on "
                            f"row {first_row[identity]}: imported as a separate metric "
                            "with its own code",
                        )
                    )
            metric, action = self._metric_for(
                entry, identity, occurrence, parsed, outcome
            )
            if action == "created":
                new.append(metric)
            resolved.append((entry, metric, action))
        metrics_create_bulk(
            metrics=new,
            created_by=self.context.user,
            reason=self.context.reason(parsed.name),
            import_run_id=self.context.run_id,
        )
        return resolved

    def _metric_for(
        self,
        entry: MetricEntry,
        identity: tuple[str, str],
        occurrence: int,
        parsed: ParsedFile,
        outcome: FileOutcome,
    ) -> tuple[Metric, str]:
        metric = self.by_code.get(entry.code) if entry.code else None
        if metric is not None and entry.name:
            stored_identity = (metric.normalised_name, unit_key(metric.unit))
            if stored_identity != identity:
                outcome.warn(
                    Problem(
                        parsed.name,
                        entry.row,
                        "metric_code",
                        f"the code {entry.code} is '{metric.name}' ({metric.unit}) in "
                        f"the database, not '{entry.name}' ({entry.unit}); the "
                        "figures are recorded for the code's metric",
                    )
                )
        if metric is None and entry.name:
            candidates = self.by_identity.get(identity, [])
            if len(candidates) >= occurrence:
                metric = candidates[occurrence - 1]
                if entry.code and metric.code != entry.code:
                    outcome.warn(
                        Problem(
                            parsed.name,
                            entry.row,
                            "metric_code",
                            f"the code {entry.code} is not known; '{entry.name}' "
                            f"matched the metric {metric.code} by name and unit",
                        )
                    )
        if metric is None:
            if not entry.name:
                raise OpenDataError(
                    Problem(
                        parsed.name,
                        entry.row,
                        "metric_code",
                        f"the code {entry.code} is not known and the row names no "
                        "metric to create",
                    )
                )
            metric = self._create(entry, parsed)
            self.by_identity[identity].append(metric)
            self.by_code[metric.code] = metric
            return metric, "created"
        return metric, self._update(metric, entry, parsed, outcome)

    def _reserve_codes(self, codes: Iterable[str]) -> None:
        if self.taken_codes is None:
            self.taken_codes = set(
                Metric.objects.filter(code__startswith=NEW_CODE_PREFIX).values_list(
                    "code", flat=True
                )
            )
            numbers = [
                int(code[len(NEW_CODE_PREFIX) :])
                for code in self.taken_codes
                if code[len(NEW_CODE_PREFIX) :].isdigit()
            ]
            self.next_code = max(numbers, default=0) + 1
        self.taken_codes.update(codes)

    def _new_code(self) -> str:
        assert self.taken_codes is not None
        while True:
            code = f"{NEW_CODE_PREFIX}{self.next_code:04d}"
            self.next_code += 1
            if code not in self.taken_codes and code not in self.by_code:
                self.taken_codes.add(code)
                return code

    def _create(self, entry: MetricEntry, parsed: ParsedFile) -> Metric:
        """A new metric, validated; saved with the others of the file in one go."""
        code = entry.code
        if not code or len(code) > 20:
            code = self._new_code()
        kind = inferred_kind(entry)
        metric = Metric(
            code=code,
            name=entry.name,
            normalised_name=normalise_metric_name(entry.name),
            unit=entry.unit,
            good_direction=entry.direction or Direction.NONE.value,
            equality_flag=bool(entry.equality_flag),
            marmot_flag=bool(entry.marmot_flag),
            value_kind=kind,
            nature=(
                Metric.Nature.QUALITATIVE
                if kind == Metric.ValueKind.TEXT
                else Metric.Nature.QUANTITATIVE
            ),
        )
        if entry.perspective:
            metric.perspective = entry.perspective
        try:
            metric_validate(metric=metric, source=entry)
        except BulkRowError as error:
            raise OpenDataError(
                Problem(parsed.name, entry.row, entry.name_column, error.message)
            ) from error
        return metric

    def _revived(self, metric: Metric) -> bool:
        """Whether a retired metric was retired because the import that created it
        was undone: importing it again brings it back."""
        run_id = metric.import_run_id
        if metric.status != Metric.Status.RETIRED or run_id is None:
            return False
        if run_id not in self.undone_runs:
            self.undone_runs[run_id] = ImportRun.objects.filter(
                pk=run_id, status=ImportRun.Status.UNDONE
            ).exists()
        return self.undone_runs[run_id]

    def _update(
        self,
        metric: Metric,
        entry: MetricEntry,
        parsed: ParsedFile,
        outcome: FileOutcome,
    ) -> str:
        changed = False
        if self._revived(metric):
            metric.status = Metric.Status.AGREED
            changed = True
        if entry.direction and entry.direction != metric.good_direction:
            if metric.good_direction != Direction.NONE.value:
                outcome.warn(
                    Problem(
                        parsed.name,
                        entry.row,
                        None,
                        f"the good direction of '{metric.name}' changes from "
                        f"{metric.good_direction} to {entry.direction}",
                    )
                )
            metric.good_direction = entry.direction
            changed = True
        if entry.perspective and entry.perspective != metric.perspective:
            metric.perspective = entry.perspective
            changed = True
        for flag in ("equality_flag", "marmot_flag"):
            value = getattr(entry, flag)
            if value is not None and value != getattr(metric, flag):
                setattr(metric, flag, value)
                changed = True
        if not changed:
            return "unchanged"
        return self._record_update(metric, entry, parsed)

    def _record_update(
        self, metric: Metric, entry: MetricEntry, parsed: ParsedFile
    ) -> str:
        """Save the changed metric through the scorecard's service, with its
        history; a refusal names the file's row."""
        try:
            metric_update_recorded(
                metric=metric,
                changed_by=self.context.user,
                reason=self.context.reason(parsed.name),
                import_run_id=self.context.run_id,
                source=entry,
            )
        except BulkRowError as error:
            raise row_error(parsed.name, error) from error
        return "updated"
