"""When a headline metric is an exception that needs a recovery plan (issue 20,
item 3). Pure: no ORM; the one place the rules live.

A metric of the report's plan and year is an exception when any rule the plan
uses holds (``RULES``; a plan may leave rules out):

- **off target**: its shown target status is off target;
- **worse twice**: its shown progress got worse in each of its last two periods
  (two consecutive "got worse" verdicts, the latest period's and the one before);
- **special cause of concern**: its SPC variation at the latest point is special
  cause, concerning;
- **forecast off track**: its year-end forecast is off track.

Each rule that holds gives a reason in words, so the report and the to-do list
say why a metric needs a plan.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from scorecard.domain.forecast import Status as ForecastStatus
from scorecard.domain.spc import Variation
from scorecard.domain.vocabulary import Progress, TargetStatus


class Rule(StrEnum):
    OFF_TARGET = "off_target"
    WORSE_TWICE = "worse_twice"
    SPECIAL_CAUSE = "special_cause"
    FORECAST_OFF_TRACK = "forecast_off_track"

    @property
    def label(self) -> str:
        return RULE_LABELS[self]


RULE_LABELS: dict[Rule, str] = {
    Rule.OFF_TARGET: "Off target",
    Rule.WORSE_TWICE: "Got worse in two periods running",
    Rule.SPECIAL_CAUSE: "Special cause variation, concerning",
    Rule.FORECAST_OFF_TRACK: "Forecast off track for the year",
}
RULES: tuple[Rule, ...] = tuple(Rule)


@dataclass(frozen=True)
class Facts:
    """What the rules read of one metric: its shown target status, its shown
    progress verdicts for its periods, as (the period's label, as shown, and the
    verdict), oldest first, ending at the latest; its
    latest SPC variation and its forecast status (None where it has none)."""

    target_status: TargetStatus | None
    progress: Sequence[tuple[str, Progress]] = ()
    variation: Variation | None = None
    forecast: ForecastStatus | None = None


@dataclass(frozen=True)
class Reason:
    rule: Rule
    words: str


def exception_reasons(
    facts: Facts, rules: Collection[Rule] = RULES
) -> tuple[Reason, ...]:
    """Every rule of ``rules`` that holds for ``facts``, with its reason, in the
    order of RULES; empty when the metric is not an exception."""
    found: list[Reason] = []
    if Rule.OFF_TARGET in rules and facts.target_status is TargetStatus.OFF_TARGET:
        found.append(Reason(Rule.OFF_TARGET, "it is off target"))
    if Rule.WORSE_TWICE in rules and len(facts.progress) >= 2:
        (before, first), (latest, second) = facts.progress[-2:]
        if first is Progress.GOT_WORSE and second is Progress.GOT_WORSE:
            found.append(
                Reason(
                    Rule.WORSE_TWICE,
                    f"it got worse in {before} and again in {latest}",
                )
            )
    if (
        Rule.SPECIAL_CAUSE in rules
        and facts.variation is Variation.SPECIAL_CAUSE_CONCERNING
    ):
        found.append(
            Reason(
                Rule.SPECIAL_CAUSE,
                "its latest figure shows special cause variation of concern",
            )
        )
    if Rule.FORECAST_OFF_TRACK in rules and facts.forecast is ForecastStatus.OFF_TRACK:
        found.append(
            Reason(Rule.FORECAST_OFF_TRACK, "its year-end forecast is off track")
        )
    return tuple(found)
