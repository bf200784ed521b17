"""The annual report's content, read from the database once and frozen as plain data.

``report_content`` returns a JSON-ready dict: the snapshot a published report is
read from ever after, whatever happens to the data. Every figure comes from the
assessment selectors the dashboards use, so the report and the dashboards agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from coventry_pm.accounts.models import Directorate
from reports.annual import svg
from scorecard import charts
from scorecard.benchmarking import shown_standings
from scorecard.domain.aggregation import PeriodFigure, ratio_scale, year_figures
from scorecard.domain.assessment import summarise
from scorecard.domain.periods import ANNUAL, Period, period_label
from scorecard.domain.standings import ordinal
from scorecard.domain.vocabulary import Progress, TargetStatus
from scorecard.models import (
    ComparatorValue,
    HeadlineMembership,
    Metric,
    MetricValue,
    Standing,
)
from scorecard.selectors import (
    HeadlineSummary,
    MetricAssessment,
    headline_summary,
    inequalities,
    metric_assessments,
)
from strategies.models import CaseStudy, Plan
from strategies.selectors import plan_tree

ProgressCallback = Callable[[int, str], None]

# Dimensions that are places; every other breakdown is a group of people
# (the Equality Act's protected characteristics and the like).
AREA_DIMENSIONS = {"ward", "area", "locality", "neighbourhood", "lsoa", "msoa"}
TREND_POINTS = 12
CASE_STUDIES_PER_PRIORITY = 3
# Where the report lists metrics with no team (so no directorate); its id in the
# directorate pages' addresses.
NO_DIRECTORATE = "No directorate"
NO_DIRECTORATE_ID = 0
# The snapshot's shape: 2 added the views by directorate, the metric rows'
# numbers and the drafted commentary; 3 the metric rows' rank in their group.
SCHEMA = 3


def split_period(period: str) -> tuple[str, str]:
    """("2025-26", "") for a year, ("2025-26", "H1") for a half year. Raises
    ValueError for anything else."""
    parsed = Period.parse(period)
    text = str(parsed)
    if text == str(parsed.year()):
        return text, ""
    half = text.removeprefix(str(parsed.year())).strip()
    if half not in ("H1", "H2"):
        raise ValueError(f"{period} is not a year or a half year.")
    return str(parsed.year()), half


def _text(value: Decimal | None) -> str | None:
    """A figure as the tables print it: "1,163", "7.16"."""
    return None if value is None else format(value.normalize(), ",f")


def _number(value: Decimal | None) -> str | None:
    """A figure's number, exactly, for the rules that compare figures (JSON holds
    no decimals): "1000", "7.16"."""
    return None if value is None else format(value.normalize(), "f")


def rank_of(standing: Standing | None) -> dict[str, Any] | None:
    """Where the metric stands in the group shown for it (``shown_standings``), as
    the report's tables print it: "3rd of 16", "joint 2nd of 9", with the group
    and its version; None when it has no standing or is not ranked (no good
    direction, no home figure)."""
    if standing is None or standing.rank is None or not standing.out_of:
        return None
    joint = "joint " if standing.joint else ""
    return {
        "position": standing.rank,
        "out_of": standing.out_of,
        "joint": standing.joint,
        "quartile": standing.quartile,
        "words": f"{joint}{ordinal(standing.rank)} of {standing.out_of}",
        "group": standing.group.name,
        "version": standing.version.label,
        "period": standing.period,
    }


def ranks_of(metrics: Iterable[Metric], period: str) -> dict[int, dict[str, Any]]:
    """metric id → its rank for the report's period (``rank_of``), for the metrics
    ranked: three queries whatever the number of metrics."""
    found = shown_standings(list(metrics), period)
    return {
        metric_id: rank
        for metric_id, standing in found.items()
        if (rank := rank_of(standing)) is not None
    }


def metric_row(
    row: MetricAssessment, rank: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One metric as the report's tables show it; ``rank`` is ``rank_of``'s."""
    metric = row.metric
    return {
        "code": metric.code,
        "metric": metric.name,
        "unit": metric.unit,
        "perspective": metric.get_perspective_display(),
        "previous_period": row.previous.period if row.previous else None,
        "previous_value": row.previous.value_text if row.previous else None,
        "previous_number": _number(row.previous.value_number) if row.previous else None,
        "current_period": row.current.period if row.current else None,
        "current_value": row.current.value_text if row.current else None,
        "current_number": _number(row.current.value_number) if row.current else None,
        "comparator": row.comparator.comparator.name if row.comparator else None,
        "comparator_value": row.comparator.value_text if row.comparator else None,
        "comparator_period": row.comparator.period if row.comparator else None,
        "progress": row.progress.value,
        "progress_recorded": row.progress_recorded.value
        if row.progress_recorded
        else None,
        "progress_shown": row.progress_shown.value,
        "target": row.target.text if row.target else "",
        "target_status": row.target_status.value,
        "target_status_recorded": row.target_status_recorded.value
        if row.target_status_recorded
        else None,
        "target_status_shown": row.target_status_shown.value,
        "disagrees": row.disagrees,
        # The extra readings stored with the verdict (recent trend, variation).
        "trend": row.trend,
        "variation": row.variation,
        # Where it stands in the group shown for it (None: not ranked).
        "rank": rank,
    }


