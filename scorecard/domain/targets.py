"""Reading target rules as the council writes them (DESIGN.md section 3).

A rule keeps its text; what could be read from it is stored beside it. Text that
cannot be read is UNPARSED with a flag saying why — never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from scorecard.domain.periods import Period
from scorecard.domain.values import (
    ValueKind,
    is_percentage_unit,
    match_grade,
    parse_value,
    rate_base,
)
from scorecard.domain.vocabulary import Direction


class TargetKind(StrEnum):
    """The family a target rule belongs to, which decides how it is assessed."""

    NONE = "none"
    NOT_APPLICABLE = "not_applicable"
    DIRECTIONAL = "directional"
    THRESHOLD = "threshold"
    RANGE = "range"
    RELATIVE_CHANGE = "relative_change"
    COMPARATOR = "comparator"
    CLOSE_GAP = "close_gap"
    GRADE = "grade"
    UNPARSED = "unparsed"


# Operators a THRESHOLD rule may carry; None is a bare level read by good direction.
OPERATORS: tuple[str, ...] = (">=", ">", "<=", "<")
AIMS: tuple[str, ...] = ("increase", "decrease", "improve", "maintain")
CHANGE_UNITS: tuple[str, ...] = ("percent", "points", "absolute")
COMPARATOR_RELATIONS: tuple[str, ...] = (
    "better",
    "better_or_equal",
    "equal",
    "above",
    "above_or_equal",
    "below",
    "below_or_equal",
)


@dataclass(frozen=True)
class TargetRule:
    """A target rule, structured, with the text it was written as.

    - THRESHOLD: `operator` and `value` (operator None: a bare level, a floor when up
      is good and a ceiling when down is good; with `comparator_relation` "better" it
      must be strictly beaten, with "equal" matched within the similarity band).
      With `parts` ("A&B = 100%") the level is for those parts' figures added
      together, not for the metric's own figure.
    - RANGE: `value` (the low end) and `upper` (the high end), both inclusive.
    - DIRECTIONAL: `aim`.
    - RELATIVE_CHANGE: `aim`, `value`, `change_unit`, optional `baseline_period`.
    - COMPARATOR: `comparator` (normalised name) and `comparator_relation`; with
      `other_comparators` every named comparator must hold.
    - CLOSE_GAP: `comparator`, the one the gap is with (None when the metric's
      figure is itself the gap, such as "% difference between same group
      nationally").
    - GRADE: `grade`, the scale's own spelling.
    - UNPARSED: `flag` says why.
    `deadline` is the year a level or change is due by ("50% by 2020"): a financial
    year ("2020-21") or, as written, a calendar year ("2020"). `direction` is set
    only where the text states a good direction that the other fields cannot carry
    ("Maintain or increase"); use direction_from_target to read a rule's direction.
    """

    text: str
    kind: TargetKind
    operator: str | None = None
    value: Decimal | None = None
    aim: str | None = None
    change_unit: str | None = None
    comparator: str | None = None
    comparator_relation: str | None = None
    grade: str | None = None
    baseline_period: str | None = None
    flag: str | None = None
    direction: Direction | None = None
    upper: Decimal | None = None
    other_comparators: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    deadline: str | None = None

    @property
    def comparator_names(self) -> tuple[str, ...]:
        """Every comparator the rule names, the first one first."""
        if self.comparator is None:
            return self.other_comparators
        return (self.comparator, *self.other_comparators)


_NO_TARGET_TEXTS = frozenset(
    {
        "",
        "-",
        "none",
        "none set",
        "no target",
        "no target set",
        "no targets set",
        "not set",
        "target not set",
        "tbc",
        "tba",
        "to be confirmed",
        "to be agreed",
        "to be set",
        "target to be set",
        "target to be agreed",
        # The 2016-24 layout writes "N/A" for a target and "No Target Set" as its
        # status, so an N/A target means none was set, not that one cannot apply.
        "n/a",
        "na",
    }
)
_NOT_APPLICABLE_TEXTS = frozenset({"target not applicable", "not applicable"})

_AIM_WORDS: dict[str, str] = {
    "increase": "increase",
    "increasing": "increase",
    "raise": "increase",
    "grow": "increase",
    "maximise": "increase",
    "maximize": "increase",
    "decrease": "decrease",
    "decreasing": "decrease",
    "reduce": "decrease",
    "reducing": "decrease",
    "reduction": "decrease",
    "lower": "decrease",
    "cut": "decrease",
    "minimise": "decrease",
    "minimize": "decrease",
    "improve": "improve",
    "improving": "improve",
    "improvement": "improve",
    "maintain": "maintain",
    "maintaining": "maintain",
    "sustain": "maintain",
    "sustaining": "maintain",
    "stabilise": "maintain",
    "stabilize": "maintain",
}
_AIM = "|".join(sorted(_AIM_WORDS, key=len, reverse=True))

# Words a directional target may trail ("To increase further", "Reduce year on
# year", "To improve the number of visitors"), but never words that make it
# another kind of target: a relation, a comparator, a gap, a level or a baseline.
_NOT_TRAILING = (
    r"than|gap|by|to|between|against|compared|from|with|or|and|nor|but|above|below|"
    r"over|under|more|less|fewer|greater|higher|lower|better|worse|least|most|"
    r"within|equal|same|average|national|nationally|neighbours?|budget|england|"
    r"regional|limit"
)
_TRAILING = rf"(?:\s+(?!(?:{_NOT_TRAILING})\b)[a-z][a-z'-]*){{0,8}}"

_DIRECTIONAL = re.compile(
    r"(?:(?:to\s+)?(?:continue|keep)\s+(?:to\s+)?|to\s+)?"
    rf"(?P<aim>{_AIM})(?:(?:\s*/\s*|\s+(?:or|and)\s+)(?P<second>{_AIM}))?"
    rf"{_TRAILING}"
)
# "To be more representative of the city", "Less reliant on agency staff": an
# improvement whose direction the words do not give.
_MORE_OR_LESS = re.compile(
    r"(?:to\s+)?(?:be(?:come)?\s+|become\s+|get\s+)?(?:more|less)\s+"
    r"(?!than\b)[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,8}"
)
# "Sustainable", "To remain stable", "At least maintain": to hold the position.
_HOLD = re.compile(
    r"(?:to\s+)?(?:be\s+|remain\s+|stay\s+|keep\s+|be\s+kept\s+)?"
    r"(?:sustainable|stable|steady|the\s+same|unchanged|at\s+least\s+maintain(?:ed)?)"
    rf"{_TRAILING}"
)

_NUMBER = (
    r"[£$€]?\s*[-+]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?"
    r"\s*(?:(?:k|m|mn|bn|thousand|million|billion)\b)?"
)

# A threshold's level may carry a % sign; a relative change's % is its unit instead.
_LEVEL = _NUMBER + r"\s*%?"

# Words naming what a level counts ("10 days", "3,100 users", "40 micrograms per
# cubic metre"), never words that give the level another meaning.
_NOT_UNIT = (
    r"or|and|by|than|to|from|on|against|compared|between|with|plus|above|below|"
    r"more|less|over|under|higher|lower|better|worse|fewer|greater|at|no|not|nor|"
    r"but|minimum|maximum|min|max|combined|together|total"
)
_UNIT_WORD = (
    rf"(?:per\s+\d[\d,]*(?:\.\d+)?|(?!(?:{_NOT_UNIT})\b)[a-zµ][a-z0-9µ³²/.'-]*)"
)
_UNIT_WORDS = rf"{_UNIT_WORD}(?:\s+{_UNIT_WORD}){{0,7}}"
_LEVEL_WITH_WORDS = re.compile(rf"(?P<number>{_LEVEL})\s*(?P<words>{_UNIT_WORDS})?")

_CHANGE_UNIT = r"%|per\s*cent|percent|percentage\s+points?|pp|ppts?|points?|pts?"
_BASELINE = r"(?:\s+(?:from|on|against|compared\s+(?:to|with))\s+(?P<baseline>.+))?"

_RELATIVE = re.compile(
    rf"""
    (?:to\s+)?(?P<aim>{_AIM})\s+by\s+(?:at\s+least\s+)?
    (?P<number>{_NUMBER})\s*
    (?P<unit>{_CHANGE_UNIT})?
    {_BASELINE}
    """,
    re.VERBOSE,
)
# "reduction of 35%", "a 35% reduction", "35% lower than 2015/16".
_CHANGE_NOUNS: dict[str, str] = {
    "reduction": "decrease",
    "decrease": "decrease",
    "cut": "decrease",
    "fall": "decrease",
    "drop": "decrease",
    "lower": "decrease",
    "less": "decrease",
    "fewer": "decrease",
    "increase": "increase",
    "rise": "increase",
    "growth": "increase",
    "higher": "increase",
    "more": "increase",
    "improvement": "improve",
}
_CHANGE_NOUN = "|".join(_CHANGE_NOUNS)
_RELATIVE_NOUN_FIRST = re.compile(
    rf"(?:an?\s+)?(?P<aim>{_CHANGE_NOUN})\s+(?:of\s+)?(?:at\s+least\s+)?"
    rf"(?P<number>{_NUMBER})\s*(?P<unit>{_CHANGE_UNIT})?{_BASELINE}"
)
_RELATIVE_AMOUNT_FIRST = re.compile(
    rf"(?:an?\s+)?(?:at\s+least\s+)?(?P<number>{_NUMBER})\s*(?P<unit>{_CHANGE_UNIT})?"
    rf"\s+(?P<aim>{_CHANGE_NOUN})"
    r"(?:\s+(?:from|on|against|than|compared\s+(?:to|with))\s+(?P<baseline>.+))?"
)
# "-35%", "+2% on 2019/20": a signed percentage is a change on a metric that is
# not itself a percentage.
_SIGNED_PERCENT = re.compile(
    rf"(?P<sign>[-+])\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*%{_BASELINE}"
)

# "by 2020", "by 2020/21", "by the end of March 2025": when the level is due.
_DEADLINE = re.compile(
    r"(?P<body>.+?)\s*,?\s+by\s+(?:the\s+)?(?:end\s+of\s+)?"
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\s+)?"
    r"(?P<when>(?:19|20)\d\d(?:\s*[-/]\s*(?:\d{4}|\d\d))?)"
)

# Relation words that may precede a number (a threshold) or a comparator's name.
# Every "X or equal" phrase comes before its plain "X", so "less than or equal to"
# is not read as "less than".
_ABOVE = r"(?:above|higher\s+than|more\s+than|greater\s+than|over)"
_BELOW = r"(?:below|lower\s+than|less\s+than|fewer\s+than|under)"
_EQUAL = (
    r"(?:equal\s+to|equal\s+with|the\s+same\s+as|same\s+as|in\s+line\s+with|"
    r"level\s+with|equal)"
)
_RELATION_PHRASES: tuple[tuple[str, str], ...] = (
    (
        rf"{_EQUAL}\s+or\s+better(?:\s+than)?|better(?:\s+than)?\s+or\s+{_EQUAL}|"
        r"better\s+than\s+or\s+in\s+line\s+with|at\s+or\s+better\s+than|"
        r"at\s+least\s+as\s+good\s+as|as\s+good\s+as\s+or\s+better\s+than|"
        r"(?:no|not)\s+worse\s+than",
        "better_or_equal",
    ),
    (
        rf"{_ABOVE}\s+or\s+{_EQUAL}|{_EQUAL}\s+or\s+{_ABOVE}|at\s+or\s+{_ABOVE}|"
        r"at\s+least|(?:no|not)\s+(?:less|lower|fewer)\s+than|not\s+below|"
        r"(?:a\s+)?minimum(?:\s+of)?",
        "above_or_equal",
    ),
    (
        rf"{_BELOW}\s+or\s+{_EQUAL}|{_EQUAL}\s+or\s+{_BELOW}|at\s+or\s+{_BELOW}|"
        r"at\s+most|(?:no|not)\s+(?:more|higher|greater)\s+than|not\s+above|"
        r"not\s+(?:to\s+)?exceed(?:ing)?|must\s+not\s+exceed|up\s+to|"
        r"(?:a\s+)?maximum(?:\s+of)?|"
        r"within\s+(?:(?:the|a|our)\s+)?(?:[a-z]+\s+)?"
        r"(?:limit|threshold|maximum|cap|ceiling|target|level)\s+of|within",
        "below_or_equal",
    ),
    (r"better\s+than", "better"),
    (_EQUAL, "equal"),
    (_ABOVE, "above"),
    (_BELOW, "below"),
)
_RELATION = re.compile(
    r"(?:to\s+)?(?:be\s+|remain\s+|stay\s+|keep\s+)?(?:"
    + "|".join(
        f"(?P<r{i}>{pattern})" for i, (pattern, _) in enumerate(_RELATION_PHRASES)
    )
    + r")(?:\s*\((?P<aside>[^)]*)\))?\s+(?P<rest>.+)"
)
# "the legal limit of 40": the words before a level that only name it.
_LEVEL_NAME = re.compile(
    r"(?:(?:the|a|our)\s+)?(?:[a-z]+\s+)?(?:limit|threshold|level|figure|value)\s+of\s+"
)

_SYMBOL_OPERATORS: dict[str, str | None] = {
    ">=": ">=",
    "≥": ">=",
    "=>": ">=",
    "<=": "<=",
    "≤": "<=",
    "=<": "<=",
    ">": ">",
    "<": "<",
    "==": None,
    "=": None,
}
_SYMBOL = r">=|=>|≥|<=|=<|≤|==|>|<|="
_SYMBOL_THRESHOLD = re.compile(rf"(?P<op>{_SYMBOL})\s*(?P<level>.+)")

# The level is for several parts added together: "A&B = 100%", "Grades A and B
# combined >= 90%".
_PART = r"[a-z0-9*]{1,12}[+-]?"
_PARTS = re.compile(
    r"(?:(?:grades?|levels?|bands?|categories)\s+)?"
    rf"(?P<parts>{_PART}(?:\s*(?:&|\band\b|,|/)\s*{_PART})+)"
    r"(?:\s+(?:combined|together|in\s+total|total))?"
    rf"\s*(?P<op>{_SYMBOL})\s*(?P<level>.+)",
    re.IGNORECASE,
)
_PART_SEPARATOR = re.compile(r"\s*(?:&|\band\b|,|/)\s*", re.IGNORECASE)

_LEVEL_SUFFIXES: tuple[tuple[str, str | None, str | None], ...] = (
    # (pattern, operator, relation)
    (r"\+|plus", ">=", None),
    (r"(?:or|and)\s+(?:more|above|higher|greater|over)", ">=", None),
    (r"(?:or|and)\s+(?:less|below|lower|fewer|under)", "<=", None),
    (r"or\s+better", None, "better_or_equal"),
    (r"(?:as\s+a\s+)?(?:minimum|min)", ">=", None),
    (r"(?:as\s+a\s+)?(?:maximum|max)", "<=", None),
)
_BARE_LEVEL = re.compile(
    rf"(?P<level>{_LEVEL}\s*(?:{_UNIT_WORDS})?)\s*(?:"
    + "|".join(
        f"(?P<s{i}>{pattern})" for i, (pattern, _, _) in enumerate(_LEVEL_SUFFIXES)
    )
    + r")?"
)
_CHANGE_TO_LEVEL = re.compile(rf"(?:to\s+)?(?P<aim>{_AIM})\s+to\s+(?P<level>.+)")

# A range: "3,100 to 3,500 users", "between 70% and 80%", "3400-3800".
_RANGE = re.compile(
    rf"(?P<between>between\s+)?(?P<low>{_LEVEL})\s*(?P<sep>to|-|and)\s*"
    rf"(?P<high>{_LEVEL})\s*(?P<words>{_UNIT_WORDS})?"
)
_ASIDE = re.compile(r"(?P<main>.*?)\s*\((?P<aside>[^()]*)\)")
_APPROXIMATELY = re.compile(
    r"(?:approx\.?|approximately|about|around|circa|c\.|roughly|or|i\.e\.?|"
    r"equivalent\s+to|which\s+is)\s*"
)

_GAP = re.compile(
    r"(?:to\s+)?(?:reduce|reducing|close|closing|narrow|narrowing|decrease|cut|"
    r"lessen|shrink|minimise|minimize)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?gaps?"
    r"(?:\s+(?:with|to|between|against|from|on|relative\s+to|"
    r"compared\s+(?:to|with))\s+(?P<comparator>.+))?"
)
_GAP_BETWEEN = re.compile(r"(?:[a-z' ]+?)\s+and\s+(?P<comparator>.+)")

_RELATION_TO_OPERATOR: dict[str, str | None] = {
    "above": ">",
    "above_or_equal": ">=",
    "below": "<",
    "below_or_equal": "<=",
    "better": None,
    "better_or_equal": None,
    "equal": None,
}

_COMPARATOR_ALIASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?:stat(?:istical)?\.?\s+neighbou?rs?|sns?)(?:\s+(?:average|mean))?"
        ),
        "statistical neighbours",
    ),
)
_COMPARATOR_OWN_HISTORY = re.compile(
    r"\b(?:last|previous|prior|this)\s+(?:year|period|quarter|month)\b|\bbaseline\b|"
    r"(?:19|20)\d\d\s*[-/]\s*\d\d"
)
# Words that make a name a comparator's: a place or group the metric is measured
# against, or an average of one.
_COMPARATOR_WORDS = re.compile(
    r"\b(?:average|averages|mean|median|national(?:ly)?|england|english|regional|"
    r"region|west\s+midlands|wmca|wmr|statistical|stat|neighbou?rs?|sns?|cipfa|"
    r"core\s+cities|comparators?|benchmarks?|peers|quartile|uk|britain|gb|"
    r"same\s+group|similar\s+authorities|metropolitan|mets|shire|unitaries)\b"
)
# The word that makes a name whole: "national average", "statistical neighbours".
_COMPARATOR_HEAD = re.compile(
    r"\b(?:average|mean|median|neighbou?rs?|quartile|comparators?|group|"
    r"nationally|authorities|peers|benchmarks?)\b"
)
# Words that say a bare text is more than a comparator's name.
_NOT_A_NAME = re.compile(
    rf"\b(?:{_AIM}|by|than|to|from|on|against|compared|between|with|above|below|"
    r"more|less|over|under|higher|lower|better|worse|fewer|greater|at|no|not|gap|"
    r"within|equal|same|line|least|most|exceed|minimum|maximum)\b"
)
_COMPARATOR_SEPARATOR = re.compile(r"\s*(?:,|&|\band\b|\bplus\b|\bas\s+well\s+as\b)\s*")
_BARE_COMPARATOR = re.compile(
    r"(?P<name>[a-z][a-z.' -]*?)"
    r"(?:\s+or\s+(?P<suffix>better|above|higher|more|below|lower|less))?"
)
_BARE_SUFFIX_RELATIONS = {
    None: "better_or_equal",
    "better": "better_or_equal",
    "above": "above_or_equal",
    "higher": "above_or_equal",
    "more": "above_or_equal",
    "below": "below_or_equal",
    "lower": "below_or_equal",
    "less": "below_or_equal",
}

# A "?" (or the replacement character) where a symbol was lost when the file was
# saved in another encoding: "?3" was "≤3" or "≥3", and nobody can say which.
_LOST_SYMBOL = re.compile(r"\ufffd|(?:^|\s)\?\s*[\d.£]")
_PER_CENT = re.compile(r"\s*\bper\s*cent\b|\s*\bpercent\b(?!age)")

_MEASURE_WORDS = frozenset(
    {
        "day",
        "week",
        "month",
        "year",
        "hour",
        "minute",
        "second",
        "tonne",
        "ton",
        "kilogram",
        "kg",
        "gram",
        "microgram",
        "milligram",
        "mg",
        "km",
        "kilometre",
        "kilometer",
        "mile",
        "metre",
        "meter",
        "litre",
        "liter",
        "kwh",
        "mwh",
        "gwh",
        "point",
        "pound",
    }
)


def parse_target(
    text: str, *, unit: str = "", scale: Sequence[str] | None = None
) -> TargetRule:
    """Read a target as written into a structured rule.

    Understood forms (case, spacing and dash style are forgiven):
    - none: "", "None set", "No Target Set", "N/A", "TBC".
    - not applicable: "Target not applicable".
    - directional: "To increase", "To decrease", "To reduce", "To improve",
      "To maintain", "Maintain or improve", "Sustainable", "To be more
      representative of the city", "To increase further".
    - threshold: "95%", "<6%", ">70", "<=1380", "95%+", "70+", "at least 70",
      "80 or more", "below 6%", "increase to 70%", "10 days", "Less than or equal
      to 4%", "Within legal limit of 40 micrograms per cubic metre"; a value's
      k/m/bn suffix is read into `unit`. "A&B = 100%" is a level for the parts A
      and B together.
    - range: "3,100 to 3,500 users", "between 70% and 80%", "3400-3800"; a range
      in brackets in the metric's own rate ("(approx. 1,000 to 1,200 per 100,000
      population)") is the one read for a metric in that rate.
    - relative change: "To reduce by 5%", "Increase by 2 percentage points",
      "reduce by 10 from 2019/20", "reduction of 35%", "-35%" (on a metric that
      is not a percentage).
    - comparator: "Better than statistical neighbours", "Better or equal to
      national average", "National average", "Less than national average",
      "Above budget", and several at once, all of which must hold: "Below (better
      than) National average and Statistical Neighbours".
    - a gap to close: "Reduce gap with same group nationally".
    - grade: "A", "B or better", "Good" (on `scale` when one is given, else the
      default letter scale).
    Any of these may end with a year it is due by: "50 by 2020", "reduction of
    35% by 2020". Anything else is UNPARSED with a flag; it is never guessed.
    """
    stripped = text.replace("\u00a0", " ").strip()
    folded = _fold(stripped)

    if folded in _NO_TARGET_TEXTS:
        return TargetRule(text=text, kind=TargetKind.NONE)
    if folded in _NOT_APPLICABLE_TEXTS:
        return TargetRule(text=text, kind=TargetKind.NOT_APPLICABLE)

    folded = re.sub(r"^target\s*[:=-]?\s*", "", folded) or folded
    if _LOST_SYMBOL.search(folded):
        return _unparsed(
            text,
            "a '?' stands where a symbol was lost when the file was saved (perhaps "
            "≤ or ≥), so which side of the level is on target cannot be read",
        )
    folded = _PER_CENT.sub("%", folded)

    deadline = None
    due = _DEADLINE.fullmatch(folded)
    if due is not None:
        deadline = _read_deadline(due["when"])
        if deadline is None:
            return _unparsed(text, f"the year '{due['when']}' is not a year")
        folded = due["body"]

    for reader in (
        _read_grade,
        _read_directional,
        _read_gap,
        _read_relative_change,
        _read_range,
        _read_parts,
        _read_threshold,
        _read_relation,
        _read_bare_comparator,
    ):
        rule = reader(text, folded, unit, scale)
        if rule is not None:
            if deadline is not None and rule.kind is not TargetKind.UNPARSED:
                rule = replace(rule, deadline=deadline)
            return rule
    return _unparsed(text, "the target's wording is not one the rules understand")


def _read_deadline(written: str) -> str | None:
    if re.fullmatch(r"\d{4}", written):
        return written
    try:
        return str(Period.parse(written))
    except ValueError:
        return None


def direction_from_target(rule: TargetRule | None) -> Direction | None:
    """The good direction a target states, or None when it states none.

    "To increase", ">", ">=", "above" → up; "To decrease"/"To reduce", "<", "<=",
    "below" → down. "To improve", "To maintain", bare levels, "better than …" and
    grades say nothing about direction.
    """
    if rule is None:
        return None
    if rule.direction is not None:
        return rule.direction
    if rule.kind in {TargetKind.DIRECTIONAL, TargetKind.RELATIVE_CHANGE}:
        return _AIM_DIRECTIONS.get(rule.aim or "")
    if rule.kind is TargetKind.THRESHOLD:
        return _OPERATOR_DIRECTIONS.get(rule.operator or "")
    if rule.kind is TargetKind.COMPARATOR:
        return _RELATION_DIRECTIONS.get(rule.comparator_relation or "")
    return None


_AIM_DIRECTIONS = {"increase": Direction.UP, "decrease": Direction.DOWN}
_OPERATOR_DIRECTIONS = {
    ">": Direction.UP,
    ">=": Direction.UP,
    "<": Direction.DOWN,
    "<=": Direction.DOWN,
}
_RELATION_DIRECTIONS = {
    "above": Direction.UP,
    "above_or_equal": Direction.UP,
    "below": Direction.DOWN,
    "below_or_equal": Direction.DOWN,
}


_FOLD_PUNCTUATION = str.maketrans("–—−’", "---'")


def _fold(text: str) -> str:
    return _tidy_text(text).casefold()


def _tidy_text(text: str) -> str:
    """The text with its dashes, quotes and spacing made plain, case kept."""
    tidied = text.replace("\u00a0", " ").translate(_FOLD_PUNCTUATION)
    tidied = re.sub(r"\s+", " ", tidied).strip()
    return tidied.rstrip(".").strip()


def _unparsed(text: str, why: str) -> TargetRule:
    return TargetRule(
        text=text,
        kind=TargetKind.UNPARSED,
        flag=f"Could not read the target '{text.strip()}': {why}",
    )


def _read_grade(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    grade = match_grade(folded, scale)
    if grade is None:
        match = re.fullmatch(
            r"(?:at\s+least\s+)?(?:grade\s+)?(?P<grade>.+?)"
            r"(?:\s+(?:or\s+(?:better|above|higher)|and\s+above))?",
            folded,
        )
        if match is None or match["grade"] == folded:
            return None
        grade = match_grade(match["grade"], scale)
    if grade is None:
        return None
    return TargetRule(text=text, kind=TargetKind.GRADE, grade=grade)


def _read_directional(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    if _HOLD.fullmatch(folded):
        return TargetRule(text=text, kind=TargetKind.DIRECTIONAL, aim="maintain")
    if _MORE_OR_LESS.fullmatch(folded):
        return TargetRule(text=text, kind=TargetKind.DIRECTIONAL, aim="improve")
    match = _DIRECTIONAL.fullmatch(folded)
    if match is None:
        return None
    aims = {_AIM_WORDS[match["aim"]]}
    if match["second"]:
        aims.add(_AIM_WORDS[match["second"]])
    if len(aims) == 1:
        return TargetRule(text=text, kind=TargetKind.DIRECTIONAL, aim=aims.pop())
    if "maintain" not in aims or aims == {"increase", "decrease"}:
        return _unparsed(text, "it asks for two different changes at once")
    # "Maintain or increase": on target when the value holds or moves the stated way.
    other = (aims - {"maintain"}).pop()
    return TargetRule(
        text=text,
        kind=TargetKind.DIRECTIONAL,
        aim="maintain",
        direction=_AIM_DIRECTIONS.get(other),
    )


def _read_gap(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    match = _GAP.fullmatch(folded)
    if match is None:
        return None
    named = match["comparator"]
    if named is not None:
        between = _GAP_BETWEEN.fullmatch(named)
        if between is not None:
            named = between["comparator"]
        if re.search(r"\d", named):
            return _unparsed(text, f"the gap is with '{named}', which is not a name")
    return TargetRule(
        text=text,
        kind=TargetKind.CLOSE_GAP,
        comparator=normalise_comparator(named) if named else None,
    )


def _read_number(written: str, unit: str) -> Decimal | None:
    parsed = parse_value(written, unit=unit)
    if parsed.kind is not ValueKind.NUMBER:
        return None
    return parsed.number


def _read_relative_change(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    match = (
        _RELATIVE.fullmatch(folded)
        or _RELATIVE_NOUN_FIRST.fullmatch(folded)
        or _RELATIVE_AMOUNT_FIRST.fullmatch(folded)
    )
    if match is not None:
        aim = _AIM_WORDS.get(match["aim"]) or _CHANGE_NOUNS[match["aim"]]
        return _relative_change(text, aim, match, unit)
    signed = _SIGNED_PERCENT.fullmatch(folded)
    if signed is None or _names_a_change(unit):
        # On a metric that is itself a change ("% difference"), "-5%" is a level.
        return None
    if is_percentage_unit(unit):
        return _unparsed(
            text,
            f"'{signed['sign']}{signed['number']}%' on a percentage could be a level "
            "or a change; write 'reduce by 5 percentage points' or '-5%' as a level",
        )
    aim = "decrease" if signed["sign"] == "-" else "increase"
    return _relative_change(text, aim, signed, unit, written_unit="%")


def _relative_change(
    text: str,
    aim: str,
    match: re.Match[str],
    unit: str,
    written_unit: str | None = None,
) -> TargetRule | None:
    written = re.sub(r"\s+", " ", written_unit or match["unit"] or "")
    if written in {"%", "per cent", "percent"}:
        change_unit, number_unit = "percent", ""
    elif written.startswith("percentage") or written.startswith("pp"):
        change_unit, number_unit = "points", ""
    else:
        change_unit, number_unit = "absolute", unit
    value = _read_number(match["number"], number_unit)
    if value is None:
        return None
    if value < 0:
        return _unparsed(text, "a change by a negative amount")
    baseline_period = None
    if match["baseline"]:
        readable, baseline_period = _read_baseline(match["baseline"])
        if not readable:
            return _unparsed(
                text, f"the baseline '{match['baseline']}' is not a reporting period"
            )
    return TargetRule(
        text=text,
        kind=TargetKind.RELATIVE_CHANGE,
        aim=aim,
        value=value,
        change_unit=change_unit,
        baseline_period=baseline_period,
    )


def _names_a_change(unit: str) -> bool:
    """Whether the metric's figure is itself a change or a difference."""
    return bool(
        re.search(
            r"\b(?:change|difference|differences|gap|growth|reduction|increase)\b",
            unit,
            re.IGNORECASE,
        )
    )


