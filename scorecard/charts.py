"""Plotly figures from plain data (STYLE.md: charts are a presentation layer).

Each function takes rows the selectors produced and returns the figure as JSON for
static/js/charts.js to draw; every chart has a table beside it on the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import plotly.io as pio

from scorecard.domain.aggregation import (
    PeriodFigure,
    YearFigure,
    ratio_scale,
    year_figures,
)
from scorecard.domain.periods import (
    PERIODS_PER_YEAR,
    Period,
    frequency_of,
    period_label,
)
from scorecard.domain.trend import figure_text

if TYPE_CHECKING:
    from scorecard.models import Metric
    from scorecard.selectors import TrendData

PLACE_COLOUR = "#1d3a6e"
SERIES_COLOURS = ["#00703c", "#8a4b00", "#4c2c92", "#505a5f", "#b00020"]
COMPARATOR_DASHES = ["dash", "dot", "dashdot", "longdash"]
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[str, Decimal | None]]  # (period, number)


@dataclass(frozen=True)
class SpecialCause:
    """A point of a control chart that shows special-cause variation."""

    period: str
    value: float
    variation: str  # special_cause_improving, _concerning or _no_direction
    rules: Sequence[str] = ()


@dataclass(frozen=True)
class ControlLimits:
    """What a control chart (XmR) adds to a trend: its mean and process limits
    over the periods it read, and the points that show special-cause variation."""

    periods: Sequence[str]
    mean: float
    lower_limit: float
    upper_limit: float
    provisional: bool = False
    special_causes: Sequence[SpecialCause] = ()

    @classmethod
    def from_reading(cls, reading: dict[str, Any] | None) -> ControlLimits | None:
        """The limits of a variation reading stored with a verdict
        (scorecard.domain.readings.variation_json); None when it has none."""
        if not reading:
            return None
        mean, lower, upper = (
            reading.get("mean"),
            reading.get("lower_limit"),
            reading.get("upper_limit"),
        )
        points = reading.get("points") or []
        # The chart's periods; a verdict stored before they were kept has every
        # point instead.
        periods = reading.get("periods") or [p["period"] for p in points]
        if mean is None or lower is None or upper is None or not periods:
            return None
        return cls(
            periods=list(periods),
            mean=float(mean),
            lower_limit=float(lower),
            upper_limit=float(upper),
            provisional=bool(reading.get("limits_provisional")),
            special_causes=[
                SpecialCause(
                    period=p["period"],
                    value=float(p["value"]),
                    variation=p["variation"],
                    rules=tuple(p.get("rules") or ()),
                )
                for p in points
                if str(p.get("variation", "")).startswith("special_cause")
            ],
        )


LIMIT_COLOUR = "#505a5f"
# Each kind of special cause has its own marker shape and legend entry, so it is
# told apart without colour; the hover text says it in words.
SPECIAL_CAUSE_STYLES: dict[str, tuple[str, str, str]] = {
    # variation: (legend name, marker symbol, colour)
    "special_cause_improving": (
        "Special cause, improving",
        "diamond-open",
        "#005eb8",
    ),
    "special_cause_concerning": (
        "Special cause, concerning",
        "square-open",
        "#b35900",
    ),
    "special_cause_no_direction": (
        "Special cause (no good direction)",
        "circle-open",
        "#4c2c92",
    ),
}
RULE_WORDS: dict[str, str] = {
    "beyond_limits": "outside the process limits",
    "two_of_three": "two of three near a limit",
    "shift": "a run of seven on one side of the mean",
    "trend": "a run of seven rising or falling",
}


def _limit_traces(limits: ControlLimits) -> list[dict[str, Any]]:
    periods = list(limits.periods)
    provisional = ", provisional" if limits.provisional else ""
    low, high = figure_text(limits.lower_limit), figure_text(limits.upper_limit)
    lines = [
        (
            f"Mean ({figure_text(limits.mean)})",
            "Mean",
            limits.mean,
            {"color": LIMIT_COLOUR, "width": 1.5},
            True,
        ),
        (
            f"Process limits{provisional} ({low} to {high})",
            f"Upper process limit{provisional}",
            limits.upper_limit,
            {"color": LIMIT_COLOUR, "width": 1.5, "dash": "dashdot"},
            True,
        ),
        (
            f"Process limits{provisional} ({low} to {high})",
            f"Lower process limit{provisional}",
            limits.lower_limit,
            {"color": LIMIT_COLOUR, "width": 1.5, "dash": "dashdot"},
            False,
        ),
    ]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": periods,
            "y": [level] * len(periods),
            "name": name,
            "legendgroup": "limits" if hover != "Mean" else "mean",
            "showlegend": shown,
            "mode": "lines",
            "line": line,
            "hovertemplate": f"{hover}: {figure_text(level)}<extra></extra>",
        }
        for name, hover, level, line, shown in lines
    ]
    by_kind: dict[str, list[SpecialCause]] = {}
    for point in limits.special_causes:
        if point.variation in SPECIAL_CAUSE_STYLES:
            by_kind.setdefault(point.variation, []).append(point)
    for kind, points in by_kind.items():
        name, symbol, colour = SPECIAL_CAUSE_STYLES[kind]
        data.append(
            {
                "type": "scatter",
                "x": [p.period for p in points],
                "y": [p.value for p in points],
                "name": name,
                "mode": "markers",
                "marker": {
                    "symbol": symbol,
                    "size": 17,
                    "color": colour,
                    "line": {"width": 2.5, "color": colour},
                },
                "text": [
                    f"{p.period}: {name}"
                    + (
                        f" ({'; '.join(RULE_WORDS.get(r, r) for r in p.rules)})"
                        if p.rules
                        else ""
                    )
                    for p in points
                ],
                "hovertemplate": "%{text}<br>%{y}<extra></extra>",
            }
        )
    return data


@cache
def _template() -> dict[str, Any]:
    """Plotly's default template, as graph objects would attach it to a figure."""
    template: dict[str, Any] = pio.templates[pio.templates.default].to_plotly_json()
    return template


