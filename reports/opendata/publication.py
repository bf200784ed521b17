"""A year's open-data publication as plain data, and the rows of both formats.

The exporter reads the database into a Publication; the functions here turn it into
the tidy rows and the council layout's header and rows. Everything is ordered and
formatted the same way every time, so the same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reports.opendata.headers import COMPARATOR, MEMBER, NATIONAL, PLACE
from reports.opendata.records import format_number
from scorecard.domain.periods import Period
from scorecard.domain.vocabulary import (
    COUNCIL_CODE_FROM_PROGRESS,
    COUNCIL_CODE_FROM_TARGET_STATUS,
    COUNCIL_WORDS_FROM_PROGRESS,
    Progress,
    TargetStatus,
)

# A council file shows this many years of figures, ending with the report year.
COUNCIL_WINDOW_YEARS = 4


@dataclass(frozen=True)
class ExportValue:
    period: str
    period_label: str
    data_status: str
    revision: int
    scope: str
    breakdown: str
    breakdown_group: str
    value_text: str
    value_number: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None


@dataclass(frozen=True)
class ExportComparatorValue:
    name: str
    kind: str  # comparator or national
    period: str
    period_label: str
    revision: int
    value_text: str
    value_number: Decimal | None


@dataclass(frozen=True)
class ExportMemberValue:
    """A place's figure (scope kind member) and the groups whose version in force
    for its period lists the place: ``(group name, version text)``, by name; none
    when no group lists it (the home area's own source figure, often)."""

    period: str
    period_label: str
    revision: int
    place_code: str
    place_name: str
    value_text: str
    value_number: Decimal | None
    lower_ci: Decimal | None
    upper_ci: Decimal | None
    count: Decimal | None
    denominator: Decimal | None
    groups: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ShownGroup:
    """The group whose rank a metric shows in a year (scorecard.benchmarking's
    shown_group_ids), its version in force for the year ("" with none) and the
    stored standing's rank in words for each period of the year that has one."""

    name: str
    version: str = ""
    ranks: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Readings:
    """The extra readings stored with a year's verdict, as the tidy export writes
    them, and the period of the figure that verdict is about (the row they go on).
    Codes as stored ("" where the verdict has no such reading)."""

    period: str
    recent_trend: str = ""
    recent_trend_method: str = ""
    variation: str = ""
    variation_assurance: str = ""
    variation_limits_provisional: str = ""  # TRUE, FALSE, or "" with no variation

    @classmethod
    def of(cls, period: str, stored: dict[str, Any]) -> Readings | None:
        """The readings of a stored verdict's details (None when it has none)."""
        trend = stored.get("trend") or {}
        variation = stored.get("variation") or {}
        if not trend and not variation:
            return None
        provisional = variation.get("limits_provisional")
        return cls(
            period=period,
            recent_trend=str(trend.get("outcome") or ""),
            recent_trend_method=str(trend.get("method") or ""),
            variation=str(variation.get("outcome") or ""),
            variation_assurance=str(variation.get("assurance") or ""),
            variation_limits_provisional=(
                "" if not variation else "TRUE" if provisional else "FALSE"
            ),
        )

    def cells(self) -> list[str]:
        return [
            self.recent_trend,
            self.recent_trend_method,
            self.variation,
            self.variation_assurance,
            self.variation_limits_provisional,
        ]


NO_READINGS = ["", "", "", "", ""]


@dataclass(frozen=True)
class YearView:
    """A metric in the publication's plan for one report year."""

    progress: str  # calculated
    target_status: str  # calculated
    headline: bool = False
    priority: str = ""
    objective: str = ""
    sort_order: int | None = None
    progress_recorded: str = ""
    target: str = ""
    target_status_recorded: str = ""
    readings: Readings | None = None

    @property
    def progress_shown(self) -> str:
        return self.progress_recorded or self.progress

    @property
    def target_status_shown(self) -> str:
        return self.target_status_recorded or self.target_status


@dataclass(frozen=True)
class PublishedMetric:
    code: str
    name: str
    unit: str
    good_direction: str
    perspective: str
    equality_flag: bool
    marmot_flag: bool
    years: dict[str, YearView]
    values: tuple[ExportValue, ...] = ()
    comparators: tuple[ExportComparatorValue, ...] = ()
    members: tuple[ExportMemberValue, ...] = ()
    shown: dict[str, ShownGroup] = field(default_factory=dict)  # by report year


@dataclass(frozen=True)
class Publication:
    year: str
    plan: str | None
    older_plan: str | None
    metrics: list[PublishedMetric] = field(default_factory=list)

    @property
    def older_layout(self) -> bool:
        return self.plan == "2016-24"


def _period_key(period: str) -> tuple[object, ...]:
    parsed = Period.parse(period)
    return (parsed.end_date(), parsed.frequency != "annual", period)


_KIND_ORDER = {PLACE: 0, COMPARATOR: 1, NATIONAL: 2, MEMBER: 3}


# --- tidy -------------------------------------------------------------------------


def tidy_rows(publication: Publication) -> Iterator[list[str]]:
    """One row per value (every approved revision), per comparator figure, and one
    row with no value for a year whose facts (headline, target, verdict) have no
    figure to sit beside."""
    plan = publication.plan or ""
    for metric in publication.metrics:
        keyed: list[tuple[tuple[object, ...], list[str]]] = []
        years_with_rows: set[str] = set()
        reading_rows = _reading_rows(metric)
        for value in metric.values:
            year = str(Period.parse(value.period).year())
            years_with_rows.add(year)
            readings = reading_rows.get(
                (value.period, value.scope, value.breakdown, value.revision)
            )
            keyed.append(
                (
                    (
                        *_period_key(value.period),
                        0,
                        value.scope,
                        value.breakdown,
                        value.breakdown_group,
                        value.revision,
                    ),
                    _tidy_row(
                        metric,
                        year,
                        plan,
                        period=value.period,
                        period_label=value.period_label,
                        data_status=value.data_status,
                        revision=str(value.revision),
                        scope=value.scope,
                        scope_kind=PLACE,
                        breakdown=value.breakdown,
                        breakdown_group=value.breakdown_group,
                        value=value.value_text,
                        value_number=format_number(value.value_number),
                        numerator=format_number(value.numerator),
                        denominator=format_number(value.denominator),
                        lower_ci=format_number(value.lower_ci),
                        upper_ci=format_number(value.upper_ci),
                        readings=readings,
                        benchmark=(
                            _shown_cells(metric, year, value.period)
                            if not value.breakdown
                            else NO_GROUP
                        ),
                    ),
                )
            )
        for figure in metric.comparators:
            year = str(Period.parse(figure.period).year())
            years_with_rows.add(year)
            keyed.append(
                (
                    (
                        *_period_key(figure.period),
                        _KIND_ORDER[figure.kind],
                        figure.name,
                        "",
                        "",
                        figure.revision,
                    ),
                    _tidy_row(
                        metric,
                        year,
                        plan,
                        period=figure.period,
                        period_label=figure.period_label,
                        revision=str(figure.revision),
                        scope=figure.name,
                        scope_kind=figure.kind,
                        value=figure.value_text,
                        value_number=format_number(figure.value_number),
                    ),
                )
            )
        for member in metric.members:
            year = str(Period.parse(member.period).year())
            years_with_rows.add(year)
            for group, version in member.groups or (("", ""),):
                keyed.append(
                    (
                        (
                            *_period_key(member.period),
                            _KIND_ORDER[MEMBER],
                            group,
                            member.place_name,
                            member.place_code,
                            member.revision,
                        ),
                        _tidy_row(
                            metric,
                            year,
                            plan,
                            period=member.period,
                            period_label=member.period_label,
                            revision=str(member.revision),
                            scope=member.place_name,
                            scope_kind=MEMBER,
                            value=member.value_text,
                            value_number=format_number(member.value_number),
                            numerator=format_number(member.count),
                            denominator=format_number(member.denominator),
                            lower_ci=format_number(member.lower_ci),
                            upper_ci=format_number(member.upper_ci),
                            benchmark=(group, version, "", member.place_code),
                        ),
                    )
                )
        for year in metric.years:
            if year not in years_with_rows:
                keyed.append(
                    (
                        (*_period_key(year), -1, "", "", "", 0),
                        _tidy_row(
                            metric,
                            year,
                            plan,
                            period=year,
                            benchmark=_shown_cells(metric, year, year),
                        ),
                    )
                )
        keyed.sort(key=lambda item: item[0])
        for _, row in keyed:
            yield row


NO_GROUP = ("", "", "", "")


def _shown_cells(
    metric: PublishedMetric, year: str, period: str
) -> tuple[str, str, str, str]:
    """comparator_group, group_version, rank and area_code of the metric's own
    row for ``period``: the group shown for the year, its version, its rank."""
    shown = metric.shown.get(year)
    if shown is None:
        return NO_GROUP
    return (shown.name, shown.version, shown.ranks.get(period, ""), "")


def _reading_rows(
    metric: PublishedMetric,
) -> dict[tuple[str, str, str, int], Readings]:
    """Where each year's readings go: on the place figure (no breakdown) of the
    period the year's verdict is about, in its latest revision, the one the verdict
    read. Keyed by (period, scope, breakdown, revision)."""
    wanted = {
        view.readings.period: view.readings
        for view in metric.years.values()
        if view.readings is not None
    }
    latest: dict[str, ExportValue] = {}
    for value in metric.values:  # ordered by period and revision
        if value.period in wanted and not value.breakdown:
            latest[value.period] = value
    return {
        (value.period, value.scope, value.breakdown, value.revision): wanted[period]
        for period, value in latest.items()
    }


def _tidy_row(
    metric: PublishedMetric,
    year: str,
    plan: str,
    *,
    period: str,
    period_label: str = "",
    data_status: str = "",
    revision: str = "",
    scope: str = "",
    scope_kind: str = "",
    breakdown: str = "",
    breakdown_group: str = "",
    value: str = "",
    value_number: str = "",
    numerator: str = "",
    denominator: str = "",
    lower_ci: str = "",
    upper_ci: str = "",
    readings: Readings | None = None,
    benchmark: tuple[str, str, str, str] = NO_GROUP,
) -> list[str]:
    view = metric.years.get(year)
    return [
        metric.code,
        metric.name,
        metric.unit,
        metric.good_direction,
        metric.perspective,
        "TRUE" if view and view.headline else "FALSE",
        view.priority if view else "",
        view.objective if view else "",
        period,
        period_label,
        data_status,
        revision,
        scope,
        scope_kind,
        breakdown,
        breakdown_group,
        value,
        value_number,
        numerator,
        denominator,
        lower_ci,
        upper_ci,
        view.progress if view else "",
        view.progress_recorded if view else "",
        view.target if view else "",
        view.target_status if view else "",
        view.target_status_recorded if view else "",
        plan if view else "",
        str(view.sort_order) if view and view.sort_order is not None else "",
        *(readings.cells() if readings else NO_READINGS),
        *benchmark,
    ]


# --- council layouts ----------------------------------------------------------------


def council_periods(publication: Publication) -> list[str]:
    """The report year and the years before it in the window, with any half-year
    period that has a figure; oldest first."""
    year = Period.parse(publication.year)
    periods = {
        str(Period(year.year_start - offset)) for offset in range(COUNCIL_WINDOW_YEARS)
    }
    first = year.year_start - COUNCIL_WINDOW_YEARS + 1
    for metric in publication.metrics:
        for period in [v.period for v in metric.values] + [
            c.period for c in metric.comparators
        ]:
            parsed = Period.parse(period)
            if (
                parsed.frequency == "half_year"
                and parsed.index == 1
                and first <= parsed.year_start <= year.year_start
            ):
                periods.add(period)
    return sorted(periods, key=_period_key)


def _period_words(period: str) -> str:
    parsed = Period.parse(period)
    year = str(parsed.year())
    return (
        f"{year} half year"
        if parsed.frequency == "half_year"
        else f"{year} end of year"
    )


def council_header(publication: Publication, periods: list[str]) -> list[str]:
    word = "indicator" if publication.older_layout else "metric"
    series_words = {
        PLACE: word,
        COMPARATOR: f"comparator {word}",
        NATIONAL: f"national {word}",
    }
    period_columns = [
        f"{_period_words(period)} {series_words[series]} {field}"
        for series in (PLACE, COMPARATOR, NATIONAL)
        for period in periods
        for field in ("value", "scope", "date")
    ]
    if publication.older_layout:
        header = [
            "Sort Order",
            "Council Plan",
            "Priority",
            "Progress",
            "Council Plan Indicator",
            "Indicator",
            "Unit",
            *period_columns,
            "Directionality",
            "Progress",
            "Target",
            "Target Status",
        ]
        if _has_flags(publication):
            header += ["Equality Indicator", "Marmot Indicator"]
        return header
    plan = publication.plan
    older = publication.older_plan
    older_columns = (
        [
            f"One Coventry Plan {older} Vision",
            f"One Coventry Plan {older} Priority",
            f"Council Plan {older} Metric",
            f"Progress towards {older} Plan",
            f"Target Status towards {older} Plan",
        ]
        if older
        else []
    )
    return [
        "Sort Order",
        f"One Coventry Plan {plan} Vision",
        *older_columns,
        f"Council Plan {plan} Metric",
        f"Progress towards {plan} Plan",
        "Target",
        f"Target Status towards {plan} Plan",
        "Metric",
        "Unit",
        *period_columns,
    ]


def _has_flags(publication: Publication) -> bool:
    return any(m.equality_flag or m.marmot_flag for m in publication.metrics)


def _latest_place(metric: PublishedMetric, period: str) -> ExportValue | None:
    candidates = [v for v in metric.values if v.period == period and not v.breakdown]
    if not candidates:
        return None
    scope = min(
        {v.scope for v in candidates}, key=lambda s: (s.casefold() != "coventry", s)
    )
    return max((v for v in candidates if v.scope == scope), key=lambda v: v.revision)


def _latest_comparator(
    metric: PublishedMetric, period: str, kind: str
) -> ExportComparatorValue | None:
    candidates = [
        c for c in metric.comparators if c.period == period and c.kind == kind
    ]
    if not candidates:
        return None
    name = min(c.name for c in candidates)
    return max((c for c in candidates if c.name == name), key=lambda c: c.revision)


def council_rows(publication: Publication, periods: list[str]) -> Iterator[list[str]]:
    for metric in publication.metrics:
        view = metric.years.get(publication.year) or YearView(
            progress=Progress.NOT_AVAILABLE.value,
            target_status=TargetStatus.NO_TARGET.value,
        )
        progress = Progress(view.progress_shown)
        status = TargetStatus(view.target_status_shown)
        figures: list[str] = []
        for period in periods:
            value = _latest_place(metric, period)
            figures += (
                [value.value_text, value.scope, value.period_label]
                if value
                else ["", "", ""]
            )
        for kind in (COMPARATOR, NATIONAL):
            for period in periods:
                figure = _latest_comparator(metric, period, kind)
                figures += (
                    [figure.value_text, figure.name, figure.period_label]
                    if figure
                    else ["", "", ""]
                )
        sort_order = "" if view.sort_order is None else str(view.sort_order)
        headline = "TRUE" if view.headline else "FALSE"
        if publication.older_layout:
            row = [
                sort_order,
                view.priority,
                view.objective,
                COUNCIL_CODE_FROM_PROGRESS[progress],
                headline,
                metric.name,
                metric.unit,
                *figures,
                {"up": "High is good", "down": "Low is good"}.get(
                    metric.good_direction, "N/A"
                ),
                COUNCIL_WORDS_FROM_PROGRESS[progress],
                view.target,
                COUNCIL_CODE_FROM_TARGET_STATUS[status],
            ]
            if _has_flags(publication):
                row += [
                    "TRUE" if metric.equality_flag else "FALSE",
                    "TRUE" if metric.marmot_flag else "FALSE",
                ]
            yield row
            continue
        older = ["", "", "FALSE", "", ""] if publication.older_plan else []
        yield [
            sort_order,
            view.priority,
            *older,
            headline,
            COUNCIL_CODE_FROM_PROGRESS[progress],
            view.target,
            COUNCIL_CODE_FROM_TARGET_STATUS[status],
            metric.name,
            metric.unit,
            *figures,
        ]
