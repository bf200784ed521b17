"""Reading metric values as people write them (DESIGN.md sections 3 and 6).

A value is always kept exactly as written; parsing only adds what can be read from it
without guessing. Anything that cannot be read is TEXT with a warning saying why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ValueKind(StrEnum):
    """The shape a written value turned out to have."""

    NUMBER = "number"
    GRADE = "grade"
    COUNT = "count"  # "19 out of 41"
    BREAKDOWN = "breakdown"  # "Female - 68.1 Male - 31.9"
    TEXT = "text"
    EMPTY = "empty"


# Best first, as DESIGN.md section 3 orders letter grades.
DEFAULT_GRADE_SCALE: tuple[str, ...] = (
    "A+",
    "A",
    "A-",
    "B+",
    "B",
    "B-",
    "C+",
    "C",
    "C-",
    "D+",
    "D",
    "D-",
    "E",
    "F",
)


@dataclass(frozen=True)
class ParsedValue:
    """A value as written, and what could be read from it.

    `number` is the value in the metric's unit (None for grades, breakdowns, text and
    empty cells). For a COUNT it is the count read into the unit (see parse_value).
    """

    text: str
    kind: ValueKind
    number: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    grade: str | None = None
    groups: tuple[tuple[str, Decimal], ...] = ()
    warning: str | None = None


# Markers that mean "no figure": the usual blanks plus the GSS/ONS shorthand for
# suppressed ([c]), not available ([x]) and not applicable ([z]) figures.
_EMPTY_MARKERS = frozenset(
    {"", "n/a", "na", "-", "–", "—", "..", "*", "[c]", "[x]", "[z]", "[u]"}
)
_SUPPRESSION_MARKERS = frozenset({"*", "[c]"})

_DASHES = str.maketrans("–—−‐‑", "-----")

_NUMBER = re.compile(
    r"""
    (?P<sign>[-+])?\s*
    (?P<currency>[£$€])?\s*
    (?P<sign2>[-+])?
    (?P<digits>\d{1,3}(?:,\d{3})+|\d+)?
    (?P<fraction>\.\d+)?
    \s*(?P<suffix>%|thousands?|millions?|billions?|k|mn|m|bn|b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)

_PLAIN_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_COUNT = re.compile(
    rf"(?P<numerator>{_PLAIN_NUMBER})\s+(?:out\s+of|of)\s+(?P<denominator>{_PLAIN_NUMBER})",
    re.IGNORECASE,
)

# One "group - figure" pair of a breakdown. The lookahead makes a group end only where
# the next group (a letter) or the end of the text starts, so labels such as
# "Aged 16-24" keep their own hyphen.
_BREAKDOWN_GROUP = re.compile(
    r"""
    \s*(?P<label>[A-Za-z][A-Za-z0-9 ./&'()+-]*?)
    \s*[-:=]\s*
    (?P<number>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)
    \s*%?\s*[,;|]?\s*
    (?=[A-Za-z]|$)
    """,
    re.VERBOSE,
)

_SUFFIX_MULTIPLIERS: dict[str, Decimal] = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "thousands": Decimal(1000),
    "m": Decimal(1000000),
    "mn": Decimal(1000000),
    "million": Decimal(1000000),
    "millions": Decimal(1000000),
    "b": Decimal(1000000000),
    "bn": Decimal(1000000000),
    "billion": Decimal(1000000000),
    "billions": Decimal(1000000000),
}

_RATE_BASE = re.compile(
    r"\bper\s+(?P<base>\d{1,3}(?:,\d{3})+|\d+)\s*(?P<suffix>k|thousand|m|million)?\b",
    re.IGNORECASE,
)
_CURRENCY_WORDS = re.compile(r"[£$€]|\bpounds?\b|\bgbp\b|\bsterling\b", re.IGNORECASE)
_UNIT_WORDS = re.compile(r"[a-z0-9]+", re.IGNORECASE)
_GRADE_UNIT_WORDS = frozenset({"rating", "grade", "grading", "band", "judgement"})


def is_percentage_unit(unit: str) -> bool:
    """True when the unit is a percentage ("%", "percent", "% of pupils" …)."""
    folded = unit.casefold()
    return "%" in folded or "percent" in folded or "per cent" in folded


def is_grade_unit(unit: str) -> bool:
    """True when the unit names a rating or grade rather than a quantity."""
    return any(
        word.casefold() in _GRADE_UNIT_WORDS for word in _UNIT_WORDS.findall(unit)
    )


