"""How often the calculated verdicts agree with the recorded ones, and how they
differ: the figure ``assess --compare`` prints and the review page shows.

A recorded verdict is one the council published (imported with its history) or an
officer confirmed or overrode. Agreement is worked out from the stored verdicts
(never by running the engine) and from nothing else: no per-metric setting may be
derived from the recorded verdicts, so agreement can only come from the rules and
the readers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from scorecard.calculation import calculate_for_year
from scorecard.domain.periods import ANNUAL, Period
from scorecard.domain.vocabulary import TargetStatus
from scorecard.models import Metric, RecordedVerdict
from scorecard.selectors import MetricAssessment, metric_assessments
from strategies.models import Plan

PROGRESS = "progress"
TARGET_STATUS = "target status"

# Target status is compared where the council said on or off target: "no target"
# and "not available" are the absence of a verdict, not one to agree with.
TARGET_VERDICTS = frozenset({TargetStatus.ON_TARGET, TargetStatus.OFF_TARGET})


def rate(part: int, whole: int) -> int | None:
    """A whole-number percentage, or None when there is nothing to compare."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Disagreement:
    """One kind of difference: what was recorded, what the rules calculate, and
    the rows that differ that way."""

    measure: str  # PROGRESS or TARGET_STATUS
    recorded: str  # the verdict's label
    calculated: str
    rows: tuple[MetricAssessment, ...]

    @property
    def count(self) -> int:
        return len(self.rows)

    def __str__(self) -> str:
        return (
            f"{self.measure}: recorded {self.recorded.lower()}, calculated "
            f"{self.calculated.lower()}: {self.count}"
        )


@dataclass(frozen=True)
class VerdictReview:
    """Every metric with a recorded verdict for a plan's report year, assessed."""

    plan: Plan
    year: str
    rows: list[MetricAssessment]

    def headline(self) -> VerdictReview:
        """The same comparison for the year's headline metrics only."""
        return VerdictReview(
            plan=self.plan, year=self.year, rows=[r for r in self.rows if r.headline]
        )

    @property
    def differences(self) -> list[MetricAssessment]:
        return [row for row in self.rows if row.disagrees]

    def _progress_rows(self) -> list[MetricAssessment]:
        return [row for row in self.rows if row.progress_recorded is not None]

    def _target_rows(self) -> list[MetricAssessment]:
        return [
            row for row in self.rows if row.target_status_recorded in TARGET_VERDICTS
        ]

    @property
    def progress_compared(self) -> int:
        return len(self._progress_rows())

    @property
    def progress_agreeing(self) -> int:
        return sum(
            1 for r in self._progress_rows() if r.progress_recorded == r.progress
        )

    @property
    def target_status_compared(self) -> int:
        """Rows the council marked on or off target."""
        return len(self._target_rows())

    @property
    def target_status_agreeing(self) -> int:
        return sum(
            1
            for r in self._target_rows()
            if r.target_status_recorded == r.target_status
        )

    @property
    def agreeing(self) -> int:
        return len(self.rows) - len(self.differences)

    @property
    def progress_rate(self) -> int | None:
        return rate(self.progress_agreeing, self.progress_compared)

    @property
    def target_status_rate(self) -> int | None:
        return rate(self.target_status_agreeing, self.target_status_compared)

    @property
    def agreement_rate(self) -> int | None:
        return rate(self.agreeing, len(self.rows))

    @property
    def kinds(self) -> list[Disagreement]:
        """The differences grouped by what was recorded and what was calculated,
        the commonest first: an analyst accepts a kind or fixes its cause."""
        found: dict[tuple[str, str, str], list[MetricAssessment]] = defaultdict(list)
        for row in self.rows:
            recorded_progress = row.progress_recorded
            if recorded_progress is not None and recorded_progress != row.progress:
                key = (PROGRESS, recorded_progress.label, row.progress.label)
                found[key].append(row)
            recorded_status = row.target_status_recorded
            if (
                recorded_status is not None
                and recorded_status != row.target_status
                and (
                    recorded_status in TARGET_VERDICTS
                    or row.target_status in TARGET_VERDICTS
                )
            ):
                key = (TARGET_STATUS, recorded_status.label, row.target_status.label)
                found[key].append(row)
        kinds = [
            Disagreement(measure, recorded, calculated, tuple(rows))
            for (measure, recorded, calculated), rows in found.items()
        ]
        return sorted(
            kinds, key=lambda k: (-k.count, k.measure, k.recorded, k.calculated)
        )


def verdict_review(*, plan: Plan, year: str) -> VerdictReview:
    """Metrics whose verdict for the plan and year was recorded (imported, confirmed
    or overridden), each with its stored calculated verdict beside it."""
    metric_ids = (
        RecordedVerdict.objects.filter(
            plan=plan, period=year, withdrawn_at__isnull=True
        )
        .values_list("metric_id", flat=True)
        .distinct()
    )
    metrics = Metric.objects.filter(pk__in=metric_ids).order_by("code")
    rows = [
        row
        for row in metric_assessments(metrics=metrics, year=year, plan=plan)
        if row.recorded is not None
    ]
    return VerdictReview(plan=plan, year=year, rows=rows)


def as_published(review: VerdictReview) -> VerdictReview:
    """The same comparison with each row calculated on the figures as they stood
    when its verdict was recorded (for an imported verdict, when its file was
    applied): a figure revised since then changes today's calculated verdict but
    not what the council could have said. It runs the engine, so it is for
    ``assess --compare``, never a page; the pages compare the stored verdicts."""
    period = Period.parse(review.year)
    year, up_to = review.year, None
    if period.frequency != ANNUAL:
        year, up_to = str(period.year()), review.year
    by_moment: dict[dt.datetime, list[MetricAssessment]] = defaultdict(list)
    for row in review.rows:
        recorded = row.recorded
        assert recorded is not None  # verdict_review keeps recorded rows only
        run = recorded.import_run
        moment = run.applied_at if run is not None and run.applied_at else None
        by_moment[moment or recorded.recorded_at].append(row)
    rows: dict[int, MetricAssessment] = {}
    for moment, group in by_moment.items():
        calculated = calculate_for_year(
            [row.metric for row in group], year=year, up_to=up_to, as_at=moment
        )
        for row, then in zip(group, calculated, strict=True):
            rows[id(row)] = replace(
                row,
                assessment=then.assessment,
                current=then.current,
                previous=then.previous,
                target=then.target,
            )
    return replace(review, rows=[rows[id(row)] for row in review.rows])


def review_choices() -> list[tuple[Plan, list[str]]]:
    """Plans with recorded verdicts, and their years, newest first."""
    years: dict[int, set[str]] = {}
    for plan_id, period in (
        RecordedVerdict.objects.filter(plan__isnull=False, withdrawn_at__isnull=True)
        .values_list("plan_id", "period")
        .distinct()
    ):
        years.setdefault(plan_id, set()).add(period)
    plans = Plan.objects.filter(pk__in=years).order_by("-start_year", "-version")
    return [(plan, sorted(years[plan.pk], reverse=True)) for plan in plans]