def _json(data: list[dict[str, Any]], layout: dict[str, Any]) -> str:
    """Figure JSON that is safe inside <script type="application/json">.

    The figure is written as plain dictionaries of plotly's schema and serialised
    by plotly without validating it again: the same JSON as graph objects give
    (tests/scorecard/test_charts.py), at a fifth of the time a page spent on it."""
    figure = {"data": data, "layout": {"template": _template(), **layout}}
    text: str = pio.to_json(figure, validate=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _layout(title: str, unit: str) -> dict[str, Any]:
    return {
        "title": {"text": title, "x": 0, "font": {"size": 16}},
        "font": {"family": FONT, "color": "#0b0c0c"},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 60},
        "yaxis": {
            "title": {"text": unit},
            "rangemode": "tozero",
            "gridcolor": "#dddddd",
        },
        "xaxis": {"type": "category"},
        "legend": {"orientation": "h", "y": -0.2},
        "plot_bgcolor": "#ffffff",
        "height": 340,
    }


def _end(period: str) -> tuple[dt.date, str]:
    try:
        return Period.parse(period).end_date(), period
    except ValueError:
        return dt.date.max, period


def _periods_in_order(periods: Sequence[str]) -> list[str]:
    """Each period once, by the day it ends (those that cannot be read last)."""
    return sorted(set(periods), key=_end)


