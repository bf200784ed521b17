"""The demo's figures, generated from the metric specs (demo.metrics) on a
`Timeline`: annual, quarterly, breakdown and comparator figures, their target texts
and when each was entered. Pure: a random generator seeded per metric, so the same
spec on the same day always gives the same figures.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from demo.metrics import (
    BREAKDOWN_GROUPS,
    MetricSpec,
    Series,
    Story,
)
from demo.timeline import (
    BREAKDOWN_YEARS,
    FIGURE_YEARS,
    LATEST,
    TARGET_YEARS,
    Timeline,
    time_on,
)
from scorecard.domain.periods import QUARTER, Period
from scorecard.domain.stats import poisson_interval
from scorecard.domain.values import is_percentage_unit, parse_value, rate_base
from scorecard.domain.vocabulary import Direction
from scorecard.models import (
    Metric,
)

# --------------------------------------------------------------------------------
# Generating the figures (pure: the same spec always gives the same figures)
# --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One written figure for a period, as it will be stored."""

    period: str
    label: str
    text: str
    revision: int = 1
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    breakdown: str = ""
    group: str = ""


def _rng(spec: MetricSpec, purpose: str) -> random.Random:
    return random.Random(f"coventry-demo:{spec.code}:{purpose}")


def written_number(number: float, decimals: int) -> str:
    """A figure as a person writes it: rounded, with thousands separators."""
    rounded = _decimal(number, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.0"
    return f"{rounded:,.{decimals}f}"


def period_label(style: str, period: str) -> str:
    """The data's own label for a period ("2024/25", "Apr 24-Mar 25", "2021-23")."""
    parsed = Period.parse(period)
    start = parsed.year_start
    if parsed.frequency != "annual":
        first, last = parsed.start_date(), parsed.end_date()
        return f"{first:%b}-{last:%b %Y}"
    short = f"{(start + 1) % 100:02d}"
    labels = {
        "fy": f"{start}/{short}",
        "months": f"Apr {start % 100:02d}-Mar {short}",
        "calendar": f"{start}",
        "rolling3": f"{start - 3}-{(start - 1) % 100:02d}",
        "academic": f"{start}/{short} academic year",
        "snapshot": f"31 March {start + 1}",
    }
    return labels[style]


def _sign(direction: Direction) -> int:
    return -1 if direction == Direction.DOWN else 1


def _rate_base(spec: MetricSpec) -> Decimal:
    base = rate_base(spec.unit)
    if base is None:
        raise ValueError(f"{spec.code} has a denominator but no rate or % unit")
    return base


def _interval_width(spec: MetricSpec, value: float, denominator: float | None) -> float:
    """Roughly the width of a 95% interval around the value (0 when none applies)."""
    series = spec.series
    if series is None:
        return 0.0
    if series.ci_margin is not None:
        return 2 * series.ci_margin
    if denominator:
        if is_percentage_unit(spec.unit):
            p = min(max(value / 100, 0.001), 0.999)
            return 2 * 1.96 * math.sqrt(p * (1 - p) / denominator) * 100
        base = float(_rate_base(spec))
        count = value * denominator / base
        return 2 * 1.96 * math.sqrt(max(count, 1)) * base / denominator
    return 0.0


def _band(spec: MetricSpec, value: float) -> float:
    band = float(spec.similarity_band)
    return band * abs(value) if spec.similarity_relative else band


def _last_move(
    spec: MetricSpec, series: Series, previous: float, denominator: float | None
) -> float:
    """The change into the latest year that tells the metric's story."""
    rng = _rng(spec, "last")
    width = _interval_width(spec, previous, denominator)
    band = _band(spec, previous)
    if series.last is Story.TREND:
        return series.step + rng.uniform(-series.noise, series.noise)
    if series.last is Story.SIMILAR:
        # Inside the band, or well inside the overlap of the two intervals.
        room = 0.25 * width if width else 0.5 * band
        return float(rng.choice((-1, 1)) * room)
    # Past the band and clear of both intervals (with room for rounding).
    least = max(abs(series.step), series.noise, 1.5 * band, 1.25 * width)
    least = max(least, 3 * 10.0**-series.decimals)
    move = least * rng.uniform(1.0, 1.3)
    good = _sign(spec.direction)
    return good * move if series.last is Story.IMPROVED else -good * move


def _clip(spec: MetricSpec, value: float) -> float:
    if is_percentage_unit(spec.unit):
        return min(max(value, 0.5), 99.5)
    return value


@dataclass(frozen=True)
class AnnualFigure:
    """A year's figure and the number it was drawn from."""

    number: float
    figure: Figure


def annual_figures(spec: MetricSpec, timeline: Timeline) -> list[AnnualFigure]:
    """The place figures for the five years to the latest (latest revision of each)."""
    years = timeline.years(FIGURE_YEARS)
    if spec.written:
        result = []
        for year, text in zip(years, spec.written, strict=True):
            if text is None or year in spec.missing:
                continue
            parsed = parse_value(text, unit=spec.unit, scale=spec.scale).number
            result.append(
                AnnualFigure(
                    float(parsed) if parsed is not None else math.nan,
                    Figure(year, _annual_label(spec, year, timeline), text),
                )
            )
        return result

    series = spec.series
    if series is None:
        raise ValueError(f"{spec.code} has neither written figures nor a series")
    rng = _rng(spec, "series")
    numbers = [
        series.start + series.step * index + rng.uniform(-series.noise, series.noise)
        for index in range(len(years) - 1)
    ]
    if series.earlier is not None:
        numbers = list(series.earlier)
    denominators: list[float | None] = [None] * len(years)
    if series.denominator is not None:
        denominators = [
            float(series.denominator + series.denominator_step * index)
            + rng.randint(-20, 20)
            for index in range(len(years))
        ]
    numbers.append(
        numbers[-1] + _last_move(spec, series, numbers[-1], denominators[-2])
    )

    result = []
    for index, year in enumerate(years):
        if year in spec.missing:
            continue
        number = _clip(spec, numbers[index])
        label = _annual_label(spec, year, timeline)
        result.append(
            _series_figure(spec, series, year, label, number, denominators[index])
        )
    return result


def _series_figure(
    spec: MetricSpec,
    series: Series,
    year: str,
    label: str,
    number: float,
    denominator: float | None,
) -> AnnualFigure:
    numerator_d: Decimal | None = None
    denominator_d: Decimal | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None
    if denominator is not None:
        base = 100.0 if is_percentage_unit(spec.unit) else float(_rate_base(spec))
        count = round(number * denominator / base)
        number = count * base / denominator
        numerator_d, denominator_d = Decimal(count), Decimal(int(denominator))
        if series.poisson_ci:
            low, high = poisson_interval(count)
            lower = _decimal(low * base / denominator, series.decimals)
            upper = _decimal(high * base / denominator, series.decimals)
    text = written_number(number, series.decimals)
    if series.ci_margin is not None:
        jitter = _rng(spec, f"ci:{year}").uniform(-0.2, 0.2)
        lower = _decimal(number - series.ci_margin - jitter, series.decimals)
        upper = _decimal(number + series.ci_margin + jitter, series.decimals)
    figure = Figure(
        year,
        label,
        text,
        numerator=numerator_d,
        denominator=denominator_d,
        lower_ci=lower,
        upper_ci=upper,
    )
    return AnnualFigure(number, figure)


def _decimal(number: float, decimals: int) -> Decimal:
    return Decimal(repr(number)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


def _annual_label(spec: MetricSpec, year: str, timeline: Timeline) -> str:
    label = period_label(spec.label_style, year)
    if year == timeline.year(LATEST) and spec.provisional_latest:
        return f"{label} provisional"
    if year == _revised_year(spec, timeline):
        return f"{label} revised"
    return label


def _revised_year(spec: MetricSpec, timeline: Timeline) -> str | None:
    if spec.revised_year is None:
        return None
    return timeline.year(spec.revised_year)


def place_figures(spec: MetricSpec, timeline: Timeline) -> list[Figure]:
    """Every Coventry figure of a metric: years, revisions and quarters."""
    annual = annual_figures(spec, timeline)
    figures = []
    for item in annual:
        if item.figure.period == _revised_year(spec, timeline):
            # The published figure is the revision of a first, provisional one.
            figures.append(_first_estimate(spec, item))
            figures.append(replace(item.figure, revision=2))
        else:
            figures.append(item.figure)
    if spec.frequency == Metric.Frequency.QUARTERLY:
        quarters = timeline.quarters(latest_in=spec.latest_quarter_in)
        figures.extend(quarter_figures(spec, annual, quarters))
    return figures


def _first_estimate(spec: MetricSpec, item: AnnualFigure) -> Figure:
    """Revision 1 of a revised year: the provisional figure first published."""
    decimals = spec.series.decimals if spec.series else 0
    step = 10**-decimals
    rng = _rng(spec, "revision")
    first = item.number + rng.choice((-1, 1)) * max(abs(item.number) * 0.01, 3 * step)
    label = period_label(spec.label_style, item.figure.period)
    return Figure(
        item.figure.period,
        f"{label} provisional",
        written_number(first, decimals),
        revision=1,
    )


def quarter_figures(
    spec: MetricSpec, annual: Sequence[AnnualFigure], quarters: Sequence[Period]
) -> list[Figure]:
    """The figures for the quarters, oldest first, consistent with the year
    figures; the latest one is provisional."""
    if spec.quarters:
        texts = dict(zip(quarters, spec.quarters, strict=True))
    else:
        texts = _generated_quarters(spec, annual, quarters)
    latest = max(texts)
    figures = []
    for quarter, text in sorted(texts.items()):
        label = period_label("fy", str(quarter))
        if quarter == latest:
            label = f"{label} provisional"
        figures.append(Figure(str(quarter), label, text))
    return figures


def _generated_quarters(
    spec: MetricSpec, annual: Sequence[AnnualFigure], quarters: Sequence[Period]
) -> dict[Period, str]:
    """Counts add up to their year's figure and levels hover around it; the
    quarters of the year in progress carry on from the latest year."""
    rng = _rng(spec, "quarters")
    by_year = {Period.parse(a.figure.period): a.number for a in annual}
    latest = max(by_year)
    series = spec.series
    if spec.unit == "number":
        # Spring and autumn are the busy quarters.
        shares = (0.25, 0.26, 0.22, 0.27)
        parts: dict[Period, list[float]] = {}
        for year in sorted({quarter.year() for quarter in quarters} | {latest}):
            if year in by_year:
                total = round(by_year[year])
                split = [
                    round(total * (s + rng.uniform(-0.01, 0.01))) for s in shares[:3]
                ]
                parts[year] = [*split, total - sum(split)]
            elif year > latest:
                # A little up on the same quarter of the latest year.
                parts[year] = [part * 1.02 for part in parts[latest]]
        return {
            quarter: written_number(parts[quarter.year()][quarter.index - 1], 0)
            for quarter in quarters
            if quarter.year() in parts
        }
    decimals = series.decimals if series else 0
    noise = series.noise if series else 0.0
    step = series.step if series else 0.0
    texts: dict[Period, str] = {}
    for quarter in quarters:
        year = quarter.year()
        if year in by_year:
            number = by_year[year] + rng.uniform(-2 * noise, 2 * noise)
        elif year > latest:
            number = by_year[latest] + step / 2 + rng.uniform(-noise, noise)
        else:
            continue
        texts[quarter] = written_number(_clip(spec, number), decimals)
    return texts


def breakdown_figures(
    spec: MetricSpec, annual: Sequence[AnnualFigure], timeline: Timeline
) -> list[Figure]:
    """Figures by sex, age band, ethnicity, disability and ward for the last two
    years.

    Each group keeps its level relative to the whole from year to year (a ward with
    high need stays high), with a little movement between years.
    """
    rng = _rng(spec, "breakdowns")
    decimals = spec.series.decimals if spec.series else 0
    levels = {
        dimension: _group_levels(spec, dimension, rng) for dimension in spec.breakdowns
    }
    by_year = {a.figure.period: a for a in annual}
    figures = []
    for year in timeline.years(BREAKDOWN_YEARS):
        if year not in by_year:
            continue
        total = by_year[year]
        for dimension in spec.breakdowns:
            for group, level in levels[dimension].items():
                number = total.number * level * (1 + rng.uniform(-0.02, 0.02))
                figures.append(
                    Figure(
                        year,
                        total.figure.label,
                        written_number(_clip(spec, number), decimals),
                        breakdown=dimension,
                        group=group,
                    )
                )
    return figures


def _group_levels(
    spec: MetricSpec, dimension: str, rng: random.Random
) -> dict[str, float]:
    """Each group's figure as a multiple of the whole's."""
    groups = BREAKDOWN_GROUPS[dimension]
    if spec.unit == "number":
        # A count by ward: each ward's share of the city's total.
        return {group: rng.uniform(0.04, 0.11) for group in groups}
    spread = 0.08
    if dimension == "ward":
        spread = 0.15 if is_percentage_unit(spec.unit) else 0.4
    raw = [1 + rng.uniform(-spread, spread) for _ in groups]
    mean = sum(raw) / len(raw)
    return {group: level / mean for group, level in zip(groups, raw, strict=True)}


def comparator_figures(
    spec: MetricSpec, annual: Sequence[AnnualFigure]
) -> list[tuple[str, Figure]]:
    """Each comparator's figure for each year Coventry has one."""
    rng = _rng(spec, "comparators")
    decimals = spec.series.decimals if spec.series else 0
    result = []
    for name in spec.comparators:
        level = rng.uniform(0.9, 1.1)
        for item in annual:
            if math.isnan(item.number):
                continue
            number = item.number * level * (1 + rng.uniform(-0.015, 0.015))
            figure = Figure(
                item.figure.period,
                item.figure.label,
                written_number(_clip(spec, number), decimals),
            )
            result.append((name, figure))
    return result


def entry_lag_days(spec: MetricSpec, timeline: Timeline) -> int:
    """Days after a period ends by which its figure is due: quarters within a month
    (or whatever makes the last complete one `overdue_by` days overdue today), the
    council's own year figures by the June import, national statistics a year or so
    after the period they describe."""
    if spec.frequency == Metric.Frequency.QUARTERLY:
        if spec.overdue_by is not None:
            due = timeline.today - dt.timedelta(days=spec.overdue_by)
            return max(1, (due - timeline.last_complete_quarter.end_date()).days)
        return 30
    if spec.label_style in {"calendar", "rolling3"}:
        return 365
    return 90


# A quarter's figure is entered between this many days after the quarter ends.
QUARTER_ENTERED_AFTER = (12, 24)


def year_import_day(year: Period) -> dt.date:
    """The day of the June import of a year's published figures."""
    return dt.date(year.end_date().year, 6, 16)


def entered_at(spec: MetricSpec, figure: Figure, timeline: Timeline) -> dt.datetime:
    """When a figure reached the system: a quarter two or three weeks after it ended
    and before it was due; a year's figures with the June import, and a revision
    with the next year's; never later than yesterday."""
    period = Period.parse(figure.period)
    if period.frequency == QUARTER:
        after = _rng(spec, f"entered:{period}").randint(*QUARTER_ENTERED_AFTER)
        after = min(after, entry_lag_days(spec, timeline) - 1)
        day = period.end_date() + dt.timedelta(days=after)
    elif figure.revision > 1:
        day = year_import_day(period.next())
    else:
        day = year_import_day(period)
    return time_on(timeline.before_today(day))


def target_texts(spec: MetricSpec, timeline: Timeline) -> dict[str, str]:
    """period → the target as written, for every year the metric has one."""
    if isinstance(spec.target, str):
        return dict.fromkeys(timeline.years(TARGET_YEARS), spec.target)
    texts: dict[str, str] = {}
    current: str | None = None
    changes = dict(spec.target)
    for offset in TARGET_YEARS:
        current = changes.get(offset, current)
        if current is not None:
            texts[timeline.year(offset)] = current
    return texts


def member_figures(
    spec: MetricSpec,
    annual: Sequence[AnnualFigure],
    codes: Sequence[str],
    *,
    around: str,
) -> list[tuple[str, Figure]]:
    """Each place's figure (by its ONS code) for each year Coventry has one: a
    level of the place's own (so a place stays above or below the others from year
    to year) with a little noise, the whole group scaled so that its mean is the
    published figure of the comparator ``around`` (``comparator_figures``), and a
    95% interval as wide as Coventry's would be."""
    decimals = spec.series.decimals if spec.series else 0
    published = {
        figure.period: float(figure.text.replace(",", ""))
        for name, figure in comparator_figures(spec, annual)
        if name == around
    }
    levels = {code: _rng(spec, f"member:{code}").uniform(0.85, 1.15) for code in codes}
    result = []
    for item in annual:
        if math.isnan(item.number):
            continue
        raw = {
            code: item.number
            * levels[code]
            * (
                1
                + _rng(spec, f"member:{code}:{item.figure.period}").uniform(-0.03, 0.03)
            )
            for code in codes
        }
        mean = sum(raw.values()) / len(raw)
        scale = published.get(item.figure.period, mean) / mean if mean else 1.0
        for code in codes:
            number = _clip(spec, raw[code] * scale)
            denominator = item.figure.denominator
            width = _interval_width(
                spec, number, float(denominator) if denominator else None
            )
            lower = upper = None
            if width:
                lower = _decimal(number - width / 2, decimals)
                upper = _decimal(number + width / 2, decimals)
            result.append(
                (
                    code,
                    Figure(
                        item.figure.period,
                        item.figure.label,
                        written_number(number, decimals),
                        lower_ci=lower,
                        upper_ci=upper,
                    ),
                )
            )
    return result
