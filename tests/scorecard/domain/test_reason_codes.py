"""Every reason code the assessment engine can give has a test (issue 15).

One table, one case per code (a few codes that several rules give have a case for
each rule), each built from the smallest inputs a council's own figures and targets
would give. A second test reads the engine's source and fails when it can give a
code that the table does not cover, so a new code cannot arrive untested.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

import pytest

from scorecard.domain import assessment
from scorecard.domain.assessment import Assessment, MetricRule, Observation, assess
from scorecard.domain.targets import TargetKind, TargetRule, parse_target
from scorecard.domain.vocabulary import Direction, Progress, TargetStatus

D = Decimal
UP, DOWN, NO_DIRECTION = Direction.UP, Direction.DOWN, Direction.NONE
THIS_YEAR, LAST_YEAR = "2024-25", "2023-24"
OFSTED = ("Outstanding", "Good", "Requires improvement", "Inadequate")
GAP_UNIT = "% difference between same group nationally"
GAP = "Reduce gap with same group nationally"
FOOD = "% of food businesses rated"
SICKNESS = "days per FTE"
USERS = "3,100 to 3,500 users"
NEIGHBOURS = "Better than statistical neighbours"
BOTH = "Below (better than) National average and Statistical Neighbours"


def metric(
    direction: Direction = NO_DIRECTION, unit: str = "%", **fields: object
) -> MetricRule:
    return MetricRule(direction=direction, unit=unit, **fields)  # type: ignore[arg-type]


def now(text: str, unit: str = "%", **fields: object) -> Observation:
    return Observation.from_text(THIS_YEAR, text, unit=unit, **fields)  # type: ignore[arg-type]


def then(text: str, unit: str = "%", **fields: object) -> Observation:
    return Observation.from_text(LAST_YEAR, text, unit=unit, **fields)  # type: ignore[arg-type]


def graded(period: str, text: str, scale: tuple[str, ...] | None = None) -> Observation:
    return Observation.from_text(period, text, unit="rating", scale=scale)


@dataclass(frozen=True)
class Case:
    """The inputs of one assess() call and what it must give.

    `code` is the progress code when `verdict` is a Progress, the target code when
    it is a TargetStatus; `phrase` must appear in that side's reason.
    """

    code: str
    verdict: Progress | TargetStatus
    phrase: str
    rule: MetricRule
    current: Observation | None
    previous: Observation | None = None
    target: TargetRule | None = None
    baseline: Observation | None = None
    comparator: Observation | None = None
    comparators: Mapping[str, Observation | None] | None = None
    earlier_comparator: Observation | None = None
    parts: Mapping[str, Observation | None] | None = None
    flagged: str | None = None  # a phrase one of the flags must carry
    marks: tuple[pytest.MarkDecorator, ...] = ()

    @property
    def is_progress(self) -> bool:
        return isinstance(self.verdict, Progress)


def rule(
    text: str, unit: str = "%", scale: tuple[str, ...] | None = None
) -> TargetRule:
    return parse_target(text, unit=unit, scale=scale)


# --- progress codes ----------------------------------------------------------------

PROGRESS_CASES: dict[str, Case] = {
    # Rule 1: no value for the period
    "no_value": Case(
        "no_value", Progress.NOT_AVAILABLE, "no value for 2024-25",
        metric(UP), None, then("88.2"),
    ),
    "value_older": Case(
        "value_older", Progress.NOT_AVAILABLE, "the latest is for 2023-24",
        metric(UP), Observation.from_text(LAST_YEAR, "88.2", unit="%"), None,
    ),
    "value_empty": Case(
        "value_empty", Progress.NOT_AVAILABLE, "(written 'N/A')",
        metric(UP), now("N/A"), then("88.2"),
    ),
    # Rule 2: cannot say
    "no_direction": Case(
        "no_direction", Progress.CANNOT_SAY, "the metric has no good direction",
        metric(), now("55"), then("50"), rule("95%"),
    ),
    "no_previous": Case(
        "no_previous", Progress.CANNOT_SAY, "no previous value",
        metric(UP), now("55"), None,
    ),
    "cannot_order": Case(
        "cannot_order", Progress.CANNOT_SAY,
        "'Female - 66.4 Male - 33.6' and 'Female - 66.8 Male - 33.2' cannot be "
        "ordered",
        metric(UP), now("Female - 66.8 Male - 33.2"), then("Female - 66.4 Male - 33.6"),
    ),
    # Rule 3: confidence intervals, given or derived
    "intervals_overlap": Case(
        "intervals_overlap", Progress.SIMILAR,
        "confidence intervals overlap (19 out of 41 [32.06–61.25] and 21 out of 43 "
        "[34.62–63.25], 95%)",
        metric(UP), now("21 out of 43"), then("19 out of 41"),
    ),
    "significant_better": Case(
        "significant_better", Progress.IMPROVED,
        "100 out of 1000 → 200 out of 1000 (up is good)",
        metric(UP), now("200 out of 1000"), then("100 out of 1000"),
    ),
    "significant_worse": Case(
        "significant_worse", Progress.GOT_WORSE, "72.2% → 65% (up is good)",
        metric(UP), now("65", lower_ci=D("63"), upper_ci=D("67")),
        then("72.2", lower_ci=D("70.0"), upper_ci=D("74.4")),
    ),
    # Rule 4: the change against the similarity band
    "unchanged": Case(
        "unchanged", Progress.SIMILAR, "unchanged at 88.2%",
        metric(UP), now("88.2"), then("88.2"),
    ),
    "unchanged-grade": Case(
        "unchanged", Progress.SIMILAR, "unchanged at Good",
        metric(unit="rating", scale=OFSTED), graded(THIS_YEAR, "Good", OFSTED),
        graded(LAST_YEAR, "Good", OFSTED),
    ),
    "within_band": Case(
        "within_band", Progress.SIMILAR, "within the similarity band of ±1",
        metric(UP, similarity_band=D(1)), now("88.9"), then("88.2"),
    ),
    "changed_better": Case(
        "changed_better", Progress.IMPROVED, "2310 → 2455 (up is good)",
        metric(unit="number"), now("2455", "number"), then("2310", "number"),
        rule("To increase", "number"),
    ),
    "changed_worse": Case(
        "changed_worse", Progress.GOT_WORSE, "8.1 → 9.2 (down is good)",
        metric(DOWN, SICKNESS), now("9.2", SICKNESS), then("8.1", SICKNESS),
    ),
    # Grades ordered on the metric's scale
    "grade_better": Case(
        "grade_better", Progress.IMPROVED,
        "Requires improvement → Good on the scale Outstanding, Good",
        metric(unit="rating", scale=OFSTED), graded(THIS_YEAR, "Good", OFSTED),
        graded(LAST_YEAR, "Requires improvement", OFSTED),
    ),
    "grade_worse": Case(
        "grade_worse", Progress.GOT_WORSE, "B → C on the scale A+, A, A-",
        metric(unit="rating"), graded(THIS_YEAR, "C"), graded(LAST_YEAR, "B"),
    ),
    # Rule 5: similar, but the level is already met or the value is at its best
    "target_already_achieved": Case(
        "target_already_achieved", Progress.IMPROVED,
        "Improved (target already achieved): 96% meets 95% or more",
        metric(UP), now("96"), then("96"), rule("95%"),
    ),
    "best_grade": Case(
        "best_grade", Progress.IMPROVED, "Outstanding is the best grade on the scale",
        metric(unit="rating", scale=OFSTED), graded(THIS_YEAR, "Outstanding", OFSTED),
        graded(LAST_YEAR, "Outstanding", OFSTED),
    ),
    "best_possible": Case(
        "best_possible", Progress.IMPROVED, "100% is the best possible value",
        metric(UP), now("100"), then("100"),
    ),
}  # fmt: skip

# --- target codes ------------------------------------------------------------------

TARGET_CASES: dict[str, Case] = {
    # No rule to test, or none that can be read
    "no_target": Case(
        "no_target", TargetStatus.NO_TARGET, "No target set",
        metric(UP), now("88.2"), then("87.0"), rule("None set"),
    ),
    "not_applicable": Case(
        "not_applicable", TargetStatus.NOT_APPLICABLE, "Target not applicable",
        metric(UP), now("88.2"), then("87.0"), rule("Target not applicable"),
    ),
    "unread": Case(
        "unread", TargetStatus.NO_TARGET, "the target '?3 days' could not be read",
        metric(DOWN, SICKNESS), now("2.5", SICKNESS), then("2.9", SICKNESS),
        rule("?3 days", SICKNESS), flagged="a symbol was lost",
    ),
    "no_current_value": Case(
        "no_current_value", TargetStatus.NOT_AVAILABLE,
        "no current value to test against '95%'",
        metric(UP), None, then("93"), rule("95%"),
    ),
    "not_a_number": Case(
        "not_a_number", TargetStatus.NOT_AVAILABLE,
        "'about the same' is not a number to test against '95%'",
        metric(UP), now("about the same"), then("93"), rule("95%"),
    ),
    # Directional
    "directional_met": Case(
        "directional_met", TargetStatus.ON_TARGET, "improved, as 'To increase' asks",
        metric(unit="number"), now("2455", "number"), then("2310", "number"),
        rule("To increase", "number"),
    ),
    "directional_missed": Case(
        "directional_missed", TargetStatus.OFF_TARGET,
        "got worse, but the target is 'To reduce'",
        metric(unit="number"), now("130", "number"), then("120", "number"),
        rule("To reduce", "number"),
    ),
    "directional_untestable": Case(
        "directional_untestable", TargetStatus.NOT_AVAILABLE,
        "progress is 'cannot say', so 'To increase' cannot be tested",
        metric(unit="number"), now("2455", "number"), None,
        rule("To increase", "number"),
    ),
    # Threshold
    "threshold_met": Case(
        "threshold_met", TargetStatus.ON_TARGET, "18 meets 20 or less",
        metric(unit="number"), now("18", "number"), then("21", "number"),
        rule("<=20", "number"),
    ),
    "threshold_missed": Case(
        "threshold_missed", TargetStatus.OFF_TARGET, "93% is below 95%",
        metric(UP), now("93"), then("92"), rule("95%"),
    ),
    "threshold_ambiguous": Case(
        "threshold_ambiguous", TargetStatus.NO_TARGET,
        "'95%' is ambiguous until the metric has a good direction",
        metric(), now("96"), then("94"), rule("95%"), flagged="floor or a ceiling",
    ),
    "threshold_in_line": Case(
        "threshold_in_line", TargetStatus.ON_TARGET, "3.8% is in line with 4%",
        metric(DOWN, similarity_band=D("0.5")), now("3.8"), then("4.4"),
        rule("In line with 4%"),
    ),
    "threshold_not_in_line": Case(
        "threshold_not_in_line", TargetStatus.OFF_TARGET,
        "5.1% is not in line with 4%",
        metric(DOWN, similarity_band=D("0.5")), now("5.1"), then("4.4"),
        rule("In line with 4%"),
    ),
    # A stored rule whose level was lost: no wording parses to one.
    "threshold_no_level": Case(
        "threshold_no_level", TargetStatus.NO_TARGET,
        "the target 'At least' has no level",
        metric(UP), now("96"), then("94"), TargetRule("At least", TargetKind.THRESHOLD),
        flagged="has no level",
    ),
    # Range
    "range_met": Case(
        "range_met", TargetStatus.ON_TARGET, "3287 is within the range 3100 to 3500",
        metric(unit="number"), now("3287", "number"), then("3040", "number"),
        rule(USERS, "number"),
    ),
    "range_missed": Case(
        "range_missed", TargetStatus.OFF_TARGET, "3631 is above the range 3100 to 3500",
        metric(unit="number"), now("3631", "number"), then("3287", "number"),
        rule(USERS, "number"),
    ),
    # A stored range whose high end was lost.
    "range_no_level": Case(
        "range_no_level", TargetStatus.NO_TARGET, "the range '3,100 to' has no ends",
        metric(unit="number"), now("3287", "number"), then("3040", "number"),
        TargetRule("3,100 to", TargetKind.RANGE, value=D(3100)),
        flagged="has no ends",
    ),
    # Relative change
    "change_met": Case(
        "change_met", TargetStatus.ON_TARGET, "a relative change of -10.0%",
        metric(unit="number"), now("180", "number"), then("200", "number"),
        rule("To reduce by 5%", "number"),
    ),
    "change_missed": Case(
        "change_missed", TargetStatus.OFF_TARGET,
        "195 is 5 below the baseline 200 (2023-24), a relative change of -2.5%; "
        "the target is 'To reduce by 5%'",
        metric(unit="number"), now("195", "number"), then("200", "number"),
        rule("To reduce by 5%", "number"),
    ),
    "change_ambiguous": Case(
        "change_ambiguous", TargetStatus.NO_TARGET,
        "'Improve by 2 percentage points' is ambiguous until the metric has a good "
        "direction",
        metric(), now("64"), then("61"), rule("Improve by 2 percentage points"),
        flagged="asks for an improvement",
    ),
    "change_no_baseline_named": Case(
        "change_no_baseline_named", TargetStatus.NOT_AVAILABLE,
        "'reduction of 35% by 2020' names no baseline period",
        metric(unit="tonnes"), now("1200", "tonnes"), then("1400", "tonnes"),
        rule("reduction of 35% by 2020", "tonnes"), flagged="due by 2020",
    ),
    "no_baseline": Case(
        "no_baseline", TargetStatus.NOT_AVAILABLE,
        "no baseline value for 2019-20 to test 'reduce by 10 from 2019/20'",
        metric(unit="number"), now("180", "number"), then("200", "number"),
        rule("reduce by 10 from 2019/20", "number"),
    ),
    "no_baseline-none-before": Case(
        "no_baseline", TargetStatus.NOT_AVAILABLE,
        "no baseline value for the baseline period to test 'To reduce by 5%'",
        metric(unit="number"), now("180", "number"), None,
        rule("To reduce by 5%", "number"),
    ),
    # A stored change whose amount was lost.
    "change_no_amount": Case(
        "change_no_amount", TargetStatus.NO_TARGET,
        "the target 'To reduce by' has no amount",
        metric(unit="number"), now("180", "number"), then("200", "number"),
        TargetRule("To reduce by", TargetKind.RELATIVE_CHANGE, aim="decrease"),
        flagged="has no amount",
    ),
    # Comparator
    "comparator_met": Case(
        "comparator_met", TargetStatus.ON_TARGET,
        "78% is above statistical neighbours (75%, 2024-25)",
        metric(UP), now("78"), then("74"), rule(NEIGHBOURS), comparator=now("75"),
    ),
    "comparator_missed": Case(
        "comparator_missed", TargetStatus.OFF_TARGET,
        "72% is below national average (75%, 2023-24, its latest figure; none yet "
        "for 2024-25)",
        metric(UP), now("72"), then("70"),
        rule("Equal to or better than national average"), comparator=then("75"),
    ),
    "comparator_ambiguous": Case(
        "comparator_ambiguous", TargetStatus.NO_TARGET,
        f"'{NEIGHBOURS}' is ambiguous until the metric has a good direction",
        metric(), now("78"), then("74"), rule(NEIGHBOURS), comparator=now("75"),
        flagged="needs a good direction",
    ),
    "no_comparator_figure": Case(
        "no_comparator_figure", TargetStatus.NOT_AVAILABLE,
        f"no figure for statistical neighbours to test '{NEIGHBOURS}'",
        metric(UP), now("78"), then("74"), rule(NEIGHBOURS),
    ),
    "comparators_met": Case(
        "comparators_met", TargetStatus.ON_TARGET,
        "10.5% is below national average (12.1%, 2024-25) and below statistical "
        "neighbours (11.4%, 2024-25)",
        metric(DOWN), now("10.5"), then("11.0"), rule(BOTH),
        comparators={"national average": now("12.1"),
                     "statistical neighbours": now("11.4")},
    ),
    "comparators_missed": Case(
        "comparators_missed", TargetStatus.OFF_TARGET,
        "needs every comparator to hold",
        metric(DOWN), now("11.8"), then("11.0"), rule(BOTH),
        comparators={"national average": now("12.1"),
                     "statistical neighbours": now("11.4")},
    ),
    "no_comparator_figure-several": Case(
        "no_comparator_figure", TargetStatus.NOT_AVAILABLE,
        f"no figure for statistical neighbours to test '{BOTH}'",
        metric(DOWN), now("10.5"), then("11.0"), rule(BOTH),
        comparators={"national average": now("12.1")},
    ),
    # A gap to close
    "gap_closed": Case(
        "gap_closed", TargetStatus.ON_TARGET,
        "the gap with same group nationally is closed: +2 percentage points",
        metric(UP, GAP_UNIT), now("2", GAP_UNIT), then("-4", GAP_UNIT),
        rule(GAP, GAP_UNIT),
    ),
    "gap_narrowed": Case(
        "gap_narrowed", TargetStatus.ON_TARGET,
        "narrowed from -5 percentage points to -3 percentage points",
        metric(UP, GAP_UNIT), now("-3", GAP_UNIT), then("-5", GAP_UNIT),
        rule(GAP, GAP_UNIT),
    ),
    "gap_unchanged": Case(
        "gap_unchanged", TargetStatus.OFF_TARGET,
        "the gap with same group nationally is unchanged at -5 percentage points",
        metric(UP, GAP_UNIT), now("-5", GAP_UNIT), then("-5", GAP_UNIT),
        rule(GAP, GAP_UNIT),
    ),
    "gap_widened": Case(
        "gap_widened", TargetStatus.OFF_TARGET,
        "widened from -2 percentage points to -6 percentage points",
        metric(UP, GAP_UNIT), now("-6", GAP_UNIT), then("-2", GAP_UNIT),
        rule(GAP, GAP_UNIT),
    ),
    "gap_no_earlier_value": Case(
        "gap_no_earlier_value", TargetStatus.NOT_AVAILABLE,
        "no earlier value to tell whether the gap with same group nationally "
        "narrowed",
        metric(UP, GAP_UNIT), now("-3", GAP_UNIT), None, rule(GAP, GAP_UNIT),
    ),
    "gap_no_earlier_comparator_figure": Case(
        "gap_no_earlier_comparator_figure", TargetStatus.NOT_AVAILABLE,
        "no figure for national average for 2023-24 to tell whether the gap narrowed",
        metric(UP), now("61"), then("58"), rule("Close the gap with national average"),
        comparator=now("65"),
    ),
    "gap_narrowed-with-comparator": Case(
        "gap_narrowed", TargetStatus.ON_TARGET,
        "the gap with national average narrowed from -6 percentage points to -4 "
        "percentage points (2023-24 to 2024-25)",
        metric(UP), now("61"), then("58"), rule("Close the gap with national average"),
        comparator=now("65"), earlier_comparator=then("64"),
    ),
    "no_comparator_figure-gap": Case(
        "no_comparator_figure", TargetStatus.NOT_AVAILABLE,
        "no figure for national average to test 'Close the gap with national "
        "average'",
        metric(UP), now("61"), then("58"), rule("Close the gap with national average"),
        earlier_comparator=then("64"),
    ),
    # A level for several parts together
    "parts_met": Case(
        "parts_met", TargetStatus.ON_TARGET,
        "A and B together: 100% is in line with 100% (A 71% (2024-25), B 29% "
        "(2024-25))",
        metric(UP, FOOD), now("100", FOOD), then("98", FOOD), rule("A&B = 100%", FOOD),
        parts={"A": now("71", FOOD), "B": now("29", FOOD)},
    ),
    "parts_missed": Case(
        "parts_missed", TargetStatus.OFF_TARGET,
        "A and B together: 96% is not in line with 100%",
        metric(UP, FOOD), now("96", FOOD), then("98", FOOD), rule("A&B = 100%", FOOD),
        parts={"A": now("70", FOOD), "B": now("26", FOOD)},
    ),
    "parts_not_given": Case(
        "parts_not_given", TargetStatus.NOT_AVAILABLE,
        "'A&B = 100%' is a level for A and B together, and their figures were not "
        "given",
        metric(UP, FOOD), now("96", FOOD), then("98", FOOD), rule("A&B = 100%", FOOD),
        flagged="needs their figures",
    ),
    "no_part_figure": Case(
        "no_part_figure", TargetStatus.NOT_AVAILABLE,
        "no figure for B to test 'A&B = 100%'",
        metric(UP, FOOD), now("96", FOOD), then("98", FOOD), rule("A&B = 100%", FOOD),
        parts={"A": now("70", FOOD), "B": None},
    ),
    # Grade
    "grade_met": Case(
        "grade_met", TargetStatus.ON_TARGET, "A meets B or better",
        metric(unit="rating"), graded(THIS_YEAR, "A"), graded(LAST_YEAR, "B"),
        rule("B or better", "rating"),
    ),
    "grade_missed": Case(
        "grade_missed", TargetStatus.OFF_TARGET, "C is below B",
        metric(unit="rating"), graded(THIS_YEAR, "C"), graded(LAST_YEAR, "C"),
        rule("B or better", "rating"),
    ),
    # A letter grade typed as the target of an Ofsted-graded metric.
    "grade_not_on_scale": Case(
        "grade_not_on_scale", TargetStatus.NO_TARGET,
        "'B or better' is not a grade on the metric's scale",
        metric(unit="rating", scale=OFSTED), graded(THIS_YEAR, "Good", OFSTED),
        graded(LAST_YEAR, "Good", OFSTED), rule("B or better", "rating"),
        flagged="not on the scale Outstanding, Good",
    ),
    "value_not_a_grade": Case(
        "value_not_a_grade", TargetStatus.NOT_AVAILABLE,
        "'72' is not a grade on the scale A+, A, A-",
        metric(unit="rating"), graded(THIS_YEAR, "72"), None,
        rule("B or better", "rating"),
    ),
}  # fmt: skip

# Rule 5 tests a level target as the target status does: with every comparator the
# target names and the parts it is for (it once saw only the first comparator).
RULE_5_CASES: dict[str, Case] = {
    "target_already_achieved-several-comparators": Case(
        "target_already_achieved", Progress.IMPROVED,
        "Improved (target already achieved): 10.5% is below national average",
        metric(DOWN), now("10.5"), then("10.5"), rule(BOTH),
        comparators={"national average": now("12.1"),
                     "statistical neighbours": now("11.4")},
    ),
    "target_already_achieved-parts": Case(
        "target_already_achieved", Progress.IMPROVED,
        "Improved (target already achieved): A and B together",
        metric(UP, FOOD), now("95", FOOD), then("95", FOOD),
        rule("A & B >= 90%", FOOD),
        parts={"A": now("60", FOOD), "B": now("35", FOOD)},
    ),
}  # fmt: skip

CASES: dict[str, Case] = {**PROGRESS_CASES, **TARGET_CASES, **RULE_5_CASES}


def run(case: Case) -> Assessment:
    return assess(
        metric=case.rule,
        period=THIS_YEAR,
        current=case.current,
        previous=case.previous,
        target=case.target,
        baseline=case.baseline,
        comparator=case.comparator,
        comparators=case.comparators,
        earlier_comparator=case.earlier_comparator,
        parts=case.parts,
    )


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=name, marks=case.marks) for name, case in CASES.items()],
)
def test_each_reason_code_with_its_verdict_and_words(case: Case) -> None:
    found = run(case)
    given: tuple[str, Progress | TargetStatus, str]
    if case.is_progress:
        given = (found.progress_code, found.progress, found.progress_reason)
    else:
        given = (found.target_code, found.target_status, found.target_reason)
    code, verdict, reason = given
    assert (code, verdict) == (case.code, case.verdict), reason
    assert case.phrase in reason, reason
    # The words begin with the verdict's label, so a reader sees it first.
    assert reason.startswith(verdict.label), reason
    if case.flagged is not None:
        assert any(case.flagged in flag for flag in found.flags), found.flags


# --- every code the engine can give is in the table -----------------------------------

# Keyword arguments and names that carry a reason code.
_CODE_NAMES = frozenset({"code", "progress_code", "target_code"})
# A regex over the source for the common form, as a cross-check of the parse below.
_CODE_KEYWORD = re.compile(
    r"\b(?:progress_|target_)?code=\"([a-z_]+)\""  # code="…" passed by keyword
    r"|^\s*(?:progress_|target_)?code(?:: str)? = \"([a-z_]+)\"",  # code = "…"
    re.MULTILINE,
)


def _strings(node: ast.expr, constants: Mapping[str, object]) -> set[str] | None:
    """Every string `node` can be: a literal, `a if c else b`, `x + y` of those, or a
    module constant. None when it cannot be read from the source alone."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body, constants), _strings(node.orelse, constants)
        return None if body is None or orelse is None else body | orelse
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _strings(node.left, constants), _strings(node.right, constants)
        if left is None or right is None:
            return None
        return {a + b for a, b in itertools.product(left, right)}
    if isinstance(node, ast.Name) and isinstance(constants.get(node.id), str):
        return {str(constants[node.id])}
    return None