def is_money_unit(unit: str) -> bool:
    """True when the unit is an amount of money ("£", "£ millions", "pounds" …)."""
    return bool(_CURRENCY_WORDS.search(unit))


def rate_base(unit: str) -> Decimal | None:
    """The N of a "rate per N …" unit (10000 for "rate per 10,000 population")."""
    match = _RATE_BASE.search(unit)
    if match is None:
        return None
    base = Decimal(match["base"].replace(",", ""))
    suffix = (match["suffix"] or "").casefold()
    return base * _SUFFIX_MULTIPLIERS.get(suffix, Decimal(1))


def unit_multiplier(unit: str) -> Decimal:
    """How many plain units one unit of the metric counts (10**6 for "£ millions").

    Written-out words ("millions of pounds", "thousands") count for any unit; the
    abbreviations "m", "mn", "bn", "k", "000s" only beside a currency, because alone
    they are more likely metres or kilos than millions and thousands.
    """
    if rate_base(unit) is not None:
        return Decimal(1)
    words = [word.casefold() for word in _UNIT_WORDS.findall(unit)]
    money = is_money_unit(unit)
    for word in words:
        if word in {"million", "millions"} or (money and word in {"m", "mn"}):
            return Decimal(1000000)
        if word in {"billion", "billions"} or (money and word in {"bn", "b"}):
            return Decimal(1000000000)
        if word in {"thousand", "thousands"} or (
            money and word in {"k", "000", "000s"}
        ):
            return Decimal(1000)
    return Decimal(1)


def grade_rank(grade: str, scale: Sequence[str] | None = None) -> int | None:
    """Position of a grade on a best-first scale (0 is best); None when not on it."""
    matched = match_grade(grade, scale)
    if matched is None:
        return None
    return list(scale or DEFAULT_GRADE_SCALE).index(matched)


def match_grade(text: str, scale: Sequence[str] | None = None) -> str | None:
    """The scale's own spelling of a written grade, or None when it is not on the scale.

    Case, spacing, dash style and a leading word "grade" are forgiven: "a-", "A –"
    and "Grade A-" all match "A-".
    """
    wanted = _grade_key(text)
    if not wanted:
        return None
    for entry in scale or DEFAULT_GRADE_SCALE:
        if _grade_key(entry) == wanted:
            return entry
    return None


def _grade_key(text: str) -> str:
    folded = text.translate(_DASHES).casefold().strip()
    folded = re.sub(r"^grade\s*:?\s*", "", folded)
    return re.sub(r"\s+", "", folded)