def trend_figure(
    *,
    title: str,
    unit: str,
    place: Series,
    comparators: Sequence[Series] = (),
    target_level: Decimal | None = None,
    limits: ControlLimits | None = None,
) -> str:
    """Place line with markers, comparator lines dashed, a target level dotted, and
    a control chart's mean, process limits and special-cause points where given."""
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": [p for p, _ in place.points],
            "y": [float(v) if v is not None else None for _, v in place.points],
            "name": place.name,
            "mode": "lines+markers",
            "line": {"color": PLACE_COLOUR, "width": 3},
            "marker": {"size": 9, "symbol": "circle"},
        }
    ]
    for index, series in enumerate(comparators):
        data.append(
            {
                "type": "scatter",
                "x": [p for p, _ in series.points],
                "y": [float(v) if v is not None else None for _, v in series.points],
                "name": series.name,
                "mode": "lines+markers",
                # A comparator is drawn at its own periods only (trend_charts): a
                # gap between two of its figures is joined across the place's.
                "connectgaps": True,
                "line": {
                    "color": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                    # Each comparator its own pattern, so colour is not the only
                    # difference (describe_lines says so).
                    "dash": COMPARATOR_DASHES[index % len(COMPARATOR_DASHES)],
                },
                "marker": {"symbol": ["square", "diamond", "triangle-up"][index % 3]},
            }
        )
    if target_level is not None and place.points:
        data.append(
            {
                "type": "scatter",
                "x": [place.points[0][0], place.points[-1][0]],
                "y": [float(target_level)] * 2,
                "name": f"Target ({target_level.normalize():f})",
                "mode": "lines",
                "line": {"color": "#b00020", "dash": "dot"},
            }
        )
    layout = _layout(title, unit)
    order = _periods_in_order(
        [p for p, _ in place.points]
        + [p for series in comparators for p, _ in series.points]
    )
    if order:
        # The axis reads periods as people write them (2025/26 Q2); the keys stay.
        layout["xaxis"] = {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": order,
            "tickmode": "array",
            "tickvals": order,
            "ticktext": [period_label(p) for p in order],
        }
    if limits is not None:
        data.extend(_limit_traces(limits))
        # A control chart is read against its limits, which hug the figures: the
        # axis spans the figures and limits rather than reaching down to zero.
        layout["yaxis"]["rangemode"] = "normal"
        layout["height"] = 380
    return _json(data, layout)


def breakdown_figure(
    *, title: str, unit: str, groups: Sequence[tuple[str, Decimal | None]]
) -> str:
    """Horizontal bars, one per group, so long group names stay readable."""
    bars = {
        "type": "bar",
        "x": [float(v) if v is not None else None for _, v in groups],
        "y": [name for name, _ in groups],
        "orientation": "h",
        "marker": {"color": PLACE_COLOUR},
        "text": [f"{v.normalize():f}" if v is not None else "" for _, v in groups],
        "textposition": "auto",
    }
    layout = _layout(title, unit)
    layout["xaxis"] = {"title": {"text": unit}, "rangemode": "tozero"}
    layout["yaxis"] = {"type": "category", "autorange": "reversed"}
    layout["height"] = max(220, 40 * len(groups) + 100)
    return _json([bars], layout)


NO_FIGURES = "No figures have been published for this metric yet."

FREQUENCY_WORDS: dict[str, tuple[str, str]] = {
    # frequency: (adjective, plural noun)
    "annual": ("yearly", "years"),
    "half_year": ("half-yearly", "half-years"),
    "quarter": ("quarterly", "quarters"),
    "month": ("monthly", "months"),
}
AGGREGATION_WORDS: dict[str, str] = {
    "sum": "the total of its {count} {periods}",
    "mean": "the average of its {count} {periods}",
    "latest": "its last {period}'s figure",
    "ratio": "its {count} {periods}' numerators over their denominators",
}


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class TableRow:
    name: str
    cells: Sequence[str]


@dataclass(frozen=True)
class Chart:
    """One drawn chart: its figure, what its lines are in words, and its figures
    as a table (the same numbers, for those who do not see the chart)."""

    id: str
    figure: str
    description: str
    caption: str
    columns: Sequence[str]
    rows: Sequence[TableRow]
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class TrendCharts:
    """A metric's trend charts: one at its own frequency and, for a quarterly or
    monthly metric with yearly comparators, one of its yearly figure beside them.
    No chart at all when the metric has no figures: ``empty`` says it in words."""

    charts: Sequence[Chart]
    empty: str = ""

    @property
    def figure(self) -> str:
        """The first chart's figure (the metric's own frequency)."""
        return self.charts[0].figure if self.charts else ""


def _cell(number: Decimal | None) -> str:
    return "—" if number is None else figure_text(float(number))


def _span(periods: Sequence[str]) -> str:
    if not periods:
        return ""
    first, last = period_label(periods[0]), period_label(periods[-1])
    return first if first == last else f"{first} to {last}"


def _comparator_words(adjective: str, comparators: Sequence[str]) -> str:
    if len(comparators) == 1:
        return f"the dashed line is the {adjective} figure of {comparators[0]}"
    # The report's SVG draws each comparator with its own dash pattern and marker.
    return (
        f"the broken lines, each with its own pattern and marker, are the "
        f"{adjective} figures of {_names(comparators)}"
    )


