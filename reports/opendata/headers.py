"""Reading column headers by pattern, as files in the wild write them.

Headers are folded before they are matched: a byte-order mark, case, doubled spaces,
underscores, "indicator" for "metric" and "2016/17" for "2016-17" all meet. A column is
then recognised by what it says, never by where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecard.domain.periods import Period, period_from_column

_YEAR_SLASH = re.compile(r"(\d{4})\s*/\s*(\d{2,4})\b")
_YEAR_DASH = re.compile(r"(\d{4})\s*[-–—]\s*(\d{2,4})\b")


def fold_header(text: str) -> str:
    """A header folded for matching: "2021-22  End of Year Indicator Value" →
    "2021-22 end of year metric value"."""
    folded = text.replace("\ufeff", "").replace("\u00a0", " ").casefold()
    folded = re.sub(r"[\s_]+", " ", folded).strip()
    folded = re.sub(r"\bindicators?\b", "metric", folded)
    folded = _YEAR_SLASH.sub(r"\1-\2", folded)
    folded = _YEAR_DASH.sub(r"\1-\2", folded)
    return folded


def plan_period(text: str) -> str | None:
    """A plan's period as files name it, normalised ("2022-2030" → "2022-30")."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*", text)
    if match is None:
        return None
    start, end = int(match[1]), int(match[2])
    if end >= 100:
        if end <= start:
            return None
        end %= 100
    return f"{start}-{end:02d}"


def plan_years(period: str) -> tuple[int, int]:
    """Start and end year of a plan period ("2022-30" → 2022, 2030)."""
    start_text, end_text = period.split("-")
    start = int(start_text)
    end = start // 100 * 100 + int(end_text)
    if end <= start:
        end += 100
    return start, end


# --- council layouts --------------------------------------------------------------

# Fields of the metric row, by folded header.
_SIMPLE_FIELDS: dict[str, str] = {
    "sort order": "sort_order",
    "sort": "sort_order",
    "sort no": "sort_order",
    "sort number": "sort_order",
    "order": "sort_order",
    "ref": "sort_order",
    "metric": "name",
    "metric name": "name",
    "metric title": "name",
    "metric description": "name",  # "Indicator Description" (2017-18 half year)
    "unit": "unit",
    "units": "unit",
    "unit of measure": "unit",
    "target": "target",
    "targets": "target",
    "directionality": "direction",
    "direction": "direction",
    "good direction": "direction",
    "polarity": "direction",
    "equality metric": "equality_flag",
    "equality": "equality_flag",
    "marmot metric": "marmot_flag",
    "marmot": "marmot_flag",
    "marmot (health inequalities) metric": "marmot_flag",
    # The older layout names its plan's columns without the plan's period.
    "council plan": "plan:priority",
    "council plan vision": "plan:priority",
    "one coventry plan": "plan:priority",
    "one coventry plan vision": "plan:priority",
    "vision": "plan:priority",
    "priority": "plan:objective",
    "council plan metric": "plan:headline",
    "one coventry plan metric": "plan:headline",
    "progress": "plan:progress",
    "target status": "plan:target_status",
}

_PLAN = r"(?P<plan>\d{4}-\d{2,4})"
_PLAN_NAME = r"(?:one coventry plan|council plan|one coventry council plan|plan)"
_PLAN_FIELDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_PLAN_NAME} {_PLAN} vision"), "priority"),
    (re.compile(rf"{_PLAN_NAME} {_PLAN} priority"), "objective"),
    (re.compile(rf"{_PLAN_NAME} {_PLAN} (?:headline )?metric"), "headline"),
    (
        re.compile(rf"progress (?:towards|against|to|for) (?:the )?{_PLAN} plan"),
        "progress",
    ),
    (
        re.compile(rf"target status (?:towards|against|to|for) (?:the )?{_PLAN} plan"),
        "target_status",
    ),
)

