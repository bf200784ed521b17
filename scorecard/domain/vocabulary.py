"""The two verdict vocabularies (DESIGN.md section 2) and the council's codes for them.

Keys are stable (API, exports, code); labels are what people read; a symbol is never
shown without its label.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Progress(StrEnum):
    """Direction of travel of a metric between two comparable periods."""

    IMPROVED = "improved"
    GOT_WORSE = "got_worse"
    SIMILAR = "similar"
    CANNOT_SAY = "cannot_say"
    NOT_AVAILABLE = "not_available"

    @property
    def label(self) -> str:
        return _PROGRESS_LABELS[self]

    @property
    def symbol(self) -> str:
        return _PROGRESS_SYMBOLS[self]


class TargetStatus(StrEnum):
    """Whether a metric's current value meets its target rule for the period."""

    ON_TARGET = "on_target"
    OFF_TARGET = "off_target"
    NO_TARGET = "no_target"
    NOT_APPLICABLE = "not_applicable"
    NOT_AVAILABLE = "not_available"

    @property
    def label(self) -> str:
        return _TARGET_STATUS_LABELS[self]

    @property
    def symbol(self) -> str:
        return _TARGET_STATUS_SYMBOLS[self]


class Direction(StrEnum):
    """A metric's good direction: which way a change is an improvement."""

    UP = "up"
    DOWN = "down"
    NONE = "none"


_PROGRESS_LABELS: dict[Progress, str] = {
    Progress.IMPROVED: "Improved",
    Progress.GOT_WORSE: "Got worse",
    Progress.SIMILAR: "Similar",
    Progress.CANNOT_SAY: "Cannot say",
    Progress.NOT_AVAILABLE: "Not available",
}

_PROGRESS_SYMBOLS: dict[Progress, str] = {
    Progress.IMPROVED: "✓",
    Progress.GOT_WORSE: "✗",
    Progress.SIMILAR: "=",
    Progress.CANNOT_SAY: "?",
    Progress.NOT_AVAILABLE: "○",
}

_TARGET_STATUS_LABELS: dict[TargetStatus, str] = {
    TargetStatus.ON_TARGET: "On target",
    TargetStatus.OFF_TARGET: "Off target",
    TargetStatus.NO_TARGET: "No target set",
    TargetStatus.NOT_APPLICABLE: "Target not applicable",
    TargetStatus.NOT_AVAILABLE: "Not available",
}

_TARGET_STATUS_SYMBOLS: dict[TargetStatus, str] = {
    TargetStatus.ON_TARGET: "✓",
    TargetStatus.OFF_TARGET: "✗",
    TargetStatus.NO_TARGET: "○",
    TargetStatus.NOT_APPLICABLE: "–",
    TargetStatus.NOT_AVAILABLE: "○",
}

# Spelled as the council's files spell them; lookups go through
# parse_council_progress, which forgives case, spacing, hyphens and apostrophes.
PROGRESS_FROM_COUNCIL_CODE: dict[str, Progress] = {
    # 2022-30 layout codes
    "BETTER": Progress.IMPROVED,
    "EQUALS": Progress.SIMILAR,
    "WORSE": Progress.GOT_WORSE,
    "CANT SAY": Progress.CANNOT_SAY,
    "N/A": Progress.NOT_AVAILABLE,
    # 2016-24 layout: the second Progress column repeats the verdict in words
    "Right direction": Progress.IMPROVED,
    "Similar/unchanged": Progress.SIMILAR,
    "Similar": Progress.SIMILAR,
    "Unchanged": Progress.SIMILAR,
    "Wrong direction": Progress.GOT_WORSE,
    "Can't say": Progress.CANNOT_SAY,
    "Not available": Progress.NOT_AVAILABLE,
    # other spellings in the council's files (2016-17 and 2017-18 half years)
    "NA": Progress.NOT_AVAILABLE,
    "Stayed the same": Progress.SIMILAR,
    # the 2017-18 half year, where no half-year figure could show a direction
    "Not applicable": Progress.NOT_AVAILABLE,
    # our own labels, so an export in words reads back
    "Improved": Progress.IMPROVED,
    "Got worse": Progress.GOT_WORSE,
    "Cannot say": Progress.CANNOT_SAY,
    # the same verdicts as other councils' tables word them
    "Improving": Progress.IMPROVED,
    "Equal": Progress.SIMILAR,
    "Same": Progress.SIMILAR,
    "The same": Progress.SIMILAR,
    "No change": Progress.SIMILAR,
    "Static": Progress.SIMILAR,
    "Deteriorated": Progress.GOT_WORSE,
    "Declined": Progress.GOT_WORSE,
    "Worsened": Progress.GOT_WORSE,
    "Can not say": Progress.CANNOT_SAY,
    "Unable to say": Progress.CANNOT_SAY,
    "No data": Progress.NOT_AVAILABLE,
    "No update": Progress.NOT_AVAILABLE,
    "No updated data": Progress.NOT_AVAILABLE,
}

