"""Where we stand: rank, quartile, band and the benchmark comparison (issue 19).

Every expected figure below is worked by hand from the rules in
scorecard/domain/standings.py's docstring; the working is in the comments.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.standings import (
    BandKind,
    Comparison,
    Judgement,
    PlaceFigure,
    band_of,
    compare_with_benchmark,
    group_statistics,
    median_absolute_deviation,
    ordinal,
    quartile_of,
    rank_among,
    standing,
)
from scorecard.domain.vocabulary import Direction

UP, DOWN, NONE = Direction.UP, Direction.DOWN, Direction.NONE
HOME_CODE = "E08000026"


def d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def home(value: str | None, lower: str | None = None, upper: str | None = None):
    return PlaceFigure(HOME_CODE, "Coventry", d(value), d(lower), d(upper))


def members(*values: str | None) -> list[PlaceFigure]:
    return [
        PlaceFigure(f"E0600{index:04d}", f"Member {index}", d(value))
        for index, value in enumerate(values, start=1)
    ]


# --- ordinal words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"),
        (11, "11th"), (12, "12th"), (13, "13th"), (14, "14th"), (21, "21st"),
        (22, "22nd"), (23, "23rd"), (100, "100th"), (101, "101st"),
        (102, "102nd"), (111, "111th"), (112, "112th"), (113, "113th"),
        (121, "121st"), (1001, "1001st"), (1011, "1011th"),
    ],
)  # fmt: skip
def test_ordinal(number: int, words: str) -> None:
    assert ordinal(number) == words


@pytest.mark.parametrize("number", [0, -1])
def test_ordinal_refuses_below_one(number: int) -> None:
    with pytest.raises(ValueError, match="from 1"):
        ordinal(number)


# --- group statistics --------------------------------------------------------

# Inclusive quartiles: position (n − 1)·p in the sorted figures, interpolated.
# 10 20 30 40 50: positions 1, 2, 3 → 20, 30, 40.
# 10 20 30 40: positions 0.75, 1.5, 2.25 → 17.5, 25, 32.5.
# 1 2 3 4 5 6: positions 1.25, 2.5, 3.75 → 2.25, 3.5, 4.75.
STATISTICS_TABLE = [
    # figures, count, mean, median, lower q, upper q, min, max, missing
    (["10", "20", "30", "40", "50"], 5, "30", "30", "20", "40", "10", "50", 0),
    (["40", "10", "30", "20"], 4, "25", "25", "17.5", "32.5", "10", "40", 0),
    (["6", "1", "5", "2", "4", "3"], 6, "3.5", "3.5", "2.25", "4.75", "1", "6", 0),
    (["10", None, "20", None, "30"], 3, "20", "20", "15", "25", "10", "30", 2),
    (["7.5"], 1, "7.5", "7.5", "7.5", "7.5", "7.5", "7.5", 0),
    (["5", "5", "5"], 3, "5", "5", "5", "5", "5", "5", 0),
    (["-2", "0", "2"], 3, "0", "0", "-1", "1", "-2", "2", 0),
]


@pytest.mark.parametrize(
    ("figures", "count", "mean", "median", "lower", "upper", "low", "high", "missing"),
    STATISTICS_TABLE,
)
def test_group_statistics(
    figures, count, mean, median, lower, upper, low, high, missing
) -> None:
    stats = group_statistics([d(figure) for figure in figures])
    assert stats.count == count
    assert stats.missing == missing
    assert (
        stats.mean,
        stats.median,
        stats.lower_quartile,
        stats.upper_quartile,
        stats.minimum,
        stats.maximum,
    ) == tuple(Decimal(x) for x in (mean, median, lower, upper, low, high))
    assert "inclusive" in stats.reason
    whose = "1 member's figure" if count == 1 else f"{count} members' figures"
    assert stats.reason.startswith(f"from {whose}")
    if missing:
        assert f"{missing} members without a figure left out" in stats.reason


def test_group_statistics_with_no_figures() -> None:
    stats = group_statistics([None, None])
    assert stats.count == 0
    assert stats.missing == 2
    assert stats.median is None and stats.mean is None and stats.maximum is None
    assert stats.reason.startswith("no member has a figure")


def test_group_statistics_agree_with_the_standard_library_on_many_figures() -> None:
    figures = [Decimal(n) for n in (3, 9, 1, 7, 7, 12, 4, 15, 2, 8, 6)]
    stats = group_statistics(figures)
    # sorted: 1 2 3 4 6 7 7 8 9 12 15; positions 2.5, 5, 7.5 → 3.5, 7, 8.5
    assert (stats.lower_quartile, stats.median, stats.upper_quartile) == (
        Decimal("3.5"),
        Decimal(7),
        Decimal("8.5"),
    )


@pytest.mark.parametrize(
    ("figures", "mad"),
    [
        (["1", "2", "3", "4", "100"], "1"),  # median 3; deviations 2 1 0 1 97 → 1
        (["10", "20", "30", "40"], "10"),  # median 25; 15 5 5 15 → 10
        (["5", "5", "5", "9"], "0"),  # median 5; 0 0 0 4 → 0
        (["8"], "0"),
    ],
)
def test_median_absolute_deviation(figures, mad) -> None:
    assert median_absolute_deviation([Decimal(f) for f in figures]) == Decimal(mad)


# --- rank and quartile -------------------------------------------------------

# Competition ranking: rank = 1 + the number of figures strictly better.
RANK_TABLE = [
    # home, members, direction, position, N, joint, quartile, words
    ("50", ["10", "20", "30", "40"], UP, 1, 5, False, 1, "1st of 5"),
    ("10", ["10", "20", "30", "40"], UP, 4, 5, True, 4, "joint 4th of 5"),
    ("30", ["10", "30", "30", "40"], UP, 2, 5, True, 2, "joint 2nd of 5"),
    # down is good: lowest first; 10 beats 30 so Coventry's 30 is joint 2nd
    ("30", ["10", "30", "30", "40"], DOWN, 2, 5, True, 2, "joint 2nd of 5"),
    ("5", ["10", "20", "30", "40"], DOWN, 1, 5, False, 1, "1st of 5"),
    ("45", ["10", "20", "30", "40"], DOWN, 5, 5, False, 4, "5th of 5"),
    # 1224: figures 9, 8, 8, 7 with Coventry on 7 (up) → 1, 2, 2, 4
    ("7", ["9", "8", "8"], UP, 4, 4, False, 4, "4th of 4"),
    ("8", ["9", "8", "7"], UP, 2, 4, True, 2, "joint 2nd of 4"),
    # missing members are left out of N
    ("20", ["10", None, "30", None], UP, 2, 3, False, 3, "2nd of 3"),
    # a single member
    ("20", ["10"], UP, 1, 2, False, 2, "1st of 2"),
    ("20", ["10"], DOWN, 2, 2, False, 4, "2nd of 2"),
    # no members with a figure: Coventry alone
    ("20", [None, None], UP, 1, 1, False, 4, "1st of 1"),
    # sixteen places (CIPFA's 15 neighbours plus Coventry): 3rd of 16 → q1
    ("88", [str(n) for n in (90, 89, *range(87, 74, -1))],
     UP, 3, 16, False, 1, "3rd of 16"),
    # equal figures written differently are equal
    ("30.0", ["30", "40"], UP, 2, 3, True, 3, "joint 2nd of 3"),
]  # fmt: skip


@pytest.mark.parametrize(
    (
        "value",
        "others",
        "direction",
        "position",
        "out_of",
        "joint",
        "quartile",
        "words",
    ),
    RANK_TABLE,
)
def test_rank(value, others, direction, position, out_of, joint, quartile, words):
    rank = rank_among(home(value), members(*others), direction)
    assert (rank.position, rank.out_of, rank.joint, rank.quartile) == (
        position,
        out_of,
        joint,
        quartile,
    )
    assert rank.words == words
    assert rank.reason.startswith(f"Coventry is {words}")
    best = "highest" if direction == UP else "lowest"
    assert f"({best} is best)" in rank.reason


def test_rank_names_the_members_left_out_and_the_ties() -> None:
    rank = rank_among(home("30"), members("30", None, "40"), UP)
    assert "Member 2 has no figure for the period and is not counted" in rank.reason
    assert "shares the figure 30 with Member 1" in rank.reason


def test_the_home_area_listed_in_its_own_group_is_counted_once() -> None:
    group = [*members("10", "40"), PlaceFigure(HOME_CODE, "Coventry", Decimal(99))]
    rank = rank_among(home("20"), group, UP)
    assert (rank.position, rank.out_of) == (2, 3)


def test_no_rank_without_a_good_direction() -> None:
    rank = rank_among(home("20"), members("10", "30"), NONE)
    assert rank.position is None and rank.quartile is None
    assert rank.out_of == 3
    assert rank.words == "not ranked"
    assert "no good direction" in rank.reason


def test_no_rank_without_a_home_figure() -> None:
    rank = rank_among(home(None), members("10", "30"), UP)
    assert rank.position is None and rank.out_of == 0
    assert "Coventry has no figure for the period" in rank.reason


@pytest.mark.parametrize(
    ("position", "out_of", "quartile"),
    [
        (1, 16, 1), (4, 16, 1), (5, 16, 2), (8, 16, 2), (9, 16, 3),
        (12, 16, 3), (13, 16, 4), (16, 16, 4),
        (1, 1, 4), (1, 2, 2), (2, 2, 4), (1, 3, 2), (2, 3, 3), (3, 3, 4),
        (1, 5, 1), (2, 5, 2), (3, 5, 3), (4, 5, 4), (5, 5, 4),
    ],
)  # fmt: skip
def test_quartile(position: int, out_of: int, quartile: int) -> None:
    assert quartile_of(position, out_of) == quartile


@pytest.mark.parametrize(("position", "out_of"), [(0, 5), (6, 5), (1, 0)])
def test_quartile_refuses_a_rank_outside_one_to_n(position, out_of) -> None:
    with pytest.raises(ValueError, match="rank runs from 1 to N"):
        quartile_of(position, out_of)


# --- band ----------------------------------------------------------------------

# Members 10 20 30 40 50: median 30, deviations 20 10 0 10 20 → MAD 10, so the
# scale is 1.4826 · 10 = 14.826 and z = (x − 30) / 14.826.
#   x = 44.826 → z = 1 exactly (close); 44.9 → 1.005 (above);
#   x = 59.652 → z = 2 exactly; 60 → 2.0235 (well above); 15.174 → −1; 0 → −2.02
SPREAD = ["10", "20", "30", "40", "50"]
BAND_TABLE = [
    # x, direction, kind, judgement, words
    ("30", UP, BandKind.CLOSE, Judgement.SIMILAR, "close to most of the group"),
    ("44.826", UP, BandKind.CLOSE, Judgement.SIMILAR, "close to most of the group"),
    ("15.174", UP, BandKind.CLOSE, Judgement.SIMILAR, "close to most of the group"),
    ("44.9", UP, BandKind.ABOVE, Judgement.BETTER, "better than most of the group"),
    ("44.9", DOWN, BandKind.ABOVE, Judgement.WORSE, "worse than most of the group"),
    ("15", UP, BandKind.BELOW, Judgement.WORSE, "worse than most of the group"),
    ("15", DOWN, BandKind.BELOW, Judgement.BETTER, "better than most of the group"),
    ("59.652", UP, BandKind.ABOVE, Judgement.BETTER, "better than most of the group"),
    ("60", UP, BandKind.WELL_ABOVE, Judgement.BETTER,
     "well above most of the group (better: higher is better)"),
    ("60", DOWN, BandKind.WELL_ABOVE, Judgement.WORSE,
     "well above most of the group (worse: lower is better)"),
    ("0", UP, BandKind.WELL_BELOW, Judgement.WORSE,
     "well below most of the group (worse: higher is better)"),
    ("0", DOWN, BandKind.WELL_BELOW, Judgement.BETTER,
     "well below most of the group (better: lower is better)"),
    # no good direction: where it lies, without a judgement
    ("44.9", NONE, BandKind.ABOVE, None, "above most of the group"),
    ("15", NONE, BandKind.BELOW, None, "below most of the group"),
    ("60", NONE, BandKind.WELL_ABOVE, None, "well above most of the group"),
    ("30", NONE, BandKind.CLOSE, None, "close to most of the group"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "direction", "kind", "judgement", "words"), BAND_TABLE
)
def test_band(value, direction, kind, judgement, words) -> None:
    band = band_of(home(value), members(*SPREAD), direction)
    assert (band.kind, band.judgement, band.words) == (kind, judgement, words)
    assert band.median == Decimal(30) and band.mad == Decimal(10)
    expected_z = (Decimal(value) - 30) / Decimal("14.826")
    assert band.z == expected_z
    if direction == UP:
        assert band.oriented_z == expected_z
    elif direction == DOWN:
        assert band.oriented_z == -expected_z
    else:
        assert band.oriented_z is None
    assert "the group's median is 30 and its MAD 10" in band.reason


def test_band_leaves_out_missing_members() -> None:
    band = band_of(home("60"), members(*SPREAD, None), UP)
    assert band.kind == BandKind.WELL_ABOVE
    assert "Member 6 has no figure for the period" in band.reason


def test_band_when_the_mad_is_zero_and_the_figure_is_the_median() -> None:
    band = band_of(home("5"), members("5", "5", "5", "9"), UP)
    assert band.kind == BandKind.CLOSE and band.judgement == Judgement.SIMILAR
    assert band.mad == 0 and band.z == 0


@pytest.mark.parametrize(("value", "side"), [("6", "above"), ("4", "below")])
def test_band_when_the_mad_is_zero_and_the_figure_differs(value, side) -> None:
    band = band_of(home(value), members("5", "5", "5", "9"), DOWN)
    assert band.kind == BandKind.NOT_BANDED
    assert band.z is None and band.judgement is None
    assert "the MAD is 0" in band.reason
    assert f"Coventry's {value} is {side} it" in band.reason


def test_band_with_a_single_member() -> None:
    # One member: its MAD is 0, so only an equal figure is banded.
    assert band_of(home("7"), members("7"), UP).kind == BandKind.CLOSE
    assert band_of(home("8"), members("7"), UP).kind == BandKind.NOT_BANDED


def test_band_without_figures() -> None:
    assert band_of(home(None), members(*SPREAD), UP).kind == BandKind.NOT_BANDED
    none_left = band_of(home("5"), members(None, None), UP)
    assert none_left.kind == BandKind.NOT_BANDED
    assert "no member of the group has a figure" in none_left.reason


# --- comparison with a benchmark (Fingertips' method) ---------------------------

COMPARISON_TABLE = [
    # value, lower, upper, benchmark, direction, outcome
    ("60", "55", "65", "50", UP, Comparison.BETTER),  # wholly above, up is good
    ("60", "55", "65", "50", DOWN, Comparison.WORSE),  # wholly above, down is good
    ("40", "35", "45", "50", UP, Comparison.WORSE),
    ("40", "35", "45", "50", DOWN, Comparison.BETTER),
    ("52", "48", "56", "50", UP, Comparison.SIMILAR),  # overlaps
    ("52", "48", "56", "50", DOWN, Comparison.SIMILAR),
    ("55", "50", "60", "50", UP, Comparison.SIMILAR),  # touches the lower limit
    ("45", "40", "50", "50", DOWN, Comparison.SIMILAR),  # touches the upper limit
    ("60", "55", "65", "50", NONE, Comparison.HIGHER),
    ("40", "35", "45", "50", NONE, Comparison.LOWER),
    ("52", "48", "56", "50", NONE, Comparison.SIMILAR),
]


@pytest.mark.parametrize(
    ("value", "lower", "upper", "benchmark", "direction", "outcome"), COMPARISON_TABLE
)
def test_compare_with_benchmark(value, lower, upper, benchmark, direction, outcome):
    result = compare_with_benchmark(
        home(value, lower, upper),
        benchmark_name="England",
        benchmark_value=Decimal(benchmark),
        direction=direction,
    )
    assert result.outcome == outcome
    assert result.level == "95"
    assert result.reason.startswith(f"{outcome.value}: Coventry's 95% interval")
    assert f"England's figure {benchmark}" in result.reason


def test_compare_at_99_8_percent() -> None:
    result = compare_with_benchmark(
        home("60", "49", "71"),
        benchmark_name="CIPFA nearest neighbours (2023 model)",
        benchmark_value=Decimal(50),
        direction=UP,
        level="99.8",
    )
    assert result.outcome == Comparison.SIMILAR
    assert "99.8% interval 49 to 71 includes CIPFA nearest neighbours" in result.reason


@pytest.mark.parametrize(
    ("figure", "benchmark", "why"),
    [
        (home("60"), Decimal(50), "no 95% confidence interval"),
        (home("60", "55", None), Decimal(50), "no 95% confidence interval"),
        (home("60", "55", "65"), None, "England has no figure for the period"),
        (home("60", "65", "55"), Decimal(50), "is not an interval"),
    ],
)
def test_not_compared(figure, benchmark, why) -> None:
    result = compare_with_benchmark(
        figure, benchmark_name="England", benchmark_value=benchmark, direction=UP
    )
    assert result.outcome == Comparison.NOT_COMPARED
    assert why in result.reason


def test_compare_refuses_an_unknown_level() -> None:
    with pytest.raises(ValueError, match=r"95 or 99\.8"):
        compare_with_benchmark(
            home("1", "0", "2"),
            benchmark_name="England",
            benchmark_value=Decimal(1),
            direction=UP,
            level="90",
        )


def test_standing_puts_it_together() -> None:
    result = standing(
        home("44.9", "40", "49"),
        members(*SPREAD, None),
        DOWN,
        benchmark_name="England",
        benchmark_value=Decimal(35),
    )
    assert result.statistics.count == 5 and result.statistics.missing == 1
    assert result.statistics.median == 30
    assert result.rank.words == "5th of 6"  # 10 20 30 40 lower, 50 higher … 44.9
    assert result.rank.quartile == 4
    assert result.band.words == "worse than most of the group"
    assert result.comparison is not None
    assert result.comparison.outcome == Comparison.WORSE


def test_standing_without_a_benchmark_has_no_comparison() -> None:
    assert standing(home("1"), members("2"), UP).comparison is None


# --- properties ------------------------------------------------------------------

figures = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
optional_figures = st.one_of(st.none(), figures)
directed = st.sampled_from([UP, DOWN])


@given(figures, st.lists(optional_figures, max_size=30), directed)
def test_rank_is_within_one_to_n_and_the_quartile_within_one_to_four(
    value, others, direction
) -> None:
    rank = rank_among(home(str(value)), members(*map(_text, others)), direction)
    assert rank.out_of == 1 + sum(other is not None for other in others)
    assert rank.position is not None and 1 <= rank.position <= rank.out_of
    assert rank.quartile is not None and 1 <= rank.quartile <= 4


@given(st.lists(figures, min_size=2, max_size=20, unique=True), st.data())
def test_reversing_the_direction_reverses_the_order_of_distinct_figures(
    values, data
) -> None:
    chosen = data.draw(st.sampled_from(values))
    others = [value for value in values if value != chosen]
    up = rank_among(home(str(chosen)), members(*map(str, others)), UP)
    down = rank_among(home(str(chosen)), members(*map(str, others)), DOWN)
    assert up.position is not None and down.position is not None
    assert up.position + down.position == len(values) + 1
    assert not up.joint and not down.joint


@given(figures, st.lists(figures, min_size=1, max_size=20), directed)
def test_the_band_judgement_turns_with_the_direction(value, others, direction):
    band = band_of(home(str(value)), members(*map(str, others)), direction)
    other = UP if direction == DOWN else DOWN
    turned = band_of(home(str(value)), members(*map(str, others)), other)
    assert band.kind == turned.kind
    flip = {Judgement.BETTER: Judgement.WORSE, Judgement.WORSE: Judgement.BETTER}
    assert turned.judgement == flip.get(band.judgement, band.judgement)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("England", "England's"),
        ("Statistical neighbours", "Statistical neighbours'"),
        ("CIPFA nearest neighbours average", "CIPFA nearest neighbours average's"),
    ],
)
def test_possessive(name, said):
    from scorecard.domain.standings import possessive

    assert possessive(name) == said