def _tidy(number: Decimal) -> Decimal:
    """Drop the trailing zeros that scaling leaves (12.4 × 10**6 is 12400000.0)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _to_decimal(written: str) -> Decimal:
    return Decimal(written.replace(",", ""))


def parse_value(
    text: str, *, unit: str = "", scale: Sequence[str] | None = None
) -> ParsedValue:
    """Read a written value for a metric with this unit and (optional) grade scale.

    Shapes, tried in this order:
    - EMPTY: "", "N/A", "-", "..", and the suppression markers "*", "[c]", "[x]", "[z]".
    - GRADE on the metric's declared scale (best first), when one is given.
    - COUNT: "19 out of 41" (or "19 of 41"). `number` is the count read into the
      unit: numerator/denominator × 100 for a percentage, × N for "rate per N", the
      plain fraction for a "proportion"/"ratio", and the numerator itself otherwise
      (a "number" metric counts the numerator: 19 buildings out of 41).
    - NUMBER: "11,111,652", "61.2%", "-3", "£1.2bn", "12.373m", "3.5k". A k/m/bn
      suffix is read into the unit: "12.4m" is 12400000 in "£" or "number" and 12.4
      in "£ millions".
    - GRADE on the default letter scale A+ … F, when no scale is declared.
    - BREAKDOWN: "Female - 68.1 Male - 31.9" (two or more groups; `number` is None).
    - TEXT: anything else, with a warning.

    Odd but readable values (a % sign on a non-percentage unit, a grade on a numeric
    unit, a count larger than its total) are read and carry a warning. `text` is
    always the argument exactly as given.
    """
    stripped = text.replace("\u00a0", " ").strip()
    folded = stripped.casefold()

    if folded in _EMPTY_MARKERS:
        warning = None
        if folded in _SUPPRESSION_MARKERS:
            warning = f"'{stripped}' marks a suppressed figure; read as no value"
        return ParsedValue(
            text=text, kind=ValueKind.EMPTY, number=None, warning=warning
        )

    if scale is not None:
        grade = match_grade(stripped, scale)
        if grade is not None:
            return ParsedValue(
                text=text, kind=ValueKind.GRADE, number=None, grade=grade
            )

    count = _COUNT.fullmatch(stripped)
    if count is not None:
        return _parse_count(text, count, unit)

    number = _NUMBER.fullmatch(stripped.translate(_DASHES))
    if number is not None and (number["digits"] or number["fraction"]):
        return _parse_number(text, number, unit)

    if scale is None:
        grade = match_grade(stripped, DEFAULT_GRADE_SCALE)
        if grade is not None:
            warning = None
            if unit.strip() and not is_grade_unit(unit):
                warning = f"a grade for a metric whose unit is '{unit}'"
            return ParsedValue(
                text=text,
                kind=ValueKind.GRADE,
                number=None,
                grade=grade,
                warning=warning,
            )

    groups = _parse_breakdown(stripped)
    if len(groups) >= 2:
        return ParsedValue(
            text=text, kind=ValueKind.BREAKDOWN, number=None, groups=groups
        )

    if len(groups) == 1:
        reason = f"'{stripped}' names one group only; a breakdown needs two or more"
    elif scale is not None:
        reason = f"'{stripped}' is not a number, a count or a grade on the scale " + (
            ", ".join(scale)
        )
    else:
        reason = f"'{stripped}' is not a number, a count, a grade or a breakdown"
    return ParsedValue(text=text, kind=ValueKind.TEXT, number=None, warning=reason)


def _parse_count(text: str, match: re.Match[str], unit: str) -> ParsedValue:
    numerator = _to_decimal(match["numerator"])
    denominator = _to_decimal(match["denominator"])
    warnings: list[str] = []
    number: Decimal | None
    if denominator == 0:
        number = None
        warnings.append("a count out of zero has no rate")
    elif is_percentage_unit(unit):
        number = numerator * 100 / denominator
    elif (base := rate_base(unit)) is not None:
        number = numerator * base / denominator
    elif re.search(r"\b(proportion|ratio|fraction)\b", unit, re.IGNORECASE):
        number = numerator / denominator
    else:
        number = numerator
    if denominator != 0 and numerator > denominator:
        warnings.append("the count is larger than its total")
    return ParsedValue(
        text=text,
        kind=ValueKind.COUNT,
        number=number,
        numerator=numerator,
        denominator=denominator,
        warning="; ".join(warnings) or None,
    )


def _parse_number(text: str, match: re.Match[str], unit: str) -> ParsedValue:
    if match["sign"] and match["sign2"]:
        return ParsedValue(
            text=text,
            kind=ValueKind.TEXT,
            number=None,
            warning=f"'{text.strip()}' has two signs",
        )
    number = Decimal(
        (match["digits"] or "0").replace(",", "") + (match["fraction"] or "")
    )
    if (match["sign"] or match["sign2"]) == "-":
        number = -number

    warnings: list[str] = []
    suffix = (match["suffix"] or "").casefold()
    if suffix == "%":
        if unit.strip() and not is_percentage_unit(unit):
            warnings.append(f"the value has a % sign but the unit is '{unit}'")
    elif suffix:
        factor = _SUFFIX_MULTIPLIERS[suffix] / unit_multiplier(unit)
        if factor != 1:
            number = _tidy(number * factor)
        if is_percentage_unit(unit) or rate_base(unit) is not None:
            warnings.append(f"a '{suffix}' suffix on a value whose unit is '{unit}'")
    if match["currency"] and unit.strip() and not is_money_unit(unit):
        unit_words = {word.casefold() for word in _UNIT_WORDS.findall(unit)}
        if not unit_words & {"million", "millions", "billion", "billions"}:
            warnings.append(f"the value has a currency sign but the unit is '{unit}'")
    return ParsedValue(
        text=text,
        kind=ValueKind.NUMBER,
        number=number,
        warning="; ".join(warnings) or None,
    )


def _parse_breakdown(text: str) -> tuple[tuple[str, Decimal], ...]:
    groups: list[tuple[str, Decimal]] = []
    position = 0
    while position < len(text):
        match = _BREAKDOWN_GROUP.match(text, position)
        if match is None or match.end() == position:
            return ()
        groups.append((match["label"].strip(), _to_decimal(match["number"])))
        position = match.end()
    return tuple(groups)