def counts(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The headline counts of DESIGN.md section 2 (``Summary.as_dict``) for rows of
    ``metric_row``, with the target statuses beside them."""
    rows = list(rows)
    status = Counter(r["target_status_shown"] for r in rows)
    return {
        **summarise(r["progress_shown"] for r in rows).as_dict(),
        "target_status": {t.value: status[t] for t in TargetStatus},
    }


def _chart_periods(
    periods: Iterable[str], frequency: str, cut_off: dt.date
) -> list[str]:
    """The periods a report's trend shows: the years where there are at least two
    year figures (an annual report compares years), else the metric's own periods;
    none after the report's period; the last TREND_POINTS of them."""
    known = sorted(
        (Period.parse(p) for p in periods if Period.parse(p).end_date() <= cut_off),
        key=lambda p: p.end_date(),
    )
    years = [p for p in known if p.frequency == ANNUAL]
    own = [p for p in known if p.frequency == frequency]
    chosen = years if len(years) >= 2 else own or known
    return [str(p) for p in chosen][-TREND_POINTS:]


def _trend(
    metric: Metric,
    place: dict[str, PeriodFigure],
    comparators: dict[str, dict[str, Decimal | None]],
    cut_off: dt.date,
) -> dict[str, Any]:
    """A metric's trend chart and table, what its lines are in words, and for a
    quarterly or monthly metric with yearly comparators a second chart of its
    yearly figure (``Metric.year_aggregation``) beside them: a comparator is drawn
    at its own periods only. No figures: no chart, ``empty`` says so."""
    periods = _chart_periods(place, metric.frequency, cut_off)
    numbers = [place[p].value for p in periods]
    if not any(v is not None for v in numbers):
        return {
            "periods": [],
            "series": [],
            "svg": "",
            "description": "",
            "empty": charts.NO_FIGURES,
            "year": None,
        }
    frequencies = {Period.parse(p).frequency for p in periods}
    frequency = frequencies.pop() if len(frequencies) == 1 else metric.frequency
    series: list[dict[str, Any]] = [
        {"name": "Coventry", "values": [_text(v) for v in numbers]}
    ]
    lines = [svg.Line("Coventry", [svg.as_float(v) for v in numbers])]
    yearly: dict[str, dict[str, Decimal | None]] = {}
    for name, by_period in comparators.items():
        # Only a figure of the very period drawn: never a year beside a quarter.
        values = [by_period.get(p) for p in periods]
        if any(v is not None for v in values):
            series.append({"name": name, "values": [_text(v) for v in values]})
            lines.append(svg.Line(name, [svg.as_float(v) for v in values]))
        if frequency != ANNUAL:
            years: dict[str, Decimal | None] = {
                p: v
                for p, v in by_period.items()
                if v is not None
                and Period.parse(p).frequency == ANNUAL
                and Period.parse(p).end_date() <= cut_off
            }
            if years:
                yearly[name] = years
    title = f"{metric.name}: trend" + (f" ({metric.unit})" if metric.unit else "")
    drawn = {s["name"] for s in series[1:]}
    description = charts.describe_lines(
        place="Coventry",
        frequency=frequency,
        periods=periods,
        comparators=[s["name"] for s in series[1:]],
        elsewhere=[name for name in yearly if name not in drawn],
        next_chart="the next chart",
    )
    known = [(p, v) for p, v in zip(periods, numbers, strict=True) if v is not None]
    last_period, last_value = known[-1]
    latest = f" The latest is {_text(last_value)} in {period_label(last_period)}."
    return {
        "periods": periods,
        "series": series,
        "svg": svg.line_chart(
            title=title,
            unit=metric.unit,
            periods=periods,
            lines=lines,
            description=description + latest,
        ),
        "description": description,
        "empty": "",
        "year": _year_trend(metric, place, yearly, frequency, cut_off)
        if yearly
        else None,
    }


def _year_trend(
    metric: Metric,
    place: dict[str, PeriodFigure],
    yearly: dict[str, dict[str, Decimal | None]],
    frequency: str,
    cut_off: dt.date,
) -> dict[str, Any]:
    """A quarterly or monthly metric's yearly figure beside its yearly comparators."""
    aggregation = metric.year_aggregation or metric.default_year_aggregation
    figures = dict(
        year_figures(
            aggregation,
            [f for p, f in place.items() if Period.parse(p).end_date() <= cut_off],
            frequency=frequency,
            scale=ratio_scale(metric.unit),
        )
    )
    years = sorted(
        {*figures, *(p for by_year in yearly.values() for p in by_year)},
        key=lambda p: Period.parse(p).end_date(),
    )[-TREND_POINTS:]
    numbers = [figures[y].value if y in figures else None for y in years]
    name = "Coventry (yearly figure)"
    series = [{"name": name, "values": [_text(v) for v in numbers]}]
    lines = [svg.Line(name, [svg.as_float(v) for v in numbers])]
    for comparator, by_year in yearly.items():
        values = [by_year.get(y) for y in years]
        series.append({"name": comparator, "values": [_text(v) for v in values]})
        lines.append(svg.Line(comparator, [svg.as_float(v) for v in values]))
    description = charts.describe_year(
        place="Coventry",
        aggregation=aggregation,
        frequency=frequency,
        years=[y for y, v in zip(years, numbers, strict=True) if v is not None],
        comparators=list(yearly),
        published=any(
            Period.parse(p).frequency == ANNUAL and f.value is not None
            for p, f in place.items()
        ),
    )
    notes = [
        f"{period_label(y)}: no yearly figure. {figures[y].reason}"
        for y in years
        if y in figures and figures[y].value is None
    ]
    title = f"{metric.name}: yearly figure beside the comparators" + (
        f" ({metric.unit})" if metric.unit else ""
    )
    return {
        "periods": years,
        "series": series,
        "svg": svg.line_chart(
            title=title,
            unit=metric.unit,
            periods=years,
            lines=lines,
            description=description,
        ),
        "description": description,
        "notes": notes,
        "yearly": True,
    }


def _trends(metrics: list[Metric], cut_off: dt.date) -> dict[str, dict[str, Any]]:
    """Each metric's trend chart and its table, from two queries."""
    ids = [m.pk for m in metrics]
    place: dict[int, dict[str, PeriodFigure]] = defaultdict(dict)
    for metric_id, period, number, numerator, denominator in (
        MetricValue.objects.filter(
            metric_id__in=ids, breakdown="", approval=MetricValue.Approval.APPROVED
        )
        .order_by("metric_id", "period", "revision")
        .values_list("metric_id", "period", "value_number", "numerator", "denominator")
    ):
        # The latest revision wins.
        place[metric_id][period] = PeriodFigure(period, number, numerator, denominator)
    comparators: dict[int, dict[str, dict[str, Decimal | None]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for metric_id, name, period, number in (
        ComparatorValue.objects.filter(metric_id__in=ids, withdrawn_at__isnull=True)
        .order_by(
            "metric_id", "comparator__kind", "comparator__name", "period", "revision"
        )
        .values_list("metric_id", "comparator__name", "period", "value_number")
    ):
        comparators[metric_id][name][period] = number
    return {m.code: _trend(m, place[m.pk], comparators[m.pk], cut_off) for m in metrics}


def _history(summary: HeadlineSummary) -> list[dict[str, Any]]:
    """Each report year's share of directional metrics improved or similar."""
    return [
        {
            "year": y,
            "directional_pct": s.directional_pct,
            "improved_or_similar": s.improved_or_similar,
            "directional": s.directional,
        }
        for y, s in [*summary.earlier, (summary.year, summary.summary)]
    ]


def _history_chart(years: list[dict[str, Any]]) -> str:
    bars = [
        (
            y["year"].replace("-", "/"),
            y["directional_pct"],
            f"{y['directional_pct']}% ({y['improved_or_similar']}/{y['directional']})"
            if y["directional_pct"] is not None
            else "no directional metrics",
        )
        for y in years
    ]
    return svg.bar_chart(
        title="Directional metrics that improved or stayed the same, by year",
        bars=bars,
        description="; ".join(f"{label}: {written}" for label, _, written in bars)
        + ".",
    )


def _case_study(case: CaseStudy) -> dict[str, Any]:
    return {
        "title": case.title,
        "summary": case.summary,
        "body": case.body,
        "date": case.date.isoformat(),
    }


def _inequality_rows(
    metrics: list[Metric], year: str
) -> dict[str, list[dict[str, Any]]]:
    """Breakdowns by groups of people (protected characteristics and the like) and
    by area, each group's figure best first."""
    found: dict[str, list[dict[str, Any]]] = {"people": [], "areas": []}
    for item in inequalities(metrics, year=year):
        kind = "areas" if item.dimension.casefold() in AREA_DIMENSIONS else "people"
        found[kind].append(
            {
                "code": item.metric.code,
                "metric": item.metric.name,
                "unit": item.metric.unit,
                "dimension": item.dimension,
                "period": item.period,
                "groups": [
                    {"group": g.breakdown_group, "value": g.value_text}
                    for g in item.groups
                ],
                "best": item.best.breakdown_group,
                "worst": item.worst.breakdown_group,
                "gap": _text(item.gap),
            }
        )
    return found


def _directorate_of(metric: Metric) -> Directorate | None:
    team = metric.team
    return team.service.directorate if team is not None else None


def _directorate_key(metric: Metric) -> int:
    directorate = _directorate_of(metric)
    return directorate.pk if directorate else NO_DIRECTORATE_ID


class _LastYear:
    """The previous report year's headline verdicts (progress shown), each with
    its membership, to count for any part of the report."""

    def __init__(
        self, year: str, shown: list[tuple[HeadlineMembership, Progress]]
    ) -> None:
        self.year = year
        self.shown = shown

    def summary(
        self, group_of: Callable[[HeadlineMembership], object], group: object
    ) -> dict[str, Any] | None:
        """The counts of the previous year's headline metrics whose ``group_of``
        is ``group``, with the year; None when there was no previous report
        year."""
        if not self.year:
            return None
        counted = summarise(p for m, p in self.shown if group_of(m) == group)
        return {"year": self.year, **counted.as_dict()}


def _last_year(*, plan: Plan, year: str, half: str) -> _LastYear:
    """The plan's previous report year's headline verdicts, from the same
    selector as this year's (so the counts agree with the report's history)."""
    previous = str(Period.parse(year).previous())
    memberships = list(
        HeadlineMembership.objects.filter(plan=plan, report_year=previous)
        .select_related("metric__team__service__directorate")
        .order_by("sort_order", "metric__code")
    )
    if not memberships:
        return _LastYear("", [])
    by_metric = {m.metric_id: m for m in memberships}
    rows = metric_assessments(
        metrics=[m.metric for m in memberships],
        year=previous,
        plan=plan,
        up_to=f"{previous} {half}" if half else None,
    )
    return _LastYear(
        previous, [(by_metric[r.metric.pk], r.progress_shown) for r in rows]
    )


def _directorates(
    *,
    headline: list[Metric],
    wider: list[Metric],
    rows: dict[str, dict[str, Any]],
    wider_rows: list[dict[str, Any]],
    last_year: _LastYear,
) -> list[dict[str, Any]]:
    """The report read by directorate: each directorate's headline and wider
    metrics (codes of the rows the report already holds, never a copy of them),
    their counts and last year's. By name, with "No directorate" last for
    metrics with no team."""
    found: dict[int, Directorate | None] = {}
    codes: dict[int, dict[str, list[str]]] = defaultdict(
        lambda: {"headline": [], "wider": []}
    )
    for kind, metrics in (("headline", headline), ("wider", wider)):
        for metric in metrics:
            key = _directorate_key(metric)
            found[key] = _directorate_of(metric)
            codes[key][kind].append(metric.code)
    wider_by_code = {r["code"]: r for r in wider_rows}
    ordered = sorted(
        found.items(),
        key=lambda item: (item[1] is None, item[1].name if item[1] else ""),
    )
    result = []
    for key, directorate in ordered:
        director = directorate.director if directorate else None
        result.append(
            {
                "id": key,
                "name": directorate.name if directorate else NO_DIRECTORATE,
                "director": str(director) if director else "",
                "headline": codes[key]["headline"],
                "wider": codes[key]["wider"],
                "summary": counts(rows[c] for c in codes[key]["headline"]),
                "wider_summary": counts(wider_by_code[c] for c in codes[key]["wider"]),
                "last_year": last_year.summary(
                    lambda m: _directorate_key(m.metric), key
                ),
            }
        )
    return result


def report_content(
    *, plan: Plan, period: str, progress: ProgressCallback
) -> dict[str, Any]:
    """The whole report for a plan and a period ("2025-26" or "2025-26 H1")."""
    year, half = split_period(period)
    up_to = period if half else None
    cut_off = Period.parse(period).end_date()
    progress(5, "Assessing the headline metrics")
    memberships = list(
        HeadlineMembership.objects.filter(plan=plan, report_year=year)
        .select_related(
            "metric__team__service__directorate__director", "priority", "objective"
        )
        .order_by("sort_order", "metric__code")
    )
    headline = headline_summary(plan=plan, year=year, half=half)
    ranks = ranks_of([r.metric for r in headline.rows], period)
    rows_by_code = {
        r.metric.code: metric_row(r, ranks.get(r.metric.pk)) for r in headline.rows
    }
    summary = counts(rows_by_code.values())
    history = _history(headline)

    progress(15, "Assessing the wider basket")
    headline_ids = {m.metric_id for m in memberships}
    wider_metrics = list(
        Metric.objects.filter(status=Metric.Status.AGREED)
        .exclude(pk__in=headline_ids)
        .select_related("team__service__directorate__director")
        .order_by("code")
    )
    wider_ranks = ranks_of(wider_metrics, period)
    wider_rows = [
        metric_row(r, wider_ranks.get(r.metric.pk))
        for r in metric_assessments(
            metrics=wider_metrics, year=year, plan=plan, up_to=up_to
        )
    ]

    progress(20, "Counting last year's verdicts")
    last_year = _last_year(plan=plan, year=year, half=half)

    progress(25, "Drawing the trend charts")
    charts = _trends([m.metric for m in memberships], cut_off)

    progress(65, "Writing the priorities")
    case_studies = CaseStudy.objects.filter(
        is_published=True, date__lte=cut_off
    ).prefetch_related("priorities", "metrics")
    priorities = []
    priority_ids = set()
    for number, priority in enumerate(plan_tree(plan), start=1):
        priority_ids.add(priority.pk)
        in_priority = [m for m in memberships if m.priority_id == priority.pk]
        objectives = []
        for objective in priority.objectives.all():
            objectives.append(
                {
                    "title": objective.title,
                    "narrative": objective.narrative,
                    "metrics": [
                        m.metric.code
                        for m in in_priority
                        if m.objective_id == objective.pk
                    ],
                }
            )
        unplaced = [
            m.metric.code
            for m in in_priority
            if m.objective_id is None
            or all(m.metric.code not in o["metrics"] for o in objectives)
        ]
        codes = {m.metric.code for m in in_priority}
        cases = [
            c
            for c in case_studies
            if priority in c.priorities.all()
            or any(metric.code in codes for metric in c.metrics.all())
        ]
        cases.sort(key=lambda c: c.date, reverse=True)
        priorities.append(
            {
                "number": number,
                "id": priority.pk,
                "title": priority.title,
                "kind": priority.get_kind_display(),
                "narrative": priority.narrative,
                "objectives": objectives,
                "unplaced": unplaced,
                "summary": counts(rows_by_code[c] for c in codes),
                "last_year": last_year.summary(lambda m: m.priority_id, priority.pk),
                "case_studies": [
                    _case_study(c) for c in cases[:CASE_STUDIES_PER_PRIORITY]
                ],
            }
        )

    placed = {m.metric.code for m in memberships if m.priority_id in priority_ids}
    unassigned = [m.metric.code for m in memberships if m.metric.code not in placed]

    progress(68, "Grouping the metrics by directorate")
    directorates = _directorates(
        headline=[m.metric for m in memberships],
        wider=wider_metrics,
        rows=rows_by_code,
        wider_rows=wider_rows,
        last_year=last_year,
    )

    progress(70, "Reading the inequalities")
    breakdown_metrics = [m.metric for m in memberships] + wider_metrics
    inequality_rows = _inequality_rows(breakdown_metrics, year)
    target_counts = Counter(r["target_status_shown"] for r in rows_by_code.values())
    return {
        "schema": SCHEMA,
        "plan": {"name": plan.name, "period": plan.period, "version": plan.version},
        "period": period,
        "year": year,
        "half": half,
        "generated_at": timezone.now().isoformat(),
        "summary": summary,
        "sentence": headline.sentence,
        "history": history,
        "history_chart": _history_chart(history),
        "on_target": target_counts[TargetStatus.ON_TARGET],
        "with_target": sum(
            target_counts[t] for t in (TargetStatus.ON_TARGET, TargetStatus.OFF_TARGET)
        ),
        "priorities": priorities,
        "unassigned": unassigned,
        "directorates": directorates,
        "metrics": rows_by_code,
        "charts": charts,
        "inequalities": inequality_rows,
        "wider_basket": wider_rows,
        "wider_summary": counts(wider_rows),
    }


def has_ranks(rows: Iterable[dict[str, Any]]) -> bool:
    """Whether any row of a table has a rank: a table prints its rank column only
    then (an older snapshot's rows have none; nothing empty is printed)."""
    return any(row.get("rank") for row in rows)


def headline_codes_in_tables(content: dict[str, Any]) -> list[str]:
    """Every headline metric the report's priority tables list, once each."""
    seen: list[str] = []
    for priority in content["priorities"]:
        for objective in priority["objectives"]:
            seen.extend(objective["metrics"])
        seen.extend(priority["unplaced"])
    seen.extend(content["unassigned"])
    return seen


def metrics_for_priority(
    content: dict[str, Any], priority: dict[str, Any]
) -> list[tuple[dict[str, Any] | None, list[dict[str, Any]]]]:
    """(objective or None, its metric rows) for a priority's tables."""
    groups: list[tuple[dict[str, Any] | None, list[dict[str, Any]]]] = [
        (o, [content["metrics"][c] for c in o["metrics"]])
        for o in priority["objectives"]
    ]
    if priority["unplaced"]:
        groups.append((None, [content["metrics"][c] for c in priority["unplaced"]]))
    return groups


def unassigned_rows(content: dict[str, Any]) -> list[dict[str, Any]]:
    """Headline metrics the plan lists under no priority."""
    return [content["metrics"][c] for c in content["unassigned"]]


def priority_codes(priority: dict[str, Any]) -> list[str]:
    """A priority's headline metrics, in the order its tables list them."""
    seen = [
        code for objective in priority["objectives"] for code in objective["metrics"]
    ]
    return seen + list(priority["unplaced"])


def directorates(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's directorates (none in a snapshot made before the views by
    directorate)."""
    return list(content.get("directorates", []))


def directorate_entry(content: dict[str, Any], key: int) -> dict[str, Any] | None:
    """The directorate of that id in the report (NO_DIRECTORATE_ID for metrics
    with no team), or None."""
    return next((d for d in directorates(content) if d["id"] == key), None)


def metrics_for_directorate(
    content: dict[str, Any], directorate: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(headline rows, wider rows) of a directorate: the report's own rows."""
    wider = {r["code"]: r for r in content["wider_basket"]}
    return (
        [content["metrics"][c] for c in directorate["headline"]],
        [wider[c] for c in directorate["wider"]],
    )
