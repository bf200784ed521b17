"""Reading target rules as the council writes them (DESIGN.md section 3).

A rule keeps its text; what could be read from it is stored beside it. Text that
cannot be read is UNPARSED with a flag saying why — never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from scorecard.domain.periods import Period
from scorecard.domain.values import ValueKind, match_grade, parse_value
from scorecard.domain.vocabulary import Direction


class TargetKind(StrEnum):
    """The family a target rule belongs to, which decides how it is assessed."""

    NONE = "none"
    NOT_APPLICABLE = "not_applicable"
    DIRECTIONAL = "directional"
    THRESHOLD = "threshold"
    RELATIVE_CHANGE = "relative_change"
    COMPARATOR = "comparator"
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
    - DIRECTIONAL: `aim`.
    - RELATIVE_CHANGE: `aim`, `value`, `change_unit`, optional `baseline_period`.
    - COMPARATOR: `comparator` (normalised name) and `comparator_relation`.
    - GRADE: `grade`, the scale's own spelling.
    - UNPARSED: `flag` says why.
    `direction` is set only where the text states a good direction that the other
    fields cannot carry ("Maintain or increase"); use direction_from_target to read a
    rule's direction.
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
        "tbc",
        "to be confirmed",
        "to be set",
        "target to be set",
        # The 2016-24 layout writes "N/A" for a target and "No Target Set" as its
        # status, so an N/A target means none was set, not that one cannot apply.
        "n/a",
        "na",
    }
)
_NOT_APPLICABLE_TEXTS = frozenset({"target not applicable", "not applicable"})

_AIM_WORDS: dict[str, str] = {
    "increase": "increase",
    "raise": "increase",
    "grow": "increase",
    "decrease": "decrease",
    "reduce": "decrease",
    "lower": "decrease",
    "cut": "decrease",
    "improve": "improve",
    "maintain": "maintain",
    "sustain": "maintain",
}
_AIM = "|".join(_AIM_WORDS)

_DIRECTIONAL = re.compile(
    rf"(?:to\s+)?(?P<aim>{_AIM})(?:(?:\s*/\s*|\s+(?:or|and)\s+)(?P<second>{_AIM}))?"
)

_NUMBER = (
    r"[£$€]?\s*[-+]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?"
    r"\s*(?:k|m|mn|bn|thousand|million|billion)?"
)

# A threshold's level may carry a % sign; a relative change's % is its unit instead.
_LEVEL = _NUMBER + r"\s*%?"

_RELATIVE = re.compile(
    rf"""
    (?:to\s+)?(?P<aim>{_AIM})\s+by\s+(?:at\s+least\s+)?
    (?P<number>{_NUMBER})\s*
    (?P<unit>%|per\s*cent|percent|percentage\s+points?|pp|ppts?|points?|pts?)?
    (?:\s+(?:from|on|against|compared\s+(?:to|with))\s+(?P<baseline>.+))?
    """,
    re.VERBOSE,
)

# Relation words that may precede a number (a threshold) or a comparator's name.
# Longest phrases first, so "equal to or better than" is not read as "better than".
_RELATION_PHRASES: tuple[tuple[str, str], ...] = (
    (r"equal\s+to\s+or\s+better\s+than", "better_or_equal"),
    (r"equal\s+or\s+better\s+than", "better_or_equal"),
    (r"better\s+than\s+or\s+equal\s+to", "better_or_equal"),
    (r"better\s+than\s+or\s+in\s+line\s+with", "better_or_equal"),
    (r"in\s+line\s+with\s+or\s+better\s+than", "better_or_equal"),
    (r"(?:the\s+)?same\s+as\s+or\s+better\s+than", "better_or_equal"),
    (r"at\s+least\s+as\s+good\s+as", "better_or_equal"),
    (r"as\s+good\s+as\s+or\s+better\s+than", "better_or_equal"),
    (r"no\s+worse\s+than", "better_or_equal"),
    (r"better\s+than", "better"),
    (r"in\s+line\s+with", "equal"),
    (r"equal\s+to", "equal"),
    (r"(?:the\s+)?same\s+as", "equal"),
    (r"level\s+with", "equal"),
    (r"(?:at\s+or|equal\s+to\s+or)\s+(?:above|higher\s+than)", "above_or_equal"),
    (r"(?:above|higher\s+than)\s+or\s+equal\s+to", "above_or_equal"),
    (r"(?:at\s+or|equal\s+to\s+or)\s+(?:below|lower\s+than)", "below_or_equal"),
    (r"(?:below|lower\s+than)\s+or\s+equal\s+to", "below_or_equal"),
    (
        r"at\s+least|no\s+less\s+than|not\s+less\s+than|minimum(?:\s+of)?",
        "above_or_equal",
    ),
    (
        r"at\s+most|no\s+more\s+than|not\s+more\s+than|maximum(?:\s+of)?",
        "below_or_equal",
    ),
    (r"above|higher\s+than|more\s+than|greater\s+than|over", "above"),
    (r"below|lower\s+than|less\s+than|fewer\s+than|under", "below"),
)
_RELATION = re.compile(
    r"(?:to\s+)?(?:be\s+|remain\s+|stay\s+)?(?:"
    + "|".join(
        f"(?P<r{i}>{pattern})" for i, (pattern, _) in enumerate(_RELATION_PHRASES)
    )
    + r")(?:\s*\((?P<aside>[^)]*)\))?\s+(?P<rest>.+)"
)

_SYMBOL_OPERATORS: dict[str, str] = {
    ">=": ">=",
    "≥": ">=",
    "=>": ">=",
    "<=": "<=",
    "≤": "<=",
    "=<": "<=",
    ">": ">",
    "<": "<",
}
_SYMBOL_THRESHOLD = re.compile(rf"(?P<op>>=|=>|≥|<=|=<|≤|>|<)\s*(?P<number>{_LEVEL})")

_LEVEL_SUFFIXES: tuple[tuple[str, str], ...] = (
    (r"\+", ">="),
    (r"(?:or|and)\s+(?:more|above|higher|greater|over)", ">="),
    (r"(?:or|and)\s+(?:less|below|lower|fewer|under)", "<="),
)
_BARE_LEVEL = re.compile(
    rf"(?P<number>{_LEVEL})\s*(?:"
    + "|".join(f"(?P<s{i}>{pattern})" for i, (pattern, _) in enumerate(_LEVEL_SUFFIXES))
    + r")?"
)
_CHANGE_TO_LEVEL = re.compile(rf"(?:to\s+)?(?P<aim>{_AIM})\s+to\s+(?P<level>.+)")

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
    r"\d|\b(?:last|previous|prior|this)\s+(?:year|period|quarter|month)\b|\bbaseline\b"
)


def parse_target(
    text: str, *, unit: str = "", scale: Sequence[str] | None = None
) -> TargetRule:
    """Read a target as written into a structured rule.

    Understood forms (case, spacing and dash style are forgiven):
    - none: "", "None set", "No Target Set", "N/A", "TBC".
    - not applicable: "Target not applicable".
    - directional: "To increase", "To decrease", "To reduce", "To improve",
      "To maintain", "Maintain or improve".
    - threshold: "95%", "<6%", ">70", "<=1380", "95%+", "at least 70", "80 or more",
      "below 6%", "increase to 70%"; a value's k/m/bn suffix is read into `unit`.
    - relative change: "To reduce by 5%", "Increase by 2 percentage points",
      "reduce by 10 from 2019/20".
    - comparator: "Better than statistical neighbours", "Equal to or better than
      national average", "Below (better than) national average".
    - grade: "A", "B or better", "Good" (on `scale` when one is given, else the
      default letter scale).
    Anything else is UNPARSED with a flag; it is never guessed.
    """
    stripped = text.replace("\u00a0", " ").strip()
    folded = _fold(stripped)

    if folded in _NO_TARGET_TEXTS:
        return TargetRule(text=text, kind=TargetKind.NONE)
    if folded in _NOT_APPLICABLE_TEXTS:
        return TargetRule(text=text, kind=TargetKind.NOT_APPLICABLE)

    folded = re.sub(r"^target\s*[:=-]?\s*", "", folded) or folded

    for reader in (
        _read_grade,
        _read_directional,
        _read_relative_change,
        _read_threshold,
        _read_relation,
    ):
        rule = reader(text, folded, unit, scale)
        if rule is not None:
            return rule
    return _unparsed(text, "the target's wording is not one the rules understand")


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
    folded = text.casefold().translate(_FOLD_PUNCTUATION)
    folded = re.sub(r"\s+", " ", folded).strip()
    return folded.rstrip(".").strip()


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


def _read_number(written: str, unit: str) -> Decimal | None:
    parsed = parse_value(written, unit=unit)
    if parsed.kind is not ValueKind.NUMBER:
        return None
    return parsed.number


def _read_relative_change(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    match = _RELATIVE.fullmatch(folded)
    if match is None:
        return None
    written_unit = re.sub(r"\s+", " ", match["unit"] or "")
    if written_unit in {"%", "per cent", "percent"}:
        change_unit, number_unit = "percent", ""
    elif written_unit.startswith("percentage") or written_unit.startswith("pp"):
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
        aim=_AIM_WORDS[match["aim"]],
        value=value,
        change_unit=change_unit,
        baseline_period=baseline_period,
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


def _read_threshold(
    text: str, folded: str, unit: str, scale: Sequence[str] | None
) -> TargetRule | None:
    symbol = _SYMBOL_THRESHOLD.fullmatch(folded)
    if symbol is not None:
        return _threshold(text, _SYMBOL_OPERATORS[symbol["op"]], symbol["number"], unit)

    change = _CHANGE_TO_LEVEL.fullmatch(folded)
    if change is not None:
        aim = _AIM_WORDS[change["aim"]]
        level = _read_number(change["level"], unit)
        if level is None:
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
    operator = None
    for index, (_, suffix_operator) in enumerate(_LEVEL_SUFFIXES):
        if bare[f"s{index}"]:
            operator = suffix_operator
    return _threshold(text, operator, bare["number"], unit)


def _threshold(
    text: str,
    operator: str | None,
    written: str,
    unit: str,
    relation: str | None = None,
) -> TargetRule | None:
    parsed = parse_value(written.strip(), unit=unit)
    if parsed.kind is not ValueKind.NUMBER or parsed.number is None:
        return None
    return TargetRule(
        text=text,
        kind=TargetKind.THRESHOLD,
        operator=operator,
        value=parsed.number,
        comparator_relation=relation,
        flag=parsed.warning,
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

    if _read_number(rest, unit) is not None:
        operator = _RELATION_TO_OPERATOR[relation]
        return _threshold(
            text, operator, rest, unit, relation if operator is None else None
        )
    if _COMPARATOR_OWN_HISTORY.search(rest):
        return _unparsed(
            text,
            "it compares with the metric's own earlier figure; "
            "write it as a directional or relative change target",
        )
    if not re.search(r"[a-z]", rest):
        return None
    return TargetRule(
        text=text,
        kind=TargetKind.COMPARATOR,
        comparator=normalise_comparator(rest),
        comparator_relation=relation,
    )


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
