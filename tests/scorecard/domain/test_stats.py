import pytest

from scorecard.domain.stats import (
    byar_interval,
    intervals_overlap,
    poisson_interval,
    regularised_lower_gamma,
    wilson_interval,
    z_value,
)


@pytest.mark.parametrize(
    ("confidence", "z"),
    [(0.95, 1.959964), (0.99, 2.575829), (0.90, 1.644854), (0.999, 3.290527)],
)
def test_z_value(confidence: float, z: float) -> None:
    assert z_value(confidence) == pytest.approx(z, abs=1e-6)


# Newcombe (1998), "Two-sided confidence intervals for the single proportion",
# Statistics in Medicine 17: 857-872, Table II, method 3 (Wilson score).
@pytest.mark.parametrize(
    ("successes", "n", "lower", "upper"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),
    ],
)
def test_wilson_interval_matches_newcombe(
    successes: int, n: int, lower: float, upper: float
) -> None:
    low, high = wilson_interval(successes, n)
    assert low == pytest.approx(lower, abs=5e-5)
    assert high == pytest.approx(upper, abs=5e-5)


def test_wilson_interval_bounds_are_exact_at_the_edges() -> None:
    assert wilson_interval(0, 20)[0] == 0.0
    assert wilson_interval(29, 29)[1] == 1.0


def test_wilson_interval_widens_with_confidence() -> None:
    narrow = wilson_interval(50, 100, 0.90)
    wide = wilson_interval(50, 100, 0.99)
    assert wide[0] < narrow[0] < 0.5 < narrow[1] < wide[1]
    assert wilson_interval(50, 100) == pytest.approx((0.4038, 0.5962), abs=5e-5)


@pytest.mark.parametrize(
    ("successes", "n", "confidence"),
    [(1, 0, 0.95), (-1, 10, 0.95), (11, 10, 0.95), (5, 10, 1.0), (5, 10, 0.0)],
)
def test_wilson_interval_rejects_impossible_input(
    successes: float, n: float, confidence: float
) -> None:
    with pytest.raises(ValueError):
        wilson_interval(successes, n, confidence)


# Exact Poisson limits as tabulated (e.g. Ulm 1990; the ONS/PHE "Byar" tables quote
# the same exact values to three places).
@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    [
        (0, 0.0, 3.6889),
        (1, 0.0253, 5.5716),
        (2, 0.2422, 7.2247),
        (3, 0.6187, 8.7673),
        (4, 1.0899, 10.2416),
        (5, 1.6235, 11.6683),
        (10, 4.7954, 18.3904),
        (20, 12.2165, 30.8884),
        (50, 37.1110, 65.9188),
        (100, 81.3640, 121.6268),
    ],
)
def test_poisson_interval_matches_published_exact_limits(
    count: int, lower: float, upper: float
) -> None:
    low, high = poisson_interval(count)
    assert low == pytest.approx(lower, abs=1e-4)
    assert high == pytest.approx(upper, abs=1e-4)


def test_poisson_interval_at_99_percent() -> None:
    assert poisson_interval(10, 0.99) == pytest.approx((3.7169, 21.3978), abs=1e-4)
    assert poisson_interval(0, 0.99) == pytest.approx((0.0, 5.2983), abs=1e-4)


def test_poisson_interval_of_zero_has_a_lower_bound_of_exactly_zero() -> None:
    assert poisson_interval(0)[0] == 0.0


def test_poisson_interval_accepts_a_non_integer_count() -> None:
    low, high = poisson_interval(10.5)
    assert poisson_interval(10)[0] < low < poisson_interval(11)[0]
    assert poisson_interval(10)[1] < high < poisson_interval(11)[1]


@pytest.mark.parametrize(("count", "confidence"), [(-1, 0.95), (5, 1.5)])
def test_poisson_interval_rejects_impossible_input(
    count: float, confidence: float
) -> None:
    with pytest.raises(ValueError):
        poisson_interval(count, confidence)


@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    [
        (0, 0.0, 3.6680),
        (10, 4.7874, 18.3915),
        (100, 81.3621, 121.6279),
    ],
)
def test_byar_interval(count: int, lower: float, upper: float) -> None:
    low, high = byar_interval(count)
    assert low == pytest.approx(lower, abs=1e-4)
    assert high == pytest.approx(upper, abs=1e-4)


def test_byar_interval_rejects_a_negative_count() -> None:
    with pytest.raises(ValueError):
        byar_interval(-1)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((1.0, 2.0), (1.5, 3.0), True),
        ((1.0, 2.0), (2.0, 3.0), True),  # touching counts
        ((1.0, 2.0), (2.1, 3.0), False),
        ((2.1, 3.0), (1.0, 2.0), False),
        ((1.0, 5.0), (2.0, 3.0), True),  # one inside the other
        ((2.0, 1.0), (1.5, 3.0), True),  # written backwards
    ],
)
def test_intervals_overlap(
    a: tuple[float, float], b: tuple[float, float], overlap: bool
) -> None:
    assert intervals_overlap(a, b) is overlap


@pytest.mark.parametrize(
    ("a", "x", "p"),
    [
        (1.0, 1.0, 0.6321206),  # 1 - e**-1
        (1.0, 0.0, 0.0),
        (2.0, 10.0, 0.9995006),
        (5.0, 2.0, 0.0526530),
        (0.5, 0.5, 0.6826895),  # erf(sqrt(0.5))
    ],
)
def test_regularised_lower_gamma(a: float, x: float, p: float) -> None:
    assert regularised_lower_gamma(a, x) == pytest.approx(p, abs=1e-7)


def test_regularised_lower_gamma_rejects_a_non_positive_shape() -> None:
    with pytest.raises(ValueError):
        regularised_lower_gamma(0, 1)