def _read_baseline(written: str) -> tuple[bool, str | None]:
    """Whether the baseline could be read, and its period (None: the default one)."""
    cleaned = re.sub(
        r"\b(?:the|levels?|baseline|figures?|outturn|position)\b", " ", written
    )
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if not cleaned:
        return True, None
    try:
        return True, str(Period.parse(cleaned))
    except ValueError:
        return False, None


def _level(written: str, unit: str) -> tuple[Decimal, str | None] | None:
    """A level as written ("95%", "£1.2m", "10 days", "40 micrograms per cubic
    metre"), read into the unit, with a flag when it reads oddly for it."""
    match = _LEVEL_WITH_WORDS.fullmatch(written.strip())
    if match is None:
        return None
    parsed = parse_value(match["number"].strip(), unit=unit)
    if parsed.kind is not ValueKind.NUMBER or parsed.number is None:
        return None
    flag = parsed.warning or _unit_mismatch(match["words"] or "", unit)
    return parsed.number, flag


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _unit_mismatch(words: str, unit: str) -> str | None:
    """A flag when the words after a level name a measure the unit does not."""
    if not words or not unit.strip():
        return None
    stated = {_singular(word) for word in re.findall(r"[a-z]+", words)}
    known = {_singular(word) for word in re.findall(r"[a-z]+", unit.casefold())}
    per = re.search(r"per\s+(\d[\d,]*)", words)
    if per is not None and rate_base(unit) != Decimal(per[1].replace(",", "")):
        return f"the target is in '{words}' but the metric's unit is '{unit.strip()}'"
    if (stated & _MEASURE_WORDS) - known:
        return f"the target is in '{words}' but the metric's unit is '{unit.strip()}'"
    return None


