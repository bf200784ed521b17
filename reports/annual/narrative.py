"""The commentary the report drafts for each priority and each directorate, by rule.

Pure functions of the report's frozen content (``reports.annual.content``): no
database, no language model. Each sentence is a ``Sentence``: its words, the rule
that wrote them, and every figure it cites (a metric's figure for a period with its
verdict, or a count of the report's), so a page links each sentence to its figures
and a test can check that every number in the words is the snapshot's figure.

The counts are those ``scorecard.domain.assessment.summarise`` made when the report
was generated (DESIGN.md section 2: *directional* is improved + similar + got
worse); nothing here counts verdicts again.

``figure_now`` reads a cited figure afresh from (another version of) the report,
and ``changed_figures`` says which figures of a sentence differ there: what flags a
signed-off sentence whose figures changed after it was signed off.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from scorecard.domain.periods import period_label

PRIORITY = "priority"
DIRECTORATE = "directorate"
SCOPES = (PRIORITY, DIRECTORATE)

# The rules, in the order their sentences are read.
RULE_DIRECTIONAL = "directional"
RULE_IMPROVEMENT = "largest_improvement"
RULE_TARGETS = "off_target"
RULE_RANKS = "ranks"
RULES = (RULE_DIRECTIONAL, RULE_IMPROVEMENT, RULE_TARGETS, RULE_RANKS)

# The counts the ranks sentence cites (kind "ranks"), each with what it counts.
RANKED = "ranked"
TOP_QUARTILE = "top_quartile"

THIS_YEAR = "this_year"
LAST_YEAR = "last_year"

# What a scope is called in a sentence about it.
_WHERE = {PRIORITY: "under this priority", DIRECTORATE: "in this directorate"}


class Figure(TypedDict, total=False):
    """A figure a sentence cites. ``kind`` "metric": ``code``, ``metric`` (its
    name), ``field`` ("current" or "previous"), ``period``, ``value`` (as the
    report writes it), ``verdict_kind`` ("progress" or "target_status") and
    ``verdict``. ``kind`` "count": ``scope``, ``key`` (the priority's or
    directorate's id), ``of`` (THIS_YEAR or LAST_YEAR), ``field`` (a count's
    name), ``period`` (the year counted), ``value`` (the count, as written) and
    ``label`` (what it counts). ``kind`` "rank": a metric's rank in the group
    shown for it (``code``, ``metric``, ``period``, ``value`` "3rd of 16",
    ``label`` the group's name). ``kind`` "ranks": a count of a priority's or
    directorate's ranked metrics (``scope``, ``key``, ``field`` RANKED or
    TOP_QUARTILE, ``period``, ``value``, ``label``), counted from the report's
    rows."""

    kind: str
    code: str
    metric: str
    field: str
    period: str
    value: str
    verdict_kind: str
    verdict: str
    scope: str
    key: int
    of: str
    label: str


class Sentence(TypedDict):
    rule: str
    text: str
    figures: list[Figure]


def period_shown(period: str) -> str:
    """A period as people read it ("2024-25" → "2024/25"): the product's one rule,
    scorecard.domain.periods.period_label."""
    return period_label(period)


def figure_shown(figure: Figure) -> str:
    """A cited figure as the page and the PDF write it beside its sentence:
    "Visits to libraries: 951,226 (2025/26)", "8 improved or similar"."""
    if figure["kind"] == "metric":
        shown = f"{figure['metric']}: {figure['value']}"
    elif figure["kind"] == "rank":
        shown = f"{figure['metric']}: {figure['value']} among {figure['label']}"
    else:
        shown = f"{figure['value']} {figure['label']}"
    if figure.get("period"):
        shown += f" ({period_shown(figure['period'])})"
    return shown


def _plural(count: int, singular: str, plural: str = "") -> str:
    return singular if count == 1 else (plural or f"{singular}s")


def _list(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _figure_text(row: dict[str, Any], field: str) -> str:
    value = str(row[f"{field}_value"])
    return f"{value}%" if row.get("unit") == "%" else value


# --------------------------------------------------------------------------------
# The report's figures, read one way for drafting and for re-reading
# --------------------------------------------------------------------------------


def scope_entry(content: dict[str, Any], scope: str, key: int) -> dict[str, Any] | None:
    """The priority (by id) or directorate (by id) of the report, or None."""
    entries = content.get("priorities" if scope == PRIORITY else "directorates", [])
    return next((e for e in entries if e.get("id") == key), None)


def scope_codes(scope: str, entry: dict[str, Any]) -> list[str]:
    """The headline metrics of a priority or directorate, as the report lists
    them."""
    if scope == DIRECTORATE:
        return list(entry["headline"])
    codes = [c for objective in entry["objectives"] for c in objective["metrics"]]
    return codes + list(entry["unplaced"])


def count_of(entry: dict[str, Any], of: str, field: str) -> int | None:
    """A count of a priority or directorate: this year's (its ``summary``) or
    last year's; ``off_target``, ``on_target`` and ``with_target`` (on or off
    target) from this year's target statuses. None when it was not counted."""
    summary = entry.get("summary") if of == THIS_YEAR else entry.get("last_year")
    if not summary:
        return None
    if field in ("off_target", "on_target"):
        return int(summary["target_status"][field])
    if field == "with_target":
        status = summary["target_status"]
        return int(status["on_target"]) + int(status["off_target"])
    value = summary.get(field)
    return None if value is None else int(value)