COUNCIL_CODE_FROM_PROGRESS: dict[Progress, str] = {
    Progress.IMPROVED: "BETTER",
    Progress.SIMILAR: "EQUALS",
    Progress.GOT_WORSE: "WORSE",
    Progress.CANNOT_SAY: "CANT SAY",
    Progress.NOT_AVAILABLE: "N/A",
}

# The older layout's second Progress column, for exporting in that layout.
COUNCIL_WORDS_FROM_PROGRESS: dict[Progress, str] = {
    Progress.IMPROVED: "Right direction",
    Progress.SIMILAR: "Similar/unchanged",
    Progress.GOT_WORSE: "Wrong direction",
    Progress.CANNOT_SAY: "Can't say",
    Progress.NOT_AVAILABLE: "N/A",
}

TARGET_STATUS_FROM_COUNCIL_CODE: dict[str, TargetStatus] = {
    # as the council's files write them ("On Target" and "on-target" read the same)
    "On-Target": TargetStatus.ON_TARGET,
    "On-target": TargetStatus.ON_TARGET,
    "Off-Target": TargetStatus.OFF_TARGET,
    "Off-target": TargetStatus.OFF_TARGET,
    "No Target Set": TargetStatus.NO_TARGET,
    "No target": TargetStatus.NO_TARGET,
    "Target not applicable": TargetStatus.NOT_APPLICABLE,
    "Not applicable": TargetStatus.NOT_APPLICABLE,
    "N/A": TargetStatus.NOT_AVAILABLE,
    "NA": TargetStatus.NOT_AVAILABLE,
    "Not available": TargetStatus.NOT_AVAILABLE,
    # the same statuses as other councils' tables word them
    "Target met": TargetStatus.ON_TARGET,
    "Target achieved": TargetStatus.ON_TARGET,
    "Met": TargetStatus.ON_TARGET,
    "Achieved": TargetStatus.ON_TARGET,
    "Target not met": TargetStatus.OFF_TARGET,
    "Target missed": TargetStatus.OFF_TARGET,
    "Not met": TargetStatus.OFF_TARGET,
    "Not achieved": TargetStatus.OFF_TARGET,
    "Missed": TargetStatus.OFF_TARGET,
    "None set": TargetStatus.NO_TARGET,
    "Target not set": TargetStatus.NO_TARGET,
}

COUNCIL_CODE_FROM_TARGET_STATUS: dict[TargetStatus, str] = {
    TargetStatus.ON_TARGET: "On-Target",
    TargetStatus.OFF_TARGET: "Off-Target",
    TargetStatus.NO_TARGET: "No Target Set",
    TargetStatus.NOT_APPLICABLE: "Target not applicable",
    TargetStatus.NOT_AVAILABLE: "N/A",
}

_APOSTROPHES = re.compile(r"['’‘`]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")


def normalise_code(text: str) -> str:
    """Fold a verdict code for lookup: case, apostrophes, hyphens, slashes, spacing.

    "CANT SAY", "Can't say" and "cant-say" all become "cant say".
    """
    folded = _APOSTROPHES.sub("", text.casefold())
    return _SEPARATORS.sub(" ", folded).strip()


_PROGRESS_LOOKUP: dict[str, Progress] = {
    **{
        normalise_code(code): value
        for code, value in PROGRESS_FROM_COUNCIL_CODE.items()
    },
    **{normalise_code(member.value): member for member in Progress},
}

_TARGET_STATUS_LOOKUP: dict[str, TargetStatus] = {
    **{
        normalise_code(code): value
        for code, value in TARGET_STATUS_FROM_COUNCIL_CODE.items()
    },
    **{normalise_code(member.value): member for member in TargetStatus},
}


def parse_council_progress(text: str) -> Progress | None:
    """Read a progress verdict as a council file or our export writes it.

    Returns None for an empty cell or a code nobody knows, so the caller can keep
    the text and warn rather than invent a verdict.
    """
    return _PROGRESS_LOOKUP.get(normalise_code(text))


def parse_council_target_status(text: str) -> TargetStatus | None:
    """Read a target status as a council file or our export writes it.

    Returns None for an empty cell or an unknown code.
    """
    return _TARGET_STATUS_LOOKUP.get(normalise_code(text))


