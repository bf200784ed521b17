"""A report year's facts as a file states them: the target, the recorded verdict,
the headline flag, and where the file lists the metric (its sort order, priority
and objective). Targets, verdicts and headline membership are written through the
scorecard's bulk services; the listing is the reports app's own OpenDataRow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reports.models import OpenDataRow
from reports.opendata.apply.context import ImportContext, row_error, warn
from reports.opendata.apply.metrics import Resolved
from reports.opendata.apply.plans import PlanStructure
from reports.opendata.outcome import FileOutcome, RowOutcome
from reports.opendata.records import ParsedFile, Problem, YearFacts
from scorecard.domain.periods import ANNUAL, Period
from scorecard.domain.targets import TargetKind
from scorecard.domain.vocabulary import Direction, TargetStatus
from scorecard.models import Metric, Target
from scorecard.services.bulk import (
    BulkRowError,
    MembershipRow,
    TargetRow,
    VerdictRow,
    headline_memberships_set_bulk,
    recorded_verdicts_record_bulk,
    targets_set_bulk,
)
from strategies.models import Objective, Plan, Priority

_CHUNK = 900


@dataclass
class _Listing:
    metric: Metric
    plan_id: int
    year: str
    facts: YearFacts
    priority: Priority | None
    objective: Objective | None


class _TargetSource:
    """Where a target came from, so a refusal names the file's row and column."""

    def __init__(self, facts: YearFacts):
        self.row = facts.row
        self.column = facts.target_column
        self.column_number = facts.target_column_number


def load_facts(
    context: ImportContext,
    plans: PlanStructure,
    parsed: ParsedFile,
    resolved: Sequence[Resolved],
    rows: Sequence[RowOutcome],
    outcome: FileOutcome,
) -> None:
    targets: list[tuple[TargetRow, RowOutcome, YearFacts]] = []
    verdicts: list[tuple[VerdictRow, RowOutcome]] = []
    memberships: list[tuple[MembershipRow, RowOutcome]] = []
    listings: list[_Listing] = []
    untargeted: list[_Untargeted] = []
    for (entry, metric, _), row in zip(resolved, rows, strict=True):
        for (plan_key, year), facts in entry.facts.items():
            if facts.target:
                targets.append(
                    (
                        TargetRow(metric, year, facts.target, _TargetSource(facts)),
                        row,
                        facts,
                    )
                )
            stated = (
                facts.listed
                or facts.headline is not None
                or facts.progress
                or facts.target_status
            )
            if not stated:
                continue
            plan = plans.plan_for(plan_key, year, outcome, facts.row)
            if plan is None:
                continue
            priority = objective = None
            if facts.priority:
                priority = plans.priority(plan, facts.priority, outcome)
            if facts.objective:
                if priority is not None:
                    objective = plans.objective(priority, facts.objective, outcome)
                else:
                    warn(
                        outcome,
                        row,
                        Problem(
                            parsed.name,
                            facts.row,
                            None,
                            f"the objective '{facts.objective}' has no priority to "
                            "sit under; not recorded",
                        ),
                    )
            if facts.listed:
                listings.append(
                    _Listing(metric, plan.pk, year, facts, priority, objective)
                )
            if facts.headline is not None:
                memberships.append(
                    (
                        MembershipRow(
                            metric=metric,
                            plan_id=plan.pk,
                            report_year=year,
                            headline=facts.headline,
                            sort_order=facts.sort_order,
                            priority_id=priority.pk if priority else None,
                            priority_stated=facts.priority is not None,
                            objective_id=objective.pk if objective else None,
                            objective_stated=facts.objective is not None,
                        ),
                        row,
                    )
                )
            if _states_a_status_without_a_target(facts, year):
                untargeted.append(_Untargeted(metric, plan, year, facts, row))
            if facts.progress or facts.target_status:
                verdicts.append(
                    (
                        VerdictRow(
                            metric=metric,
                            plan_id=plan.pk,
                            period=year,
                            progress=facts.progress or "",
                            target_status=facts.target_status or "",
                            reason=f"Imported from {parsed.name}, row {facts.row}",
                            source=facts,
                        ),
                        row,
                    )
                )
    targets += _carried_forward(parsed, untargeted, outcome)
    try:
        _targets(context, parsed, targets, outcome)
        _verdicts(context, verdicts, outcome)
        _memberships(context, parsed, memberships, outcome)
    except BulkRowError as error:
        raise row_error(parsed.name, error) from error
    _listings(context, listings)


