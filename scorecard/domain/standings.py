"""Where we stand among a comparator group (issue 19, item 3).

The one place these rules live; pure (no database, no Django), on ``Decimal`` so a
figure is never rounded on the way. Every result is a frozen dataclass with a
``reason`` a person can read.

**Who is counted.** The *home area* (Coventry) is compared with the *members* of a
group version (its CIPFA nearest neighbours, say). A member without a figure for the
period is left out and named in the reason. A member with the home area's code is
the home area: it is counted once, with the home area's figure.

**Group statistics** (``group_statistics``) are the group's own figure for a
period: count, mean, median, lower and upper quartile, minimum and maximum of the
members' figures, leaving out the home area even where the group lists it. The
quartiles are Python's ``statistics.quantiles(n=4, method="inclusive")``: the
"inclusive" method treats the figures as the whole population, as Excel's
``QUARTILE.INC`` and numpy's default (linear) ``percentile`` do; with one member
every quartile is its figure.

**Rank** (``rank_among``): competition ranking ("1224") by the good direction among
the members with a figure plus the home area, so N counts those members plus the
home area. Rank 1 is the best figure: the highest when up is good, the lowest when
down is good. Equal figures share a rank ("joint 3rd") and the next rank is skipped.
With no good direction there is no best, so there is no rank.

**Quartile** (``quartile_of``) = ⌈4 · rank / N⌉: 1 is the best quarter, 4 the worst.

**Band** (``band_of``): z = (x − median) / (1.4826 · MAD), where the median and the
median absolute deviation (MAD) are the members' figures (the group's figure), and
1.4826 scales the MAD to a standard deviation for normally spread figures. The
band is oriented by the good direction: the *oriented* z is z when up is good and
−z when down is good, so a positive oriented z is always better.

- |z| ≤ 1: "close to most of the group";
- 1 < |z| ≤ 2: "better than most" or "worse than most" (oriented);
- |z| > 2: "well above most" or "well below most", the wording the Office for
  Local Government's automated text used. These two words describe where the
  *figure* lies (above or below the others), not whether it is good, so for a
  down-is-good metric a very low figure is "well below most of the group (better:
  lower is better)", and a very high one "well above most of the group (worse:
  lower is better)". The band's ``judgement`` says better or worse either way.

With no good direction the band still says where the figure lies ("above most",
"well below most") with no judgement. When the MAD is 0 (half or more of the
members share one figure) there is no spread to measure a distance by: a home
figure equal to that median is "close to most of the group"; any other is not
banded, and the reason says which side of the median it lies.

**Comparison with a benchmark** (``compare_with_benchmark``), following
Fingertips' method (OHID's public health profiles; checked against the comparison
in DHSC's FingertipsNext, ``BenchmarkComparisonEngine``): the home area's
confidence interval (95%, or 99.8% as an option) is set against the benchmark's
*value* (the group's or England's figure): an interval wholly above the value is
"higher", wholly below is "lower", and one that overlaps or touches it is
"similar". With a good direction, higher and lower become better and worse. No
interval, or no benchmark value, is "not compared", with the reason.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from scorecard.domain.vocabulary import Direction

# Scales the median absolute deviation to the standard deviation of a normal
# distribution (1 / Φ⁻¹(3/4)).
MAD_SCALE = Decimal("1.4826")
CLOSE_LIMIT = Decimal(1)
WELL_LIMIT = Decimal(2)
INTERVAL_LEVELS = ("95", "99.8")


def ordinal(number: int) -> str:
    """The ordinal of a positive whole number: 1st, 2nd, 3rd, 4th, 11th, 12th,
    13th, 21st, 22nd, 101st, 111th, 112th. Raises ValueError below 1."""
    if number < 1:
        raise ValueError(f"an ordinal is for a whole number from 1, not {number}")
    if number % 100 in {11, 12, 13}:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def possessive(name: str) -> str:
    """ "England's"; "Statistical neighbours'" (a plural's apostrophe follows its s)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _show(number: Decimal) -> str:
    """A figure as a person reads it: no exponent, no trailing zeros."""
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


@dataclass(frozen=True, slots=True)
class PlaceFigure:
    """One place's figure for the period: the home area or a member.

    ``lower`` and ``upper`` are its confidence interval, when the source gives one.
    """

    code: str
    name: str
    value: Decimal | None
    lower: Decimal | None = None
    upper: Decimal | None = None


def _with_figures(
    home: PlaceFigure, members: Iterable[PlaceFigure]
) -> tuple[list[PlaceFigure], list[PlaceFigure]]:
    """The members with a figure and those without, leaving out the home area."""
    counted: list[PlaceFigure] = []
    missing: list[PlaceFigure] = []
    for member in members:
        if member.code == home.code:
            continue
        (missing if member.value is None else counted).append(member)
    return counted, missing


def _missing_note(missing: Sequence[PlaceFigure]) -> str:
    if not missing:
        return ""
    names = ", ".join(member.name or member.code for member in missing)
    has, be = ("has", "is") if len(missing) == 1 else ("have", "are")
    return f" ({names} {has} no figure for the period and {be} not counted)"


# ---------------------------------------------------------------------------
# Group statistics
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupStatistics:
    """The group's figure for a period, computed from its members' figures."""

    count: int
    mean: Decimal | None
    median: Decimal | None
    lower_quartile: Decimal | None
    upper_quartile: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    missing: int
    reason: str


def group_statistics(figures: Iterable[Decimal | None]) -> GroupStatistics:
    """Count, mean, median, quartiles (inclusive method), minimum and maximum of the
    members' figures; a member without a figure (None) is left out and counted in
    ``missing``. With no figures every statistic is None."""
    given = list(figures)
    values = sorted(value for value in given if value is not None)
    missing = len(given) - len(values)
    left_out = (
        f"; {missing} member{'s' if missing != 1 else ''} without a figure left out"
        if missing
        else ""
    )
    if not values:
        return GroupStatistics(
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            missing,
            f"no member has a figure for the period{left_out}",
        )
    if len(values) == 1:
        lower = median = upper = values[0]
    else:
        lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
    mean = sum(values, Decimal(0)) / len(values)
    count = len(values)
    whose = "member's figure" if count == 1 else "members' figures"
    return GroupStatistics(
        count=count,
        mean=mean,
        median=median,
        lower_quartile=lower,
        upper_quartile=upper,
        minimum=values[0],
        maximum=values[-1],
        missing=missing,
        reason=(f"from {count} {whose}{left_out}; quartiles by the inclusive method"),
    )


def median_absolute_deviation(values: Sequence[Decimal]) -> Decimal:
    """The median of the absolute differences from the median (unscaled).
    Raises ValueError for no values."""
    if not values:
        raise ValueError("the median absolute deviation needs at least one figure")
    centre = statistics.median(values)
    return statistics.median([abs(value - centre) for value in values])


# ---------------------------------------------------------------------------
# Rank and quartile
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rank:
    """The home area's place among the members with a figure plus itself.

    ``position`` is None when there is no rank (no good direction, no home figure);
    ``out_of`` is N either way (0 when the home area has no figure).
    """

    position: int | None
    out_of: int
    joint: bool
    quartile: int | None
    reason: str

    @property
    def words(self) -> str:
        """ "joint 3rd of 16", "1st of 16", or "not ranked"."""
        if self.position is None:
            return "not ranked"
        joint = "joint " if self.joint else ""
        return f"{joint}{ordinal(self.position)} of {self.out_of}"


def quartile_of(position: int, out_of: int) -> int:
    """⌈4 · rank / N⌉: 1 is the best quarter, 4 the worst. Raises ValueError when
    the rank is not within 1..N."""
    if not 1 <= position <= out_of:
        raise ValueError(f"a rank runs from 1 to N ({out_of}), not {position}")
    return math.ceil(4 * position / out_of)


def rank_among(
    home: PlaceFigure, members: Iterable[PlaceFigure], direction: Direction
) -> Rank:
    """Competition ranking ("1224") of the home area by the good direction.

    N counts the members with a figure plus the home area; equal figures share a
    rank. No good direction, or no home figure, gives no rank, with the reason.
    """
    counted, missing = _with_figures(home, members)
    note = _missing_note(missing)
    if home.value is None:
        return Rank(
            None,
            0,
            False,
            None,
            f"{home.name or home.code} has no figure for the period, so it cannot "
            "be ranked",
        )
    out_of = len(counted) + 1
    if direction == Direction.NONE:
        return Rank(
            None,
            out_of,
            False,
            None,
            "the metric has no good direction, so no figure is better than another "
            "and there is no rank",
        )
    value = home.value
    if direction == Direction.UP:
        better = sum(
            1 for member in counted if member.value is not None and member.value > value
        )
        way = "highest"
    else:
        better = sum(
            1 for member in counted if member.value is not None and member.value < value
        )
        way = "lowest"
    tied = [member for member in counted if member.value == value]
    position = better + 1
    quartile = quartile_of(position, out_of)
    rank = Rank(position, out_of, bool(tied), quartile, "")
    shared = ""
    if tied:
        names = ", ".join(member.name or member.code for member in tied)
        shared = f"; it shares the figure {_show(value)} with {names}"
    reason = (
        f"{home.name or home.code} is {rank.words} ({way} is best) among "
        f"{len(counted)} member{'s' if len(counted) != 1 else ''} with a figure and "
        f"itself{note}{shared}; quartile {quartile} of 4 (1 is the best quarter)"
    )
    return Rank(position, out_of, bool(tied), quartile, reason)


# ---------------------------------------------------------------------------
# Band
# ---------------------------------------------------------------------------


class BandKind(StrEnum):
    """Where the home figure lies against the group's spread."""

    WELL_ABOVE = "well_above"
    ABOVE = "above"
    CLOSE = "close"
    BELOW = "below"
    WELL_BELOW = "well_below"
    NOT_BANDED = "not_banded"


class Judgement(StrEnum):
    """What the band or the comparison means, by the good direction."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"


@dataclass(frozen=True, slots=True)
class Band:
    """The home figure's distance from the group's median, in scaled MADs.

    ``z`` is (x − median) / (1.4826 · MAD); ``oriented_z`` is z turned so that a
    positive value is better (None with no good direction). ``kind`` says where the
    figure lies (literally above or below), ``judgement`` whether that is better
    or worse, and ``words`` the phrase to show.
    """

    kind: BandKind
    judgement: Judgement | None
    z: Decimal | None
    oriented_z: Decimal | None
    median: Decimal | None
    mad: Decimal | None
    words: str
    reason: str


_LOWER_IS_BETTER = "lower is better"
_HIGHER_IS_BETTER = "higher is better"


def band_of(
    home: PlaceFigure, members: Iterable[PlaceFigure], direction: Direction
) -> Band:
    """The band of the home figure against the members' figures (see the module's
    docstring for the rules and the wording)."""
    counted, missing = _with_figures(home, members)
    note = _missing_note(missing)
    who = home.name or home.code
    if home.value is None:
        return Band(
            BandKind.NOT_BANDED,
            None,
            None,
            None,
            None,
            None,
            "not banded",
            f"{who} has no figure for the period",
        )
    values = [member.value for member in counted if member.value is not None]
    if not values:
        return Band(
            BandKind.NOT_BANDED,
            None,
            None,
            None,
            None,
            None,
            "not banded",
            f"no member of the group has a figure for the period{note}",
        )
    median = statistics.median(values)
    mad = median_absolute_deviation(values)
    x = home.value
    spread = f"the group's median is {_show(median)} and its MAD {_show(mad)}{note}"
    if mad == 0:
        if x == median:
            return Band(
                BandKind.CLOSE,
                Judgement.SIMILAR if direction != Direction.NONE else None,
                Decimal(0),
                Decimal(0) if direction != Direction.NONE else None,
                median,
                mad,
                "close to most of the group",
                f"{who}'s {_show(x)} is the figure half or more of the group share; "
                f"{spread}",
            )
        side = "above" if x > median else "below"
        return Band(
            BandKind.NOT_BANDED,
            None,
            None,
            None,
            median,
            mad,
            "not banded",
            f"half or more of the group share the figure {_show(median)}, so there is "
            f"no spread to measure a distance by (the MAD is 0); {who}'s "
            f"{_show(x)} is {side} it",
        )
    z = (x - median) / (MAD_SCALE * mad)
    oriented: Decimal | None
    if direction == Direction.UP:
        oriented = z
    elif direction == Direction.DOWN:
        oriented = -z
    else:
        oriented = None
    size = abs(z)
    if size <= CLOSE_LIMIT:
        kind = BandKind.CLOSE
    elif size <= WELL_LIMIT:
        kind = BandKind.ABOVE if z > 0 else BandKind.BELOW
    else:
        kind = BandKind.WELL_ABOVE if z > 0 else BandKind.WELL_BELOW
    judgement: Judgement | None
    if oriented is None:
        judgement = None
    elif kind == BandKind.CLOSE:
        judgement = Judgement.SIMILAR
    else:
        judgement = Judgement.BETTER if oriented > 0 else Judgement.WORSE
    better_way = _HIGHER_IS_BETTER if direction == Direction.UP else _LOWER_IS_BETTER
    if kind == BandKind.CLOSE:
        words = "close to most of the group"
    elif kind in {BandKind.ABOVE, BandKind.BELOW}:
        if judgement is None:
            words = f"{kind.value} most of the group"
        else:
            words = f"{judgement.value} than most of the group"
    else:
        place = "well above" if kind == BandKind.WELL_ABOVE else "well below"
        words = f"{place} most of the group"
        if judgement is not None:
            words += f" ({judgement.value}: {better_way})"
    z_text = f"{z:.2f}"
    reason = (
        f"{who}'s {_show(x)} is {z_text} scaled MADs from the median "
        f"(|z| ≤ 1 is close, up to 2 better or worse than most, beyond 2 well above "
        f"or below); {spread}"
    )
    return Band(kind, judgement, z, oriented, median, mad, words, reason)


# ---------------------------------------------------------------------------
# Comparison with a benchmark (Fingertips' method)
# ---------------------------------------------------------------------------


class Comparison(StrEnum):
    """The outcome of setting the home area's interval against a benchmark value."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"
    NOT_COMPARED = "not_compared"


