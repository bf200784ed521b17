"""Checking a figure against its metric (issue 14, DESIGN.md section 3).

A metric says what kind of figure it takes (a number, a count "x out of y", a grade
on its scale, or text); its unit sets the bounds (a percentage from 0 to 100, a rate
or count not below zero); the database column sets the size. A person typing a
figure is refused with a message that says what is expected, with an example in the
metric's unit; an import keeps a refused cell as text with the same message as its
warning. Written shorthand ("1,234", "45%", "£12.4m") is read into the unit when
that is unambiguous, and the check says how it read it ("read as 1234").

Periods: a figure only for a period that has started; a target up to a year after
the latest plan the metric is a headline metric of, or for the current and next
financial year when it is in no plan.

Pure: no database, and ``today`` is always passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Context, Decimal
from enum import StrEnum

from scorecard.domain.periods import Period
from scorecard.domain.values import (
    DEFAULT_GRADE_SCALE,
    ParsedValue,
    ValueKind,
    is_grade_unit,
    is_money_unit,
    is_percentage_unit,
    match_grade,
    parse_value,
    rate_base,
    unit_multiplier,
)


class FigureKind(StrEnum):
    """What a metric's figures are (the values of Metric.value_kind)."""

    NUMBER = "number"
    COUNT = "count"
    GRADE = "grade"
    TEXT = "text"


# What the figure columns hold: MetricValue's DecimalField(max_digits=24,
# decimal_places=6) and value_text's CharField(max_length=500).
DECIMAL_PLACES = 6
DIGITS_BEFORE_POINT = 18
STORED_PLACES = Decimal("0.000001")  # DECIMAL_PLACES of them
TOO_LARGE = Decimal(10) ** DIGITS_BEFORE_POINT
MAX_TEXT_LENGTH = 500

HUNDRED = Decimal(100)
ZERO = Decimal(0)