def describe_lines(
    *,
    place: str,
    frequency: str,
    periods: Sequence[str],
    comparators: Sequence[str] = (),
    elsewhere: Sequence[str] = (),
    target_level: Decimal | None = None,
    limits: ControlLimits | None = None,
    next_chart: str = "the next chart",
) -> str:
    """What a trend chart's lines are, in words: the place's figures at their
    frequency and span, the comparators of that frequency (dashed), the target
    (dotted), the control limits; and which comparators publish yearly figures
    only, so are drawn in ``next_chart`` beside the place's yearly figure."""
    adjective, _ = FREQUENCY_WORDS.get(frequency, ("", ""))
    words = [f"The solid line is {place}'s {adjective} figure, {_span(periods)}"]
    if comparators:
        words.append(_comparator_words(adjective, comparators))
    if target_level is not None:
        words.append(
            f"the dotted line is the target ({figure_text(float(target_level))})"
        )
    if limits is not None:
        words.append(
            "the grey lines are the control chart's mean and process limits, and "
            "marked points show special-cause variation"
        )
    text = "; ".join(words) + "."
    if elsewhere:
        text += (
            f" {_names(elsewhere)} {'publishes' if len(elsewhere) == 1 else 'publish'}"
            f" yearly figures only, so {'it is' if len(elsewhere) == 1 else 'they are'}"
            f" drawn beside {place}'s yearly figure in {next_chart}, never beside "
            f"its {FREQUENCY_WORDS.get(frequency, ('', 'periods'))[1]}."
        )
    return text


def describe_year(
    *,
    place: str,
    aggregation: str,
    frequency: str,
    years: Sequence[str],
    comparators: Sequence[str],
    published: bool = False,
) -> str:
    """What a yearly chart's lines are, in words: the place's yearly figure over
    ``years`` (those it has) and how its in-year figures make it, beside the
    comparators' yearly figures; and that an incomplete year has none."""
    count = PERIODS_PER_YEAR.get(frequency, 1)
    plural = FREQUENCY_WORDS.get(frequency, ("", "periods"))[1]
    single = plural.removesuffix("s")
    how = AGGREGATION_WORDS.get(aggregation, "").format(
        count=count, periods=plural, period=single
    )
    if published:
        how += ", or the figure published for the whole year where there is one"
    if years:
        first = f"The solid line is {place}'s yearly figure, {_span(years)}, {how}"
    else:
        first = f"{place} has no complete year yet, so no yearly figure ({how})"
    return (
        f"{first}; {_comparator_words('yearly', comparators)}. "
        f"A year with a {single} missing has no yearly figure: no year to date "
        "is drawn."
    )


def trend_charts(
    metric: Metric,
    trend: TrendData,
    target_level: Decimal | None = None,
    variation: dict[str, Any] | None = None,
    *,
    place: str = "Coventry",
    id_prefix: str = "trend",
) -> TrendCharts:
    """A metric's trend charts. Each comparator is drawn only at its own frequency:
    at the metric's, on the metric's chart; yearly ones on a second chart beside
    the metric's yearly figure (``Metric.year_aggregation``), never beside its
    quarters or months. No figures: no chart, a sentence."""
    if not trend.periods or all(v is None for _, v in trend.place):
        return TrendCharts(charts=(), empty=NO_FIGURES)
    # The frequency drawn: the place's periods' (a quarterly metric with yearly
    # figures only is drawn yearly), the metric's when they are mixed.
    drawn_frequencies = {frequency_of(p) for p in trend.periods}
    frequency = metric.frequency
    if len(drawn_frequencies) == 1 and None not in drawn_frequencies:
        frequency = str(drawn_frequencies.pop())
    own: list[Series] = []
    yearly: list[Series] = []
    own_comparators = trend.comparators_own or trend.comparators
    for name, points in own_comparators:
        same = [(p, v) for p, v in points if frequency_of(p) == frequency]
        annual = [(p, v) for p, v in points if frequency_of(p) == "annual"]
        if same:
            own.append(Series(name, same))
        if frequency != "annual" and annual:
            yearly.append(Series(name, annual))
    limits = ControlLimits.from_reading(variation)
    periods = list(trend.periods)
    main_periods = _periods_in_order(
        periods + [p for series in own for p, _ in series.points]
    )
    charts_drawn = [
        Chart(
            id=f"{id_prefix}-data",
            figure=trend_figure(
                title=f"{metric.name}: trend",
                unit=metric.unit,
                place=Series(place, trend.place),
                comparators=own,
                target_level=target_level,
                limits=limits,
            ),
            description=describe_lines(
                place=place,
                frequency=frequency,
                periods=periods,
                comparators=[s.name for s in own],
                elsewhere=[
                    s.name for s in yearly if s.name not in {o.name for o in own}
                ],
                target_level=target_level,
                limits=limits,
            ),
            caption=(
                f"{metric.name} ({metric.unit or 'value'}), "
                f"{FREQUENCY_WORDS.get(frequency, ('', ''))[0]} figures"
            ),
            columns=[period_label(p) for p in main_periods],
            rows=[
                TableRow(
                    place,
                    [_place_cell(trend, p) for p in main_periods],
                ),
                *[
                    TableRow(
                        s.name,
                        [_cell(dict(s.points).get(p)) for p in main_periods],
                    )
                    for s in own
                ],
            ],
        )
    ]
    if yearly:
        charts_drawn.append(_year_chart(metric, trend, yearly, place, id_prefix))
    return TrendCharts(charts=charts_drawn)


