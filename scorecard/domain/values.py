"""Reading metric values as people write them (DESIGN.md sections 3 and 6).

A value is always kept exactly as written; parsing only adds what can be read from it
without guessing. Anything that cannot be read is TEXT with a warning saying why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum


class ValueKind(StrEnum):
    """The shape a written value turned out to have."""

    NUMBER = "number"
    GRADE = "grade"
    COUNT = "count"  # "19 out of 41", "425/736"
    BREAKDOWN = "breakdown"  # "Female - 68.1 Male - 31.9"
    TEXT = "text"
    EMPTY = "empty"


class Missing(StrEnum):
    """Why an EMPTY value gives no figure, as its marker says."""

    BLANK = "blank"  # "", "-": nothing written
    NOT_AVAILABLE = "not_available"  # "N/A", "..", "[x]", "Not available"
    NOT_APPLICABLE = "not_applicable"  # "[z]", "Not applicable"
    SUPPRESSED = "suppressed"  # "*", "c", "[c]": withheld, often small numbers
    BOUND = "bound"  # "<5": only a bound is given, not the figure
    NEW_SERIES = "new_series"  # "New Indicator": before the measure began


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


# The suppression markers of official statistics, and the names of the vocational
# grades (DfE's average grade per tech level or applied general entry), so a
# metric graded on them can declare the scale.
VOCATIONAL_GRADE_SCALE: tuple[str, ...] = (
    "Distinction*+",
    "Distinction*",
    "Distinction*-",
    "Distinction+",
    "Distinction",
    "Distinction-",
    "Merit+",
    "Merit",
    "Merit-",
    "Pass+",
    "Pass",
    "Pass-",
)

# A figure with more significant digits than decimal arithmetic's default context
# keeps (28) cannot be worked with reliably: it is read exactly and marked
# out_of_range, and the layers that store figures refuse it as too large.
MAX_SIGNIFICANT_DIGITS = 28


@dataclass(frozen=True)
class ParsedValue:
    """A value as written, and what could be read from it.

    `number` is the value in the metric's unit (None for grades, breakdowns, text and
    empty cells). For a COUNT it is the count read into the unit (see parse_value).
    `missing` says why an EMPTY value has no figure.
    """

    text: str
    kind: ValueKind
    number: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    grade: str | None = None
    groups: tuple[tuple[str, Decimal], ...] = ()
    warning: str | None = None
    missing: Missing | None = None

    @property
    def out_of_range(self) -> bool:
        """Whether a figure read has more digits than decimal arithmetic keeps."""
        return any(
            part is not None and len(part.as_tuple().digits) > MAX_SIGNIFICANT_DIGITS
            for part in (self.number, self.numerator, self.denominator)
        )


# Markers that mean "no figure": the usual blanks, the GSS/ONS shorthand for
# suppressed ([c]), not available ([x]) and not applicable ([z]) figures, and the
# bare letters and symbols DfE and ONS tables use for the same.
_MISSING_MARKERS: dict[str, Missing] = {
    "": Missing.BLANK,
    "-": Missing.BLANK,
    "–": Missing.BLANK,
    "—": Missing.BLANK,
    "n/a": Missing.NOT_AVAILABLE,
    "n / a": Missing.NOT_AVAILABLE,
    "#n/a": Missing.NOT_AVAILABLE,
    "na": Missing.NOT_AVAILABLE,
    "n.a.": Missing.NOT_AVAILABLE,
    "n.a": Missing.NOT_AVAILABLE,
    "n/k": Missing.NOT_AVAILABLE,
    "..": Missing.NOT_AVAILABLE,
    "...": Missing.NOT_AVAILABLE,
    ":": Missing.NOT_AVAILABLE,
    "x": Missing.NOT_AVAILABLE,
    "[x]": Missing.NOT_AVAILABLE,
    "not available": Missing.NOT_AVAILABLE,
    "not yet available": Missing.NOT_AVAILABLE,
    "data not available": Missing.NOT_AVAILABLE,
    "no data": Missing.NOT_AVAILABLE,
    "not known": Missing.NOT_AVAILABLE,
    "awaiting data": Missing.NOT_AVAILABLE,
    "tbc": Missing.NOT_AVAILABLE,
    "tba": Missing.NOT_AVAILABLE,
    "z": Missing.NOT_APPLICABLE,
    "[z]": Missing.NOT_APPLICABLE,
    "not applicable": Missing.NOT_APPLICABLE,
    "*": Missing.SUPPRESSED,
    "**": Missing.SUPPRESSED,
    "c": Missing.SUPPRESSED,
    "[c]": Missing.SUPPRESSED,
    "[u]": Missing.SUPPRESSED,
    "suppressed": Missing.SUPPRESSED,
    "redacted": Missing.SUPPRESSED,
    "confidential": Missing.SUPPRESSED,
}
# Marked figures worth a word to the person importing: withheld, not just absent.
_WARNED_MARKERS = frozenset({"*", "**", "c", "[c]", "[u]"})

# "New Indicator", "Revised indicator", "New Flash Fact": the period came before
# the measure (or its current definition) began.
_NEW_SERIES = re.compile(
    r"(?:new|revised|changed|amended)\s+(?:indicator|metric|measure|definition|"
    r"methodology|flash\s+fact|data\s+series|series|data\s+collection)\b.*",
    re.IGNORECASE,
)

# "<5", "< 10", "fewer than 5", ">95%": a bound instead of the figure, as small
# numbers are published to stop anyone being identified.
_BOUND = re.compile(
    r"(?P<op><=?|>=?|≤|≥|(?:fewer|less|more)\s+than|under|over|below|above)\s*"
    r"(?P<number>\d[\d,]*(?:\.\d+)?)\s*%?",
    re.IGNORECASE,
)

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

# "425/736": a count x out of y written as a fraction.
_FRACTION = re.compile(
    rf"(?P<numerator>{_PLAIN_NUMBER})\s*/\s*(?P<denominator>{_PLAIN_NUMBER})"
)

# A budget's position: "6.7m overspent", "£1.2m underspend", "overspend of £2m",
# "a deficit of £3m". An overspend (over budget, a deficit) is negative.
_BUDGET_FIGURE = (
    r"[-+]?\s*[£$€]?\s*[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*"
    r"(?:k|mn|m|bn|b|thousands?|millions?|billions?)?"
)
_OVER_WORDS = r"over\s*-?\s*spen[dt]|over\s+budget|deficit"
_UNDER_WORDS = r"under\s*-?\s*spen[dt]|under\s+budget|surplus"
_VARIANCE_AFTER = re.compile(
    rf"(?P<figure>{_BUDGET_FIGURE})\s*(?:an?\s+)?(?P<word>{_OVER_WORDS}|{_UNDER_WORDS})",
    re.IGNORECASE,
)
_VARIANCE_BEFORE = re.compile(
    rf"(?:an?\s+)?(?P<word>{_OVER_WORDS}|{_UNDER_WORDS})\s*(?:of|by|:)?\s*"
    rf"(?P<figure>{_BUDGET_FIGURE})",
    re.IGNORECASE,
)
_OVERSPEND = re.compile(_OVER_WORDS, re.IGNORECASE)
# A budget that balances is neither over nor under: a variance of nothing.
_BALANCED = re.compile(
    r"(?:a\s+)?(?:balanced(?:\s+budget)?|on\s+budget|break\s*-?\s*even|"
    r"nil\s+variance|no\s+variance)",
    re.IGNORECASE,
)

# "2018/19" in a figure's column is a period that slipped across, not 2018 of 19.
_PERIOD_LIKE = re.compile(r"(?P<start>(?:19|20)\d\d)\s*[/-]\s*(?P<end>\d\d|\d{4})")

# "3358 excluding mental health": a figure with a note that may change what it counts.
_FIGURE_WITH_NOTE = re.compile(
    rf"[£$€]?\s*[-+]?(?:{_PLAIN_NUMBER})\s*%?\s+(?P<note>[A-Za-z][^\d]*)"
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

# "rate per 10,000", "per 100k", and "Rate 1,000 population" (the 2016-17 file); a
# base with its commas out of place ("100,0000") is not read as any base.
_RATE_BASE = re.compile(
    r"\b(?:per|rate)\s+(?P<base>\d{1,3}(?:,\d{3})+|\d+)(?![\d,])"
    r"\s*(?P<suffix>k|thousand|m|million)?\b",
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
    """Drop the trailing zeros that scaling leaves (12.4 × 10**6 is 12400000.0).

    Worked in a context wide enough for every digit, so a figure longer than the
    default precision is kept exactly rather than raising InvalidOperation.
    """
    with localcontext() as context:
        context.prec = max(context.prec, len(number.as_tuple().digits) + 2)
        if number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return number.normalize()


def _scale(number: Decimal, factor: Decimal) -> Decimal:
    """number × factor, exactly however many digits either has."""
    with localcontext() as context:
        digits = len(number.as_tuple().digits) + len(factor.as_tuple().digits)
        context.prec = max(context.prec, digits + 2)
        return _tidy(number * factor)


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _to_decimal(written: str) -> Decimal:
    return Decimal(written.replace(",", ""))


def parse_value(
    text: str, *, unit: str = "", scale: Sequence[str] | None = None
) -> ParsedValue:
    """Read a written value for a metric with this unit and (optional) grade scale.

    Shapes, tried in this order:
    - EMPTY, with `missing` saying why: blanks ("", "-"); not available ("N/A",
      "NA", "..", "[x]", "x", "Not available"); not applicable ("[z]", "z");
      suppressed ("*", "c", "[c]"; a bare "c" is the grade C on a graded metric);
      a bound instead of the figure ("<5", "fewer than 10"); and a period before
      the measure began ("New Indicator", "Revised indicator").
    - GRADE on the metric's declared scale (best first), when one is given.
    - COUNT: "19 out of 41", "19 of 41" or "425/736". `number` is the count read
      into the unit: numerator/denominator × 100 for a percentage, × N for "rate
      per N", the plain fraction for a "proportion"/"ratio", and the numerator
      itself otherwise (a "number" metric counts the numerator: 19 buildings out of
      41). A period ("2018/19") is not a fraction: it is TEXT, with a warning.
    - NUMBER: "11,111,652", "61.2%", "-3", "£1.2bn", "12.373m", "3.5k". A k/m/bn
      suffix is read into the unit: "12.4m" is 12400000 in "£" or "number" and 12.4
      in "£ millions". A budget's position is a number too: an overspend (over
      budget, a deficit) is negative, an underspend (under budget, a surplus)
      positive, and a balanced budget 0: "6.7m overspent" is -6700000 in "£".
    - GRADE on the default letter scale A+ … F, when no scale is declared.
    - BREAKDOWN: "Female - 68.1 Male - 31.9" (two or more groups; `number` is None).
    - TEXT: anything else, with a warning.

    Odd but readable values (a % sign on a non-percentage unit, a grade on a numeric
    unit, a count larger than its total) are read and carry a warning. A figure
    with more than MAX_SIGNIFICANT_DIGITS digits ("9…9m") is read exactly and is
    `out_of_range`. `text` is always the argument exactly as given; no text makes
    it raise.
    """
    stripped = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    folded = stripped.casefold()

    empty = _read_missing(text, stripped, folded, unit, scale)
    if empty is not None:
        return empty

    if scale is not None:
        grade = match_grade(stripped, scale)
        if grade is not None:
            return ParsedValue(
                text=text, kind=ValueKind.GRADE, number=None, grade=grade
            )

    count = _COUNT.fullmatch(stripped) or _FRACTION.fullmatch(stripped)
    if count is not None:
        period = _PERIOD_LIKE.fullmatch(stripped)
        if period is not None and _consecutive(period["start"], period["end"]):
            return _text(text, f"'{stripped}' looks like a period, not a figure")
        return _parse_count(text, count, unit)

    number = _NUMBER.fullmatch(stripped.translate(_DASHES))
    if number is not None and (number["digits"] or number["fraction"]):
        return _parse_number(text, number, unit)

    variance = _parse_variance(text, stripped, unit)
    if variance is not None:
        return variance

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
    return _text(text, _why_text(stripped, groups, scale))


def _text(text: str, warning: str) -> ParsedValue:
    return ParsedValue(text=text, kind=ValueKind.TEXT, number=None, warning=warning)


def _why_text(
    stripped: str,
    groups: tuple[tuple[str, Decimal], ...],
    scale: Sequence[str] | None,
) -> str:
    shown = stripped
    if len(groups) == 1:
        return f"'{shown}' names one group only; a breakdown needs two or more"
    note = _FIGURE_WITH_NOTE.fullmatch(stripped)
    if note is not None:
        return (
            f"'{shown}' is a figure with a note ('{note['note'].strip()}'); kept as "
            "text, since the note may change what it counts"
        )
    if scale is not None:
        return f"'{shown}' is not a number, a count or a grade on the scale " + (
            ", ".join(scale)
        )
    if match_grade(stripped, VOCATIONAL_GRADE_SCALE) is not None:
        return (
            f"'{shown}' looks like a vocational grade (Distinction, Merit, Pass), "
            "but the metric declares no grade scale"
        )
    return f"'{shown}' is not a number, a count, a grade or a breakdown"


def _read_missing(
    text: str,
    stripped: str,
    folded: str,
    unit: str,
    scale: Sequence[str] | None,
) -> ParsedValue | None:
    """The EMPTY reading of a marker that stands for no figure, else None."""
    missing = _MISSING_MARKERS.get(folded)
    if missing is not None and folded == "c" and _graded(unit, scale):
        missing = None  # the grade C, not the suppression mark
    warning = None
    if missing is not None:
        if folded in _WARNED_MARKERS:
            warning = f"'{stripped}' marks a suppressed figure; read as no value"
    elif _NEW_SERIES.fullmatch(stripped):
        missing = Missing.NEW_SERIES
    elif _BOUND.fullmatch(stripped.translate(_DASHES)):
        missing = Missing.BOUND
        warning = (
            f"'{_shown(stripped)}' gives a bound, not the figure (small numbers are "
            "withheld so); read as no value"
        )
    if missing is None:
        return None
    return ParsedValue(
        text=text,
        kind=ValueKind.EMPTY,
        number=None,
        warning=warning,
        missing=missing,
    )


def _graded(unit: str, scale: Sequence[str] | None) -> bool:
    """Whether a bare "C" is more likely a grade than the suppression mark "c"."""
    if scale is not None:
        return match_grade("C", scale) is not None
    return not unit.strip() or is_grade_unit(unit)


def _consecutive(start: str, end: str) -> bool:
    following = int(start) + 1
    return int(end) in {following, following % 100}


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
        return _text(text, f"'{_shown(text.strip())}' has two signs")
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
            number = _scale(number, factor)
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


def _parse_variance(text: str, stripped: str, unit: str) -> ParsedValue | None:
    """A budget's position as a number: over budget negative, under positive."""
    if _BALANCED.fullmatch(stripped):
        return _variance(text, Decimal(0), unit)
    match = _VARIANCE_AFTER.fullmatch(stripped) or _VARIANCE_BEFORE.fullmatch(stripped)
    if match is None:
        return None
    figure = _NUMBER.fullmatch(match["figure"].strip().translate(_DASHES))
    if figure is None or not (figure["digits"] or figure["fraction"]):
        return None
    if figure["sign"] or figure["sign2"]:
        return _text(
            text,
            f"'{_shown(stripped)}' has both a sign and a word saying which side of "
            "the budget it is",
        )
    if (figure["suffix"] or "") == "%":
        return None
    read = _parse_number(text, figure, unit)
    if read.number is None:
        return None
    number = -read.number if _OVERSPEND.search(match["word"]) else read.number
    return _variance(text, number, unit, read.warning)


def _variance(
    text: str, number: Decimal, unit: str, warning: str | None = None
) -> ParsedValue:
    warnings = [warning] if warning else []
    unit_words = {word.casefold() for word in _UNIT_WORDS.findall(unit)}
    money = is_money_unit(unit) or unit_words & {"million", "millions", "budget"}
    if unit.strip() and not money:
        warnings.append(f"a budget's position for a metric whose unit is '{unit}'")
    return ParsedValue(
        text=text,
        kind=ValueKind.NUMBER,
        number=abs(number) if number == 0 else number,
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