@dataclass
class _Untargeted:
    metric: Metric
    plan: Plan
    year: str
    facts: YearFacts
    row: RowOutcome


_TARGET_VERDICTS = frozenset(
    {TargetStatus.ON_TARGET.value, TargetStatus.OFF_TARGET.value}
)
CARRIED_FORWARD = (
    "say on or off target and state no target: the plan's latest earlier target "
    "is read as the year's"
)


def _states_a_status_without_a_target(facts: YearFacts, year: str) -> bool:
    """A file's own year-end verdict says on or off target, and the file states no
    target for it: it has no target column, or the row's cell is blank (the 2021-22
    file's one Target column is the 2022-30 plan's; its 2016-24 plan's verdicts
    have none). A target written as none ("None set") is a statement, not a gap."""
    return (
        facts.own
        and not (facts.target or "").strip()
        and facts.target_status in _TARGET_VERDICTS
        and Period.parse(year).frequency == ANNUAL
    )


def _carried_forward(
    parsed: ParsedFile, untargeted: Sequence[_Untargeted], outcome: FileOutcome
) -> list[tuple[TargetRow, RowOutcome, YearFacts]]:
    """Targets for the rows that say on or off target in a file with no target
    column (the 2019-20 file states target statuses only): the target the same
    plan set for the latest earlier year, carried forward where the metric has no
    target of its own for the year, with a warning. A plan's targets run for the
    plan (Coventry's 2016-24 plan kept "Equal to or better than statistical
    neighbours" year after year); one from before the plan began is not used."""
    if not untargeted:
        return []
    ids = sorted({u.metric.pk for u in untargeted})
    latest: dict[int, list[tuple[str, str]]] = {}
    for metric_id, period, text in (
        Target.objects.filter(metric_id__in=ids)
        .exclude(kind=TargetKind.NONE.value)
        .order_by("metric_id", "period")
        .values_list("metric_id", "period", "text")
    ):
        latest.setdefault(metric_id, []).append((period, text))
    carried = []
    for item in untargeted:
        stated = latest.get(item.metric.pk, [])
        if any(period == item.year for period, _ in stated):
            continue
        start = item.plan.start_year
        earlier = [
            (period, text)
            for period, text in stated
            if Period.parse(period).frequency == ANNUAL
            and start <= Period.parse(period).year_start
            and period < item.year
        ]
        if not earlier:
            continue
        period, text = earlier[-1]
        facts = item.facts
        carried.append(
            (
                TargetRow(item.metric, item.year, text, _TargetSource(facts)),
                item.row,
                facts,
            )
        )
        warn(
            outcome,
            item.row,
            Problem(
                parsed.name,
                facts.row,
                None,
                f"the target status is given without a target: {period}'s target "
                f"'{text}' is read as {item.year}'s",
                kind=CARRIED_FORWARD,
                cell=text,
            ),
        )
    return carried


def _targets(
    context: ImportContext,
    parsed: ParsedFile,
    targets: list[tuple[TargetRow, RowOutcome, YearFacts]],
    outcome: FileOutcome,
) -> None:
    written = targets_set_bulk(
        rows=[target for target, _, _ in targets],
        set_by=context.user,
        import_run_id=context.run_id,
        reason=context.reason(parsed.name),
    )
    for result, (_, row, facts) in zip(written, targets, strict=True):
        target, metric, text = result.target, result.row.metric, result.row.text
        if result.action == "unchanged":
            outcome.counts["targets_unchanged"] += 1
            row.target = "unchanged"
        else:
            outcome.counts["targets_set"] += 1
            row.target = result.action
            context.metric_ids.add(metric.pk)
        message = None
        if target.kind == TargetKind.UNPARSED.value:
            message = (
                f"{target.flag}; kept as text and assessed as no target until "
                "someone structures it"
            )
        elif target.flag:
            message = f"the target '{text}' is read with a doubt: {target.flag}"
        elif (
            target.kind == TargetKind.THRESHOLD.value
            and not target.operator
            and not target.direction
            and metric.good_direction == Direction.NONE.value
        ):
            message = (
                f"the target '{text}' is a bare level and the metric has no good "
                "direction: it is ambiguous (no target) until someone sets the "
                "direction"
            )
        if message:
            outcome.counts["targets_flagged"] += 1
            if row.target == "unchanged":
                row.target = "flagged"
            warn(
                outcome,
                row,
                Problem(
                    parsed.name,
                    facts.row,
                    facts.target_column,
                    message,
                    facts.target_column_number,
                ),
            )