def _read_range(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    main, aside = folded, None
    bracketed = _ASIDE.fullmatch(folded)
    if bracketed is not None:
        main, aside = bracketed["main"], _APPROXIMATELY.sub("", bracketed["aside"], 1)
    read = _range(main, unit)
    if read is None:
        return None
    if aside is not None:
        # A range given again in the metric's own rate ("(approx. 1,000 to 1,200
        # per 100,000 population)") is the one that tests the metric's figure.
        alternative = _range(aside, unit)
        per = re.search(r"\bper\s+(\d[\d,]*)", aside)
        base = rate_base(unit)
        if (
            alternative is not None
            and per is not None
            and base is not None
            and Decimal(per[1].replace(",", "")) == base
            and not re.search(r"\bper\b", main)
        ):
            read = alternative
    low, high, flag = read
    return TargetRule(
        text=text, kind=TargetKind.RANGE, value=low, upper=high, flag=flag
    )


def _range(written: str, unit: str) -> tuple[Decimal, Decimal, str | None] | None:
    match = _RANGE.fullmatch(written.strip())
    if match is None:
        return None
    if match["sep"] == "and" and not match["between"]:
        return None
    low_text, high_text = match["low"].strip(), match["high"].strip()
    if match["sep"] == "-" and _looks_like_period(low_text, high_text):
        return None
    if high_text.endswith("%") and not low_text.endswith("%"):
        low_text += "%"  # "70-80%": the sign is for both ends
    low_read, high_read = _level(low_text, unit), _level(high_text, unit)
    if low_read is None or high_read is None:
        return None
    low, high = sorted((low_read[0], high_read[0]))
    flag = low_read[1] or high_read[1] or _unit_mismatch(match["words"] or "", unit)
    return low, high, flag


def _looks_like_period(low: str, high: str) -> bool:
    """ "2019-20" is a year, not the range 20 to 2019."""
    if not re.fullmatch(r"(?:19|20)\d\d", low) or not re.fullmatch(r"\d\d|\d{4}", high):
        return False
    following = int(low) + 1
    return int(high) in {following, following % 100}


def _read_parts(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    match = _PARTS.fullmatch(folded)
    if match is None:
        return None
    # The parts' names as written, with their own case ("A&B").
    written = _PARTS.fullmatch(_tidy_text(text))
    names = written["parts"] if written is not None else match["parts"]
    parts = tuple(part for part in _PART_SEPARATOR.split(names) if part)
    rule = _threshold(
        text,
        _SYMBOL_OPERATORS[match["op"]],
        match["level"],
        unit,
        "equal" if match["op"] in {"=", "=="} else None,
    )
    if rule is None:
        return None
    return replace(rule, parts=parts)


def _read_threshold(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    symbol = _SYMBOL_THRESHOLD.fullmatch(folded)
    if symbol is not None:
        equal = symbol["op"] in {"=", "=="}
        return _threshold(
            text,
            _SYMBOL_OPERATORS[symbol["op"]],
            symbol["level"],
            unit,
            "equal" if equal else None,
        )

    change = _CHANGE_TO_LEVEL.fullmatch(folded)
    if change is not None:
        aim = _AIM_WORDS[change["aim"]]
        if _level(change["level"], unit) is None:
            return None
        if aim in {"maintain", "improve"}:
            # "Improve to 80%" names a level but not which side of it is better.
            return _threshold(text, None, change["level"], unit)
        return _threshold(
            text, ">=" if aim == "increase" else "<=", change["level"], unit
        )

    bare = _BARE_LEVEL.fullmatch(folded)
    if bare is None:
        return None
    operator, relation = None, None
    for index, (_, suffix_operator, suffix_relation) in enumerate(_LEVEL_SUFFIXES):
        if bare[f"s{index}"]:
            operator, relation = suffix_operator, suffix_relation
    return _threshold(text, operator, bare["level"], unit, relation)


def _threshold(
    text: str,
    operator: str | None,
    written: str,
    unit: str,
    relation: str | None = None,
) -> TargetRule | None:
    read = _level(written, unit)
    if read is None:
        return None
    value, flag = read
    return TargetRule(
        text=text,
        kind=TargetKind.THRESHOLD,
        operator=operator,
        value=value,
        comparator_relation=relation,
        flag=flag,
    )


def _read_relation(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    match = _RELATION.fullmatch(folded)
    if match is None:
        return None
    relation = next(
        name
        for index, (_, name) in enumerate(_RELATION_PHRASES)
        if match[f"r{index}"] is not None
    )
    aside = match["aside"]
    if aside is not None and not re.fullmatch(r"\s*better(?:\s+than)?\s*", aside):
        return _unparsed(text, f"the aside '({aside})' is not '(better than)'")
    rest = match["rest"].strip()
    level = _LEVEL_NAME.sub("", rest, count=1)

    if _level(level, unit) is not None:
        operator = _RELATION_TO_OPERATOR[relation]
        return _threshold(
            text, operator, level, unit, relation if operator is None else None
        )
    if _COMPARATOR_OWN_HISTORY.search(rest):
        return _unparsed(
            text,
            "it compares with the metric's own earlier figure; "
            "write it as a directional or relative change target",
        )
    if not re.search(r"[a-z]", rest) or re.search(r"\d", rest):
        return None
    return _comparators(text, rest, relation)


def _comparators(text: str, names: str, relation: str) -> TargetRule:
    """A comparator rule for one name, or for several that must all hold."""
    if re.search(r"\b(?:or|either)\b", names):
        sides = re.split(r"\s*\b(?:either|or)\b\s*", names)
        if sum(1 for side in sides if _COMPARATOR_WORDS.search(side)) >= 2:
            return _unparsed(
                text,
                "it names two comparators joined by 'or' and does not say whether "
                "one or both must hold",
            )
    parts = _comparator_parts(names)
    found = tuple(normalise_comparator(part) for part in parts)
    return TargetRule(
        text=text,
        kind=TargetKind.COMPARATOR,
        comparator=found[0],
        comparator_relation=relation,
        other_comparators=found[1:],
    )


def _comparator_parts(names: str) -> list[str]:
    """The comparators a list names: "national average and statistical neighbours"
    two, "national and regional averages" two averages, but "England and Wales
    average" one."""
    parts = [part for part in _COMPARATOR_SEPARATOR.split(names) if part]
    if len(parts) < 2 or not all(_COMPARATOR_WORDS.search(part) for part in parts):
        return [names]
    last = parts[-1]
    plural = re.search(r"\b(average|mean|median)s$", last)
    if plural is not None:
        head = plural[1]
        return [
            part if _COMPARATOR_HEAD.search(part) else f"{part} {head}"
            for part in [*parts[:-1], last[: plural.start()] + head]
        ]
    if re.search(r"\b(?:average|mean|median)$", last) and not all(
        _COMPARATOR_HEAD.search(part) for part in parts[:-1]
    ):
        return [names]
    return parts


def _read_bare_comparator(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    """ "National average", "statistical neighbours or better": the comparator is a
    level to reach, a floor when up is good and a ceiling when down is good."""
    match = _BARE_COMPARATOR.fullmatch(folded)
    if match is None or not _COMPARATOR_WORDS.search(match["name"]):
        return None
    if len(match["name"].split()) > 6 or _NOT_A_NAME.search(match["name"]):
        return None
    return _comparators(text, match["name"], _BARE_SUFFIX_RELATIONS[match["suffix"]])


def normalise_comparator(name: str) -> str:
    """A comparator's name as written, folded for matching ("statistical neighbours").

    Case and spacing are folded, a leading "the"/"our" and a possessive are dropped,
    and the spellings of statistical neighbours ("stat neighbours", "SN average") meet.
    """
    folded = _fold(name)
    folded = re.sub(r"^(?:the|our)\s+", "", folded)
    folded = re.sub(r"'s?\b", "", folded).strip()
    for pattern, alias in _COMPARATOR_ALIASES:
        if pattern.fullmatch(folded):
            return alias
    return folded