_WORDS = re.compile(r"[a-z0-9]+", re.IGNORECASE)
# A unit naming a change or a difference may be negative, and a percentage one may
# pass 100: "% change", "percentage points", "% difference", "gap", "% reduction".
_CHANGE_WORDS = frozenset(
    {
        "change",
        "changes",
        "difference",
        "differences",
        "diff",
        "gap",
        "points",
        "point",
        "pp",
        "ppt",
        "reduction",
        "increase",
        "decrease",
        "growth",
        "variance",
        "variation",
        "movement",
        "net",
        "balance",
        "surplus",
        "deficit",
    }
)
# Units that count or measure things, none of which can be below zero.
_QUANTITY_WORDS = frozenset(
    {
        "number",
        "numbers",
        "no",
        "count",
        "total",
        "people",
        "persons",
        "households",
        "homes",
        "pupils",
        "children",
        "visits",
        "days",
        "day",
        "weeks",
        "months",
        "years",
        "hours",
        "minutes",
        "seconds",
        "tonnes",
        "tons",
        "kg",
        "kwh",
        "mwh",
        "fte",
        "ftes",
        "equivalents",
        "equivalent",
        "miles",
        "km",
        "hectares",
        "trees",
        "rate",
        "per",
    }
)
_PLAIN_COUNT_WORDS = frozenset({"number", "numbers", "no", "count", "total"})
_COUNT_AS_RATE = re.compile(r"\b(proportion|ratio|fraction)\b", re.IGNORECASE)
_SLASH_COUNT = re.compile(
    r"(?P<numerator>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*/\s*"
    r"(?P<denominator>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
)
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_ABBREVIATED_SUFFIX = re.compile(r"\d\s*(?P<suffix>k|mn|m|bn|b)$", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d{1,2}|[-+]?\d+,\d{4,}|\d+(?:,\d+)*,\d{1,2}")


def _unit_words(unit: str) -> set[str]:
    return {word.casefold() for word in _WORDS.findall(unit)}


def is_change_unit(unit: str) -> bool:
    """True when the unit measures a change or a difference ("% change",
    "percentage points", "% difference between national comparator")."""
    return bool(_unit_words(unit) & _CHANGE_WORDS)


def is_rate_unit(unit: str) -> bool:
    """True for "rate per 1,000 population", "Rate 1,000 population", "days per
    FTE": an amount of something per something."""
    return rate_base(unit) is not None or bool(_unit_words(unit) & {"rate", "per"})


@dataclass(frozen=True)
class Bounds:
    """The figures a unit allows; None is no bound on that side."""

    lower: Decimal | None
    upper: Decimal | None
    description: str  # the rule in words: "a percentage runs from 0 to 100"

    def refuses(self, number: Decimal) -> bool:
        return (self.lower is not None and number < self.lower) or (
            self.upper is not None and number > self.upper
        )


def unit_bounds(unit: str) -> Bounds:
    """The bounds a metric's unit sets on its figures.

    A percentage runs from 0 to 100; a rate or a count or measured amount (number,
    days, tonnes, years …) is not below zero; a unit naming a change or difference,
    an amount of money, a score or an index has no bound."""
    if is_change_unit(unit) or is_money_unit(unit):
        return Bounds(None, None, "")
    if is_percentage_unit(unit):
        return Bounds(ZERO, HUNDRED, "a percentage runs from 0 to 100")
    if is_rate_unit(unit):
        return Bounds(ZERO, None, f"a {unit.strip()} cannot be below zero")
    if _unit_words(unit) & _QUANTITY_WORDS:
        return Bounds(ZERO, None, f"a figure in {unit.strip()} cannot be below zero")
    return Bounds(None, None, "")


def _article(word: str) -> str:
    return "an" if word[:1].casefold() in "aeiou" else "a"


def expected_figure(
    *, kind: str, unit: str = "", scale: Sequence[str] | None = None
) -> str:
    """What a figure for the metric looks like, with an example in its unit:
    "Enter a number of days per FTE, for example 8.5."."""
    unit = unit.strip()
    if kind == FigureKind.COUNT:
        return "Enter a count as 'x out of y' or 'x/y', for example 19 out of 41."
    if kind == FigureKind.GRADE:
        grades = ", ".join(scale or DEFAULT_GRADE_SCALE)
        return f"Enter a grade on this metric's scale: {grades}."
    if kind == FigureKind.TEXT:
        return "Enter the figure as text."
    words = _unit_words(unit)
    if not unit:
        return "Enter a number, for example 8.5."
    if is_percentage_unit(unit) and not is_change_unit(unit):
        return "Enter a percentage from 0 to 100, for example 45.5 or 45.5%."
    if is_change_unit(unit):
        return f"Enter a figure in {unit} (it may be below zero), for example -2.5."
    if is_money_unit(unit):
        if unit_multiplier(unit) > 1:
            return f"Enter an amount in {unit}, for example 12.4."
        return f"Enter an amount in {unit}, for example 125000 or £1.25m."
    first = next(iter(_WORDS.findall(unit.casefold())), "")
    if rate_base(unit) is not None or first == "rate":
        rate = unit[:1].lower() + unit[1:]  # "Rate per 1,000" mid-sentence
        return f"Enter {_article(rate)} {rate} (not below zero), for example 12.3."
    if not words or words <= {"n", "a"}:
        return "Enter a number, for example 8.5."
    if words <= _PLAIN_COUNT_WORDS:
        return "Enter a number (not below zero), for example 1234."
    if "number" in words:
        return f"Enter a number ({unit}, not below zero), for example 1234."
    if first in {"score", "average", "index", "ratio", "mean", "median"}:
        return f"Enter {_article(unit)} {unit}, for example 46.2."
    if words & _QUANTITY_WORDS:
        return f"Enter a number of {unit}, for example 8.5."
    return f"Enter a figure in {unit}, for example 8.5."


@dataclass(frozen=True)
class FigureCheck:
    """A figure as written, what it was read as, and why it was refused (if it was).

    ``number`` is in the metric's unit, rounded to the places the column keeps.
    ``reading`` says how shorthand was read ("read as 1234"), None when the figure
    was taken as written. ``errors`` maps each field refused ("value_text",
    "numerator", "denominator", "lower_ci", "upper_ci") to its message.
    """

    text: str
    kind: FigureKind
    number: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    grade: str | None = None
    reading: str | None = None
    errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error(self) -> str | None:
        """The figure's own refusal, else the first other one (None when ok)."""
        if "value_text" in self.errors:
            return self.errors["value_text"]
        return next(iter(self.errors.values()), None)


def plain_number(number: Decimal) -> str:
    """A number as people write it: no exponent, no trailing zeros ("12400000",
    "46.341463", "0.5")."""
    if number == 0:
        return "0"
    text = format(number.normalize(), "f")
    return text


def _stored(number: Decimal) -> Decimal:
    stored = number.quantize(STORED_PLACES)
    return abs(stored) if stored == 0 else stored


# SQLite (the embedded default) keeps a decimal as a float and Django reads it
# back at 15 significant digits: a figure that rounds up to 10^18 there would be
# stored but could not be read back.
_READ_BACK = Context(prec=15)


def _too_large(number: Decimal) -> bool:
    # Rounding to six places can carry into the 19th digit (999…9.9999999).
    if not number.is_finite() or abs(number) >= TOO_LARGE - STORED_PLACES / 2:
        return True
    return _READ_BACK.create_decimal(abs(number)) >= TOO_LARGE


def _too_large_message(written: str) -> str:
    shown = written if len(written) <= 40 else written[:37] + "…"
    return (
        f"'{shown}' is too large: a figure can have at most {DIGITS_BEFORE_POINT} "
        "digits before the decimal point."
    )


def _too_large_part(field: str) -> str:
    what = {"lower_ci": "lower confidence limit", "upper_ci": "upper confidence limit"}
    return (
        f"The {what.get(field, field)} is too large: at most {DIGITS_BEFORE_POINT} "
        "digits before the decimal point."
    )


def check_figure(
    text: str,
    *,
    kind: str,
    unit: str = "",
    scale: Sequence[str] | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    lower_ci: Decimal | None = None,
    upper_ci: Decimal | None = None,
) -> FigureCheck:
    """Check a written figure (and the numerator, denominator and confidence limits
    given beside it) against a metric of this kind, unit and grade scale.

    - number: a number in the unit, inside its bounds; "1,234", "45%" (for a
      percentage), "£12.4m" (for money) and "3.5k" (for money or a count) are read
      into the unit; a count "19 out of 41" is read as the rate for a percentage or
      "rate per N" unit; anything else (text, a % sign on a rate, a currency sign
      on a count, a decimal comma) is refused with what is expected and an example.
    - count: "x out of y", "x of y" or "x/y", with 0 <= x <= y and y above zero.
    - grade: a grade on the scale (the default letter scale when none is given).
    - text: any text.
    Every figure is non-empty, at most 500 characters, and every number fits the
    column (at most 18 digits before the point).
    """
    figure_kind = FigureKind(kind)
    stripped = text.replace("\u00a0", " ").strip()
    errors: dict[str, str] = {}
    expected = expected_figure(kind=figure_kind, unit=unit, scale=scale)
    if not stripped:
        return FigureCheck(text, figure_kind, errors={"value_text": expected})
    if "\x00" in text:
        return FigureCheck(
            text,
            figure_kind,
            errors={"value_text": "The figure contains a null character."},
        )
    if len(text) > MAX_TEXT_LENGTH:
        return FigureCheck(
            text,
            figure_kind,
            errors={
                "value_text": f"A figure is at most {MAX_TEXT_LENGTH} characters; "
                f"this one has {len(text)}."
            },
        )

    if figure_kind is FigureKind.NUMBER:
        result = _check_number(text, stripped, unit, expected)
    elif figure_kind is FigureKind.COUNT:
        result = _check_count(text, stripped, unit, expected)
    elif figure_kind is FigureKind.GRADE:
        result = _check_grade(text, stripped, scale, expected)
    else:
        result = FigureCheck(text, figure_kind)
    errors.update(result.errors)

    numerator, denominator = _parts(
        result, numerator, denominator, figure_kind, unit, errors
    )
    lower_ci, upper_ci = _limits(lower_ci, upper_ci, figure_kind, unit, errors)
    return FigureCheck(
        text=text,
        kind=figure_kind,
        number=None if errors.get("value_text") else result.number,
        numerator=numerator,
        denominator=denominator,
        lower_ci=lower_ci,
        upper_ci=upper_ci,
        grade=result.grade,
        reading=result.reading,
        errors=errors,
    )


def _as_count(stripped: str) -> str:
    """ "19/41" written as the "19 out of 41" that parse_value reads."""
    slash = _SLASH_COUNT.fullmatch(stripped)
    if slash is None:
        return stripped
    return f"{slash['numerator']} out of {slash['denominator']}"


def _refused(text: str, kind: FigureKind, message: str) -> FigureCheck:
    return FigureCheck(text, kind, errors={"value_text": message})


def _counts_as_rate(unit: str) -> bool:
    return (
        is_percentage_unit(unit)
        or rate_base(unit) is not None
        or bool(_COUNT_AS_RATE.search(unit))
    )


def _not_a_number(stripped: str, unit: str, expected: str) -> str:
    shown = stripped if len(stripped) <= 40 else stripped[:37] + "…"
    if _DECIMAL_COMMA.fullmatch(stripped):
        return (
            f"'{shown}' is ambiguous: a comma separates thousands (1,234); write "
            f"decimals with a point (1.5). {expected}"
        )
    return f"'{shown}' is not a number. {expected}"


def _read(
    text: str, *, unit: str, scale: Sequence[str] | None = None
) -> ParsedValue | None:
    """parse_value, or None for a figure too long for decimal arithmetic to scale
    ("1000…000m" with more than 28 digits): too large to store in any unit."""
    try:
        return parse_value(text, unit=unit, scale=scale)
    except ArithmeticError:
        return None


def _check_number(text: str, stripped: str, unit: str, expected: str) -> FigureCheck:
    kind = FigureKind.NUMBER
    written = _as_count(stripped)
    parsed = _read(written, unit=unit)
    if parsed is None:
        return _refused(text, kind, _too_large_message(stripped))
    if parsed.kind is ValueKind.COUNT:
        if not _counts_as_rate(unit):
            return _refused(
                text,
                kind,
                f"'{stripped}' is a count, but this metric takes a number. {expected}",
            )
        count = _check_count(text, stripped, unit, expected)
        if not count.ok:
            return count
        return FigureCheck(
            text,
            kind,
            number=count.number,
            numerator=count.numerator,
            denominator=count.denominator,
            reading=f"read as {plain_number(count.number or ZERO)} "
            f"({plain_number(count.numerator or ZERO)} out of "
            f"{plain_number(count.denominator or ZERO)})",
        )
    if parsed.kind is not ValueKind.NUMBER or parsed.number is None:
        return _refused(text, kind, _not_a_number(stripped, unit, expected))
    if parsed.warning:
        return _refused(
            text, kind, f"'{stripped}' is ambiguous: {parsed.warning}. {expected}"
        )
    suffix = _ABBREVIATED_SUFFIX.search(stripped)
    if (
        suffix is not None
        and unit.strip()
        and not is_money_unit(unit)
        and not _unit_words(unit) <= _PLAIN_COUNT_WORDS
    ):
        return _refused(
            text,
            kind,
            f"'{stripped}' is ambiguous: '{suffix['suffix']}' could mean thousands, "
            f"millions or a unit of its own for a figure in {unit.strip()}; write it "
            f"out. {expected}",
        )
    number = parsed.number
    if _too_large(number):
        return _refused(text, kind, _too_large_message(stripped))
    stored = _stored(number)
    bounds = unit_bounds(unit)
    plain = _is_plain(stripped, stored)
    if bounds.refuses(stored):
        read = "" if plain else f" ('{stripped}' was read as {plain_number(stored)})"
        return _refused(
            text, kind, f"{_bound_message(bounds, stored)}{read}. {expected}"
        )
    reading = None if plain else f"read as {plain_number(stored)}"
    return FigureCheck(text, kind, number=stored, reading=reading)


def _bound_message(bounds: Bounds, number: Decimal) -> str:
    return f"{plain_number(number)} is refused: {bounds.description}"


def _is_plain(stripped: str, stored: Decimal) -> bool:
    """Whether the figure was written as the plain number it was read as."""
    return bool(_PLAIN_NUMBER.fullmatch(stripped)) and Decimal(stripped) == stored


def _check_count(text: str, stripped: str, unit: str, expected: str) -> FigureCheck:
    kind = FigureKind.COUNT
    parsed = _read(_as_count(stripped), unit=unit)
    if parsed is None:
        return _refused(text, kind, _too_large_message(stripped))
    if parsed.kind is not ValueKind.COUNT:
        shown = stripped if len(stripped) <= 40 else stripped[:37] + "…"
        return _refused(text, kind, f"'{shown}' is not a count. {expected}")
    numerator = parsed.numerator or ZERO
    denominator = parsed.denominator or ZERO
    if _too_large(numerator) or _too_large(denominator):
        return _refused(text, kind, _too_large_message(stripped))
    if denominator == 0:
        return _refused(
            text,
            kind,
            f"'{stripped}' is out of zero: the total must be more than zero.",
        )
    if _stored(denominator) == 0:
        return _refused(
            text,
            kind,
            f"'{stripped}': the total is 0 when kept to {DECIMAL_PLACES} decimal "
            "places; it must be more than zero.",
        )
    if numerator > denominator:
        return _refused(
            text,
            kind,
            f"'{stripped}' counts more than its total: x out of y needs x no more "
            "than y.",
        )
    number = parsed.number if parsed.number is not None else numerator
    if _too_large(number):
        return _refused(text, kind, _too_large_message(stripped))
    canonical = f"{plain_number(numerator)} out of {plain_number(denominator)}"
    return FigureCheck(
        text,
        kind,
        number=_stored(number),
        numerator=_stored(numerator),
        denominator=_stored(denominator),
        reading=None if stripped == canonical else f"read as {canonical}",
    )


def _check_grade(
    text: str, stripped: str, scale: Sequence[str] | None, expected: str
) -> FigureCheck:
    kind = FigureKind.GRADE
    grades = tuple(scale) if scale else DEFAULT_GRADE_SCALE
    grade = match_grade(stripped, grades)
    if grade is None:
        shown = stripped if len(stripped) <= 40 else stripped[:37] + "…"
        return _refused(text, kind, f"'{shown}' is not on the scale. {expected}")
    return FigureCheck(
        text,
        kind,
        grade=grade,
        reading=None if grade == stripped else f"read as {grade}",
    )


def _parts(
    result: FigureCheck,
    numerator: Decimal | None,
    denominator: Decimal | None,
    kind: FigureKind,
    unit: str,
    errors: dict[str, str],
) -> tuple[Decimal | None, Decimal | None]:
    """The numerator and denominator given beside the figure, checked, else the
    ones the figure itself gives ("19 out of 41")."""
    if numerator is None and denominator is None:
        return result.numerator, result.denominator
    if kind in (FigureKind.GRADE, FigureKind.TEXT):
        errors["numerator"] = (
            f"A {kind.value} figure has no numerator or denominator; leave them empty."
        )
        return None, None
    for name, given in (("numerator", numerator), ("denominator", denominator)):
        if given is None:
            continue
        if _too_large(given):
            errors[name] = _too_large_part(name)
        elif given < 0:
            errors[name] = f"The {name} is a count: it cannot be below zero."
    if errors.keys() & {"numerator", "denominator"}:
        return None, None
    if numerator is None or denominator is None:
        missing = "denominator" if denominator is None else "numerator"
        errors[missing] = "Give both the numerator and the denominator, or neither."
        return None, None
    if denominator == 0:
        errors["denominator"] = "The denominator must be more than zero."
        return None, None
    if _stored(denominator) == 0:
        errors["denominator"] = (
            f"The denominator {plain_number(denominator)} is 0 when kept to "
            f"{DECIMAL_PLACES} decimal places; it must be more than zero."
        )
        return None, None
    if (
        (kind is FigureKind.COUNT or is_percentage_unit(unit))
        and (numerator > denominator)
        and not is_change_unit(unit)
    ):
        errors["numerator"] = (
            "The numerator cannot be larger than the denominator for a "
            + ("count." if kind is FigureKind.COUNT else "percentage.")
        )
        return None, None
    if (
        result.numerator is not None
        and result.denominator is not None
        and (result.numerator, result.denominator)
        != (_stored(numerator), _stored(denominator))
    ):
        errors["numerator"] = (
            f"The numerator and denominator ({plain_number(numerator)} / "
            f"{plain_number(denominator)}) differ from the count in the figure "
            f"({plain_number(result.numerator)} out of "
            f"{plain_number(result.denominator)})."
        )
        return None, None
    return _stored(numerator), _stored(denominator)


def _limits(
    lower: Decimal | None,
    upper: Decimal | None,
    kind: FigureKind,
    unit: str,
    errors: dict[str, str],
) -> tuple[Decimal | None, Decimal | None]:
    """Confidence limits: both or neither, lower first, inside the unit's bounds."""
    if lower is None and upper is None:
        return None, None
    if kind in (FigureKind.GRADE, FigureKind.TEXT):
        errors["lower_ci"] = (
            f"A {kind.value} figure has no confidence interval; leave it empty."
        )
        return None, None
    bounds = unit_bounds(unit)
    for name, given in (("lower_ci", lower), ("upper_ci", upper)):
        if given is None:
            continue
        if _too_large(given):
            errors[name] = _too_large_part(name)
        elif bounds.refuses(_stored(given)):
            errors[name] = (
                f"The confidence limit {_bound_message(bounds, _stored(given))}."
            )
    if errors.keys() & {"lower_ci", "upper_ci"}:
        return None, None
    if lower is None or upper is None:
        missing = "upper_ci" if upper is None else "lower_ci"
        errors[missing] = "Give both confidence limits, or neither."
        return None, None
    if lower > upper:
        errors["upper_ci"] = "The upper confidence limit is below the lower one."
        return None, None
    return _stored(lower), _stored(upper)


def infer_value_kind(
    cells: Iterable[str], unit: str = "", scale: Sequence[str] | None = None
) -> FigureKind:
    """The kind of figure a metric takes, from the cells of an imported file.

    Empty cells ("", "N/A", "[c]" …) say nothing. Cells all numbers: number; all
    counts "x out of y": count; all grades (on the scale, or the letter scale):
    grade; anything else, or cells of more than one kind: text. With no readable
    cell, a rating or grade unit means grade, any other unit number.
    """
    kinds: set[FigureKind] = set()
    for cell in cells:
        parsed = _read(cell, unit=unit, scale=scale)
        if parsed is not None and parsed.kind is ValueKind.EMPTY:
            continue
        if parsed is None or parsed.kind is ValueKind.NUMBER:
            # None: a number too large to hold, which checking refuses as such.
            kinds.add(FigureKind.NUMBER)
        elif parsed.kind is ValueKind.COUNT:
            kinds.add(FigureKind.COUNT)
        elif parsed.kind is ValueKind.GRADE:
            kinds.add(FigureKind.GRADE)
        else:
            kinds.add(FigureKind.TEXT)
        if len(kinds) > 1:
            return FigureKind.TEXT
    if kinds:
        return kinds.pop()
    return FigureKind.GRADE if is_grade_unit(unit) else FigureKind.NUMBER


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def figure_period_error(period: Period, *, today: date) -> str | None:
    """Why a figure cannot be given for the period yet (None when it can): a
    figure is for a period whose first day is on or before today."""
    start = period.start_date()
    if start <= today:
        return None
    return (
        f"{period} has not started: a figure for it can be entered from "
        f"{_day(start)}, the first day of the period."
    )


@dataclass(frozen=True)
class PlanSpan:
    """A plan a metric is a headline metric of: its name and the year it ends, as
    Plan.end_year says it (the 2022-30 plan's last financial year is 2029-30)."""

    name: str
    end_year: int


def target_period_error(
    period: Period, *, today: date, plans: Iterable[PlanSpan] = ()
) -> str | None:
    """Why a target cannot be set for the period (None when it can).

    A target is accepted up to a year after the end of the latest plan in which
    the metric is a headline metric; for a metric in no plan, up to the end of the
    next financial year (the current and the next year are the ones it may plan
    for). Earlier years are accepted in both cases: a past year's target is
    history being recorded or corrected, not a plan."""
    spans = list(plans)
    if spans:
        latest = max(spans, key=lambda span: span.end_year)
        last = Period(latest.end_year)
        if period.year_start <= last.year_start:
            return None
        return (
            f"A target for this metric can be set up to {last}, a year after the "
            f"end of {latest.name}, the latest plan it is a headline metric of; "
            f"{period} is later than that."
        )
    current = Period.containing(today)
    if period.year_start <= current.year_start + 1:
        return None
    return (
        "This metric is not a headline metric of any plan, so its targets can be "
        f"set for the current or the next financial year ({current} or "
        f"{current.next()}) at the latest, not {period}."
    )