_PERIOD_COLUMN = re.compile(
    r"(?P<year>\d{4}-\d{2,4})\b(?P<rest>.*?)\b(?P<field>value|scope|date)"
)
# A period's verdict or target: "2017/18 half year progress", "2016/17 end of year
# target", "2017/18 half year target status" (the older layout's half-year files).
_FACT_FIELD = r"(?P<field>target status|targets?|progress)"
_PERIOD_FACTS = (
    re.compile(rf"(?P<year>\d{{4}}-\d{{2,4}})\b[a-z ]*?\b{_FACT_FIELD}"),
    # "Target 2019-20", "Progress for 2019/20 half year"
    re.compile(rf"{_FACT_FIELD} (?:for |in |at )?(?P<year>\d{{4}}-\d{{2,4}})\b[a-z ]*"),
)
_PERIOD_FACT_FIELDS = {
    "progress": "progress",
    "target": "target",
    "targets": "target",
    "target status": "target_status",
}
# LG Inform's metric ID, however it is spelled: "LGInformPlus Metric ID", "LG Inform
# Plus ID", "LG Inform metric id", "LGInform+ ID", "LG Inform code".
_LG_INFORM = re.compile(
    r"lg ?inform ?(?:plus|\+)? ?(?:metric |indicator )?(?:ids?|numbers?|no\.?|codes?|"
    r"ref(?:erence)?s?)"
)

PLACE = "place"
COMPARATOR = "comparator"
NATIONAL = "national"
SERIES = (PLACE, COMPARATOR, NATIONAL)
# The tidy format's other places' figures (benchmarking): not a council series.
MEMBER = "member"


@dataclass(frozen=True)
class CouncilColumn:
    """What one council column holds.

    `role` is a simple field ("name", "unit", "target", "lg_inform_id" …), "plan"
    (with `plan`, which is None in the older layout, and `field`), "period" (with
    `series`, `period` and `field`: value, scope or date) or "period_fact" (a
    period's own verdict or target column, with `period` and `field`: progress,
    target or target_status). Unrecognised columns have role "unknown".
    """

    index: int
    header: str
    role: str
    field: str = ""
    plan: str | None = None
    series: str = ""
    period: str = ""


def classify_council_column(index: int, header: str) -> CouncilColumn:
    """Recognise one council column from its header."""
    folded = fold_header(header)
    simple = _SIMPLE_FIELDS.get(folded)
    if simple is not None:
        if simple.startswith("plan:"):
            return CouncilColumn(index, header, "plan", field=simple[5:])
        return CouncilColumn(index, header, simple)
    for pattern, field in _PLAN_FIELDS:
        match = pattern.fullmatch(folded)
        if match is not None:
            period = plan_period(match["plan"])
            if period is not None:
                return CouncilColumn(index, header, "plan", field=field, plan=period)
    if _LG_INFORM.fullmatch(folded):
        return CouncilColumn(index, header, "lg_inform_id")
    fact = _period_fact(index, header, folded)
    if fact is not None:
        return fact
    match = _PERIOD_COLUMN.fullmatch(folded)
    if match is not None:
        words = set(match["rest"].split())
        series = (
            NATIONAL
            if words & {"national", "england", "nat"}
            else COMPARATOR
            if words & {"comparator", "comparators", "benchmark", "comparison"}
            else PLACE
        )
        try:
            column_period = period_from_column(folded)
        except ValueError:
            return CouncilColumn(index, header, "bad_period")
        return CouncilColumn(
            index,
            header,
            "period",
            field=match["field"],
            series=series,
            period=str(column_period),
        )
    if not folded:
        return CouncilColumn(index, header, "blank")
    return CouncilColumn(index, header, "unknown")


def _period_fact(index: int, header: str, folded: str) -> CouncilColumn | None:
    """A period's verdict or target column. One that names no financial year
    ("Target for 2022-30 Plan" names a plan) is not one: it is left unknown, to be
    warned about, rather than stopping the file."""
    for pattern in _PERIOD_FACTS:
        match = pattern.fullmatch(folded)
        if match is None:
            continue
        try:
            period = period_from_column(folded)
        except ValueError:
            return None
        return CouncilColumn(
            index,
            header,
            "period_fact",
            field=_PERIOD_FACT_FIELDS[match["field"]],
            period=str(period),
        )
    return None