def _verdicts(
    context: ImportContext,
    verdicts: list[tuple[VerdictRow, RowOutcome]],
    outcome: FileOutcome,
) -> None:
    recorded = recorded_verdicts_record_bulk(
        rows=[verdict for verdict, _ in verdicts],
        recorded_by=context.user,
        import_run_id=context.run_id,
    )
    for was_recorded, (verdict, row) in zip(recorded, verdicts, strict=True):
        if was_recorded:
            outcome.counts["verdicts_recorded"] += 1
            row.verdict = "recorded"
            context.metric_ids.add(verdict.metric.pk)
        else:
            outcome.counts["verdicts_unchanged"] += 1
            row.verdict = "unchanged"


def _memberships(
    context: ImportContext,
    parsed: ParsedFile,
    memberships: list[tuple[MembershipRow, RowOutcome]],
    outcome: FileOutcome,
) -> None:
    actions = headline_memberships_set_bulk(
        rows=[membership for membership, _ in memberships],
        changed_by=context.user,
        import_run_id=context.run_id,
        reason=context.reason(parsed.name),
    )
    for action, (membership, row) in zip(actions, memberships, strict=True):
        if action:
            outcome.counts[f"headline_{action}"] += 1
            row.headline = action
            context.metric_ids.add(membership.metric.pk)


def _listings(context: ImportContext, listings: list[_Listing]) -> None:
    """Where the file lists each metric. The listing keeps no import run of its
    own: what it was before the import is kept in the import's report instead,
    so undo can put it back."""
    if not listings:
        return
    existing: dict[tuple[int, int, str], OpenDataRow] = {}
    ids = sorted({listing.metric.pk for listing in listings})
    years = {listing.year for listing in listings}
    for start in range(0, len(ids), _CHUNK):
        for stored in OpenDataRow.objects.filter(
            metric_id__in=ids[start : start + _CHUNK], report_year__in=years
        ):
            existing[(stored.metric_id, stored.plan_id, stored.report_year)] = stored
    new: list[OpenDataRow] = []
    changed: dict[int, OpenDataRow] = {}
    before = context.report.listings_before
    for listing in listings:
        key = (listing.metric.pk, listing.plan_id, listing.year)
        row = existing.get(key)
        if row is None:
            row = OpenDataRow(
                plan_id=listing.plan_id, report_year=listing.year, metric=listing.metric
            )
            existing[key] = row
            new.append(row)
        facts = listing.facts
        priority_id = listing.priority.pk if listing.priority else None
        wanted: dict[str, object] = {"sort_order": facts.sort_order}
        if facts.priority is not None:
            wanted["priority_id"] = priority_id
        if facts.objective is not None or (
            # The newer layout names no objective: keep the one recorded unless
            # the priority it sits under changes.
            facts.priority is not None and row.priority_id != priority_id
        ):
            wanted["objective_id"] = listing.objective.pk if listing.objective else None
        if row.pk is not None and str(row.pk) not in before:
            state = {
                "sort_order": row.sort_order,
                "priority_id": row.priority_id,
                "objective_id": row.objective_id,
            }
        else:
            state = None
        was_changed = False
        for name, value in wanted.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                was_changed = True
        if was_changed and row.pk is not None:
            changed[row.pk] = row
            if state is not None:
                before[str(row.pk)] = state
    OpenDataRow.objects.bulk_create(new, batch_size=500)
    for row in new:
        assert row.pk is not None  # bulk_create returns ids on SQLite and PostgreSQL
        context.created("listings", row.pk)
    OpenDataRow.objects.bulk_update(
        list(changed.values()), ["sort_order", "priority", "objective"], batch_size=500
    )
