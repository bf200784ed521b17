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
    # our own labels, so an export in words reads back
    "Improved": Progress.IMPROVED,
    "Got worse": Progress.GOT_WORSE,
    "Cannot say": Progress.CANNOT_SAY,
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
