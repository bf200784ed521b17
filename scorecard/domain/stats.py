"""Confidence intervals for proportions and counts, with the standard library only.

Used by the assessment's rule 3: two values whose intervals overlap are "similar".
"""

from __future__ import annotations

import math
from statistics import NormalDist

_TINY = 1e-300
_EPSILON = 1e-15
_MAX_ITERATIONS = 10_000


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"a confidence level lies between 0 and 1, not {confidence}")


def z_value(confidence: float = 0.95) -> float:
    """The two-sided standard normal quantile for a confidence level (1.96 at 95%)."""
    _check_confidence(confidence)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson_interval(
    successes: float, n: float, confidence: float = 0.95
) -> tuple[float, float]:
    """Wilson score interval for a proportion, as proportions between 0 and 1.

    Raises ValueError when n is not positive or successes is outside 0..n.
    """
    if n <= 0:
        raise ValueError(f"a proportion needs a positive denominator, not {n}")
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes out of {n} is not a proportion")
    z = z_value(confidence)
    p = successes / n
    z2_over_n = z * z / n
    centre = (p + z2_over_n / 2) / (1 + z2_over_n)
    half_width = z / (1 + z2_over_n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # At p = 0 or 1 rounding can leave the bound a hair outside 0..1.
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def poisson_interval(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson count, as counts.

    The bounds are gamma quantiles (equivalently chi-square quantiles halved):
    lower = Gamma(count).ppf(α/2) and upper = Gamma(count + 1).ppf(1 - α/2), found by
    bisection on the regularised incomplete gamma function. They match published
    tables: 10 at 95% gives (4.795, 18.390); 0 gives (0, 3.689). Non-integer counts
    (rates scaled back to counts) use the same formula. Raises ValueError for a
    negative count.
    """
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    _check_confidence(confidence)
    alpha = 1 - confidence
    lower = 0.0 if count == 0 else _gamma_quantile(count, alpha / 2)
    upper = _gamma_quantile(count + 1, 1 - alpha / 2)
    return lower, upper


def byar_interval(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Byar's approximation to the exact Poisson interval, as counts.

    Within about 0.1% of the exact interval for counts of 10 or more; offered because
    public health publications often quote it. Raises ValueError for a negative count.
    """
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    z = z_value(confidence)
    lower = 0.0
    if count > 0:
        lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    above = count + 1
    upper = above * (1 - 1 / (9 * above) + z / (3 * math.sqrt(above))) ** 3
    return max(0.0, lower), upper


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when two closed intervals share at least one point (touching counts)."""
    a_low, a_high = min(a), max(a)
    b_low, b_high = min(b), max(b)
    return a_low <= b_high and b_low <= a_high


def regularised_lower_gamma(a: float, x: float) -> float:
    """P(a, x): the gamma(a, 1) distribution's probability below x (a > 0)."""
    if a <= 0:
        raise ValueError(f"the gamma shape must be positive, not {a}")
    if x <= 0:
        return 0.0
    log_prefix = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        return _gamma_series(a, x) * math.exp(log_prefix)
    return 1 - _gamma_continued_fraction(a, x) * math.exp(log_prefix)


def _gamma_series(a: float, x: float) -> float:
    term = 1 / a
    total = term
    shape = a
    for _ in range(_MAX_ITERATIONS):
        shape += 1
        term *= x / shape
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total


def _gamma_continued_fraction(a: float, x: float) -> float:
    # Modified Lentz evaluation of the continued fraction for Q(a, x).
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    fraction = d
    for i in range(1, _MAX_ITERATIONS):
        a_n = -i * (i - a)
        b += 2
        d = a_n * d + b
        d = d if abs(d) >= _TINY else _TINY
        c = b + a_n / c
        c = c if abs(c) >= _TINY else _TINY
        d = 1 / d
        delta = d * c
        fraction *= delta
        if abs(delta - 1) < _EPSILON:
            break
    return fraction


def _gamma_quantile(a: float, probability: float) -> float:
    """The x with P(a, x) = probability, by bisection (P rises monotonically in x)."""
    low, high = 0.0, max(1.0, a)
    while regularised_lower_gamma(a, high) < probability:
        low, high = high, high * 2
    for _ in range(200):
        middle = (low + high) / 2
        if regularised_lower_gamma(a, middle) < probability:
            low = middle
        else:
            high = middle
        if high - low <= _EPSILON * max(1.0, high):
            break
    return (low + high) / 2