def _code_positions(tree: ast.Module) -> dict[str, list[int]]:
    """Callable name → the position of its `code` parameter, for the engine's own
    functions (the progress `result` helper) and dataclasses (_TargetResult)."""
    positions: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [arg.arg for arg in node.args.posonlyargs + node.args.args]
        elif isinstance(node, ast.ClassDef):
            names = [
                item.target.id
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            ]
        else:
            continue
        found = [index for index, name in enumerate(names) if name in _CODE_NAMES]
        if found:
            positions[node.name] = found
    return positions


def _module_constants(tree: ast.Module) -> dict[str, object]:
    """The module's own string constants (`NAME = "…"`)."""
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _engine_codes() -> tuple[set[str], list[str]]:
    """The codes the engine can give, and what could not be read, from its source."""
    return _codes_in(inspect.getsource(assessment))


def _codes_in(source: str) -> tuple[set[str], list[str]]:
    """The reason codes `source` can give, and what in it could not be read."""
    tree = ast.parse(source)
    constants = _module_constants(tree)
    positions = _code_positions(tree)
    codes: set[str] = set()
    unresolved: list[str] = []

    def take(node: ast.expr | None, where: ast.AST) -> None:
        if node is None:
            return
        found = _strings(node, constants)
        if found is None:
            # A local variable named like a code is read where it is assigned, and
            # another result's code (`result.code`) was read where it was made.
            if isinstance(node, ast.Name) and node.id in _CODE_NAMES:
                return
            if isinstance(node, ast.Attribute) and node.attr in _CODE_NAMES:
                return
            line = getattr(where, "lineno", "?")
            unresolved.append(f"line {line}: {ast.unparse(node)}")
            return
        codes.update(found)

    def assignments(node: ast.AST) -> Iterator[tuple[ast.expr, ast.expr | None]]:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                yield target, node.value
        elif isinstance(node, ast.AnnAssign):
            yield node.target, node.value

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in _CODE_NAMES:
                    take(keyword.value, node)
            name = node.func.id if isinstance(node.func, ast.Name) else None
            for index in positions.get(name or "", []):
                if index < len(node.args):
                    take(node.args[index], node)
        for target, value in assignments(node):
            if isinstance(target, ast.Name) and (
                target.id in _CODE_NAMES or target.id.endswith("_CODE")
            ):
                take(value, node)
            elif isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                for part, part_value in zip(target.elts, value.elts, strict=False):
                    if isinstance(part, ast.Name) and part.id in _CODE_NAMES:
                        take(part_value, node)
    # The default of _TargetResult.code: every result passes its own code.
    codes.discard("")
    regex_codes = {one or other for one, other in _CODE_KEYWORD.findall(source)}
    missed_by_parse = regex_codes - codes
    if missed_by_parse:
        unresolved.append(f"found by the regex only: {sorted(missed_by_parse)}")
    return codes, unresolved


