"""Plotly figures from plain data (STYLE.md: charts are a presentation layer).

Each function takes rows the selectors produced and returns the figure as JSON for
static/js/charts.js to draw; every chart has a table beside it on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import plotly.io as pio

from scorecard.domain.trend import figure_text

if TYPE_CHECKING:
    from scorecard.models import Metric
    from scorecard.selectors import TrendData

PLACE_COLOUR = "#1d3a6e"
SERIES_COLOURS = ["#00703c", "#8a4b00", "#4c2c92", "#505a5f", "#b00020"]
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
                # Comparators often publish only annual figures: on a quarterly
                # metric's chart each stands at its year's last quarter, joined.
                "connectgaps": True,
                "line": {
                    "color": SERIES_COLOURS[index % len(SERIES_COLOURS)],
                    "dash": "dash",
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


def trend_chart(
    metric: Metric,
    trend: TrendData,
    target_level: Decimal | None = None,
    variation: dict[str, Any] | None = None,
) -> str:
    """A metric's trend: Coventry's figures with each comparator's, and the control
    limits of the ``variation`` reading stored with its verdict, where there is one."""
    return trend_figure(
        title=f"{metric.name}: trend",
        unit=metric.unit,
        place=Series("Coventry", trend.place),
        comparators=[Series(name, points) for name, points in trend.comparators],
        target_level=target_level,
        limits=ControlLimits.from_reading(variation),
    )