def looks_like_council_header(cells: list[str]) -> bool:
    """A metric-name column and at least one period or plan column."""
    columns = [classify_council_column(i, c) for i, c in enumerate(cells)]
    roles = {c.role for c in columns}
    return "name" in roles and bool(roles & {"period", "plan"})


# --- tidy format ------------------------------------------------------------------

TIDY_COLUMNS: tuple[str, ...] = (
    "metric_code",
    "metric",
    "unit",
    "good_direction",
    "perspective",
    "headline",
    "priority",
    "objective",
    "period",
    "period_label",
    "data_status",
    "revision",
    "scope",
    "scope_kind",
    "breakdown",
    "breakdown_group",
    "value",
    "value_number",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "progress",
    "progress_recorded",
    "target",
    "target_status",
    # Beyond DESIGN.md's list, so that an export imports back to the same data:
    # the recorded target status (target_status is the calculated one, as
    # progress is), the plan the headline and verdict columns belong to, and the
    # metric's place in the plan's published list.
    "target_status_recorded",
    "plan",
    "sort_order",
    # The extra readings stored with the year's verdict (DESIGN.md section 3), on
    # the row of the figure that verdict is about (docs/how-to/open-data.md): the
    # recent trend of an annual series and its method; the control chart's
    # variation of a monthly or quarterly one, its assurance, and whether its
    # limits are provisional. Calculated, as progress is: never read back.
    "recent_trend",
    "recent_trend_method",
    "variation",
    "variation_assurance",
    "variation_limits_provisional",
    # Benchmarking (issue 19; docs/how-to/open-data.md). On the metric's own rows
    # (no breakdown): the group its rank is for (scorecard.benchmarking's
    # shown_group_ids), that group's version in force for the period, and the
    # stored standing's rank in words. On a member row (scope kind member, a
    # place's figure): the group and version the place is a member of, and the
    # place's ONS code, which re-creates it on import.
    "comparator_group",
    "group_version",
    "rank",
    "area_code",
)

_TIDY_ALIASES: dict[str, str] = {
    "code": "metric_code",
    "metric_name": "metric",
    "name": "metric",
    "indicator": "metric",
    "indicator_code": "metric_code",
    "direction": "good_direction",
    "value_text": "value",
    "number": "value_number",
    "label": "period_label",
    "status": "data_status",
    "group": "breakdown_group",
    "lower": "lower_ci",
    "upper": "upper_ci",
    "recorded_progress": "progress_recorded",
    "recorded_target_status": "target_status_recorded",
}


_VERSION_TEXT = re.compile(
    r"([0-9]+)\s*\(\s*from\s+([0-9]{4})\s*[-/]\s*([0-9]{2})\s*\)", re.ASCII
)


def group_version_text(number: int, from_year: str) -> str:
    """A group's version as the tidy format writes it: "2 (from 2024-25)"."""
    return f"{number} (from {from_year})"


def read_group_version(text: str) -> tuple[int, str] | None:
    """The number and first year of a version written as ``group_version_text``
    writes it ("2 (from 2024-25)", "2 (from 2024/25)"), or None."""
    match = _VERSION_TEXT.fullmatch(text.strip().casefold())
    if match is None:
        return None
    number, start, end = int(match[1]), int(match[2]), int(match[3])
    if number < 1 or (start + 1) % 100 != end:
        return None
    return number, f"{start}-{end:02d}"


def fold_tidy_header(text: str) -> str:
    """A tidy header folded to its snake_case name ("Value Number" → value_number)."""
    folded = text.replace("\ufeff", "").replace("\u00a0", " ").strip().casefold()
    folded = re.sub(r"[\s\-]+", "_", folded)
    return _TIDY_ALIASES.get(folded, folded)


def looks_like_tidy_header(cells: list[str]) -> bool:
    names = {fold_tidy_header(c) for c in cells}
    return "period" in names and bool(names & {"metric", "metric_code"})


def is_annual(period: str) -> bool:
    return Period.parse(period).frequency == "annual"