def _count(
    scope: str,
    entry: dict[str, Any],
    of: str,
    field: str,
    label: str,
    period: str,
) -> Figure:
    """A count of the report's, cited: ``period`` is the year counted (this
    report's period, or last year's)."""
    return Figure(
        kind="count",
        scope=scope,
        key=int(entry["id"]),
        of=of,
        field=field,
        period=period,
        value=str(count_of(entry, of, field)),
        label=label,
    )


def _year_counted(content: dict[str, Any], entry: dict[str, Any], of: str) -> str:
    if of == LAST_YEAR:
        return str(entry["last_year"]["year"])
    return str(content.get("period", ""))


def _metric(row: dict[str, Any], field: str, verdict_kind: str) -> Figure:
    return Figure(
        kind="metric",
        code=row["code"],
        metric=row["metric"],
        field=field,
        period=str(row[f"{field}_period"]),
        value=str(row[f"{field}_value"]),
        verdict_kind=verdict_kind,
        verdict=str(row[f"{verdict_kind}_shown"]),
    )


def _rank(row: dict[str, Any]) -> Figure:
    rank = row["rank"]
    return Figure(
        kind="rank",
        code=row["code"],
        metric=row["metric"],
        period=str(rank["period"]),
        value=str(rank["words"]),
        label=str(rank["group"]),
    )


