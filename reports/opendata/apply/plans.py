"""The plans, priorities and objectives a file names: found, or created."""

from __future__ import annotations

import re

from reports.opendata.apply.context import ImportContext
from reports.opendata.headers import plan_years
from reports.opendata.outcome import FileOutcome
from reports.opendata.records import Problem
from scorecard.domain.periods import Period
from strategies.models import Objective, Plan, Priority

_ENABLING_WORDS = re.compile(
    r"\b(council|councils|council's|financ\w*|resources?|enabl\w*|partner\w*|"
    r"workforce|organisation\w*)\b",
    re.IGNORECASE,
)


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


class PlanStructure:
    """Finds (or creates) plans, priorities and objectives, remembering them."""

    def __init__(self, context: ImportContext):
        self.context = context
        self.plans: dict[str, Plan] = {}
        self.covering: dict[str, Plan | None] = {}
        self.priorities: dict[tuple[int, str], Priority] = {}
        self.priority_plans: set[int] = set()
        self.objectives: dict[tuple[int, str], Objective] = {}

    def plan(self, period: str, outcome: FileOutcome) -> Plan:
        plan = self.plans.get(period)
        if plan is not None:
            return plan
        plan = Plan.objects.filter(period=period).order_by("-version").first()
        if plan is None:
            start, end = plan_years(period)
            plan = Plan(
                name="One Coventry Plan",
                period=period,
                start_year=start,
                end_year=end,
                status=Plan.Status.AGREED,
            )
            plan.full_clean()
            plan.save()
            outcome.counts["plans_created"] += 1
            self.context.created("plans", plan.pk)
        self.plans[period] = plan
        return plan

    def plan_for(
        self, key: str | None, year: str, outcome: FileOutcome, row: int
    ) -> Plan | None:
        """The plan the file names for a year, else the newest plan covering it."""
        if key is not None:
            return self.plan(key, outcome)
        if year not in self.covering:
            start = Period.parse(year).year_start
            covering = [
                p
                for p in Plan.objects.exclude(status=Plan.Status.DRAFT).order_by(
                    "-start_year", "-version"
                )
                if p.covers(start)
            ]
            self.covering[year] = covering[0] if covering else None
            if not covering:
                outcome.warn(
                    Problem(
                        outcome.name,
                        row,
                        None,
                        f"no plan covers {year} and the file names none: the "
                        f"headline, priority and verdict columns for {year} are not "
                        "recorded (name the plan with --plan or a plan column)",
                    )
                )
        return self.covering[year]

    def priority(self, plan: Plan, title: str, outcome: FileOutcome) -> Priority:
        if plan.pk not in self.priority_plans:
            self.priority_plans.add(plan.pk)
            for existing in Priority.objects.filter(plan=plan):
                self.priorities.setdefault(
                    (plan.pk, _title_key(existing.title)), existing
                )
        key = (plan.pk, _title_key(title))
        priority = self.priorities.get(key)
        if priority is None:
            order = 1 + max(
                (
                    p.sort_order
                    for (pk, _), p in self.priorities.items()
                    if pk == plan.pk
                ),
                default=0,
            )
            # The 2022-30 plan's enabling priorities are about the council itself
            # ("Continued financial sustainability of the Council"); an administrator
            # can change the kind afterwards.
            enabling = _ENABLING_WORDS.search(title)
            priority = Priority(
                plan=plan,
                title=title,
                kind=Priority.Kind.ENABLING if enabling else Priority.Kind.DELIVERY,
                sort_order=order,
            )
            priority.full_clean()
            priority.save()
            outcome.counts["priorities_created"] += 1
            self.context.created("priorities", priority.pk)
            self.priorities[key] = priority
        return priority

    def objective(
        self, priority: Priority, title: str, outcome: FileOutcome
    ) -> Objective:
        key = (priority.pk, _title_key(title))
        if key not in self.objectives:
            existing = [
                o
                for o in Objective.objects.filter(priority=priority)
                if _title_key(o.title) == key[1]
            ]
            if existing:
                self.objectives[key] = existing[0]
            else:
                order = 1 + max(
                    (o.sort_order for o in Objective.objects.filter(priority=priority)),
                    default=0,
                )
                objective = Objective(priority=priority, title=title, sort_order=order)
                objective.full_clean()
                objective.save()
                outcome.counts["objectives_created"] += 1
                self.context.created("objectives", objective.pk)
                self.objectives[key] = objective
        return self.objectives[key]