# The words that belong in the other columns, to tell a misplaced code from an
# unknown one. A word both columns use ("N/A", "Not available") is read as the
# column's own.
_PROGRESS_ONLY = frozenset(_PROGRESS_LOOKUP) - frozenset(_TARGET_STATUS_LOOKUP)
_TARGET_STATUS_ONLY = frozenset(_TARGET_STATUS_LOOKUP) - frozenset(_PROGRESS_LOOKUP)
_FLAG_WORDS = frozenset({"true", "false", "yes", "no", "y", "n", "supporting"})


def classify_progress_cell(text: str) -> tuple[Progress | None, str | None]:
    """A progress column's cell: (the verdict, None), or (None, the problem).

    A blank cell (or a lone dash) is (None, None). A code that belongs in another
    column (a target status such as "On-Target", or a flag such as "FALSE") is
    misplaced, and an unknown code unknown: both give no verdict and say why, so
    the importer can warn rather than record one.
    """
    if not normalise_code(text):
        return None, None
    progress = parse_council_progress(text)
    if progress is not None:
        return progress, None
    return None, _problem(
        text, "progress verdict", _TARGET_STATUS_ONLY, "target status"
    )


def classify_target_status_cell(
    text: str,
) -> tuple[TargetStatus | None, str | None]:
    """A target-status column's cell: (the status, None), or (None, the problem).

    As classify_progress_cell: a progress word ("Similar/unchanged", "BETTER") or a
    flag ("FALSE") is misplaced; anything else unknown is unknown.
    """
    if not normalise_code(text):
        return None, None
    status = parse_council_target_status(text)
    if status is not None:
        return status, None
    return None, _problem(text, "target status", _PROGRESS_ONLY, "progress verdict")


def _problem(text: str, wanted: str, others: frozenset[str], other: str) -> str:
    shown = " ".join(text.split())
    code = normalise_code(text)
    if code in others:
        return f"'{shown}' is a {other}, not a {wanted}: misplaced, not recorded"
    if code in _FLAG_WORDS:
        return f"'{shown}' is a flag's value, not a {wanted}: misplaced, not recorded"
    return f"'{shown}' is not a {wanted} the importer knows; not recorded"


class HeadlineFlag(StrEnum):
    """What a headline-flag column (`Council Plan Indicator`, `Council Plan
    2022-30 Metric`) says of a metric for its plan and year."""

    HEADLINE = "headline"
    SUPPORTING = "supporting"  # not headline, but kept as a supporting metric
    NOT_HEADLINE = "not_headline"

    @property
    def is_headline(self) -> bool:
        return self is HeadlineFlag.HEADLINE


_HEADLINE_WORDS: dict[str, HeadlineFlag] = {
    "TRUE": HeadlineFlag.HEADLINE,
    "Yes": HeadlineFlag.HEADLINE,
    "Y": HeadlineFlag.HEADLINE,
    "1": HeadlineFlag.HEADLINE,
    "x": HeadlineFlag.HEADLINE,
    "✓": HeadlineFlag.HEADLINE,
    "✔": HeadlineFlag.HEADLINE,
    "Headline": HeadlineFlag.HEADLINE,
    "Council Plan": HeadlineFlag.HEADLINE,
    "Council Plan indicator": HeadlineFlag.HEADLINE,
    "Council Plan metric": HeadlineFlag.HEADLINE,
    "SUPPORTING": HeadlineFlag.SUPPORTING,
    "Supporting indicator": HeadlineFlag.SUPPORTING,
    "Supporting metric": HeadlineFlag.SUPPORTING,
    "Support": HeadlineFlag.SUPPORTING,
    "": HeadlineFlag.NOT_HEADLINE,
    "FALSE": HeadlineFlag.NOT_HEADLINE,
    "No": HeadlineFlag.NOT_HEADLINE,
    "N": HeadlineFlag.NOT_HEADLINE,
    "0": HeadlineFlag.NOT_HEADLINE,
    "-": HeadlineFlag.NOT_HEADLINE,
}
_HEADLINE_LOOKUP: dict[str, HeadlineFlag] = {
    normalise_code(word): flag for word, flag in _HEADLINE_WORDS.items()
}


def parse_headline_flag(text: str) -> HeadlineFlag | None:
    """Read a headline-flag cell: TRUE/Yes/Y/"Council Plan" → headline;
    "SUPPORTING" → supporting; blank/FALSE/No → not headline. None for anything
    else, so the caller can warn rather than guess."""
    return _HEADLINE_LOOKUP.get(normalise_code(text))