def ranked_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with a rank in their group (an older snapshot's have none)."""
    return [row for row in rows if row.get("rank")]


def rank_count(rows: Sequence[dict[str, Any]], field: str) -> int:
    """How many rows are ranked (RANKED), or ranked in the top quarter of their
    group (TOP_QUARTILE)."""
    ranked = ranked_rows(rows)
    if field == TOP_QUARTILE:
        return sum(1 for row in ranked if row["rank"].get("quartile") == 1)
    return len(ranked)


def _ranks(
    scope: str,
    entry: dict[str, Any],
    rows: Sequence[dict[str, Any]],
    field: str,
    label: str,
    period: str,
) -> Figure:
    return Figure(
        kind="ranks",
        scope=scope,
        key=int(entry["id"]),
        field=field,
        period=period,
        value=str(rank_count(rows, field)),
        label=label,
    )


def figure_now(content: dict[str, Any], figure: Figure) -> Figure | None:
    """The same figure as ``content`` holds it (another version of the report,
    perhaps), or None when that report does not hold it at all."""
    if figure["kind"] == "rank":
        row = content.get("metrics", {}).get(figure["code"])
        return _rank(row) if row is not None and row.get("rank") else None
    if figure["kind"] == "ranks":
        found = scope_entry(content, figure["scope"], figure["key"])
        if found is None:
            return None
        metrics = content.get("metrics", {})
        rows = [metrics[c] for c in scope_codes(figure["scope"], found) if c in metrics]
        return _ranks(
            figure["scope"],
            found,
            rows,
            figure["field"],
            figure.get("label", ""),
            _year_counted(content, found, THIS_YEAR),
        )
    if figure["kind"] == "metric":
        row = content.get("metrics", {}).get(figure["code"])
        if row is None or row.get(f"{figure['field']}_value") is None:
            return None
        return _metric(row, figure["field"], figure["verdict_kind"])
    entry = scope_entry(content, figure["scope"], figure["key"])
    if entry is None or count_of(entry, figure["of"], figure["field"]) is None:
        return None
    return _count(
        figure["scope"],
        entry,
        figure["of"],
        figure["field"],
        figure.get("label", ""),
        _year_counted(content, entry, figure["of"]),
    )


def _same(cited: Figure, now: Figure | None) -> bool:
    if now is None:
        return False
    keys = ("period", "value", "verdict", "label")
    return all(cited.get(k, "") == now.get(k, "") for k in keys)


def changed_figures(
    content: dict[str, Any], sentence: Sentence
) -> list[tuple[Figure, Figure | None]]:
    """The figures of ``sentence`` that ``content`` holds otherwise (or not at
    all): (as cited, as now)."""
    found = []
    for figure in sentence["figures"]:
        now = figure_now(content, figure)
        if not _same(figure, now):
            found.append((figure, now))
    return found


# --------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------


def _directional(
    content: dict[str, Any], scope: str, entry: dict[str, Any]
) -> Sentence:
    summary = entry["summary"]
    total = int(summary["total"])
    directional = int(summary["directional"])
    better = int(summary["improved_or_similar"])

    def count(of: str, field: str, label: str) -> Figure:
        return _count(scope, entry, of, field, label, _year_counted(content, entry, of))

    if total == 0:
        return Sentence(
            rule=RULE_DIRECTIONAL,
            text=f"There are no headline metrics {_WHERE[scope]}.",
            figures=[],
        )
    if directional == 0:
        if total == 1:
            text = (
                "Its one headline metric has no direction of travel this year: "
                "there is no telling whether it improved, stayed the same or got "
                "worse."
            )
        elif total == 2:
            text = (
                "Neither of its two headline metrics has a direction of travel "
                "this year: there is no telling whether they improved, stayed the "
                "same or got worse."
            )
        else:
            text = (
                f"None of its {total} headline metrics has a direction of travel "
                "this year: there is no telling whether they improved, stayed the "
                "same or got worse."
            )
        return Sentence(
            rule=RULE_DIRECTIONAL,
            text=text,
            figures=[count(THIS_YEAR, "total", "headline metrics")],
        )
    figures = [
        count(THIS_YEAR, "improved_or_similar", "improved or stayed the same"),
        count(THIS_YEAR, "directional", "directional"),
    ]
    if directional == 1:
        text = "The one directional headline metric " + (
            "improved or stayed the same" if better else "got worse"
        )
    elif directional == 2 and better != 1:
        text = (
            "Both directional headline metrics improved or stayed the same"
            if better
            else "Neither directional headline metric improved or stayed the same"
        )
    elif better == directional:
        text = (
            f"All {directional} directional headline metrics improved or stayed "
            "the same"
        )
    elif better == 0:
        text = (
            f"None of the {directional} directional headline metrics improved or "
            "stayed the same"
        )
    else:
        text = (
            f"{better} of {directional} directional headline metrics improved or "
            "stayed the same"
        )
    last = entry.get("last_year")
    if last is None:
        text += "; there is no earlier report year to compare with."
    elif int(last["directional"]) == 0:
        text += f"; last year ({period_shown(last['year'])}) none was directional."
        figures.append(count(LAST_YEAR, "directional", "directional last year"))
    else:
        text += (
            f", compared with {last['improved_or_similar']} of "
            f"{last['directional']} last year ({period_shown(last['year'])})."
        )
        figures += [
            count(
                LAST_YEAR,
                "improved_or_similar",
                "improved or stayed the same last year",
            ),
            count(LAST_YEAR, "directional", "directional last year"),
        ]
    return Sentence(rule=RULE_DIRECTIONAL, text=text, figures=figures)


def _number(text: str | None) -> Decimal | None:
    try:
        return None if text is None else Decimal(text)
    except InvalidOperation:
        return None


def relative_change(row: dict[str, Any]) -> Decimal | None:
    """How far a metric moved, as a share of its previous figure (how the
    largest improvement is chosen); None without two figures, or from zero."""
    before, after = (
        _number(row.get("previous_number")),
        _number(row.get("current_number")),
    )
    if before is None or after is None or before == 0:
        return None
    return abs(after - before) / abs(before)


def _improvement(rows: list[dict[str, Any]]) -> Sentence | None:
    improved = [r for r in rows if r["progress_shown"] == "improved"]
    ranked = [
        (change, index, row)
        for index, row in enumerate(improved)
        if (change := relative_change(row)) is not None and change > 0
    ]
    if not ranked:
        return None
    # The largest move as a share of where it started; the report's order
    # breaks a tie.
    _, _, row = max(ranked, key=lambda item: (item[0], -item[1]))
    opening = (
        f"The one metric that improved was {row['metric']}"
        if len(improved) == 1
        else f"The largest improvement was in {row['metric']}"
    )
    text = (
        f"{opening}, from {_figure_text(row, 'previous')} in "
        f"{period_shown(row['previous_period'])} to {_figure_text(row, 'current')} "
        f"in {period_shown(row['current_period'])}."
    )
    return Sentence(
        rule=RULE_IMPROVEMENT,
        text=text,
        figures=[
            _metric(row, "previous", "progress"),
            _metric(row, "current", "progress"),
        ],
    )


def _targets(
    content: dict[str, Any],
    scope: str,
    entry: dict[str, Any],
    rows: list[dict[str, Any]],
) -> Sentence | None:
    if not rows:
        return None
    with_target = count_of(entry, THIS_YEAR, "with_target") or 0
    period = _year_counted(content, entry, THIS_YEAR)
    with_figure = _count(
        scope, entry, THIS_YEAR, "with_target", "with a target", period
    )
    if with_target == 0:
        return Sentence(
            rule=RULE_TARGETS,
            text="None of its headline metrics had a target to test this year.",
            figures=[with_figure],
        )
    off = [r for r in rows if r["target_status_shown"] == "off_target"]
    off_figure = _count(scope, entry, THIS_YEAR, "off_target", "off target", period)
    cited = [_metric(r, "current", "target_status") for r in off]
    names = _list([r["metric"] for r in off])
    if not off:
        if with_target == 1:
            text = "The one headline metric with a target is on target."
        elif with_target == 2:
            text = "Both headline metrics with a target are on target."
        else:
            text = f"All {with_target} headline metrics with a target are on target."
    elif with_target == 1:
        text = f"The one headline metric with a target is off target: {names}."
    elif len(off) == with_target:
        text = (
            f"{'Both' if with_target == 2 else f'All {with_target}'} headline "
            f"metrics with a target are off target: {names}."
        )
    else:
        text = (
            f"{len(off)} of the {with_target} headline metrics with a target "
            f"{_plural(len(off), 'is', 'are')} off target: {names}."
        )
    return Sentence(
        rule=RULE_TARGETS, text=text, figures=[off_figure, with_figure, *cited]
    )


# A quartile in words (1 is the best quarter of the group).
_QUARTERS = {1: "top", 2: "second", 3: "third", 4: "bottom"}


def _placing(row: dict[str, Any]) -> tuple[float, int]:
    """How high a rank places a metric in its group: its share of the way down
    (3rd of 16 is 0.1875), the lower the better."""
    rank = row["rank"]
    return int(rank["position"]) / max(int(rank["out_of"]), 1), int(rank["position"])


def _ranks_sentence(
    content: dict[str, Any],
    scope: str,
    entry: dict[str, Any],
    rows: list[dict[str, Any]],
) -> Sentence | None:
    """Where the headline metrics stand in their comparator groups: how many are
    ranked, how many in the top quartile, and the best placed (the highest share
    of its group below it; the report's order breaks a tie)."""
    ranked = ranked_rows(rows)
    if not ranked:
        return None
    period = _year_counted(content, entry, THIS_YEAR)
    total = len(ranked)
    top = rank_count(rows, TOP_QUARTILE)
    _, _, best = min(
        ((_placing(row), index, row) for index, row in enumerate(ranked)),
        key=lambda item: (item[0], item[1]),
    )
    rank = best["rank"]
    placed = f"{best['metric']}, {rank['words']} among {rank['group']}"
    counted = _ranks(scope, entry, rows, RANKED, "ranked in a group", period)
    in_top = _ranks(scope, entry, rows, TOP_QUARTILE, "in the top quartile", period)
    if total == 1:
        quarter = _QUARTERS.get(rank.get("quartile") or 0, "")
        quarter = f", in the {quarter} quartile" if quarter else ""
        text = (
            "The one headline metric ranked against a comparator group is "
            f"{placed}{quarter}."
        )
        return Sentence(rule=RULE_RANKS, text=text, figures=[_rank(best)])
    if top == 0:
        how_many = "none is in the top quartile"
    elif top == total:
        how_many = f"all {top} are in the top quartile"
    else:
        how_many = f"{top} {_plural(top, 'is', 'are')} in the top quartile"
    text = (
        f"Of the {total} headline metrics ranked against their comparator groups, "
        f"{how_many}; the best placed is {placed}."
    )
    return Sentence(rule=RULE_RANKS, text=text, figures=[counted, in_top, _rank(best)])


def draft(content: dict[str, Any], scope: str, entry: dict[str, Any]) -> list[Sentence]:
    """The drafted commentary for a priority or directorate of the report, a
    sentence per rule that has something to say."""
    if scope not in SCOPES:
        raise ValueError(f"No commentary for {scope!r}.")
    rows = [content["metrics"][c] for c in scope_codes(scope, entry)]
    sentences = [
        _directional(content, scope, entry),
        _improvement(rows),
        _targets(content, scope, entry, rows),
        _ranks_sentence(content, scope, entry, rows),
    ]
    return [s for s in sentences if s is not None]
