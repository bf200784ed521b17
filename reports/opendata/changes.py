"""What an import changes in the report years' headline counts: the headline
counts (scorecard.selectors.headline_counts) of every plan and year before the
import and after it, compared.

Both are read from the stored verdicts; the import refreshes the verdicts of the
metrics it touched before the "after" is read, so a dry run, rolled back at the
end, shows exactly what applying would make of each year.
"""

from __future__ import annotations

from reports.opendata.outcome import HeadlineChange, summary_counts
from scorecard.domain.assessment import Summary
from scorecard.models import HeadlineMembership
from scorecard.selectors import headline_counts as plan_headline_counts
from strategies.models import Plan

PlanYear = tuple[int, str]


def headline_years() -> set[PlanYear]:
    """Every plan and report year with a headline list."""
    return set(
        HeadlineMembership.objects.order_by()
        .values_list("plan_id", "report_year")
        .distinct()
    )


def headline_counts(years: set[PlanYear]) -> dict[PlanYear, Summary]:
    """The headline counts of each plan and year, read from the stored verdicts
    (three queries a plan)."""
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={pk for pk, _ in years})}
    by_plan: dict[int, set[str]] = {}
    for pk, year in years:
        if pk in plans:
            by_plan.setdefault(pk, set()).add(year)
    return {
        (pk, year): summary
        for pk, plan_years in by_plan.items()
        for year, summary in plan_headline_counts(
            plan=plans[pk], years=plan_years
        ).items()
    }


def headline_changes(before: dict[PlanYear, Summary]) -> list[HeadlineChange]:
    """The years whose counts differ now from ``before`` (taken with
    headline_counts), oldest plan and year first."""
    after = headline_counts(set(before) | headline_years())
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={pk for pk, _ in after})}
    changes = []
    for key in sorted(
        set(before) | set(after),
        key=lambda k: (plans[k[0]].period, k[1]) if k[0] in plans else ("", k[1]),
    ):
        old, new = before.get(key), after.get(key)
        if old == new or key[0] not in plans:
            continue
        plan = plans[key[0]]
        changes.append(
            HeadlineChange(
                plan=f"{plan.name} {plan.period}",
                year=key[1],
                before=summary_counts(old) if old and old.total else None,
                after=summary_counts(new) if new and new.total else None,
            )
        )
    return changes