def _place_cell(trend: TrendData, period: str) -> str:
    for value in trend.place_values:
        if value.period == period:
            text = value.value_text or "—"
            if value.approval != "approved":
                text += f" ({value.get_approval_display().lower()})"
            return text
    return "—"


def place_year_figures(
    metric: Metric, trend: TrendData
) -> list[tuple[str, YearFigure]]:
    """The place's yearly figure for each year: the one published for the year
    where there is one, else made from its in-year figures by the metric's year
    aggregation (scorecard.domain.aggregation.year_figures)."""
    return year_figures(
        metric.year_aggregation or metric.default_year_aggregation,
        [
            PeriodFigure(v.period, v.value_number, v.numerator, v.denominator)
            for v in trend.place_values
            if v.approval == "approved"
        ]
        + [PeriodFigure(p, v) for p, v in trend.place_years],
        frequency=metric.frequency,
        scale=ratio_scale(metric.unit),
    )


def _year_chart(
    metric: Metric,
    trend: TrendData,
    yearly: Sequence[Series],
    place: str,
    id_prefix: str,
) -> Chart:
    figures = place_year_figures(metric, trend)
    by_year = dict(figures)
    years = _periods_in_order(
        [y for y, _ in figures] + [p for s in yearly for p, _ in s.points]
    )
    aggregation = metric.year_aggregation or metric.default_year_aggregation
    description = describe_year(
        place=place,
        aggregation=aggregation,
        frequency=metric.frequency,
        years=[y for y in years if y in by_year and by_year[y].value is not None],
        comparators=[s.name for s in yearly],
        published=bool(trend.place_years),
    )
    notes = [
        f"{period_label(year)}: no yearly figure. {figure.reason}"
        for year, figure in figures
        if figure.value is None
    ]
    place_series = Series(
        f"{place} (yearly figure)",
        [(y, by_year[y].value if y in by_year else None) for y in years],
    )
    return Chart(
        id=f"{id_prefix}-year-data",
        figure=trend_figure(
            title=f"{metric.name}: by year",
            unit=metric.unit,
            place=place_series,
            comparators=list(yearly),
        ),
        description=description,
        caption=f"{metric.name} ({metric.unit or 'value'}), yearly figures",
        columns=[period_label(y) for y in years],
        rows=[
            TableRow(place_series.name, [_cell(v) for _, v in place_series.points]),
            *[
                TableRow(s.name, [_cell(dict(s.points).get(y)) for y in years])
                for s in yearly
            ],
        ],
        notes=notes,
    )


def trend_chart(
    metric: Metric,
    trend: TrendData,
    target_level: Decimal | None = None,
    variation: dict[str, Any] | None = None,
) -> str:
    """The figure of a metric's chart at its own frequency (``trend_charts``'s
    first): Coventry's figures, the comparators of that frequency, and the control
    limits of the ``variation`` reading stored with its verdict, where there is one."""
    return trend_charts(metric, trend, target_level, variation).figure