def test_every_code_the_engine_can_give_is_in_the_table() -> None:
    codes, unresolved = _engine_codes()
    assert not unresolved, "codes the test could not read from the source"
    covered = {case.code for case in CASES.values()}
    assert sorted(codes - covered) == [], "codes with no case in the table"
    assert sorted(covered - codes) == [], "cases for codes the engine no longer gives"


def test_the_source_reading_finds_the_progress_codes_given_positionally() -> None:
    # The progress codes are passed positionally (result(..., "no_value")) and two
    # pairs are built from parts ("significant_" + "better"), so a regex over
    # code="…" alone would miss them: the collector must see them.
    codes, _ = _engine_codes()
    assert {
        "no_value",
        "value_older",
        "significant_better",
        "significant_worse",
        "changed_better",
        "changed_worse",
        "best_possible",
        "gap_closed",
    } <= codes


def test_the_source_reading_finds_a_new_code_in_each_form_it_may_take() -> None:
    source = """
NEW_CODE = "from_a_constant"

@dataclass(frozen=True)
class _TargetResult:
    status: str
    reason: str
    code: str = ""

def _progress():
    def result(progress, reason, code, method="none"):
        ...
    result("improved", "Improved", "positional_in_result")
    result("improved", "Improved", ("left_" if x else "right_") + "joined")
    _TargetResult("on", "On target", "positional_in_dataclass")
    _TargetResult("on", "On target", code="a_keyword")
    _TargetResult("on", "On target", code="when_met" if met else "when_missed")
    _TargetResult("on", "On target", code=NEW_CODE)
    status, code = "off", "in_a_tuple"
    code = "assigned"
    _TargetResult(status, "Off target", code)
    _TargetResult("on", "On target", code=other.code)
    Assessment(progress_code="a_progress_keyword", target_code="a_target_keyword")
"""
    codes, unresolved = _codes_in(source)
    assert unresolved == []
    assert codes == {
        "from_a_constant",
        "positional_in_result",
        "left_joined",
        "right_joined",
        "positional_in_dataclass",
        "a_keyword",
        "when_met",
        "when_missed",
        "in_a_tuple",
        "assigned",
        "a_progress_keyword",
        "a_target_keyword",
    }
    # A code the source cannot say ahead of time is reported, not skipped.
    _, unresolved = _codes_in('_TargetResult("on", "On", code=f"x_{kind}")')
    assert unresolved == ["line 1: f'x_{kind}'"]