@dataclass(frozen=True, slots=True)
class BenchmarkComparison:
    """The home area against a benchmark's value at a confidence level."""

    outcome: Comparison
    level: str
    benchmark_name: str
    benchmark_value: Decimal | None
    reason: str


def compare_with_benchmark(
    home: PlaceFigure,
    *,
    benchmark_name: str,
    benchmark_value: Decimal | None,
    direction: Direction,
    level: str = "95",
) -> BenchmarkComparison:
    """Fingertips' comparison: the home area's interval at ``level`` ("95" or
    "99.8"; ``home.lower``/``home.upper`` are the limits at that level) against the
    benchmark's value. Wholly above is higher, wholly below lower, touching or
    overlapping similar; with a good direction higher/lower read as better/worse.
    """
    if level not in INTERVAL_LEVELS:
        raise ValueError(f"the confidence level is 95 or 99.8, not {level!r}")
    who = home.name or home.code
    against = f"{possessive(benchmark_name)} figure"

    def not_compared(why: str) -> BenchmarkComparison:
        return BenchmarkComparison(
            Comparison.NOT_COMPARED, level, benchmark_name, benchmark_value, why
        )

    if benchmark_value is None:
        return not_compared(f"{benchmark_name} has no figure for the period")
    if home.lower is None or home.upper is None:
        return not_compared(
            f"{who}'s figure has no {level}% confidence interval, so whether it "
            f"differs from {against} cannot be tested"
        )
    if home.lower > home.upper:
        return not_compared(
            f"{who}'s interval is not an interval: its lower limit "
            f"{_show(home.lower)} is above its upper limit {_show(home.upper)}"
        )
    interval = f"{who}'s {level}% interval {_show(home.lower)} to {_show(home.upper)}"
    value = _show(benchmark_value)
    if home.lower > benchmark_value:
        raw = Comparison.HIGHER
        how = f"{interval} is wholly above {against} {value}"
    elif home.upper < benchmark_value:
        raw = Comparison.LOWER
        how = f"{interval} is wholly below {against} {value}"
    else:
        raw = Comparison.SIMILAR
        how = f"{interval} includes {against} {value}"
    if raw == Comparison.SIMILAR or direction == Direction.NONE:
        outcome = raw
        meaning = (
            "" if raw == Comparison.SIMILAR else " (the metric has no good direction)"
        )
    else:
        good = Comparison.HIGHER if direction == Direction.UP else Comparison.LOWER
        outcome = Comparison.BETTER if raw == good else Comparison.WORSE
        better_way = (
            _HIGHER_IS_BETTER if direction == Direction.UP else _LOWER_IS_BETTER
        )
        meaning = f" ({better_way})"
    return BenchmarkComparison(
        outcome,
        level,
        benchmark_name,
        benchmark_value,
        f"{outcome.value.replace('_', ' ')}: {how}{meaning}",
    )


# ---------------------------------------------------------------------------
# Everything for one metric, period and group
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the home area stands in one group for one metric and period."""

    statistics: GroupStatistics
    rank: Rank
    band: Band
    comparison: BenchmarkComparison | None


def standing(
    home: PlaceFigure,
    members: Sequence[PlaceFigure],
    direction: Direction,
    *,
    benchmark_name: str | None = None,
    benchmark_value: Decimal | None = None,
    level: str = "95",
) -> Standing:
    """The group's statistics, the home area's rank, quartile and band and, when a
    benchmark is named, the comparison with it."""
    counted, _ = _with_figures(home, members)
    missing = [
        member
        for member in members
        if member.code != home.code and member.value is None
    ]
    stats = group_statistics(
        [member.value for member in counted] + [None] * len(missing)
    )
    comparison = None
    if benchmark_name is not None:
        comparison = compare_with_benchmark(
            home,
            benchmark_name=benchmark_name,
            benchmark_value=benchmark_value,
            direction=direction,
            level=level,
        )
    return Standing(
        statistics=stats,
        rank=rank_among(home, members, direction),
        band=band_of(home, members, direction),
        comparison=comparison,
    )
